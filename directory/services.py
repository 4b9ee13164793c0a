"""Writes to the directory: imports with entity resolution, merges and merge-queue decisions.

Imports work in bulk: existing organisations, identifiers and provenance are read once, records are resolved in
memory, and the changes are written with bulk_create / bulk_update inside one transaction.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from .entity_resolution import MERGE, REVIEW, Candidate, ResolutionIndex, website_domain
from .importers import cordis, ror, staff_csv
from .importers.base import (
    ImportFileError,
    ImportReport,
    OrganisationRecord,
    ParticipationRecord,
    Progress,
    ProjectRecord,
    count_lines,
)
from .models import (
    Concept,
    FieldProvenance,
    Identifier,
    ImportRun,
    MergeCandidate,
    Organisation,
    OrganisationAlias,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
    Participation,
    Project,
    Source,
    TagSource,
)

ORG_FIELDS = [
    "name",
    "legal_form",
    "short_name",
    "type",
    "sme",
    "country",
    "region",
    "city",
    "postcode",
    "street",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
]
# A source may overwrite a field set by a source of the same or a lower rank; staff edits are never overwritten.
SOURCE_RANK = {Source.CORDIS: 1, Source.ROR: 2, Source.CSV: 3, Source.STAFF: 4}
SOURCES = {"cordis": Source.CORDIS, "ror": Source.ROR, "csv": Source.CSV}
BATCH = 1000


class ImportAborted(Exception):
    """Raised inside the transaction so that nothing is written; carries the report."""

    def __init__(self, report: ImportReport):
        super().__init__(report.error)
        self.report = report


# --------------------------------------------------------------------------------------------------------------
# organisations


@dataclass
class _Org:
    """In-memory state of one organisation during an import."""

    pk: int | None
    values: dict
    is_public: bool
    provenance: dict = field(default_factory=dict)  # field -> source
    alias_names: set = field(default_factory=set)
    descriptions: set = field(default_factory=set)
    changed: set = field(default_factory=set)
    original: dict = field(default_factory=dict)
    original_provenance: dict = field(default_factory=dict)
    touched: bool = False
    became_public: bool = False
    new_identifiers: list = field(default_factory=list)
    new_aliases: list = field(default_factory=list)
    new_descriptions: list = field(default_factory=list)
    new_provenance: dict = field(default_factory=dict)  # field -> (source, record)
    clusters: list = field(default_factory=list)
    concepts: list = field(default_factory=list)


class _OrganisationState:
    """Existing organisations, their identifiers, names and provenance, loaded once."""

    def __init__(self):
        self.orgs: dict[object, _Org] = {}
        self.identifiers: dict[tuple[str, str], object] = {}
        self.slugs: set[str] = set(Organisation.objects.values_list("slug", flat=True))
        self.index = ResolutionIndex()
        self._new = itertools.count(1)
        for row in Organisation.objects.values("pk", "is_public", *ORG_FIELDS).iterator(chunk_size=2000):
            pk = row.pop("pk")
            self.orgs[pk] = _Org(pk=pk, values=row, is_public=row.pop("is_public"))
        for org_id, scheme, value in Identifier.objects.values_list("organisation_id", "scheme", "value"):
            self.identifiers[(scheme, value)] = org_id
        for org_id, field_name, source in FieldProvenance.objects.values_list("organisation_id", "field", "source"):
            if org_id in self.orgs:
                self.orgs[org_id].provenance[field_name] = source
        for org in self.orgs.values():
            org.original = dict(org.values)
            org.original_provenance = dict(org.provenance)
        aliases = defaultdict(list)
        for org_id, name in OrganisationAlias.objects.values_list("organisation_id", "name"):
            aliases[org_id].append(name)
            self.orgs[org_id].alias_names.add(name.lower())
        for org_id, language, text in OrganisationDescription.objects.values_list(
            "organisation_id", "language", "text"
        ):
            self.orgs[org_id].descriptions.add((language, text))
        identifiers = defaultdict(set)
        for (scheme, value), org_id in self.identifiers.items():
            identifiers[org_id].add((scheme, value))
        for pk, org in self.orgs.items():
            if org.is_public:
                self.index.add(self._candidate(pk, org, aliases.get(pk, []), identifiers.get(pk, set())))

    @staticmethod
    def _candidate(key, org: _Org, aliases, identifiers) -> Candidate:
        domains = {website_domain(org.values.get("website") or "")} - {""}
        return Candidate(
            key=key,
            names=[org.values["name"], *aliases],
            country=org.values.get("country", ""),
            city=org.values.get("city", ""),
            identifiers=set(identifiers),
            domains=domains,
        )

    def new_key(self):
        return f"new:{next(self._new)}"

    def unique_slug(self, name: str, hint: str = "") -> str:
        base = (slugify(name) or slugify(hint) or "organisation")[:200].strip("-") or "organisation"
        slug, n = base, 2
        while slug in self.slugs:
            slug = f"{base}-{n}"
            n += 1
        self.slugs.add(slug)
        return slug


def _apply_fields(org: _Org, record: OrganisationRecord, source: str, *, is_new: bool) -> None:
    rank = SOURCE_RANK[source]
    for name, value in record.fields.items():
        if value is None or value == "":
            continue
        if name == "name" and not record.is_public and not is_new:
            continue  # a placeholder name never replaces a real one
        current = org.values.get(name)
        current_source = org.provenance.get(name)
        empty = current is None or current == ""
        if not empty and current_source and SOURCE_RANK.get(current_source, 0) > rank:
            continue
        if not empty and not current_source and not is_new and source != Source.CSV and name == "name":
            continue  # a name typed in by staff without provenance stays
        if current != value:
            if name == "name" and current and not is_new and current.lower() not in org.alias_names:
                language = next((lang for alias, lang in record.aliases if alias.lower() == current.lower()), "")
                org.new_aliases.append((current, language))
                org.alias_names.add(current.lower())
            org.values[name] = value
            org.changed.add(name)
            org.new_provenance[name] = (
                source,
                record.identifiers[0][1] if record.identifiers else f"line {record.line}",
            )
            org.provenance[name] = source
        elif current_source is None and not is_new:
            org.new_provenance[name] = (
                source,
                record.identifiers[0][1] if record.identifiers else f"line {record.line}",
            )
            org.provenance[name] = source
    if record.is_public and not org.is_public:
        org.is_public = True
        org.became_public = True
    name_lower = (org.values.get("name") or "").lower()
    for alias, language in record.aliases:
        if alias and alias.lower() != name_lower and alias.lower() not in org.alias_names:
            org.alias_names.add(alias.lower())
            org.new_aliases.append((alias, language))
    for language, text in record.descriptions:
        if (language, text) not in org.descriptions:
            org.descriptions.add((language, text))
            org.new_descriptions.append((language, text))
    org.clusters.extend(record.clusters)
    org.concepts.extend(record.concepts)


def _resolve_records(records, state: _OrganisationState, source: str, report: ImportReport, progress, resolve: bool):
    queue: list[tuple[object, object, float, tuple]] = []
    for record in records:
        progress.update(position=record.line - (0 if source == Source.ROR else 1))
        known = [state.identifiers[i] for i in record.identifiers if i in state.identifiers]
        if len(set(known)) > 1:
            report.warn(
                record.line,
                "identifiers",
                "identifiers belong to different organisations ("
                + ", ".join(f"#{k}" for k in sorted(set(map(str, known))))
                + "); updated the first, staff should merge them",
            )
        key = known[0] if known else None
        if key is not None and record.identifiers and record.identifiers[0] not in state.identifiers:
            # matched through a secondary identifier (a VAT number shared by two PICs): one organisation
            shared = next(i for i in record.identifiers if i in state.identifiers)
            report.merges.append(
                {
                    "line": record.line,
                    "record": record.label,
                    "into": state.orgs[key].values.get("name", ""),
                    "into_id": state.orgs[key].pk or "new",
                    "reasons": [f"same identifier {shared[0]}:{shared[1]}"],
                }
            )
            report.counts["merged"] += 1
        candidate = Candidate(
            key=None,
            names=[record.fields.get("name", ""), *[a for a, _l in record.aliases]] if record.is_public else [],
            country=record.fields.get("country", ""),
            city=record.fields.get("city", ""),
            identifiers=set(record.identifiers),
            domains=set(record.domains),
        )
        review_with = None
        if key is None and resolve and record.is_public:
            match = state.index.match(candidate)
            if match is not None and match.decision == MERGE:
                key = match.key
                target = state.orgs[key]
                report.merges.append(
                    {
                        "line": record.line,
                        "record": record.label,
                        "into": target.values.get("name", ""),
                        "into_id": target.pk or "new",
                        "reasons": list(match.reasons),
                    }
                )
                report.counts["merged"] += 1
            elif match is not None and match.decision == REVIEW:
                review_with = match
        is_new = key is None
        if is_new:
            key = state.new_key()
            org = _Org(pk=None, values={"type": Organisation.Type.OTHER}, is_public=record.is_public)
            state.orgs[key] = org
            report.counts["created"] += 1
        else:
            org = state.orgs[key]
        org.touched = True
        _apply_fields(org, record, source, is_new=is_new)
        for identifier in record.identifiers:
            if identifier not in state.identifiers:
                state.identifiers[identifier] = key
                org.new_identifiers.append(identifier)
        if org.is_public:
            state.index.add(
                Candidate(
                    key=key,
                    names=[org.values.get("name", ""), *[a for a, _l in record.aliases]],
                    country=org.values.get("country", ""),
                    city=org.values.get("city", ""),
                    identifiers=set(record.identifiers),
                    domains=set(record.domains) | ({website_domain(org.values.get("website") or "")} - {""}),
                )
            )
        if review_with is not None:
            queue.append((key, review_with.key, review_with.score, review_with.reasons, record))
    return queue


def _settle(org: _Org) -> None:
    """Compare with the values read from the database: a field set twice in one run may end where it began."""
    if org.pk is None:
        return
    org.changed = {name for name in ORG_FIELDS if org.values.get(name) != org.original.get(name)}
    org.new_provenance = {
        name: value
        for name, value in org.new_provenance.items()
        if name in org.changed or org.original_provenance.get(name) != value[0]
    }


def _write_organisations(state: _OrganisationState, source: str, report: ImportReport, queue, now: datetime):
    for org in state.orgs.values():
        _settle(org)
    new_objects = []
    new_keys = []
    for key, org in state.orgs.items():
        if org.pk is None:
            values = {name: org.values.get(name) for name in ORG_FIELDS if org.values.get(name) is not None}
            pic = next((v for s, v in org.new_identifiers if s == "pic"), "")
            new_objects.append(
                Organisation(
                    slug=state.unique_slug(values.get("name", ""), pic),
                    is_public=org.is_public,
                    created_at=now,
                    updated_at=now,
                    **values,
                )
            )
            new_keys.append(key)
    created = Organisation.objects.bulk_create(new_objects, batch_size=BATCH)
    for key, obj in zip(new_keys, created, strict=True):
        state.orgs[key].pk = obj.pk

    created_pks = {obj.pk for obj in created}
    changed = []
    for org in state.orgs.values():
        if org.pk is not None and org.pk not in created_pks and (org.changed or org.became_public):
            obj = Organisation(pk=org.pk, is_public=org.is_public, updated_at=now)
            for name in ORG_FIELDS:
                setattr(obj, name, org.values.get(name) if org.values.get(name) is not None else _default(name))
            changed.append(obj)
    if changed:
        Organisation.objects.bulk_update(changed, [*ORG_FIELDS, "is_public", "updated_at"], batch_size=BATCH)
        report.counts["updated"] += len(changed)

    identifiers, aliases, descriptions, provenance = [], [], [], []
    for org in state.orgs.values():
        identifiers += [
            Identifier(organisation_id=org.pk, scheme=s, value=v, source=source) for s, v in org.new_identifiers
        ]
        aliases += [
            OrganisationAlias(organisation_id=org.pk, name=name, language=language, source=source)
            for name, language in org.new_aliases
        ]
        descriptions += [
            OrganisationDescription(organisation_id=org.pk, language=language, text=text, source=source)
            for language, text in org.new_descriptions
        ]
        provenance += [
            FieldProvenance(
                organisation_id=org.pk, field=name, source=src, source_record=str(rec)[:200], retrieved_at=now
            )
            for name, (src, rec) in org.new_provenance.items()
        ]
    Identifier.objects.bulk_create(identifiers, batch_size=BATCH)
    OrganisationAlias.objects.bulk_create(aliases, batch_size=BATCH, ignore_conflicts=True)
    OrganisationDescription.objects.bulk_create(descriptions, batch_size=BATCH)
    FieldProvenance.objects.bulk_create(
        provenance,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["organisation", "field"],
        update_fields=["source", "source_record", "retrieved_at"],
    )
    report.counts["identifiers added"] += len(identifiers)
    report.counts["aliases added"] += len(aliases)

    _write_staff_tags(state, report)

    candidates = []
    for key, other_key, score, reasons, record in queue:
        a, b = state.orgs[key], state.orgs[other_key]
        if a.pk == b.pk:
            continue
        low, high = sorted([(a.pk, a), (b.pk, b)], key=lambda item: item[0])
        candidates.append(
            MergeCandidate(
                organisation_a_id=low[0],
                organisation_b_id=high[0],
                name_a=low[1].values.get("name", "")[:300],
                name_b=high[1].values.get("name", "")[:300],
                score=score,
                reasons=list(reasons),
            )
        )
        report.review.append(
            {
                "line": record.line,
                "record": record.label,
                "other": b.values.get("name", ""),
                "other_id": b.pk,
                "score": score,
                "reasons": list(reasons),
            }
        )
    existing = set(MergeCandidate.objects.values_list("organisation_a_id", "organisation_b_id"))
    MergeCandidate.objects.bulk_create(
        [c for c in candidates if (c.organisation_a_id, c.organisation_b_id) not in existing],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def _default(name: str):
    return None if name in {"sme", "latitude", "longitude"} else ""


def _write_staff_tags(state: _OrganisationState, report: ImportReport) -> None:
    """Clusters and concepts given in a staff CSV are staff tags (never overwritten by automatic tagging)."""
    cluster_rows, concept_rows = [], []
    concept_ids = None
    for org in state.orgs.values():
        for cluster in dict.fromkeys(org.clusters):
            cluster_rows.append(
                OrganisationCluster(organisation_id=org.pk, cluster=cluster, confidence=1.0, source=TagSource.STAFF)
            )
        if org.concepts:
            if concept_ids is None:
                concept_ids = dict(Concept.objects.values_list("slug", "pk"))
            for slug in dict.fromkeys(org.concepts):
                if slug in concept_ids:
                    concept_rows.append(
                        OrganisationConcept(
                            organisation_id=org.pk, concept_id=concept_ids[slug], confidence=1.0, source=TagSource.STAFF
                        )
                    )
                else:
                    report.warn(0, "concepts", f"unknown concept {slug!r} for {org.values.get('name')}; ignored")
    fields = ["confidence", "source", "rejected"]
    if cluster_rows:
        OrganisationCluster.objects.bulk_create(
            cluster_rows, update_conflicts=True, unique_fields=["organisation", "cluster"], update_fields=fields
        )
    if concept_rows:
        OrganisationConcept.objects.bulk_create(
            concept_rows, update_conflicts=True, unique_fields=["organisation", "concept"], update_fields=fields
        )


def organisations_import(
    *,
    records: Iterable[OrganisationRecord],
    source: str,
    report: ImportReport,
    progress: Progress,
    resolve: bool = True,
) -> None:
    """Upsert organisation records (matched by identifier, then by entity resolution). Call inside atomic()."""
    now = timezone.now()
    state = _OrganisationState()
    queue = _resolve_records(records, state, source, report, progress, resolve)
    progress.done()
    for org in state.orgs.values():
        _settle(org)
    report.counts["unchanged"] += sum(
        1
        for org in state.orgs.values()
        if org.touched
        and org.pk is not None
        and not (org.changed or org.became_public or org.new_identifiers or org.new_aliases or org.new_descriptions)
    )
    _write_organisations(state, source, report, queue, now)


# --------------------------------------------------------------------------------------------------------------
# projects and participations

PROJECT_FIELDS = [
    "framework",
    "grant_id",
    "acronym",
    "title",
    "objective",
    "start_date",
    "end_date",
    "programme",
    "programme_label",
    "funding_scheme",
    "topics",
    "fields_of_science",
    "total_cost",
    "ec_contribution",
]


def projects_import(*, records: Iterable[ProjectRecord], report: ImportReport, progress: Progress) -> None:
    existing = {p["source_id"]: p for p in Project.objects.values("pk", "source_id", *PROJECT_FIELDS)}
    new, changed = [], []
    for record in records:
        progress.update(position=record.line - 1)
        values = dict(record.fields)
        source_id = values.pop("source_id")
        current = existing.get(source_id)
        if current is None:
            new.append(Project(source_id=source_id, **values))
            existing[source_id] = {"pk": None, "source_id": source_id, **values}
        else:
            differs = any(_norm(current.get(k)) != _norm(v) for k, v in values.items())
            if differs and current["pk"] is not None:
                changed.append(Project(pk=current["pk"], source_id=source_id, **values))
                current.update(values)
    progress.done()
    Project.objects.bulk_create(new, batch_size=BATCH)
    Project.objects.bulk_update(changed, PROJECT_FIELDS, batch_size=BATCH)
    report.counts["projects created"] += len(new)
    report.counts["projects updated"] += len(changed)


def _norm(value):
    if value is None:
        return ""
    return str(value)


def participations_import(*, records: Iterable[ParticipationRecord], report: ImportReport, progress: Progress) -> None:
    org_by_pic = dict(Identifier.objects.filter(scheme="pic").values_list("value", "organisation_id"))
    project_by_id = dict(Project.objects.values_list("source_id", "pk"))
    existing = {
        (p, o): (role, _norm(ec))
        for p, o, role, ec in Participation.objects.values_list(
            "project_id", "organisation_id", "role", "ec_contribution"
        )
    }
    new, changed = {}, []
    pks = {(p, o): pk for pk, p, o in Participation.objects.values_list("pk", "project_id", "organisation_id")}
    for record in records:
        progress.update(position=record.line - 1)
        org_id = org_by_pic.get(record.pic)
        project_id = project_by_id.get(record.project_source_id)
        if org_id is None:
            report.reject(record.line, "pic", f"unknown organisation PIC {record.pic} (import the organisations first)")
            continue
        if project_id is None:
            report.reject(
                record.line, "project_id", f"unknown project {record.project_source_id} (import projects first)"
            )
            continue
        key = (project_id, org_id)
        values = (record.role, _norm(record.ec_contribution))
        if key in new:
            # two PICs of one (merged) organisation in the same project: keep one participation, add contributions
            first = new[key]
            if record.ec_contribution is not None:
                first.ec_contribution = (first.ec_contribution or 0) + record.ec_contribution
            if record.role == Participation.Role.COORDINATOR:
                first.role = record.role
            report.warn(
                record.line, "pic", f"PIC {record.pic} is a merged organisation already in this project; combined"
            )
            continue
        if key in existing:
            if existing[key] != values and key in pks:
                changed.append(
                    Participation(
                        pk=pks[key],
                        project_id=project_id,
                        organisation_id=org_id,
                        role=record.role,
                        ec_contribution=record.ec_contribution,
                    )
                )
            continue
        new[key] = Participation(
            project_id=project_id, organisation_id=org_id, role=record.role, ec_contribution=record.ec_contribution
        )
    progress.done()
    Participation.objects.bulk_create(list(new.values()), batch_size=BATCH)
    Participation.objects.bulk_update(changed, ["role", "ec_contribution"], batch_size=BATCH)
    report.counts["participations created"] += len(new)
    report.counts["participations updated"] += len(changed)


# --------------------------------------------------------------------------------------------------------------
# the entry point used by the command, the admin import screen and the sample data


def run_import(
    *,
    source: str,
    path: str | Path | IO[bytes],
    file_name: str = "",
    stream: IO | None = None,
    report_path: str | Path | None = None,
    user=None,
    resolve: bool = True,
) -> ImportReport:
    """Import one file (or, for cordis, a folder) in one transaction, record an ImportRun and return the report.

    A fatal problem (missing columns, unreadable file, database error) rolls everything back; the report then has
    `error` set. Row-level problems are reported and do not stop the import.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; use one of {', '.join(SOURCES)}")
    report = ImportReport(source=source, file_name=file_name or str(getattr(path, "name", path)))
    started = timezone.now()
    try:
        with transaction.atomic():
            _import(source=SOURCES[source], path=path, report=report, stream=stream, resolve=resolve)
            if report.error:
                raise ImportAborted(report)
    except ImportAborted:
        pass
    except ImportFileError as error:
        report.error = str(error)
    except Exception as error:  # noqa: BLE001 - any failure rolls back and is reported, never half-applied
        report.error = f"{type(error).__name__}: {error}"
    ImportRun.objects.create(
        source=SOURCES[source],
        file_name=report.file_name[:300],
        status=ImportRun.Status.FAILED if report.error else ImportRun.Status.SUCCEEDED,
        started_at=started,
        finished_at=timezone.now(),
        counts=dict(report.counts) | {"merges": len(report.merges), "queued": len(report.review)},
        report=report.as_text()[:2_000_000],
        user=user if getattr(user, "pk", None) else None,
    )
    if report_path:
        report.write(report_path)
    return report


