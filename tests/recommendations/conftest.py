import itertools

import pytest
from django.contrib.auth import get_user_model

from directory.models import (
    Concept,
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
)
from members.models import Membership, Role
from recommendations.services import clear_index_cache

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    clear_index_cache()
    yield
    clear_index_cache()


@pytest.fixture
def make_org(db):
    def make(name, *, country, city, lat, lon, type="research", descriptions=(), clusters=(), concepts=(), **kw):
        n = next(_counter)
        org = Organisation.objects.create(
            name=name,
            slug=f"rec-example-{n}",
            country=country,
            city=city,
            latitude=lat,
            longitude=lon,
            type=type,
            **kw,
        )
        for language, text in descriptions:
            OrganisationDescription.objects.create(organisation=org, language=language, text=text)
        for cluster in clusters:
            OrganisationCluster.objects.create(organisation=org, cluster=cluster)
        for concept in concepts:
            OrganisationConcept.objects.create(organisation=org, concept=concept)
        return org

    return make


@pytest.fixture
def electrolysis(db):
    return Concept.objects.create(
        slug="water_electrolysis",
        cluster="battery_hydrogen",
        label_en="Water electrolysis",
        label_nl="Waterelektrolyse",
        label_de="Wasserelektrolyse",
    )


@pytest.fixture
def dutch_member_org(make_org, electrolysis):
    return make_org(
        "Twente Electrolysis Lab (example)",
        country="NL",
        city="Enschede",
        lat=52.22,
        lon=6.89,
        descriptions=[("nl", "Wij ontwikkelen PEM-elektrolyse en waterstofproductie met elektrolysers.")],
        clusters=["battery_hydrogen"],
        concepts=[electrolysis],
    )


@pytest.fixture
def german_orgs(make_org, electrolysis):
    return {
        "hydrogen": make_org(
            "Münster Wasserstoff-Institut (example)",
            country="DE",
            city="Münster",
            lat=51.96,
            lon=7.63,
            descriptions=[
                ("de", "Wir erforschen PEM-Elektrolyse und die Herstellung von Wasserstoff mit Elektrolyseuren.")
            ],
            clusters=["battery_hydrogen"],
            concepts=[electrolysis],
        ),
        "stacks": make_org(
            "Osnabrück Elektrolyse GmbH (example)",
            country="DE",
            city="Osnabrück",
            lat=52.28,
            lon=8.05,
            type="sme",
            descriptions=[("de", "Wir bauen Elektrolyse-Stacks für grünen Wasserstoff.")],
            clusters=["battery_hydrogen"],
        ),
        "recycling": make_org(
            "Bielefeld Kunststoffrecycling (example)",
            country="DE",
            city="Bielefeld",
            lat=52.02,
            lon=8.53,
            type="company",
            descriptions=[("de", "Recycling von Kunststoffverpackungen und Sortieranlagen.")],
            clusters=["circular_economy"],
        ),
    }


@pytest.fixture
def dutch_neighbour(make_org):
    return make_org(
        "Hengelo Waterstof BV (example)",
        country="NL",
        city="Hengelo",
        lat=52.26,
        lon=6.79,
        type="sme",
        descriptions=[("nl", "Waterstofopslag en elektrolyse voor de industrie.")],
        clusters=["battery_hydrogen"],
    )


def _user(**kw):
    n = next(_counter)
    return get_user_model().objects.create_user(
        username=f"rec-person{n}", email=f"rec-person{n}@example.org", password="a-long-Test-passphrase-42", **kw
    )


@pytest.fixture
def member(dutch_member_org):
    user = _user()
    Membership.objects.create(user=user, organisation=dutch_member_org, role=Role.ADMIN)
    return user


@pytest.fixture
def other_member(german_orgs):
    user = _user()
    Membership.objects.create(user=user, organisation=german_orgs["recycling"], role=Role.ADMIN)
    return user


@pytest.fixture
def staff(db):
    return _user(is_staff=True, is_superuser=True)


@pytest.fixture
def world(member, other_member, german_orgs, dutch_neighbour, dutch_member_org):
    return {"member": member, "other_member": other_member, "org": dutch_member_org, "de": german_orgs}
