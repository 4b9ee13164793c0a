"""Every figure of the regional insights, computed by one module of queries.

The figures of one *scope* — the whole region (`ALL`) or one of the four clusters — compare the Dutch and the German
side. They hold codes, slugs and numbers only (labels are added in the reader's language when a chart is drawn), are
stored in `FigureSet` rows and served through the Django cache under a versioned key. `refresh()` recomputes every
scope (`manage.py refresh_insights`, `load_sample_data`, and after every successful directory import).

Definitions (also explained on the pages and in README.md, "Regional insights"):

- **Organisations** in a scope: the public organisations of the directory in the Netherlands or Germany; for a cluster,
  those tagged with it (tags staff rejected do not count), exactly as the directory's `?cluster=` filter counts them.
- **Areas**: the TECH.LAND border region is Overijssel and Gelderland (NL21, NL22) and the Regierungsbezirk Münster
  (DEA3: Münsterland and Emscher-Lippe); the rest of North Rhine-Westphalia (DEA1, DEA2, DEA4, DEA5) is shown apart.
- **Projects** in a scope: every EU project with a Dutch or German participant; for a cluster, a project counts when
  its text (title, topics, fields of science, objective) names the cluster's concepts as the directory's tagging reads
  them, or its call topic is a Horizon Europe health topic, or its Horizon 2020 programme part is Health (SC1), or its
  programme part is close to the cluster (energy SC3 → Battery & Hydrogen; food and bio-economy SC2, climate and
  resources SC5 → Circular Economy; industrial technologies LEIT and SME innovation → Advanced Manufacturing) *and* a
  Dutch or German participant is tagged with the cluster. Years are start years. EU funding is the EU contribution
  to the participants of each side.
- **Collaboration**: a Dutch–German pair is two organisations, one from each side, in the same project; a pair counts
  once per year in which they start a project together; organisations known only by their EU participant code count
  as partners but are never named.
- **Relative strength** of a concept on one side: its share among that side's tagged organisations divided by its
  share on the other side, each share counted with one organisation added, (n + 1) / (N + 1). A concept is an
  opportunity for the other side when at least `MIN_STRONG_ORGANISATIONS` organisations work on it and the relative
  strength is at least `STRENGTH_RATIO`.
- **Members' needs**: a need (technology or business request, R&D partner search) counts for the concepts it names.
  Needs from profiles that made their needs public always count; needs that are not public count only when at least
  `settings.INSIGHTS_MIN_PRIVATE_GROUP` member organisations of that side need the concept without making it public,
  so no member can be recognised. Only counts are shown, never names. "Offered on the other side" counts the public
  organisations of the other country tagged with the concept or offering it in a public member profile.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from directory.clusters import (
    ADVANCED_MANUFACTURING_ROBOTICS,
    BATTERY_HYDROGEN,
    CIRCULAR_ECONOMY,
    CLUSTER_SLUGS,
    HEALTH_MEDTECH,
)
from directory.models import (
    Concept,
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    Participation,
    Project,
)

logger = logging.getLogger(__name__)

# Bump when the shape of the figures changes: stored sets and cache entries of another version are recomputed.
FIGURES_VERSION = 1
ALL = "all"
SCOPES = (ALL, *CLUSTER_SLUGS)
SIDES = ("NL", "DE")
OTHER_SIDE = {"NL": "DE", "DE": "NL"}

TOP_CONCEPTS = 10
TOP_BRIDGES = 10
TOP_OPPORTUNITIES = 10
MIN_STRONG_ORGANISATIONS = 3
STRENGTH_RATIO = 2.0

# Areas, in display order: (key, country, NUTS prefixes). An organisation falls in the first area whose prefix
# its region code starts with; "elsewhere" catches the rest of the country, "unknown" an empty region.
AREAS = (
    ("overijssel", "NL", ("NL21",)),
    ("gelderland", "NL", ("NL22",)),
    ("nl_elsewhere", "NL", ("NL",)),
    ("nl_unknown", "NL", ()),
    ("muensterland", "DE", ("DEA33", "DEA34", "DEA35", "DEA37", "DEA38")),
    ("emscher_lippe", "DE", ("DEA31", "DEA32", "DEA36")),
    ("muenster_district", "DE", ("DEA3",)),
    ("nrw_elsewhere", "DE", ("DEA1", "DEA2", "DEA4", "DEA5", "DEA")),
    ("de_elsewhere", "DE", ("DE",)),
    ("de_unknown", "DE", ()),
)
# The region filter values of the directory that select an area (None: no region filter expresses it).
AREA_DIRECTORY_REGIONS = {
    "overijssel": ["NL21"],
    "gelderland": ["NL22"],
    "muensterland": ["DEA33", "DEA34", "DEA35", "DEA37", "DEA38"],
    "emscher_lippe": ["DEA31", "DEA32", "DEA36"],
    "muenster_district": None,
    "nrw_elsewhere": ["DEA1", "DEA2", "DEA4", "DEA5"],
}
BORDER_AREAS = {"overijssel", "gelderland", "muensterland", "emscher_lippe", "muenster_district"}
BORDER_REGIONS = {"NL": ["NL21", "NL22"], "DE": ["DEA3"]}
# Where knowledge institutions are, per side, from near to far: (bucket, areas).
KNOWLEDGE_TYPES = ("research", "university")
KNOWLEDGE_BUCKETS = (
    ("NL", "border", {"overijssel", "gelderland"}, ["NL21", "NL22"]),
    ("NL", "elsewhere", {"nl_elsewhere", "nl_unknown"}, None),
    ("DE", "border", {"muensterland", "emscher_lippe", "muenster_district"}, ["DEA3"]),
    ("DE", "nrw", {"nrw_elsewhere"}, ["DEA1", "DEA2", "DEA4", "DEA5"]),
    ("DE", "elsewhere", {"de_elsewhere", "de_unknown"}, None),
)

# Programme parts of Horizon 2020 that place a project in a cluster on their own, and those that do only when a
# Dutch or German participant is tagged with the cluster.
PROGRAMME_CLUSTER = {"SC1": HEALTH_MEDTECH}
PROGRAMME_CLUSTER_WITH_TAGGED_PARTICIPANT = {
    "SC3": BATTERY_HYDROGEN,
    "SC2": CIRCULAR_ECONOMY,
    "SC5": CIRCULAR_ECONOMY,
    "LEIT": ADVANCED_MANUFACTURING_ROBOTICS,
    "Innovation in SMEs": ADVANCED_MANUFACTURING_ROBOTICS,
}
TEXT_THRESHOLD = 0.5


def area_of(country: str, region: str) -> str:
    for key, area_country, prefixes in AREAS:
        if area_country != country:
            continue
        if not prefixes:
            if not region:
                return key
            continue
        if region and any(region.startswith(prefix) for prefix in prefixes):
            return key
    return f"{country.lower()}_unknown"


# --------------------------------------------------------------------------------------------------------------
# Loading: a few bulk queries shared by every scope


@dataclass
class Data:
    organisations: dict[int, dict] = field(default_factory=dict)  # public NL/DE organisations
    countries: dict[int, str] = field(default_factory=dict)  # every NL/DE organisation (public or not)
    clusters: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    concepts_of: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    concepts: dict[int, dict] = field(default_factory=dict)
    projects: dict[int, dict] = field(default_factory=dict)
    participants: dict[int, list[tuple[int, float]]] = field(default_factory=lambda: defaultdict(list))
    project_clusters: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    needs: list[dict] = field(default_factory=list)
    public_offers: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # concept -> orgs


def load_data(*, projects: bool = True) -> Data:
    """Everything the figures need; without `projects` only organisations, tags, concepts and member profiles."""
    data = Data()
    for pk, country, kind, sme, region, name, slug, is_public in Organisation.objects.filter(
        country__in=SIDES
    ).values_list("pk", "country", "type", "sme", "region", "name", "slug", "is_public"):
        data.countries[pk] = country
        if is_public:
            data.organisations[pk] = {
                "country": country,
                "type": kind,
                "sme": sme,
                "area": area_of(country, region or ""),
                "name": name,
                "slug": slug,
            }
    for org_id, cluster in OrganisationCluster.objects.active().values_list("organisation_id", "cluster"):
        data.clusters[org_id].add(cluster)
    for org_id, concept_id in OrganisationConcept.objects.active().values_list("organisation_id", "concept_id"):
        data.concepts_of[org_id].add(concept_id)
    concept_rows = list(Concept.objects.all())
    for concept in concept_rows:
        data.concepts[concept.pk] = {
            "slug": concept.slug,
            "cluster": concept.cluster,
            "labels": {"en": concept.label_en, "nl": concept.label_nl, "de": concept.label_de},
        }
    if projects:
        for project_id, org_id, contribution in Participation.objects.filter(
            organisation__country__in=SIDES
        ).values_list("project_id", "organisation_id", "ec_contribution"):
            data.participants[project_id].append((org_id, float(contribution or 0)))
        _classify_projects(data, concept_rows)
    _load_member_items(data)
    return data


def _classify_projects(data: Data, concept_rows) -> None:
    from directory.tagging import TermIndex, project_evidence

    index = TermIndex(concept_rows)
    cluster_of = {pk: info["cluster"] for pk, info in data.concepts.items()}
    fields = ("pk", "start_date", "programme", "title", "objective", "topics", "fields_of_science")
    for project in Project.objects.filter(pk__in=list(data.participants)).values(*fields).iterator(chunk_size=2000):
        pk = project["pk"]
        start = project["start_date"]
        data.projects[pk] = {"year": start.year if start else None}
        found: set[str] = set()
        if project["title"] or project["objective"] or project["topics"] or project["fields_of_science"]:
            concept_scores, cluster_hints = project_evidence(project, index)
            for concept_id, score in concept_scores.items():
                if score >= TEXT_THRESHOLD and cluster_of.get(concept_id):
                    found.add(cluster_of[concept_id])
            found.update(cluster for cluster, score in cluster_hints.items() if score >= TEXT_THRESHOLD)
        tagged = {cluster for org_id, _c in data.participants[pk] for cluster in data.clusters.get(org_id, ())}
        for part in (p.strip() for p in (project["programme"] or "").split(";")):
            if part in PROGRAMME_CLUSTER:
                found.add(PROGRAMME_CLUSTER[part])
            elif part in PROGRAMME_CLUSTER_WITH_TAGGED_PARTICIPANT:
                cluster = PROGRAMME_CLUSTER_WITH_TAGGED_PARTICIPANT[part]
                if cluster in tagged:
                    found.add(cluster)
        if found:
            data.project_clusters[pk] = found


def _load_member_items(data: Data) -> None:
    """Members' needs and public offers (the members app is optional: without it there are none)."""
    try:
        from members.choices import NEED_KINDS, OFFER_KINDS
        from members.models import ProfileItem
    except ImportError:  # pragma: no cover - the members app is installed in this project
        return
    items = ProfileItem.objects.filter(profile__organisation__country__in=SIDES).values_list(
        "pk", "kind", "profile__organisation_id", "profile__organisation__country", "profile__public_fields"
    )
    item_concepts = defaultdict(set)
    for item_id, concept_id in ProfileItem.concepts.through.objects.filter(
        profileitem__profile__organisation__country__in=SIDES
    ).values_list("profileitem_id", "concept_id"):
        item_concepts[item_id].add(concept_id)
    for item_id, kind, org_id, country, public_fields in items:
        public_fields = public_fields or []
        concepts = item_concepts.get(item_id, set())
        if kind in NEED_KINDS:
            data.needs.append(
                {"organisation": org_id, "country": country, "public": "needs" in public_fields, "concepts": concepts}
            )
        elif kind in OFFER_KINDS and "offers" in public_fields and org_id in data.organisations:
            for concept_id in concepts:
                data.public_offers[concept_id].add(org_id)


