"""Sample pages: the site's page tree in English, translated into Dutch and German.

Idempotent: pages are found by their English slug under their parent and only created when
missing; translations are only made for languages that do not have one yet. The text lives in
`content.sample_content`.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.utils.html import escape
from wagtail.models import Locale, Page, Site
from wagtail_localize.strings import StringValue

from content.models import (
    ClusterIndexPage,
    ClusterPage,
    ClusterTag,
    HomePage,
    Navigation,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    SuccessStoryIndexPage,
    SuccessStoryPage,
    SuccessStoryPartner,
)
from content.sample_content import (
    CLUSTER_INDEX,
    CLUSTERS,
    HOME_FIGURES,
    HOME_FIGURES_HEADING,
    NAVIGATION,
    NEWS,
    NEWS_INDEX,
    STANDARD_PAGES,
    STORIES,
    STORY_INDEX,
    T,
)
from content.sample_images import cluster_image
from content.translation import translation_apply

TARGET_LANGUAGES = ("nl", "de")

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


class Strings:
    """Collects {language: {source segment: translated segment}} while a page's English text is built."""

    def __init__(self, base: dict[str, dict[str, str]] | None = None):
        self.by_language: dict[str, dict[str, str]] = defaultdict(dict)
        for code, strings in (base or {}).items():
            self.by_language[code].update(strings)

    def __call__(self, text: T) -> str:
        source = StringValue.from_plaintext(text.en).data
        for code in TARGET_LANGUAGES:
            self.by_language[code][source] = StringValue.from_plaintext(getattr(text, code)).data
        return text.en

    def rich(self, paragraphs: list[T]) -> str:
        return "".join(f"<p>{escape(self(paragraph))}</p>" for paragraph in paragraphs)

    def figures(self, figures) -> list[dict]:
        return [
            {"type": "figure", "value": {"value": self(T(value, value, value)), "label": self(label)}}
            for value, label in figures
        ]

    def for_languages(self, codes) -> dict[str, dict[str, str]]:
        return {code: dict(self.by_language[code]) for code in codes}


def ensure_locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}


def _translate_missing(page, strings: Strings, locales: dict[str, Locale]) -> list[str]:
    missing = [code for code in TARGET_LANGUAGES if not page.has_translation(locales[code])]
    if missing:
        translation_apply(instance=page, strings_by_language=strings.for_languages(missing))
    return missing


