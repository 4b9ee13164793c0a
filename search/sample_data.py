"""Sample-data loader: builds the directory search index when it is missing, empty or older than the data.

Runs last in settings.SAMPLE_DATA_LOADERS, after the directory (and members) have loaded their data. The data's
fingerprint comes from settings.SEARCH_DATA_VERSION_PROVIDER (a dotted path to a function returning a string that
changes whenever the indexed data change); the fingerprint of the last full build is kept next to the index. When
the index holds documents and the fingerprint is unchanged, the loader only says so: a second `make run` is quick.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.module_loading import import_string

from search.backends import get_backend

logger = logging.getLogger(__name__)

VERSION_FILE = "data-version.txt"


def _version_path() -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / VERSION_FILE


def read_data_version() -> str:
    try:
        return _version_path().read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def write_data_version(version: str | None) -> None:
    """Record the fingerprint of the data the index was last fully built from."""
    if not version:
        return
    path = _version_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(version, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        logger.warning("Search: could not record the data version in %s", path)


def current_data_version() -> str | None:
    """The data's fingerprint from settings.SEARCH_DATA_VERSION_PROVIDER, or None when none is configured."""
    path = getattr(settings, "SEARCH_DATA_VERSION_PROVIDER", "")
    if not path:
        return None
    return str(import_string(path)())


def load(*, stdout, verbosity=1) -> None:
    backend = get_backend()
    status = backend.status()
    version = current_data_version()
    if status.state in ("missing", "empty"):
        reason = "no index yet" if status.state == "missing" else "the index is empty"
    elif version is not None and version != read_data_version():
        reason = "the data changed since the last build"
    else:
        if verbosity:
            stdout.write(f"  search index: up to date ({status.documents:,} documents, {status.backend})")
        return
    if verbosity:
        stdout.write(f"  search index: rebuilding ({reason})")
    output = io.StringIO()
    try:
        call_command("search_index", "rebuild", "--no-progress", stdout=output, stderr=output)
    except CommandError as exc:
        # The site still answers (the directory falls back while the index is missing); say what to run.
        stdout.write(f"  search index: rebuild failed ({exc}); run `manage.py search_index rebuild`")
        return
    write_data_version(version)
    if verbosity:
        for line in output.getvalue().splitlines():
            if line.strip():
                stdout.write(f"  search index: {line.strip()}")
