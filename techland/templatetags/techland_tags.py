"""Template tags for the site frame: language switcher, hreflang alternates, footer links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from techland.cache import remember

register = template.Library()


def _site_home(request, language_code: str) -> Page | None:
    site = Site.find_for_request(request) if request else Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    try:
        locale = Locale.objects.get(language_code=language_code)
    except Locale.DoesNotExist:
        return None
    return site.root_page.get_translation_or_none(locale)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One entry per site language, pointing at the translation of what is on screen.

    On a Wagtail page this is the page's translation, or that language's home page when
    there is none yet. On any other view it is the same URL under the other language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    is_page = isinstance(page, Page) and page.pk is not None
    translations: dict[str, Page] = {}
    if is_page:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated

    links = []
    for code, _name in settings.LANGUAGES:
        url, exact = None, False
        if is_page:
            target = translations.get(code)
            if target is not None:
                url, exact = target.get_url(request), True
            else:
                home = _site_home(request, code)
                url = home.get_url(request) if home is not None and home.live else None
        elif request is not None:
            path = request.get_full_path()
            translated = translate_url(path, code)
            if translated != path or code == current:
                url, exact = translated, True
        links.append(
            {
                "code": code,
                "name": settings.LANGUAGE_NAMES_NATIVE.get(code, code),
                "url": url or f"/{code}/",
                "exact": exact,
                "current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    request = context.get("request")
    if request is None or url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def locale_home_url(context) -> str:
    request = context.get("request")
    code = translation.get_language() or settings.LANGUAGE_CODE
    if request is None:
        return f"/{code}/"

    def home_url() -> str:
        home = _site_home(request, code)
        return (home.get_url(request) if home is not None and home.live else None) or f"/{code}/"

    return remember(f"home:{code}", request, home_url)