# --------------------------------------------------------------------------------------------------------------
# Computing one scope


def _side_counts() -> dict[str, int]:
    return dict.fromkeys(SIDES, 0)


def _scope_concepts(data: Data, scope: str) -> set[int]:
    if scope == ALL:
        return set(data.concepts)
    return {pk for pk, info in data.concepts.items() if info["cluster"] in (scope, "")}


def compute_scope(data: Data, scope: str) -> dict:
    if scope not in SCOPES:
        raise ValueError(f"Unknown scope: {scope}")
    orgs = {pk: info for pk, info in data.organisations.items() if scope == ALL or scope in data.clusters.get(pk, ())}
    concept_ids = _scope_concepts(data, scope)
    result = {
        "version": FIGURES_VERSION,
        "scope": scope,
        "computed_at": timezone.now().isoformat(),
        "organisations": _organisation_figures(orgs),
    }
    concept_figures, concept_counts = _concept_figures(data, orgs, concept_ids)
    result["concepts"] = concept_figures
    result["knowledge"] = _knowledge_figures(data, orgs, concept_ids)
    projects = [pk for pk in data.projects if scope == ALL or scope in data.project_clusters.get(pk, ())]
    result["rd"] = _rd_figures(data, projects)
    # Years the project data cover at all (any scope): other years are gaps in the data, not zeros.
    result["rd"]["data_years"] = sorted({p["year"] for p in data.projects.values() if p["year"] is not None})
    result["collaboration"] = _collaboration_figures(data, projects)
    needs = _need_counts(data, concept_ids)
    result["opportunities"] = _opportunities(data, concept_figures, concept_counts, needs)
    result["needs"] = _needs_offered(data, concept_ids, needs)
    used = set(concept_counts) | {pk for side in SIDES for pk in needs[side]}
    result["concept_labels"] = {
        data.concepts[pk]["slug"]: data.concepts[pk]["labels"] for pk in used if pk in data.concepts
    }
    return result


