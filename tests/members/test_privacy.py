"""Every members' URL as anonymous, as the member, as a member of another organisation and as staff."""

import pytest
from django.urls import reverse

from members.models import Invitation, Role
from members.services import invitation_create

pytestmark = pytest.mark.django_db

MEMBER_PAGES = ["overview", "profile", "team", "password_change"]
PUBLIC_PAGES = {
    "sign_in": ("Aanmelden bij het ledengedeelte", "Im Mitgliederbereich anmelden"),
    "password_reset": ("Wachtwoord opnieuw instellen", "Passwort zurücksetzen"),
    "password_reset_done": ("Kijk in uw e-mail", "Prüfen Sie Ihre E-Mails"),
    "claim_search": ("Claim uw organisatie", "Ihre Organisation beanspruchen"),
    "claim_sent": ("Bedankt", "Vielen Dank"),
}


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    for language in ["en", "nl", "de"]:
        target = f"/{language}/members/" + reverse(f"members:{name}").split("/members/", 1)[1]
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/{language}/members/sign-in/?next=")


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_account_pages_are_open_and_translated(client, name):
    dutch, german = PUBLIC_PAGES[name]
    for language, word in [("nl", dutch), ("de", german)]:
        response = client.get(f"/{language}/members/" + reverse(f"members:{name}").split("/members/", 1)[1])
        assert response.status_code == 200
        html = response.content.decode()
        assert word in html
        assert 'name="robots" content="noindex' in html


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_the_member_sees_its_own_organisation(signed_in, member, organisation, other_organisation, name):
    client = signed_in(member)
    response = client.get(reverse(f"members:{name}"))
    assert response.status_code == 200
    html = response.content.decode()
    if name != "password_change":
        assert organisation.name in html
    assert other_organisation.name not in html


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_a_member_of_another_organisation_sees_only_its_own(
    signed_in, other_member, organisation, other_organisation, name
):
    client = signed_in(other_member)
    response = client.get(reverse(f"members:{name}"))
    assert response.status_code == 200
    assert organisation.name not in response.content.decode()


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_staff_without_membership(signed_in, staff, name):
    client = signed_in(staff)
    response = client.get(reverse(f"members:{name}"))
    if name in {"overview", "password_change"}:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("members:overview")


def test_invitations_of_another_organisation_cannot_be_withdrawn(signed_in, member, other_member, organisation):
    invitation = invitation_create(email="new@example.org", organisation=organisation, invited_by=member)
    client = signed_in(other_member)
    response = client.post(reverse("members:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending
    # The organisation's own administrator can.
    client = signed_in(member)
    assert client.post(reverse("members:invitation_revoke", args=[invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def test_plain_members_cannot_invite(signed_in, make_user, organisation):
    from members.models import Membership

    user = make_user()
    Membership.objects.create(user=user, organisation=organisation, role=Role.MEMBER)
    response = signed_in(user).post(reverse("members:team"), {"email": "x@example.org", "role": "admin"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_anonymous_cannot_withdraw(client, member, organisation):
    invitation = invitation_create(email="new@example.org", organisation=organisation, invited_by=member)
    response = client.post(reverse("members:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


@pytest.mark.parametrize(
    "url", ["/admin/members_invitations/", "/admin/members_claims/", "/admin/members_memberships/"]
)
def test_admin_screens_are_for_staff_only(client, signed_in, member, staff, url):
    assert client.get(url).status_code == 302  # anonymous: to the admin sign-in
    response = signed_in(member).get(url)
    assert response.status_code in {302, 403}
    assert signed_in(staff).get(url).status_code == 200
