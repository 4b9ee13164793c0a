"""Sample data for the members' area: one example member account for a real organisation of the directory.

The account's profile items are invented and marked "(example)", and none of its member-only fields are public, so
nothing invented is shown to visitors. The password is random and printed once; afterwards use the password reset
(development e-mail goes to the console). Idempotent: nothing is changed when the account exists.
"""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from directory.models import Concept, Organisation

from .choices import ItemKind
from .models import Membership, Profile, ProfileItem, Role

EMAIL = "member@example.com"
EXAMPLE_ITEMS = [
    (
        ItemKind.TECHNOLOGY_OFFER,
        "Test bench for PEM electrolyser stacks up to 250 kW (example).",
        ["water_electrolysis"],
    ),
    (
        ItemKind.RD_PARTNER_SEARCH,
        "German partner to scale up hydrogen storage in salt caverns (example).",
        ["hydrogen"],
    ),
    (ItemKind.BUSINESS_REQUEST, "Supplier of recycled catalyst materials for electrolysers (example).", []),
]


def _organisation():
    public = Organisation.objects.public().filter(country="NL")
    return (
        public.in_clusters(["battery_hydrogen"])
        .filter(type__in=["research", "university", "sme"])
        .order_by("name")
        .first()
        or public.order_by("name").first()
    )


def load(*, stdout, verbosity=1) -> None:
    User = get_user_model()
    if User.objects.filter(email__iexact=EMAIL).exists():
        if verbosity:
            stdout.write(f"  members: the example account {EMAIL} exists already")
        return
    organisation = _organisation()
    if organisation is None:
        if verbosity:
            stdout.write("  members: no organisation in the directory yet; no example account created")
        return
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.create_user(
            username=EMAIL, email=EMAIL, password=password, first_name="Example", last_name="Member"
        )
        Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
        profile, _created = Profile.objects.get_or_create(organisation=organisation)
        profile.partner_types = ["research", "sme"]
        profile.preferred_countries = ["DE"]
        profile.preferred_regions = ["DEA3", "DEA2"]
        profile.languages = ["nl", "en", "de"]
        profile.public_fields = []
        profile.save()
        concepts = {c.slug: c for c in Concept.objects.filter(slug__in=["water_electrolysis", "hydrogen"])}
        for position, (kind, text, slugs) in enumerate(EXAMPLE_ITEMS):
            item = ProfileItem.objects.create(profile=profile, kind=kind, text=text, position=position)
            item.concepts.set([concepts[s] for s in slugs if s in concepts])
    if verbosity:
        stdout.write(f"  members: example account for {organisation.name} (profile items marked as examples):")
        stdout.write(f"    e-mail: {EMAIL}")
        stdout.write(f"    password: {password}  (shown once; use 'Forgotten your password?' afterwards)")
