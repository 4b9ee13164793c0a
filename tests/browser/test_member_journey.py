"""A member signs in, edits the profile, reads the recommendation panel, dismisses one match and asks for an
introduction to another; a facilitator of a support organisation accepts it in the admin queue."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot, sign_in_admin, sign_in_member

pytestmark = pytest.mark.browser

DESCRIPTION = (
    "Example description: we test PEM electrolyser stacks and look for partners across the border "
    "to scale up hydrogen storage."
)

REQUEST = "Partner to test hydrogen storage materials in a pilot plant (example)."


def test_member_profile_recommendations_and_introduction_accepted(site, playwright_browser):
    member_context = playwright_browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    facilitator_context = playwright_browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    try:
        member = member_context.new_page()
        sign_in_member(member, site, "en")
        member.wait_for_url(re.compile(r"/en/members/$"))

        # Edit the profile: a description in English, the hydrogen cluster and a new request.
        member.get_by_role("link", name="Edit the profile").first.click()
        member.wait_for_url(re.compile(r"/en/members/profile/$"))
        member.locator("#descriptions select").first.select_option("en")
        member.locator("#descriptions textarea").first.fill(DESCRIPTION)
        member.check("#clusters input[value=battery_hydrogen]")
        new_item = member.locator("#items .members-subform").last
        expect(new_item.locator("textarea")).to_have_value("")
        new_item.get_by_label("Type").select_option(label="Technology request")
        new_item.locator("textarea").fill(REQUEST)
        member.get_by_role("button", name="Save the profile").click()
        expect(member.get_by_text("Your profile has been saved.")).to_be_visible()
        member.reload()
        expect(member.locator("#descriptions textarea").first).to_have_value(DESCRIPTION)
        expect(member.locator("#clusters input[value=battery_hydrogen]")).to_be_checked()
        expect(member.locator(f"#items textarea:text-is('{REQUEST}')")).to_have_count(1)

        # The recommendation panel on the overview, with reasons.
        member.goto("/en/members/")
        panel = member.locator("#recommendations")
        expect(panel.get_by_role("heading", name="Partner recommendations")).to_be_visible()
        cards = panel.locator("li.recommendation")
        expect(cards.first).to_be_visible()
        assert cards.count() >= 2, "too few recommendations to dismiss one and ask for another"
        expect(cards.first.locator(".recommendation-reasons li").first).to_be_visible()

        # Dismiss the first match: it leaves the panel.
        dismissed = cards.first.get_attribute("data-organisation")
        cards.first.get_by_role("button", name="Not interested").click()
        member.wait_for_load_state()
        expect(member.locator(f"#recommendations li.recommendation[data-organisation='{dismissed}']")).to_have_count(0)

        # Ask for an introduction to the (new) first match.
        card = member.locator("#recommendations li.recommendation").first
        candidate_id = card.get_attribute("data-organisation")
        candidate_name = card.locator("h3").inner_text().strip()
        card.locator("summary", has_text="Ask for an introduction").click()
        card.locator("textarea").fill("We would like to talk about a joint pilot (example).")
        card.get_by_role("button", name="Send the request to a facilitator").click()
        member.wait_for_load_state()
        card = member.locator(f"#recommendations li.recommendation[data-organisation='{candidate_id}']")
        expect(card.locator("[data-introduction=requested]")).to_be_visible()

        # A facilitator finds it in the admin queue and accepts it.
        facilitator = facilitator_context.new_page()
        sign_in_admin(facilitator, site, "facilitator")
        facilitator.goto("/admin/recommendations_introductions/")
        row = facilitator.locator("table tbody tr", has_text=candidate_name).first
        expect(row).to_contain_text("Requested")
        row.get_by_role("link").first.click()
        facilitator.wait_for_url(re.compile(r"/admin/recommendations_introductions/edit/\d+/"))
        expect(facilitator.locator("main")).to_contain_text(candidate_name)
        facilitator.get_by_label("Accept and introduce them").check()
        facilitator.get_by_label("Note").fill("Both of you work on electrolysis; I am happy to introduce you.")
        facilitator.get_by_role("button", name="Save the decision and send the e-mails").click()
        expect(facilitator.locator(".messages")).to_contain_text("both have been e-mailed")
        expect(facilitator.locator("table tbody tr", has_text=candidate_name).first).to_contain_text("Accepted")
        assert any(candidate_name in path.read_text(errors="replace") for path in site.mail_files()), (
            "no e-mail names the organisation to meet"
        )

        # The member sees the accepted introduction.
        member.goto("/en/members/recommendations/introductions/")
        expect(member.locator("main")).to_contain_text(candidate_name)
        expect(member.locator("main")).to_contain_text("Accepted")
        save_screenshot(member, "member-introduction-accepted-en")
        save_screenshot(facilitator, "facilitator-introduction-queue")
    finally:
        member_context.close()
        facilitator_context.close()


def test_member_saves_profile_without_adding_an_offer_or_need(site, page):
    sign_in_member(page, site, "en")
    page.goto("/en/members/profile/")
    page.locator("#descriptions textarea").first.fill(DESCRIPTION + " Updated.")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
