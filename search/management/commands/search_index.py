"""`manage.py search_index rebuild|update|status`: build, refresh or inspect the directory search index.

Documents come from settings.SEARCH_DOCUMENT_PROVIDER, a dotted path to a function that yields documents
(or lists of documents). If the function also has a `count()` attribute, progress shows an ETA.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from search.backends import get_backend

BATCH_SIZE = 1000


def _batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list[dict]]:
    """Accept documents one by one or in lists; hand them on in lists of `size`."""
    batch: list[dict] = []
    for item in items:
        if isinstance(item, dict):
            batch.append(item)
        else:
            batch.extend(item)
        while len(batch) >= size:
            yield batch[:size]
            batch = batch[size:]
    if batch:
        yield batch


class Progress:
    """One status line: count, rate and ETA (rewritten in place on a terminal, a line per 10 % otherwise)."""

    def __init__(self, stdout, total: int | None, *, label: str, tty: bool):
        self.stdout = stdout
        self.total = total
        self.label = label
        self.tty = tty
        self.start = time.monotonic()
        self.last_report = -1

    def line(self, done: int) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = done / elapsed
        if self.total:
            share = min(done / self.total, 1.0)
            bar = "#" * int(share * 30)
            eta = (self.total - done) / rate if rate > 0 else 0
            return (
                f"{self.label} [{bar:<30}] {done:,}/{self.total:,} ({share:.0%})"
                f" {rate:,.0f} docs/s, ETA {_duration(eta)}"
            )
        return f"{self.label} {done:,} documents, {rate:,.0f} docs/s, {_duration(elapsed)} elapsed"

    def __call__(self, done: int) -> None:
        if self.tty:
            self.stdout.write("\r" + self.line(done), ending="")
            self.stdout.flush()
            return
        step = int(done / self.total * 10) if self.total else done // 10_000
        if step != self.last_report:
            self.last_report = step
            self.stdout.write(self.line(done))

    def finish(self, done: int) -> None:
        if self.tty:
            self.stdout.write("")


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class Command(BaseCommand):
    help = "Rebuild, update or inspect the directory search index."

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            choices=["rebuild", "update", "status"],
            help="rebuild: build a complete new index aside and swap it in; "
            "update: re-index every document in place and remove those no longer provided; "
            "status: backend, document count, size and build time",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, action, no_progress=False, verbosity=1, **options):
        backend = get_backend()
        if action == "status":
            return self.status(backend)
        provider = self.provider()
        total = None
        counter = getattr(provider, "count", None)
        if callable(counter):
            try:
                total = int(counter())
            except Exception as exc:
                raise CommandError(f"Could not count documents: {exc}") from exc
        tty = hasattr(self.stdout, "isatty") and self.stdout.isatty() and not no_progress
        progress = (
            Progress(self.stdout, total, label=action.capitalize(), tty=tty) if verbosity and not no_progress else None
        )
        started = time.monotonic()
        try:
            batches = _batches(provider())
            if action == "rebuild":
                report = backend.rebuild(batches, progress=progress)
            else:
                report = self.update(backend, batches, progress)
        except CommandError:
            raise
        except Exception as exc:
            raise CommandError(f"{action} failed ({backend.name}): {exc}") from exc
        if progress:
            progress.finish(report.indexed)
        elapsed = time.monotonic() - started
        rate = report.indexed / elapsed if elapsed > 0 else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{action.capitalize()} done ({backend.name}): {report.indexed:,} documents in "
                f"{_duration(elapsed)} ({rate:,.0f} docs/s)"
            )
        )
        if report.errors:
            self.stderr.write(f"{len(report.errors)} documents were rejected:")
            for error in report.errors[:50]:
                self.stderr.write(f"  {error}")
            if len(report.errors) > 50:
                self.stderr.write(f"  … and {len(report.errors) - 50} more")

    def provider(self):
        path = getattr(settings, "SEARCH_DOCUMENT_PROVIDER", "")
        if not path:
            raise CommandError("SEARCH_DOCUMENT_PROVIDER is not set: no documents to index.")
        try:
            provider = import_string(path)
        except ImportError as exc:
            raise CommandError(
                f"SEARCH_DOCUMENT_PROVIDER {path!r} cannot be imported ({exc}). "
                "It must be a dotted path to a function yielding search documents."
            ) from exc
        if not callable(provider):
            raise CommandError(f"SEARCH_DOCUMENT_PROVIDER {path!r} is not a function.")
        return provider

    def update(self, backend, batches, progress):
        from search.backends.base import IndexReport

        report = IndexReport()
        seen: set[int] = set()
        for batch in batches:
            part = backend.index(batch)
            report.indexed += part.indexed
            report.errors.extend(part.errors)
            seen.update(doc["id"] for doc in batch if isinstance(doc, dict) and isinstance(doc.get("id"), int))
            if progress:
                progress(report.indexed)
        stale = backend.ids() - seen
        if stale:
            backend.delete(sorted(stale))
            self.stdout.write(f"Removed {len(stale):,} documents no longer provided.")
        return report

    def status(self, backend):
        status = backend.status()
        lines = [
            f"Backend:   {status.backend}",
            f"State:     {status.state}",
            f"Documents: {status.documents:,}",
            f"Location:  {status.location}",
        ]
        if status.size_bytes is not None:
            lines.append(f"Size:      {status.size_bytes / 1_048_576:.1f} MiB")
        if status.built_at:
            lines.append(f"Built:     {status.built_at}")
        if status.detail:
            lines.append(f"Detail:    {status.detail}")
        for line in lines:
            self.stdout.write(line)
