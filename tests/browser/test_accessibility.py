"""axe-core on every public template in en, nl and de, and on the member pages: no serious or critical violation.

Each page's full axe report (every impact) is written to ci-artefacts/axe/<template>-<lang>.json.
"""

import json
import urllib.request
from functools import cache
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_run, describe_violations, sign_in_member

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "nl", "de"]


@cache
def _page_url(base_url: str, lang: str, page_type: str) -> str:
    """The path of the first live page of a type in a language, from the site's own pages API."""
    query = f"{base_url}/api/v2/pages/?locale={lang}&type={page_type}&limit=1&fields=html_url"
    with urllib.request.urlopen(query, timeout=20) as response:  # noqa: S310 - the test server on loopback
        items = json.load(response)["items"]
    assert items, f"no live {page_type} in {lang}"
    return urlsplit(items[0]["meta"]["html_url"]).path  # the API names the Wagtail site's host, not the test server


def _first_organisation(page, lang: str) -> str:
    page.goto(f"/{lang}/directory/")
    return page.locator(".org-list a[href*='/directory/']").first.get_attribute("href")


PUBLIC_PAGES = {
    "home": lambda page, base, lang: f"/{lang}/",
    "cluster-index": lambda page, base, lang: _page_url(base, lang, "content.ClusterIndexPage"),
    "cluster-page": lambda page, base, lang: _page_url(base, lang, "content.ClusterPage"),
    "news-index": lambda page, base, lang: _page_url(base, lang, "content.NewsIndexPage"),
    "news-page": lambda page, base, lang: _page_url(base, lang, "content.NewsPage"),
    "story-index": lambda page, base, lang: _page_url(base, lang, "content.SuccessStoryIndexPage"),
    "story-page": lambda page, base, lang: _page_url(base, lang, "content.SuccessStoryPage"),
    "standard-page": lambda page, base, lang: _page_url(base, lang, "content.StandardPage"),
    "directory": lambda page, base, lang: f"/{lang}/directory/?cluster=health_medtech",
    "directory-no-results": lambda page, base, lang: f"/{lang}/directory/?q=qqxqqxzzv&country=DE",
    "organisation": lambda page, base, lang: _first_organisation(page, lang),
    "map": lambda page, base, lang: f"/{lang}/directory/map/",
    "site-search": lambda page, base, lang: f"/{lang}/search/?q=hydrogen",
    "not-found": lambda page, base, lang: f"/{lang}/no-such-page-here/",
    "sign-in": lambda page, base, lang: f"/{lang}/members/sign-in/",
    "password-reset": lambda page, base, lang: f"/{lang}/members/password/reset/",
    "insights": lambda page, base, lang: f"/{lang}/insights/",
    "insights-cluster": lambda page, base, lang: f"/{lang}/insights/battery_hydrogen/?concept=hydrogen",
}
EXPECTED_STATUS = {"not-found": 404}

MEMBER_PAGES = {
    "member-overview": "/{lang}/members/",
    "member-profile": "/{lang}/members/profile/",
    "member-team": "/{lang}/members/team/",
    "member-saved": "/{lang}/members/recommendations/saved/",
    "member-introductions": "/{lang}/members/recommendations/introductions/",
    "member-claim": "/{lang}/members/claim/?q=univers",
}


def _check(page, axe_script, name: str) -> None:
    page.wait_for_load_state("load")
    blocking = axe_run(page, axe_script, name)
    assert not blocking, f"{page.url}\n{describe_violations(blocking)}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("template", PUBLIC_PAGES)
def test_public_template_has_no_serious_violations(axe_script, site, page, template, lang):
    path = PUBLIC_PAGES[template](page, site.url, lang)
    response = page.goto(path)
    if template.startswith("insights") and response.status == 404:
        pytest.skip("/insights/ has no pages yet")
    assert response.status == EXPECTED_STATUS.get(template, 200), f"{path}: {response.status}"
    assert page.locator("html").get_attribute("lang") == lang
    _check(page, axe_script, f"{template}-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("template", MEMBER_PAGES)
def test_member_page_has_no_serious_violations(axe_script, site, page, template, lang):
    sign_in_member(page, site, lang)
    path = MEMBER_PAGES[template].format(lang=lang)
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    assert "/sign-in/" not in page.url
    _check(page, axe_script, f"{template}-{lang}")
