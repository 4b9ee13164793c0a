"""The indexed document: the one shape both search backends index and return.

The directory builds these dicts from its organisations; this module only defines and checks the shape,
so `search/` never imports a model.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TypedDict

CLUSTERS = ("battery_hydrogen", "circular_economy", "advanced_manufacturing_robotics", "health_medtech")
ORGANISATION_TYPES = ("sme", "company", "university", "research", "public", "network", "other")
LANGUAGES = ("en", "nl", "de")
UNKNOWN_UPDATED_AT = "1970-01-01T00:00:00+00:00"  # stands in for a missing updated_at (sorts last)


class Location(TypedDict):
    lat: float
    lon: float


class Descriptions(TypedDict):
    en: str
    nl: str
    de: str


class OrganisationDocument(TypedDict):
    id: int
    slug: str
    name: str
    short_name: str
    aliases: list[str]
    descriptions: Descriptions
    project_text: str
    concepts: list[str]
    concept_labels: list[str]
    clusters: list[str]
    country: str
    region: str
    city: str
    type: str
    sme: bool
    location: Location | None
    updated_at: str
    n_projects: int


class InvalidDocument(ValueError):
    """A document does not follow the contract; the message names the field."""


def _require(condition: bool, doc_id: object, message: str) -> None:
    if not condition:
        raise InvalidDocument(f"document {doc_id!r}: {message}")


def _str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def validate_document(doc: object) -> OrganisationDocument:
    """Check a document against the contract and return a normalised copy.

    Optional text fields may be missing or None (they become "" or []); everything else must be present
    with the right type. Raises InvalidDocument with the offending field.
    """
    if not isinstance(doc, dict):
        raise InvalidDocument(f"document must be a dict, got {type(doc).__name__}")
    doc_id = doc.get("id")
    _require(
        isinstance(doc_id, int) and not isinstance(doc_id, bool) and doc_id > 0, doc_id, "id must be a positive int"
    )
    for key in ("slug", "name"):
        _require(isinstance(doc.get(key), str) and doc[key].strip() != "", doc_id, f"{key} must be a non-empty str")
    for key in ("short_name", "project_text", "region", "city"):
        value = doc.get(key) or ""
        _require(isinstance(value, str), doc_id, f"{key} must be a str")
    for key in ("aliases", "concepts", "concept_labels", "clusters"):
        value = doc.get(key) or []
        _require(_str_list(value), doc_id, f"{key} must be a list of str")
    descriptions = doc.get("descriptions") or {}
    _require(isinstance(descriptions, dict), doc_id, "descriptions must be a dict of en/nl/de")
    _require(set(descriptions) <= set(LANGUAGES), doc_id, "descriptions may only hold en, nl and de")
    _require(all(isinstance(v or "", str) for v in descriptions.values()), doc_id, "descriptions must be str")
    unknown_clusters = set(doc.get("clusters") or []) - set(CLUSTERS)
    _require(not unknown_clusters, doc_id, f"unknown clusters {sorted(unknown_clusters)}")
    country = doc.get("country")
    _require(
        isinstance(country, str) and len(country) == 2 and country.isupper(), doc_id, "country must be an ISO code"
    )
    _require(doc.get("type") in ORGANISATION_TYPES, doc_id, f"type must be one of {', '.join(ORGANISATION_TYPES)}")
    _require(isinstance(doc.get("sme"), bool), doc_id, "sme must be a bool")
    location = doc.get("location")
    if location is not None:
        _require(isinstance(location, dict), doc_id, "location must be {lat, lon} or None")
        lat, lon = location.get("lat"), location.get("lon")
        _require(
            isinstance(lat, int | float) and isinstance(lon, int | float) and math.isfinite(lat) and math.isfinite(lon),
            doc_id,
            "location needs numeric lat and lon",
        )
        _require(-90 <= lat <= 90 and -180 <= lon <= 180, doc_id, "location out of range")
        location = {"lat": float(lat), "lon": float(lon)}
    updated_at = doc.get("updated_at") or UNKNOWN_UPDATED_AT
    _require(isinstance(updated_at, str), doc_id, "updated_at must be an ISO 8601 str")
    try:
        datetime.fromisoformat(updated_at)
    except ValueError:
        raise InvalidDocument(f"document {doc_id!r}: updated_at {updated_at!r} is not ISO 8601") from None
    n_projects = doc.get("n_projects", 0)
    _require(
        isinstance(n_projects, int) and not isinstance(n_projects, bool) and n_projects >= 0,
        doc_id,
        "n_projects must be an int ≥ 0",
    )
    return OrganisationDocument(
        id=doc_id,
        slug=doc["slug"],
        name=doc["name"].strip(),
        short_name=(doc.get("short_name") or "").strip(),
        aliases=list(doc.get("aliases") or []),
        descriptions=Descriptions(**{lang: descriptions.get(lang) or "" for lang in LANGUAGES}),
        project_text=doc.get("project_text") or "",
        concepts=list(doc.get("concepts") or []),
        concept_labels=list(doc.get("concept_labels") or []),
        clusters=list(doc.get("clusters") or []),
        country=country,
        region=doc.get("region") or "",
        city=doc.get("city") or "",
        type=doc["type"],
        sme=doc["sme"],
        location=location,
        updated_at=updated_at,
        n_projects=n_projects,
    )


def updated_timestamp(doc: OrganisationDocument) -> int:
    """Seconds since the epoch of `updated_at` (naive values count as UTC)."""
    from datetime import UTC

    value = datetime.fromisoformat(doc["updated_at"])
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())
