"""Invitations (single use, seven days, hashed token) and claims (staff approve or reject in the admin)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Claim, Invitation, Membership, Role, hash_token
from members.services import invitation_create

pytestmark = pytest.mark.django_db


def invitation_path(message):
    return re.search(r"https?://[^/]+(/\w\w/members/invitations/[^/\s]+/)", message.body).group(1)


def test_staff_invite_from_the_admin(signed_in, staff, organisation):
    client = signed_in(staff)
    response = client.post(
        "/admin/members_invitations/new/",
        {"email": "New.Person@Example.org", "organisation": organisation.pk, "role": "member"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.is_pending
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert len(mail.outbox) == 1
    path = invitation_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash


def test_accepting_creates_account_and_membership_once(client, member, organisation):
    invitation_create(email="new@example.org", organisation=organisation, invited_by=member, language="nl")
    message = mail.outbox[0]
    assert "Uitnodiging" in message.subject
    path = invitation_path(message)
    assert client.get(path).status_code == 200
    data = {
        "first_name": "Eva",
        "last_name": "Smit",
        "password1": "Solid-passphrase-99",
        "password2": "Solid-passphrase-99",
    }
    response = client.post(path, data)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@example.org")
    assert Membership.objects.get(user=user).organisation == organisation
    assert client.get(reverse("members:overview")).context["user"] == user
    # Single use.
    client.logout()
    response = client.post(path, data)
    assert response.status_code == 410
    assert get_user_model().objects.filter(email__iexact="new@example.org").count() == 1


def test_expired_and_unknown_invitations(client, member, organisation):
    invitation = invitation_create(
        email="late@example.org", organisation=organisation, invited_by=member, language="en"
    )
    path = invitation_path(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert client.get("/en/members/invitations/not-a-token/").status_code == 404
    assert client.get("/en/members/invitations/" + "x" * 500 + "/").status_code == 404


def test_bad_account_form_is_a_field_error(client, member, organisation):
    invitation_create(email="new@example.org", organisation=organisation, invited_by=member)
    path = invitation_path(mail.outbox[0])
    response = client.post(path, {"first_name": "Eva", "last_name": "", "password1": "123", "password2": "456"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"last_name", "password2"}
    assert Invitation.objects.get().is_pending


def test_existing_account_accepts_after_signing_in(client, signed_in, make_user, member, organisation):
    user = make_user(email="known@example.org")
    invitation_create(email="Known@Example.org", organisation=organisation, invited_by=member)
    path = invitation_path(mail.outbox[0])
    assert "sign_in_url" in client.get(path).context
    client = signed_in(user)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=user).organisation == organisation


def test_someone_else_signed_in_cannot_accept(signed_in, other_member, member, organisation):
    invitation_create(email="new@example.org", organisation=organisation, invited_by=member)
    path = invitation_path(mail.outbox[0])
    response = signed_in(other_member).post(path)
    assert response.status_code == 403
    assert Invitation.objects.get().is_pending


def test_organisation_admin_invites_a_colleague(signed_in, member, organisation):
    response = signed_in(member).post(reverse("members:team"), {"email": "colleague@example.org", "role": "member"})
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == organisation


def test_claim_approved_in_the_admin(client, signed_in, staff, organisation, django_capture_on_commit_callbacks):
    response = client.get(reverse("members:claim_search"), {"q": "twente hydrogen"})
    assert organisation.name in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:claim_create", args=[organisation.slug]),
            {
                "organisation": organisation.pk,
                "name": "Lotte de Vries",
                "email": "lotte@twente-lab.example",
                "position": "Managing director",
                "confirm": "on",
            },
        )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.PENDING
    # Staff who decide claims are told.
    assert mail.outbox[-1].to == [staff.email]
    assert f"/admin/members_claims/decide/{claim.pk}/approve/" in mail.outbox[-1].body
    admin = signed_in(staff)
    assert admin.get(f"/admin/members_claims/decide/{claim.pk}/approve/").status_code == 200
    response = admin.post(f"/admin/members_claims/decide/{claim.pk}/approve/", {"note": ""})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    user = get_user_model().objects.get(email="lotte@twente-lab.example")
    membership = Membership.objects.get(user=user)
    assert membership.organisation == organisation and membership.role == Role.ADMIN
    # The e-mail carries a link to choose a password, which signs the person in.
    message = mail.outbox[-1]
    assert message.to == ["lotte@twente-lab.example"]
    link = re.search(r"https?://[^/]+(/\w\w/members/password/reset/\S+/)", message.body).group(1)
    admin.logout()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(
        form_url, {"new_password1": "Lotte-chooses-a-password-1", "new_password2": "Lotte-chooses-a-password-1"}
    )
    assert client.get(reverse("members:profile")).status_code == 200
    # Decided once only.
    response = signed_in(staff).post(f"/admin/members_claims/decide/{claim.pk}/reject/", {"note": ""})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_claim_rejected_in_the_admin(client, signed_in, staff, organisation):
    claim = Claim.objects.create(organisation=organisation, name="Max", email="max@example.org", position="Intern")
    response = signed_in(staff).post(
        f"/admin/members_claims/decide/{claim.pk}/reject/", {"note": "Please use your work address."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REJECTED
    assert "Please use your work address." in mail.outbox[-1].body
    assert not Membership.objects.exists()


def test_members_cannot_decide_claims(signed_in, member, organisation):
    claim = Claim.objects.create(organisation=organisation, name="Max", email="max@example.org", position="Intern")
    response = signed_in(member).post(f"/admin/members_claims/decide/{claim.pk}/approve/", {})
    assert response.status_code in {302, 403}
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"organisation": "abc", "name": "x", "email": "bad", "position": "y", "confirm": "on"},
        {"organisation": "999999", "name": "x" * 1000, "email": "a@b.org", "position": "y"},
    ],
)
def test_malformed_claims_never_fail(client, organisation, data):
    response = client.post(reverse("members:claim_create", args=[organisation.slug]), data)
    assert response.status_code == 200
    assert not Claim.objects.exists()


def test_duplicate_pending_claim_is_refused(client, organisation):
    data = {"organisation": organisation.pk, "name": "A", "email": "a@example.org", "position": "CEO", "confirm": "on"}
    url = reverse("members:claim_create", args=[organisation.slug])
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert Claim.objects.count() == 1


def test_admin_withdraw_invitation(signed_in, staff, member, organisation):
    invitation = invitation_create(email="new@example.org", organisation=organisation, invited_by=member)
    client = signed_in(staff)
    assert client.get(f"/admin/members_invitations/{invitation.pk}/withdraw/").status_code == 200
    assert client.post(f"/admin/members_invitations/{invitation.pk}/withdraw/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    assert client.post(f"/admin/members_invitations/{invitation.pk}/resend/").status_code == 302
    assert Invitation.objects.pending().count() == 1
    assert client.get("/admin/members_invitations/").status_code == 200
    assert client.get("/admin/members_claims/").status_code == 200
