"""What visitors see: home page, listings, search, sitemap, feeds, Open Graph and the footer."""

import re
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale

from content.models import ClusterPage, ClusterTag, Navigation, NewsPage, StandardPage, SuccessStoryPage
from content.translation import translation_apply

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ATOM_NS = "http://www.w3.org/2005/Atom"


def _xml(content: bytes):
    """Parse the site's own response; a parse error means the document is not well-formed."""
    return ET.fromstring(content)  # noqa: S314


def _publish(parent, model, **fields):
    page = parent.add_child(instance=model(**fields))
    page.save_revision().publish()
    return page


@pytest.fixture
def news(sections, run_on_commit):
    """Twelve English news items (the newest tagged Health), one translated into Dutch."""
    health = ClusterTag.objects.get(slug="health_medtech")
    items = []
    with run_on_commit():
        for day in range(1, 13):
            item = _publish(
                sections["news"],
                NewsPage,
                title=f"News item {day:02d}",
                slug=f"item-{day:02d}",
                date=f"2026-10-{day:02d}",
                intro=f"Summary {day:02d}.",
                author="Editorial team",
            )
            if day >= 11:
                item.clusters.set([health])
                item.save_revision().publish()
            items.append(item)
        translation_apply(instance=sections["news"], strings_by_language={"nl": {"News": "Nieuws", "news": "nieuws"}})
        translation_apply(
            instance=items[-1],
            strings_by_language={
                "nl": {
                    "News item 12": "Nieuwsbericht 12",
                    "item-12": "bericht-12",
                    "Summary 12.": "Samenvatting 12.",
                    "Editorial team": "Redactie",
                }
            },
        )
    return items


def test_news_index_paginates_newest_first(client, news):
    html = client.get("/en/news/").content.decode()
    titles = re.findall(r'<h3><a href="[^"]+">(News item \d+)</a></h3>', html)
    assert titles == [f"News item {day:02d}" for day in range(12, 2, -1)]
    assert "Page 1 of 2" in html
    second = client.get("/en/news/?page=2").content.decode()
    assert re.findall(r"<h3><a [^>]+>(News item \d+)</a></h3>", second) == ["News item 02", "News item 01"]


def test_news_index_filters_by_cluster_and_explains_a_bad_filter(client, news):
    html = client.get("/en/news/?cluster=health_medtech").content.decode()
    assert re.findall(r"<h3><a [^>]+>(News item \d+)</a></h3>", html) == ["News item 12", "News item 11"]
    response = client.get("/en/news/?cluster=nonsense&page=abc")
    assert response.status_code == 200
    assert "There is no cluster" in response.content.decode()
    assert len(re.findall(r"<h3><a ", response.content.decode())) == 10


def test_news_index_empty_state(client, sections):
    html = client.get("/en/news/?cluster=circular_economy").content.decode()
    assert "There is no news from this cluster yet." in html


def test_home_page_shows_clusters_latest_news_and_directory_search(client, sections, news, run_on_commit):
    with run_on_commit():
        _publish(
            sections["clusters"],
            ClusterPage,
            title="Circular Economy",
            slug="circular",
            cluster="circular_economy",
            tagline="Keeping materials in use.",
        )
        _publish(
            sections["stories"],
            SuccessStoryPage,
            title="Yarn from workwear",
            slug="yarn",
            cluster="circular_economy",
            summary="Sorting and spinning.",
            is_example=True,
        )
    html = client.get("/en/").content.decode()
    assert "Circular Economy" in html and "Keeping materials in use." in html
    latest = re.findall(r"<h3><a [^>]+>(News item \d+)</a></h3>", html)
    assert latest == ["News item 12", "News item 11", "News item 10"]
    assert "Yarn from workwear" in html
    form = re.search(r'<form class="directory-search"[^>]*action="([^"]+)"', html)
    assert form and form.group(1).startswith("/en/directory/")
    assert 'name="q"' in html


def test_news_page_open_graph_and_example_notice(client, sections, run_on_commit):
    with run_on_commit():
        item = _publish(
            sections["news"],
            NewsPage,
            title="Fieldlab open day",
            slug="fieldlab",
            date="2026-10-15",
            intro="Small manufacturers tried out robots.",
            is_example=True,
        )
    html = client.get(item.url).content.decode()
    assert '<meta name="description" content="Small manufacturers tried out robots.">' in html
    assert '<meta property="og:title" content="Fieldlab open day">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://testserver/en/news/fieldlab/">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<link rel="canonical" href="http://testserver/en/news/fieldlab/">' in html
    assert "written as an example" in html


def test_search_finds_pages_in_the_current_language_only(client, news):
    english = client.get("/en/search/?q=Summary").content.decode()
    assert "News item 05" in english and "Nieuwsbericht 12" not in english
    dutch = client.get("/nl/search/?q=Samenvatting").content.decode()
    assert "Nieuwsbericht 12" in dutch
    assert "News item" not in re.sub(r"<head>.*</head>", "", dutch, flags=re.S)
    assert "Niets gevonden voor" in client.get("/nl/search/?q=Summary").content.decode()


def test_search_rejects_an_overlong_query_and_handles_an_empty_one(client, home_page):
    response = client.get("/en/search/", {"q": "x" * 500})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert client.get("/en/search/?q=").status_code == 200


