"""A small world for the support dashboard, with every figure computed by hand in the tests.

Members (organisations with a membership) and their needs:

| member | region → NUTS 2    | needs public? | needs (concepts)                                                   | best score |
|--------|--------------------|---------------|--------------------------------------------------------------------|------------|
| A      | NL213 → NL21       | yes           | n1 electrolysis + fuel cells, n2 plastics recycling                 | 2.5        |
| B      | NL225 → NL22       | no            | n3 plastics recycling, n4 (no concept)                              | 0.8        |
| C      | DEA33 → DEA3       | yes           | n5 sensors (a KET: no cluster), n6 electrolysis                     | 0.9        |
| D      | DEA34 → DEA3       | yes, but the organisation is not in the public directory: private | n7 electrolysis | none |
| F      | (none)             | yes           | n8 collaborative robots                                             | 1.0        |

E has a profile with a need and a stored recommendation but no membership: it is not a member and never counts.
Offers never count as needs (A offers sensors). X, Y and Z are directory organisations recommended to members.
"""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from directory.models import Concept, Organisation
from members.choices import ItemKind
from members.models import Membership, Profile, ProfileItem
from recommendations.models import Introduction, StoredRecommendation

PASSWORD = "a-long-Test-passphrase-42"
_counter = itertools.count(1)

PRIVATE_NEED_TEXTS = [
    "Confidential: buyer for recycled PET flakes",
    "Confidential: help with a CE marking dossier",
    "Confidential: hydrogen storage tanks for a pilot",
]


@pytest.fixture
def make_user(db):
    def make(*, groups=(), **kwargs):
        n = next(_counter)
        user = get_user_model().objects.create_user(
            username=f"support-person{n}", email=f"support-person{n}@example.org", password=PASSWORD, **kwargs
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def concepts(db):
    rows = [
        (
            "water_electrolysis",
            "battery_hydrogen",
            "concept",
            "Water electrolysis",
            "Waterelektrolyse",
            "Wasserelektrolyse",
        ),
        ("fuel_cells", "battery_hydrogen", "concept", "Fuel cells", "Brandstofcellen", "Brennstoffzellen"),
        (
            "plastics_recycling",
            "circular_economy",
            "concept",
            "Plastics recycling",
            "Kunststofrecycling",
            "Kunststoffrecycling",
        ),
        (
            "collaborative_robots",
            "advanced_manufacturing_robotics",
            "concept",
            "Collaborative robots",
            "Cobots",
            "Kollaborative Roboter",
        ),
        ("sensors", "", "ket", "Sensors", "Sensoren", "Sensoren"),
    ]
    return {
        slug: Concept.objects.create(slug=slug, cluster=cluster, kind=kind, label_en=en, label_nl=nl, label_de=de)
        for slug, cluster, kind, en, nl, de in rows
    }


def _organisation(name, *, country, region="", is_public=True):
    n = next(_counter)
    return Organisation.objects.create(
        name=name, slug=f"support-example-{n}", country=country, region=region, is_public=is_public
    )


def _profile(organisation, items, *, public_fields=("offers", "needs")):
    profile = Profile.objects.create(organisation=organisation, public_fields=list(public_fields))
    created = []
    for position, (kind, text, concept_list) in enumerate(items):
        item = ProfileItem.objects.create(profile=profile, kind=kind, text=text, position=position)
        item.concepts.set(concept_list)
        created.append(item)
    return created


@pytest.fixture
def world(db, concepts, make_user):
    c = concepts
    orgs = {
        "A": _organisation("Twente Waterstof BV (example)", country="NL", region="NL213"),
        "B": _organisation("Achterhoek Kunststof Recycling (example)", country="NL", region="NL225"),
        "C": _organisation("Münster Sensorik GmbH (example)", country="DE", region="DEA33"),
        "D": _organisation("Borken Wasserstoff Speicher (example)", country="DE", region="DEA34", is_public=False),
        "E": _organisation("Not A Member Robotics (example)", country="DE", region="DEA3"),
        "F": _organisation("Example Cobot Cooperative (example)", country="DE"),
        "X": _organisation("Hydrogen Institute Enschede (example)", country="NL", region="NL213"),
        "Y": _organisation("Institut für Kreislaufwirtschaft (example)", country="DE", region="DEA3"),
        "Z": _organisation("Recycling Network Gelderland (example)", country="NL", region="NL22"),
    }
    for key in "ABCDF":
        Membership.objects.create(user=make_user(), organisation=orgs[key])

    _profile(
        orgs["A"],
        [
            (
                ItemKind.TECHNOLOGY_REQUEST,
                "Stack testing for PEM electrolysers",
                [c["water_electrolysis"], c["fuel_cells"]],
            ),
            (ItemKind.TECHNOLOGY_OFFER, "Low-cost hydrogen sensors", [c["sensors"]]),
            (ItemKind.RD_PARTNER_SEARCH, "Recycling of membrane plastics", [c["plastics_recycling"]]),
        ],
    )
    _profile(
        orgs["B"],
        [
            (ItemKind.BUSINESS_REQUEST, PRIVATE_NEED_TEXTS[0], [c["plastics_recycling"]]),
            (ItemKind.TECHNOLOGY_REQUEST, PRIVATE_NEED_TEXTS[1], []),
        ],
        public_fields=("offers",),
    )
    _profile(
        orgs["C"],
        [
            (ItemKind.TECHNOLOGY_REQUEST, "=Calibration partner for gas sensors", [c["sensors"]]),
            (ItemKind.RD_PARTNER_SEARCH, "Electrolyser monitoring project", [c["water_electrolysis"]]),
        ],
    )
    _profile(orgs["D"], [(ItemKind.TECHNOLOGY_REQUEST, PRIVATE_NEED_TEXTS[2], [c["water_electrolysis"]])])
    _profile(orgs["E"], [(ItemKind.TECHNOLOGY_REQUEST, "Not a member's need", [c["water_electrolysis"]])])
    _profile(orgs["F"], [(ItemKind.RD_PARTNER_SEARCH, "Cobots for small batches", [c["collaborative_robots"]])])

    for member, candidate, rank, score in [
        ("A", "X", 1, 2.5),
        ("A", "Y", 2, 1.2),
        ("B", "X", 1, 0.8),
        ("B", "Z", 2, 0.5),
        ("C", "X", 1, 0.9),
        ("F", "Y", 1, 1.0),
        ("E", "X", 1, 3.0),
    ]:
        StoredRecommendation.objects.create(
            organisation=orgs[member], candidate=orgs[candidate], rank=rank, score=score
        )
    return orgs


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.SUPPORT_WEAK_MATCH_THRESHOLD = 1.0


def _at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)


