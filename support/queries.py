"""The tables of the support organisations' dashboard, one function each, returning plain rows.

Members are the organisations with at least one membership; their needs are the profile items of the need kinds
(technology request, business request, R&D partner search). Needs are counted in aggregate, whether the member
made them public or not. A member organisation is named only next to a need it made public: the "needs" field is
public in its profile and the organisation is shown in the public directory.

Regions are rolled up to NUTS 2 (province or Regierungsbezirk; a German Land where only that is known), so that
a count never points at one town.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Max
from django.utils import timezone
from django.utils.translation import get_language, pgettext

from directory.clusters import CLUSTER_LABELS, CLUSTER_SLUGS
from directory.models import Concept, Organisation
from directory.regions import region_name
from members.choices import ITEM_KIND_CHOICES, NEED_KINDS
from members.models import Membership, ProfileItem
from recommendations.models import Introduction, StoredRecommendation

ITEM_KIND_LABELS = dict(ITEM_KIND_CHOICES)


# Rows -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedCount:
    """Needs (and the member organisations that have them) in one group: a concept, a cluster or a region.

    `key` is the concept slug, cluster slug or NUTS code ("" for needs without one); `detail` is the concept's
    cluster or the region's country."""

    key: str
    label: str
    needs: int
    organisations: int
    detail: str = ""


@dataclass(frozen=True)
class UnmetNeed:
    """A need that a member made public and for which its best recommendation scores below the threshold."""

    organisation_id: int
    organisation: str
    kind: str
    text: str
    concepts: str
    best_score: float | None


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date  # the first day of the month, in the current time zone
    requested: int
    accepted: int
    declined: int


@dataclass(frozen=True)
class RecommendedOrganisation:
    organisation_id: int
    name: str
    country: str
    type: str
    times: int  # number of member organisations it is recommended to
    average_rank: float
    average_score: float


# Needs ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Need:
    id: int
    organisation_id: int
    organisation: str
    public: bool
    kind: str
    text: str
    region: str
    country: str
    concepts: tuple[_Concept, ...]


@dataclass(frozen=True)
class _Concept:
    slug: str
    cluster: str
    label_en: str
    label_nl: str
    label_de: str

    def label(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"label_{language}", "") or self.label_en


_cache: contextvars.ContextVar[dict | None] = contextvars.ContextVar("support_queries_cache", default=None)


@contextlib.contextmanager
def shared_reads() -> Iterator[None]:
    """Inside this block the tables share one read of the needs and of the best scores (one dashboard page)."""
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def _cached(key: str, load):
    cache = _cache.get()
    if cache is None:
        return load()
    if key not in cache:
        cache[key] = load()
    return cache[key]


def weak_match_threshold() -> float:
    return float(getattr(settings, "SUPPORT_WEAK_MATCH_THRESHOLD", 2.0))


def member_organisation_ids() -> set[int]:
    return set(Membership.objects.values_list("organisation_id", flat=True).distinct())


def _needs() -> list[_Need]:
    return _cached("needs", _load_needs)


def _load_needs() -> list[_Need]:
    """Plain rows (values, not model instances: a few thousand needs load in milliseconds)."""
    members = Membership.objects.values("organisation_id")
    rows = list(
        ProfileItem.objects.filter(kind__in=NEED_KINDS, profile__organisation_id__in=members)
        .order_by("profile__organisation__name", "profile_id", "position", "pk")
        .values_list(
            "pk",
            "kind",
            "text",
            "profile__public_fields",
            "profile__organisation_id",
            "profile__organisation__name",
            "profile__organisation__is_public",
            "profile__organisation__region",
            "profile__organisation__country",
        )
    )
    # Subqueries rather than lists of ids: the number of needs is not bounded by a database's parameter limit.
    link_rows = ProfileItem.concepts.through.objects.filter(
        profileitem__kind__in=NEED_KINDS, profileitem__profile__organisation_id__in=members
    )
    links: dict[int, list[int]] = defaultdict(list)
    for item_id, concept_id in link_rows.values_list("profileitem_id", "concept_id"):
        links[item_id].append(concept_id)
    concepts = {
        pk: _Concept(*values)
        for pk, *values in Concept.objects.filter(pk__in=link_rows.values("concept_id")).values_list(
            "pk", "slug", "cluster", "label_en", "label_nl", "label_de"
        )
    }
    return [
        _Need(
            id=pk,
            organisation_id=organisation_id,
            organisation=name,
            public="needs" in (public_fields or []) and is_public,
            kind=kind,
            text=text,
            region=region_key(region),
            country=country,
            concepts=tuple(sorted((concepts[c] for c in links[pk]), key=lambda c: c.slug)),
        )
        for pk, kind, text, public_fields, organisation_id, name, is_public, region, country in rows
    ]


