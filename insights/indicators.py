"""Market indicators: the staff CSV upload and the series the pages draw.

CSV (UTF-8, a header row, comma- or semicolon-separated): required columns `indicator, region, year, value, unit,
source`; optional `label_en, label_nl, label_de, cluster`. One row is one value of one indicator in one region
(NUTS code) and year. Every row is checked; each problem is reported with its line, column and reason. The upload is
one transaction: by default nothing is written when any row is rejected; with `partial=True` the valid rows are
written and the rejected ones reported. An existing value (same indicator, region and year) is replaced.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from directory.clusters import CLUSTER_SLUGS
from directory.regions import NUTS_NAMES

from .charts import LINE, Chart, Series
from .models import Indicator, IndicatorUpload, IndicatorValue

REQUIRED_COLUMNS = ("indicator", "region", "year", "value", "unit", "source")
OPTIONAL_COLUMNS = ("label_en", "label_nl", "label_de", "cluster")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MIN_YEAR, MAX_YEAR = 1950, 2100
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class RejectedRow:
    line: int
    field: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "reason": self.reason}


@dataclass
class UploadResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    error: str = ""  # the file as a whole could not be read
    written: bool = False
    written_ids: list[int] = field(default_factory=list)
    upload: IndicatorUpload | None = None

    @property
    def rejected_lines(self) -> int:
        return len({row.line for row in self.rejected})

    def summary(self) -> str:
        if self.error:
            return self.error
        return _(
            "%(rows)s rows read: %(created)s values added, %(updated)s changed, %(unchanged)s unchanged, "
            "%(rejected)s rows rejected."
        ) % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected_lines,
        }


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8")


def _parse_value(text: str) -> Decimal | None:
    """A number with a dot or a comma as decimal mark and no thousands separators ("1234.5", "1234,5")."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not NUMBER.match(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None
    if abs(value) >= Decimal("1e16"):
        return None
    return value


def upload_indicators(*, file, file_name: str, user=None, partial: bool = False) -> UploadResult:
    """Read, check and (if allowed) write one CSV file; always records an `IndicatorUpload` with the report."""
    result = UploadResult()
    rows = _read(file, result)
    checked: dict[tuple[str, str, int], dict] = {}
    if rows is not None:
        checked = _check(rows, result)
    write = False if result.error else bool(checked) and (partial or not result.rejected)
    with transaction.atomic():
        if write:
            _write(checked, result)
            result.written = True
        status = (
            IndicatorUpload.Status.REJECTED
            if not result.written
            else (IndicatorUpload.Status.PARTLY if result.rejected else IndicatorUpload.Status.IMPORTED)
        )
        report = [row.as_dict() for row in result.rejected]
        if result.error:
            report.insert(0, {"line": 0, "field": "", "reason": result.error})
        result.upload = IndicatorUpload.objects.create(
            file_name=file_name[:300],
            status=status,
            user=user if getattr(user, "is_authenticated", False) else None,
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            rejected=result.rejected_lines,
            report=report,
        )
        if result.written:
            IndicatorValue.objects.filter(pk__in=result.written_ids).update(upload=result.upload)
    return result


def _read(file, result: UploadResult) -> list[tuple[int, dict]] | None:
    raw = file.read(MAX_BYTES + 1)
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_BYTES:
        result.error = _("The file is larger than 5 MB.")
        return None
    try:
        text = _decode(raw)
    except UnicodeDecodeError as error:
        result.error = _("The file is not UTF-8 text (byte %(position)s). Save it as “CSV UTF-8”.") % {
            "position": error.start + 1
        }
        return None
    if not text.strip():
        result.error = _("The file is empty.")
        return None
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        result.error = _("The file cannot be read as CSV: %(error)s") % {"error": error}
        return None
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        result.error = _("Required columns are missing: %(columns)s. The header row must name: %(required)s.") % {
            "columns": ", ".join(missing),
            "required": ", ".join(REQUIRED_COLUMNS),
        }
        return None
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        result.error = _("Columns appear more than once: %(columns)s.") % {"columns": ", ".join(duplicates)}
        return None
    rows = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                result.error = _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}
                return None
            if len(record) != len(header):
                result.rows += 1
                result.rejected.append(
                    RejectedRow(
                        line,
                        "",
                        _("%(found)s columns instead of %(expected)s.")
                        % {"found": len(record), "expected": len(header)},
                    )
                )
                continue
            rows.append((line, {name: cell.strip() for name, cell in zip(header, record, strict=True) if name}))
    except csv.Error as error:
        result.error = _("The file cannot be read as CSV (line %(line)s): %(error)s") % {
            "line": reader.line_num,
            "error": error,
        }
        return None
    result.rows += len(rows)
    return rows


