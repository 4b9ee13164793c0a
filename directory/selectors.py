"""Reads for the public directory pages and the API.

`organisation_search` answers the listing and the API through the search interface (`search.backends`): text,
filters, every facet's counts in one pass, sort and paging; this module turns the result into the directory's
terms (Organisation rows in hit order, options labelled in the reader's language). The database queries below it
(`_text_q`, `_facet_q`, `_organisation_search_database`) stay for the FilterSet's `qs`, the map, and as the answer
of last resort while no search index has been built or the search backend fails.
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.lookups import LessThanOrEqual
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .clusters import CLUSTER_CHOICES, CLUSTER_LABELS
from .models import (
    Concept,
    Organisation,
    OrganisationAlias,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
    Participation,
    pick_description,
)
from .regions import NUTS_NAMES

logger = logging.getLogger(__name__)

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "concepts.json"

COUNTRY_CHOICES = [("NL", _("Netherlands")), ("DE", _("Germany"))]
COUNTRY_LABELS = dict(COUNTRY_CHOICES)
SME_CHOICES = [("yes", _("SME")), ("no", _("Not an SME"))]
SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("name", _("Name (A–Z)")),
    ("updated", _("Recently updated")),
    ("distance", _("Distance")),
]
DEFAULT_SORT = "relevance"
FACETS = ("cluster", "country", "region", "type", "sme", "concept")
MAX_QUERY_LENGTH = 200
# "Within N km of a place or point": the radius limits, and the radii the listing offers.
MIN_RADIUS_KM = 1
MAX_RADIUS_KM = 500
RADIUS_CHOICES_KM = (5, 10, 25, 50, 100, 250)
PLACES_CACHE_SECONDS = 300
EARTH_RADIUS_KM = 6371.0088


# --------------------------------------------------------------------------------------------------------------
# Filter values and results


@dataclass(frozen=True)
class OrganisationFilters:
    """Parsed, validated filter values. Several values in one filter combine with OR; filters combine with AND."""

    q: str = ""
    cluster: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    sme: tuple[str, ...] = ()
    concept: tuple[str, ...] = ()
    sort: str = DEFAULT_SORT
    # Distance: the point to measure from (a directory place or lat/lon), and the radius (None: no limit, the point
    # only orders by distance). `near` is the place's key and `near_label` its name, when a place was chosen.
    lat: float | None = None
    lon: float | None = None
    km: float | None = None
    near: str = ""
    near_label: str = ""

    def active(self) -> dict[str, tuple[str, ...]]:
        """The facet filters that have values."""
        return {name: getattr(self, name) for name in FACETS if getattr(self, name)}

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def within(self) -> bool:
        """True when the distance filter applies (a point and a radius)."""
        return self.has_point and self.km is not None

    @property
    def point_label(self) -> str:
        if self.near_label:
            return self.near_label
        return f"{self.lat:.4f}, {self.lon:.4f}" if self.has_point else ""

    @property
    def is_empty(self) -> bool:
        return not self.q and not self.active() and not self.within


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    group: str = ""


@dataclass
class OrganisationSearchResult:
    hits: list[Organisation]
    total: int
    facets: dict[str, list[FacetOption]]
    page: int
    per_page: int
    matched_concepts: list[Concept] = field(default_factory=list)
    backend: str = ""  # which search backend answered ("database" when the index could not)
    degraded: bool = False  # answered by a fallback

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def page_out_of_range(self) -> bool:
        return self.page > self.num_pages

    @property
    def start_index(self) -> int:
        return 0 if not self.hits else (self.page - 1) * self.per_page + 1

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


# --------------------------------------------------------------------------------------------------------------
# Taxonomy helpers (the groups of key enabling technologies live in the taxonomy file)


@lru_cache(maxsize=1)
def taxonomy_file() -> dict:
    with TAXONOMY_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def concept_group_slugs() -> dict[str, str]:
    """Concept slug → cluster slug or key enabling technology group slug, as the taxonomy file declares it."""
    return {c["slug"]: c.get("cluster") or c.get("group") or "" for c in taxonomy_file()["concepts"]}


def concept_group(concept: Concept, groups_from_file: dict[str, str]) -> str:
    """The cluster or technology group a concept is shown under: the database first (staff may edit it)."""
    return concept.cluster or getattr(concept, "group", "") or groups_from_file.get(concept.slug, "")


def group_label(slug: str, language: str | None = None) -> str:
    """The name of a cluster or key enabling technology group in the reader's language."""
    if slug in CLUSTER_LABELS:
        return str(CLUSTER_LABELS[slug])
    language = (language or get_language() or "en")[:2]
    for group in taxonomy_file()["groups"]:
        if group["slug"] == slug:
            return group["labels"].get(language) or group["labels"]["en"]
    return ""


