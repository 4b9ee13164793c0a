"""Prepare the database of the server that the browser tests drive (run as `python -m tests.browser.seed`).

Runs in its own process with the server's settings (tests.browser.server_settings) on a migrated, empty database:
a slice of the real directory data shipped in directory/data (the organisations of the border region and around
it, with their EU projects), the sample content in en/nl/de, the example member account, the accounts the journeys
sign in with, stored recommendations and the directory's search index. A few thousand rows instead of the whole
sample, so that it takes seconds rather than minutes.
"""

import csv
import gzip
import io
import json
import math
import sys
import tempfile
from pathlib import Path

PASSWORD = "browser-test-password-1"  # noqa: S105 - a throwaway account on a throwaway database
ACCOUNTS = {
    # key: (e-mail, first name, groups, is_superuser)
    "editor": ("editor@example.com", "Erika", ["Editors"], False),
    "moderator": ("moderator@example.com", "Max", ["Moderators"], False),
    "facilitator": ("facilitator@example.com", "Fenna", ["Support organisations"], False),
    "admin": ("admin@example.com", "Ada", [], True),
}
MEMBER_EMAIL = "member@example.com"  # made by members.sample_data

# Enschede–Gronau, the middle of the TECH.LAND region; the slice keeps what lies within this distance of it.
CENTRE = (52.22, 6.89)
RADIUS_KM = 80


def _km(lat: float, lon: float) -> float:
    rad = math.radians
    a = (
        math.sin(rad(lat - CENTRE[0]) / 2) ** 2
        + math.cos(rad(CENTRE[0])) * math.cos(rad(lat)) * math.sin(rad(lon - CENTRE[1]) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _near(row: dict) -> bool:
    if row.get("border_region"):
        return True
    distance = row.get("km_to_enschede_gronau") or ""
    try:
        return float(distance) < RADIUS_KM
    except ValueError:
        return False


def write_slice(source_dir: Path, target_dir: Path) -> dict[str, int]:
    """Copy the organisations near the border, their participations and projects, and nearby ROR records."""
    fields, organisations = _read_csv(source_dir / "cordis_organisations.csv.gz")
    organisations = [row for row in organisations if _near(row)]
    org_ids = {row["org_id"] for row in organisations}
    _write_csv(target_dir / "cordis_organisations.csv.gz", fields, organisations)

    fields, participations = _read_csv(source_dir / "cordis_participations.csv.gz")
    participations = [row for row in participations if row["org_id"] in org_ids]
    project_ids = {row["project_id"] for row in participations}
    _write_csv(target_dir / "cordis_participations.csv.gz", fields, participations)

    fields, projects = _read_csv(source_dir / "cordis_projects.csv.gz")
    projects = [row for row in projects if row["project_id"] in project_ids]
    _write_csv(target_dir / "cordis_projects.csv.gz", fields, projects)

    ror = []
    with gzip.open(source_dir / "ror_nl_de.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("lat") is not None and _km(record["lat"], record["lng"]) < RADIUS_KM:
                ror.append(line)
    with gzip.open(target_dir / "ror.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(ror)
    return {
        "organisations": len(organisations),
        "participations": len(participations),
        "projects": len(projects),
        "ror": len(ror),
    }


def load_directory(out) -> None:
    from directory.models import Organisation
    from directory.sample_data import DATA_DIR
    from directory.services import run_import
    from directory.tagging import cluster_counts, retag
    from directory.taxonomy import taxonomy_load

    taxonomy_load()
    with tempfile.TemporaryDirectory(prefix="techland-browser-slice-") as folder:
        folder = Path(folder)
        counts = write_slice(DATA_DIR, folder)
        out.write(f"directory slice: {counts}\n")
        for source, path in [("cordis", folder), ("ror", folder / "ror.jsonl.gz")]:
            report = run_import(source=source, path=path)
            if report.error:
                raise RuntimeError(f"{source} import failed: {report.error}")
            out.write(f"  {source}: {report.summary()}\n")
    retag()
    out.write(f"  organisations: {Organisation.objects.count()}, clusters: {dict(cluster_counts())}\n")


def create_accounts(out) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    for email, first_name, groups, superuser in ACCOUNTS.values():
        user, _created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first_name, "last_name": "Example"}
        )
        user.is_superuser = superuser
        user.is_staff = superuser
        user.set_password(PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=groups))
        missing = set(groups) - set(user.groups.values_list("name", flat=True))
        if missing:
            raise RuntimeError(f"groups missing from the migrations: {sorted(missing)}")
    member = User.objects.get(email__iexact=MEMBER_EMAIL)
    member.set_password(PASSWORD)
    member.save()
    out.write(f"accounts: {', '.join(sorted([MEMBER_EMAIL, *(a[0] for a in ACCOUNTS.values())]))}\n")


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.utils.module_loading import import_string

    out = sys.stdout
    load_directory(out)
    quiet = io.StringIO()
    for path in settings.SAMPLE_DATA_LOADERS:
        if path == "directory.sample_data.load":
            continue  # the slice above stands in for the whole directory sample
        out.write(f"{path}\n")
        import_string(path)(stdout=quiet, verbosity=1)
    create_accounts(out)


if __name__ == "__main__":
    main()