def _organisation_figures(orgs: dict[int, dict]) -> dict:
    total = _side_counts()
    by_type: dict[str, dict[str, int]] = {kind: _side_counts() for kind in Organisation.Type.values}
    by_size = {key: _side_counts() for key in ("yes", "no", "unknown")}
    by_area = Counter()
    border = _side_counts()
    for info in orgs.values():
        side = info["country"]
        total[side] += 1
        by_type[info["type"]][side] += 1
        by_size["unknown" if info["sme"] is None else ("yes" if info["sme"] else "no")][side] += 1
        by_area[info["area"]] += 1
        if info["area"] in BORDER_AREAS:
            border[side] += 1
    areas = [
        {"area": key, "country": country, "count": by_area.get(key, 0)}
        for key, country, _prefixes in AREAS
        if key != "muenster_district" or by_area.get(key)
    ]
    return {"total": total, "by_type": by_type, "by_size": by_size, "by_area": areas, "border": border}


def _concept_figures(data: Data, orgs: dict[int, dict], concept_ids: set[int]):
    counts: dict[int, dict[str, int]] = defaultdict(_side_counts)
    tagged = _side_counts()
    for pk, info in orgs.items():
        mine = data.concepts_of.get(pk, set()) & concept_ids
        if mine:
            tagged[info["country"]] += 1
        for concept_id in mine:
            counts[concept_id][info["country"]] += 1
    top = {}
    for side in SIDES:
        ranked = sorted(
            (item for item in counts.items() if item[1][side]),
            key=lambda item: (-item[1][side], data.concepts[item[0]]["slug"]),
        )[:TOP_CONCEPTS]
        top[side] = [
            {"concept": data.concepts[pk]["slug"], "NL": c["NL"], "DE": c["DE"], "count": c[side]} for pk, c in ranked
        ]
    return {"tagged": tagged, "top": top}, counts


