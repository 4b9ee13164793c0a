"""Accessible charts drawn as SVG on the server: horizontal bars, grouped bars (Netherlands against Germany) and lines.

A `Chart` holds everything in the reader's language: title, description, the categories and series, and a text
summary. `render_svg` draws it with `<title>` and `<desc>` referenced by `aria-labelledby`; the template
`insights/includes/chart.html` adds the summary, the data table and the CSV link; `csv_response` serves the data.
Colours come from classes styled in `insights/static/insights/insights.css` (each element also carries a `fill` or
`stroke` attribute, so a downloaded SVG keeps its colours). No script and no `style` attribute is emitted.
"""

from __future__ import annotations

import csv
import itertools
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

BAR, GROUPED, LINE, TABLE = "bar", "grouped", "line", "table"  # TABLE: a data table without a drawing
PALETTE = ["#b5530b", "#0b4f6c", "#5b7f2a", "#7a3b8f", "#a8324a", "#2f6f6a", "#6b5a2b", "#3d4f9f"]
SIDE_CLASSES = {"NL": 0, "DE": 1}
WIDTH = 680
LABEL_WIDTH = 230
VALUE_GUTTER = 80
MAX_LABEL_CHARS = 34

_counter = itertools.count(1)


@dataclass
class Series:
    key: str
    label: str
    values: list[float | None]
    colour: int = 0  # index into PALETTE / class ins-c<index>
    links: list[str | None] = field(default_factory=list)
    decimals: int | None = None  # None: the chart's


@dataclass
class Chart:
    key: str
    kind: str
    title: str
    description: str
    category_label: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    decimals: int = 0
    category_keys: list[str] = field(default_factory=list)
    category_links: list[str | None] = field(default_factory=list)
    note: str = ""
    csv_url: str = ""
    empty_message: str = ""
    partition: bool = False  # the categories add up to a whole: the summary names the total
    summary: str = ""
    dom_id: str = ""

    def __post_init__(self):
        if not self.dom_id:
            self.dom_id = f"chart-{slugify(self.key)}-{next(_counter)}"
        if not self.summary:
            self.summary = summarise(self)

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(v for s in self.series for v in s.values if v)

    def format(self, value) -> str:
        return format_number(value, self.decimals)

    @property
    def rows(self) -> list[dict]:
        """The data table: one row per category with its formatted cells and links."""
        rows = []
        for index, label in enumerate(self.categories):
            cells = []
            for series in self.series:
                value = series.values[index]
                link = series.links[index] if index < len(series.links) else None
                decimals = self.decimals if series.decimals is None else series.decimals
                cells.append({"value": format_number(value, decimals), "link": link})
            link = self.category_links[index] if index < len(self.category_links) else None
            rows.append({"label": label, "link": link, "cells": cells})
        return rows

    @property
    def svg(self) -> SafeString:
        return render_svg(self)


def format_number(value, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return formats.number_format(round(float(value), decimals), decimals, use_l10n=True, force_grouping=True)


def nice_step(maximum: float, ticks: int = 5) -> float:
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _truncate(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _colour_attrs(index: int, attribute: str = "fill") -> str:
    return f'class="ins-c{index % len(PALETTE)}" {attribute}="{PALETTE[index % len(PALETTE)]}"'


def _open_svg(chart: Chart, height: int) -> list[str]:
    title_id, desc_id = f"{chart.dom_id}-title", f"{chart.dom_id}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ins-chart__svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)} {escape(chart.summary)}</desc>',
    ]


def _legend(chart: Chart, y: int) -> list[str]:
    parts, x = [], 0
    for series in chart.series:
        parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" {_colour_attrs(series.colour)}/>')
        parts.append(f'<text x="{x + 18}" y="{y}" class="ins-chart__legend">{escape(series.label)}</text>')
        x += 30 + 8 * len(series.label)
    return parts


def render_svg(chart: Chart) -> SafeString:
    if chart.is_empty or chart.kind == TABLE:
        return SafeString("")
    parts = _line_svg(chart) if chart.kind == LINE else _bar_svg(chart)
    # Every text in the parts went through escape(); numbers and ids are generated here.
    return mark_safe("".join(parts))  # noqa: S308


def _bar_svg(chart: Chart) -> list[str]:
    n_series = len(chart.series)
    bar_height = 16 if n_series == 1 else 12
    group_height = bar_height * n_series + 10
    legend_height = 24 if n_series > 1 else 0
    top = legend_height + 6
    height = top + group_height * len(chart.categories) + 26
    maximum = max((v or 0) for s in chart.series for v in s.values) or 1
    step = nice_step(maximum)
    axis_max = step * math.ceil(maximum / step)
    plot_width = WIDTH - LABEL_WIDTH - VALUE_GUTTER
    parts = _open_svg(chart, height)
    if n_series > 1:
        parts += _legend(chart, 14)
    bottom = top + group_height * len(chart.categories)
    tick = 0.0
    while tick <= axis_max + 1e-9:
        x = LABEL_WIDTH + plot_width * tick / axis_max
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" class="ins-chart__grid" stroke="#d5dde4"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" class="ins-chart__tick">'
            f"{escape(chart.format(tick))}</text>"
        )
        tick += step
    for index, label in enumerate(chart.categories):
        y0 = top + index * group_height + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y0 + bar_height * n_series / 2 + 4:.1f}" text-anchor="end" '
            f'class="ins-chart__label"><title>{escape(label)}</title>{escape(_truncate(label))}</text>'
        )
        for position, series in enumerate(chart.series):
            value = series.values[index] or 0
            width = plot_width * value / axis_max
            y = y0 + position * bar_height
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{bar_height - 2}" '
                f"{_colour_attrs(series.colour)}><title>{escape(series.label)}: {escape(chart.format(value))}"
                "</title></rect>"
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + bar_height - 4}" class="ins-chart__value">'
                f"{escape(chart.format(value))}</text>"
            )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{top}" x2="{LABEL_WIDTH}" y2="{bottom}" class="ins-chart__axis" stroke="#1b2430"/>'
    )
    parts.append("</svg>")
    return parts