def group_order() -> list[str]:
    return [slug for slug, _label in CLUSTER_CHOICES] + [g["slug"] for g in taxonomy_file()["groups"]]


def concept_choices(language: str | None = None) -> list[tuple[str, str]]:
    language = (language or get_language() or "en")[:2]
    concepts = Concept.objects.only("slug", "label_en", "label_nl", "label_de")
    return sorted(((c.slug, c.label(language)) for c in concepts), key=lambda item: item[1].casefold())


def region_choices() -> list[tuple[str, str]]:
    return [(code, f"{name} ({code})") for code, name in NUTS_NAMES.items()]


# --------------------------------------------------------------------------------------------------------------
# Places to measure distances from: the directory's own cities and regions, where organisations have coordinates


@dataclass(frozen=True)
class Place:
    key: str  # cities: "<country>-<city slug>" (nl-enschede); regions: the NUTS code (NL213)
    kind: str  # "city" or "region"
    name: str
    country: str
    lat: float
    lon: float
    organisations: int

    @property
    def label(self) -> str:
        return f"{self.name} ({self.country if self.kind == 'city' else self.key})"


def _city_key(country: str, city: str) -> str:
    from django.utils.text import slugify

    return f"{country.lower()}-{slugify(city)}"


def _compute_places() -> list[Place]:
    located = public_organisations().filter(latitude__isnull=False, longitude__isnull=False)
    cities: dict[str, Place] = {}
    for row in (
        located.exclude(city="")
        .values("country", "city")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("pk"))
        .order_by("country", "city")
    ):
        key = _city_key(row["country"], row["city"])
        if not key.split("-", 1)[1]:
            continue
        known = cities.get(key)
        if known is not None and known.organisations >= row["n"]:  # the same city spelt twice: the larger wins
            continue
        cities[key] = Place(key, "city", row["city"], row["country"], row["lat"], row["lon"], row["n"])
    # A region's centre: the mean position of the organisations in it and in its subregions.
    sums: dict[str, list[float]] = {}
    for row in (
        located.exclude(region="")
        .values("region")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("pk"))
        .order_by("region")
    ):
        for length in range(3, len(row["region"]) + 1):
            code = row["region"][:length]
            total = sums.setdefault(code, [0.0, 0.0, 0])
            total[0] += row["lat"] * row["n"]
            total[1] += row["lon"] * row["n"]
            total[2] += row["n"]
    regions = [
        Place(code, "region", NUTS_NAMES[code], code[:2], lat / n, lon / n, n)
        for code, (lat, lon, n) in sums.items()
        if code in NUTS_NAMES and len(code) >= 4  # provinces, Regierungsbezirke and smaller, not whole countries
    ]
    places = sorted(cities.values(), key=lambda p: (p.name.casefold(), p.country))
    return places + sorted(regions, key=lambda p: p.name.casefold())


def directory_places() -> list[Place]:
    """Cities and regions of public organisations with coordinates, cities first (recomputed every 5 minutes)."""
    return cache.get_or_set("directory:places:v1", _compute_places, PLACES_CACHE_SECONDS)


def find_place(key: str) -> Place | None:
    return next((place for place in directory_places() if place.key == key), None)


def place_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The places as grouped choices (cities, then regions)."""
    places = directory_places()
    return [
        (str(_("Cities")), [(p.key, p.label) for p in places if p.kind == "city"]),
        (str(_("Regions")), [(p.key, p.label) for p in places if p.kind == "region"]),
    ]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _squared_degrees(lat: float, lon: float):
    """A database expression: squared distance from the point in degrees of latitude (equirectangular)."""
    scale = math.cos(math.radians(lat))
    dlat = F("latitude") - Value(lat)
    dlon = (F("longitude") - Value(lon)) * Value(scale)
    return ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())


def _within_q(filters: OrganisationFilters):
    """The distance filter for the database (the fallback): equirectangular, close to the search's great circle."""
    degrees = filters.km / (math.pi * EARTH_RADIUS_KM / 180)
    return LessThanOrEqual(_squared_degrees(filters.lat, filters.lon), Value(degrees * degrees))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip()