def _knowledge_figures(data: Data, orgs: dict[int, dict], concept_ids: set[int]) -> dict:
    """Research institutes and universities per concept, by distance from the border (every concept with any).

    Each row: the concept and, per bucket, [research institutes, universities]; rows by total, largest first.
    """
    bucket_of_area = {}
    for country, bucket, areas, _regions in KNOWLEDGE_BUCKETS:
        for area in areas:
            bucket_of_area[area] = f"{country}_{bucket}"
    buckets = [f"{country}_{bucket}" for country, bucket, _areas, _regions in KNOWLEDGE_BUCKETS]
    counts: dict[int, dict[str, list[int]]] = {}
    for pk, info in orgs.items():
        if info["type"] not in KNOWLEDGE_TYPES:
            continue
        bucket = bucket_of_area[info["area"]]
        position = KNOWLEDGE_TYPES.index(info["type"])
        for concept_id in data.concepts_of.get(pk, set()) & concept_ids:
            row = counts.setdefault(concept_id, {b: [0, 0] for b in buckets})
            row[bucket][position] += 1
    ranked = sorted(
        counts.items(), key=lambda item: (-sum(sum(v) for v in item[1].values()), data.concepts[item[0]]["slug"])
    )
    return {"buckets": buckets, "rows": [{"concept": data.concepts[pk]["slug"], "counts": c} for pk, c in ranked]}


