"""The page cache: anonymous visitors get stored copies of Wagtail pages and directory pages; nothing personal is
stored; publishing or editing content drops every copy."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_visit_is_served_from_the_cache(client, home_page):
    first = client.get("/en/")
    second = client.get("/en/")
    assert first.status_code == second.status_code == 200
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # headers of the outer middleware are added to every answer, cached or not
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == first["X-Frame-Options"]


def test_each_language_has_its_own_copy(client, home_page):
    client.get("/en/")
    dutch = client.get("/nl/")
    assert dutch["X-Page-Cache"] == "miss"
    assert 'lang="nl"' in dutch.content.decode()
    assert client.get("/nl/")["X-Page-Cache"] == "hit"


def test_signed_in_visitors_are_never_served_or_stored(client, home_page):
    user = get_user_model().objects.create_user(username="anna", email="anna@example.org", password="x")
    client.force_login(user)
    assert "X-Page-Cache" not in client.get("/en/")
    assert "X-Page-Cache" not in client.get("/en/")
    client.logout()
    client.cookies.clear()
    assert client.get("/en/")["X-Page-Cache"] == "miss"


def test_query_strings_and_other_views_are_not_cached(client, home_page):
    assert "X-Page-Cache" not in client.get("/en/", {"utm_source": "x"})
    assert "X-Page-Cache" not in client.get("/en/search/", {"q": "hydrogen"})
    assert "X-Page-Cache" not in client.get("/en/members/sign-in/")
    assert "X-Page-Cache" not in client.get("/en/directory/", {"q": "x" * 400})


def test_directory_searches_are_cached_per_query_and_dropped_on_changes(client, home_page):
    from directory.models import Organisation

    organisation = Organisation.objects.create(
        name="Twente Hydrogen Lab (example)", slug="twente-hydrogen-lab", country="NL", is_public=True
    )
    search = {"country": "NL", "q": "Twente"}
    assert client.get("/en/directory/", search)["X-Page-Cache"] == "miss"
    assert client.get("/en/directory/", search)["X-Page-Cache"] == "hit"
    assert client.get("/en/directory/", {"country": "DE"})["X-Page-Cache"] == "miss"
    assert client.get("/en/directory/twente-hydrogen-lab/")["X-Page-Cache"] == "miss"
    assert client.get("/en/directory/twente-hydrogen-lab/")["X-Page-Cache"] == "hit"
    client.get("/en/directory/", {"country": "XX"})
    assert client.get("/en/directory/", {"country": "XX"})["X-Page-Cache"] == "miss"  # a 400 is never stored
    organisation.name = "Twente Hydrogen Laboratory (example)"
    organisation.save()
    assert client.get("/en/directory/", search)["X-Page-Cache"] == "miss"
    assert "Laboratory" in client.get("/en/directory/twente-hydrogen-lab/").content.decode()


def test_a_pending_message_bypasses_the_cache(client, home_page):
    client.get("/en/")
    client.cookies["messages"] = "pending"
    assert "X-Page-Cache" not in client.get("/en/")


def test_publishing_drops_the_copies(client, home_page, run_on_commit):
    client.get("/en/")
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    home_page.title = "Cross-border innovation, renewed"
    if hasattr(home_page, "hero_title"):
        home_page.hero_title = "Cross-border innovation, renewed"
    with run_on_commit():
        home_page.save_revision().publish()
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "miss"


def test_editing_a_snippet_drops_the_copies(client, home_page):
    from content.models.snippets import Navigation

    client.get("/en/")
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    navigation = Navigation.objects.first() or Navigation(locale=home_page.locale)
    navigation.save()
    assert client.get("/en/")["X-Page-Cache"] == "miss"


def test_responses_that_set_cookies_or_are_private_are_not_stored(rf):
    from django.http import HttpResponse

    from techland.cache import _storable

    request = rf.get("/en/")
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("csrftoken", "abc")
    private = HttpResponse("x", headers={"Cache-Control": "private"})
    assert not _storable(request, with_cookie)
    assert not _storable(request, private)
    assert not _storable(request, HttpResponse("x", status=404))
    assert _storable(request, HttpResponse("x"))
    request._csp_nonce = "abc"
    assert not _storable(request, HttpResponse("x"))


def test_off_when_the_setting_is_zero(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert "X-Page-Cache" not in client.get("/en/")