@dataclass(frozen=True)
class ConceptTable:
    """Every concept by slug and by id, with its terms normalised for matching: what each listing request needs."""

    by_slug: dict[str, Concept]
    by_id: dict[int, Concept]
    terms: tuple[tuple[Concept, tuple[str, ...]], ...]


CONCEPT_TABLE_SECONDS = 300
_concept_table_memo: dict = {}


def concept_table() -> ConceptTable:
    """The concepts, kept in this process while the content generation (techland/cache.py) is unchanged.

    Saving or deleting a concept moves to a new generation, so edits show on the next request; anything written
    without signals shows within CONCEPT_TABLE_SECONDS. The concepts are shared between requests: read them only.
    """
    from techland.cache import generation

    try:
        current = generation()
    except Exception:  # an unreadable cache: keep to the time limit
        current = None
    now = time.monotonic()
    memo = _concept_table_memo
    if memo.get("generation") == current and current is not None and now - memo.get("at", 0) < CONCEPT_TABLE_SECONDS:
        return memo["table"]
    concepts = list(Concept.objects.all())
    table = ConceptTable(
        by_slug={concept.slug: concept for concept in concepts},
        by_id={concept.pk: concept for concept in concepts},
        terms=tuple(
            (concept, tuple(term for term in map(_normalise, concept.all_terms()) if term)) for concept in concepts
        ),
    )
    memo.update(generation=current, at=now, table=table)
    return table


def forget_concept_table() -> None:
    _concept_table_memo.clear()


def concepts_matching(text: str) -> list[Concept]:
    """Concepts whose label or synonym in any language matches the text: the cross-lingual part of the search.

    A term matches when it equals the text, or when one contains the other and the shorter is at least four
    characters long ("waterstof" finds Hydrogen, "Brennstoffzellen" finds Fuel cells, "H2" only matches exactly).
    """
    wanted = _normalise(text)
    if not wanted:
        return []
    matches = []
    for concept, terms in concept_table().terms:
        for term in terms:
            shorter = min(len(term), len(wanted))
            if term == wanted or (shorter >= 4 and (term in wanted or wanted in term)):
                matches.append(concept)
                break
    return matches


# --------------------------------------------------------------------------------------------------------------
# Query building


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.public()


def _text_q(q: str, matched_concepts: list[Concept]) -> Q:
    """Every word of the query must match a name, alias, city or description; or the whole query names a concept."""
    words = [w for w in re.split(r"\s+", q.strip()) if w]
    condition = Q()
    for word in words:
        condition &= (
            Q(name__icontains=word)
            | Q(short_name__icontains=word)
            | Q(city__icontains=word)
            | Exists(OrganisationAlias.objects.filter(organisation=OuterRef("pk"), name__icontains=word))
            | Exists(OrganisationDescription.objects.filter(organisation=OuterRef("pk"), text__icontains=word))
        )
    if matched_concepts:
        condition |= Exists(
            OrganisationConcept.objects.filter(
                organisation=OuterRef("pk"), rejected=False, concept__in=[c.pk for c in matched_concepts]
            )
        )
    return condition


def _facet_q(name: str, values: tuple[str, ...]) -> Q:
    if name == "cluster":
        return Q(
            Exists(OrganisationCluster.objects.filter(organisation=OuterRef("pk"), rejected=False, cluster__in=values))
        )
    if name == "concept":
        return Q(
            Exists(
                OrganisationConcept.objects.filter(
                    organisation=OuterRef("pk"), rejected=False, concept__slug__in=values
                )
            )
        )
    if name == "country":
        return Q(country__in=values)
    if name == "type":
        return Q(type__in=values)
    if name == "region":
        condition = Q()
        for code in values:
            condition |= Q(region__startswith=code)
        return condition
    if name == "sme":
        condition = Q()
        if "yes" in values:
            condition |= Q(sme=True)
        if "no" in values:
            condition |= Q(sme=False)
        return condition
    raise ValueError(name)