def _check(rows: list[tuple[int, dict]], result: UploadResult) -> dict[tuple[str, str, int], dict]:
    existing_units = dict(Indicator.objects.values_list("slug", "unit"))
    units_in_file: dict[str, tuple[str, int]] = {}
    seen: dict[tuple[str, str, int], int] = {}
    checked: dict[tuple[str, str, int], dict] = {}
    for line, row in rows:
        problems: list[RejectedRow] = []
        slug = row.get("indicator", "").lower()
        if not slug:
            problems.append(RejectedRow(line, "indicator", _("Empty.")))
        elif not SLUG.match(slug):
            problems.append(
                RejectedRow(
                    line,
                    "indicator",
                    _("“%(value)s” is not a code: use lower-case letters, digits, “-” and “_”, at most 80.")
                    % {"value": row["indicator"][:100]},
                )
            )
        region = row.get("region", "").upper()
        if not region:
            problems.append(RejectedRow(line, "region", _("Empty.")))
        elif region not in NUTS_NAMES:
            problems.append(
                RejectedRow(
                    line,
                    "region",
                    _("“%(value)s” is not a known NUTS code of the Netherlands or Germany (e.g. NL21, DEA3, DE).")
                    % {"value": row["region"][:20]},
                )
            )
        year_text = row.get("year", "")
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
        if not year_text:
            problems.append(RejectedRow(line, "year", _("Empty.")))
        elif year is None or not MIN_YEAR <= year <= MAX_YEAR:
            problems.append(
                RejectedRow(
                    line,
                    "year",
                    _("“%(value)s” is not a year between %(min)s and %(max)s.")
                    % {"value": year_text[:20], "min": MIN_YEAR, "max": MAX_YEAR},
                )
            )
        value = _parse_value(row.get("value", ""))
        if not row.get("value"):
            problems.append(RejectedRow(line, "value", _("Empty.")))
        elif value is None:
            problems.append(
                RejectedRow(
                    line,
                    "value",
                    _("“%(value)s” is not a number (write 1234.5 or 1234,5, without thousands separators).")
                    % {"value": row["value"][:30]},
                )
            )
        unit = row.get("unit", "")
        if not unit:
            problems.append(RejectedRow(line, "unit", _("Empty.")))
        elif len(unit) > 60:
            problems.append(RejectedRow(line, "unit", _("Longer than 60 characters.")))
        elif slug:
            expected = existing_units.get(slug) or units_in_file.get(slug, (None, 0))[0]
            if expected and expected != unit:
                problems.append(
                    RejectedRow(
                        line,
                        "unit",
                        _("“%(unit)s” differs from the unit of this indicator, “%(expected)s”.")
                        % {"unit": unit, "expected": expected},
                    )
                )
        source = row.get("source", "")
        if not source:
            problems.append(RejectedRow(line, "source", _("Empty: name the statistics office and table.")))
        elif len(source) > 300:
            problems.append(RejectedRow(line, "source", _("Longer than 300 characters.")))
        cluster = row.get("cluster", "")
        if cluster and cluster not in CLUSTER_SLUGS:
            problems.append(
                RejectedRow(
                    line,
                    "cluster",
                    _("“%(value)s” is not a cluster (%(clusters)s).")
                    % {"value": cluster[:40], "clusters": ", ".join(CLUSTER_SLUGS)},
                )
            )
        for column in ("label_en", "label_nl", "label_de"):
            if len(row.get(column, "")) > 200:
                problems.append(RejectedRow(line, column, _("Longer than 200 characters.")))
        if not problems:
            key = (slug, region, year)
            if key in seen:
                problems.append(
                    RejectedRow(
                        line,
                        "",
                        _("The same indicator, region and year as line %(line)s.") % {"line": seen[key]},
                    )
                )
        if problems:
            result.rejected.extend(problems)
            continue
        seen[key] = line
        units_in_file.setdefault(slug, (unit, line))
        checked[key] = {**row, "indicator": slug, "region": region, "year": year, "value": value}
    return checked


