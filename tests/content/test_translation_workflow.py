"""Translating pages the way editors and agencies do it: wagtail-localize's admin views and PO files."""

import re
from urllib.parse import urlencode

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from content.models import ClusterPage, NewsPage, StandardPage, SuccessStoryPage
from tests.content.conftest import add_page_url, admin_form_data, edit_page_url, rich_text

DUTCH = {
    "Battery & Hydrogen": "Batterijen & waterstof",
    "battery-hydrogen": "batterijen-waterstof",
    "Storing and converting energy.": "Energie opslaan en omzetten.",
    "Cells, electrolysers and recycling.": "Cellen, elektrolysers en recycling.",
}


def _submit_for_translation(client, page, language_code: str) -> Translation:
    locale = Locale.objects.get(language_code=language_code)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]), {"locales": [locale.pk]}
    )
    assert response.status_code == 302, response.content[:500]
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def _translate_segments(client, translation: Translation, dictionary: dict[str, str]) -> None:
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        text = segment.string.data.replace("&amp;", "&")
        if text not in dictionary:
            continue
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        response = client.put(
            url,
            urlencode({"value": dictionary[text].replace("&", "&amp;")}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content


def _publish_translation(client, translation: Translation, run_on_commit):
    """Publish from the translation editor; wagtail-localize publishes when the transaction commits."""
    page = translation.get_target_instance()
    with run_on_commit():
        response = client.post(edit_page_url(page), {"action": "publish"})
    assert response.status_code == 302
    page.refresh_from_db()
    return page


def test_cluster_page_is_created_in_english_translated_into_dutch_and_served_at_nl(
    client, moderator, sections, run_on_commit
):
    client.force_login(moderator)
    url = add_page_url(ClusterPage, sections["clusters"])
    data = admin_form_data(
        client,
        url,
        title="Battery & Hydrogen",
        slug="battery-hydrogen",
        cluster="battery_hydrogen",
        tagline="Storing and converting energy.",
        introduction=rich_text("<p>Cells, electrolysers and recycling.</p>"),
        **{"action-publish": "action-publish"},
    )
    with run_on_commit():
        assert client.post(url, data).status_code == 302
    english = ClusterPage.objects.get(slug="battery-hydrogen", locale__language_code="en")

    with run_on_commit():
        translation = _submit_for_translation(client, english, "nl")
    # Until it is translated and published, the Dutch page is a draft: no English text appears under /nl/.
    assert not translation.get_target_instance().live
    assert client.get("/nl/clusters/battery-hydrogen/").status_code == 404
    _translate_segments(client, translation, DUTCH)
    dutch = _publish_translation(client, translation, run_on_commit)

    assert dutch.live and dutch.locale.language_code == "nl"
    assert dutch.url == "/nl/clusters/batterijen-waterstof/"
    response = client.get(dutch.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "<h1>Batterijen &amp; waterstof</h1>" in html
    assert "Cellen, elektrolysers en recycling." in html
    assert "Energie opslaan en omzetten." in html
    assert "Cells, electrolysers and recycling." not in html
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
    assert alternates == {
        "en": "http://testserver/en/clusters/battery-hydrogen/",
        "x-default": "http://testserver/en/clusters/battery-hydrogen/",
        "nl": "http://testserver/nl/clusters/batterijen-waterstof/",
    }
    # The cluster is synchronised, not translated.
    assert dutch.specific.cluster == "battery_hydrogen"


def _new_page(model, parent, **fields):
    page = parent.add_child(instance=model(**fields))
    page.save_revision().publish()
    return page


PO_PAGE_TYPES = [
    (
        ClusterPage,
        "clusters",
        {
            "title": "Circular Economy",
            "slug": "circular",
            "cluster": "circular_economy",
            "tagline": "Keeping materials in use.",
        },
    ),
    (
        NewsPage,
        "news",
        {
            "title": "Matchmaking day",
            "slug": "matchmaking",
            "intro": "Forty companies met.",
            "author": "Editorial team",
        },
    ),
    (
        SuccessStoryPage,
        "stories",
        {
            "title": "Robot cell",
            "slug": "robot-cell",
            "cluster": "battery_hydrogen",
            "summary": "A cell that opens battery packs.",
            "quote": "Neither could do it alone.",
        },
    ),
    (StandardPage, "about", {"title": "Privacy statement", "slug": "privacy"}),
]


@pytest.mark.parametrize(("model", "parent_key", "fields"), PO_PAGE_TYPES, ids=lambda v: getattr(v, "__name__", ""))
def test_po_file_download_and_upload_translate_every_page_type(
    client, superuser, sections, run_on_commit, model, parent_key, fields
):
    client.force_login(superuser)
    with run_on_commit():
        english = _new_page(model, sections[parent_key], **fields)
        translation = _submit_for_translation(client, english, "de")

    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    assert {entry.msgid for entry in po} >= {fields["title"]}
    for entry in po:
        entry.msgstr = f"[de] {entry.msgid}" if entry.msgctxt != "slug" else f"de-{entry.msgid}"
    upload = SimpleUploadedFile("translation.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = client.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload})
    assert response.status_code == 302

    german = _publish_translation(client, translation, run_on_commit)
    assert german.title == f"[de] {fields['title']}"
    html = client.get(german.url).content.decode()
    assert '<html lang="de">' in html
    assert f"[de] {fields['title']}" in html


def test_po_upload_for_another_translation_is_refused(client, superuser, sections, run_on_commit):
    client.force_login(superuser)
    with run_on_commit():
        first = _new_page(StandardPage, sections["about"], title="Imprint", slug="imprint")
        second = _new_page(StandardPage, sections["about"], title="Privacy", slug="privacy")
        first_translation = _submit_for_translation(client, first, "de")
        second_translation = _submit_for_translation(client, second, "de")
    po = client.get(reverse("wagtail_localize:download_pofile", args=[first_translation.pk])).content
    upload = SimpleUploadedFile("other.po", po)
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[second_translation.pk]), {"file": upload}, follow=True
    )
    assert "Cannot import PO file that was created for a different translation." in response.content.decode()


def test_sync_after_the_source_changes_updates_the_translation(client, superuser, sections, run_on_commit):
    client.force_login(superuser)
    with run_on_commit():
        english = _new_page(NewsPage, sections["news"], title="Open day", slug="open-day", intro="Old summary.")
        translation = _submit_for_translation(client, english, "nl")
    _translate_segments(client, translation, {"Open day": "Open dag", "Old summary.": "Oude samenvatting."})
    _publish_translation(client, translation, run_on_commit)

    english.intro = "New summary."
    english.date = english.date.replace(year=2025)
    with run_on_commit():
        english.save_revision().publish()
    source = TranslationSource.objects.get(object_id=english.translation_key)
    with run_on_commit():
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]), {"publish_translations": "on"}
        )
    assert response.status_code == 302
    dutch = NewsPage.objects.get(translation_key=english.translation_key, locale__language_code="nl")
    assert dutch.title == "Open dag"  # translated segment kept
    assert dutch.intro == "New summary."  # new source text, shown until translated
    assert dutch.date.year == 2025  # synchronised field copied