def _filtered(filters: OrganisationFilters, text_q: Q | None, *, without: str | None = None) -> QuerySet:
    qs = public_organisations()
    if text_q is not None:
        qs = qs.filter(text_q)
    if filters.within and without != "km":
        qs = qs.filter(latitude__isnull=False, longitude__isnull=False).filter(_within_q(filters))
    for name, values in filters.active().items():
        if name != without:
            qs = qs.filter(_facet_q(name, values))
    return qs


def _facet_counts(name: str, qs: QuerySet) -> Counter:
    ids = qs.values("pk")
    if name == "cluster":
        rows = (
            OrganisationCluster.objects.filter(organisation__in=ids, rejected=False)
            .values_list("cluster")
            .annotate(n=Count("organisation", distinct=True))
        )
    elif name == "concept":
        rows = (
            OrganisationConcept.objects.filter(organisation__in=ids, rejected=False)
            .values_list("concept__slug")
            .annotate(n=Count("organisation", distinct=True))
        )
    elif name == "sme":
        rows = [
            (("yes" if value else "no"), n)
            for value, n in qs.values_list("sme").annotate(n=Count("pk"))
            if value is not None
        ]
    elif name == "region":
        counts: Counter = Counter()
        for code, n in qs.exclude(region="").values_list("region").annotate(n=Count("pk")):
            # A region counts for itself and for every broader NUTS code (NL213 → NL21, NL2, NL).
            for length in range(2, len(code) + 1):
                counts[code[:length]] += n
        return counts
    else:
        rows = qs.values_list(name).annotate(n=Count("pk"))
    return Counter(dict(rows))


def _facet_options(name: str, counts: Counter, selected: tuple[str, ...], language: str) -> list[FacetOption]:
    if name == "cluster":
        options = [(slug, str(label), "") for slug, label in CLUSTER_CHOICES]
    elif name == "country":
        options = [(code, str(label), "") for code, label in COUNTRY_CHOICES]
    elif name == "type":
        options = [(value, str(label), "") for value, label in Organisation.Type.choices]
    elif name == "sme":
        options = [(value, str(label), "") for value, label in SME_CHOICES]
    elif name == "region":
        options = [(code, f"{label}", "") for code, label in NUTS_NAMES.items()]
    else:
        groups = concept_group_slugs()
        order = {slug: i for i, slug in enumerate(group_order())}
        by_slug = concept_table().by_slug
        concepts = [by_slug[slug] for slug in {*counts.keys(), *selected} if slug in by_slug]
        options = sorted(
            ((c.slug, c.label(language), concept_group(c, groups)) for c in concepts),
            key=lambda o: (order.get(o[2], 99), o[1].casefold()),
        )
        labels = {group: group_label(group, language) for group in {o[2] for o in options if o[2]}}
        options = [(slug, label, labels.get(group, "")) for slug, label, group in options]
    result = []
    for value, label, group in options:
        count = counts.get(value, 0)
        is_selected = value in selected
        # Long lists only show what can be found (and what is already chosen); short ones show everything.
        if name in ("region", "concept") and not count and not is_selected:
            continue
        result.append(FacetOption(value=value, label=label, count=count, selected=is_selected, group=group))
    return result


def _relevance(qs: QuerySet, q: str, matched_concepts: list[Concept]) -> QuerySet:
    if not q:
        return qs.annotate(activity=Count("participations", distinct=True)).order_by("-activity", "name", "pk")
    phrase = q.strip()
    whens = [
        When(name__iexact=phrase, then=Value(10.0)),
        When(short_name__iexact=phrase, then=Value(9.0)),
        When(name__istartswith=phrase, then=Value(6.0)),
        When(name__icontains=phrase, then=Value(4.0)),
        When(Exists(OrganisationAlias.objects.filter(organisation=OuterRef("pk"), name__icontains=phrase)), then=3.0),
    ]
    if matched_concepts:
        whens.append(
            When(
                Exists(
                    OrganisationConcept.objects.filter(
                        organisation=OuterRef("pk"), rejected=False, concept__in=[c.pk for c in matched_concepts]
                    )
                ),
                then=Value(2.0),
            )
        )
    score = Case(*whens, default=Value(1.0), output_field=FloatField())
    return qs.annotate(score=score).order_by("-score", "name", "pk")


