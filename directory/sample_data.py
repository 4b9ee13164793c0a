"""Sample data for the directory: the real CORDIS and ROR data shipped in directory/data, tagged.

Idempotent: every step upserts, so a second run changes nothing. When the shipped files have not changed since the
last successful sample load (same checksum, recorded as an import run), the imports are skipped altogether.
"""

import hashlib
from pathlib import Path

from django.utils import timezone

from .clusters import CLUSTER_LABELS
from .models import ImportRun, Organisation, Source
from .services import run_import
from .tagging import cluster_counts, retag
from .taxonomy import CONCEPTS_FILE, taxonomy_load

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = [
    "cordis_organisations.csv.gz",
    "cordis_projects.csv.gz",
    "cordis_participations.csv.gz",
    "ror_nl_de.jsonl.gz",
]


def checksum() -> str:
    digest = hashlib.sha256()
    for path in [*(DATA_DIR / name for name in FILES), CONCEPTS_FILE]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load(*, stdout, verbosity=1) -> None:
    counts = taxonomy_load()
    if verbosity:
        stdout.write(f"  concepts: {', '.join(f'{k} {v}' for k, v in counts.items())}")
    marker = f"sample data {checksum()}"
    if ImportRun.objects.filter(file_name=marker, status=ImportRun.Status.SUCCEEDED).exists() and (
        Organisation.objects.exists()
    ):
        if verbosity:
            stdout.write("  organisations: the shipped data are already loaded")
        return
    started = timezone.now()
    for source, path in [("cordis", DATA_DIR), ("ror", DATA_DIR / "ror_nl_de.jsonl.gz")]:
        report = run_import(source=source, path=path, stream=stdout if verbosity > 1 else None)
        if report.error:
            raise RuntimeError(f"sample {source} import failed: {report.error}")
        if verbosity:
            stdout.write(f"  {source}: {report.summary()}")
    changes = retag()
    ImportRun.objects.create(
        source=Source.CORDIS,
        file_name=marker,
        status=ImportRun.Status.SUCCEEDED,
        started_at=started,
        finished_at=timezone.now(),
        counts={"tagging": changes},
        report="Sample data: CORDIS and ROR files shipped in directory/data, then automatic tagging.",
    )
    if verbosity:
        stdout.write(f"  tagging: {', '.join(f'{k} {v}' for k, v in sorted(changes.items()))}")
        stdout.write("  clusters: " + ", ".join(f"{CLUSTER_LABELS[c]} {n}" for c, n in cluster_counts().items()))
