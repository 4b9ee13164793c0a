"""The public insights pages and CSV downloads, in the three languages, with bad input."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"insights:{name}", kwargs=kwargs)


@pytest.mark.parametrize(
    ("language", "heading", "type_label"),
    [
        ("en", "The Dutch–German border region in figures", "Research institute"),
        ("nl", "De Nederlands-Duitse grensregio in cijfers", "Onderzoeksinstituut"),
        ("de", "Die deutsch-niederländische Grenzregion in Zahlen", "Forschungsinstitut"),
    ],
)
def test_overview_in_three_languages(client, region, language, heading, type_label):
    response = client.get(url("overview", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert type_label in html
    assert html.count("<svg") >= 6 and html.count("<table") >= 10
    assert f'href="/{language}/insights/organisations-by-type.csv"' in html
    # Counts link to the directory with the matching filters
    assert f'href="/{language}/directory/?country=DE&amp;type=research"' in html
    assert "style=" not in html.split("<main", 1)[1] and "<script" not in html.split("<main", 1)[1]


def test_cluster_page_answers_the_collaboration_question(client, region):
    response = client.get(url("cluster", "en", cluster="health_medtech"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dutch–German collaboration per year: Health &amp; Medical Technology" in html
    table = html.split("Data of the chart “Dutch–German collaboration per year")[1].split("</table>")[0]
    assert re.search(r"<th scope=\"row\">2016</th>\s*<td[^>]*>2</td>", table)


def test_knowledge_institutions_for_one_technology(client, region):
    response = client.get(url("cluster", "de", cluster="battery_hydrogen"), {"concept": "hydrogen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Forschungsinstitute und Hochschulen, die an Wasserstoff arbeiten" in html
    # The German research institute in the Münsterland, linked to the directory listing that finds it
    link = "/de/directory/?country=DE&amp;type=research&amp;concept=hydrogen&amp;region=DEA3"
    assert f'<a href="{link}">1</a>' in html


def test_unknown_cluster_is_404(client, region):
    assert client.get("/en/insights/space/").status_code == 404
    assert client.get("/en/insights/space/collaboration.csv").status_code == 404
    assert client.get("/en/insights/nothing.csv").status_code == 404
    assert client.get("/en/insights/indicators/nothing.csv").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"concept": "no_such_thing"},
        {"concept": "x" * 5000},
        {"concept": "hydrogen\x00"},
        {"concept": ["hydrogen", "fuel_cell"]},
        {"page": "-1", "country": "XX", "unknown": "1"},
    ],
)
def test_bad_query_parameters_never_fail(client, region, query):
    response = client.get(url("overview"), query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "We could not read this address" in response.content.decode()


def test_csv_download(client, region):
    response = client.get(url("cluster_csv", "nl", cluster="battery_hydrogen", chart="collaboration"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Jaar,Nederlands-Duitse paren,waarvan nieuwe paren,Grensoverschrijdende projecten"
    assert lines[1:] == ["2016,1,1,1", "2017,4,3,1"]
    bad = client.get(url("overview_csv", chart="knowledge-institutions"), {"concept": "nope"})
    assert bad.status_code == 400


def test_page_render_is_cached_until_the_figures_change(client, region, django_assert_max_num_queries):
    from insights.figures import refresh

    first = client.get(url("overview")).content
    with django_assert_max_num_queries(12):
        assert client.get(url("overview")).content == first
    from directory.models import Organisation

    Organisation.objects.create(slug="new-nl", name="New Dutch Lab", country="NL", type="research", region="NL213")
    refresh()
    assert client.get(url("overview")).content != first


def test_private_needs_never_appear(client, region, settings):
    settings.INSIGHTS_MIN_PRIVATE_GROUP = 1
    html = client.get(url("overview")).content.decode()
    assert "Secret imaging need" not in html and "Private AI partner search" not in html


def test_pages_with_an_empty_directory_show_empty_states(client, db):
    for path in ("/en/insights/", "/de/insights/circular_economy/"):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<svg" not in html
    assert "Noch keine Organisationen im Verzeichnis." in html
    assert "Noch keine Projekte in den Daten." in html
    csv_lines = client.get("/en/insights/rd-projects.csv").content.decode("utf-8-sig").splitlines()
    assert csv_lines == ["Year,Netherlands,Germany"]