def _organisation_search_database(
    *, filters: OrganisationFilters, page: int = 1, per_page: int = 20, language: str | None = None
) -> OrganisationSearchResult:
    """`organisation_search` answered by the database: only while no search index exists or the backend fails."""
    language = (language or get_language() or "en")[:2]
    q = filters.q.strip()[:MAX_QUERY_LENGTH]
    matched_concepts = concepts_matching(q) if q else []
    text_q = _text_q(q, matched_concepts) if q else None

    qs = _filtered(filters, text_q)
    total = qs.count()

    if filters.sort == "name":
        ordered = qs.order_by("name", "pk")
    elif filters.sort == "updated":
        ordered = qs.order_by("-updated_at", "name", "pk")
    elif filters.has_point and (filters.sort == "distance" or not q):
        distance = _squared_degrees(filters.lat, filters.lon)
        ordered = qs.order_by(distance.asc(nulls_last=True), "name", "pk")
    else:
        ordered = _relevance(qs, q, matched_concepts)

    start = (page - 1) * per_page
    hits: list[Organisation] = []
    if start < total:
        hits = list(ordered[start : start + per_page])
    attach_card_details(hits, language)
    for organisation in hits:
        organisation.search_distance_km = (
            haversine_km(filters.lat, filters.lon, organisation.latitude, organisation.longitude)
            if filters.has_point and organisation.location
            else None
        )

    facets = {}
    for name in FACETS:
        selected = getattr(filters, name)
        base = _filtered(filters, text_q, without=name) if selected else qs
        facets[name] = _facet_options(name, _facet_counts(name, base), selected, language)

    return OrganisationSearchResult(
        hits=hits,
        total=total,
        facets=facets,
        page=page,
        per_page=per_page,
        matched_concepts=matched_concepts,
        backend="database",
        degraded=True,
    )


def _loosening_suggestions_database(filters: OrganisationFilters) -> list[dict]:
    suggestions = []
    text_q = None
    q = filters.q.strip()[:MAX_QUERY_LENGTH]
    if q:
        text_q = _text_q(q, concepts_matching(q))
        count = _filtered(filters, None).count()
        if count:
            suggestions.append({"filter": "q", "count": count})
    for name in [*filters.active(), *(["km"] if filters.within else [])]:
        count = _filtered(filters, text_q, without=name).count()
        if count:
            suggestions.append({"filter": name, "count": count})
    return sorted(suggestions, key=lambda s: -s["count"])


# --------------------------------------------------------------------------------------------------------------
# The listing and the API, answered by the search interface


@dataclass(frozen=True)
class ListedConcept:
    concept: Concept
    confidence: float


def attach_card_details(organisations: list[Organisation], language: str) -> None:
    """Set what a result card and the API's list show on each organisation, in three queries of plain values:

    - `listed_concepts`: its accepted concepts, most confident first (the concepts come from `concept_table()`);
    - `listed_clusters`: its accepted clusters' slugs, in order;
    - `card_description`: its description in `language`, else in another language, else "".

    Cheaper than prefetching related objects: a page of results creates no model object per tag (the most active
    organisations carry over a hundred concepts).
    """
    by_id = concept_table().by_id
    ids = [organisation.pk for organisation in organisations]
    rows = list(
        OrganisationConcept.objects.filter(organisation_id__in=ids, rejected=False)
        .order_by("organisation_id", "-confidence", "pk")
        .values_list("organisation_id", "concept_id", "confidence")
    )
    missing = {concept_id for _org, concept_id, _c in rows if concept_id not in by_id}
    if missing:  # created after the table was read (the shared table itself is never changed here)
        by_id = {**by_id, **Concept.objects.in_bulk(missing)}
    concepts: dict[int, list[ListedConcept]] = {pk: [] for pk in ids}
    for organisation_id, concept_id, confidence in rows:
        concepts[organisation_id].append(ListedConcept(concept=by_id[concept_id], confidence=confidence))
    clusters: dict[int, list[str]] = {pk: [] for pk in ids}
    for organisation_id, cluster in (
        OrganisationCluster.objects.filter(organisation_id__in=ids, rejected=False)
        .order_by("organisation_id", "cluster")
        .values_list("organisation_id", "cluster")
    ):
        clusters[organisation_id].append(cluster)
    descriptions: dict[int, list[tuple[str, str]]] = {pk: [] for pk in ids}
    for organisation_id, code, text in (
        OrganisationDescription.objects.filter(organisation_id__in=ids)
        .order_by("organisation_id", "language", "pk")
        .values_list("organisation_id", "language", "text")
    ):
        descriptions[organisation_id].append((code, text))
    for organisation in organisations:
        organisation.listed_concepts = concepts[organisation.pk]
        organisation.listed_clusters = clusters[organisation.pk]
        organisation.card_description = pick_description(descriptions[organisation.pk], language)