@pytest.fixture
def introductions(world):
    """Dates in UTC; the site's time zone is Europe/Amsterdam.

    | intro | who   | requested (UTC)      | status    | decided (UTC)      |
    |-------|-------|----------------------|-----------|--------------------|
    | i1    | A → X | 2026-01-15 10:00     | accepted  | 2026-02-03 09:00   |
    | i2    | B → Z | 2026-01-31 23:30 (1 February in Amsterdam) | requested | – |
    | i3    | C → X | 2026-02-10 12:00     | declined  | 2026-04-01 10:00   |
    | i4    | F → Y | 2026-04-20 08:00     | withdrawn | –                  |
    | i5    | A → Y | 2026-04-22 08:00     | accepted  | 2026-04-25 15:00   |

    Per month: January 1 requested; February 2 requested, 1 accepted; March nothing; April 2 requested, 1 accepted,
    1 declined.
    """
    S = Introduction.Status
    rows = [
        ("A", "X", "2026-01-15 10:00", S.ACCEPTED, "2026-02-03 09:00"),
        ("B", "Z", "2026-01-31 23:30", S.REQUESTED, None),
        ("C", "X", "2026-02-10 12:00", S.DECLINED, "2026-04-01 10:00"),
        ("F", "Y", "2026-04-20 08:00", S.WITHDRAWN, None),
        ("A", "Y", "2026-04-22 08:00", S.ACCEPTED, "2026-04-25 15:00"),
    ]
    return [
        Introduction.objects.create(
            organisation=world[member],
            candidate=world[candidate],
            created_at=_at(created),
            status=status,
            decided_at=_at(decided) if decided else None,
            message="Example request",
        )
        for member, candidate, created, status, decided in rows
    ]
