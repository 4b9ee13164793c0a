"""Hypothesis against every public form and the members' forms: arbitrary posts never cause a server error.

Each form gets at least 100 generated submissions: valid values mixed with anything a client can send (control
characters, NUL, very long text, numbers where text belongs, repeated or unknown fields, broken formset counts).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st

from directory.clusters import CLUSTER_SLUGS
from directory.models import Concept
from members.models import Invitation, Membership, Role
from recommendations.models import StoredRecommendation

from . import strategies as s
from .conftest import FUZZ_SETTINGS

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-Test-passphrase-42"
EMAILS = ["anna@twente-lab.example", "nobody@example.org", "ANNA@TWENTE-LAB.EXAMPLE", "a@b", "@", "x" * 300]
emails = s.choice(EMAILS)
passwords = s.choice([PASSWORD, "wrong", "", "password", "12345678", "Kurz1!"])
next_urls = s.choice(["/en/members/", "https://evil.example/", "//evil.example", "javascript:alert(1)", "/%00"])


@pytest.fixture
def member(fuzz_directory):
    user = get_user_model().objects.create_user(
        username="anna", email="anna@twente-lab.example", password=PASSWORD, first_name="Anna"
    )
    Membership.objects.create(user=user, organisation=fuzz_directory[1], role=Role.ADMIN)
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member, backend="members.backends.EmailBackend")
    return client


def assert_answered(response, allowed=(200, 301, 302, 400, 403, 404, 405, 410, 429)):
    assert response.status_code < 500, response.content[:2000]
    assert response.status_code in allowed, response.status_code


@given(language=s.languages, data=s.query({"username": emails, "password": passwords, "next": next_urls}))
@FUZZ_SETTINGS
def test_sign_in(client, member, language, data):
    response = client.post(f"/{language}/members/sign-in/", data)
    assert_answered(response)
    if response.status_code == 302:
        assert not response["Location"].startswith(("https://evil", "//", "javascript"))
    client.logout()


@given(language=s.languages, data=s.query({"email": emails}))
@FUZZ_SETTINGS
def test_password_reset_request(client, member, language, data):
    assert_answered(client.post(f"/{language}/members/password/reset/", data))


@given(
    language=s.languages,
    uid=s.choice(["MQ", "Mg", "!!", "x" * 100], s.text),
    token=s.choice(["set-password", "abc-def", "0-0"], s.text),
    genuine=st.booleans(),
    data=s.query({"new_password1": passwords, "new_password2": passwords}),
)
@FUZZ_SETTINGS
def test_password_reset_confirm(client, member, language, uid, token, genuine, data):
    from urllib.parse import quote

    if genuine:
        member.refresh_from_db()
        uid, token = urlsafe_base64_encode(force_bytes(member.pk)), default_token_generator.make_token(member)
    url = f"/{language}/members/password/reset/{quote(uid, safe='')}/{quote(token, safe='')}/"
    response = client.get(url, follow=True)
    assert_answered(response)
    assert_answered(client.post(response.request["PATH_INFO"], data))
    client.logout()


@given(language=s.languages, params=s.query({"q": s.choice(["Enschede", "Lab", "ü"], s.text), "page": s.numbers}))
@FUZZ_SETTINGS
def test_claim_search(client, fuzz_directory, language, params):
    assert_answered(client.get(f"/{language}/members/claim/", params))


@given(
    language=s.languages,
    slug=s.choice(["fuzz-organisation-2", "fuzz-organisation-35", "no-such-organisation"]),
    data=s.query(
        {
            "organisation": s.choice(["1", "2", "-1", "99999999999999999999"], s.text),
            "name": s.text,
            "email": emails,
            "position": s.text,
            "message": s.text,
            "confirm": s.choice(["on", "true", "1", ""]),
        }
    ),
)
@FUZZ_SETTINGS
def test_claim_create(client, fuzz_directory, language, slug, data):
    if data.get("organisation") == "1":
        data["organisation"] = str(fuzz_directory[2].pk)
    assert_answered(client.post(f"/{language}/members/claim/{slug}/", data))


@given(
    language=s.languages,
    genuine=st.booleans(),
    token=s.text,
    data=s.query({"first_name": s.text, "last_name": s.text, "password1": passwords, "password2": passwords}),
)
@FUZZ_SETTINGS
def test_invitation_accept(client, fuzz_directory, language, genuine, token, data):
    from urllib.parse import quote

    from members import services

    if genuine:
        invitation = services.invitation_create(
            email=f"new{Invitation.objects.count()}@example.org",
            organisation=fuzz_directory[3],
            role=Role.MEMBER,
            invited_by=None,
            language=language,
        )
        token = re.search(r"/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)
        assert invitation.is_pending
    url = f"/{language}/members/invitations/{quote(token, safe='') or 'x'}/"
    assert_answered(client.get(url))
    assert_answered(client.post(url, data))
    client.logout()


def _management(prefix: str):
    counts = s.choice(["0", "1", "2", "5"], s.numbers)
    return {
        f"{prefix}-TOTAL_FORMS": counts,
        f"{prefix}-INITIAL_FORMS": counts,
        f"{prefix}-MIN_NUM_FORMS": counts,
        f"{prefix}-MAX_NUM_FORMS": counts,
    }


def _profile_fields():
    concept_ids = s.several(["1", "2", "3", "999999"], s.numbers)
    fields = {
        "clusters": s.several(CLUSTER_SLUGS),
        "concepts": concept_ids,
        "partner_types": s.several(["sme", "company", "university", "research"]),
        "countries": s.several(["NL", "DE"]),
        "regions": s.several(["NL213", "DEA34"]),
        "languages": s.several(["en", "nl", "de"]),
        "public_fields": s.several(["clusters", "concepts", "items"]),
        **_management("descriptions"),
        **_management("items"),
    }
    for i in range(2):
        fields |= {
            f"descriptions-{i}-language": s.choice(["en", "nl", "de"]),
            f"descriptions-{i}-text": s.text,
            f"descriptions-{i}-DELETE": s.choice(["on", ""]),
            f"items-{i}-kind": s.choice(["offer", "need", "project"]),
            f"items-{i}-text": s.text,
            f"items-{i}-concepts": concept_ids,
            f"items-{i}-DELETE": s.choice(["on", ""]),
        }
    return fields


@given(language=s.languages, data=s.query(_profile_fields()))
@FUZZ_SETTINGS
def test_profile_edit(member_client, language, data):
    ids = list(Concept.objects.order_by("pk").values_list("pk", flat=True)[:3])
    for key, value in data.items():  # make "1", "2", "3" the pks of real concepts
        if key.endswith("concepts") and isinstance(value, list):
            data[key] = [str(ids[int(v) - 1]) if v in ("1", "2", "3") else v for v in value]
    assert_answered(member_client.post(f"/{language}/members/profile/", data))


@given(
    language=s.languages,
    data=s.query({"old_password": passwords, "new_password1": passwords, "new_password2": passwords}),
)
@FUZZ_SETTINGS
def test_password_change(member_client, member, language, data):
    assert_answered(member_client.post(f"/{language}/members/password/", data))
    member.set_password(PASSWORD)
    member.save()
    member_client.force_login(member, backend="members.backends.EmailBackend")


@given(language=s.languages, data=s.query({"email": emails, "role": s.choice(["member", "admin", "owner"])}))
@FUZZ_SETTINGS
def test_team_invitation(member_client, language, data):
    assert_answered(member_client.post(f"/{language}/members/team/", data))


@given(
    language=s.languages,
    candidate=st.sampled_from([0, 1, 2, 999999]),
    data=s.query({"action": s.choice(["save", "dismiss", "unsave"]), "next": next_urls}),
)
@FUZZ_SETTINGS
def test_recommendation_feedback(member_client, member, fuzz_directory, language, candidate, data):
    own = fuzz_directory[1]
    recommended = fuzz_directory[4]
    StoredRecommendation.objects.get_or_create(
        organisation=own, candidate=recommended, defaults={"rank": 1, "score": 0.5}
    )
    candidate_id = {0: own.pk, 1: recommended.pk, 2: fuzz_directory[5].pk}.get(candidate, candidate)
    response = member_client.post(f"/{language}/members/recommendations/{candidate_id}/feedback/", data)
    assert_answered(response)
    if response.status_code == 302:
        assert not response["Location"].startswith(("https://evil", "//", "javascript"))


@given(
    language=s.languages,
    data=s.query({"message": s.text, "next": s.choice(["/en/members/", "0", "overview", "https://evil.example/"])}),
)
@FUZZ_SETTINGS
def test_introduction_request(member_client, member, fuzz_directory, language, data):
    from recommendations.models import Introduction

    own, candidate = fuzz_directory[1], fuzz_directory[4]
    StoredRecommendation.objects.get_or_create(
        organisation=own, candidate=candidate, defaults={"rank": 1, "score": 0.5}
    )
    Introduction.objects.filter(organisation=own).delete()  # one open request per pair: start each example afresh
    url = f"/{language}/members/recommendations/{candidate.pk}/introduction/"
    assert_answered(member_client.get(url))
    response = member_client.post(url, data)
    assert_answered(response, allowed=(200, 302, 400, 409, 429))
    if response.status_code == 302:
        assert not response["Location"].startswith(("https://evil", "//", "javascript"))


@pytest.mark.parametrize("target", ["0", "overview", "12"])
def test_a_next_that_is_no_path_is_followed_as_a_relative_address(member_client, fuzz_directory, target):
    """Found by Hypothesis: `next=0` made redirect() look for a view named "0" and answer 500."""
    StoredRecommendation.objects.get_or_create(
        organisation=fuzz_directory[1], candidate=fuzz_directory[4], defaults={"rank": 1, "score": 0.5}
    )
    response = member_client.post(
        f"/en/members/recommendations/{fuzz_directory[4].pk}/feedback/", {"action": "save", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target
