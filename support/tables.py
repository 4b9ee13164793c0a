"""How the dashboard shows and exports each table of `support.queries`: title, columns, empty state, CSV."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import queries

# Cells a spreadsheet would read as a formula start with one of these; such text cells get a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Params:
    threshold: float


@dataclass(frozen=True)
class Column:
    attr: str
    label: str | Promise
    kind: str = "text"  # text, count, score, rank or month

    def value(self, row) -> Any:
        return getattr(row, self.attr)

    def display(self, row) -> str:
        value = self.value(row)
        if value is None:
            return "–"
        if self.kind == "month":
            return formats.date_format(value, "YEAR_MONTH_FORMAT")
        if self.kind == "score":
            return formats.number_format(value, 2)
        if self.kind == "rank":
            return formats.number_format(value, 1)
        if self.kind == "count":
            return formats.number_format(value, 0)
        return str(value)

    def csv(self, row) -> str:
        """Machine-readable: ISO months, a full stop as decimal separator, no thousands separator."""
        value = self.value(row)
        if value is None:
            return ""
        if self.kind == "month":
            return value.strftime("%Y-%m")
        if self.kind == "score":
            return f"{value:.3f}"
        if self.kind == "rank":
            return f"{value:.1f}"
        if self.kind == "count":
            return str(int(value))
        text = str(value)
        return "'" + text if text.startswith(FORMULA_PREFIXES) else text

    @property
    def numeric(self) -> bool:
        return self.kind != "text" and self.kind != "month"


@dataclass(frozen=True)
class Table:
    slug: str
    section: str
    title: str | Promise
    description: str | Promise
    empty: str | Promise
    columns: tuple[Column, ...]
    rows: Callable[[Params], Sequence]
    display_limit: int | None = None  # the page shows the first rows; the CSV has all
    bar: str = ""  # a count column drawn as a bar beside the table

    def filename(self, today: datetime.date | None = None) -> str:
        return f"support-{self.slug}-{(today or datetime.date.today()).isoformat()}.csv"


SECTIONS = [
    ("needs", pgettext_lazy("support dashboard", "Members' needs")),
    ("unmet", pgettext_lazy("support dashboard", "Needs with no good match")),
    ("introductions", pgettext_lazy("support dashboard", "Introductions")),
    ("recommended", pgettext_lazy("support dashboard", "Organisations recommended most often")),
]

NEEDS = Column("needs", pgettext_lazy("support dashboard", "Needs"), "count")
ORGANISATIONS = Column("organisations", pgettext_lazy("support dashboard", "Member organisations"), "count")
CONCEPT_COLUMNS = (
    Column("label", pgettext_lazy("support dashboard", "Concept")),
    Column("detail", pgettext_lazy("support dashboard", "Cluster")),
    NEEDS,
    ORGANISATIONS,
)
CLUSTER_COLUMNS = (Column("label", pgettext_lazy("support dashboard", "Cluster")), NEEDS, ORGANISATIONS)
REGION_COLUMNS = (
    Column("label", pgettext_lazy("support dashboard", "Region")),
    Column("key", pgettext_lazy("support dashboard", "NUTS code")),
    Column("detail", pgettext_lazy("support dashboard", "Country")),
    NEEDS,
    ORGANISATIONS,
)
NO_NEEDS = _("No member has entered a need yet.")
NO_UNMET = _("Every member's best recommendation reaches the threshold: no unmet needs.")

TABLES: dict[str, Table] = {
    table.slug: table
    for table in [
        Table(
            slug="needs-by-concept",
            section="needs",
            title=_("Needs by concept"),
            description=_("A need with several concepts counts once for each. Private needs are counted too."),
            empty=NO_NEEDS,
            columns=CONCEPT_COLUMNS,
            rows=lambda params: queries.needs_by_concept(),
            display_limit=30,
            bar="needs",
        ),
        Table(
            slug="needs-by-cluster",
            section="needs",
            title=_("Needs by cluster"),
            description=_("The clusters of each need's concepts; a need in two clusters counts in both."),
            empty=NO_NEEDS,
            columns=CLUSTER_COLUMNS,
            rows=lambda params: queries.needs_by_cluster(),
            bar="needs",
        ),
        Table(
            slug="needs-by-region",
            section="needs",
            title=_("Needs by region"),
            description=_("The member organisation's region, as a province, Regierungsbezirk or Land (NUTS 2)."),
            empty=NO_NEEDS,
            columns=REGION_COLUMNS,
            rows=lambda params: queries.needs_by_region(),
            bar="needs",
        ),
        Table(
            slug="unmet-public-needs",
            section="unmet",
            title=_("Unmet needs that members made public"),
            description=_(
                "Needs of members whose best recommendation scores below the threshold (or who have none), "
                "listed only where the member shows its needs publicly; the least served first."
            ),
            empty=_("No unmet need is public."),
            columns=(
                Column("organisation", pgettext_lazy("support dashboard", "Member organisation")),
                Column("kind", pgettext_lazy("support dashboard", "Type of need")),
                Column("text", pgettext_lazy("support dashboard", "Need")),
                Column("concepts", pgettext_lazy("support dashboard", "Concepts")),
                Column("best_score", pgettext_lazy("support dashboard", "Best recommendation score"), "score"),
            ),
            rows=lambda params: queries.unmet_public_needs(threshold=params.threshold),
            display_limit=100,
        ),
        Table(
            slug="unmet-needs-by-concept",
            section="unmet",
            title=_("Unmet needs by concept"),
            description=_("All unmet needs, public or not, counted without naming anyone."),
            empty=NO_UNMET,
            columns=CONCEPT_COLUMNS,
            rows=lambda params: queries.unmet_needs_by_concept(threshold=params.threshold),
            display_limit=30,
            bar="needs",
        ),
        Table(
            slug="unmet-needs-by-cluster",
            section="unmet",
            title=_("Unmet needs by cluster"),
            description=_("All unmet needs, public or not, counted without naming anyone."),
            empty=NO_UNMET,
            columns=CLUSTER_COLUMNS,
            rows=lambda params: queries.unmet_needs_by_cluster(threshold=params.threshold),
            bar="needs",
        ),
        Table(
            slug="unmet-needs-by-region",
            section="unmet",
            title=_("Unmet needs by region"),
            description=_("All unmet needs, public or not, counted without naming anyone."),
            empty=NO_UNMET,
            columns=REGION_COLUMNS,
            rows=lambda params: queries.unmet_needs_by_region(threshold=params.threshold),
            bar="needs",
        ),
        Table(
            slug="introductions-by-month",
            section="introductions",
            title=_("Introductions per month"),
            description=_(
                "Requests by the month they were made; acceptances and refusals by the month of the decision."
            ),
            empty=_("No introduction has been requested yet."),
            columns=(
                Column("month", pgettext_lazy("support dashboard", "Month"), "month"),
                Column("requested", pgettext_lazy("support dashboard", "Requested"), "count"),
                Column("accepted", pgettext_lazy("support dashboard", "Accepted"), "count"),
                Column("declined", pgettext_lazy("support dashboard", "Declined"), "count"),
            ),
            rows=lambda params: queries.introductions_by_month(),
        ),
        Table(
            slug="most-recommended",
            section="recommended",
            title=pgettext_lazy("support dashboard", "Organisations recommended most often"),
            description=_(
                "How many member organisations each organisation is recommended to, with its average place "
                "and score in their lists. The page shows the first 25; the CSV file has all."
            ),
            empty=_("No recommendations have been computed yet."),
            columns=(
                Column("name", pgettext_lazy("support dashboard", "Organisation")),
                Column("country", pgettext_lazy("support dashboard", "Country")),
                Column("type", pgettext_lazy("support dashboard", "Type")),
                Column("times", pgettext_lazy("support dashboard", "Recommended to members"), "count"),
                Column("average_rank", pgettext_lazy("support dashboard", "Average rank"), "rank"),
                Column("average_score", pgettext_lazy("support dashboard", "Average score"), "score"),
            ),
            rows=lambda params: queries.most_recommended(),
            display_limit=25,
            bar="times",
        ),
    ]
}


def write_csv(table: Table, rows: Sequence, out) -> None:
    """A header with the column labels in the active language, then one line per row."""
    writer = csv.writer(out)
    writer.writerow([str(column.label) for column in table.columns])
    for row in rows:
        writer.writerow([column.csv(row) for column in table.columns])


SERIES = [
    ("requested", pgettext_lazy("support dashboard", "Requested"), "#5c7cfa"),
    ("accepted", pgettext_lazy("support dashboard", "Accepted"), "#2b8a3e"),
    ("declined", pgettext_lazy("support dashboard", "Declined"), "#c92a2a"),
]


def month_chart(rows: Sequence[queries.MonthCount], *, height: int = 160, slot: int = 36) -> dict | None:
    """Bar positions for a small grouped bar chart of introductions per month (the table stays the reference)."""
    if not rows:
        return None
    peak = max(max(row.requested, row.accepted, row.declined) for row in rows) or 1
    bar = (slot - 6) // len(SERIES)
    label_every = max(1, len(rows) // 18)
    months = []
    for index, row in enumerate(rows):
        x = 40 + index * slot
        bars = []
        for offset, (attr, label, colour) in enumerate(SERIES):
            value = getattr(row, attr)
            h = round(height * value / peak)
            title = f"{formats.date_format(row.month, 'YEAR_MONTH_FORMAT')}: {label} {value}"
            bars.append(
                {
                    "x": x + offset * bar,
                    "y": 10 + height - h,
                    "width": bar,
                    "height": h,
                    "colour": colour,
                    "title": title,
                }
            )
        labelled = index % label_every == 0
        months.append(
            {
                "bars": bars,
                "label": formats.date_format(row.month, "M") if labelled else "",
                "year": str(row.month.year) if labelled and (index == 0 or row.month.month <= label_every) else "",
                "label_x": x,
            }
        )
    width = max(40 + len(rows) * slot + 10, 40 + len(SERIES) * 110)
    return {
        "width": width,
        "height": height + 64,
        "baseline": 10 + height,
        "peak": peak,
        "months": months,
        "legend": [
            {"label": label, "colour": colour, "x": 40 + i * 110} for i, (_a, label, colour) in enumerate(SERIES)
        ],
        "legend_y": height + 58,
    }