def _search_filters(filters: OrganisationFilters) -> dict[str, tuple]:
    """The directory's filter values in the search interface's terms (SME is a yes/no choice here, a bool there)."""
    values: dict[str, tuple] = {}
    for name, selected in filters.active().items():
        if name == "sme":
            values[name] = tuple(value == "yes" for value in selected)
        else:
            values[name] = tuple(selected)
    return values


def _search_query(filters: OrganisationFilters, *, page: int, per_page: int, language: str, facets=FACETS):
    from search.backends.base import GeoFilter, SearchQuery

    geo = GeoFilter(lat=filters.lat, lon=filters.lon, km=filters.km) if filters.has_point else None
    sorts = ("relevance", "name", "updated", "distance") if geo is not None else ("relevance", "name", "updated")
    return SearchQuery(
        text=filters.q.strip()[:MAX_QUERY_LENGTH],
        filters=_search_filters(filters),
        geo=geo,
        facets=tuple(facets),
        sort=filters.sort if filters.sort in sorts else DEFAULT_SORT,
        page=page,
        page_size=per_page,
        language=language,
    )


def _facet_counts_from_search(name: str, values) -> Counter:
    counts: Counter = Counter()
    for facet_value in values:
        key = ("yes" if facet_value.value else "no") if name == "sme" else str(facet_value.value)
        counts[key] += facet_value.count
    if name == "region":
        # A region counts for itself and for every broader NUTS code (NL213 → NL21, NL2, NL).
        rolled: Counter = Counter()
        for code, n in counts.items():
            for length in range(2, len(code) + 1):
                rolled[code[:length]] += n
        return rolled
    return counts


def safe_snippet(snippet: str) -> SafeString:
    """A backend's snippet as safe HTML: escaped text with <mark> around the matched words, nothing else."""
    placeholder_open, placeholder_close = "\x00", "\x01"
    text = snippet.replace("<mark>", placeholder_open).replace("</mark>", placeholder_close)
    if "<" in text or ">" in text:  # not escaped by the backend: escape it here
        text = html.escape(text, quote=False)
    return mark_safe(text.replace(placeholder_open, "<mark>").replace(placeholder_close, "</mark>"))  # noqa: S308


def _index_missing(backend) -> bool:
    try:
        return backend.status().state == "missing"
    except Exception:
        logger.exception("Search: could not read the index status")
        return True


