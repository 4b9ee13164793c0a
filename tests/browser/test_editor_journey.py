"""An editor writes a news item and submits it; a moderator publishes it; the Dutch translation is made in
wagtail-localize's translation editor and published. Editors and moderators each use their own browser."""

import json
import re
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot, sign_in_admin

pytestmark = pytest.mark.browser


def _api(site, query: str) -> list[dict]:
    with urllib.request.urlopen(f"{site.url}/api/v2/pages/?{query}", timeout=20) as response:  # noqa: S310 - loopback
        return json.load(response)["items"]


def test_news_item_from_draft_to_published_dutch_translation(site, playwright_browser):
    news_index = _api(site, "locale=en&type=content.NewsIndexPage")[0]
    title = f"Border region robotics meet-up announced ({int(time.time())})"
    dutch_title = "Robotica-bijeenkomst in de grensregio aangekondigd"
    dutch_slug = "robotica-bijeenkomst-grensregio"
    dutch_summary = "Bedrijven uit Twente en het Münsterland maken kennis met elkaar (voorbeeld)."

    editor_context = playwright_browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    moderator_context = playwright_browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    try:
        editor = editor_context.new_page()
        moderator = moderator_context.new_page()
        sign_in_admin(editor, site, "editor")
        sign_in_admin(moderator, site, "moderator")

        # The editor writes the item and submits it: editors cannot publish.
        editor.goto(f"/admin/pages/{news_index['id']}/add_subpage/")
        editor.wait_for_url(re.compile(r"/admin/pages/add/content/newspage/"))
        editor.fill("#id_title", title)
        editor.fill("#id_intro", "Companies from Twente and the Münsterland get to know each other (example).")
        expect(editor.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
        editor.get_by_role("button", name="More actions").click()
        editor.get_by_role("button", name="Submit to Moderation").click()
        message = editor.locator(".messages")
        expect(message).to_contain_text("submitted for moderation")
        edit_href = message.get_by_role("link", name="Edit").get_attribute("href")
        page_id = int(re.search(r"/admin/pages/(\d+)/edit/", edit_href).group(1))
        live_ids = {item["id"] for item in _api(site, "locale=en&type=content.NewsPage&limit=20")}
        assert page_id not in live_ids, "the item is live before a moderator approved it"

        # The moderator finds it awaiting review on the dashboard, approves and publishes it.
        moderator.goto("/admin/")
        moderator.get_by_role("link", name=title).first.click()
        moderator.wait_for_url(re.compile(rf"/admin/pages/{page_id}/edit/"))
        moderator.get_by_role("button", name="More actions").click()
        moderator.get_by_role("button", name="Approve and Publish", exact=True).click()
        expect(moderator.locator(".messages")).to_contain_text(title)
        live = {item["id"]: item for item in _api(site, "locale=en&type=content.NewsPage&limit=20")}
        assert page_id in live, "the approved item is not live"
        public = editor_context.new_page()
        response = public.goto(re.sub(r"^https?://[^/]+", "", live[page_id]["meta"]["html_url"]))
        assert response.status == 200
        expect(public.locator("h1")).to_have_text(title)

        # The editor has it translated into Dutch with wagtail-localize; the translation starts as a draft.
        editor.goto(f"/admin/localize/submit/page/{page_id}/")
        editor.get_by_label("Dutch").check()
        editor.locator("main form input[type=submit]").click()
        editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
        dutch_id = int(re.search(r"/admin/pages/(\d+)/edit/", editor.url).group(1))
        assert dutch_id != page_id
        expect(editor.locator(".messages")).to_contain_text("submitted for translation into Dutch")
        for tab, text in (("Content", dutch_title), ("Content", dutch_summary), ("Promote", dutch_slug)):
            editor.get_by_role("tab", name=tab).click()
            editor.get_by_role("button", name="Translate", exact=True).first.click()
            editor.locator("textarea").first.fill(text)
            editor.get_by_role("button", name="Save", exact=True).first.click()
            expect(editor.locator("main")).to_contain_text(text)
        for tab in ("Content", "Promote"):
            editor.get_by_role("tab", name=tab).click()
            expect(editor.get_by_role("button", name="Translate", exact=True)).to_have_count(0)
        expect(editor.get_by_role("button", name=re.compile("^Publish"))).to_have_count(0)
        assert all(item["id"] != dutch_id for item in _api(site, "locale=nl&type=content.NewsPage&limit=20"))

        # The moderator publishes the Dutch translation.
        moderator.goto(f"/admin/pages/{dutch_id}/edit/")
        expect(moderator.locator("main")).to_contain_text(dutch_title)
        moderator.get_by_role("button", name="Publish in Dutch").click()
        expect(moderator.locator(".messages")).to_contain_text(f"Published '{dutch_title}' in Dutch")
        expect(moderator.locator(".messages")).not_to_contain_text("missing translations")
        dutch = {item["id"]: item for item in _api(site, "locale=nl&type=content.NewsPage&limit=20")}
        assert dutch_id in dutch, "the Dutch translation is not live"

        # Visitors read it in Dutch, linked from the English item through the language switcher.
        public.goto(re.sub(r"^https?://[^/]+", "", live[page_id]["meta"]["html_url"]))
        public.locator(".language-switcher a[hreflang=nl]").click()
        public.wait_for_url(re.compile(rf"/nl/.+/{dutch_slug}/$"))
        expect(public.locator("h1")).to_have_text(dutch_title)
        expect(public.locator("main")).to_contain_text(dutch_summary)
        assert public.locator("html").get_attribute("lang") == "nl"
        save_screenshot(public, "editor-dutch-news-published-nl")
    finally:
        editor_context.close()
        moderator_context.close()
