"""Sign-in by e-mail address, sign-out, password reset; every page translated."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"members:{name}", kwargs=kwargs or None)


def test_member_urls_live_under_the_language_prefix():
    assert url("overview") == "/en/members/"
    assert url("sign_in", "nl") == "/nl/members/sign-in/"
    assert url("profile", "de") == "/de/members/profile/"


def test_sign_in_with_email_address_in_any_case(client, member):
    response = client.post(url("sign_in"), {"username": "ANNA@Twente-Lab.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == url("overview")
    assert client.get(url("overview")).context["user"] == member


def test_wrong_password_shows_a_form_error(client, member):
    response = client.post(url("sign_in"), {"username": member.email, "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_sign_in_page_is_translated(client):
    assert "Wachtwoord" in client.get(url("sign_in", "nl")).content.decode()
    assert "Passwort" in client.get(url("sign_in", "de")).content.decode()


def test_sign_in_redirects_to_next_but_not_off_site(client, member):
    response = client.post(
        url("sign_in") + "?next=/en/members/profile/",
        {"username": member.email, "password": PASSWORD, "next": "/en/members/profile/"},
    )
    assert response["Location"] == "/en/members/profile/"
    client.logout()
    response = client.post(
        url("sign_in"), {"username": member.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == url("overview")


def test_username_sign_in_still_works_for_the_admin(client, staff):
    assert client.login(username=staff.username, password=PASSWORD)


def test_sign_out_needs_post(client, member, signed_in):
    signed_in(member)
    response = client.get(url("sign_out"))
    assert response.status_code == 200
    assert response.context["user"].is_authenticated  # a GET only asks for confirmation
    response = client.post(url("sign_out"))
    assert response.status_code == 302
    assert not client.get(url("sign_in")).context["user"].is_authenticated


def test_password_reset_by_email(client, member):
    response = client.post(url("password_reset", "de"), {"email": "Anna@twente-lab.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Passwort" in message.subject
    link = re.search(r"https?://[^/]+(/de/members/password/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Another-good-passphrase-7", "new_password2": "Another-good-passphrase-7"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Another-good-passphrase-7")


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(url("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "", "password": ""},
        {"username": "x" * 5000, "password": "y"},
        {"username": "not-an-address", "password": "y"},
        {"username": "\x00@example.org", "password": "y"},
    ],
)
def test_malformed_sign_in_posts_never_fail(client, data):
    response = client.post(url("sign_in"), data)
    assert response.status_code in {200, 429}
