"""Chart drawing: well-formed SVG with title and description, text summary, table and CSV, in the reader's language."""

import csv
import io
from xml.dom import minidom

import pytest
from django.utils import translation

from insights.catalogue import CHART_KEYS, build_chart
from insights.charts import BAR, GROUPED, LINE, Chart, Series, csv_rows, nice_step, render_svg
from insights.figures import ALL, compute_figures

pytestmark = pytest.mark.django_db


def parse(svg):
    return minidom.parseString(str(svg))  # noqa: S318 - our own output, parsed to check it is well-formed


def chart(kind=GROUPED, values=((3, 1), (0, 2)), categories=("A & B", "<C>")):
    return Chart(
        key="demo",
        kind=kind,
        title="Demo <chart>",
        description="What it shows",
        category_label="Thing",
        categories=list(categories),
        series=[
            Series(key="NL", label="Netherlands", values=[v[0] for v in values], colour=0),
            Series(key="DE", label="Germany", values=[v[1] for v in values], colour=1),
        ],
    )


@pytest.mark.parametrize("kind", [BAR, GROUPED, LINE])
def test_svg_is_well_formed_and_labelled(kind):
    drawn = chart(kind=kind)
    svg = str(render_svg(drawn))
    document = parse(svg)
    root = document.documentElement
    assert root.getAttribute("role") == "img"
    title_id, desc_id = root.getAttribute("aria-labelledby").split()
    titles = document.getElementsByTagName("title")
    assert titles[0].getAttribute("id") == title_id and titles[0].firstChild.data == "Demo <chart>"
    desc = document.getElementsByTagName("desc")[0]
    assert desc.getAttribute("id") == desc_id and "What it shows" in desc.firstChild.data
    assert "style=" not in svg and "<script" not in svg  # classes only, for a strict Content-Security-Policy
    assert 'class="ins-c0"' in svg and 'class="ins-c1"' in svg


def test_bar_lengths_follow_values():
    svg = parse(render_svg(chart(values=((4, 0), (2, 0)))))
    bars = [r for r in svg.getElementsByTagName("rect") if r.getAttribute("class") == "ins-c0" and r.firstChild]
    widths = [float(r.getAttribute("width")) for r in bars]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2) and widths[0] > 0


def test_line_breaks_at_missing_values():
    drawn = chart(kind=LINE, values=((1, 1), (None, None), (3, 3)), categories=("2020", "2021", "2022"))
    svg = parse(render_svg(drawn))
    assert svg.getElementsByTagName("polyline") == []  # each run has a single point: no line across the gap
    assert drawn.rows[1]["cells"][0]["value"] == "–"


def test_summary_table_and_csv():
    drawn = chart()
    assert drawn.summary == "Netherlands: largest A & B (3). Germany: largest <C> (2)."
    assert [row["label"] for row in drawn.rows] == ["A & B", "<C>"]
    assert csv_rows(drawn) == [["Thing", "Netherlands", "Germany"], ["A & B", "3", "1"], ["<C>", "0", "2"]]


def test_empty_chart_draws_nothing_and_says_so():
    drawn = chart(values=((0, 0), (0, 0)))
    assert drawn.is_empty and str(render_svg(drawn)) == ""
    assert drawn.summary == "No data yet."


def test_nice_steps():
    assert nice_step(100) == 20
    assert nice_step(7) == 2
    assert nice_step(0) == 1


def test_every_chart_builds_in_every_language(region):
    figures = {scope: compute_figures(scope) for scope in (ALL, "health_medtech")}
    for language in ("en", "nl", "de"):
        with translation.override(language):
            for scope, data in figures.items():
                for key in CHART_KEYS:
                    drawn = build_chart(scope, key, data)
                    if drawn.kind != "table" and not drawn.is_empty:
                        parse(drawn.svg)
                    assert drawn.csv_url.startswith(f"/{language}/insights/")


def test_labels_follow_the_reader_language(region):
    data = compute_figures(ALL)
    with translation.override("de"):
        drawn = build_chart(ALL, "top-concepts-nl", data)
        assert drawn.categories[0] == "Wasserstoff"
        assert [s.label for s in drawn.series] == ["Niederlande", "Deutschland"]
        assert drawn.title.startswith("Häufigste Technologien in den Niederlanden")
        assert drawn.series[1].links[0] == "/de/directory/?country=DE&concept=hydrogen"
    with translation.override("nl"):
        drawn = build_chart(ALL, "rd-funding", data)
        assert drawn.unit == "miljoen euro"
        assert drawn.rows[0]["cells"][1]["value"] == "0,0"  # 270 euros in millions, Dutch decimal comma


def test_country_filter_keeps_one_side(region):
    drawn = build_chart(ALL, "organisations-by-type", compute_figures(ALL), country="DE")
    assert [s.key for s in drawn.series] == ["DE"]
    rows = list(csv.reader(io.StringIO("\n".join(",".join(r) for r in csv_rows(drawn)))))
    assert rows[0][-1] == "Germany"


def test_years_without_data_are_gaps(region):
    data = compute_figures(ALL)
    data["rd"]["data_years"] = [2016, 2018]  # as if 2017 were missing from the source
    drawn = build_chart(ALL, "rd-projects", data)
    assert drawn.series[0].values == [2, None, 1]


def test_table_summaries_name_the_first_items(region, monkeypatch, settings):
    from insights import figures as figures_module

    monkeypatch.setattr(figures_module, "MIN_STRONG_ORGANISATIONS", 1)
    data = compute_figures(ALL)
    assert build_chart(ALL, "opportunities-nl", data).summary == (
        "Relatively strongest in the Netherlands: Artificial intelligence (2.0)."
    )
    assert build_chart(ALL, "needs-nl", data).summary == (
        "Most needed: Artificial intelligence (1 member, 1 organisations across the border), "
        "Fuel cell (1 member, 1 organisations across the border)."
    )
    assert build_chart(ALL, "bridges", data).summary.startswith("Most partners across the border: Arnhem H2 Systems")