def _write(checked: dict[tuple[str, str, int], dict], result: UploadResult) -> None:
    indicators = {indicator.slug: indicator for indicator in Indicator.objects.filter(slug__in={k[0] for k in checked})}
    for (slug, _region, _year), row in checked.items():
        indicator = indicators.get(slug)
        labels = {f"label_{lang}": row.get(f"label_{lang}", "") for lang in ("en", "nl", "de")}
        if indicator is None:
            indicator = Indicator.objects.create(
                slug=slug,
                unit=row["unit"],
                cluster=row.get("cluster", ""),
                label_en=labels["label_en"] or slug.replace("_", " ").replace("-", " ").capitalize(),
                label_nl=labels["label_nl"],
                label_de=labels["label_de"],
            )
            indicators[slug] = indicator
        else:
            changed = [name for name, value in labels.items() if value and getattr(indicator, name) != value]
            if row.get("cluster") and indicator.cluster != row["cluster"]:
                indicator.cluster = row["cluster"]
                changed.append("cluster")
            for name in changed:
                if name.startswith("label_"):
                    setattr(indicator, name, labels[name])
            if changed:
                indicator.save(update_fields=[*changed, "updated_at"])
    existing = {
        (v.indicator.slug, v.region, v.year): v
        for v in IndicatorValue.objects.filter(indicator__in=indicators.values()).select_related("indicator")
    }
    written_ids = result.written_ids
    for key, row in checked.items():
        current = existing.get(key)
        if current is None:
            current = IndicatorValue.objects.create(
                indicator=indicators[key[0]], region=key[1], year=key[2], value=row["value"], source=row["source"]
            )
            result.created += 1
            written_ids.append(current.pk)
        elif current.value != row["value"] or current.source != row["source"]:
            current.value = row["value"]
            current.source = row["source"]
            current.save(update_fields=["value", "source"])
            result.updated += 1
            written_ids.append(current.pk)
        else:
            result.unchanged += 1


# --------------------------------------------------------------------------------------------------------------
# Reading series for the pages


def indicators_for(scope: str):
    """The indicators shown for a scope: every indicator for the whole region, else those of the cluster."""
    qs = Indicator.objects.filter(observations__isnull=False).distinct().order_by("label_en")
    if scope != "all":
        qs = qs.filter(cluster=scope)
    return qs


def indicator_chart(indicator: Indicator, *, region: str | None = None) -> Chart:
    from django.urls import reverse

    values = list(indicator.observations.order_by("region", "year").values_list("region", "year", "value", "source"))
    if region:
        values = [row for row in values if row[0] == region]
    years = sorted({row[1] for row in values})
    if years:
        years = list(range(years[0], years[-1] + 1))
    regions = sorted({row[0] for row in values}, key=lambda code: (not code.startswith("NL"), code))
    table = {(row[0], row[1]): float(row[2]) for row in values}
    sources = sorted({row[3] for row in values})
    series = [
        Series(
            key=code,
            label=f"{NUTS_NAMES.get(code, code)} ({code})",
            values=[table.get((code, year)) for year in years],
            colour=index,
        )
        for index, code in enumerate(regions)
    ]
    decimals = 0 if all(v == int(v) for v in table.values()) else 1
    return Chart(
        key=f"indicator-{indicator.slug}",
        kind=LINE,
        title=indicator.label(),
        description=_("%(indicator)s per region and year, in %(unit)s.")
        % {"indicator": indicator.label(), "unit": indicator.unit},
        category_label=_("Year"),
        categories=[str(year) for year in years],
        series=series,
        unit=indicator.unit,
        decimals=decimals,
        note=_("Source: %(sources)s") % {"sources": "; ".join(sources)} if sources else "",
        csv_url=reverse("insights:indicator_csv", kwargs={"slug": indicator.slug}),
        empty_message=_("No values uploaded for this indicator yet."),
    )
