"""Password reset requests and the public JSON APIs are rate limited in the database, so every worker process
(every database connection) sees the same counts."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone

from members.models import ThrottleCounter

RESET = "/en/members/password/reset/"


@pytest.fixture
def rates(settings):
    settings.THROTTLE_RATES = {
        "password_reset_email": (3, 3600),
        "password_reset_ip": (5, 3600),
        "public_api": (4, 60),
    }
    return settings.THROTTLE_RATES


@pytest.mark.django_db
def test_password_reset_is_limited_per_address(rates, world):
    member = world.users["member"]
    mail.outbox.clear()
    statuses = [
        Client().post(RESET, {"email": member.email}, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert [message.to for message in mail.outbox] == [[member.email]] * 3
    # Another spelling of the same address counts for the same address.
    response = Client().post(RESET, {"email": member.email.upper()}, REMOTE_ADDR="198.51.100.99")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many password reset requests" in response.content.decode()
    # The same client may still ask for another address.
    assert Client().post(RESET, {"email": "someone@else.example"}, REMOTE_ADDR="198.51.100.1").status_code == 302
    # No address is stored in the clear.
    assert not ThrottleCounter.objects.filter(key__icontains="@").exists()


@pytest.mark.django_db
def test_password_reset_is_limited_per_client_address_and_translated(rates, world):
    client = Client()
    for n in range(5):
        assert client.post(RESET, {"email": f"unknown{n}@example.org"}, REMOTE_ADDR="203.0.113.5").status_code == 302
    response = client.post("/nl/members/password/reset/", {"email": "x@example.org"}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "Te veel aanvragen" in response.content.decode()
    response = client.post("/de/members/password/reset/", {"email": "y@example.org"}, REMOTE_ADDR="203.0.113.5")
    assert "Zu viele Anfragen" in response.content.decode()
    assert Client().post(RESET, {"email": "z@example.org"}, REMOTE_ADDR="203.0.113.6").status_code == 302


@pytest.mark.django_db
def test_password_reset_limit_ends_with_the_window(rates, world):
    for _ in range(3):
        Client().post(RESET, {"email": "a@example.org"})
    assert Client().post(RESET, {"email": "a@example.org"}).status_code == 429
    ThrottleCounter.objects.update(window_start=timezone.now() - timedelta(hours=2))
    assert Client().post(RESET, {"email": "a@example.org"}).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/directory/organisations/", "/api/v2/pages/"])
def test_public_apis_answer_429_with_retry_after_per_client_address(rates, world, url):
    client = Client()
    assert [client.get(url, REMOTE_ADDR="192.0.2.10").status_code for _ in range(4)] == [200] * 4
    response = client.get(url, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["retry_after"] == int(response["Retry-After"])
    # Another client is not affected; pages are not limited.
    assert client.get(url, REMOTE_ADDR="192.0.2.11").status_code == 200
    assert client.get("/en/", REMOTE_ADDR="192.0.2.10").status_code == 200


# Transactional, so that the second connection sees the committed counts.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_limit_is_shared_by_two_database_connections(rates):
    """Requests served through a second database connection (as another worker process would) see the count."""
    for _ in range(3):
        assert Client().get("/api/directory/concepts/", REMOTE_ADDR="192.0.2.20").status_code == 200
    results = {}
    main_connection = connections["default"]

    def other_worker():
        worker_connection = connections["default"]
        try:
            results["same_connection"] = worker_connection is main_connection
            statuses = [
                Client().get("/api/directory/concepts/", REMOTE_ADDR="192.0.2.20").status_code for _ in range(2)
            ]
            results["statuses"] = statuses
        finally:
            worker_connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join(timeout=60)
    assert results["same_connection"] is False
    assert results["statuses"] == [200, 429]
    # And back in the first connection, the client stays refused.
    assert Client().get("/api/directory/concepts/", REMOTE_ADDR="192.0.2.20").status_code == 429
