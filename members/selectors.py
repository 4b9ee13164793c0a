"""Reads of the members' area. Other apps use `membership_for` and `public_profile`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from directory.models import Organisation

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
    profile = profile_of(organisation)
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