def _import(*, source: str, path, report: ImportReport, stream, resolve: bool) -> None:
    def progress_for(label, file):
        try:
            total = max(count_lines(file) - (0 if source == Source.ROR else 1), 0)
        except ImportFileError:
            total = None
        return Progress(stream, label, total)

    if source == Source.CORDIS:
        files = cordis.files_to_import(path) if not hasattr(path, "read") else [(cordis.detect_kind(path), path)]
        for kind, file in files:
            progress = progress_for(f"cordis {kind}", file)
            if kind == cordis.ORGANISATIONS:
                organisations_import(
                    records=cordis.parse_organisations(file, report),
                    source=source,
                    report=report,
                    progress=progress,
                    resolve=resolve,
                )
            elif kind == cordis.PROJECTS:
                projects_import(records=cordis.parse_projects(file, report), report=report, progress=progress)
            else:
                participations_import(
                    records=cordis.parse_participations(file, report), report=report, progress=progress
                )
    elif source == Source.ROR:
        _check_exists(path)
        organisations_import(
            records=ror.parse(path, report),
            source=source,
            report=report,
            progress=progress_for("ror", path),
            resolve=resolve,
        )
    else:
        _check_exists(path)
        organisations_import(
            records=staff_csv.parse(path, report),
            source=source,
            report=report,
            progress=progress_for("csv", path),
            resolve=resolve,
        )


