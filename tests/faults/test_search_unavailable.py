"""The search engine unreachable, the embedded index missing or corrupt: the directory still answers, and says so."""

import logging

import pytest

from search.backends import reset_backend_cache

pytestmark = pytest.mark.django_db

REDUCED = {
    "en": "The search index is not available at the moment",
    "nl": "De zoekindex is op dit moment niet beschikbaar",
    "de": "Der Suchindex ist im Moment nicht verfügbar",
}


@pytest.fixture
def elasticsearch_down(embedded_index, search_settings, closed_port):
    search_settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    search_settings.SEARCH_ELASTICSEARCH_TIMEOUT = 2
    reset_backend_cache()


def test_unreachable_elasticsearch_falls_back_to_the_embedded_index(client, elasticsearch_down, log_records):
    response = client.get("/en/directory/", {"q": "hydrogen"})
    assert response.status_code == 200
    assert "/en/directory/twente-hydrogen-lab/" in response.content.decode()
    assert REDUCED["en"] not in response.content.decode()  # the embedded index is the full search
    assert any("unreachable" in message for message in log_records.messages())


def test_unreachable_elasticsearch_answers_suggestions_and_the_api(client, elasticsearch_down):
    suggestions = client.get("/api/directory/autocomplete/", {"q": "Twen"})
    assert suggestions.status_code == 200
    assert [s["slug"] for s in suggestions.json()["suggestions"] if s["kind"] == "organisation"] == [
        "twente-hydrogen-lab"
    ]
    listing = client.get("/api/directory/organisations/", {"cluster": "battery_hydrogen"})
    assert listing.status_code == 200
    assert listing.json()["count"] == 2


def test_health_reports_the_fallback(client, elasticsearch_down):
    client.get("/en/directory/", {"q": "hydrogen"})
    response = client.get("/health/")
    assert response.status_code == 200  # degraded, not down: the site still works
    search = response.json()["checks"]["search"]
    assert search["state"] == "degraded"
    assert search["documents"] == 3


@pytest.mark.parametrize("language", ["en", "nl", "de"])
def test_missing_index_lists_from_the_database_with_a_translated_notice(client, organisations, language):
    response = client.get(f"/{language}/directory/", {"cluster": "battery_hydrogen"})
    assert response.status_code == 200
    page = response.content.decode()
    assert REDUCED[language] in page
    assert "/directory/twente-hydrogen-lab/" in page and "/directory/muenster-battery-works/" in page
    assert "/directory/arnhem-robotics/" not in page


def _corrupt(backend) -> None:
    index_dir = backend.current_link.resolve()
    (index_dir / "meta.json").write_text("{ this is not an index")
    for segment in index_dir.iterdir():
        if segment.suffix in (".idx", ".term", ".store", ".fast", ".pos", ".fieldnorm"):
            segment.write_bytes(b"\x00garbage")
    reset_backend_cache()


def test_corrupt_index_lists_from_the_database_with_a_notice(client, embedded_index, log_records):
    _corrupt(embedded_index)
    response = client.get("/nl/directory/", {"q": "Arnhem"})
    assert response.status_code == 200
    page = response.content.decode()
    assert REDUCED["nl"] in page
    assert "/nl/directory/arnhem-robotics/" in page
    assert log_records.messages(logging.ERROR)  # logged for the operators


def test_corrupt_index_keeps_suggestions_api_and_health_answering(client, embedded_index):
    _corrupt(embedded_index)
    assert client.get("/api/directory/autocomplete/", {"q": "Twen"}).status_code == 200
    listing = client.get("/api/directory/organisations/", {"q": "Twente"})
    assert listing.status_code == 200
    assert [o["slug"] for o in listing.json()["results"]] == ["twente-hydrogen-lab"]
    health = client.get("/health/")
    assert health.status_code == 200
    assert health.json()["checks"]["search"]["state"] != "ok"
