"""Whole-page cache for anonymous visitors, shared by every worker process.

A GET or HEAD from a visitor without a session or pending messages is answered from the cache when a copy is there,
for the pages Wagtail serves (home, clusters, news, stories, standard pages; without a query string) and for the
directory's listing (with its query string: each search and filter combination is its own copy) and organisation
profiles. A
response is stored only when it is a plain 200 that sets no cookie, is not marked private or no-store and used no
CSP nonce, so nothing personal is ever cached. The language is part of the path (/en/, /nl/, /de/), so each
language has its own copy; the host is part of the key too.

Copies live for `PAGE_CACHE_SECONDS` (0 turns the cache off) in the default cache (production: the file cache
under CACHE_DIR, shared by the gunicorn workers). Publishing, unpublishing, moving or deleting a page and editing
any content (pages, snippets such as the navigation, images, documents, sites, settings), editing an organisation or
a concept, or finishing a directory import bump a generation number that is part of every key, so every copy is
dropped at once. Changes that reach the search index later (after the commit, or a retag) show within
`PAGE_CACHE_SECONDS` at most.

Responses carry `X-Page-Cache: hit` or `miss`.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

logger = logging.getLogger(__name__)

GENERATION_KEY = "techland:page-cache:generation"
# Saving or deleting a row of these apps changes what pages show.
INVALIDATING_APPS = {
    "content",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailsettings",
    "wagtailredirects",
    "wagtail_localize",
    "taggit",
    "directory",
}
INVALIDATING_MODELS = {"directory.importrun"}
# Models of those apps that change on every visit or log line and never change a page.
IGNORED_MODELS = {"wagtailcore.pagelogentry", "wagtailcore.modellogentry"}
# Views cached besides Wagtail's pages: view name → whether the query string is part of the key (else: not cached
# with one). A query string longer than MAX_QUERY_STRING is never cached.
CACHED_VIEWS = {"wagtail_serve": False, "directory:organisation_list": True, "directory:organisation_detail": False}
MAX_QUERY_STRING = 300
SKIP_COOKIES = ("messages",)
_STORED_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "ETag", "Link")


def _seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, timeout=None)
    return int(value)


def invalidate() -> None:
    """Drop every cached page (by moving to a new generation)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:  # a cache that cannot be written must not break an editor's save
        logger.exception("Page cache: could not invalidate")


def _content_changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    label = meta.label_lower
    if label in IGNORED_MODELS:
        return
    if meta.app_label in INVALIDATING_APPS or label in INVALIDATING_MODELS:
        invalidate()


post_save.connect(_content_changed, dispatch_uid="techland.cache.content_saved")
post_delete.connect(_content_changed, dispatch_uid="techland.cache.content_deleted")


def remember(name: str, request, compute, seconds: int = 300):
    """`compute()`, kept in the cache per host and content generation: for the parts every page repeats (the
    navigation, the home page's address), so that they cost no queries on most requests. Editing content moves to
    a new generation, so a change shows on the next request. Works whatever PAGE_CACHE_SECONDS is; a cache that
    cannot be read or written only costs the computation."""
    host = request.get_host() if request is not None else ""
    try:
        key = f"techland:part:{generation()}:{name}:{hashlib.sha256(host.encode()).hexdigest()[:16]}"
        value = cache.get(key)
    except Exception:
        logger.exception("Page cache: could not read")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=seconds)
        except Exception:
            logger.exception("Page cache: could not store %s", name)
    return value


def _key(request) -> str:
    raw = f"{request.get_host()}|{request.path}|{request.META.get('QUERY_STRING', '')}"
    return f"techland:page:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or any(name in request.COOKIES for name in SKIP_COOKIES):
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in CACHED_VIEWS:
        return False
    query = request.META.get("QUERY_STRING", "")
    return not query or (CACHED_VIEWS[match.view_name] and len(query) <= MAX_QUERY_STRING)


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "_csp_nonce", None):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(request, "_page_cache_hit", False):
            return response
        if _storable(request, response):
            headers = {name: response[name] for name in _STORED_HEADERS if name in response}
            try:
                cache.set(key, (response.status_code, headers, response.content), timeout=_seconds())
            except Exception:  # a full or unwritable cache disk only costs speed
                logger.exception("Page cache: could not store %s", request.path)
        response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _seconds() <= 0 or not _cacheable_request(request):
            return None
        try:
            key = _key(request)
            cached = cache.get(key)
        except Exception:
            logger.exception("Page cache: could not read")
            return None
        request._page_cache_key = key
        if cached is None:
            return None
        status, headers, content = cached
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        request._page_cache_hit = True
        return response