def _rd_figures(data: Data, projects: list[int]) -> dict:
    project_counts: dict[int, dict[str, int]] = defaultdict(_side_counts)
    funding: dict[int, dict[str, float]] = defaultdict(lambda: dict.fromkeys(SIDES, 0.0))
    undated = 0
    for pk in projects:
        year = data.projects[pk]["year"]
        if year is None:
            undated += 1
            continue
        sides = set()
        for org_id, contribution in data.participants[pk]:
            side = data.countries[org_id]
            sides.add(side)
            funding[year][side] += contribution
        for side in sides:
            project_counts[year][side] += 1
    years = _year_range(set(project_counts) | set(funding))
    return {
        "years": years,
        "projects": [[year, project_counts[year]["NL"], project_counts[year]["DE"]] for year in years],
        "funding": [[year, round(funding[year]["NL"], 2), round(funding[year]["DE"], 2)] for year in years],
        "total_projects": len(projects) - undated,
        "undated": undated,
    }


def _year_range(years: set[int]) -> list[int]:
    """Every year from the first to the last (years without projects show as zero, so gaps are visible)."""
    if not years:
        return []
    return list(range(min(years), max(years) + 1))


def _collaboration_figures(data: Data, projects: list[int]) -> dict:
    pairs_by_year: dict[int, set[tuple[int, int]]] = defaultdict(set)
    projects_by_year = Counter()
    all_pairs: set[tuple[int, int]] = set()
    first_year: dict[tuple[int, int], int] = {}
    partners: dict[int, set[int]] = defaultdict(set)
    shared_projects: Counter = Counter()
    for pk in projects:
        year = data.projects[pk]["year"]
        members = {org_id for org_id, _c in data.participants[pk]}
        dutch = sorted(org_id for org_id in members if data.countries[org_id] == "NL")
        german = sorted(org_id for org_id in members if data.countries[org_id] == "DE")
        if not dutch or not german:
            continue
        for org_id in members:
            shared_projects[org_id] += 1
        if year is not None:
            projects_by_year[year] += 1
        for nl in dutch:
            for de in german:
                pair = (nl, de)
                all_pairs.add(pair)
                partners[nl].add(de)
                partners[de].add(nl)
                if year is not None:
                    pairs_by_year[year].add(pair)
                    if pair not in first_year or year < first_year[pair]:
                        first_year[pair] = year
    new_by_year = Counter(first_year.values())
    years = _year_range({data.projects[pk]["year"] for pk in projects} - {None})
    bridges = sorted(
        (pk for pk in partners if pk in data.organisations),
        key=lambda pk: (-len(partners[pk]), -shared_projects[pk], data.organisations[pk]["name"]),
    )[:TOP_BRIDGES]
    return {
        "years": years,
        "per_year": [
            [year, len(pairs_by_year.get(year, ())), new_by_year.get(year, 0), projects_by_year.get(year, 0)]
            for year in years
        ],
        "pairs_total": len(all_pairs),
        "organisations": {side: sum(1 for pk in partners if data.countries[pk] == side) for side in SIDES},
        "bridges": [
            {
                "name": data.organisations[pk]["name"],
                "slug": data.organisations[pk]["slug"],
                "country": data.organisations[pk]["country"],
                "partners": len(partners[pk]),
                "projects": shared_projects[pk],
            }
            for pk in bridges
        ],
    }


