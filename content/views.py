"""Public views around the pages: site search, sitemaps and news feeds."""

import logging

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, Site

from content.query import clean_search_text
from content.sitemaps import LocaleSitemap

logger = logging.getLogger(__name__)

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10


@require_GET
def site_search(request):
    """Full-text search over the live pages in the current language."""
    query = clean_search_text(request.GET.get("q") or "")
    error = None
    results = None
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        error = _("Please use at most %(max)d characters.") % {"max": SEARCH_QUERY_MAX_LENGTH}
    elif query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).exclude(depth=1).specific()
        site = Site.find_for_request(request)
        home = site.root_page.localized if site else None
        if home is not None:
            pages = pages.descendant_of(home, inclusive=True)
        try:
            results = Paginator(pages.search(query), SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        except DatabaseError:
            # A query the search engine cannot parse: say so rather than fail.
            logger.warning("Site search could not answer %r", query, exc_info=True)
            error = _("This search cannot be answered. Please use other words.")
            results = None
    return TemplateResponse(
        request,
        "content/search.html",
        {"search_query": query, "results": results, "error": error},
        status=400 if error else 200,
    )


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@require_GET
def sitemap_index(request):
    sitemaps = {code: LocaleSitemap(request, code) for code in _language_codes()}
    return sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap_section")


@require_GET
def sitemap_section(request, section: str):
    if section not in _language_codes():
        raise Http404("No sitemap for this language.")
    return sitemap_views.sitemap(request, {section: LocaleSitemap(request, section)}, section=section)
