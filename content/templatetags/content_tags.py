"""Template tags for content: editable navigation, links that follow the reader's language, Open Graph."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page

from content.models import Navigation
from techland.cache import remember

register = template.Library()


@dataclass(frozen=True)
class LinkedPage:
    """What the navigation keeps of a linked page: enough to mark the link of the page on screen."""

    pk: int
    depth: int
    path: str


def _resolve_link(value, request) -> dict | None:
    """{url, label, page} for a LinkBlock value; page links lead to the page in the reader's language."""
    page = value.get("page")
    if page is not None:
        page = page.localized if isinstance(page, Page) else page
        if not page.live:
            return None
        url = page.get_url(request)
        if url is None:
            return None
        linked = LinkedPage(pk=page.pk, depth=page.depth, path=page.path)
        return {"url": url, "label": value.get("label") or page.title, "page": linked}
    if value.get("url"):
        return {"url": value["url"], "label": value.get("label") or value["url"], "page": None}
    return None


def _navigation(request) -> dict:
    navigation = Navigation.for_active_language()
    if navigation is None:
        return {"main": [], "footer": [], "footer_text": ""}
    resolve = lambda stream: [link for block in stream if (link := _resolve_link(block.value, request))]  # noqa: E731
    return {
        "main": resolve(navigation.main_links),
        "footer": resolve(navigation.footer_links),
        "footer_text": str(navigation.footer_text),
    }


@register.simple_tag(takes_context=True)
def site_navigation(context) -> dict:
    """The header and footer links in the active language (empty lists when none are set up)."""
    request = context.get("request")
    language = translation.get_language()
    cached = getattr(request, "_site_navigation", None)
    if cached is not None and cached[0] == language:  # header and footer share one lookup per request
        return cached[1]
    result = remember(f"navigation:{language}", request, lambda: _navigation(request))
    if request is not None:
        request._site_navigation = (language, result)
    return result


@register.simple_tag(takes_context=True)
def aria_current(context, link_page) -> str:
    """`page` when the link is the page on screen, `true` when the page is inside its section, else empty."""
    page = context.get("page")
    if not isinstance(page, Page) or link_page is None:
        return ""
    if page.pk == link_page.pk:
        return "page"
    if link_page.depth > 2 and page.path.startswith(link_page.path):
        return "true"
    return ""


@register.simple_tag
def og_locale(language_code: str | None = None) -> str:
    """Open Graph locale (en_GB, nl_NL, de_DE) for a language code."""
    code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    return {"en": "en_GB", "nl": "nl_NL", "de": "de_DE"}.get(code, code)


@register.filter
def localized_page(page):
    """The page in the active language when a live translation exists."""
    return page.localized if isinstance(page, Page) else page


@register.simple_tag
def directory_search_url(cluster: str = "") -> str:
    """The public directory's search page in the active language (`?cluster=` when given)."""
    from django.urls import NoReverseMatch, reverse
    from django.utils.http import urlencode

    url = None
    for name in ("directory:organisation_list", "directory:search", "directory:index"):
        try:
            url = reverse(name)
            break
        except NoReverseMatch:
            continue
    if url is None:
        url = f"/{translation.get_language() or settings.LANGUAGE_CODE}/directory/"
    return f"{url}?{urlencode({'cluster': cluster})}" if cluster else url
