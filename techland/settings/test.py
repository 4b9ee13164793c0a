"""Test settings: fast hashing, in-memory cache and mail, a private search index folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="techland-test-index-"))
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="techland-test-media-"))
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The public API limit is far above what the test suite (fuzzing included) sends; tests/security sets its own.
THROTTLE_RATES = {**THROTTLE_RATES, "public_api": (100000, 60)}  # noqa: F405
# The page cache is off in tests (a copy must not outlive a test's rolled-back data); tests/cache turns it on.
PAGE_CACHE_SECONDS = 0
