"""System checks for the search settings (run by `manage.py check` and at start-up)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def search_settings_check(app_configs, **kwargs):
    problems = []
    url = getattr(settings, "ELASTICSEARCH_URL", "") or ""
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.port is None:
            problems.append(
                Error(
                    f"ELASTICSEARCH_URL {url!r} is not a valid Elasticsearch URL.",
                    hint="Use a URL with scheme, host and port, e.g. http://localhost:9200.",
                    id="search.E001",
                )
            )
    index_dir = getattr(settings, "SEARCH_INDEX_DIR", None)
    if not index_dir:
        problems.append(Error("SEARCH_INDEX_DIR is not set.", id="search.E002"))
    if not getattr(settings, "SEARCH_DOCUMENT_PROVIDER", ""):
        problems.append(
            Warning("SEARCH_DOCUMENT_PROVIDER is not set: `search_index` has nothing to index.", id="search.W001")
        )
    return problems