MARKERS = ("circle", "square", "triangle", "diamond")


def _marker(kind: str, x: float, y: float, attrs: str, title: str) -> str:
    inner = f"<title>{escape(title)}</title>"
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {attrs}>{inner}</rect>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" {attrs}>{inner}</polygon>'
    if kind == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x + 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" {attrs}>{inner}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {attrs}>{inner}</circle>'


def _line_svg(chart: Chart) -> list[str]:
    left, right, top, bottom_margin = 78, 20, 34, 40
    height = 320
    plot_width = WIDTH - left - right
    plot_height = height - top - bottom_margin
    maximum = max((v or 0) for s in chart.series for v in s.values if v is not None) or 1
    minimum = min(0, min((v for s in chart.series for v in s.values if v is not None), default=0))
    step = nice_step(maximum - minimum)
    axis_max = step * math.ceil(maximum / step)
    axis_min = step * math.floor(minimum / step)
    span = (axis_max - axis_min) or 1
    count = len(chart.categories)

    def x_of(index: int) -> float:
        return left + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return top + plot_height * (1 - (value - axis_min) / span)

    parts = _open_svg(chart, height)
    parts += _legend(chart, 14)
    tick = axis_min
    while tick <= axis_max + 1e-9:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" class="ins-chart__grid" stroke="#d5dde4"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="ins-chart__tick">'
            f"{escape(chart.format(tick))}</text>"
        )
        tick += step
    every = max(1, math.ceil(count / 12))
    for index, label in enumerate(chart.categories):
        if index % every == 0 or index == count - 1:
            parts.append(
                f'<text x="{x_of(index):.1f}" y="{height - bottom_margin + 18}" text-anchor="middle" '
                f'class="ins-chart__tick">{escape(label)}</text>'
            )
    if chart.unit:
        parts.append(f'<text x="4" y="{top - 12}" class="ins-chart__unit">{escape(chart.unit)}</text>')
    for number, series in enumerate(chart.series):
        # A missing value breaks the line: each run of known values is its own polyline.
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(series.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((x_of(i), y_of(value)))
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke-width="2.5" '
                    f"{_colour_attrs(series.colour, 'stroke')}/>"
                )
        marker = MARKERS[number % len(MARKERS)]
        for i, value in enumerate(series.values):
            if value is None:
                continue
            title = f"{series.label}, {chart.categories[i]}: {chart.format(value)}"
            parts.append(_marker(marker, x_of(i), y_of(value), _colour_attrs(series.colour), title))
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{WIDTH - right}" y2="{top + plot_height}" '
        'class="ins-chart__axis" stroke="#1b2430"/>'
    )
    parts.append("</svg>")
    return parts


# --------------------------------------------------------------------------------------------------------------
# Text summaries


def _largest(series: Series, categories: list[str]) -> tuple[str, float] | None:
    best = None
    for label, value in zip(categories, series.values, strict=False):
        if value is not None and (best is None or value > best[1]):
            best = (label, value)
    return best


def summarise(chart: Chart) -> str:
    if chart.is_empty:
        return chart.empty_message or _("No data yet.")
    sentences = []
    if chart.kind == LINE:
        for series in chart.series:
            known = [(label, v) for label, v in zip(chart.categories, series.values, strict=False) if v is not None]
            if not known:
                continue
            peak = max(known, key=lambda item: item[1])
            sentences.append(
                _(
                    "%(series)s: %(first)s in %(first_year)s, %(last)s in %(last_year)s; highest in %(peak_year)s (%(peak)s)."
                )
                % {
                    "series": series.label,
                    "first": chart.format(known[0][1]),
                    "first_year": known[0][0],
                    "last": chart.format(known[-1][1]),
                    "last_year": known[-1][0],
                    "peak_year": peak[0],
                    "peak": chart.format(peak[1]),
                }
            )
    else:
        for series in chart.series:
            best = _largest(series, chart.categories)
            if best is None or not best[1]:
                continue
            total = sum(v or 0 for v in series.values)
            if len(chart.series) == 1:
                template = (
                    _("Largest: %(label)s (%(value)s of %(total)s).")
                    if chart.partition
                    else _("Largest: %(label)s (%(value)s).")
                )
            else:
                template = (
                    _("%(series)s: largest %(label)s (%(value)s of %(total)s).")
                    if chart.partition
                    else _("%(series)s: largest %(label)s (%(value)s).")
                )
            sentences.append(
                template
                % {
                    "series": series.label,
                    "label": best[0],
                    "value": chart.format(best[1]),
                    "total": chart.format(total),
                }
            )
    return " ".join(sentences)


# --------------------------------------------------------------------------------------------------------------
# CSV


def _csv_value(value) -> str:
    """Plain numbers (a dot for decimals, no grouping), as spreadsheets and scripts read them."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def csv_rows(chart: Chart) -> list[list[str]]:
    header = [chart.category_label]
    if chart.category_keys:
        header.append(_("code"))
    header += [series.label for series in chart.series]
    rows = [header]
    for index, label in enumerate(chart.categories):
        row = [label]
        if chart.category_keys:
            row.append(chart.category_keys[index])
        row += [_csv_value(series.values[index]) for series in chart.series]
        rows.append(row)
    return rows


def csv_response(chart: Chart, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerows(csv_rows(chart))
    return response