def _check_exists(path) -> None:
    if not hasattr(path, "read") and not Path(path).is_file():
        raise ImportFileError(f"no such file: {path}")


# --------------------------------------------------------------------------------------------------------------
# merging


@transaction.atomic
def organisation_merge(*, keep: Organisation, remove: Organisation, user=None, reasons=()) -> Organisation:
    """Fold `remove` into `keep`: identifiers, names, descriptions, participations, tags and empty fields move over.

    Staff values and staff tags win; `remove` is deleted and its name kept as an alias.
    """
    if keep.pk == remove.pk:
        raise ValueError(gettext("An organisation cannot be merged with itself."))
    now = timezone.now()
    keep_prov = {p.field: p for p in keep.provenance.all()}
    remove_prov = {p.field: p for p in remove.provenance.all()}
    changed = []
    for name in ORG_FIELDS:
        mine, theirs = getattr(keep, name), getattr(remove, name)
        if (mine is None or mine == "") and theirs not in (None, ""):
            setattr(keep, name, theirs)
            changed.append(name)
            if name in remove_prov:
                FieldProvenance.objects.update_or_create(
                    organisation=keep,
                    field=name,
                    defaults={
                        "source": remove_prov[name].source,
                        "source_record": remove_prov[name].source_record,
                        "retrieved_at": remove_prov[name].retrieved_at,
                    },
                )
    del keep_prov
    keep.is_public = keep.is_public or remove.is_public
    keep.save()

    Identifier.objects.filter(organisation=remove).update(organisation=keep)
    alias_names = {a.lower() for a in keep.aliases.values_list("name", flat=True)} | {keep.name.lower()}
    for alias in remove.aliases.all():
        if alias.name.lower() not in alias_names:
            alias_names.add(alias.name.lower())
            OrganisationAlias.objects.create(
                organisation=keep, name=alias.name, language=alias.language, source=alias.source
            )
    if remove.is_public and remove.name.lower() not in alias_names:
        OrganisationAlias.objects.create(organisation=keep, name=remove.name, language="", source=Source.STAFF)
    OrganisationDescription.objects.filter(organisation=remove).update(organisation=keep)

    kept_projects = dict(keep.participations.values_list("project_id", "pk"))
    for participation in remove.participations.all():
        if participation.project_id in kept_projects:
            continue
        participation.organisation = keep
        participation.save(update_fields=["organisation"])

    for model, field_name in [(OrganisationCluster, "cluster"), (OrganisationConcept, "concept_id")]:
        mine = {getattr(t, field_name): t for t in model.objects.filter(organisation=keep)}
        for tag in model.objects.filter(organisation=remove):
            existing = mine.get(getattr(tag, field_name))
            if existing is None:
                tag.organisation = keep
                tag.save(update_fields=["organisation"])
            elif tag.source == TagSource.STAFF and existing.source != TagSource.STAFF:
                existing.source, existing.rejected, existing.confidence = tag.source, tag.rejected, tag.confidence
                existing.save(update_fields=["source", "rejected", "confidence"])

    # Other queue entries that named `remove` now name `keep` (or are void when they paired the two).
    for candidate in MergeCandidate.objects.filter(Q(organisation_a=remove) | Q(organisation_b=remove)).exclude(
        status=MergeCandidate.Status.MERGED
    ):
        other = candidate.organisation_b_id if candidate.organisation_a_id == remove.pk else candidate.organisation_a_id
        if other == keep.pk:
            candidate.status = MergeCandidate.Status.MERGED
            candidate.decided_at, candidate.decided_by = now, user if getattr(user, "pk", None) else None
            candidate.save()
            continue
        low, high = sorted([keep.pk, other])
        if MergeCandidate.objects.filter(organisation_a_id=low, organisation_b_id=high).exists():
            candidate.delete()
        else:
            candidate.organisation_a_id, candidate.organisation_b_id = low, high
            candidate.save()
    remove.delete()
    return keep


