"""Directory sample import benchmark: how long `load_sample_data`'s directory loader takes on a fresh database.

    .venv/bin/python bench/directory_import_bench.py            # a temporary SQLite file
    DATABASE_URL=postgres://... .venv/bin/python bench/directory_import_bench.py   # an empty PostgreSQL database

Times each step (taxonomy, CORDIS organisations + projects + participations, ROR with entity resolution, tagging)
on an empty, migrated database, then a full re-import of the same files (which must change nothing), and prints
the per-cluster organisation counts. Nothing here is a test: it prints figures.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="directory-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techland.settings.dev")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    from directory.models import MergeCandidate, Organisation, Participation, Project
    from directory.sample_data import DATA_DIR
    from directory.services import run_import
    from directory.tagging import cluster_counts, retag
    from directory.taxonomy import taxonomy_load

    call_command("migrate", verbosity=0)
    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    for label in ["first run", "second run (re-import, must change nothing)"]:
        print(label)
        total = time.perf_counter()
        started = time.perf_counter()
        taxonomy_load()
        print(f"  taxonomy            {time.perf_counter() - started:6.1f} s")
        for source, path in [("cordis", DATA_DIR), ("ror", DATA_DIR / "ror_nl_de.jsonl.gz")]:
            started = time.perf_counter()
            report = run_import(source=source, path=path)
            print(f"  {source:<19} {time.perf_counter() - started:6.1f} s   {report.summary()}")
        started = time.perf_counter()
        changes = retag()
        print(f"  tagging             {time.perf_counter() - started:6.1f} s   {changes}")
        print(f"  total               {time.perf_counter() - total:6.1f} s")
    print(
        f"organisations {Organisation.objects.count()} (public {Organisation.objects.filter(is_public=True).count()}), "
        f"projects {Project.objects.count()}, participations {Participation.objects.count()}, "
        f"pending merge candidates {MergeCandidate.objects.filter(status='pending').count()}"
    )
    print("organisations per cluster:", cluster_counts())


if __name__ == "__main__":
    main()
