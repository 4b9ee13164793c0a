"""Sample pages: the site's page tree in English, translated into Dutch and German.

Idempotent: pages are found by slug and only created when missing.
"""

from django.conf import settings
from wagtail.models import Locale, Page, Site

from content.models import HomePage
from content.translation import translation_apply

HOME_TEXT = {
    "title": "TECH.LAND",
    "hero_title": "Cross-border innovation in the Dutch–German border region",
    "hero_text": (
        "<p>Find companies, knowledge institutions and networks in Overijssel, Gelderland, "
        "Münsterland and Emscher-Lippe, and the partners across the border that fit your plans.</p>"
    ),
}
HOME_TRANSLATIONS = {
    "nl": {
        "Cross-border innovation in the Dutch–German border region": "Grensoverschrijdende innovatie in de Nederlands-Duitse grensregio",
        "Find companies, knowledge institutions and networks in Overijssel, Gelderland, "
        "Münsterland and Emscher-Lippe, and the partners across the border that fit your plans.": (
            "Vind bedrijven, kennisinstellingen en netwerken in Overijssel, Gelderland, Münsterland en "
            "Emscher-Lippe, en de partners over de grens die bij uw plannen passen."
        ),
    },
    "de": {
        "Cross-border innovation in the Dutch–German border region": "Grenzüberschreitende Innovation in der deutsch-niederländischen Grenzregion",
        "Find companies, knowledge institutions and networks in Overijssel, Gelderland, "
        "Münsterland and Emscher-Lippe, and the partners across the border that fit your plans.": (
            "Finden Sie Unternehmen, Wissenseinrichtungen und Netzwerke in Overijssel, Gelderland, "
            "im Münsterland und in der Emscher-Lippe-Region – und die Partner jenseits der Grenze, die zu Ihren Plänen passen."
        ),
    },
}


def ensure_locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}


def ensure_home_page() -> HomePage:
    """The English home page as the default site's root, with its Dutch and German translations."""
    locales = ensure_locales()
    english = locales[settings.LANGUAGE_CODE]
    home = HomePage.objects.filter(locale=english).first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail installs a placeholder "Welcome" page with the slug "home"; the real home page replaces it.
        for placeholder in root.get_children().exact_type(Page):
            if placeholder.get_children_count() == 0:
                placeholder.delete()
        home = root.add_child(instance=HomePage(locale=english, slug="home", **HOME_TEXT))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="TECH.LAND")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "TECH.LAND"
        site.save()
    missing = [code for code in HOME_TRANSLATIONS if not home.has_translation(locales[code])]
    if missing:
        translation_apply(instance=home, strings_by_language={code: HOME_TRANSLATIONS[code] for code in missing})
    return home


def load(*, stdout, verbosity: int = 1) -> None:
    home = ensure_home_page()
    if verbosity:
        languages = ", ".join(sorted(p.locale.language_code for p in home.get_translations(inclusive=True)))
        stdout.write(f"Home page ready in: {languages}")
