"""Sample-data step for the search index: `load_sample_data` (re)builds the index when it is out of date.

The index is rebuilt when it is missing or empty, or when the directory's data fingerprint
(settings.SEARCH_DATA_VERSION_PROVIDER, a dotted path to a function returning a string) differs from the one
recorded at the last full build. Otherwise nothing happens, so running it again is cheap and idempotent.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

from search.backends import get_backend

VERSION_FILE = "data-version"


def _version_path() -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / VERSION_FILE


def read_data_version() -> str | None:
    try:
        return _version_path().read_text().strip() or None
    except OSError:
        return None


def write_data_version(version: str) -> None:
    """Record the data fingerprint the index was built from (written atomically)."""
    path = _version_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".data-version-")
    with os.fdopen(fd, "w") as handle:
        handle.write(version)
    os.replace(tmp, path)


def current_data_version() -> str | None:
    path = getattr(settings, "SEARCH_DATA_VERSION_PROVIDER", "")
    if not path:
        return None
    try:
        return str(import_string(path)())
    except ImportError:
        return None


def load(*, stdout, verbosity: int = 1) -> None:
    status = get_backend().status()
    version = current_data_version()
    recorded = read_data_version()
    if status.state in ("ok", "degraded") and (version is None or version == recorded):
        if verbosity:
            stdout.write(f"Search index up to date ({status.documents:,} documents, {status.backend}).")
        return
    reason = {"missing": "no index yet", "empty": "the index is empty"}.get(status.state, "the data changed")
    if verbosity:
        stdout.write(f"Building the search index: {reason}.")
    call_command("search_index", "rebuild", "--no-progress", stdout=stdout, verbosity=verbosity)
    if version is not None:
        write_data_version(version)