def _need_counts(data: Data, concept_ids: set[int]) -> dict[str, dict[int, int]]:
    """How many member organisations of each side need each concept, with the privacy rule of the module doc."""
    public: dict[str, dict[int, set[int]]] = {side: defaultdict(set) for side in SIDES}
    private: dict[str, dict[int, set[int]]] = {side: defaultdict(set) for side in SIDES}
    for need in data.needs:
        target = public if need["public"] else private
        for concept_id in need["concepts"] & concept_ids:
            target[need["country"]][concept_id].add(need["organisation"])
    threshold = getattr(settings, "INSIGHTS_MIN_PRIVATE_GROUP", 3)
    counts: dict[str, dict[int, int]] = {}
    for side in SIDES:
        side_counts = {}
        for concept_id in set(public[side]) | set(private[side]):
            shown = set(public[side].get(concept_id, set()))
            hidden = private[side].get(concept_id, set()) - shown
            if len(hidden) >= threshold:
                shown |= hidden
            if shown:
                side_counts[concept_id] = len(shown)
        counts[side] = side_counts
    return counts


def _opportunities(data: Data, concept_figures: dict, counts: dict[int, dict[str, int]], needs: dict) -> dict:
    tagged = concept_figures["tagged"]
    result = {}
    for side in SIDES:
        other = OTHER_SIDE[side]
        rows = []
        for concept_id, c in counts.items():
            if c[side] < MIN_STRONG_ORGANISATIONS or not tagged[side] or not tagged[other]:
                continue
            share = (c[side] + 1) / (tagged[side] + 1)
            other_share = (c[other] + 1) / (tagged[other] + 1)
            ratio = share / other_share
            if ratio >= STRENGTH_RATIO:
                rows.append(
                    {
                        "concept_id": concept_id,
                        side: c[side],
                        other: c[other],
                        "ratio": round(ratio, 2),
                        "needed": needs[other].get(concept_id, 0),
                    }
                )
        rows.sort(key=lambda row: (-row["ratio"], -row[side], data.concepts[row["concept_id"]]["slug"]))
        result[side] = rows[:TOP_OPPORTUNITIES]
    return result


def _needs_offered(data: Data, concept_ids: set[int], needs: dict) -> dict:
    offered_by: dict[str, dict[int, set[int]]] = {side: defaultdict(set) for side in SIDES}
    for pk, info in data.organisations.items():
        for concept_id in data.concepts_of.get(pk, set()) & concept_ids:
            offered_by[info["country"]][concept_id].add(pk)
    for concept_id, org_ids in data.public_offers.items():
        if concept_id in concept_ids:
            for pk in org_ids:
                offered_by[data.organisations[pk]["country"]][concept_id].add(pk)
    rows = []
    unmatched = _side_counts()
    for side in SIDES:
        other = OTHER_SIDE[side]
        for concept_id, needers in needs[side].items():
            offering = len(offered_by[other].get(concept_id, ()))
            if offering:
                rows.append({"side": side, "concept_id": concept_id, "members": needers, "offered_by": offering})
            else:
                unmatched[side] += 1
    rows.sort(
        key=lambda row: (-row["members"], -row["offered_by"], row["side"], data.concepts[row["concept_id"]]["slug"])
    )
    return {"rows": rows, "not_offered": unmatched}