def organisation_search(
    *, filters: OrganisationFilters, page: int = 1, per_page: int = 20, language: str | None = None
) -> OrganisationSearchResult:
    """One page of public organisations matching `filters`, the total, and the count next to every facet option.

    Answered by the search interface in one query (facets included). Each facet's counts apply every other filter
    but its own, so choosing a second value in the same filter shows how many more organisations it adds. Hits
    carry `search_highlights` (field → safe HTML with <mark>) when the text matched. Raises
    `search.backends.base.InvalidQuery` for a query that cannot be answered (the views answer 400).
    """
    from search.backends import get_backend
    from search.backends.base import MAX_RESULT_WINDOW, InvalidQuery

    language = (language or get_language() or "en")[:2]
    q = filters.q.strip()[:MAX_QUERY_LENGTH]
    matched_concepts = concepts_matching(q) if q else []
    past_window = page * per_page > MAX_RESULT_WINDOW
    query = _search_query(filters, page=1 if past_window else page, per_page=per_page, language=language)
    backend = get_backend()
    try:
        results = backend.search(query)
    except InvalidQuery:
        raise
    except Exception:
        logger.exception("Search: the backend failed; the directory answers from the database")
        return _organisation_search_database(filters=filters, page=page, per_page=per_page, language=language)
    if results.total == 0 and _index_missing(backend):
        logger.warning("Search: no index built yet (run `manage.py search_index rebuild`); answering from the database")
        return _organisation_search_database(filters=filters, page=page, per_page=per_page, language=language)

    facets = {
        name: _facet_options(
            name, _facet_counts_from_search(name, results.facets.get(name, [])), getattr(filters, name), language
        )
        for name in FACETS
    }
    result = OrganisationSearchResult(
        hits=[],
        total=results.total,
        facets=facets,
        page=page,
        per_page=per_page,
        matched_concepts=matched_concepts,
        backend=results.backend,
        degraded=results.degraded,
    )
    if past_window:
        if not result.page_out_of_range:
            raise InvalidQuery(f"only the first {MAX_RESULT_WINDOW} results can be paged through; narrow the search")
        return result

    # The page's organisations, in hit order, with what the cards show. A hit whose organisation has just been
    # hidden or deleted (the index catches up after the commit) is left out.
    rows = public_organisations().filter(pk__in=results.ids).in_bulk()
    for hit in results.hits:
        organisation = rows.get(hit.id)
        if organisation is None:
            continue
        organisation.search_highlights = {
            key: safe_snippet(value) for key, value in hit.highlights.items() if key in ("name", "description")
        }
        organisation.search_distance_km = hit.distance_km
        result.hits.append(organisation)
    attach_card_details(result.hits, language)
    return result


def loosening_suggestions(filters: OrganisationFilters) -> list[dict]:
    """For an empty result: how many organisations each single change would bring back, best first."""
    from search.backends import get_backend

    backend = get_backend()
    language = (get_language() or "en")[:2]
    changes: list[tuple[str, OrganisationFilters]] = []
    if filters.q.strip():
        changes.append(("q", replace(filters, q="")))
    for name in filters.active():
        changes.append((name, replace(filters, **{name: ()})))
    if filters.within:
        changes.append(("km", replace(filters, km=None)))
    suggestions = []
    try:
        for name, loosened in changes:
            query = _search_query(loosened, page=1, per_page=1, language=language, facets=())
            count = backend.search(query).total
            if count:
                suggestions.append({"filter": name, "count": count})
    except Exception:
        logger.exception("Search: the backend failed; loosening suggestions come from the database")
        return _loosening_suggestions_database(filters)
    return sorted(suggestions, key=lambda s: -s["count"])


# --------------------------------------------------------------------------------------------------------------
# Organisation profile


def organisation_map_points(*, filters: OrganisationFilters) -> tuple[list[Organisation], int]:
    """Organisations matching the filters that have a location, and how many match but have none."""
    q = filters.q.strip()[:MAX_QUERY_LENGTH]
    text_q = _text_q(q, concepts_matching(q)) if q else None
    qs = _filtered(filters, text_q)
    located = list(
        qs.filter(latitude__isnull=False, longitude__isnull=False)
        .only("pk", "slug", "name", "city", "latitude", "longitude", "country")
        .order_by("name")
    )
    without = qs.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True)).count()
    return located, without


