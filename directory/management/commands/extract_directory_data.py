"""Rebuild the copy of the real data shipped in directory/data/ from the full evaluation data set.

Keeps every Dutch and German organisation (named or not), the projects they took part in, their participations,
the ROR records for both countries and the PIC → ROR exact-name matches. Column layouts stay those of the source
files, so `import_organisations cordis` reads both the shipped copy and the full files.
"""

import csv
import gzip
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
PROJECT_COLUMNS_DROPPED = {"source", "cluster_hint_keywords", "rcn"}


class Command(BaseCommand):
    help = "Rebuild directory/data/ from the full CORDIS/ROR evaluation data (a folder with its .csv.gz files)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Folder holding organisations_nl_de.csv.gz, projects.csv.gz, ...")
        parser.add_argument("--out", default=str(DATA_DIR), help="Target folder (default: directory/data).")

    def handle(self, *args, source, out, **options):
        source_dir, out_dir = Path(source), Path(out)
        needed = ["organisations_nl_de.csv.gz", "projects.csv.gz", "participations.csv.gz", "ror_nl_de.jsonl.gz"]
        missing = [name for name in needed if not (source_dir / name).exists()]
        if missing:
            raise CommandError(f"Missing in {source_dir}: {', '.join(missing)}")
        out_dir.mkdir(parents=True, exist_ok=True)

        org_ids = set()
        with gzip.open(source_dir / "organisations_nl_de.csv.gz", "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                org_ids.add(row["org_id"])
        shutil.copyfile(source_dir / "organisations_nl_de.csv.gz", out_dir / "cordis_organisations.csv.gz")

        project_ids = set()
        n_participations = self._filter(
            source_dir / "participations.csv.gz",
            out_dir / "cordis_participations.csv.gz",
            keep=lambda row: row["org_id"] in org_ids,
            collect=lambda row: project_ids.add(row["project_id"]),
        )
        n_projects = self._filter(
            source_dir / "projects.csv.gz",
            out_dir / "cordis_projects.csv.gz",
            keep=lambda row: row["project_id"] in project_ids,
            drop=PROJECT_COLUMNS_DROPPED,
        )
        shutil.copyfile(source_dir / "ror_nl_de.jsonl.gz", out_dir / "ror_nl_de.jsonl.gz")
        if (source_dir / "org_ror_exact_matches.csv.gz").exists():
            shutil.copyfile(source_dir / "org_ror_exact_matches.csv.gz", out_dir / "cordis_ror_exact_matches.csv.gz")
        self.stdout.write(
            f"{len(org_ids)} organisations, {n_projects} projects, {n_participations} participations → {out_dir}"
        )

    def _filter(self, source, target, *, keep, collect=None, drop=frozenset()):
        count = 0
        with (
            gzip.open(source, "rt", encoding="utf-8", newline="") as src,
            gzip.open(target, "wt", encoding="utf-8", newline="", compresslevel=9) as dst,
        ):
            reader = csv.DictReader(src)
            columns = [column for column in reader.fieldnames if column not in drop]
            writer = csv.DictWriter(dst, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in reader:
                if keep(row):
                    writer.writerow(row)
                    count += 1
                    if collect:
                        collect(row)
        return count
