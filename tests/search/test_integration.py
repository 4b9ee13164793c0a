"""The search app's Django side: factory, after-commit helpers, the management command, /health/, checks."""

import io
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from search.backends import delete_on_commit, get_backend, index_on_commit, reset_backend_cache, search_health
from search.backends.base import SearchQuery
from search.backends.embedded import EmbeddedBackend
from search.checks import search_settings_check

from .conftest import ORGANISATIONS, SYNONYM_GROUPS

PROVIDED = {"docs": ORGANISATIONS}


def provide_documents():
    """A document provider as the directory supplies one: yields lists (or single documents)."""
    docs = PROVIDED["docs"]
    yield docs[:10]
    yield from docs[10:]


provide_documents.count = lambda: len(PROVIDED["docs"])


def provide_synonyms():
    return SYNONYM_GROUPS


@pytest.fixture
def search_settings(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_DOCUMENT_PROVIDER = "tests.search.test_integration.provide_documents"
    settings.SEARCH_SYNONYM_PROVIDER = "tests.search.test_integration.provide_synonyms"
    reset_backend_cache()
    PROVIDED["docs"] = ORGANISATIONS
    yield settings
    reset_backend_cache()


def test_factory_gives_the_embedded_backend_with_configured_synonyms(search_settings):
    backend = get_backend()
    assert isinstance(backend, EmbeddedBackend)
    assert backend is get_backend()  # cached
    assert backend.lexicon.synonym_groups == SYNONYM_GROUPS
    explicit = get_backend(synonym_groups=[["a", "b"]])
    assert explicit.lexicon.synonym_groups == [["a", "b"]]


def test_factory_gives_elasticsearch_with_embedded_standby(search_settings):
    search_settings.ELASTICSEARCH_URL = "http://localhost:9200"
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = get_backend()
    assert isinstance(backend, ElasticsearchBackend)
    assert isinstance(backend.fallback, EmbeddedBackend)


def test_missing_synonym_provider_means_no_synonyms(search_settings):
    search_settings.SEARCH_SYNONYM_PROVIDER = "directory.nowhere.synonym_groups"
    assert get_backend().lexicon.synonym_groups == []


def test_index_on_commit_waits_for_the_commit(search_settings, run_on_commit, db):
    backend = get_backend()
    with run_on_commit():
        index_on_commit(lambda: ORGANISATIONS[:2])
        assert backend.search(SearchQuery()).total == 0  # not yet: the transaction is still open
    assert backend.search(SearchQuery()).total == 2
    with run_on_commit():
        delete_on_commit([ORGANISATIONS[0]["id"]])
    assert backend.search(SearchQuery()).ids == [ORGANISATIONS[1]["id"]]


def test_rolled_back_transactions_index_nothing(search_settings, django_db_serialized_rollback, transactional_db):
    backend = get_backend()
    with pytest.raises(RuntimeError), transaction.atomic():
        index_on_commit(ORGANISATIONS[:2])
        raise RuntimeError("roll back")
    assert backend.search(SearchQuery()).total == 0


def test_index_failures_after_commit_are_logged_not_raised(search_settings, run_on_commit, db):
    with mock.patch("search.backends.logger") as log, run_on_commit():
        index_on_commit([dict(ORGANISATIONS[0], country="Nederland")])
    assert log.error.called


def test_rebuild_command_reports_progress_and_counts(search_settings):
    out = io.StringIO()
    call_command("search_index", "rebuild", stdout=out)
    text = out.getvalue()
    assert f"{len(ORGANISATIONS)}/{len(ORGANISATIONS)} (100%)" in text
    assert "docs/s" in text and "ETA" in text
    assert f"Rebuild done (embedded): {len(ORGANISATIONS)} documents" in text
    assert get_backend().search(SearchQuery(text="waterstof")).total >= 5


def test_rebuild_swaps_the_index_folder(search_settings):
    call_command("search_index", "rebuild", stdout=io.StringIO())
    link = search_settings.SEARCH_INDEX_DIR / "current"
    first = link.resolve()
    PROVIDED["docs"] = ORGANISATIONS[:5]
    call_command("search_index", "rebuild", stdout=io.StringIO())
    assert link.is_symlink() and link.resolve() != first
    assert get_backend().search(SearchQuery()).total == 5


def test_update_command_upserts_and_removes_stale_documents(search_settings):
    backend = get_backend()
    backend.index([*ORGANISATIONS[:3], dict(ORGANISATIONS[3], id=9999)])
    out = io.StringIO()
    call_command("search_index", "update", "--no-progress", stdout=out)
    assert "Removed 1 documents no longer provided." in out.getvalue()
    assert backend.ids() == {o["id"] for o in ORGANISATIONS}


def test_rejected_documents_are_listed(search_settings):
    PROVIDED["docs"] = [*ORGANISATIONS[:2], dict(ORGANISATIONS[2], type="startup")]
    out, err = io.StringIO(), io.StringIO()
    call_command("search_index", "rebuild", stdout=out, stderr=err)
    assert "1 documents were rejected" in err.getvalue()
    assert "document 3: type must be one of" in err.getvalue()


def test_status_command(search_settings):
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "State:     missing" in out.getvalue()
    call_command("search_index", "rebuild", stdout=io.StringIO())
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "State:     ok" in out.getvalue() and f"Documents: {len(ORGANISATIONS)}" in out.getvalue()


def test_missing_provider_is_a_clear_error(search_settings):
    search_settings.SEARCH_DOCUMENT_PROVIDER = "directory.nowhere.iter_documents"
    with pytest.raises(CommandError, match="SEARCH_DOCUMENT_PROVIDER 'directory.nowhere.iter_documents' cannot be"):
        call_command("search_index", "rebuild", stdout=io.StringIO())
    search_settings.SEARCH_DOCUMENT_PROVIDER = ""
    with pytest.raises(CommandError, match="not set"):
        call_command("search_index", "update", stdout=io.StringIO())


def test_health_reports_search_state(search_settings, client, db):
    body = client.get("/health/").json()
    assert body["checks"]["search"] == {
        "backend": "embedded",
        "state": "missing",
        "documents": 0,
        "detail": "no index built",
    }
    get_backend().index(ORGANISATIONS)
    body = client.get("/health/").json()
    assert body["checks"]["search"]["state"] == "ok" and body["checks"]["search"]["documents"] == len(ORGANISATIONS)


def test_health_says_degraded_when_elasticsearch_is_unreachable(search_settings, client, db):
    search_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    search_settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5
    backend = get_backend()
    backend.fallback.index(ORGANISATIONS)
    with mock.patch("search.backends.elasticsearch.logger"):
        response = client.get("/health/")
        results = backend.search(SearchQuery(text="Twente"))
    assert response.status_code == 200
    search = response.json()["checks"]["search"]
    assert search["state"] == "degraded" and search["backend"] == "elasticsearch"
    assert "embedded" in search["detail"] and search["documents"] == len(ORGANISATIONS)
    assert results.degraded and results.total > 0


def test_health_never_fails_on_search_errors(search_settings, client, db):
    with mock.patch("search.backends.get_backend", side_effect=OSError("disk")), mock.patch("search.backends.logger"):
        assert search_health() == {"backend": "unknown", "state": "unavailable", "detail": "OSError"}
        response = client.get("/health/")
    assert response.status_code == 200


def test_settings_check(settings):
    settings.ELASTICSEARCH_URL = "localhost"
    assert [e.id for e in search_settings_check(None)] == ["search.E001"]
    settings.ELASTICSEARCH_URL = "http://es.internal:9200"
    assert search_settings_check(None) == []


def test_fixture_file_marks_descriptions_as_examples():
    from pathlib import Path

    about = json.loads((Path(__file__).parent / "fixtures" / "organisations.json").read_text())["_about"]
    assert "EXAMPLES" in about


VERSION = {"value": "v1"}


def data_version():
    return VERSION["value"]


def test_sample_data_step_builds_only_when_needed(search_settings):
    from search.sample_data import load, read_data_version

    search_settings.SEARCH_DATA_VERSION_PROVIDER = "tests.search.test_integration.data_version"
    VERSION["value"] = "v1"
    out = io.StringIO()
    load(stdout=out)
    assert "Building the search index: no index yet." in out.getvalue()
    assert read_data_version() == "v1" and get_backend().status().documents == len(ORGANISATIONS)
    out = io.StringIO()
    load(stdout=out)
    assert "up to date" in out.getvalue()  # idempotent: nothing rebuilt
    VERSION["value"] = "v2"
    PROVIDED["docs"] = ORGANISATIONS[:4]
    out = io.StringIO()
    load(stdout=out)
    assert "the data changed" in out.getvalue()
    assert read_data_version() == "v2" and get_backend().status().documents == 4