def region_key(code: str) -> str:
    """The NUTS 2 code of a NUTS code (NUTS 1 and 2 codes stay as they are); "" when unknown."""
    return (code or "").strip().upper()[:4]


def _sorted(rows: Iterable[NeedCount]) -> list[NeedCount]:
    """Most needs first; the group without a key ("no concept", "unknown region") last."""
    return sorted(rows, key=lambda r: (r.key == "", -r.needs, r.label.casefold(), r.key))


def _count_by_concept(needs: list[_Need]) -> list[NeedCount]:
    needs_by: Counter = Counter()
    organisations_by: dict[str, set[int]] = defaultdict(set)
    concepts = {}
    for need in needs:
        keys = [concept.slug for concept in need.concepts] or [""]
        for concept in need.concepts:
            concepts[concept.slug] = concept
        for key in keys:
            needs_by[key] += 1
            organisations_by[key].add(need.organisation_id)
    rows = []
    for key, count in needs_by.items():
        concept = concepts.get(key)
        rows.append(
            NeedCount(
                key=key,
                label=concept.label() if concept else pgettext("support dashboard", "No concept given"),
                needs=count,
                organisations=len(organisations_by[key]),
                detail=str(CLUSTER_LABELS.get(concept.cluster, "")) if concept else "",
            )
        )
    return _sorted(rows)


def _count_by_cluster(needs: list[_Need]) -> list[NeedCount]:
    """A need counts once in each cluster of its concepts; every cluster is listed, even with no needs."""
    if not needs:
        return []
    needs_by: Counter = Counter()
    organisations_by: dict[str, set[int]] = defaultdict(set)
    for need in needs:
        keys = sorted({concept.cluster for concept in need.concepts if concept.cluster}) or [""]
        for key in keys:
            needs_by[key] += 1
            organisations_by[key].add(need.organisation_id)
    rows = [
        NeedCount(
            key=slug, label=str(CLUSTER_LABELS[slug]), needs=needs_by[slug], organisations=len(organisations_by[slug])
        )
        for slug in CLUSTER_SLUGS
    ]
    if needs_by[""]:
        rows.append(
            NeedCount(
                key="",
                label=pgettext("support dashboard", "No cluster"),
                needs=needs_by[""],
                organisations=len(organisations_by[""]),
            )
        )
    return rows


