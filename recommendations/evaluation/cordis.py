"""Profiles and collaboration links from the CORDIS project-participation files (csv + gzip, no pandas).

Reads the files described in the data README: organisations_nl_de.csv.gz, projects.csv.gz and
participations.csv.gz. Everything a profile holds comes from projects that started before a cut-off date, so
an evaluation never sees the future.
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from recommendations.pipeline import Profile

FILES = ("organisations_nl_de.csv.gz", "projects.csv.gz", "participations.csv.gz")
COUNTRIES = ("NL", "DE")

# H2020 programme parts have no text; this maps them to TECH.LAND clusters (a coarse, documented heuristic):
# energy to battery & hydrogen, climate/resources and bio-economy to circular economy, industrial technologies
# and SME innovation to advanced manufacturing, health to health & medtech.
PROGRAMME_CLUSTERS = {
    "SC3": ("battery_hydrogen",),
    "SC5": ("circular_economy",),
    "SC2": ("circular_economy",),
    "LEIT": ("advanced_manufacturing_robotics",),
    "Innovation in SMEs": ("advanced_manufacturing_robotics",),
    "SC1": ("health_medtech",),
}
TYPES = {"sme", "company", "research", "university", "public", "other"}
ACTIVITY_TYPES = {"PRC": "company", "HES": "university", "REC": "research", "PUB": "public", "OTH": "other"}


class DataError(Exception):
    """The data folder is missing a file or a column."""


@dataclass
class Project:
    project_id: str
    start: str
    programme_parts: tuple[str, ...]
    programme_labels: tuple[str, ...]
    text: str
    clusters: tuple[str, ...]
    concepts: tuple[str, ...]
    participants: list[tuple[str, str, str]] = field(default_factory=list)  # (org_id, country, activity_type)


@dataclass
class Dataset:
    organisations: dict[str, dict[str, str]]
    projects: dict[str, Project]

    def projects_between(self, start: str | None, end: str | None) -> list[Project]:
        return [
            p
            for p in self.projects.values()
            if p.start and (start is None or p.start >= start) and (end is None or p.start < end)
        ]


def _rows(path: Path, required: Iterable[str]) -> Iterable[dict[str, str]]:
    if not path.exists():
        raise DataError(f"missing file: {path}")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(required) - set(reader.fieldnames or ())
        if missing:
            raise DataError(f"{path.name} lacks columns: {', '.join(sorted(missing))}")
        yield from reader


def load_dataset(folder: str | Path) -> Dataset:
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"not a folder: {folder}")
    organisations = {
        r["org_id"]: r
        for r in _rows(
            folder / "organisations_nl_de.csv.gz",
            ("org_id", "name", "country", "city", "lat", "lon", "type", "sme", "border_region"),
        )
    }
    projects: dict[str, Project] = {}
    for r in _rows(
        folder / "projects.csv.gz",
        (
            "project_id",
            "start_date",
            "title",
            "objective",
            "programme_part",
            "programme_part_label",
            "euroscivoc",
            "cluster_hint_keywords",
        ),
    ):
        parts = tuple(x for x in r["programme_part"].split(";") if x)
        labels = tuple(x for x in r["programme_part_label"].split(";") if x)
        clusters = {c for part in parts for c in PROGRAMME_CLUSTERS.get(part, ())}
        clusters |= {c for c in r["cluster_hint_keywords"].split(";") if c}
        fields = [f.strip("/").split("/")[-1] for f in r["euroscivoc"].split(";") if f.strip("/")]
        concepts = tuple(f"programme:{p}" for p in parts) + tuple(f"field:{f}" for f in fields)
        text = " ".join(x for x in (r["title"], r["objective"]) if x) or " ".join(labels)
        projects[r["project_id"]] = Project(
            project_id=r["project_id"],
            start=r["start_date"],
            programme_parts=parts,
            programme_labels=labels,
            text=text,
            clusters=tuple(sorted(clusters)),
            concepts=concepts,
        )
    for r in _rows(
        folder / "participations.csv.gz", ("project_id", "org_id", "country", "activity_type", "start_date")
    ):
        project = projects.get(r["project_id"])
        if project is None:
            continue
        if not project.start:
            project.start = r["start_date"]
        project.participants.append((r["org_id"], r["country"], r["activity_type"]))
    return Dataset(organisations=organisations, projects=projects)


def _float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


@dataclass
class Snapshot:
    """What was known at a cut-off date: NL/DE profiles, links between non-candidates, and the known NL–DE pairs."""

    profiles: list[Profile]
    extra_links: list[tuple[str, str]]
    known_pairs: set[tuple[str, str]]


def snapshot(dataset: Dataset, before: str, *, max_text_projects: int = 20) -> Snapshot:
    """Profiles of the Dutch and German organisations active in projects that started before `before`."""
    projects = sorted(dataset.projects_between(None, before), key=lambda p: (p.start, p.project_id))
    partners: dict[str, set[str]] = defaultdict(set)
    concepts: dict[str, list[str]] = defaultdict(list)
    clusters: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, list[str]] = defaultdict(list)
    n_projects: dict[str, int] = defaultdict(int)
    recent: dict[str, int] = defaultdict(int)
    recent_from = f"{int(before[:4]) - 2:04d}{before[4:]}"  # the two years before the cut-off
    last_year: dict[str, int] = {}
    country: dict[str, str] = {}
    activity_type: dict[str, str] = {}
    extra_links: set[tuple[str, str]] = set()
    for p in projects:
        ids = sorted({org for org, _c, _a in p.participants})
        for org, c, a in p.participants:
            country.setdefault(org, c)
            activity_type.setdefault(org, a)
        for org in ids:
            if country.get(org) in COUNTRIES:
                n_projects[org] += 1
                if p.start >= recent_from:
                    recent[org] += 1
                last_year[org] = max(last_year.get(org, 0), int(p.start[:4]))
                concepts[org].extend(p.concepts)
                clusters[org].update(p.clusters)
                if p.text and p.text not in texts[org][-max_text_projects:]:
                    texts[org].append(p.text)
        for a, b in combinations(ids, 2):
            if country.get(a) in COUNTRIES or country.get(b) in COUNTRIES:
                partners[a].add(b)
                partners[b].add(a)
            else:
                extra_links.add((a, b))
    profiles = []
    for org in sorted(n_projects):
        info = dataset.organisations.get(org, {})
        org_type = info.get("type") or ACTIVITY_TYPES.get(activity_type.get(org, ""), "other")
        sme = {"True": True, "False": False}.get(info.get("sme", ""))
        profiles.append(
            Profile(
                org_id=org,
                name=info.get("name", ""),
                country=country[org],
                region=info.get("border_region", ""),
                city=info.get("city", ""),
                lat=_float(info.get("lat", "")),
                lon=_float(info.get("lon", "")),
                type=org_type if org_type in TYPES else "other",
                sme=sme,
                clusters=tuple(sorted(clusters[org])),
                concepts=tuple(concepts[org]),
                descriptions={"en": "\n".join(texts[org][-max_text_projects:])},
                known_partner_ids=tuple(sorted(partners[org])),
                activity=float(n_projects[org]),
                last_active_year=last_year[org],
                recent_activity=float(recent[org]),
            )
        )
    by_id = {p.org_id: p for p in profiles}
    known_pairs = {
        _pair(p.org_id, q, p.country, by_id[q].country)
        for p in profiles
        for q in p.known_partner_ids
        if q in by_id and {p.country, by_id[q].country} == set(COUNTRIES)
    }
    return Snapshot(profiles=profiles, extra_links=sorted(extra_links), known_pairs=known_pairs)


def _pair(a: str, b: str, country_a: str, country_b: str) -> tuple[str, str]:
    return (a, b) if country_a == "NL" else (b, a)


def new_pairs(
    dataset: Dataset, start: str, end: str | None, *, known: set[tuple[str, str]], active: set[str]
) -> set[tuple[str, str]]:
    """(NL, DE) pairs that first work together in a project starting in [start, end), both already active."""
    pairs = set()
    for p in dataset.projects_between(start, end):
        nl = {org for org, c, _a in p.participants if c == "NL" and org in active}
        de = {org for org, c, _a in p.participants if c == "DE" and org in active}
        pairs.update((a, b) for a in nl for b in de)
    return pairs - known
