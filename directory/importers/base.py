"""Shared pieces of the importers: records, the report, progress output and tolerant file reading."""

from __future__ import annotations

import csv
import gzip
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COUNT_LABELS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
    "merged": gettext_lazy("merged"),
    "rejected": gettext_lazy("rejected"),
    "identifiers added": gettext_lazy("identifiers added"),
    "aliases added": gettext_lazy("aliases added"),
    "projects created": gettext_lazy("projects created"),
    "projects updated": gettext_lazy("projects updated"),
    "participations created": gettext_lazy("participations created"),
    "participations updated": gettext_lazy("participations updated"),
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (missing columns, unreadable); nothing is written."""


@dataclass
class OrganisationRecord:
    """One organisation as a source describes it, before entity resolution."""

    line: int
    source: str
    fields: dict
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (name, language)
    descriptions: list[tuple[str, str]] = field(default_factory=list)  # (language, text)
    domains: set[str] = field(default_factory=set)
    clusters: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    is_public: bool = True

    @property
    def label(self) -> str:
        return self.fields.get("name") or ", ".join(f"{s}:{v}" for s, v in self.identifiers)


@dataclass
class ProjectRecord:
    line: int
    fields: dict


@dataclass
class ParticipationRecord:
    line: int
    project_source_id: str
    pic: str
    role: str
    ec_contribution: object


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    reason: str


@dataclass
class ImportReport:
    """Everything an import did and refused to do."""

    source: str = ""
    file_name: str = ""
    rejected: list[Problem] = field(default_factory=list)  # rows not imported
    warnings: list[Problem] = field(default_factory=list)  # rows imported, a value dropped or repaired
    merges: list[dict] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    error: str = ""

    def reject(self, line: int, field_name: str, reason: str) -> None:
        self.rejected.append(Problem(line, field_name, reason))
        self.counts["rejected"] += 1

    def warn(self, line: int, field_name: str, reason: str) -> None:
        self.warnings.append(Problem(line, field_name, reason))

    def summary(self) -> str:
        parts = [f"{COUNT_LABELS.get(key, key)}: {value}" for key, value in sorted(self.counts.items()) if value]
        parts.append(_("warnings: %(n)s") % {"n": len(self.warnings)})
        parts.append(_("merges: %(n)s") % {"n": len(self.merges)})
        parts.append(_("queued for review: %(n)s") % {"n": len(self.review)})
        text = ", ".join(parts)
        if self.error:
            return _("FAILED, nothing was changed: %(error)s.") % {"error": self.error} + " " + text
        return text

    def as_text(self) -> str:
        lines = [_("Import report: %(source)s %(file)s") % {"source": self.source, "file": self.file_name}]
        lines += [self.summary(), ""]
        if self.error:
            lines += [_("Error"), f"  {self.error}", ""]
        if self.rejected:
            lines.append(_("Rejected rows (line, field, reason)"))
            lines += [f"  {p.line}\t{p.field}\t{p.reason}" for p in self.rejected]
            lines.append("")
        if self.warnings:
            lines.append(_("Imported with warnings (line, field, reason)"))
            lines += [f"  {p.line}\t{p.field}\t{p.reason}" for p in self.warnings]
            lines.append("")
        if self.merges:
            lines.append(_("Merges (line, record, merged into, reasons)"))
            lines += [
                f"  {m['line']}\t{m['record']}\t→ {m['into']} (#{m['into_id']})\t{'; '.join(m['reasons'])}"
                for m in self.merges
            ]
            lines.append("")
        if self.review:
            lines.append(_("Queued for staff review (line, record, possible duplicate, score, reasons)"))
            lines += [
                f"  {m['line']}\t{m['record']}\t? {m['other']} (#{m['other_id']})\t{m['score']:.0f}\t"
                f"{'; '.join(m['reasons'])}"
                for m in self.review
            ]
            lines.append("")
        return "\n".join(lines)

    def write(self, path: str | Path) -> None:
        Path(path).write_text(self.as_text(), encoding="utf-8")


class Progress:
    """A one-line counter with rate and ETA, redrawn at most a few times per second."""

    def __init__(self, stream: IO | None, label: str, total: int | None = None, interval: float = 0.5):
        self.stream = stream
        self.label = label
        self.total = total
        self.interval = interval
        self.count = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())

    def update(self, n: int = 1, *, position: int | None = None) -> None:
        """Advance by `n` rows, or to `position` (rows read so far, rejected ones included)."""
        self.count = position if position is not None else self.count + n
        now = time.monotonic()
        if self.stream is not None and now - self._last >= self.interval:
            self._last = now
            self._draw(final=False)

    def done(self) -> None:
        if self.total:
            self.count = max(self.count, self.total)  # rows rejected at the end of the file were read too
        if self.stream is not None:
            self._draw(final=True)

    def _draw(self, *, final: bool) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.count / elapsed
        if self.total:
            pct = min(100.0, 100.0 * self.count / self.total)
            remaining = max(self.total - self.count, 0) / rate if rate else 0
            text = f"{self.label}: {self.count}/{self.total} ({pct:.0f}%) {rate:.0f}/s ETA {remaining:.0f}s"
        else:
            text = f"{self.label}: {self.count} {rate:.0f}/s"
        if final:
            text = f"{self.label}: {self.count} in {elapsed:.1f}s ({rate:.0f}/s)"
        end = "\n" if final or not self._tty else ""
        self.stream.write(("\r" if self._tty else "") + text + end)
        self.stream.flush()


def _open_binary(path: str | Path | IO[bytes]) -> IO[bytes]:
    if hasattr(path, "read"):
        handle = path
        head = handle.read(2)
        handle.seek(0)
    else:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the caller
        head = handle.read(2)
        handle.seek(0)
    if head == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=handle)
    return handle


def count_lines(path: str | Path | IO[bytes]) -> int:
    handle = _open_binary(path)
    try:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except (OSError, EOFError) as error:
        raise ImportFileError(f"cannot read the file: {error}") from error
    finally:
        if hasattr(path, "seek"):
            path.seek(0)
        else:
            handle.close()


def decoded_lines(path: str | Path | IO[bytes], report: ImportReport):
    """Yield text lines; a line that is not valid UTF-8 is read as Windows-1252 and reported, never dropped."""
    handle = _open_binary(path)
    try:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                report.warn(number, "encoding", "not valid UTF-8; read as Windows-1252")
                yield raw.decode("cp1252", errors="replace")
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise ImportFileError(f"cannot read the file: {error}") from error
    finally:
        if not hasattr(path, "read"):
            handle.close()


def read_csv(path, report: ImportReport, *, required: list[str], any_of: list[list[str]] | None = None):
    """Yield (line number, row dict) from a CSV file (plain or gzip), checking the header first."""
    lines = decoded_lines(path, report)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("the file is empty") from None
    except csv.Error as error:
        raise ImportFileError(f"cannot read the header: {error}") from error
    header = [column.strip().lower() for column in header]
    missing = [column for column in required if column not in header]
    for group in any_of or []:
        if not any(column in header for column in group):
            missing.append(" or ".join(group))
    if missing:
        raise ImportFileError(f"missing columns: {', '.join(missing)}")
    duplicated = [column for column, n in Counter(header).items() if n > 1]
    if duplicated:
        raise ImportFileError(f"duplicated columns: {', '.join(duplicated)}")
    line = reader.line_num
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            report.reject(start, "row", f"malformed CSV: {error}")
            line = reader.line_num
            continue
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            report.reject(start, "row", f"expected {len(header)} values, found {len(values)}")
            continue
        yield start, {column: value.strip() for column, value in zip(header, values, strict=True)}
