from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers

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
