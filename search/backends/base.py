"""The search interface: what a query holds, what a result holds, and what every backend implements."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from search.documents import OrganisationDocument

# Filters and facets every backend supports. A filter value list is OR-ed; different filters are AND-ed.
FACETS = ("cluster", "country", "region", "type", "sme", "concept")
# Filter name → document field.
FACET_FIELDS = {
    "cluster": "clusters",
    "country": "country",
    "region": "region",
    "type": "type",
    "sme": "sme",
    "concept": "concepts",
}
SORTS = ("relevance", "name", "updated", "distance")
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000  # page × page size; deeper pages need a narrower query
MAX_RADIUS_KM = 1000.0
MAX_QUERY_LENGTH = 200


class InvalidQuery(ValueError):
    """A query a visitor could send but that cannot be answered (bad page, sort without a point, …)."""


@dataclass(frozen=True)
class GeoFilter:
    lat: float
    lon: float
    km: float | None = None  # None: no distance limit (only for sorting by distance)


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Mapping[str, Iterable[str | bool]] = field(default_factory=dict)
    geo: GeoFilter | None = None
    facets: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    language: str = "en"  # the visitor's language: which description the snippets come from

    def __post_init__(self) -> None:
        text = " ".join((self.text or "").split())
        if len(text) > MAX_QUERY_LENGTH:
            raise InvalidQuery(f"the search text is longer than {MAX_QUERY_LENGTH} characters")
        object.__setattr__(self, "text", text)
        filters: dict[str, tuple] = {}
        for name, values in (self.filters or {}).items():
            if name not in FACET_FIELDS:
                raise InvalidQuery(f"unknown filter {name!r}")
            if isinstance(values, str | bool):
                values = [values]
            cleaned = tuple(dict.fromkeys(_filter_value(name, v) for v in values))
            if cleaned:
                filters[name] = cleaned
        object.__setattr__(self, "filters", filters)
        facets = tuple(dict.fromkeys(self.facets or ()))
        unknown = [f for f in facets if f not in FACETS]
        if unknown:
            raise InvalidQuery(f"unknown facet {unknown[0]!r}")
        object.__setattr__(self, "facets", facets)
        if self.sort not in SORTS:
            raise InvalidQuery(f"unknown sort {self.sort!r}; use one of {', '.join(SORTS)}")
        if self.sort == "distance" and self.geo is None:
            raise InvalidQuery("sorting by distance needs a point (lat and lon)")
        if self.geo is not None:
            geo = self.geo
            values = (geo.lat, geo.lon) + ((geo.km,) if geo.km is not None else ())
            if not all(isinstance(v, int | float) and math.isfinite(v) for v in values):
                raise InvalidQuery("lat, lon and km must be numbers")
            if not (-90 <= geo.lat <= 90 and -180 <= geo.lon <= 180):
                raise InvalidQuery("lat must lie within ±90 and lon within ±180")
            if geo.km is not None and not (0 < geo.km <= MAX_RADIUS_KM):
                raise InvalidQuery(f"the distance must be more than 0 and at most {MAX_RADIUS_KM:.0f} km")
        if not isinstance(self.page, int) or self.page < 1:
            raise InvalidQuery("page must be 1 or more")
        if not isinstance(self.page_size, int) or not (1 <= self.page_size <= MAX_PAGE_SIZE):
            raise InvalidQuery(f"page size must be between 1 and {MAX_PAGE_SIZE}")
        if self.page * self.page_size > MAX_RESULT_WINDOW:
            raise InvalidQuery(f"only the first {MAX_RESULT_WINDOW} results can be paged through; narrow the search")
        if self.language not in ("en", "nl", "de"):
            object.__setattr__(self, "language", "en")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def filters_except(self, name: str) -> dict[str, tuple]:
        return {k: v for k, v in self.filters.items() if k != name}


def _filter_value(name: str, value: object) -> str | bool:
    if name == "sme":
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise InvalidQuery(f"sme must be true or false, not {value!r}")
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise InvalidQuery(f"bad value for filter {name!r}")
    value = value.strip()
    return value.upper() if name == "country" else value


@dataclass(frozen=True)
class FacetValue:
    value: str | bool
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Hit:
    id: int
    score: float | None
    document: OrganisationDocument
    highlights: dict[str, str] = field(default_factory=dict)  # field → HTML-safe snippet with <mark> tags
    distance_km: float | None = None


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int
    page_size: int
    backend: str = ""
    degraded: bool = False  # True when answered by the fallback backend

    @property
    def ids(self) -> list[int]:
        return [hit.id for hit in self.hits]

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    def facet_counts(self, name: str) -> dict[str | bool, int]:
        return {fv.value: fv.count for fv in self.facets.get(name, [])}


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "organisation" or "concept"
    label: str
    value: str  # organisation slug or concept label
    id: int | None = None
    count: int | None = None


@dataclass(frozen=True)
class IndexStatus:
    backend: str
    state: str  # "ok", "empty", "missing", "unavailable", "degraded"
    documents: int = 0
    location: str = ""
    size_bytes: int | None = None
    built_at: str | None = None
    detail: str = ""


@dataclass
class IndexReport:
    indexed: int = 0
    errors: list[str] = field(default_factory=list)


MIN_AUTOCOMPLETE_CHARS = 3


@runtime_checkable
class SearchBackend(Protocol):
    name: str

    def index(self, documents: Iterable[dict]) -> IndexReport: ...

    def delete(self, ids: Iterable[int]) -> None: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def autocomplete(self, text: str, *, limit: int = 10) -> list[Suggestion]: ...

    def clear(self) -> None: ...

    def rebuild(self, batches: Iterator[list[dict]], *, progress=None) -> IndexReport: ...

    def ids(self) -> set[int]: ...

    def status(self) -> IndexStatus: ...