@transaction.atomic
def merge_candidate_decide(
    *, candidate: MergeCandidate, merge: bool, user=None, keep_b: bool = False
) -> MergeCandidate:
    """Staff decision on a queued pair: merge (into A, or into B with keep_b) or keep apart."""
    candidate = MergeCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != MergeCandidate.Status.PENDING:
        raise ValueError(gettext("This pair has already been decided."))
    candidate.name_a = candidate.name_a or (candidate.organisation_a.name if candidate.organisation_a else "")
    candidate.name_b = candidate.name_b or (candidate.organisation_b.name if candidate.organisation_b else "")
    candidate.save(update_fields=["name_a", "name_b"])
    if merge:
        if candidate.organisation_a is None or candidate.organisation_b is None:
            raise ValueError(gettext("One of the two organisations no longer exists."))
        keep, remove = candidate.organisation_a, candidate.organisation_b
        if keep_b:
            keep, remove = remove, keep
        organisation_merge(keep=keep, remove=remove, user=user)
        candidate.refresh_from_db()
        candidate.status = MergeCandidate.Status.MERGED
    else:
        candidate.status = MergeCandidate.Status.KEPT_APART
    candidate.decided_at = timezone.now()
    candidate.decided_by = user if getattr(user, "pk", None) else None
    candidate.save()
    return candidate
