import types

import pytest
from django.db import transaction

from directory import search_sync
from search.backends import reset_backend_cache
from search.backends.embedded import EmbeddedBackend


@pytest.fixture(autouse=True)
def search_index(settings, tmp_path, monkeypatch):
    """A private search index that follows the test's data, as the listing, API and autocomplete read it.

    A test's transaction never commits, so the re-indexing the directory schedules for after the commit is
    collected here and run before the next search reads the index, which is what a visitor sees after the
    transaction commits. (tests/search/test_directory_integration.py checks the real after-commit behaviour.)
    """
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.ELASTICSEARCH_URL = ""
    reset_backend_cache()
    pending: list = []

    def collect(func, using=None, robust=False):
        pending.append(func)

    monkeypatch.setattr(
        search_sync, "transaction", types.SimpleNamespace(get_connection=transaction.get_connection, on_commit=collect)
    )

    def flushing(method):
        def wrapper(self, *args, **kwargs):
            while pending:
                pending.pop(0)()
            return method(self, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(EmbeddedBackend, "search", flushing(EmbeddedBackend.search))
    monkeypatch.setattr(EmbeddedBackend, "autocomplete", flushing(EmbeddedBackend.autocomplete))
    yield pending
    reset_backend_cache()
