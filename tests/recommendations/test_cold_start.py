"""Cold start: a member organisation with an empty profile still gets recommendations from directory data, and is
told which profile fields would improve them."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from members.models import Membership, Role
from recommendations.models import StoredRecommendation
from recommendations.services import recommendations_compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_member(make_org, german_orgs, dutch_neighbour):
    # Only what the directory knows of a fresh record: name, type and place. No description, clusters or topics.
    org = make_org("Almelo Precision Parts (example)", country="NL", city="Almelo", lat=52.36, lon=6.66, type="sme")
    user = get_user_model().objects.create_user(
        username="cold@almelo.example", email="cold@almelo.example", password="a-long-Test-passphrase-42"
    )
    Membership.objects.create(user=user, organisation=org, role=Role.ADMIN)
    return org, user


def test_empty_profile_gets_recommendations_and_the_missing_fields(client, empty_member, german_orgs):
    org, user = empty_member
    stored = recommendations_compute(organisation_ids=[org.pk])
    assert stored[org.pk] > 0
    rows = StoredRecommendation.objects.filter(organisation=org, known_partner=False)
    assert rows.exists()
    # With nothing else to go on, the border and the distance still explain the matches.
    codes = {reason["code"] for row in rows for reason in row.reasons}
    assert codes & {"cross_border", "nearby"}
    client.force_login(user)
    with translation.override("en"):
        html = client.get(reverse("members:overview")).content.decode()
    panel = html[html.index('data-panel="recommendations"') :]
    assert "These parts of your profile would improve your recommendations:" in panel
    for label in ("A description", "Clusters", "Technologies and topics", "What you offer", "What you need"):
        assert label in panel
    assert any(org.name in panel for org in german_orgs.values())


def test_a_new_member_organisation_gets_recommendations_when_it_joins(
    empty_member, german_orgs, django_capture_on_commit_callbacks
):
    org, _user = empty_member
    StoredRecommendation.objects.filter(organisation=org).delete()
    newcomer = german_orgs["stacks"]
    person = get_user_model().objects.create_user(username="new@stacks.example", email="new@stacks.example")
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.create(user=person, organisation=newcomer, role=Role.ADMIN)
    assert StoredRecommendation.objects.filter(organisation=newcomer).exists()
    # A second colleague joining does not recompute (the organisation already has its list).
    before = set(StoredRecommendation.objects.filter(organisation=newcomer).values_list("pk", flat=True))
    colleague = get_user_model().objects.create_user(username="two@stacks.example", email="two@stacks.example")
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.create(user=colleague, organisation=newcomer)
    assert set(StoredRecommendation.objects.filter(organisation=newcomer).values_list("pk", flat=True)) == before
