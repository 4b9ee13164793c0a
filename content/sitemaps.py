"""A sitemap per language, each URL listing its translations as hreflang alternates (and x-default)."""

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


class LocaleSitemap(Sitemap):
    """The live, public pages of one language's tree under the site's root page."""

    def __init__(self, request, language_code: str):
        super().__init__(request)
        self.language_code = language_code

    def items(self):
        site = self.get_wagtail_site()
        locale = Locale.objects.filter(language_code=self.language_code).first()
        root = site.root_page.get_translation_or_none(locale) if locale else None
        if root is None:
            return Page.objects.none()
        return root.get_descendants(inclusive=True).live().public().order_by("path").defer_streamfields().specific()

    def _absolute(self, page) -> str:
        """The page's address on the host the sitemap was requested from (or the site's own address)."""
        url = page.get_url(self.request)
        if url and url.startswith("/") and self.request is not None:
            return self.request.build_absolute_uri(url)
        return url or page.get_full_url(self.request)

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        translations: dict = {}
        keys = {item.translation_key for item in pages}
        for other in (
            Page.objects.live().public().filter(translation_key__in=keys).select_related("locale").order_by("path")
        ):
            translations.setdefault(other.translation_key, []).append(other)

        languages = [code for code, _name in settings.LANGUAGES]
        urls, last_mods = [], set()
        for item in pages:
            by_language = {
                other.locale.language_code: self._absolute(other)
                for other in translations.get(item.translation_key, [])
            }
            alternates = [
                {"lang_code": code, "location": by_language[code]} for code in languages if code in by_language
            ]
            if len(alternates) > 1 or (alternates and alternates[0]["lang_code"] != item.locale.language_code):
                default = by_language.get(settings.LANGUAGE_CODE)
                if default:
                    alternates.append({"lang_code": "x-default", "location": default})
            else:
                alternates = []
            location = by_language.get(item.locale.language_code) or self._absolute(item)
            lastmod = self.lastmod(item)
            urls.append({"item": item, "location": location, "lastmod": lastmod, "alternates": alternates})
            last_mods.add(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