def organisation_detail(*, slug: str) -> Organisation | None:
    return (
        public_organisations()
        .prefetch_related(
            "descriptions",
            "aliases",
            "identifiers",
            Prefetch("cluster_tags", queryset=OrganisationCluster.objects.filter(rejected=False)),
            Prefetch(
                "concept_tags",
                queryset=OrganisationConcept.objects.filter(rejected=False).select_related("concept"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def descriptions_for_reader(organisation: Organisation, language: str) -> list[OrganisationDescription]:
    """Every description, the reader's language first, then English, Dutch, German."""
    order = {code: i for i, code in enumerate(dict.fromkeys([language, "en", "nl", "de"]))}
    return sorted(organisation.descriptions.all(), key=lambda d: (order.get(d.language, 9), d.pk))


def concepts_by_group(organisation: Organisation, language: str) -> list[dict]:
    """The organisation's concepts grouped by cluster or key enabling technology, names in the reader's language."""
    groups = concept_group_slugs()
    order = {slug: i for i, slug in enumerate(group_order())}
    buckets: dict[str, list[Concept]] = {}
    for tag in organisation.concept_tags.all():
        if tag.rejected:
            continue
        concept = tag.concept
        buckets.setdefault(concept_group(concept, groups), []).append(concept)
    return [
        {
            "slug": slug,
            "label": group_label(slug, language) if slug else "",
            "concepts": sorted(concepts, key=lambda c: c.label(language).casefold()),
        }
        for slug, concepts in sorted(buckets.items(), key=lambda item: order.get(item[0], 99))
    ]


@dataclass
class ProjectWithPartners:
    project: object
    role: str
    role_label: str
    cross_border_partners: list[Organisation]
    cross_border_unnamed: int
    partner_count: int


def organisation_projects(*, organisation: Organisation, limit: int = 50) -> tuple[list[ProjectWithPartners], int]:
    """The organisation's EU projects, newest first, each with its partners on the other side of the border."""
    other_country = {"NL": "DE", "DE": "NL"}.get(organisation.country)
    participations = (
        Participation.objects.filter(organisation=organisation)
        .select_related("project")
        .order_by(F("project__start_date").desc(nulls_last=True), "project_id")
    )
    total = participations.count()
    rows = list(participations[:limit])
    project_ids = [p.project_id for p in rows]
    partners: dict[int, list[Organisation]] = {pid: [] for pid in project_ids}
    unnamed: Counter = Counter()
    partner_counts: Counter = Counter()
    partner_rows = (
        Participation.objects.filter(project_id__in=project_ids)
        .exclude(organisation=organisation)
        .select_related("organisation")
        .only(
            "project_id",
            "organisation__name",
            "organisation__slug",
            "organisation__country",
            "organisation__is_public",
            "organisation__city",
        )
    )
    for row in partner_rows:
        partner_counts[row.project_id] += 1
        if other_country and row.organisation.country == other_country:
            if row.organisation.is_public:
                partners[row.project_id].append(row.organisation)
            else:
                unnamed[row.project_id] += 1
    result = [
        ProjectWithPartners(
            project=row.project,
            role=row.role,
            role_label=row.get_role_display(),
            cross_border_partners=sorted(partners[row.project_id], key=lambda o: o.name.casefold()),
            cross_border_unnamed=unnamed[row.project_id],
            partner_count=partner_counts[row.project_id],
        )
        for row in rows
    ]
    return result, total


def cross_border_partners(*, organisation: Organisation, limit: int = 12) -> list[tuple[Organisation, int]]:
    """Public organisations on the other side of the border that shared the most projects with this one."""
    other_country = {"NL": "DE", "DE": "NL"}.get(organisation.country)
    if not other_country:
        return []
    project_ids = Participation.objects.filter(organisation=organisation).values("project_id")
    rows = (
        Organisation.objects.public()
        .filter(country=other_country, participations__project_id__in=project_ids)
        .annotate(shared=Count("participations", distinct=True))
        .order_by("-shared", "name")[:limit]
    )
    return [(org, org.shared) for org in rows]


def similar_organisations(*, organisation: Organisation, limit: int = 6) -> list[Organisation]:
    """Public organisations sharing the most concepts (then clusters) with this one; ties go to the nearer region."""
    concept_ids = [t.concept_id for t in organisation.concept_tags.all() if not t.rejected]
    clusters = [t.cluster for t in organisation.cluster_tags.all() if not t.rejected]
    qs = public_organisations().exclude(pk=organisation.pk)
    if concept_ids:
        qs = qs.annotate(
            shared_concepts=Count(
                "concept_tags", filter=Q(concept_tags__concept_id__in=concept_ids, concept_tags__rejected=False)
            )
        ).filter(shared_concepts__gt=0)
        ordering = ["-shared_concepts"]
    elif clusters:
        qs = qs.filter(
            Exists(
                OrganisationCluster.objects.filter(organisation=OuterRef("pk"), rejected=False, cluster__in=clusters)
            )
        )
        ordering = []
    elif organisation.region:
        # Nothing tagged yet: organisations of the same kind in the same area.
        qs = qs.filter(region=organisation.region, type=organisation.type)
        ordering = []
    else:
        return []
    same_region = Case(
        When(region=organisation.region, then=Value(1)) if organisation.region else When(pk=None, then=Value(1)),
        default=Value(0),
    )
    return list(qs.annotate(same_region=same_region).order_by(*ordering, "-same_region", "name")[:limit])
