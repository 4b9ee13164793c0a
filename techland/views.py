"""Site-wide views: health check, robots.txt and the translated error pages."""

import logging

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Shown when even the error template cannot be rendered.
PLAIN_SERVER_ERROR = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Server error</title></head>"
    "<body><h1>Server error</h1><p>Something went wrong on our side. Please try again later.</p></body></html>"
)


@never_cache
@require_GET
def health(request):
    """Liveness and readiness: the database answers, and each dependency reports its state."""
    checks = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any database failure makes the site unhealthy
        logger.exception("Health check: database unavailable")
        checks["database"] = "unavailable"
        status = 503
    # Directory search keeps answering when degraded (Elasticsearch down: the embedded index answers), so its
    # state is reported without failing the check.
    from search.backends import search_health

    checks["search"] = search_health()
    return JsonResponse({"status": "ok" if status == 200 else "error", "checks": checks}, status=status)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/members/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}" if _has_sitemap() else "",
    ]
    return HttpResponse("\n".join(line for line in lines if line) + "\n", content_type="text/plain")


def _has_sitemap() -> bool:
    try:
        reverse("sitemap")
    except Exception:
        return False
    return True


def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponse(template.render({"request_path": request.path}, request), status=404)


def server_error(request):
    """Render the 500 page in the visitor's language without touching the database."""
    try:
        template = loader.get_template("500.html")
        return HttpResponseServerError(template.render({}, None))
    except Exception:
        logger.exception("Could not render the 500 page")
        return HttpResponseServerError(PLAIN_SERVER_ERROR)
