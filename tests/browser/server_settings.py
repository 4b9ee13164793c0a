"""Settings of the server process that the browser tests start: the test settings, with its state in the folders
the session fixture made (database from DATABASE_URL, search index, media, e-mail) and media files served."""

import os
from pathlib import Path

from techland.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.browser.server_urls"
SEARCH_INDEX_DIR = Path(os.environ["SEARCH_INDEX_DIR"])
MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
# E-mail (password reset links, notifications) is written to files the tests can read.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1")
