"""Members download everything held about them and their organisation, and delete their account completely."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client

from members import data_rights
from members.models import AccountDeletion, Claim, Invitation, LoginAttempt, Membership, Profile, ProfileItem
from recommendations.models import Introduction, RecommendationFeedback

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_records(world):
    """Records about the member across apps: a profile item, a claim with their address, feedback if present."""
    member = world.users["member"]
    organisation = world.objects["organisation"]
    profile = Profile.objects.create(organisation=organisation, languages=["nl", "en"])
    ProfileItem.objects.create(profile=profile, kind="offer_technology", text="Electrolyser test bench (example)")
    Claim.objects.create(
        organisation=world.objects["unclaimed"],
        name="Anna Jansen",
        email=member.email,
        position="Director",
        message="Example claim message",
        user=member,
    )
    LoginAttempt.objects.create(account=f"user:{member.pk}", ip_address="192.0.2.1", successful=True)
    return {
        "feedback": RecommendationFeedback.objects.create(
            organisation=organisation, candidate=world.objects["other_organisation"], action="saved", user=member
        )
    }


def test_export_is_a_json_download_with_everything(world, member_records):
    client = world.client("member")
    response = client.get("/en/members/data/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    data = json.loads(response.content)
    member = world.users["member"]
    assert data["account"]["email"] == member.email
    assert "password" not in data["account"]
    assert data["membership"]["role"] == "admin"
    assert data["organisation"]["record"]["name"] == "Twente Hydrogen Lab (example)"
    assert [item["text"] for item in data["organisation"]["profile_items"]] == ["Electrolyser test bench (example)"]
    assert data["organisation"]["profile"]["languages"] == ["nl", "en"]
    text = json.dumps(data)
    assert "Example claim message" in text
    assert "token_hash" not in text
    assert "192.0.2.1" in [attempt["ip_address"] for attempt in data["sign_in_attempts"]]
    # Invitations the member's organisation sent are part of the organisation's data.
    invitations = data["organisation"]["related"]["members.invitation (organisation)"]
    assert world.objects["invitation"].email in [row["email"] for row in invitations]
    assert any(key.startswith("recommendations.recommendationfeedback") for key in data["records_about_the_account"])
    # Another organisation's data is not in it.
    assert "Münster Battery Works" not in text
    assert world.objects["other_invitation"].email not in text


def test_export_and_deletion_need_a_signed_in_account(world):
    for url in ["/en/members/data/", "/en/members/data/export/", "/en/members/data/delete/"]:
        response = Client().get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"], url


def test_data_page_is_translated(world):
    client = world.client("member")
    assert "Download your data" in client.get("/en/members/data/").content.decode()
    assert "Je gegevens downloaden" in client.get("/nl/members/data/").content.decode()
    assert "Ihre Daten herunterladen" in client.get("/de/members/data/").content.decode()


def test_deletion_needs_the_password_and_the_confirmation(world):
    client = world.client("member")
    response = client.post("/en/members/data/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    response = client.post("/en/members/data/delete/", {"password": PASSWORD})
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=world.users["member"].pk).exists()
    assert not AccountDeletion.objects.exists()


def test_deletion_is_complete_and_logged_without_personal_data(world, member_records):
    member = world.users["member"]
    pk, email = member.pk, member.email
    other_session = Client()
    other_session.force_login(member, backend="members.backends.EmailBackend")
    Introduction.objects.create(
        organisation=world.objects["organisation"],
        candidate=world.objects["other_organisation"],
        requested_by=member,
        message="Anna would like to meet you (example)",
    )

    client = world.client("member")
    response = client.post("/en/members/data/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].endswith("/en/members/data/deleted/")
    assert "deleted" in client.get(response["Location"]).content.decode()

    assert not get_user_model().objects.filter(pk=pk).exists()
    assert not Membership.objects.filter(user_id=pk).exists()
    assert not Claim.objects.filter(email__iexact=email).exists()
    assert not Invitation.objects.filter(email__iexact=email).exists()
    assert not LoginAttempt.objects.filter(account=f"user:{pk}").exists()
    assert not any(str(s.get_decoded().get("_auth_user_id")) == str(pk) for s in Session.objects.all())
    # The other browser's session is gone too.
    assert other_session.get("/en/members/").status_code == 302
    # Records that stay keep no link to the person.
    invitation = world.objects["invitation"]
    invitation.refresh_from_db()
    assert invitation.invited_by_id is None
    introduction = Introduction.objects.get()
    assert introduction.message == ""
    assert introduction.requested_by_id is None
    # The organisation and its profile stay for the colleagues.
    assert Profile.objects.filter(organisation=world.objects["organisation"]).exists()

    audit = AccountDeletion.objects.get()
    assert audit.reference == data_rights.deletion_reference(pk)
    assert audit.initiated_by == "member" and audit.had_membership
    stored = json.dumps({"reference": audit.reference, "counts": audit.counts})
    assert email not in stored and "Anna" not in stored and "Jansen" not in stored
    assert len(audit.reference) == 64 and audit.reference != str(pk)
    assert audit.counts.get("members.membership deleted") == 1


def test_staff_accounts_are_not_deleted_from_the_members_area(world):
    client = world.client("staff")
    response = client.post("/en/members/data/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=world.users["staff"].pk).exists()


@pytest.mark.parametrize("role", ["editor", "staff"])
def test_export_works_for_accounts_without_a_membership(world, role):
    """Editors and staff have page revisions, log entries and an admin profile (avatar field) but no organisation."""
    response = world.client(role).get("/en/members/data/export/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["membership"] is None and data["organisation"] is None
    assert data["account"]["email"] == world.users[role].email
