"""Which charts exist, and how each is built from the figures in the reader's language.

`build_chart(scope, key, figures)` returns a `charts.Chart`; the pages, the CSV downloads and the content block all
go through it, so a chart reads the same wherever it appears. Counts of organisations link to the directory listing
with the matching filters (`directory/filters.py`: cluster, country, region, type, sme, concept).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from directory.clusters import CLUSTER_LABELS
from directory.models import Organisation

from .charts import BAR, GROUPED, LINE, TABLE, Chart, Series, format_number
from .figures import (
    ALL,
    AREA_DIRECTORY_REGIONS,
    BORDER_REGIONS,
    KNOWLEDGE_BUCKETS,
    KNOWLEDGE_TYPES,
    OTHER_SIDE,
    SIDES,
)

# key -> label shown in choosers (the content block) and in the page's table of contents.
CHART_CHOICES = [
    ("organisations-by-type", gettext_lazy("Organisations by type")),
    ("organisations-by-size", gettext_lazy("Organisations by size")),
    ("organisations-by-region", gettext_lazy("Organisations by region")),
    ("top-concepts-nl", gettext_lazy("Most frequent technologies in the Netherlands")),
    ("top-concepts-de", gettext_lazy("Most frequent technologies in Germany")),
    ("knowledge-institutions", gettext_lazy("Knowledge institutions near the border")),
    ("rd-projects", gettext_lazy("EU-funded R&D projects per year")),
    ("rd-funding", gettext_lazy("EU funding per year")),
    ("collaboration", gettext_lazy("Dutch–German collaboration per year")),
    ("bridges", gettext_lazy("Organisations that bridge the border most often")),
    ("opportunities-nl", gettext_lazy("Dutch strengths Germany has less of")),
    ("opportunities-de", gettext_lazy("German strengths the Netherlands has less of")),
    ("needs-nl", gettext_lazy("Needs of Dutch members offered in Germany")),
    ("needs-de", gettext_lazy("Needs of German members offered in the Netherlands")),
]
CHART_KEYS = [key for key, _label in CHART_CHOICES]
SIDE_CHARTS = {"organisations-by-type", "organisations-by-size", "rd-projects", "rd-funding"}


def side_label(side: str) -> str:
    return {"NL": _("Netherlands"), "DE": _("Germany")}[side]


def scope_label(scope: str) -> str:
    return _("the whole region") if scope == ALL else str(CLUSTER_LABELS[scope])


@lru_cache(maxsize=8)
def _directory_base(language: str) -> str:
    return reverse("directory:organisation_list")


def directory_url(**params) -> str:
    """The directory listing with these filters (None and empty values are left out), in the active language."""
    query = [(name, value) for name, values in params.items() if values for value in _as_list(values)]
    base = _directory_base(get_language() or "")
    return base + ("?" + urlencode(query) if query else "")


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _cluster(scope: str) -> str | None:
    return None if scope == ALL else scope


def concept_label(figures: dict, slug: str) -> str:
    labels = figures.get("concept_labels", {}).get(slug, {})
    language = (get_language() or "en")[:2]
    return labels.get(language) or labels.get("en") or slug


def csv_url(scope: str, key: str) -> str:
    if scope == ALL:
        return reverse("insights:overview_csv", kwargs={"chart": key})
    return reverse("insights:cluster_csv", kwargs={"cluster": scope, "chart": key})


def area_label(key: str) -> str:
    return {
        "overijssel": _("Overijssel (NL)"),
        "gelderland": _("Gelderland (NL)"),
        "nl_elsewhere": _("Elsewhere in the Netherlands"),
        "nl_unknown": _("Netherlands, region not known"),
        "muensterland": _("Münsterland (DE)"),
        "emscher_lippe": _("Emscher-Lippe (DE)"),
        "muenster_district": _("Münster district, area not known (DE)"),
        "nrw_elsewhere": _("Elsewhere in North Rhine-Westphalia (DE)"),
        "de_elsewhere": _("Elsewhere in Germany"),
        "de_unknown": _("Germany, region not known"),
    }[key]


def bucket_label(bucket: str) -> str:
    return {
        "NL_border": _("Netherlands: border region"),
        "NL_elsewhere": _("Netherlands: elsewhere"),
        "DE_border": _("Germany: border region"),
        "DE_nrw": _("Germany: rest of North Rhine-Westphalia"),
        "DE_elsewhere": _("Germany: elsewhere"),
    }[bucket]


def type_label(kind: str) -> str:
    return str(Organisation.Type(kind).label)


def _side_series(figures_by_side: dict, categories: list[str], links=None) -> list[Series]:
    return [
        Series(
            key=side,
            label=side_label(side),
            values=[figures_by_side[c][side] for c in categories],
            colour=index,
            links=links(side) if links else [],
        )
        for index, side in enumerate(SIDES)
    ]


def build_chart(
    scope: str, key: str, figures: dict, *, country: str | None = None, concept: str | None = None, full: bool = False
) -> Chart:
    """The chart `key` of a scope's figures.

    `country` (NL or DE) keeps only that side where a chart has one series per side; `concept` narrows the
    knowledge-institutions table to one technology, `full` gives it every technology rather than the first ten.
    """
    builder = BUILDERS[key]
    chart = (
        builder(scope, figures, concept=concept, limit=None if full else 10)
        if key == "knowledge-institutions"
        else builder(scope, figures)
    )
    chart.csv_url = csv_url(scope, key)
    if country and key in SIDE_CHARTS:
        chart.series = [s for s in chart.series if s.key == country]
        chart.summary = ""
        chart.__post_init__()
    return chart


def _organisations_by_type(scope: str, figures: dict) -> Chart:
    by_type = figures["organisations"]["by_type"]
    kinds = [kind for kind in Organisation.Type.values if by_type[kind]["NL"] or by_type[kind]["DE"]]
    cluster = _cluster(scope)
    return Chart(
        key="organisations-by-type",
        kind=GROUPED,
        title=_("Organisations by type: %(scope)s") % {"scope": scope_label(scope)},
        description=_("Public organisations in the directory, by type, in the Netherlands and in Germany."),
        category_label=_("Type of organisation"),
        categories=[type_label(kind) for kind in kinds],
        category_keys=kinds,
        series=_side_series(
            by_type,
            kinds,
            links=lambda side: [directory_url(cluster=cluster, country=side, type=kind) for kind in kinds],
        ),
        empty_message=_("No organisations in the directory yet."),
        partition=True,
    )


def _organisations_by_size(scope: str, figures: dict) -> Chart:
    by_size = figures["organisations"]["by_size"]
    keys = ["yes", "no", "unknown"]
    labels = {"yes": _("SME"), "no": _("Not an SME"), "unknown": _("Size not known")}
    cluster = _cluster(scope)
    return Chart(
        key="organisations-by-size",
        kind=GROUPED,
        title=_("Organisations by size: %(scope)s") % {"scope": scope_label(scope)},
        description=_(
            "Small and medium-sized enterprises (SMEs) as recorded in the EU's participant data; "
            "for many organisations the size is not known."
        ),
        category_label=_("Size"),
        categories=[labels[k] for k in keys],
        category_keys=keys,
        series=_side_series(
            by_size,
            keys,
            links=lambda side: [
                directory_url(cluster=cluster, country=side, sme="yes") if k == "yes" else None for k in keys
            ],
        ),
        empty_message=_("No organisations in the directory yet."),
        partition=True,
    )


def _organisations_by_region(scope: str, figures: dict) -> Chart:
    areas = figures["organisations"]["by_area"]
    cluster = _cluster(scope)
    links = []
    for row in areas:
        regions = AREA_DIRECTORY_REGIONS.get(row["area"])
        links.append(directory_url(cluster=cluster, country=row["country"], region=regions) if regions else None)
    return Chart(
        key="organisations-by-region",
        kind=BAR,
        title=_("Organisations by region: %(scope)s") % {"scope": scope_label(scope)},
        description=_(
            "Where the organisations are: the four areas of the border region, the rest of North Rhine-Westphalia "
            "and the rest of each country."
        ),
        category_label=_("Region"),
        categories=[area_label(row["area"]) for row in areas],
        category_keys=[row["area"] for row in areas],
        series=[Series(key="count", label=_("Organisations"), values=[row["count"] for row in areas], links=links)],
        empty_message=_("No organisations in the directory yet."),
        partition=True,
    )


def _top_concepts(side: str):
    def build(scope: str, figures: dict) -> Chart:
        rows = figures["concepts"]["top"][side]
        cluster = _cluster(scope)
        slugs = [row["concept"] for row in rows]
        return Chart(
            key=f"top-concepts-{side.lower()}",
            kind=GROUPED,
            title=(
                _("Most frequent technologies in the Netherlands: %(scope)s")
                if side == "NL"
                else _("Most frequent technologies in Germany: %(scope)s")
            )
            % {"scope": scope_label(scope)},
            description=_(
                "The technologies and topics most organisations on this side are tagged with, with the number on "
                "the other side for comparison."
            ),
            category_label=_("Technology or topic"),
            categories=[concept_label(figures, slug) for slug in slugs],
            category_keys=slugs,
            series=[
                Series(
                    key=s,
                    label=side_label(s),
                    values=[row[s] for row in rows],
                    colour=index,
                    links=[directory_url(cluster=cluster, country=s, concept=slug) for slug in slugs],
                )
                for index, s in enumerate(SIDES)
            ],
            empty_message=_("No organisation on this side is tagged with a technology yet."),
        )

    return build


def _knowledge(scope: str, figures: dict, *, concept: str | None = None, limit: int | None = 10) -> Chart:
    """Research institutes and universities per technology, from the border outwards (a table)."""
    knowledge = figures["knowledge"]
    rows = knowledge["rows"]
    rows = [row for row in rows if row["concept"] == concept] if concept else rows[:limit]
    buckets = knowledge["buckets"]
    regions = {f"{country}_{bucket}": r for country, bucket, _areas, r in KNOWLEDGE_BUCKETS}
    series = []
    for index, bucket in enumerate(buckets):
        country = bucket.split("_", 1)[0]
        series.append(
            Series(
                key=bucket,
                label=bucket_label(bucket),
                values=[sum(row["counts"][bucket]) for row in rows],
                colour=index,
                links=[
                    directory_url(
                        country=country, type=list(KNOWLEDGE_TYPES), concept=row["concept"], region=regions[bucket]
                    )
                    for row in rows
                ],
            )
        )
    return Chart(
        key="knowledge-institutions",
        kind=TABLE,
        title=_("Research institutes and universities near the border: %(scope)s") % {"scope": scope_label(scope)},
        description=_(
            "Research institutes and universities working on each technology, from the border region outwards. "
            "The border region is Overijssel and Gelderland in the Netherlands and the Münsterland and "
            "Emscher-Lippe (Regierungsbezirk Münster) in Germany."
        ),
        category_label=_("Technology or topic"),
        categories=[concept_label(figures, row["concept"]) for row in rows],
        category_keys=[row["concept"] for row in rows],
        series=series,
        empty_message=_("No research institute or university is tagged with this technology yet."),
    )


def knowledge_detail(figures: dict, concept: str) -> list[dict]:
    """For one concept: per bucket, research institutes and universities, each with its directory link."""
    row = next((r for r in figures["knowledge"]["rows"] if r["concept"] == concept), None)
    result = []
    for country, bucket, _areas, regions in KNOWLEDGE_BUCKETS:
        key = f"{country}_{bucket}"
        counts = row["counts"][key] if row else [0, 0]
        cells = []
        for kind, count in zip(KNOWLEDGE_TYPES, counts, strict=True):
            cells.append(
                {
                    "count": count,
                    "link": directory_url(country=country, type=kind, concept=concept, region=regions)
                    if count
                    else None,
                }
            )
        result.append({"label": bucket_label(key), "cells": cells, "near": bucket == "border"})
    return result


def _covered(figures: dict, rows: list[list], index: int) -> list[float | None]:
    """A column of per-year rows, with None for the years the project data do not cover (a gap, not a zero)."""
    covered = set(figures["rd"].get("data_years") or [row[0] for row in rows])
    return [row[index] if row[0] in covered else None for row in rows]


def _top_list_summary(template: str, items: list[tuple[str, str]], limit: int = 3) -> str:
    """ "<template with the first items>" as "label (detail), label (detail)"; empty when there are none."""
    if not items:
        return ""
    listed = ", ".join(f"{label} ({detail})" for label, detail in items[:limit])
    return template % {"items": listed}


def _rd_projects(scope: str, figures: dict) -> Chart:
    rd = figures["rd"]
    return Chart(
        key="rd-projects",
        kind=LINE,
        title=_("EU-funded R&D projects per year: %(scope)s") % {"scope": scope_label(scope)},
        description=_(
            "Horizon 2020 and Horizon Europe projects with at least one Dutch or German participant, by start year. "
            "The data cover Horizon 2020 (2014–2021) fully and Horizon Europe (from 2024) only in part; "
            "2022 and 2023 are missing, so the gap is not a real drop."
        ),
        category_label=_("Year"),
        categories=[str(row[0]) for row in rd["projects"]],
        series=[
            Series(key=side, label=side_label(side), values=_covered(figures, rd["projects"], 1 + i), colour=i)
            for i, side in enumerate(SIDES)
        ],
        unit=_("projects"),
        note=_("Source: CORDIS, EU research projects (© European Union, CC BY 4.0)."),
        empty_message=_("No projects in the data yet."),
    )


def _rd_funding(scope: str, figures: dict) -> Chart:
    rd = figures["rd"]
    return Chart(
        key="rd-funding",
        kind=LINE,
        title=_("EU funding per year: %(scope)s") % {"scope": scope_label(scope)},
        description=_(
            "The EU contribution to the Dutch and to the German participants of these projects, in million euros, "
            "by start year. Horizon Europe (from 2024) is covered only in part; 2022 and 2023 are missing."
        ),
        category_label=_("Year"),
        categories=[str(row[0]) for row in rd["funding"]],
        series=[
            Series(
                key=side,
                label=side_label(side),
                values=[None if v is None else v / 1e6 for v in _covered(figures, rd["funding"], 1 + i)],
                colour=i,
            )
            for i, side in enumerate(SIDES)
        ],
        unit=_("million EUR"),
        decimals=1,
        note=_("Source: CORDIS, EU research projects (© European Union, CC BY 4.0)."),
        empty_message=_("No projects in the data yet."),
    )


def _collaboration(scope: str, figures: dict) -> Chart:
    collaboration = figures["collaboration"]
    rows = collaboration["per_year"]
    return Chart(
        key="collaboration",
        kind=LINE,
        title=_("Dutch–German collaboration per year: %(scope)s") % {"scope": scope_label(scope)},
        description=_(
            "Distinct pairs of a Dutch and a German organisation working in the same EU project that started that "
            "year, the pairs working together for the first time, and the projects with partners from both "
            "countries. 2022 and 2023 are missing from the data."
        ),
        category_label=_("Year"),
        categories=[str(row[0]) for row in rows],
        series=[
            Series(key="pairs", label=_("Dutch–German pairs"), values=_covered(figures, rows, 1), colour=2),
            Series(key="new_pairs", label=_("of which new pairs"), values=_covered(figures, rows, 2), colour=3),
            Series(key="projects", label=_("Cross-border projects"), values=_covered(figures, rows, 3), colour=4),
        ],
        unit=_("pairs / projects"),
        note=_("Source: CORDIS, EU research projects (© European Union, CC BY 4.0)."),
        empty_message=_("No project with partners from both countries yet."),
    )


def _bridges(scope: str, figures: dict) -> Chart:
    rows = figures["collaboration"]["bridges"]
    return Chart(
        key="bridges",
        kind=TABLE,
        title=_("Organisations that bridge the border most often: %(scope)s") % {"scope": scope_label(scope)},
        description=_("Organisations with the most distinct partners on the other side of the border."),
        category_label=_("Organisation"),
        categories=[f"{row['name']} ({row['country']})" for row in rows],
        category_keys=[row["slug"] for row in rows],
        category_links=[reverse("directory:organisation_detail", kwargs={"slug": row["slug"]}) for row in rows],
        series=[
            Series(key="partners", label=_("Partners across the border"), values=[row["partners"] for row in rows]),
            Series(key="projects", label=_("Cross-border projects"), values=[row["projects"] for row in rows]),
        ],
        empty_message=_("No project with partners from both countries yet."),
        summary=_top_list_summary(
            _("Most partners across the border: %(items)s."),
            [(f"{row['name']} ({row['country']})", format_number(row["partners"])) for row in rows],
        ),
    )


def _opportunities(side: str):
    other = OTHER_SIDE[side]

    def build(scope: str, figures: dict) -> Chart:
        rows = figures["opportunities"][side]
        slugs = [row["concept"] for row in rows]
        cluster = _cluster(scope)
        return Chart(
            key=f"opportunities-{side.lower()}",
            kind=TABLE,
            title=(
                _("Dutch strengths Germany has less of: %(scope)s")
                if side == "NL"
                else _("German strengths the Netherlands has less of: %(scope)s")
            )
            % {"scope": scope_label(scope)},
            description=_(
                "Technologies with a share among this side's tagged organisations at least twice the share on the "
                "other side (each share counted with one organisation added), worked on by at least three "
                "organisations; with the members on the other side who need them."
            ),
            category_label=_("Technology or topic"),
            categories=[concept_label(figures, slug) for slug in slugs],
            category_keys=slugs,
            series=[
                Series(
                    key=side,
                    label=side_label(side),
                    values=[row[side] for row in rows],
                    links=[directory_url(cluster=cluster, country=side, concept=slug) for slug in slugs],
                ),
                Series(
                    key=other,
                    label=side_label(other),
                    values=[row[other] for row in rows],
                    links=[directory_url(cluster=cluster, country=other, concept=slug) for slug in slugs],
                ),
                Series(key="ratio", label=_("Relative strength"), values=[row["ratio"] for row in rows], decimals=1),
                Series(
                    key="needed",
                    label=_("Members needing it across the border"),
                    values=[row["needed"] for row in rows],
                ),
            ],
            empty_message=_("No technology is clearly stronger on this side yet."),
            summary=_top_list_summary(
                _("Relatively strongest in the Netherlands: %(items)s.")
                if side == "NL"
                else _("Relatively strongest in Germany: %(items)s."),
                [(concept_label(figures, row["concept"]), format_number(row["ratio"], 1)) for row in rows],
            ),
        )

    return build


def _needs(side: str):
    other = OTHER_SIDE[side]

    def build(scope: str, figures: dict) -> Chart:
        rows = [row for row in figures["needs"]["rows"] if row["side"] == side]
        slugs = [row["concept"] for row in rows]
        return Chart(
            key=f"needs-{side.lower()}",
            kind=TABLE,
            title=(
                _("Needs of Dutch members offered in Germany: %(scope)s")
                if side == "NL"
                else _("Needs of German members offered in the Netherlands: %(scope)s")
            )
            % {"scope": scope_label(scope)},
            description=_(
                "Technologies that member organisations on this side need, and how many organisations on the "
                "other side work on them or offer them. Counts only: no member is named, and needs a member has "
                "not made public count only where several members share them."
            ),
            category_label=_("Technology or topic"),
            categories=[concept_label(figures, slug) for slug in slugs],
            category_keys=slugs,
            series=[
                Series(key="members", label=_("Members who need it"), values=[row["members"] for row in rows]),
                Series(
                    key="offered_by",
                    label=_("Organisations offering it across the border"),
                    values=[row["offered_by"] for row in rows],
                    links=[directory_url(country=other, concept=slug) for slug in slugs],
                ),
            ],
            empty_message=_("No member need on this side is offered across the border yet."),
            summary=_top_list_summary(
                _("Most needed: %(items)s."),
                [
                    (
                        concept_label(figures, row["concept"]),
                        ngettext(
                            "%(members)s member, %(offered)s organisations across the border",
                            "%(members)s members, %(offered)s organisations across the border",
                            row["members"],
                        )
                        % {"members": row["members"], "offered": format_number(row["offered_by"])},
                    )
                    for row in rows
                ],
            ),
        )

    return build


BUILDERS = {
    "organisations-by-type": _organisations_by_type,
    "organisations-by-size": _organisations_by_size,
    "organisations-by-region": _organisations_by_region,
    "top-concepts-nl": _top_concepts("NL"),
    "top-concepts-de": _top_concepts("DE"),
    "knowledge-institutions": _knowledge,
    "rd-projects": _rd_projects,
    "rd-funding": _rd_funding,
    "collaboration": _collaboration,
    "bridges": _bridges,
    "opportunities-nl": _opportunities("NL"),
    "opportunities-de": _opportunities("DE"),
    "needs-nl": _needs("NL"),
    "needs-de": _needs("DE"),
}
assert set(BUILDERS) == set(CHART_KEYS)  # noqa: S101


def border_links(scope: str) -> list[dict]:
    """Shortcuts into the directory: knowledge institutions and SMEs in the border region, per side."""
    cluster = _cluster(scope)
    links = []
    for side in SIDES:
        regions = BORDER_REGIONS[side]
        links.append(
            {
                "side": side_label(side),
                "items": [
                    (
                        _("Research institutes"),
                        directory_url(cluster=cluster, country=side, type="research", region=regions),
                    ),
                    (
                        _("Universities"),
                        directory_url(cluster=cluster, country=side, type="university", region=regions),
                    ),
                    (_("SMEs"), directory_url(cluster=cluster, country=side, sme="yes", region=regions)),
                    (_("All organisations"), directory_url(cluster=cluster, country=side, region=regions)),
                ],
            }
        )
    return links