@pytest.mark.parametrize("query", ['"', 'Summary "05', "Sum\x00mary", "\x01", "(", "NEAR(", "*"])
def test_search_syntax_and_control_characters_never_fail(client, news, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


@pytest.mark.parametrize("query", ['"', 'Summary "05', "a\x00b"])
def test_api_search_with_syntax_characters_never_fails(client, news, query):
    response = client.get("/api/v2/pages/", {"search": query})
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("application/json")


def test_search_reads_quoted_words_as_plain_words(client, news):
    assert "News item 05" in client.get("/en/search/", {"q": '"Summary'}).content.decode()


def test_sitemaps_validate_and_list_hreflang_alternates(client, news):
    index = _xml(client.get("/sitemap.xml").content)
    assert index.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    locations = [loc.text for loc in index.iter(f"{{{SITEMAP_NS}}}loc")]
    assert locations == [f"http://testserver/sitemap-{code}.xml" for code in ("en", "nl", "de")]

    response = client.get("/sitemap-nl.xml")
    assert response["Content-Type"].startswith("application/xml")
    urlset = _xml(response.content)
    assert urlset.tag == f"{{{SITEMAP_NS}}}urlset"
    entries = {
        url.find(f"{{{SITEMAP_NS}}}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{{{XHTML_NS}}}link")
        }
        for url in urlset.findall(f"{{{SITEMAP_NS}}}url")
    }
    assert set(entries) == {
        "http://testserver/nl/",
        "http://testserver/nl/nieuws/",
        "http://testserver/nl/nieuws/bericht-12/",
    }
    assert entries["http://testserver/nl/nieuws/bericht-12/"] == {
        "en": "http://testserver/en/news/item-12/",
        "nl": "http://testserver/nl/nieuws/bericht-12/",
        "x-default": "http://testserver/en/news/item-12/",
    }
    english = _xml(client.get("/sitemap-en.xml").content)
    assert len(english.findall(f"{{{SITEMAP_NS}}}url")) == 1 + 4 + 12
    assert client.get("/sitemap-fr.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client, home_page):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_rss_feed_per_language_is_valid(client, news):
    response = client.get("/nl/feeds/news.rss")
    assert response.status_code == 200
    channel = _xml(response.content).find("channel")
    assert channel.find("language").text == "nl"
    items = channel.findall("item")
    assert [item.find("title").text for item in items] == ["Nieuwsbericht 12"]
    assert items[0].find("link").text == "http://testserver/nl/nieuws/bericht-12/"
    assert [c.text for c in items[0].findall("category")]  # the cluster tag, in Dutch
    english = _xml(client.get("/en/feeds/news.rss").content).find("channel")
    assert len(english.findall("item")) == 12


def test_atom_feed_is_valid(client, news):
    feed = _xml(client.get("/en/feeds/news.atom").content)
    assert feed.tag == f"{{{ATOM_NS}}}feed"
    entries = feed.findall(f"{{{ATOM_NS}}}entry")
    assert entries[0].find(f"{{{ATOM_NS}}}title").text == "News item 12"
    assert entries[0].find(f"{{{ATOM_NS}}}link").get("href") == "http://testserver/en/news/item-12/"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_footer_links_legal_pages_in_the_readers_language(client, home_page, sections, run_on_commit):
    with run_on_commit():
        imprint = _publish(home_page, StandardPage, title="Imprint", slug="imprint")
        privacy = _publish(home_page, StandardPage, title="Privacy", slug="privacy")
        for page, nl, de in ((imprint, "colofon", "impressum"), (privacy, "privacy", "datenschutz")):
            translation_apply(instance=page, strings_by_language={"nl": {page.slug: nl}, "de": {page.slug: de}})
        navigation = Navigation.objects.create(
            locale=Locale.objects.get(language_code="en"),
            footer_links=[
                {"type": "link", "value": {"page": imprint.pk, "url": "", "label": "Imprint"}},
                {"type": "link", "value": {"page": privacy.pk, "url": "", "label": "Privacy"}},
            ],
        )
        translation_apply(
            instance=navigation,
            strings_by_language={"de": {"Imprint": "Impressum", "Privacy": "Datenschutz"}},
        )
    footer = client.get("/de/").content.decode().split('class="site-footer"')[1]
    assert '<a href="/de/impressum/">Impressum</a>' in footer
    assert '<a href="/de/datenschutz/">Datenschutz</a>' in footer
    # No Dutch navigation yet: the English one is used, but its links lead to the Dutch pages.
    footer = client.get("/nl/").content.decode().split('class="site-footer"')[1]
    assert '<a href="/nl/colofon/">Imprint</a>' in footer


def test_cluster_page_lists_organisations_of_its_cluster(client, sections, run_on_commit):
    from directory.models import Organisation, OrganisationCluster

    with run_on_commit():
        page = _publish(sections["clusters"], ClusterPage, title="Health", slug="health", cluster="health_medtech")
    tagged = Organisation.objects.create(
        name="Twente Medical Devices", slug="twente-medical", country="NL", city="Enschede"
    )
    OrganisationCluster.objects.create(organisation=tagged, cluster="health_medtech")
    other = Organisation.objects.create(name="Münster Battery Works", slug="muenster-battery", country="DE")
    OrganisationCluster.objects.create(organisation=other, cluster="battery_hydrogen")
    html = client.get(page.url).content.decode()
    assert "Twente Medical Devices" in html
    assert "Münster Battery Works" not in html
    assert "See the 1 organisation in the directory" in html
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))
    assert figures["organisations in the directory"] == "1"
    assert figures["of them in the Netherlands"] == "1"
    assert figures["of them in Germany"] == "0"
