"""Reads of the members' area. Other apps use `membership_for` and `public_profile`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from directory.models import Organisation

from .choices import NEED_KINDS, OFFER_KINDS
from .models import Membership, Profile


def membership_for(user) -> Membership | None:
    """The signed-in account's membership (with its organisation), or None."""
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.select_related("organisation").filter(user=user).first()


def organisation_for(user) -> Organisation | None:
    membership = membership_for(user)
    return membership.organisation if membership else None


def profile_of(organisation: Organisation) -> Profile | None:
    return (
        Profile.objects.filter(organisation=organisation)
        .prefetch_related("items__concepts")
        .select_related("organisation")
        .first()
    )


def public_profile(organisation: Organisation) -> dict:
    """The fields of a member profile that its organisation made public, as plain data.

    Keys are present only for public fields: `offers` and `needs` (lists of {kind, text, concepts: [slug]}),
    `partner_types`, `countries`, `regions`, `languages`.
    """
    return _public_data(profile_of(organisation))


def public_profiles(organisation_ids) -> dict[int, dict]:
    """`public_profile` for many organisations in three queries, keyed by organisation id ({} without a profile)."""
    ids = list(organisation_ids)
    found = {
        profile.organisation_id: profile
        for profile in Profile.objects.filter(organisation_id__in=ids).prefetch_related("items__concepts")
    }
    return {pk: _public_data(found.get(pk)) for pk in ids}


def _public_data(profile: Profile | None) -> dict:
    if profile is None:
        return {}
    data = {}

    def items(rows):
        return [{"kind": i.kind, "text": i.text, "concepts": sorted(c.slug for c in i.concepts.all())} for i in rows]

    for field, value in [
        ("offers", lambda: items(profile.offers)),
        ("needs", lambda: items(profile.needs)),
        ("partner_types", lambda: list(profile.partner_types)),
        ("countries", lambda: list(profile.preferred_countries)),
        ("regions", lambda: list(profile.preferred_regions)),
        ("languages", lambda: list(profile.languages)),
    ]:
        if profile.is_public(field):
            data[field] = value()
    return data


def member_profiles(organisation_ids=None) -> dict[int, dict]:
    """Every field of the member profiles (public or not), as plain data keyed by organisation id, in bulk.

    For the recommendation pipeline, which uses all fields of the member's own profile and of candidates
    (showing other organisations only their public fields is up to the caller, see `public_profile`).
    Each value: `offers`, `needs` (tuples of {kind, text, concepts: (slug, ...)}), `partner_types_sought`,
    `preferred_countries`, `preferred_regions`, `languages`, `public_fields`.
    """
    profiles = Profile.objects.prefetch_related("items__concepts")
    if organisation_ids is not None:
        profiles = profiles.filter(organisation_id__in=list(organisation_ids))
    result = {}
    for profile in profiles.iterator(chunk_size=500):
        items = [
            {"kind": i.kind, "text": i.text, "concepts": tuple(sorted(c.slug for c in i.concepts.all()))}
            for i in profile.items.all()
        ]
        result[profile.organisation_id] = {
            "offers": tuple(i for i in items if i["kind"] in OFFER_KINDS),
            "needs": tuple(i for i in items if i["kind"] in NEED_KINDS),
            "partner_types_sought": tuple(profile.partner_types),
            "preferred_countries": tuple(profile.preferred_countries),
            "preferred_regions": tuple(profile.preferred_regions),
            "languages": tuple(profile.languages),
            "public_fields": tuple(profile.public_fields),
        }
    return result


@dataclass(frozen=True)
class CompletenessStep:
    key: str
    label: str
    done: bool
    anchor: str


@dataclass(frozen=True)
class Completeness:
    steps: list[CompletenessStep]

    @property
    def percent(self) -> int:
        if not self.steps:
            return 0
        return round(100 * sum(step.done for step in self.steps) / len(self.steps))

    @property
    def missing(self) -> list[CompletenessStep]:
        return [step for step in self.steps if not step.done]


def profile_completeness(organisation: Organisation) -> Completeness:
    """Which parts of the profile are filled in; these are also the parts that improve recommendations."""
    profile = profile_of(organisation)
    has_description = organisation.descriptions.exclude(text="").exists()
    has_clusters = organisation.cluster_tags.filter(rejected=False).exists()
    has_concepts = organisation.concept_tags.filter(rejected=False).exists()
    offers = profile.offers if profile else []
    needs = profile.needs if profile else []
    steps = [
        CompletenessStep("descriptions", _("A description"), has_description, "descriptions"),
        CompletenessStep("clusters", _("Clusters"), has_clusters, "clusters"),
        CompletenessStep("concepts", _("Technologies and topics"), has_concepts, "concepts"),
        CompletenessStep("offers", _("What you offer"), bool(offers), "items"),
        CompletenessStep("needs", _("What you need"), bool(needs), "items"),
        CompletenessStep(
            "partner_types", _("Partner types you look for"), bool(profile and profile.partner_types), "partners"
        ),
        CompletenessStep(
            "places",
            _("Preferred countries or regions"),
            bool(profile and (profile.preferred_countries or profile.preferred_regions)),
            "partners",
        ),
        CompletenessStep("languages", _("Languages spoken"), bool(profile and profile.languages), "partners"),
    ]
    return Completeness(steps)