@pytest.mark.parametrize("section", ["clusters", "news", "stories"])
def test_po_round_trip_for_index_pages(client, superuser, sections, run_on_commit, section):
    client.force_login(superuser)
    index = sections[section]
    with run_on_commit():
        translation = _submit_for_translation(client, index, "nl")
    po = polib.pofile(client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk])).content.decode())
    for entry in po:
        entry.msgstr = f"nl-{entry.msgid.lower().replace(' ', '-')}"
    upload = SimpleUploadedFile("translation.po", str(po).encode())
    assert (
        client.post(reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"file": upload}).status_code
        == 302
    )
    dutch = _publish_translation(client, translation, run_on_commit)
    assert dutch.title == f"nl-{index.title.lower().replace(' ', '-')}"
    assert client.get(dutch.url).status_code == 200


def test_editor_translates_but_cannot_publish_the_translation(client, editor, sections, run_on_commit):
    with run_on_commit():
        english = _new_page(StandardPage, sections["about"], title="Imprint", slug="imprint")
    client.force_login(editor)
    with run_on_commit():
        translation = _submit_for_translation(client, english, "de")
    _translate_segments(client, translation, {"Imprint": "Impressum", "imprint": "impressum"})
    german = translation.get_target_instance()
    response = client.post(edit_page_url(german), {"action": "publish"})
    assert response.status_code in (302, 403)
    german.refresh_from_db()
    assert not german.live
