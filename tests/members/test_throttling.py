"""Failed sign-ins are throttled per account and per client address, in the database shared by all workers."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from members import throttling
from members.models import LoginAttempt

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
SIGN_IN = "/en/members/sign-in/"


def fail(client, email, times, ip="10.0.0.1"):
    responses = []
    for _ in range(times):
        responses.append(client.post(SIGN_IN, {"username": email, "password": "wrong"}, REMOTE_ADDR=ip))
    return responses


@override_settings(MEMBERS_THROTTLE_PER_ACCOUNT=5, MEMBERS_THROTTLE_PER_ADDRESS=100)
def test_account_is_locked_after_five_failures_and_another_client_sees_it(member):
    first = Client()
    responses = fail(first, member.email, 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429

    # A second client (another worker process would share only the database) is refused, even with the
    # right password and from another address.
    second = Client()
    response = second.post(SIGN_IN, {"username": member.email.upper(), "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many failed attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@override_settings(MEMBERS_THROTTLE_PER_ACCOUNT=5, MEMBERS_THROTTLE_PER_ADDRESS=100)
def test_lockout_message_is_translated(member):
    fail(Client(), member.email, 5)
    response = Client().post("/nl/members/sign-in/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()
    response = Client().post("/de/members/sign-in/", {"username": member.email, "password": PASSWORD})
    assert "Zu viele fehlgeschlagene" in response.content.decode()


@override_settings(MEMBERS_THROTTLE_PER_ACCOUNT=5, MEMBERS_THROTTLE_PER_ADDRESS=100, MEMBERS_THROTTLE_WINDOW=900)
def test_lockout_ends_when_the_window_has_passed(client, member):
    fail(client, member.email, 5)
    LoginAttempt.objects.update(created_at=timezone.now() - timedelta(seconds=901))
    response = client.post(SIGN_IN, {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302


@override_settings(MEMBERS_THROTTLE_PER_ACCOUNT=5, MEMBERS_THROTTLE_PER_ADDRESS=100)
def test_successful_sign_in_resets_the_account_counter(client, member):
    fail(client, member.email, 4)
    assert client.post(SIGN_IN, {"username": member.email, "password": PASSWORD}).status_code == 302
    client.logout()
    assert all(r.status_code == 200 for r in fail(client, member.email, 4))


@override_settings(MEMBERS_THROTTLE_PER_ACCOUNT=50, MEMBERS_THROTTLE_PER_ADDRESS=6)
def test_client_address_is_locked_across_accounts(make_user):
    users = [make_user() for _ in range(3)]
    client = Client()
    for user in users:
        fail(client, user.email, 2, ip="192.0.2.7")
    response = Client().post(SIGN_IN, {"username": users[0].email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert "from your network" in response.content.decode()
    # Another address is not affected.
    response = Client().post(SIGN_IN, {"username": users[0].email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 302


@override_settings(MEMBERS_THROTTLE_PER_ACCOUNT=3, MEMBERS_THROTTLE_PER_ADDRESS=100)
def test_unknown_accounts_are_throttled_like_real_ones(client):
    responses = fail(client, "nobody@example.org", 3)
    assert responses[-1].status_code == 429


@override_settings(MEMBERS_THROTTLE_PER_ACCOUNT=3, MEMBERS_THROTTLE_PER_ADDRESS=100)
def test_admin_sign_in_shares_the_throttle(client, staff):
    for _ in range(3):
        client.post("/admin/login/", {"username": staff.username, "password": "wrong"})
    assert LoginAttempt.objects.filter(account=f"user:{staff.pk}", successful=False).count() == 3
    # Locked: even the right password does not sign in to the admin.
    client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})
    assert not client.get("/admin/").wsgi_request.user.is_authenticated
    # The same account is locked on the members' sign-in page too.
    assert client.post(SIGN_IN, {"username": staff.email, "password": PASSWORD}).status_code == 429


def test_attempts_while_locked_are_not_counted(client, member, settings):
    settings.MEMBERS_THROTTLE_PER_ACCOUNT = 2
    fail(client, member.email, 2)
    fail(client, member.email, 5)
    assert LoginAttempt.objects.filter(successful=False).count() == 2


def test_client_address_from_a_proxy_header(rf, settings):
    settings.MEMBERS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2", REMOTE_ADDR="127.0.0.1")
    assert throttling.client_ip(request) == "198.51.100.2"
    settings.MEMBERS_CLIENT_IP_HEADER = ""
    assert throttling.client_ip(request) == "127.0.0.1"
    assert throttling.client_ip(rf.get("/", REMOTE_ADDR="not an address")) is None


def test_control_characters_do_not_reach_the_database():
    assert throttling.account_key("a\x00b@example.org") == "name:ab@example.org"
    assert throttling.account_key("\x00\n") == ""
