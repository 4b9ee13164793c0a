import logging
import secrets

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

# Paths that live outside the language prefixes: their 404s are answered as they are.
UNPREFIXED_PATHS = ("/api/", "/admin/", "/documents/", "/static/", "/media/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, without its "try the language prefix" redirect for unprefixed areas.

    The Wagtail catch-all accepts every path, so Django would redirect any 404 under /api/ to /en/api/…,
    turning a JSON 404 into an HTML page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_PATHS):
            patch_vary_headers(response, ("Accept-Language",))
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy (and Permissions-Policy) header on every response.

    The public site and the members' area get `CSP_POLICY`: scripts and styles from our own origin only, no
    'unsafe-inline' and no 'unsafe-eval'. Paths starting with one of `CSP_ADMIN_PATHS` get `CSP_ADMIN_POLICY`,
    which allows inline scripts and styles because the Wagtail admin still relies on them (README, "Security").

    A template that cannot avoid an inline block reads `request.csp_nonce`
    (`<script nonce="{{ request.csp_nonce }}">`); the nonce is then added to script-src and style-src of that
    response only, so cacheable pages that never use it carry no nonce. A response that already has a policy
    (Wagtail's document and image views send `default-src 'none'`) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._csp_nonce = None
        request.csp_nonce = _LazyNonce(request)
        response = self.get_response(request)
        self.add_headers(request, response)
        return response

    @staticmethod
    def policy_for(request) -> dict[str, list[str]]:
        if request.path_info.startswith(tuple(settings.CSP_ADMIN_PATHS)):
            return settings.CSP_ADMIN_POLICY
        return settings.CSP_POLICY

    def add_headers(self, request, response) -> None:
        header = "Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY else "Content-Security-Policy"
        if "Content-Security-Policy" not in response and header not in response:
            directives = {name: list(values) for name, values in self.policy_for(request).items()}
            nonce = getattr(request, "_csp_nonce", None)
            if nonce:
                for name in ("script-src", "style-src"):
                    if name in directives:
                        directives[name].append(f"'nonce-{nonce}'")
            response[header] = "; ".join(" ".join([name, *values]) for name, values in directives.items())
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY


class _LazyNonce:
    """A per-request nonce, generated (and added to the policy) only when a template reads it."""

    def __init__(self, request):
        self._request = request

    def __str__(self) -> str:
        if self._request._csp_nonce is None:
            self._request._csp_nonce = secrets.token_urlsafe(16)
        return self._request._csp_nonce

    __html__ = __str__

    def __bool__(self) -> bool:
        return True


class ApiThrottleMiddleware:
    """Limits requests to the public JSON APIs (settings.THROTTLE_API_PATHS) per client address.

    The count lives in the database (members.throttling), so the limit holds across worker processes. Beyond the
    limit the API answers 429 with a JSON error and Retry-After. When the database cannot count (read-only, or
    failing), the request goes through uncounted: the API only reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(tuple(settings.THROTTLE_API_PATHS)):
            from members import throttling

            ip = throttling.client_ip(request)
            decision = None
            if ip:
                try:
                    with transaction.atomic():  # a refused write must not spoil an enclosing transaction
                        decision = throttling.hit(throttling.rate_limit("public_api"), ip)
                except DatabaseError:
                    # A read-only or failing database cannot count; the API only reads, so it still answers.
                    logger.warning("API throttle: the request could not be counted; letting it through", exc_info=True)
                if decision is not None and not decision.allowed:
                    response = JsonResponse(
                        {
                            "message": "Too many requests; try again later.",
                            "retry_after": decision.retry_after,
                        },
                        status=429,
                    )
                    response["Retry-After"] = str(decision.retry_after)
                    return response
        return self.get_response(request)
