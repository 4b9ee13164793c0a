"""Profiles from the directory, precomputation into stored rows, feedback and the management command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.models import Participation, Project
from members.models import Profile as MemberProfile
from members.models import ProfileItem
from members.signals import profile_changed
from recommendations.models import RecommendationFeedback, StoredRecommendation
from recommendations.services import build_profiles, feedback_record, recommendations_compute

pytestmark = pytest.mark.django_db


def stored_ids(org):
    return list(
        StoredRecommendation.objects.filter(organisation=org, known_partner=False)
        .order_by("rank")
        .values_list("candidate_id", flat=True)
    )


def test_profiles_carry_directory_data_member_fields_and_known_partners(world, electrolysis):
    org, de = world["org"], world["de"]
    project = Project.objects.create(source_id="HE:1", framework=Project.Framework.HORIZON, acronym="H2X")
    Participation.objects.create(organisation=org, project=project)
    Participation.objects.create(organisation=de["stacks"], project=project)
    profile = MemberProfile.objects.create(organisation=org, partner_types=["research"], languages=["nl", "de"])
    item = ProfileItem.objects.create(profile=profile, kind="technology_request", text="A test bench for PEM stacks")
    item.concepts.add(electrolysis)

    by_id = {p.org_id: p for p in build_profiles()}
    mine = by_id[org.pk]
    assert mine.country == "NL" and mine.clusters == ("battery_hydrogen",)
    assert mine.concepts == ("water_electrolysis",)
    assert "PEM-elektrolyse" in mine.descriptions["nl"]
    assert mine.known_partner_ids == (de["stacks"].pk,)
    assert mine.activity == 1.0
    assert mine.needs[0].text == "A test bench for PEM stacks" and mine.needs[0].concepts == ("water_electrolysis",)
    assert mine.partner_types_sought == ("research",)
    assert by_id[de["stacks"].pk].known_partner_ids == (org.pk,)


def test_compute_stores_ranked_cross_border_matches_for_members_only(world):
    org, de = world["org"], world["de"]
    stored = recommendations_compute()
    assert set(stored) == {org.pk, de["recycling"].pk}  # organisations with members only
    ids = stored_ids(org)
    assert org.pk not in ids
    assert ids[0] == de["hydrogen"].pk  # same technology, across the border
    first = StoredRecommendation.objects.get(organisation=org, candidate=de["hydrogen"])
    assert first.rank == 1
    assert any(r["code"] == "cross_border" and r["params"]["country"] == "DE" for r in first.reasons)
    assert all(set(r) == {"code", "params"} for r in first.reasons)


def test_compute_replaces_rows_and_dismissed_never_come_back(world):
    org, de = world["org"], world["de"]
    recommendations_compute()
    feedback_record(organisation=org, candidate=de["hydrogen"], action="dismissed", user=world["member"])
    assert de["hydrogen"].pk not in stored_ids(org)
    recommendations_compute(organisation_ids=[org.pk])
    assert de["hydrogen"].pk not in stored_ids(org)
    assert stored_ids(org)  # the others are still there
    assert StoredRecommendation.objects.filter(organisation=org).values("candidate").distinct().count() == (
        StoredRecommendation.objects.filter(organisation=org).count()
    )


def test_feedback_is_one_row_per_pair_and_validated(world):
    org, de = world["org"], world["de"]
    feedback_record(organisation=org, candidate=de["stacks"], action="saved", user=world["member"])
    feedback_record(organisation=org, candidate=de["stacks"], action="dismissed", user=world["member"])
    row = RecommendationFeedback.objects.get(organisation=org, candidate=de["stacks"])
    assert row.action == "dismissed"
    with pytest.raises(ValueError):
        feedback_record(organisation=org, candidate=de["stacks"], action="love", user=None)
    with pytest.raises(ValueError):
        feedback_record(organisation=org, candidate=org, action="saved", user=None)


def test_cold_start_member_with_empty_profile_still_gets_recommendations(make_org, german_orgs, staff):
    from members.models import Membership

    empty = make_org("Almelo Newcomer (example)", country="NL", city="Almelo", lat=52.35, lon=6.66, type="sme")
    Membership.objects.create(user=staff, organisation=empty)
    recommendations_compute(organisation_ids=[empty.pk])
    assert len(stored_ids(empty)) == 3


def test_profile_change_recomputes_that_organisation(world, run_on_commit):
    org = world["org"]
    assert not StoredRecommendation.objects.filter(organisation=org).exists()
    with run_on_commit():
        profile_changed.send(
            sender=type(org), organisation=org, organisation_id=org.pk, changed=["descriptions"], user=None
        )
    assert StoredRecommendation.objects.filter(organisation=org).exists()
    assert not StoredRecommendation.objects.filter(organisation=world["de"]["recycling"]).exists()


def test_command_all_and_one_organisation(world):
    out = StringIO()
    call_command("compute_recommendations", stdout=out)
    assert "2/2 members" in out.getvalue()
    assert "for 2 member organisations" in out.getvalue()
    StoredRecommendation.objects.all().delete()
    out = StringIO()
    call_command("compute_recommendations", "--organisation", world["org"].slug, stdout=out)
    assert "1/1 members" in out.getvalue()
    assert StoredRecommendation.objects.filter(organisation=world["org"]).exists()
    assert not StoredRecommendation.objects.filter(organisation=world["de"]["recycling"]).exists()
    with pytest.raises(CommandError, match="no members"):
        call_command("compute_recommendations", "--organisation", world["de"]["hydrogen"].slug, stdout=StringIO())
    with pytest.raises(CommandError, match="No organisation"):
        call_command("compute_recommendations", "--organisation", "does-not-exist", stdout=StringIO())


def test_sample_data_loader_fills_only_members_without_recommendations(world):
    from recommendations.sample_data import load

    org, other = world["org"], world["de"]["recycling"]
    recommendations_compute(organisation_ids=[org.pk])
    before = list(StoredRecommendation.objects.filter(organisation=org).values_list("pk", flat=True))
    out = StringIO()
    load(stdout=out)
    assert "for 1 member organisations" in out.getvalue()
    assert StoredRecommendation.objects.filter(organisation=other).exists()
    assert list(StoredRecommendation.objects.filter(organisation=org).values_list("pk", flat=True)) == before
    out = StringIO()
    load(stdout=out)
    assert "every member organisation has stored recommendations" in out.getvalue()
