from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.services import SOURCES, run_import


class Command(BaseCommand):
    help = (
        "Import organisations with entity resolution. SOURCE is cordis (the CORDIS CSV files in directory/data, "
        "one file or their folder), ror (ROR JSON Lines) or csv (the staff CSV format described in README.md). "
        "Upserts by source identifier, runs in one transaction and writes a report of every rejected row and merge."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", choices=sorted(SOURCES))
        parser.add_argument("path", help="File to import (plain or .gz); for cordis also a folder.")
        parser.add_argument(
            "--report",
            help="Where to write the report (default: import-report-<source>.txt in the current folder).",
        )
        parser.add_argument(
            "--no-resolve",
            action="store_true",
            help="Match only by identifiers (skip name-based entity resolution).",
        )

    def handle(self, *args, source, path, report, no_resolve, verbosity, **options):
        report_path = Path(report) if report else Path(f"import-report-{source}.txt")
        result = run_import(
            source=source,
            path=path,
            stream=self.stderr if verbosity else None,
            report_path=report_path,
            resolve=not no_resolve,
        )
        if result.error:
            raise CommandError(f"{result.summary()} Report: {report_path}")
        self.stdout.write(self.style.SUCCESS(result.summary()))
        if result.rejected:
            self.stdout.write(self.style.WARNING(f"{len(result.rejected)} rows rejected; see {report_path}"))
        self.stdout.write(f"Report: {report_path}")
