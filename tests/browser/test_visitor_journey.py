"""A visitor searches the directory in Dutch, filters by cluster and country, opens a German organisation and
switches to German; and the same filters again with the keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot

pytestmark = pytest.mark.browser


def test_dutch_search_filters_german_organisation_then_german(site, page):
    page.goto("/nl/directory/")
    expect(page.locator("h1")).to_have_text("Register")

    # "waterstof" is Dutch for hydrogen: the search reads it in every language.
    page.fill("#id_q", "waterstof")
    page.press("#id_q", "Enter")
    page.wait_for_url(re.compile(r"/nl/directory/\?.*q=waterstof"))
    expect(page.locator(".org-list > li").first).to_be_visible()
    total_words_only = page.locator(".org-list > li").count()

    page.check("#facet-cluster input[value=battery_hydrogen]")
    page.check("#facet-country input[value=DE]")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(r"cluster=battery_hydrogen"))
    assert "country=DE" in page.url
    cards = page.locator(".org-list > li")
    expect(cards.first).to_be_visible()
    assert cards.count() <= total_words_only
    for index in range(cards.count()):
        expect(cards.nth(index).locator(".org-card__meta")).to_contain_text("Duitsland")
        expect(cards.nth(index).locator(".tag--battery_hydrogen")).to_be_visible()
    # The chosen filters are shown, and can be removed one by one.
    expect(page.locator(".active-filters .chip")).to_have_count(3)

    link = cards.first.locator(".org-card__name a")
    name = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/nl/directory/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("main")).to_contain_text("Duitsland")

    page.locator(".language-switcher a[hreflang=de]").click()
    page.wait_for_url(re.compile(r"/de/directory/[\w-]+/$"))
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("main")).to_contain_text("Deutschland")
    expect(page.locator(".language-switcher [aria-current]")).to_have_text("DE")
    save_screenshot(page, "visitor-german-organisation-de")


def _tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching `selector` has the focus; fail when it never does."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} was not reached with Tab")


def _focus_is_visible(page) -> bool:
    """The focused element (or its label) shows a focus indicator: an outline or a box shadow."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const candidates = [el, el.closest('label')].filter(Boolean);
            return candidates.some(node => {
                const style = getComputedStyle(node);
                const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
                return outline || (style.boxShadow && style.boxShadow !== 'none');
            });
        }"""
    )


def test_keyboard_only_through_the_directory_filters(site, page):
    page.goto("/en/directory/")
    before = page.locator("#results-heading").inner_text()

    # The skip link is the first stop and leads past the header.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert _focus_is_visible(page)

    cluster = "#facet-cluster input[value=health_medtech]"
    _tab_to(page, cluster)
    assert _focus_is_visible(page), "no visible focus on the cluster checkbox"
    page.keyboard.press("Space")
    expect(page.locator(cluster)).to_be_checked()

    country = "#facet-country input[value=NL]"
    _tab_to(page, country)
    assert _focus_is_visible(page), "no visible focus on the country checkbox"
    page.keyboard.press("Space")
    expect(page.locator(country)).to_be_checked()

    _tab_to(page, ".directory__filters button[type=submit]")
    assert _focus_is_visible(page), "no visible focus on the apply button"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"cluster=health_medtech"))
    assert "country=NL" in page.url

    after = page.locator("#results-heading").inner_text()
    assert after != before
    cards = page.locator(".org-list > li")
    expect(cards.first).to_be_visible()
    for index in range(cards.count()):
        expect(cards.nth(index).locator(".org-card__meta")).to_contain_text("Netherlands")
    expect(page.locator(cluster)).to_be_checked()

    # Removing a filter works from the keyboard too: Tab to the chip of the country and press Enter.
    _tab_to(page, ".active-filters a.chip[href*='cluster=health_medtech']:not([href*='country=NL'])")
    assert _focus_is_visible(page), "no visible focus on the filter chip"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "country=NL" not in url)
    assert "cluster=health_medtech" in page.url
    save_screenshot(page, "keyboard-directory-filters-en")
