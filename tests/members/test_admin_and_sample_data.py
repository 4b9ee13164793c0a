"""The admin screens render for staff, and the sample data loader creates one example member, once."""

import io

import pytest

from directory.models import OrganisationCluster
from members.models import Claim, Membership, Profile
from members.sample_data import EMAIL, load
from members.services import invitation_create

pytestmark = pytest.mark.django_db


def test_admin_screens_render(signed_in, staff, member, organisation):
    invitation = invitation_create(email="n@example.org", organisation=organisation, invited_by=member)
    claim = Claim.objects.create(organisation=organisation, name="M", email="m@example.org", position="P")
    client = signed_in(staff)
    for url in [
        "/admin/members_invitations/new/",
        f"/admin/members_invitations/inspect/{invitation.pk}/",
        f"/admin/members_claims/inspect/{claim.pk}/",
        "/admin/members_memberships/",
        "/admin/members_memberships/new/",
        "/admin/members_claims/?status=pending",
        "/admin/members_invitations/?q=example",
    ]:
        assert client.get(url).status_code == 200, url
    assert "Approve" in client.get("/admin/members_claims/").content.decode()
    assert "Invitations" in client.get("/admin/").content.decode()


def test_profile_page_in_german_has_searchable_concepts(signed_in, member, concepts):
    html = signed_in(member).get("/de/members/profile/").content.decode()
    assert "Was Sie anbieten" in html
    assert "Wasserstoff" in html
    assert 'data-terms="Hydrogen | Waterstof | Wasserstoff"' in html


def test_sample_member_is_created_once(make_organisation, concepts):
    organisation = make_organisation("Example Electrolysis Institute", country="NL", type="research")
    OrganisationCluster.objects.create(organisation=organisation, cluster="battery_hydrogen")
    out = io.StringIO()
    load(stdout=out)
    membership = Membership.objects.get(user__email=EMAIL)
    assert membership.organisation == organisation
    profile = Profile.objects.get(organisation=organisation)
    assert profile.public_fields == []
    assert all("(example)" in item.text for item in profile.items.all())
    assert "password:" in out.getvalue()
    load(stdout=io.StringIO())
    assert Membership.objects.filter(user__email=EMAIL).count() == 1