def _ensure_child(parent: Page, model, slug: str, **fields):
    """The live child page of `parent` with this slug, created and published when missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    return page, True


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


def ensure_home_figures(home: HomePage) -> None:
    """Key figures on the home page; added once, then the translations are brought up to date."""
    if home.key_figures:
        return
    strings = Strings(HOME_TRANSLATIONS)
    home.key_figures_heading = strings(HOME_FIGURES_HEADING)
    home.key_figures = strings.figures(HOME_FIGURES)
    home.save_revision().publish()
    translation_apply(instance=home, strings_by_language=strings.for_languages(TARGET_LANGUAGES))


def _index_page(home, model, data, locales):
    strings = Strings()
    page, _created = _ensure_child(
        home, model, strings(data["slug"]), title=strings(data["title"]), intro=strings.rich(data["intro"])
    )
    _translate_missing(page, strings, locales)
    return page


def _cluster_images() -> dict:
    return {data["cluster"]: cluster_image(data["cluster"], data["title"].en) for data in CLUSTERS}


def ensure_clusters(home, locales) -> ClusterIndexPage:
    index = _index_page(home, ClusterIndexPage, CLUSTER_INDEX, locales)
    images = _cluster_images()
    for data in CLUSTERS:
        strings = Strings()
        page, _created = _ensure_child(
            index,
            ClusterPage,
            strings(data["slug"]),
            title=strings(data["title"]),
            cluster=data["cluster"],
            lead_image=images[data["cluster"]],
            tagline=strings(data["tagline"]),
            introduction=strings.rich(data["introduction"]),
            key_technologies=[
                {"type": "technology", "value": {"name": strings(name), "description": strings(description)}}
                for name, description in data["technologies"]
            ],
        )
        _translate_missing(page, strings, locales)
    return index


def _body(strings: Strings, items) -> list[dict]:
    blocks = []
    for kind, value in items:
        if kind == "heading":
            blocks.append({"type": "heading", "value": {"text": strings(value), "level": "h2"}})
        elif kind == "paragraph":
            blocks.append({"type": "paragraph", "value": strings.rich([value])})
        elif kind == "quote":
            quote, attribution = value
            blocks.append({"type": "quote", "value": {"quote": strings(quote), "attribution": strings(attribution)}})
        elif kind == "table":
            blocks.append(
                {
                    "type": "table",
                    "value": {
                        "data": [[strings(cell) for cell in row] for row in value["rows"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": strings(value["caption"]),
                    },
                }
            )
    return blocks


def ensure_news(home, locales) -> NewsIndexPage:
    index = _index_page(home, NewsIndexPage, NEWS_INDEX, locales)
    tags = {tag.slug: tag for tag in ClusterTag.objects.all()}
    images = _cluster_images()
    for data in NEWS:
        strings = Strings()
        body = [("paragraph", paragraph) for paragraph in data["body"]]
        if data.get("quote"):
            body.insert(1, ("quote", data["quote"]))
        page, created = _ensure_child(
            index,
            NewsPage,
            strings(data["slug"]),
            title=strings(data["title"]),
            date=datetime.date.fromisoformat(data["date"]),
            author=strings(data["author"]),
            intro=strings(data["intro"]),
            body=_body(strings, body),
            is_example=data["example"],
            lead_image=images[data["clusters"][0]] if len(data["clusters"]) == 1 else None,
        )
        if created:
            page.clusters.set([tags[slug] for slug in data["clusters"] if slug in tags])
            page.save_revision().publish()
        _translate_missing(page, strings, locales)
    return index


def ensure_stories(home, locales) -> SuccessStoryIndexPage:
    index = _index_page(home, SuccessStoryIndexPage, STORY_INDEX, locales)
    images = _cluster_images()
    for data in STORIES:
        strings = Strings()
        quote, attribution = data["quote"]
        page, created = _ensure_child(
            index,
            SuccessStoryPage,
            strings(data["slug"]),
            title=strings(data["title"]),
            cluster=data["cluster"],
            lead_image=images[data["cluster"]],
            summary=strings(data["summary"]),
            outcome_figures=[
                {"type": "figure", "value": {"value": strings(T(value, value, value)), "label": strings(label)}}
                for value, label in data["figures"]
            ],
            quote=strings(quote),
            quote_attribution=strings(attribution),
            body=_body(strings, [("paragraph", paragraph) for paragraph in data["body"]]),
            is_example=True,
        )
        if created:
            page.partners = [
                SuccessStoryPartner(name=name, country=country, role=role) for name, country, role in data["partners"]
            ]
            page.save_revision().publish()
        _translate_missing(page, strings, locales)
    return index


def ensure_standard_pages(home, locales) -> dict[str, StandardPage]:
    pages = {}
    for key, data in STANDARD_PAGES.items():
        strings = Strings()
        page, _created = _ensure_child(
            home,
            StandardPage,
            strings(data["slug"]),
            title=strings(data["title"]),
            intro=strings.rich(data["intro"]),
            body=_body(strings, data["body"]),
        )
        _translate_missing(page, strings, locales)
        pages[key] = page
    return pages


def ensure_navigation(pages_by_key: dict[str, Page], locales) -> Navigation:
    english = locales[settings.LANGUAGE_CODE]
    navigation = Navigation.objects.filter(locale=english).first()
    strings = Strings()

    def links(entries):
        return [
            {"type": "link", "value": {"page": pages_by_key[key].pk, "url": "", "label": strings(label)}}
            for key, label in entries
        ]

    main, footer, footer_text = (
        links(NAVIGATION["main"]),
        links(NAVIGATION["footer"]),
        strings(NAVIGATION["footer_text"]),
    )
    if navigation is None:
        navigation = Navigation.objects.create(
            locale=english, main_links=main, footer_links=footer, footer_text=footer_text
        )
    _translate_missing(navigation, strings, locales)
    return navigation


def load(*, stdout, verbosity: int = 1) -> None:
    locales = ensure_locales()
    home = ensure_home_page()
    ensure_home_figures(home)
    clusters = ensure_clusters(home, locales)
    news = ensure_news(home, locales)
    stories = ensure_stories(home, locales)
    standard = ensure_standard_pages(home, locales)
    ensure_navigation({"clusters": clusters, "news": news, "stories": stories, **standard}, locales)
    if verbosity:
        languages = ", ".join(sorted(p.locale.language_code for p in home.get_translations(inclusive=True)))
        pages = Page.objects.filter(depth__gt=1).count()
        stdout.write(f"Content ready: {pages} pages in {languages}")
