"""The directory on the search interface: listing, API and autocomplete read the index; the index follows the data."""

import io

import pytest
from django.db import transaction

from directory import search_sync, selectors
from directory.models import ImportRun, Organisation, OrganisationDescription, Source
from search import sample_data
from search.backends import get_backend, reset_backend_cache
from search.backends.base import SearchQuery
from tests.directory.factories import ConceptFactory, OrganisationFactory, describe, tag_cluster, tag_concept

pytestmark = pytest.mark.django_db

LIST = "/api/directory/organisations/"
AUTOCOMPLETE = "/api/directory/autocomplete/"


@pytest.fixture
def index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.ELASTICSEARCH_URL = ""
    reset_backend_cache()
    yield
    reset_backend_cache()


@pytest.fixture
def region(index, run_on_commit):
    """Hydrogen in three languages on both sides of the border, saved and committed (so indexed)."""
    with run_on_commit():
        hydrogen = ConceptFactory(
            slug="hydrogen", label_en="Hydrogen", label_nl="Waterstof", label_de="Wasserstoff", synonyms_en="H2"
        )
        muenster = OrganisationFactory(
            name="Münster Brennstoffzellen GmbH", slug="muenster-fc", country="DE", region="DEA33", city="Münster"
        )
        tag_concept(muenster, hydrogen)
        tag_cluster(muenster, "battery_hydrogen")
        describe(muenster, "de", "Wir entwickeln Brennstoffzellen und Speicher für Wasserstoff.")
        # Not tagged: found only through the index's compound splitting of the German description.
        gelsenkirchen = OrganisationFactory(
            name="Emscher Elektrolyse AG",
            slug="emscher-elektrolyse",
            country="DE",
            region="DEA32",
            city="Gelsenkirchen",
        )
        describe(gelsenkirchen, "de", "Elektrolyseure für die Wasserstofftechnologie im Ruhrgebiet.")
        twente = OrganisationFactory(name="Twente Hydrogen Lab B.V.", slug="twente-hydrogen", sme=True, type="sme")
        tag_concept(twente, hydrogen)
        tag_cluster(twente, "battery_hydrogen")
        describe(twente, "en", "Hydrogen electrolysers for small industry.")
        zwolle = OrganisationFactory(name="Zwolle Circular", slug="zwolle-circular", city="Zwolle", region="NL211")
        tag_cluster(zwolle, "circular_economy")
        OrganisationFactory(name="111222333", slug="pic-111222333", is_public=False)
    reset_backend_cache()  # pick up the concept's synonyms
    return {"muenster": muenster, "gelsenkirchen": gelsenkirchen, "twente": twente, "zwolle": zwolle}


@pytest.fixture
def no_database_search(monkeypatch):
    """Fail if the directory answers a search from the database instead of the index."""

    def fail(**kwargs):
        raise AssertionError("the search was answered by the database, around the search interface")

    monkeypatch.setattr(selectors, "_organisation_search_database", fail)
    monkeypatch.setattr(selectors, "_loosening_suggestions_database", fail)


def indexed_ids():
    return get_backend().ids()


# --------------------------------------------------------------------------------------------------------------
# Reading through the interface


def test_dutch_query_on_the_listing_finds_the_german_hydrogen_organisations(client, region, no_database_search):
    response = client.get("/nl/directory/", {"q": "waterstof"})
    assert response.status_code == 200
    slugs = [o.slug for o in response.context["result"].hits]
    assert set(slugs) >= {"muenster-fc", "emscher-elektrolyse", "twente-hydrogen"}
    assert "zwolle-circular" not in slugs
    assert response.context["result"].backend == "embedded"
    html = response.content.decode()
    assert "/nl/directory/emscher-elektrolyse/" in html
    assert "<mark>" in html  # the matched words are highlighted in the snippets


def test_result_cards_highlight_the_matched_words(client, region, no_database_search):
    html = client.get("/en/directory/", {"q": "Zwolle"}).content.decode()
    assert "<mark>Zwolle</mark> Circular" in html


def test_facet_counts_on_the_page_equal_the_backends(client, region, no_database_search):
    response = client.get("/en/directory/", {"country": "DE"})
    page_facets = {
        name: {o.value: o.count for o in options if o.count}
        for name, options in response.context["result"].facets.items()
    }
    backend = get_backend().search(
        SearchQuery(filters={"country": ["DE"]}, facets=("cluster", "country", "type", "concept"))
    )
    assert page_facets["cluster"] == backend.facet_counts("cluster")
    assert page_facets["country"] == backend.facet_counts("country") == {"DE": 2, "NL": 2}
    assert page_facets["type"] == backend.facet_counts("type")
    assert page_facets["concept"] == backend.facet_counts("concept") == {"hydrogen": 1}
    assert response.context["result"].total == backend.total == 2