def _count_by_region(needs: list[_Need]) -> list[NeedCount]:
    needs_by: Counter = Counter()
    organisations_by: dict[str, set[int]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    for need in needs:
        needs_by[need.region] += 1
        organisations_by[need.region].add(need.organisation_id)
        countries[need.region].add(need.country)
    rows = [
        NeedCount(
            key=key,
            label=(region_name(key) or key) if key else pgettext("support dashboard", "Region unknown"),
            needs=count,
            organisations=len(organisations_by[key]),
            detail=", ".join(sorted(c for c in countries[key] if c)),
        )
        for key, count in needs_by.items()
    ]
    return _sorted(rows)


def needs_by_concept() -> list[NeedCount]:
    """Members' needs per concept; a need with several concepts counts once for each."""
    return _count_by_concept(_needs())


def needs_by_cluster() -> list[NeedCount]:
    """Members' needs per cluster (the clusters of the need's concepts)."""
    return _count_by_cluster(_needs())


def needs_by_region() -> list[NeedCount]:
    """Members' needs per NUTS 2 region of the member organisation."""
    return _count_by_region(_needs())


# Needs with no good match ----------------------------------------------------------------------------------------


def best_scores() -> dict[int, float]:
    """The best stored recommendation score of each member organisation that has any."""
    return _cached("best_scores", _load_best_scores)


def _load_best_scores() -> dict[int, float]:
    return dict(
        StoredRecommendation.objects.values("organisation_id")
        .annotate(best=Max("score"))
        .values_list("organisation_id", "best")
    )


@dataclass(frozen=True)
class ScoreSummary:
    """How the members' best recommendation scores are spread, to choose a threshold."""

    members: int
    without_recommendations: int
    below_threshold: int  # including those without recommendations
    quartiles: tuple[float, float, float] | None  # of the members that have recommendations


def _quantile(values: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (as numpy's default)."""
    position = (len(values) - 1) * q
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def best_score_summary(*, threshold: float | None = None) -> ScoreSummary:
    threshold = weak_match_threshold() if threshold is None else threshold
    members = member_organisation_ids()
    scores = best_scores()
    values = sorted(scores[m] for m in members if m in scores)
    return ScoreSummary(
        members=len(members),
        without_recommendations=len(members) - len(values),
        below_threshold=len(members) - len(values) + sum(v < threshold for v in values),
        quartiles=tuple(_quantile(values, q) for q in (0.25, 0.5, 0.75)) if values else None,
    )


def _unmet(threshold: float | None) -> tuple[list[_Need], dict[int, float]]:
    """Needs of members whose best recommendation scores below the threshold, or who have no recommendation."""
    threshold = weak_match_threshold() if threshold is None else threshold
    scores = best_scores()
    needs = [n for n in _needs() if scores.get(n.organisation_id) is None or scores[n.organisation_id] < threshold]
    return needs, scores


def unmet_public_needs(*, threshold: float | None = None) -> list[UnmetNeed]:
    """Needs with no good match that their member made public, with the member organisation's name; the members
    without any recommendation first, then by their best score."""
    needs, scores = _unmet(threshold)
    # The least served first: members without any recommendation, then by their best score.
    needs = sorted(
        needs, key=lambda n: (n.organisation_id in scores, scores.get(n.organisation_id, 0.0), n.organisation)
    )
    return [
        UnmetNeed(
            organisation_id=need.organisation_id,
            organisation=need.organisation,
            kind=str(ITEM_KIND_LABELS.get(need.kind, need.kind)),
            text=need.text,
            concepts=", ".join(concept.label() for concept in need.concepts),
            best_score=scores.get(need.organisation_id),
        )
        for need in needs
        if need.public
    ]


def unmet_needs_by_concept(*, threshold: float | None = None) -> list[NeedCount]:
    """Every need with no good match (public or not), counted per concept; no organisation is named."""
    return _count_by_concept(_unmet(threshold)[0])


def unmet_needs_by_cluster(*, threshold: float | None = None) -> list[NeedCount]:
    return _count_by_cluster(_unmet(threshold)[0])


def unmet_needs_by_region(*, threshold: float | None = None) -> list[NeedCount]:
    return _count_by_region(_unmet(threshold)[0])


# Introductions ---------------------------------------------------------------------------------------------------


def _month(value: datetime.datetime) -> datetime.date:
    return timezone.localtime(value).date().replace(day=1)


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def introductions_by_month() -> list[MonthCount]:
    """Introductions requested (by the month of the request), accepted and declined (by the month of the
    decision) per month, from the first month with any to the last; months without any are listed with zeros."""
    requested: Counter = Counter()
    accepted: Counter = Counter()
    declined: Counter = Counter()
    rows = Introduction.objects.values_list("created_at", "decided_at", "status")
    for created_at, decided_at, status in rows.iterator():
        requested[_month(created_at)] += 1
        if status == Introduction.Status.ACCEPTED:
            accepted[_month(decided_at or created_at)] += 1
        elif status == Introduction.Status.DECLINED:
            declined[_month(decided_at or created_at)] += 1
    months = set(requested) | set(accepted) | set(declined)
    if not months:
        return []
    result = []
    month, last = min(months), max(months)
    while month <= last:
        result.append(MonthCount(month, requested[month], accepted[month], declined[month]))
        month = _next_month(month)
    return result


# Recommended organisations ---------------------------------------------------------------------------------------


def most_recommended(*, limit: int | None = None) -> list[RecommendedOrganisation]:
    """The organisations recommended to the most member organisations (stored recommendations, known partners
    included), with their average rank and score in those lists."""
    rows = (
        StoredRecommendation.objects.filter(organisation_id__in=Membership.objects.values("organisation_id"))
        .values("candidate_id", "candidate__name", "candidate__country", "candidate__type")
        .annotate(times=Count("organisation_id", distinct=True), average_rank=Avg("rank"), average_score=Avg("score"))
        .order_by("-times", "average_rank", "candidate__name", "candidate_id")
    )
    types = dict(Organisation.Type.choices)
    return [
        RecommendedOrganisation(
            organisation_id=row["candidate_id"],
            name=row["candidate__name"],
            country=row["candidate__country"],
            type=str(types.get(row["candidate__type"], "")),
            times=row["times"],
            average_rank=float(row["average_rank"]),
            average_score=float(row["average_score"]),
        )
        for row in (rows[:limit] if limit else rows)
    ]