def _finalise(result: dict, data: Data, keys=("opportunities", "needs")) -> dict:
    """Replace concept ids by slugs (ids are not stable across databases)."""
    if "opportunities" in keys:
        for side in SIDES:
            for row in result["opportunities"][side]:
                row["concept"] = data.concepts[row.pop("concept_id")]["slug"]
    if "needs" in keys:
        for row in result["needs"]["rows"]:
            row["concept"] = data.concepts[row.pop("concept_id")]["slug"]
    return result


def compute_figures(scope: str = ALL, *, data: Data | None = None) -> dict:
    data = data or load_data()
    return _finalise(compute_scope(data, scope), data)


# --------------------------------------------------------------------------------------------------------------
# Storing and serving


def cache_key(scope: str) -> str:
    return f"insights:figures:v{FIGURES_VERSION}:{scope}"


def _timeout() -> int:
    return getattr(settings, "INSIGHTS_CACHE_TIMEOUT", 600)


def refresh(scopes=SCOPES) -> dict[str, float]:
    """Recompute and store the figures of the scopes; returns the seconds each took (after one shared load)."""
    from .models import FigureSet

    started = time.perf_counter()
    started_at = timezone.now()
    data = load_data()
    timings = {"load": round(time.perf_counter() - started, 3)}
    for scope in scopes:
        begun = time.perf_counter()
        figures = compute_figures(scope, data=data)
        seconds = round(time.perf_counter() - begun, 3)
        with transaction.atomic():
            stored, _created = FigureSet.objects.update_or_create(
                scope=scope,
                defaults={
                    "version": FIGURES_VERSION,
                    "data": figures,
                    "computed_at": timezone.now(),
                    "seconds": seconds,
                },
            )
        if _clear_needs_mark(stored.pk, started_at):
            cache.set(cache_key(scope), figures, _timeout())
        timings[scope] = seconds
    return timings


def refresh_needs() -> float:
    """Recompute only what members' profiles feed (needs and the "needed" column of the opportunities).

    Cheaper than `refresh` (no projects are read), but it still reads every organisation, so it does not run in a
    member's request: a profile change only marks the stored figures (`mark_needs_changed`) and the next reader
    of the figures runs this. Scopes not stored yet are left to `get_figures`, which computes them in full.
    """
    from .models import FigureSet

    started = time.perf_counter()
    started_at = timezone.now()
    data = load_data(projects=False)
    for stored in FigureSet.objects.filter(version=FIGURES_VERSION):
        scope = stored.scope
        if scope not in SCOPES:
            continue
        orgs = {
            pk: info for pk, info in data.organisations.items() if scope == ALL or scope in data.clusters.get(pk, ())
        }
        concept_ids = _scope_concepts(data, scope)
        concept_figures, concept_counts = _concept_figures(data, orgs, concept_ids)
        needs = _need_counts(data, concept_ids)
        partial = {
            "opportunities": _opportunities(data, concept_figures, concept_counts, needs),
            "needs": _needs_offered(data, concept_ids, needs),
        }
        figures = dict(stored.data)
        figures.update(_finalise({**partial}, data, keys=("opportunities", "needs")))
        labels = dict(figures.get("concept_labels", {}))
        for side in SIDES:
            for concept_id in needs[side]:
                info = data.concepts[concept_id]
                labels[info["slug"]] = info["labels"]
        figures["concept_labels"] = labels
        figures["computed_at"] = timezone.now().isoformat()
        FigureSet.objects.filter(pk=stored.pk).update(data=figures, computed_at=timezone.now())
        if _clear_needs_mark(stored.pk, started_at):
            cache.set(cache_key(scope), figures, _timeout())
    return time.perf_counter() - started


