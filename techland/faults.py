"""Faults the site answers with a clear, translated page instead of a 500.

- The database refuses writes (a read-only replica, PostgreSQL's `default_transaction_read_only`, an SQLite file
  that cannot be written): 503 with Retry-After, saying that browsing works and that nothing was saved.
- The disk for uploaded files is full (`OSError` ENOSPC or EDQUOT while storing an image or document): 507, saying
  that the file was not stored.

Both are recognised wherever they happen: in a view (`process_exception`), or in another middleware such as the
session middleware saving a session after the view (the `got_request_exception` signal marks the request, and the
middleware replaces the 500 response on its way out). JSON clients (the APIs, the admin's multiple upload) get
`{"errors": {"service": [message]}}`.

Add `"techland.faults.FaultMiddleware"` to MIDDLEWARE before the session middleware.
"""

from __future__ import annotations

import errno
import logging

from django.core.signals import got_request_exception
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

READ_ONLY = "read_only"
DISK_FULL = "disk_full"
STATUS = {READ_ONLY: 503, DISK_FULL: 507}
RETRY_AFTER_SECONDS = 300
# PostgreSQL's SQLSTATE for "cannot execute … in a read-only transaction".
READ_ONLY_SQLSTATE = "25006"
READ_ONLY_WORDS = ("read-only", "readonly", "read only")
DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_ATTRIBUTE = "_techland_fault"


def _chain(exc: BaseException | None):
    """The exception and its causes (a database error wraps the driver's error, a storage error an OSError)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def classify(exc: BaseException | None) -> str | None:
    """READ_ONLY, DISK_FULL or None for any other exception."""
    for item in _chain(exc):
        if isinstance(item, DatabaseError) or type(item).__module__.startswith(("psycopg", "sqlite3")):
            if getattr(item, "sqlstate", None) == READ_ONLY_SQLSTATE:
                return READ_ONLY
            if any(word in str(item).lower() for word in READ_ONLY_WORDS):
                return READ_ONLY
        if isinstance(item, OSError) and item.errno in DISK_FULL_ERRNOS:
            return DISK_FULL
    return None


def _messages(fault: str) -> tuple[str, str]:
    if fault == READ_ONLY:
        return (
            _("Changes are paused for maintenance"),
            _(
                "TECH.LAND is in read-only mode for a short while. You can still browse and search, but signing "
                "in and saving changes are not possible right now. Nothing you sent has been saved. Please try "
                "again in a few minutes."
            ),
        )
    return (
        _("The file could not be stored"),
        _(
            "There is no space left to store uploaded files at the moment. Nothing has been saved. Please try "
            "again later; the problem has been logged for the administrators."
        ),
    )


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.path_info.startswith("/api/")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or ("application/json" in accept and "text/html" not in accept)
    )


def fault_response(request, fault: str) -> HttpResponse:
    """The page (or JSON) that explains `fault`, in the language of the request."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "en"
    with translation.override(language):
        title, message = _messages(fault)
        status = STATUS[fault]
        if _wants_json(request):
            response = JsonResponse({"errors": {"service": [message]}}, status=status)
        else:
            try:
                html = loader.render_to_string(
                    "faults/unavailable.html", {"title": title, "message": message}, request=request
                )
            except Exception:  # the page must not fail too: the plain version has no template and no queries
                logger.exception("Could not render the fault page")
                html = (
                    f"<!doctype html><html lang='{escape(language)}'><head><meta charset='utf-8'>"
                    f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
                    f"<p>{escape(message)}</p></body></html>"
                )
            response = HttpResponse(html, status=status)
    if fault == READ_ONLY:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _log(request, fault: str, exc: BaseException | None) -> None:
    if fault == DISK_FULL:
        logger.error("Disk full while storing an upload: %s %s (%s)", request.method, request.path, exc)
    else:
        logger.warning("Database is read-only: %s %s answered 503 (%s)", request.method, request.path, exc)


def _mark_request(sender, request=None, **kwargs) -> None:
    """got_request_exception: remember a recognised fault on the request, for FaultMiddleware to answer."""
    import sys

    exc = sys.exc_info()[1]
    fault = classify(exc)
    if request is not None and fault is not None:
        setattr(request, _ATTRIBUTE, (fault, exc))


got_request_exception.connect(_mark_request, dispatch_uid="techland.faults.mark_request")


class FaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        marked = getattr(request, _ATTRIBUTE, None)
        if marked is not None and response.status_code == 500:
            fault, exc = marked
            _log(request, fault, exc)
            return fault_response(request, fault)
        return response

    def process_exception(self, request, exception):
        fault = classify(exception)
        if fault is None:
            return None
        _log(request, fault, exception)
        return fault_response(request, fault)
