"""Settings shared by every environment. Environment-specific files import this."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "techland"
VAR_DIR = Path(os.environ.get("TECHLAND_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "techland",
    "content",
    "directory",
    "search",
    "recommendations",
    "members",
    "insights",
    "support",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "techland.middleware.ContentSecurityPolicyMiddleware",
    # Read-only database and full media disk: a translated 503/507 page instead of a 500 (techland/faults.py).
    "techland.faults.FaultMiddleware",
    "techland.middleware.ApiThrottleMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "techland.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Whole-page cache of Wagtail pages for anonymous visitors (techland/cache.py, PAGE_CACHE_SECONDS).
    "techland.cache.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "techland.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "techland.wsgi.application"

# Database: DATABASE_URL (postgres://user:pass@host:5432/name) or an SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English, Dutch and German, each under its own URL prefix.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nl", _("Dutch")),
    ("de", _("German")),
]
LANGUAGE_NAMES_NATIVE = {"en": "English", "nl": "Nederlands", "de": "Deutsch"}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# Static and media files.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# collectstatic's target; production sets a default. Elsewhere WhiteNoise serves from the finders.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: console in development; SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "TECH.LAND <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Search: the embedded backend unless ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "search-index"))

# Directory search (search/, see README "Search"). Dotted paths to the directory's providers:
# synonym groups (a function returning list[list[str]], one list per concept: labels and synonyms in en/nl/de)
# and documents for `manage.py search_index` (a function yielding documents or lists of documents).
SEARCH_SYNONYM_PROVIDER = os.environ.get("SEARCH_SYNONYM_PROVIDER", "directory.taxonomy.synonym_groups")
SEARCH_DOCUMENT_PROVIDER = os.environ.get("SEARCH_DOCUMENT_PROVIDER", "directory.documents.iter_documents")
SEARCH_SYNONYM_REFRESH_SECONDS = int(os.environ.get("SEARCH_SYNONYM_REFRESH_SECONDS", "300"))
SEARCH_ELASTICSEARCH_INDEX = os.environ.get("SEARCH_ELASTICSEARCH_INDEX", "techland-organisations")
SEARCH_ELASTICSEARCH_TIMEOUT = float(os.environ.get("SEARCH_ELASTICSEARCH_TIMEOUT", "5"))
# Fingerprint of the directory data the index is built from (search/sample_data.py rebuilds when it changes).
SEARCH_DATA_VERSION_PROVIDER = "directory.search_sync.data_version"

# Site search over Wagtail pages uses Wagtail's database backend.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}

WAGTAIL_SITE_NAME = "TECH.LAND"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]

# Machine translation: none is reachable here; set a backend through the environment.
if os.environ.get("WAGTAIL_LOCALIZE_MACHINE_TRANSLATOR"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": os.environ["WAGTAIL_LOCALIZE_MACHINE_TRANSLATOR"],
        "OPTIONS": {"AUTH_KEY": os.environ.get("WAGTAIL_LOCALIZE_MACHINE_TRANSLATOR_KEY", "")},
    }

# Content (content/): a page submitted for translation starts as a draft in the other languages, even when the source
# page is live, so untranslated text is never published and translations go through moderation like any page.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Members' area (members/): sign-in by e-mail address, sign-in throttling, invitations.
AUTHENTICATION_BACKENDS = [
    "members.backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "members:sign_in"
LOGIN_REDIRECT_URL = "members:overview"
LOGOUT_REDIRECT_URL = "members:sign_in"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # seconds a password reset (or set-password) link stays valid
MEMBERS_INVITATION_DAYS = 7
MEMBERS_THROTTLE_WINDOW = 15 * 60  # seconds of the sliding window of failed sign-ins
MEMBERS_THROTTLE_PER_ACCOUNT = 5  # failed sign-ins per account in the window before it is locked
MEMBERS_THROTTLE_PER_ADDRESS = 20  # failed sign-ins per client address in the window
# Request header holding the client address when behind a proxy (e.g. HTTP_X_FORWARDED_FOR); empty: REMOTE_ADDR.
MEMBERS_CLIENT_IP_HEADER = os.environ.get("MEMBERS_CLIENT_IP_HEADER", "")

# Support dashboard (support/, README "Support organisations"): a member's needs count as unmet when its best
# stored recommendation scores below this.
SUPPORT_WEAK_MATCH_THRESHOLD = float(os.environ.get("SUPPORT_WEAK_MATCH_THRESHOLD", "2.0"))

# Request rate limits (members/throttling.py), counted in the database so they hold across worker processes:
# name -> (requests, window in seconds). The public JSON APIs answer 429 with Retry-After beyond their limit.
THROTTLE_RATES = {
    "password_reset_email": (
        int(os.environ.get("THROTTLE_PASSWORD_RESET_PER_EMAIL", "3")),
        int(os.environ.get("THROTTLE_PASSWORD_RESET_WINDOW", "3600")),
    ),
    "password_reset_ip": (
        int(os.environ.get("THROTTLE_PASSWORD_RESET_PER_IP", "20")),
        int(os.environ.get("THROTTLE_PASSWORD_RESET_WINDOW", "3600")),
    ),
    "public_api": (
        int(os.environ.get("THROTTLE_API_PER_IP", "300")),
        int(os.environ.get("THROTTLE_API_WINDOW", "60")),
    ),
}
THROTTLE_API_PATHS = ["/api/directory/", "/api/v2/"]

# Security headers (techland/middleware.py, README "Security"). The public site and the members' area allow scripts
# and styles from our own origin only (no 'unsafe-inline'); the Wagtail admin gets a looser policy because its
# editors and widgets still use inline scripts and style attributes. CSP_REPORT_ONLY=1 sends the policy as
# Content-Security-Policy-Report-Only (to try a change on a live site without breaking it).
CSP_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CSP_ADMIN_PATHS = ["/admin/", "/django-admin/"]
CSP_ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", "https://releases.wagtail.io"],
    "frame-src": ["'self'"],  # the page preview panel
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Staff avatars are not fetched from Gravatar (no e-mail hashes leave the site, and the admin policy stays 'self').
WAGTAIL_GRAVATAR_PROVIDER_URL = None
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sample data loaders, run in order by `manage.py load_sample_data`.
# Each is a dotted path to a function taking keyword arguments `stdout` and `verbosity`.
SAMPLE_DATA_LOADERS = [
    "directory.sample_data.load",
    "content.sample_data.load",
    "members.sample_data.load",
    # Stores recommendations for member organisations that have none yet (after the members loader).
    "recommendations.sample_data.load",
    # Example (private) member needs, then the first computation of the regional insights' figures.
    "insights.sample_data.load",
    # Last: (re)builds the directory search index when it is missing, empty or older than the data.
    "search.sample_data.load",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Page cache (techland/cache.py): Wagtail pages seen by anonymous visitors are kept this many seconds in the default
# cache (shared by the workers in production) and dropped whenever content is published or edited; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