def test_the_api_lists_through_the_backend_with_snippets(client, region, no_database_search):
    data = client.get(LIST, {"q": "Wasserstoff", "country": "DE", "lang": "de"}).json()
    assert {r["slug"] for r in data["results"]} == {"muenster-fc", "emscher-elektrolyse"}
    assert data["count"] == 2
    snippets = " ".join(r["highlights"].get("description", "") for r in data["results"])
    assert "<mark>" in snippets
    assert {o["value"]: o["count"] for o in data["facets"]["sme"]} == {"yes": 0, "no": 2}


def test_empty_result_suggestions_come_from_the_backend(client, region, no_database_search):
    response = client.get("/en/directory/", {"q": "Zwolle", "cluster": "battery_hydrogen"})
    assert response.context["result"].total == 0
    suggestions = {s["name"]: s["count"] for s in response.context["suggestions"]}
    assert suggestions == {"q": 2, "cluster": 1}


def test_autocomplete_suggests_organisations_and_concepts_from_three_letters(client, region):
    assert client.get(AUTOCOMPLETE, {"q": "tw"}).json()["suggestions"] == []
    data = client.get(AUTOCOMPLETE, {"q": "twe"}).json()
    assert data["suggestions"][0] == {
        "kind": "organisation",
        "label": "Twente Hydrogen Lab B.V.",
        "slug": "twente-hydrogen",
        "url": "/en/directory/twente-hydrogen/",
    }
    concepts = client.get(AUTOCOMPLETE, {"q": "waters", "lang": "nl"}).json()["suggestions"]
    concept = next(s for s in concepts if s["kind"] == "concept")
    assert concept["slug"] == "hydrogen" and concept["label"] == "Waterstof"
    assert concept["url"] == "/nl/directory/?concept=hydrogen"


def test_autocomplete_rejects_bad_parameters(client, index):
    assert client.get(AUTOCOMPLETE, {"q": "x" * 101}).status_code == 400
    assert client.get(AUTOCOMPLETE, {"q": "abc", "limit": "0"}).status_code == 400
    assert client.get(AUTOCOMPLETE, {"q": "abc", "sort": "name"}).status_code == 400
    assert client.get(AUTOCOMPLETE, {"q": "abc"}).json() == {"query": "abc", "suggestions": []}


def test_the_search_box_offers_suggestions(client, region):
    html = client.get("/de/directory/").content.decode()
    assert 'data-url="/api/directory/autocomplete/"' in html
    assert 'role="listbox"' in html


def test_a_failing_backend_never_gives_a_500(client, region, monkeypatch):
    backend = get_backend()

    def broken(*args, **kwargs):
        raise OSError("index unreadable")

    monkeypatch.setattr(backend, "search", broken)
    monkeypatch.setattr(backend, "autocomplete", broken)
    response = client.get("/en/directory/", {"q": "Zwolle"})
    assert response.status_code == 200
    assert [o.slug for o in response.context["result"].hits] == ["zwolle-circular"]
    assert response.context["result"].degraded
    assert client.get(AUTOCOMPLETE, {"q": "zwo"}).json()["suggestions"] == []


def test_paging_past_the_search_window_is_a_clear_400(client, region):
    assert client.get(LIST, {"page": 200, "page_size": 100}).json()["results"] == []  # past the end: empty page
    response = client.get("/en/directory/", {"page": 9999})
    assert response.status_code == 200
    assert "This page is past the end of the results" in response.content.decode()


# --------------------------------------------------------------------------------------------------------------
# Keeping the index in step


def test_saving_indexes_after_the_commit(region, run_on_commit):
    with run_on_commit():
        organisation = OrganisationFactory(name="Hengelo Sensors", slug="hengelo-sensors")
        assert organisation.pk not in indexed_ids()  # not before the transaction commits
    assert organisation.pk in indexed_ids()
    with run_on_commit():
        organisation.name = "Hengelo Photonics"
        organisation.save()
    hit = get_backend().search(SearchQuery(text="photonics")).hits[0]
    assert hit.id == organisation.pk and hit.document["name"] == "Hengelo Photonics"


