"""The database refuses writes: signing in, saving the profile and recommendation feedback get a translated 503
page (with Retry-After), reading pages still works, and nothing is half-saved.

Two ways to make the database read-only: a simulated one on every database (each INSERT, UPDATE or DELETE raises
the error SQLite gives for a read-only file), and on PostgreSQL the real thing (`default_transaction_read_only`).
"""

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from directory.models import OrganisationDescription
from recommendations.models import RecommendationFeedback, StoredRecommendation
from techland import faults

from .conftest import PASSWORD

MESSAGES = {
    "en": "TECH.LAND is in read-only mode",
    "nl": "TECH.LAND is tijdelijk alleen-lezen",
    "de": "TECH.LAND ist gerade schreibgeschützt",
}
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _refuse_writes(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith(WRITES):
        raise OperationalError("attempt to write a readonly database")
    return execute(sql, params, many, context)


class ReadOnly:
    """Switches the database to read-only; `kind` says how."""

    def __init__(self, kind):
        self.kind = kind
        self._wrapper = None

    def __enter__(self):
        if self.kind == "simulated":
            self._wrapper = connection.execute_wrapper(_refuse_writes)
            self._wrapper.__enter__()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET default_transaction_read_only = on")
        return self

    def __exit__(self, *exc):
        if self._wrapper is not None:
            self._wrapper.__exit__(*exc)
        else:
            connection.rollback() if not connection.get_autocommit() else None
            with connection.cursor() as cursor:
                cursor.execute("SET default_transaction_read_only = off")


def _kinds():
    return [
        "simulated",
        pytest.param("postgresql", marks=pytest.mark.django_db(transaction=True, serialized_rollback=True)),
    ]


@pytest.fixture(params=_kinds())
def read_only(request):
    if request.param == "postgresql":
        if connection.vendor != "postgresql":
            pytest.skip("a real read-only transaction needs PostgreSQL")
    else:
        request.getfixturevalue("db")
    return ReadOnly(request.param)


def _assert_read_only_page(response, language):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert MESSAGES[language] in page
    assert "<html" in page  # the site's page, with its navigation


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_sign_in_explains_that_the_site_is_read_only(client, member, read_only, language):
    with read_only:
        response = client.post(f"/{language}/members/sign-in/", {"username": member.email, "password": PASSWORD})
    _assert_read_only_page(response, language)
    member.refresh_from_db()
    assert member.last_login is None


def test_a_failed_sign_in_too(client, member, read_only):
    with read_only:
        response = client.post("/nl/members/sign-in/", {"username": member.email, "password": "wrong"})
    _assert_read_only_page(response, "nl")


def _profile_post(description: str) -> dict:
    data = {"clusters": ["battery_hydrogen"], "languages": ["nl", "en"]}
    for prefix, total in (("descriptions", 1), ("items", 0)):
        data |= {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
        data |= {f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    data |= {"descriptions-0-language": "en", "descriptions-0-text": description}
    return data


def test_profile_save_explains_and_saves_nothing(client, member, read_only, log_records):
    client.force_login(member, backend="members.backends.EmailBackend")
    with read_only:
        response = client.post("/de/members/profile/", _profile_post("We build electrolysers (example)."))
    _assert_read_only_page(response, "de")
    assert not OrganisationDescription.objects.filter(text__contains="electrolysers").exists()
    assert any("read-only" in message for message in log_records.messages())


def test_recommendation_feedback_explains(client, member, organisations, read_only):
    # (a member's first organisation may already have recommendations computed after the commit)
    StoredRecommendation.objects.get_or_create(
        organisation=organisations[0], candidate=organisations[1], defaults={"rank": 1, "score": 0.5}
    )
    client.force_login(member, backend="members.backends.EmailBackend")
    with read_only:
        response = client.post(f"/en/members/recommendations/{organisations[1].pk}/feedback/", {"action": "dismiss"})
    _assert_read_only_page(response, "en")
    assert not RecommendationFeedback.objects.exists()


def test_reading_still_works(client, organisations, read_only, request):
    if read_only.kind == "simulated":
        request.getfixturevalue("home_page")
    else:  # a transactional test starts without the rows Wagtail's migrations create (locales, page tree)
        from wagtail.models import Locale

        for code in ("en", "nl", "de"):
            Locale.objects.get_or_create(language_code=code)
    with read_only:
        if read_only.kind == "simulated":
            assert client.get("/en/").status_code == 200
        assert client.get("/nl/directory/").status_code == 200
        assert client.get(f"/de/directory/{organisations[0].slug}/").status_code == 200


def test_the_public_api_answers_without_counting(client, organisations, read_only, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "public_api": (1, 60)}
    with read_only:
        for _ in range(3):  # beyond the limit: nothing can be counted, so nothing is refused
            response = client.get("/api/directory/organisations/", {"country": "NL"})
            assert response.status_code == 200
            assert response.json()["count"] >= 1
    from members.models import ThrottleCounter

    assert not ThrottleCounter.objects.filter(scope="public_api").exists()


def test_json_clients_get_json(client, member, read_only):
    with read_only:
        response = client.post(
            "/en/members/sign-in/",
            {"username": member.email, "password": PASSWORD},
            headers={"Accept": "application/json"},
        )
    assert response.status_code == 503
    assert MESSAGES["en"] in response.json()["errors"]["service"][0]


def test_a_fault_in_another_middleware_is_answered_too(db):
    """An error after the view (the session middleware saving the session) reaches Django as a 500 response;
    the request was marked through got_request_exception, and the middleware replaces that 500."""
    from django.core.handlers.exception import response_for_exception

    request = RequestFactory().post("/nl/members/sign-in/")
    request.LANGUAGE_CODE = "nl"

    def failing_session_save(request):
        try:
            raise OperationalError("cannot execute UPDATE in a read-only transaction")
        except OperationalError as error:
            return response_for_exception(request, error)

    response = faults.FaultMiddleware(failing_session_save)(request)
    assert response.status_code == 503
    assert MESSAGES["nl"] in response.content.decode()


@pytest.mark.parametrize(
    ("error", "fault"),
    [
        (OperationalError("attempt to write a readonly database"), faults.READ_ONLY),
        (OperationalError("cannot execute INSERT in a read-only transaction"), faults.READ_ONLY),
        (OperationalError("database is locked"), None),
        (OSError(28, "No space left on device"), faults.DISK_FULL),
        (OSError(13, "Permission denied"), None),
        (ValueError("read-only"), None),
    ],
)
def test_classify(error, fault):
    assert faults.classify(error) == fault
