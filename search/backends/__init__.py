"""The search interface the directory uses: `get_backend()` and the after-commit index helpers.

    from search.backends import get_backend, index_on_commit, delete_on_commit
    from search.backends.base import SearchQuery, GeoFilter

    results = get_backend().search(SearchQuery(text="waterstof", filters={"country": ["DE"]}, facets=("cluster",)))
    index_on_commit(lambda: [organisation_document(org)])   # after save, once the transaction commits
    delete_on_commit([org.pk])                                # after delete

The embedded backend answers unless settings.ELASTICSEARCH_URL is set; then Elasticsearch answers and the
embedded index is kept as a warm standby that takes over (and says so in the logs and on /health/) whenever
Elasticsearch cannot be reached.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction

from search.analysis import configured_synonym_groups
from search.backends.base import SearchBackend

logger = logging.getLogger(__name__)

_cache: dict[tuple, tuple[SearchBackend, float]] = {}
_cache_lock = threading.Lock()


def get_backend(*, synonym_groups: Iterable[Iterable[str]] | None = None, use_cache: bool = True) -> SearchBackend:
    """The configured backend. Synonym groups default to settings.SEARCH_SYNONYM_PROVIDER's."""
    url = getattr(settings, "ELASTICSEARCH_URL", "") or ""
    key = (
        url,
        str(settings.SEARCH_INDEX_DIR),
        getattr(settings, "SEARCH_ELASTICSEARCH_INDEX", "techland-organisations"),
    )
    if use_cache and synonym_groups is None:
        refresh = getattr(settings, "SEARCH_SYNONYM_REFRESH_SECONDS", 300)
        with _cache_lock:
            cached = _cache.get(key)
            if cached is None or time.monotonic() - cached[1] > refresh:
                # Synonym groups are re-read now and then, so taxonomy edits reach the embedded backend's queries.
                cached = _cache[key] = (_make_backend(url, configured_synonym_groups()), time.monotonic())
            return cached[0]
    groups = configured_synonym_groups() if synonym_groups is None else [list(g) for g in synonym_groups]
    return _make_backend(url, groups)


def _make_backend(url: str, synonym_groups: list[list[str]]) -> SearchBackend:
    from search.backends.embedded import EmbeddedBackend

    embedded = EmbeddedBackend(settings.SEARCH_INDEX_DIR, synonym_groups=synonym_groups)
    if not url:
        return embedded
    from search.backends.elasticsearch import ElasticsearchBackend

    try:
        return ElasticsearchBackend(
            url,
            index_name=getattr(settings, "SEARCH_ELASTICSEARCH_INDEX", "techland-organisations"),
            synonym_groups=synonym_groups,
            fallback=embedded,
            timeout=float(getattr(settings, "SEARCH_ELASTICSEARCH_TIMEOUT", 5.0)),
        )
    except ValueError:  # a malformed URL; `manage.py check` reports it too
        logger.error("Search: ELASTICSEARCH_URL %r is not a valid URL; using the embedded backend", url)
        return embedded


def reset_backend_cache() -> None:
    """Forget cached backends (after settings change, e.g. in tests)."""
    with _cache_lock:
        _cache.clear()


DocumentSource = Iterable[dict] | Callable[[], Iterable[dict]]


def index_on_commit(documents: DocumentSource, *, using: str | None = None) -> None:
    """Index documents once the current transaction commits (immediately outside a transaction).

    Pass a callable to build the documents after the commit, from fresh data. Failures are logged, never raised
    into the request: the next `search_index update` repairs the index.
    """

    def run() -> None:
        try:
            docs = list(documents() if callable(documents) else documents)
            if docs:
                report = get_backend().index(docs)
                for error in report.errors:
                    logger.error("Search index: rejected %s", error)
        except Exception:
            logger.exception("Search index: could not index documents after commit")

    transaction.on_commit(run, using=using)


def delete_on_commit(ids: Iterable[int], *, using: str | None = None) -> None:
    """Remove documents from the index once the current transaction commits."""
    ids = [int(i) for i in ids]

    def run() -> None:
        try:
            get_backend().delete(ids)
        except Exception:
            logger.exception("Search index: could not delete documents %s after commit", ids[:20])

    if ids:
        transaction.on_commit(run, using=using)


def search_health() -> dict:
    """What /health/ reports about search: backend, state and document count. Never raises."""
    try:
        status = get_backend().status()
    except Exception as exc:
        logger.exception("Search health check failed")
        return {"backend": "unknown", "state": "unavailable", "detail": type(exc).__name__}
    info = {"backend": status.backend, "state": status.state, "documents": status.documents}
    if status.detail:
        info["detail"] = status.detail
    return info
