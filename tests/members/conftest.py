import itertools

import pytest
from django.contrib.auth import get_user_model

from directory.models import Concept, Organisation
from members.models import Membership, Role

PASSWORD = "a-long-Test-passphrase-42"
_counter = itertools.count(1)


@pytest.fixture
def make_organisation(db):
    def make(name=None, country="NL", **kwargs):
        n = next(_counter)
        name = name or f"Example Organisation {n}"
        return Organisation.objects.create(name=name, slug=f"example-organisation-{n}", country=country, **kwargs)

    return make


@pytest.fixture
def make_user(db):
    def make(email=None, password=PASSWORD, **kwargs):
        n = next(_counter)
        email = email or f"person{n}@example.org"
        return get_user_model().objects.create_user(
            username=kwargs.pop("username", f"person{n}"), email=email, password=password, **kwargs
        )

    return make


@pytest.fixture
def organisation(make_organisation):
    return make_organisation("Twente Hydrogen Lab (example)", country="NL", city="Enschede")


@pytest.fixture
def other_organisation(make_organisation):
    return make_organisation("Münster Battery Works (example)", country="DE", city="Münster")


@pytest.fixture
def member(make_user, organisation):
    user = make_user(email="anna@twente-lab.example", first_name="Anna", last_name="Jansen")
    Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    return user


@pytest.fixture
def other_member(make_user, other_organisation):
    user = make_user(email="jonas@muenster-battery.example")
    Membership.objects.create(user=user, organisation=other_organisation, role=Role.ADMIN)
    return user


@pytest.fixture
def staff(make_user):
    return make_user(email="staff@techland.example", is_staff=True, is_superuser=True)


@pytest.fixture
def concepts(db):
    rows = [
        ("hydrogen", "battery_hydrogen", "Hydrogen", "Waterstof", "Wasserstoff"),
        ("water_electrolysis", "battery_hydrogen", "Water electrolysis", "Waterelektrolyse", "Wasserelektrolyse"),
        ("recycling", "circular_economy", "Recycling", "Recycling", "Recycling"),
    ]
    return {
        slug: Concept.objects.create(slug=slug, cluster=cluster, label_en=en, label_nl=nl, label_de=de)
        for slug, cluster, en, nl, de in rows
    }


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user, backend="members.backends.EmailBackend")
        return client

    return sign_in