def test_many_changes_in_one_transaction_are_indexed_together(region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = [OrganisationFactory(name=f"Almelo Batch {n}", slug=f"almelo-batch-{n}") for n in range(5)]
        for organisation in created:
            describe(organisation, "en", "Battery packs.")
    assert len([c for c in callbacks if getattr(c, search_sync.FLUSH_MARK, None)]) == 1
    assert {o.pk for o in created} <= indexed_ids()


def test_changing_descriptions_and_tags_reindexes(region, run_on_commit):
    zwolle = region["zwolle"]
    with run_on_commit():
        describe(zwolle, "nl", "Recycling van batterijen en kunststoffen.")
    assert get_backend().search(SearchQuery(text="kunststoffen")).ids == [zwolle.pk]
    with run_on_commit():
        OrganisationDescription.objects.filter(organisation=zwolle).get().delete()
    assert get_backend().search(SearchQuery(text="kunststoffen")).ids == []


def test_deleting_and_unpublishing_remove_from_the_index(region, run_on_commit):
    zwolle, twente = region["zwolle"], region["twente"]
    with run_on_commit():
        zwolle.delete()
    assert zwolle.pk not in indexed_ids()
    with run_on_commit():
        twente.is_public = False
        twente.save()
    assert twente.pk not in indexed_ids()
    assert get_backend().search(SearchQuery(text="Twente")).total == 0


def test_a_rolled_back_change_is_not_indexed(region, run_on_commit):
    with run_on_commit():
        try:
            with transaction.atomic():
                OrganisationFactory(name="Rolled Back BV", slug="rolled-back")
                raise RuntimeError
        except RuntimeError:
            pass
    assert get_backend().search(SearchQuery(text="rolled back")).total == 0


def test_profile_changed_reindexes_the_organisation(region, run_on_commit):
    from members.signals import profile_changed

    twente = region["twente"]
    # A change written without per-row signals, as a bulk write would be; the profile signal announces it.
    OrganisationDescription.objects.filter(organisation=twente).update(text="Membranen voor elektrolyse.")
    assert get_backend().search(SearchQuery(text="membranen")).total == 0
    with run_on_commit():
        profile_changed.send(
            sender=Organisation, organisation=twente, organisation_id=twente.pk, changed=["descriptions"], user=None
        )
    assert get_backend().search(SearchQuery(text="membranen")).ids == [twente.pk]


def test_an_import_run_indexes_in_bulk(region, run_on_commit, monkeypatch):
    calls = []
    original = search_sync._index_batch
    monkeypatch.setattr(search_sync, "_index_batch", lambda *a: calls.append(len(a[1])) or original(*a))
    with run_on_commit():
        # Importers write with bulk queries, which send no per-row signals.
        created = Organisation.objects.bulk_create(
            [
                Organisation(name=f"Bulk Imported {n}", slug=f"bulk-imported-{n}", country="NL", type="company")
                for n in range(3)
            ]
        )
        Organisation.objects.filter(slug="zwolle-circular").update(is_public=False)
        ImportRun.objects.create(
            source=Source.CORDIS,
            file_name="organisations.csv",
            status=ImportRun.Status.SUCCEEDED,
            started_at=created[0].created_at,
            finished_at=created[0].created_at,
            counts={"organisations created": 3},
        )
    assert calls == [6]  # one batch: the five public organisations plus the three new ones, less Zwolle
    ids = indexed_ids()
    assert {o.pk for o in Organisation.objects.filter(slug__startswith="bulk-imported")} <= ids
    assert region["zwolle"].pk not in ids


def test_an_import_that_changed_nothing_leaves_the_index_alone(region, run_on_commit, monkeypatch):
    monkeypatch.setattr(search_sync, "reindex_all", lambda: pytest.fail("re-indexed although nothing changed"))
    with run_on_commit():
        ImportRun.objects.create(
            source=Source.ROR,
            file_name="ror.jsonl",
            status=ImportRun.Status.SUCCEEDED,
            started_at=region["zwolle"].created_at,
            counts={"organisations created": 0, "organisations updated": 0},
        )


# --------------------------------------------------------------------------------------------------------------
# `make run`: the sample-data loader


def test_sample_data_loader_builds_once_and_again_when_the_data_change(index):
    OrganisationFactory(name="Deventer Robotics", slug="deventer-robotics")  # not committed: not indexed yet
    out = io.StringIO()
    sample_data.load(stdout=out)
    assert "no index yet" in out.getvalue()
    assert "1 documents" in out.getvalue() and "docs/s" in out.getvalue()
    assert get_backend().status().documents == 1

    out = io.StringIO()
    sample_data.load(stdout=out)
    assert "up to date (1 documents" in out.getvalue()
    assert "Rebuild" not in out.getvalue()

    organisation = Organisation.objects.get(slug="deventer-robotics")
    organisation.name = "Deventer Robotics B.V."
    organisation.save()  # in the test's open transaction: only the loader can bring it into the index
    out = io.StringIO()
    sample_data.load(stdout=out)
    assert "the data changed" in out.getvalue()
    assert get_backend().search(SearchQuery(text="Deventer")).hits[0].document["name"] == "Deventer Robotics B.V."