def _clear_needs_mark(pk: int, started_at) -> bool:
    """Clear the figure set's needs mark unless a profile changed after `started_at` (when the data was read);
    returns whether the set is now up to date."""
    from .models import FigureSet

    FigureSet.objects.filter(pk=pk, needs_changed_at__lte=started_at).update(needs_changed_at=None)
    return not FigureSet.objects.filter(pk=pk, needs_changed_at__isnull=False).exists()


def mark_needs_changed() -> None:
    """A member's profile changed: mark the stored figures, so that their next reader recomputes the needs.

    One UPDATE and a cache delete, cheap enough for the member's request.
    """
    from .models import FigureSet

    FigureSet.objects.filter(version=FIGURES_VERSION).update(needs_changed_at=timezone.now())
    cache.delete_many([cache_key(scope) for scope in SCOPES])


NEEDS_REFRESH_LOCK = "insights:needs-refresh"
NEEDS_REFRESH_LOCK_SECONDS = 300


def _refresh_needs_once() -> bool:
    """Run `refresh_needs` unless another process is running it; returns whether it ran and succeeded."""
    try:
        if not cache.add(NEEDS_REFRESH_LOCK, True, NEEDS_REFRESH_LOCK_SECONDS):
            return False
    except Exception:  # noqa: BLE001 - without the cache there is no lock: serve what is stored
        logger.exception("Insights: could not take the lock to recompute the needs")
        return False
    try:
        refresh_needs()
        return True
    except Exception:  # noqa: BLE001 - the stored figures stay readable; the mark stays for the next reader
        logger.exception("Recomputing the members' needs for the insights failed")
        return False
    finally:
        cache.delete(NEEDS_REFRESH_LOCK)


def get_figures(scope: str = ALL) -> dict:
    """The figures of a scope: from the cache, else from the stored set, else computed (and stored) now.

    A stored set marked by a profile change gets its needs recomputed first, by one reader at a time; the others
    meanwhile read the stored figures (not cached, so that they look again next time).
    """
    from .models import FigureSet

    if scope not in SCOPES:
        raise ValueError(f"Unknown scope: {scope}")
    figures = cache.get(cache_key(scope))
    if figures is not None:
        return figures
    stored_sets = FigureSet.objects.filter(scope=scope, version=FIGURES_VERSION)
    row = stored_sets.values_list("data", "needs_changed_at").first()
    if row is None:
        # Loading the data costs far more than computing a scope: compute every scope that is missing at once.
        current = set(FigureSet.objects.filter(version=FIGURES_VERSION).values_list("scope", flat=True))
        refresh([name for name in SCOPES if name not in current])
        row = stored_sets.values_list("data", "needs_changed_at").first()
    stored, needs_changed_at = row
    if needs_changed_at is not None:
        if not _refresh_needs_once():
            return stored
        stored, needs_changed_at = stored_sets.values_list("data", "needs_changed_at").first()
        if needs_changed_at is not None:  # changed again while it was being recomputed
            return stored
    cache.set(cache_key(scope), stored, _timeout())
    return stored


def invalidate() -> None:
    """Forget every stored figure set: the next request (or `refresh_insights`) computes them again."""
    from .models import FigureSet

    FigureSet.objects.all().delete()
    cache.delete_many([cache_key(scope) for scope in SCOPES])


REFRESH_MARK = "_insights_refresh"


def _refresh_logged() -> None:
    try:
        refresh()
    except Exception:  # noqa: BLE001 - a failed refresh must not break the import that triggered it
        logger.exception("Refreshing the regional insights failed; run manage.py refresh_insights")


setattr(_refresh_logged, REFRESH_MARK, True)


def refresh_after_commit() -> None:
    """Schedule one refresh for when the current transaction commits (however often this is called inside it).

    Failures are logged, never raised: the import that triggered it has already committed.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(getattr(entry[1], REFRESH_MARK, False) for entry in connection.run_on_commit):
        return
    transaction.on_commit(_refresh_logged)
