"""Sample data for the regional insights: example member needs (private) and the first computation of the figures.

The directory has no real member profiles, so the "members' needs offered across the border" tables would stay
empty. Six example profiles are added to organisations of the border region (three Dutch, three German) that have
no profile yet. Every item is marked "(example)", and none of the profiles makes its needs public: they appear only
as counts, because three members of one side share each need (see `insights.figures`, "Members' needs").
No account is created for them. Loading twice adds nothing twice.
"""

from django.db import transaction
from django.db.models import Q

from directory.models import Concept, Organisation

from .figures import refresh

EXAMPLE_NEEDS = {
    "NL": [
        (
            "technology_request",
            "Supplier of cathode and anode materials for a battery pilot line (example)",
            ["battery_materials"],
        ),
        (
            "rd_partner_search",
            "Partner for a project on charging electric vans and trucks (example)",
            ["electric_mobility"],
        ),
    ],
    "DE": [
        ("technology_request", "Biosensor know-how for a quality control instrument (example)", ["biosensors"]),
        ("rd_partner_search", "Research partner for a rapid point-of-care test (example)", ["in_vitro_diagnostics"]),
    ],
}
REGIONS = {"NL": ("NL21", "NL22"), "DE": ("DEA3",)}
PER_SIDE = 3


def _candidates(country: str) -> list[Organisation]:
    region_q = Q()
    for prefix in REGIONS[country]:
        region_q |= Q(region__startswith=prefix)
    return list(
        Organisation.objects.public()
        .filter(region_q, country=country, type__in=["sme", "company"], member_profile__isnull=True)
        .order_by("name", "pk")[:PER_SIDE]
    )


def load(*, stdout, verbosity=1) -> None:
    from members.models import Profile, ProfileItem

    texts = [text for items in EXAMPLE_NEEDS.values() for _kind, text, _slugs in items]
    if ProfileItem.objects.filter(text__in=texts).exists():
        if verbosity:
            stdout.write("  insights: example member needs exist already")
    else:
        concepts = {c.slug: c for c in Concept.objects.all()}
        created = 0
        with transaction.atomic():
            for country, items in EXAMPLE_NEEDS.items():
                for organisation in _candidates(country):
                    profile = Profile.objects.create(organisation=organisation, public_fields=[])
                    for position, (kind, text, slugs) in enumerate(items):
                        item = ProfileItem.objects.create(profile=profile, kind=kind, text=text, position=position)
                        item.concepts.set([concepts[slug] for slug in slugs if slug in concepts])
                    created += 1
        if verbosity:
            stdout.write(f"  insights: {created} example profiles with private needs (marked as examples)")
    timings = refresh()
    if verbosity:
        stdout.write(f"  insights: figures computed in {sum(timings.values()):.1f} s")
