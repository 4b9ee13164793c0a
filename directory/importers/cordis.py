"""Parse the CORDIS-derived CSV files shipped in directory/data (organisations, projects, participations).

The kind of file is recognised from its header, so `import_organisations cordis` accepts any one of the three
files, or a folder holding `cordis_organisations.csv.gz`, `cordis_projects.csv.gz` and
`cordis_participations.csv.gz` (imported in that order).
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..models import Organisation, Participation, Project
from ..regions import region_for
from .base import (
    ImportFileError,
    ImportReport,
    OrganisationRecord,
    ParticipationRecord,
    ProjectRecord,
    decoded_lines,
    read_csv,
)
from .cleaning import (
    legal_form,
    parse_bool,
    parse_country,
    parse_date,
    parse_decimal,
    parse_float,
    parse_pic,
    parse_website,
    tidy_name,
    truncate,
)

ORGANISATIONS = "organisations"
PROJECTS = "projects"
PARTICIPATIONS = "participations"

FOLDER_FILES = [
    (ORGANISATIONS, "cordis_organisations.csv.gz"),
    (PROJECTS, "cordis_projects.csv.gz"),
    (PARTICIPATIONS, "cordis_participations.csv.gz"),
]

BORDER_REGION_NUTS = {"Overijssel": "NL21", "Gelderland": "NL22", "Münsterland": "DEA3", "Emscher-Lippe": "DEA3"}
TYPES = {choice for choice, _label in Organisation.Type.choices}
ROLES = {choice for choice, _label in Participation.Role.choices}
FRAMEWORKS = {choice for choice, _label in Project.Framework.choices}


def detect_kind(path) -> str:
    """Which of the three CORDIS files this is, from its header."""
    report = ImportReport()
    try:
        header = next(csv.reader(decoded_lines(path, report)))
    except StopIteration:
        raise ImportFileError("the file is empty") from None
    finally:
        if hasattr(path, "seek"):
            path.seek(0)
    columns = {column.strip().lower() for column in header}
    if "role" in columns and "project_id" in columns:
        return PARTICIPATIONS
    if "project_id" in columns and ("framework" in columns or "title" in columns):
        return PROJECTS
    if "pic" in columns or "org_id" in columns:
        return ORGANISATIONS
    raise ImportFileError(
        "not a CORDIS organisations, projects or participations file (expected columns such as pic, name, "
        "country; or project_id, framework; or project_id, org_id, role)"
    )


def files_to_import(path: str | Path) -> list[tuple[str, Path]]:
    path = Path(path)
    if path.is_dir():
        found = [(kind, path / name) for kind, name in FOLDER_FILES if (path / name).exists()]
        if not found:
            raise ImportFileError(f"no {', '.join(name for _k, name in FOLDER_FILES)} in {path}")
        return found
    if not path.exists():
        raise ImportFileError(f"no such file: {path}")
    return [(detect_kind(path), path)]


def _pic_of(row: dict) -> str:
    return parse_pic(row.get("pic") or row.get("org_id", ""))


def parse_organisations(path, report: ImportReport):
    """Yield OrganisationRecords; unnamed PIC-only rows are kept but not public."""
    seen: dict[str, int] = {}
    for line, row in read_csv(path, report, required=["country"], any_of=[["pic", "org_id"]]):
        try:
            pic = _pic_of(row)
        except ValueError as error:
            report.reject(line, "pic", str(error))
            continue
        if pic in seen:
            report.reject(line, "pic", f"duplicate row: PIC {pic} already on line {seen[pic]}")
            continue
        seen[pic] = line
        try:
            country = parse_country(row.get("country", ""))
        except ValueError as error:
            report.reject(line, "country", str(error))
            continue
        raw_name = " ".join(row.get("name", "").split())
        fields: dict = {"country": country}
        aliases = []
        if raw_name:
            name = tidy_name(raw_name)
            fields["name"] = truncate(name, 300)
            fields["legal_form"] = legal_form(raw_name)
            if name != raw_name:
                aliases.append((truncate(raw_name, 300), ""))
        else:
            fields["name"] = f"PIC {pic}"
        for key, length in [("short_name", 120), ("city", 120), ("postcode", 20), ("street", 200)]:
            value = row.get(key, "")
            if value:
                fields[key] = truncate(tidy_name(value) if key in {"city", "street"} else value, length)
        type_ = row.get("type", "")
        if type_ in TYPES:
            fields["type"] = type_
        elif type_:
            report.warn(line, "type", f"unknown type {type_!r}; imported as other")
            fields["type"] = Organisation.Type.OTHER
        for key, parser in [
            ("sme", parse_bool),
            ("lat", lambda v: parse_float(v, low=-90, high=90)),
            ("lon", lambda v: parse_float(v, low=-180, high=180)),
            ("website", parse_website),
        ]:
            try:
                value = parser(row.get(key, ""))
            except ValueError as error:
                report.warn(line, key, f"{error}; value dropped")
                continue
            if value is not None and value != "":
                fields[{"lat": "latitude", "lon": "longitude"}.get(key, key)] = value
        region = region_for(country=country, city=row.get("city", ""))
        if not region and row.get("border_region") in BORDER_REGION_NUTS:
            region = BORDER_REGION_NUTS[row["border_region"]]
        if region:
            fields["region"] = region
        identifiers = [("pic", pic)]
        vat = row.get("vat", "").replace(" ", "").upper()[:200]
        if vat:
            identifiers.append(("vat", vat))
        yield OrganisationRecord(
            line=line,
            source="cordis",
            fields=fields,
            identifiers=identifiers,
            aliases=aliases,
            is_public=bool(raw_name),
        )


def parse_projects(path, report: ImportReport):
    seen: dict[str, int] = {}
    for line, row in read_csv(path, report, required=["project_id", "framework"]):
        source_id = row["project_id"]
        if not source_id or len(source_id) > 40:
            report.reject(line, "project_id", "missing or longer than 40 characters")
            continue
        if source_id in seen:
            report.reject(line, "project_id", f"duplicate row: {source_id} already on line {seen[source_id]}")
            continue
        seen[source_id] = line
        framework = row["framework"].upper()
        if framework not in FRAMEWORKS:
            report.warn(line, "framework", f"unknown framework {row['framework']!r}; imported as OTHER")
            framework = Project.Framework.OTHER
        fields = {
            "framework": framework,
            "grant_id": truncate(row.get("grant_id", ""), 20),
            "acronym": truncate(row.get("acronym", ""), 60),
            "title": truncate(row.get("title", ""), 500),
            "objective": row.get("objective", ""),
            "programme": truncate(row.get("programme_part", ""), 60),
            "programme_label": truncate(row.get("programme_part_label", ""), 200),
            "funding_scheme": truncate(row.get("funding_scheme", ""), 60),
            "topics": row.get("topics", ""),
            "fields_of_science": row.get("euroscivoc", ""),
        }
        for key, target, parser in [
            ("start_date", "start_date", parse_date),
            ("end_date", "end_date", parse_date),
            ("total_cost", "total_cost", parse_decimal),
            ("ec_max_contribution", "ec_contribution", parse_decimal),
        ]:
            try:
                fields[target] = parser(row.get(key, ""))
            except ValueError as error:
                report.warn(line, key, f"{error}; value dropped")
                fields[target] = None
        yield ProjectRecord(line=line, fields={"source_id": source_id, **fields})


def parse_participations(path, report: ImportReport):
    seen: dict[tuple[str, str], int] = {}
    for line, row in read_csv(path, report, required=["project_id", "role"], any_of=[["pic", "org_id"]]):
        try:
            pic = _pic_of(row)
        except ValueError as error:
            report.reject(line, "pic", str(error))
            continue
        key = (row["project_id"], pic)
        if key in seen:
            report.reject(line, "pic", f"duplicate row: PIC {pic} in {row['project_id']} already on line {seen[key]}")
            continue
        seen[key] = line
        role = row["role"]
        if role not in ROLES:
            report.warn(line, "role", f"unknown role {role!r}; imported as participant")
            role = Participation.Role.PARTICIPANT
        try:
            contribution = parse_decimal(row.get("ec_contribution", ""))
        except ValueError as error:
            report.warn(line, "ec_contribution", f"{error}; value dropped")
            contribution = None
        yield ParticipationRecord(
            line=line, project_source_id=row["project_id"], pic=pic, role=role, ec_contribution=contribution
        )
