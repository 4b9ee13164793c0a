"""Introductions: members ask, facilitators decide in the admin, both sides are e-mailed; privacy and limits."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from members.models import Membership, ProfileItem, Role
from members.models import Profile as MemberProfile
from recommendations.models import Introduction, RecommendationFeedback, StoredRecommendation
from recommendations.services import IntroductionError, introduction_decide, introduction_withdraw

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Test-passphrase-42"
REASONS = [
    {"code": "cross_border", "params": {"type": "research", "country": "DE", "km": 76}},
    {"code": "shared_cluster", "params": {"cluster": "battery_hydrogen"}},
]


def url(name, lang="nl", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def make_user(email, **kwargs):
    return get_user_model().objects.create_user(username=email, email=email, password=PASSWORD, **kwargs)


@pytest.fixture
def setup(world):
    """The Dutch member has two stored recommendations; the German institute has a member of its own."""
    org, hydrogen, stacks = world["org"], world["de"]["hydrogen"], world["de"]["stacks"]
    StoredRecommendation.objects.create(organisation=org, candidate=hydrogen, rank=1, score=0.9, reasons=REASONS)
    StoredRecommendation.objects.create(organisation=org, candidate=stacks, rank=2, score=0.8, reasons=REASONS[1:])
    hydrogen.email = "kontakt@wasserstoff-institut.example"
    hydrogen.website = "https://wasserstoff-institut.example"
    hydrogen.save()
    org.email = "info@twente-lab.example"
    org.phone = "+31 53 000 0000"
    org.save()
    candidate_member = make_user("lena@wasserstoff-institut.example", first_name="Lena", last_name="Vogel")
    Membership.objects.create(user=candidate_member, organisation=hydrogen, role=Role.ADMIN)
    world["member"].first_name, world["member"].last_name = "Anna", "Jansen"
    world["member"].save()
    return {**world, "hydrogen": hydrogen, "stacks": stacks, "candidate_member": candidate_member}


@pytest.fixture
def facilitator(db):
    user = make_user("facilitator@support.example", is_staff=True)
    user.groups.add(Group.objects.get(name="Support organisations"))
    return user


def request_introduction(client, user, candidate, message="", lang="nl", **extra):
    client.force_login(user)
    return client.post(
        url("recommendations:introduction_request", lang, candidate_id=candidate.pk), {"message": message, **extra}
    )


# --- The member's side -------------------------------------------------------------------------------------------


def test_cards_and_saved_list_offer_an_introduction(client, setup):
    client.force_login(setup["member"])
    html = client.get(url("members:overview")).content.decode()
    panel = html[html.index('data-panel="recommendations"') :]
    assert url("recommendations:introduction_request", candidate_id=setup["hydrogen"].pk) in panel
    assert "Vraag een introductie aan" in panel
    RecommendationFeedback.objects.create(organisation=setup["org"], candidate=setup["stacks"], action="saved")
    saved = client.get(url("recommendations:saved")).content.decode()
    assert url("recommendations:introduction_request", candidate_id=setup["stacks"].pk) in saved


def test_request_is_stored_with_reasons_and_nothing_is_sent_or_shown_to_the_candidate(client, setup):
    response = request_introduction(client, setup["member"], setup["hydrogen"], "We zoeken een testpartner (example).")
    assert response.status_code == 302
    assert response["Location"] == url("recommendations:introductions")
    introduction = Introduction.objects.get()
    assert introduction.organisation == setup["org"]
    assert introduction.candidate == setup["hydrogen"]
    assert introduction.requested_by == setup["member"]
    assert introduction.status == Introduction.Status.REQUESTED
    assert introduction.message == "We zoeken een testpartner (example)."
    assert introduction.reasons == REASONS
    assert introduction.language == "nl"
    assert mail.outbox == []
    # The member's list shows it as requested, in Dutch.
    page = client.get(url("recommendations:introductions")).content.decode()
    assert setup["hydrogen"].name in page and "Aangevraagd" in page
    # The card now says it was requested instead of offering the form again.
    panel = client.get(url("members:overview")).content.decode()
    assert "U hebt op" in panel and "een introductie aangevraagd" in panel
    # The candidate's members see nothing about it.
    client.force_login(setup["candidate_member"])
    for target in (url("recommendations:introductions"), url("members:overview")):
        html = client.get(target).content.decode()
        assert setup["org"].name not in html
        assert "testpartner" not in html


def test_a_second_open_request_for_the_same_pair_is_refused(client, setup):
    request_introduction(client, setup["member"], setup["hydrogen"])
    response = request_introduction(client, setup["member"], setup["hydrogen"], "again")
    assert response.status_code == 302
    assert Introduction.objects.count() == 1
    assert "al een introductie aangevraagd" in client.get(response["Location"]).content.decode()
    # A colleague from the same organisation cannot open a second one either.
    colleague = make_user("colleague@twente-lab.example")
    Membership.objects.create(user=colleague, organisation=setup["org"])
    request_introduction(client, colleague, setup["hydrogen"])
    assert Introduction.objects.filter(status="requested").count() == 1


def test_only_recommended_or_saved_organisations_can_be_asked_for(client, setup):
    client.force_login(setup["member"])
    not_recommended = setup["de"]["recycling"]
    for candidate_id in (not_recommended.pk, setup["org"].pk, 999999):
        target = url("recommendations:introduction_request", candidate_id=candidate_id)
        assert client.post(target, {"message": ""}).status_code == 404
        assert client.get(target).status_code == 404
    # A dismissed organisation stays out of reach.
    RecommendationFeedback.objects.create(organisation=setup["org"], candidate=setup["stacks"], action="dismissed")
    target = url("recommendations:introduction_request", candidate_id=setup["stacks"].pk)
    assert client.post(target, {"message": ""}).status_code == 404
    assert not Introduction.objects.exists()


def test_a_too_long_message_is_a_form_error(client, setup):
    response = request_introduction(client, setup["member"], setup["hydrogen"], "x" * 1001)
    assert response.status_code == 200
    assert "members-field--error" in response.content.decode()
    assert not Introduction.objects.exists()


def test_the_request_page_shows_the_candidate_and_the_reasons(client, setup):
    client.force_login(setup["member"])
    response = client.get(url("recommendations:introduction_request", lang="de", candidate_id=setup["hydrogen"].pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert setup["hydrogen"].name in html
    assert "Beide im Bereich" in html  # the shared-cluster reason, in German
    assert "km entfernt" in html  # the cross-border reason
    assert 'name="csrfmiddlewaretoken"' in html


def test_unsafe_next_is_ignored(client, setup):
    response = request_introduction(client, setup["member"], setup["hydrogen"], next="https://evil.example/")
    assert response["Location"] == url("recommendations:introductions")


@pytest.mark.parametrize(
    "lang, text",
    [
        ("nl", "Uw organisatie heeft 2 introducties"),
        ("de", "Ihre Organisation hat in den letzten 24 Stunden 2 Vorstellungen"),
    ],
)
def test_requests_are_limited_per_organisation(client, setup, settings, lang, text):
    settings.RECOMMENDATIONS_INTRODUCTIONS_PER_DAY = 2
    org = setup["org"]
    # An old request no longer counts; two recent ones (one of them withdrawn) reach the limit.
    Introduction.objects.create(
        organisation=org,
        candidate=setup["de"]["recycling"],
        status="declined",
        created_at=timezone.now() - timedelta(days=2),
    )
    Introduction.objects.create(organisation=org, candidate=setup["de"]["recycling"], status="withdrawn")
    colleague = make_user("colleague@twente-lab.example")
    Membership.objects.create(user=colleague, organisation=org)
    assert request_introduction(client, colleague, setup["stacks"]).status_code == 302
    response = request_introduction(client, setup["member"], setup["hydrogen"], lang=lang)
    assert response.status_code == 429
    assert text in response.content.decode()
    assert not Introduction.objects.filter(candidate=setup["hydrogen"]).exists()
    # Another organisation is not affected.
    other_org = setup["de"]["recycling"]
    StoredRecommendation.objects.create(organisation=other_org, candidate=setup["hydrogen"], rank=1, score=0.5)
    assert request_introduction(client, setup["other_member"], setup["hydrogen"]).status_code == 302


def test_withdraw_while_requested(client, setup):
    request_introduction(client, setup["member"], setup["hydrogen"])
    introduction = Introduction.objects.get()
    target = url("recommendations:introduction_withdraw", pk=introduction.pk)
    assert client.get(target).status_code == 405
    # Another organisation's member cannot touch it.
    client.force_login(setup["other_member"])
    assert client.post(target).status_code == 404
    introduction.refresh_from_db()
    assert introduction.status == "requested"
    client.force_login(setup["member"])
    response = client.post(target)
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == "withdrawn"
    assert introduction.decided_at is not None and introduction.decided_by is None
    assert ModelLogEntry.objects.filter(action="recommendations.introduction.withdraw", user=setup["member"]).exists()
    # Once closed, it cannot be withdrawn again, and a new request is possible.
    client.post(target)
    introduction.refresh_from_db()
    assert introduction.status == "withdrawn"
    assert request_introduction(client, setup["member"], setup["hydrogen"]).status_code == 302
    assert Introduction.objects.filter(status="requested").count() == 1
    assert mail.outbox == []


# --- Privacy of the member URLs ----------------------------------------------------------------------------------


def test_member_urls_as_anonymous_member_other_member_and_staff(client, setup, staff):
    request_introduction(client, setup["member"], setup["hydrogen"], "Only for the facilitator (example)")
    introduction = Introduction.objects.get()
    client.logout()
    pages = {
        "list": url("recommendations:introductions"),
        "request": url("recommendations:introduction_request", candidate_id=setup["stacks"].pk),
    }
    withdraw = url("recommendations:introduction_withdraw", pk=introduction.pk)
    # Anonymous: sent to sign in, nothing changes.
    for target in pages.values():
        response = client.get(target)
        assert response.status_code == 302 and "/members/sign-in/" in response["Location"]
    response = client.post(withdraw)
    assert response.status_code == 302 and "/members/sign-in/" in response["Location"]
    response = client.post(pages["request"], {"message": ""})
    assert response.status_code == 302 and "/members/sign-in/" in response["Location"]
    # The member.
    client.force_login(setup["member"])
    assert client.get(pages["list"]).status_code == 200
    assert client.get(pages["request"]).status_code == 200
    # A member of another organisation: its own (empty) list, no access to this organisation's requests.
    client.force_login(setup["other_member"])
    html = client.get(pages["list"]).content.decode()
    assert "Only for the facilitator" not in html and setup["hydrogen"].name not in html
    assert client.get(pages["request"]).status_code == 404
    assert client.post(pages["request"], {"message": ""}).status_code == 404
    assert client.post(withdraw).status_code == 404
    # Staff without a membership have no members' pages (they use the admin): sent to the members' overview.
    client.force_login(staff)
    for target in pages.values():
        assert client.get(target).status_code == 302
    assert client.post(withdraw).status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == "requested"
    assert Introduction.objects.count() == 1


# --- The facilitator queue ---------------------------------------------------------------------------------------


def admin_url(name, *args):
    return reverse(f"recommendations_introductions:{name}", args=args)


@pytest.fixture
def requested(client, setup):
    profile = MemberProfile.objects.create(organisation=setup["hydrogen"], public_fields=[])
    ProfileItem.objects.create(profile=profile, kind="technology_request", text="Private need: stack testing (example)")
    request_introduction(client, setup["member"], setup["hydrogen"], "Graag kennismaken (example).")
    client.logout()
    return Introduction.objects.get()


def test_queue_is_forbidden_to_members(client, setup, requested):
    client.force_login(setup["member"])
    for target in (admin_url("index"), admin_url("edit", requested.pk)):
        response = client.get(target)
        assert response.status_code in (302, 403)
        assert "Graag kennismaken" not in response.content.decode()
    response = client.post(admin_url("edit", requested.pk), {"decision": "accept", "note": ""})
    requested.refresh_from_db()
    assert requested.status == "requested"
    # Staff with admin access but without the introduction permissions are refused too.
    editor = make_user("editor@techland.example", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(admin_url("edit", requested.pk)).status_code in (302, 403)
    assert client.post(admin_url("edit", requested.pk), {"decision": "accept"}).status_code in (302, 403)
    requested.refresh_from_db()
    assert requested.status == "requested"
    assert mail.outbox == []


def test_support_organisations_group_sees_the_queue_with_counts_and_the_full_profiles(
    client, setup, requested, facilitator
):
    Introduction.objects.create(organisation=setup["org"], candidate=setup["stacks"], status="declined")
    client.force_login(facilitator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert admin_url("index") in home  # the menu item
    index = client.get(admin_url("index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert setup["hydrogen"].name in html
    assert "Requested (1)" in html and "Declined (1)" in html and "Accepted (0)" in html
    assert admin_url("edit", requested.pk) in html  # each row links to its detail page
    filtered = client.get(admin_url("index") + "?status=declined").content.decode()
    assert setup["stacks"].name in filtered and setup["hydrogen"].name not in filtered
    detail = client.get(admin_url("edit", requested.pk))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Graag kennismaken (example)." in html
    assert "Private need: stack testing (example)" in html  # facilitators see private fields
    assert setup["org"].name in html and "info@twente-lab.example" in html
    assert "Both in Battery" in html  # the reasons stored with the request
    assert "lena@wasserstoff-institut.example" in html  # who will be e-mailed
    # Adding or deleting introductions is not possible in the admin.
    assert client.get(admin_url("add")).status_code in (302, 403)
    assert client.post(admin_url("delete", requested.pk)).status_code in (302, 403)
    assert Introduction.objects.filter(pk=requested.pk).exists()


def test_accepting_introduces_both_parties_by_email_in_their_languages(client, setup, requested, facilitator):
    UserProfile.get_for_user(setup["candidate_member"]).preferred_language = "de"
    profile = UserProfile.get_for_user(setup["candidate_member"])
    profile.preferred_language = "de"
    profile.save()
    client.force_login(facilitator)
    response = client.post(admin_url("edit", requested.pk), {"decision": "accept", "note": "Good fit (example)."})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "accepted"
    assert requested.decided_by == facilitator
    assert requested.decided_at is not None
    assert requested.facilitator_note == "Good fit (example)."
    assert ModelLogEntry.objects.filter(action="recommendations.introduction.accept", user=facilitator).exists()
    assert len(mail.outbox) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    to_requester = by_recipient[setup["member"].email]
    to_candidate = by_recipient["lena@wasserstoff-institut.example"]
    # The requester asked in Dutch and reads Dutch, with the candidate's public contact details.
    assert "Introductie" in to_requester.subject
    assert "kontakt@wasserstoff-institut.example" in to_requester.body
    assert "https://wasserstoff-institut.example" in to_requester.body
    assert "Good fit (example)." in to_requester.body
    assert "lena@" not in to_requester.body  # a person's own address is not shared with the requester
    # The candidate's member chose German; the message and the requester's contact details are there.
    assert "Vorstellung" in to_candidate.subject
    assert "info@twente-lab.example" in to_candidate.body
    assert "Anna Jansen" in to_candidate.body and setup["member"].email in to_candidate.body
    assert "Graag kennismaken (example)." in to_candidate.body
    # Now, and only now, the candidate's members see the introduction.
    client.force_login(setup["candidate_member"])
    assert setup["org"].name in client.get(url("recommendations:introductions")).content.decode()


def test_candidate_without_members_is_reached_at_its_public_address_in_english(client, setup, facilitator):
    StoredRecommendation.objects.filter(candidate=setup["stacks"]).update(reasons=REASONS)
    setup["stacks"].email = "info@stacks.example"
    setup["stacks"].save()
    request_introduction(client, setup["member"], setup["stacks"])
    introduction = Introduction.objects.get()
    introduction_decide(introduction=introduction, accept=True, user=facilitator)
    to_candidate = next(m for m in mail.outbox if m.to == ["info@stacks.example"])
    assert to_candidate.subject.startswith("Introduction to")
    assert setup["org"].name in to_candidate.body


def test_declining_tells_only_the_requester(client, setup, requested, facilitator):
    client.force_login(facilitator)
    response = client.post(admin_url("edit", requested.pk), {"decision": "decline", "note": "Not a fit now (example)."})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "declined" and requested.decided_by == facilitator
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [setup["member"].email]
    assert "Not a fit now (example)." in mail.outbox[0].body
    assert "niet" in mail.outbox[0].body  # Dutch, the language of the request
    candidate_client = Client()
    candidate_client.force_login(setup["candidate_member"])
    assert setup["org"].name not in candidate_client.get(url("recommendations:introductions")).content.decode()


def test_a_decision_is_made_once(client, setup, requested, facilitator):
    client.force_login(facilitator)
    client.post(admin_url("edit", requested.pk), {"decision": "accept", "note": ""})
    sent = len(mail.outbox)
    response = client.post(admin_url("edit", requested.pk), {"decision": "decline", "note": ""})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "accepted"
    assert len(mail.outbox) == sent
    with pytest.raises(IntroductionError):
        introduction_decide(introduction=requested, accept=False, user=facilitator)
    with pytest.raises(IntroductionError):
        introduction_withdraw(introduction=requested, user=setup["member"])
    # The form is gone from the detail page.
    assert "Save the decision" not in client.get(admin_url("edit", requested.pk)).content.decode()


def test_invalid_decision_is_a_form_error(client, setup, requested, facilitator):
    client.force_login(facilitator)
    response = client.post(admin_url("edit", requested.pk), {"decision": "maybe", "note": ""})
    assert response.status_code == 200
    requested.refresh_from_db()
    assert requested.status == "requested"
    assert client.get(admin_url("edit", 999999)).status_code == 404


def test_withdrawn_request_cannot_be_decided(client, setup, requested, facilitator):
    introduction_withdraw(introduction=requested, user=setup["member"])
    client.force_login(facilitator)
    client.post(admin_url("edit", requested.pk), {"decision": "accept", "note": ""})
    requested.refresh_from_db()
    assert requested.status == "withdrawn"
    assert mail.outbox == []


def test_superuser_handles_the_queue(client, setup, requested, staff):
    client.force_login(staff)
    assert client.get(admin_url("index")).status_code == 200
    assert client.get(admin_url("edit", requested.pk)).status_code == 200
    client.post(admin_url("edit", requested.pk), {"decision": "decline", "note": ""})
    requested.refresh_from_db()
    assert requested.status == "declined" and requested.decided_by == staff


# --- Read-only admin screens -------------------------------------------------------------------------------------


def test_stored_recommendations_and_feedback_are_read_only_for_staff(client, setup, staff, facilitator):
    RecommendationFeedback.objects.create(organisation=setup["org"], candidate=setup["stacks"], action="saved")
    row = StoredRecommendation.objects.get(candidate=setup["hydrogen"])
    feedback = RecommendationFeedback.objects.get()
    client.force_login(staff)
    for prefix, pk in (("recommendations_stored", row.pk), ("recommendations_feedback", feedback.pk)):
        index = client.get(reverse(f"{prefix}:index"))
        assert index.status_code == 200
        assert setup["org"].name in index.content.decode()
        assert client.get(reverse(f"{prefix}:inspect", args=[pk])).status_code == 200
        assert client.get(reverse(f"{prefix}:edit", args=[pk])).status_code in (302, 403)
        assert client.get(reverse(f"{prefix}:add")).status_code in (302, 403)
        assert client.post(reverse(f"{prefix}:delete", args=[pk])).status_code in (302, 403)
    assert StoredRecommendation.objects.filter(pk=row.pk, rank=1).exists()
    assert RecommendationFeedback.objects.filter(pk=feedback.pk).exists()
    # Facilitators see the queue, not these lists.
    client.force_login(facilitator)
    assert client.get(reverse("recommendations_stored:index")).status_code in (302, 403)


def test_candidate_that_cannot_be_e_mailed_is_flagged_to_the_facilitator_and_the_requester(client, setup, facilitator):
    recycling = setup["de"]["recycling"]  # no public e-mail address; its member is removed
    Membership.objects.filter(organisation=recycling).delete()
    StoredRecommendation.objects.create(organisation=setup["org"], candidate=recycling, rank=3, score=0.4)
    request_introduction(client, setup["member"], recycling)
    introduction = Introduction.objects.get()
    client.force_login(facilitator)
    html = client.get(admin_url("edit", introduction.pk)).content.decode()
    assert "nobody: it has no members and no public e-mail address" in html
    client.post(admin_url("edit", introduction.pk), {"decision": "accept", "note": ""})
    assert [m.to for m in mail.outbox] == [[setup["member"].email]]
    assert "heeft geen e-mailadres op TECH.LAND" in mail.outbox[0].body


def test_the_request_page_warns_before_the_limit_is_hit_again(client, setup, settings):
    settings.RECOMMENDATIONS_INTRODUCTIONS_PER_DAY = 1
    Introduction.objects.create(organisation=setup["org"], candidate=setup["de"]["recycling"], status="withdrawn")
    client.force_login(setup["member"])
    response = client.get(url("recommendations:introduction_request", lang="en", candidate_id=setup["hydrogen"].pk))
    assert response.status_code == 200
    assert "has reached the limit of 1 introduction request in 24 hours" in response.content.decode()
    listing = client.get(url("recommendations:introductions", lang="en")).content.decode()
    assert "You can ask again from" in listing


def test_the_admin_dashboard_lists_waiting_requests_for_facilitators_only(client, setup, requested, facilitator):
    client.force_login(facilitator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Introductions waiting for a decision" in html
    assert admin_url("edit", requested.pk) in html
    editor = make_user("editor@techland.example", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert "Introductions waiting for a decision" not in client.get(reverse("wagtailadmin_home")).content.decode()
    # Once decided, it leaves the panel.
    introduction_decide(introduction=requested, accept=False, user=facilitator)
    client.force_login(facilitator)
    assert "Introductions waiting for a decision" not in client.get(reverse("wagtailadmin_home")).content.decode()
