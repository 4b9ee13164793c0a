import re

import pytest
from django.test import override_settings
from django.urls import path

from techland import urls as site_urls


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_home_page_is_served_in_each_language(client, home_page, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    expected_heading = {
        "en": "Cross-border innovation in the Dutch–German border region",
        "nl": "Grensoverschrijdende innovatie in de Nederlands-Duitse grensregio",
        "de": "Grenzüberschreitende Innovation in der deutsch-niederländischen Grenzregion",
    }[language]
    assert expected_heading in html


def test_bare_root_redirects_to_a_language_prefix(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    assert response["Location"] == "/de/"


def test_head_lists_hreflang_alternates_for_every_translation(client, home_page):
    html = client.get("/nl/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
    assert alternates == {
        "en": "http://testserver/en/",
        "x-default": "http://testserver/en/",
        "nl": "http://testserver/nl/",
        "de": "http://testserver/de/",
    }


def test_language_switcher_links_to_the_translation_of_the_current_page(client, home_page):
    from wagtail.models import Locale

    from content.models import HomePage

    child = home_page.add_child(instance=HomePage(title="Child only in English", slug="english-only"))
    child.save_revision().publish()
    html = client.get("/en/english-only/").content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    # No Dutch translation yet: the switcher leads to the Dutch home page.
    assert 'href="/nl/" hreflang="nl"' in switcher
    dutch = child.copy_for_translation(Locale.objects.get(language_code="nl"))
    dutch.save_revision().publish()
    html = client.get("/en/english-only/").content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    assert f'href="{dutch.url}" hreflang="nl"' in switcher
    assert dutch.url.startswith("/nl/")


def test_language_switcher_marks_the_current_language(client, home_page):
    html = client.get("/de/").content.decode()
    assert '<span aria-current="true" lang="de" title="Deutsch">DE</span>' in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Page not found"), ("nl", "Pagina niet gevonden"), ("de", "Seite nicht gefunden")],
)
def test_not_found_page_is_translated_and_in_the_site_design(client, home_page, language, heading):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html


def _boom(request):
    raise RuntimeError("deliberate failure")


urlpatterns = [path("<str:lang>/boom/", _boom), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Server error"), ("nl", "Serverfout"), ("de", "Serverfehler")]
)
@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_is_translated(client, home_page, language, heading):
    client.raise_request_exception = False
    response = client.get(f"/{language}/boom/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html


def test_admin_login_is_served(client, home_page):
    response = client.get("/admin/login/")
    assert response.status_code == 200


def test_health_reports_database(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_robots_txt_keeps_crawlers_out_of_admin(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /admin/" in response.content.decode()


def test_static_files_are_served_from_the_project(client, home_page):
    html = client.get("/en/").content.decode()
    external = re.findall(r'(?:href|src)="(https?://[^"]+)"', html)
    assert [url for url in external if not url.startswith("http://testserver/")] == []


@pytest.mark.parametrize("path", ["/api/v2/pages/99999/", "/documents/99999/missing.pdf", "/api/nothing-here/"])
def test_unprefixed_areas_answer_404_without_a_language_redirect(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 404


def test_unknown_page_paths_still_redirect_to_a_language_prefix(client, home_page):
    response = client.get("/about-us/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    assert response["Location"] == "/nl/about-us/"
