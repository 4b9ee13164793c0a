"""The headless API: Wagtail API v2 with locale filtering and every page type's own fields."""

import pytest

from content.models import ClusterPage, NewsPage, StandardPage, SuccessStoryPage, SuccessStoryPartner
from content.translation import translation_apply


@pytest.fixture
def translated_cluster(sections, run_on_commit):
    with run_on_commit():
        page = sections["clusters"].add_child(
            instance=ClusterPage(
                title="Health & Medical Technology",
                slug="health",
                cluster="health_medtech",
                tagline="Medical devices and digital care.",
                key_technologies=[{"type": "technology", "value": {"name": "Medical imaging", "description": ""}}],
            )
        )
        page.save_revision().publish()
        translation_apply(
            instance=page,
            strings_by_language={
                "nl": {
                    "Health &amp; Medical Technology": "Gezondheid &amp; medische technologie",
                    "health": "gezondheid",
                    "Medical devices and digital care.": "Medische hulpmiddelen en digitale zorg.",
                    "Medical imaging": "Medische beeldvorming",
                }
            },
        )
    return page


def test_pages_endpoint_filters_by_locale_and_exposes_custom_fields(client, translated_cluster):
    response = client.get(
        "/api/v2/pages/",
        {"locale": "nl", "type": "content.ClusterPage", "fields": "cluster,cluster_label,tagline,key_technologies"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["title"] == "Gezondheid & medische technologie"
    assert item["meta"]["locale"] == "nl"
    assert item["meta"]["html_url"].endswith("/nl/clusters/gezondheid/")
    assert item["cluster"] == "health_medtech"
    assert item["tagline"] == "Medische hulpmiddelen en digitale zorg."
    assert item["key_technologies"][0]["value"]["name"] == "Medische beeldvorming"


def test_translated_page_detail_and_translation_of_filter(client, translated_cluster):
    listing = client.get("/api/v2/pages/", {"translation_of": translated_cluster.pk, "locale": "nl"}).json()
    assert listing["meta"]["total_count"] == 1
    detail = client.get(f"/api/v2/pages/{listing['items'][0]['id']}/").json()
    assert detail["tagline"] == "Medische hulpmiddelen en digitale zorg."
    assert detail["cluster_label"]


def test_every_page_type_exposes_its_fields(client, sections, run_on_commit):
    with run_on_commit():
        news = sections["news"].add_child(instance=NewsPage(title="News", slug="n", intro="Summary.", author="Team"))
        news.save_revision().publish()
        story = sections["stories"].add_child(
            instance=SuccessStoryPage(title="Story", slug="s", cluster="circular_economy", quote="Quoted.")
        )
        story.partners = [SuccessStoryPartner(name="Spinnerei GmbH", country="DE", role="lead")]
        story.save_revision().publish()
        standard = sections["about"]
        standard.body = [{"type": "heading", "value": {"text": "Who we are", "level": "h2"}}]
        standard.save_revision().publish()
    news_data = client.get(f"/api/v2/pages/{news.pk}/").json()
    assert {"date", "author", "cluster_slugs", "intro", "body", "is_example", "lead_image"} <= set(news_data)
    story_data = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert story_data["quote"] == "Quoted."
    assert story_data["partners"][0]["partner_name"] == "Spinnerei GmbH"
    assert story_data["partners"][0]["partner_country"] == "DE"
    standard_data = client.get(f"/api/v2/pages/{standard.pk}/").json()
    assert standard_data["body"][0]["value"]["text"] == "Who we are"
    assert isinstance(StandardPage.objects.get(pk=standard.pk), StandardPage)


def test_unknown_locale_is_a_client_error_not_a_server_error(client, home_page):
    response = client.get("/api/v2/pages/", {"locale": "xx"})
    assert response.status_code == 400
    assert "unknown locale 'xx'" in response.json()["message"]


def test_images_and_documents_endpoints_answer(client, db):
    assert client.get("/api/v2/images/").status_code == 200
    assert client.get("/api/v2/documents/").status_code == 200
