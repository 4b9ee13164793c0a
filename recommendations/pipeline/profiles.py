"""Plain data the pipeline works on: profiles in, matches with reasons out.

Nothing here imports Django. Organisation ids are whatever the caller uses (database keys, PICs).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

OrgId = Hashable

# The five kinds of offer and need of the Enterprise Europe Network partnering model.
TECHNOLOGY_OFFER = "technology_offer"
TECHNOLOGY_REQUEST = "technology_request"
BUSINESS_OFFER = "business_offer"
BUSINESS_REQUEST = "business_request"
RD_PARTNER_SEARCH = "rd_partner_search"
ITEM_KINDS = (TECHNOLOGY_OFFER, TECHNOLOGY_REQUEST, BUSINESS_OFFER, BUSINESS_REQUEST, RD_PARTNER_SEARCH)
OFFER_KINDS = frozenset({TECHNOLOGY_OFFER, BUSINESS_OFFER})
NEED_KINDS = frozenset({TECHNOLOGY_REQUEST, BUSINESS_REQUEST, RD_PARTNER_SEARCH})

# Which offer kinds answer which need kind. An R&D partner search is answered by technology offers and by
# other R&D partner searches (two organisations looking for a consortium partner in the same field).
ANSWERS: Mapping[str, frozenset[str]] = {
    TECHNOLOGY_REQUEST: frozenset({TECHNOLOGY_OFFER}),
    BUSINESS_REQUEST: frozenset({BUSINESS_OFFER}),
    RD_PARTNER_SEARCH: frozenset({TECHNOLOGY_OFFER, RD_PARTNER_SEARCH}),
}

# Organisation types, as in the directory (CORDIS activity types mapped to these).
PARTNER_TYPES = ("sme", "company", "research", "university", "public", "other")


@dataclass(frozen=True)
class Item:
    """One offer or need: its EEN kind, a short text in any language, and taxonomy concepts."""

    kind: str
    text: str = ""
    concepts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in ITEM_KINDS:
            raise ValueError(f"unknown offer/need kind {self.kind!r}; expected one of {', '.join(ITEM_KINDS)}")

    @property
    def is_offer(self) -> bool:
        return self.kind in OFFER_KINDS


@dataclass(frozen=True, eq=False)
class Profile:
    """An organisation as the pipeline sees it.

    `concepts` may repeat a concept: each repetition adds weight (an organisation with five energy projects
    is more about energy than one with one). `known_partner_ids` are organisations it has already worked with;
    they may include organisations that are not candidates themselves (partners abroad), which still count for
    the collaboration graph. `activity` is the number of past projects or a similar measure of how active the
    organisation is, `last_active_year` the year it was last seen active, `recent_activity` the projects of the
    last two years (0 when unknown).
    """

    org_id: OrgId
    name: str = ""
    country: str = ""
    region: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    type: str = "other"
    sme: bool | None = None
    clusters: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    descriptions: Mapping[str, str] = field(default_factory=dict)
    offers: tuple[Item, ...] = ()
    needs: tuple[Item, ...] = ()
    partner_types_sought: tuple[str, ...] = ()
    preferred_countries: tuple[str, ...] = ()
    preferred_regions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    known_partner_ids: tuple[OrgId, ...] = ()
    activity: float = 0.0
    last_active_year: int | None = None
    recent_activity: float = 0.0

    def __post_init__(self) -> None:
        for item in self.offers:
            if not item.is_offer:
                raise ValueError(f"{item.kind!r} is a need, not an offer")
        for item in self.needs:
            if item.is_offer:
                raise ValueError(f"{item.kind!r} is an offer, not a need")
        if self.type not in PARTNER_TYPES:
            raise ValueError(f"unknown organisation type {self.type!r}")
        unknown = set(self.partner_types_sought) - set(PARTNER_TYPES)
        if unknown:
            raise ValueError(f"unknown partner types sought: {', '.join(sorted(unknown))}")

    @property
    def text(self) -> str:
        """Everything the organisation says about itself, in whatever languages it wrote it."""
        parts = [text for _lang, text in sorted(self.descriptions.items()) if text]
        parts += [item.text for item in (*self.offers, *self.needs) if item.text]
        return "\n".join(parts)

    @property
    def all_concepts(self) -> tuple[str, ...]:
        return self.concepts + tuple(c for item in (*self.offers, *self.needs) for c in item.concepts)

    @property
    def missing_fields(self) -> tuple[str, ...]:
        """Profile fields that are empty and would improve the recommendations (for cold-start hints)."""
        missing = []
        if not any(self.descriptions.values()):
            missing.append("descriptions")
        if not self.concepts:
            missing.append("concepts")
        if not self.clusters:
            missing.append("clusters")
        if not self.offers:
            missing.append("offers")
        if not self.needs:
            missing.append("needs")
        if not self.partner_types_sought:
            missing.append("partner_types_sought")
        return tuple(missing)


@dataclass(frozen=True)
class Reason:
    """Why a match was made: a code the interface translates, and the data behind it."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    org_id: OrgId
    score: float
    reasons: tuple[Reason, ...] = ()
    known_partner: bool = False
    signals: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Feedback:
    """What a member did with earlier recommendations: dismissed ones never come back, and both lists
    steer future rankings towards organisations like the saved ones and away from the dismissed ones."""

    saved: frozenset[OrgId] = frozenset()
    dismissed: frozenset[OrgId] = frozenset()
