"""The recommendation panel on the member overview, the saved list and the save/dismiss actions."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Profile as MemberProfile
from members.models import ProfileItem
from recommendations.models import RecommendationFeedback, StoredRecommendation
from recommendations.services import recommendations_compute

pytestmark = pytest.mark.django_db


def url(name, lang="nl", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def panel_html(response):
    content = response.content.decode()
    start = content.index('data-panel="recommendations"')
    return content[start:]


@pytest.fixture
def computed(world):
    recommendations_compute()
    return world


def test_panel_shows_german_partner_with_cross_border_reason_in_dutch(client, computed):
    client.force_login(computed["member"])
    response = client.get(url("members:overview"))
    assert response.status_code == 200
    html = panel_html(response)
    german = computed["de"]["hydrogen"]
    assert german.name in html
    assert german.get_absolute_url() in html
    assert "Onderzoeksinstituut in Duitsland, op" in html  # cross-border reason, in Dutch
    assert 'name="csrfmiddlewaretoken"' in html
    assert url("recommendations:feedback", candidate_id=german.pk) in html
    # The ranking is kept: the German institute comes before the Dutch neighbour.
    assert html.index(german.name) < html.index("Hengelo Waterstof BV (example)")


def test_panel_reads_in_german_and_lists_profile_fields_for_cold_start(client, computed):
    client.force_login(computed["member"])
    html = panel_html(client.get(url("members:overview", lang="de")))
    assert "Münster Wasserstoff-Institut (example)" in html
    assert "in Deutschland" in html
    # The member has no offers or needs yet: the panel says what would improve the recommendations.
    assert "Diese Angaben in Ihrem Profil würden Ihre Empfehlungen verbessern:" in html
    assert reverse("members:profile") in html or "/de/members/profile/" in html


def test_only_public_profile_fields_of_other_organisations_are_shown(client, computed):
    german = computed["de"]["hydrogen"]
    profile = MemberProfile.objects.create(organisation=german, public_fields=["offers"])
    ProfileItem.objects.create(profile=profile, kind="technology_offer", text="PEM stack testing (example)")
    ProfileItem.objects.create(profile=profile, kind="technology_request", text="Secret need (example)")
    client.force_login(computed["member"])
    html = panel_html(client.get(url("members:overview")))
    assert "PEM stack testing (example)" in html
    assert "Secret need (example)" not in html


def test_dismiss_hides_it_for_good(client, computed):
    org, german = computed["org"], computed["de"]["hydrogen"]
    client.force_login(computed["member"])
    response = client.post(url("recommendations:feedback", candidate_id=german.pk), {"action": "dismiss"})
    assert response.status_code == 302
    assert RecommendationFeedback.objects.get(organisation=org, candidate=german).action == "dismissed"
    assert german.name not in panel_html(client.get(url("members:overview")))
    recommendations_compute()
    assert not StoredRecommendation.objects.filter(organisation=org, candidate=german).exists()
    assert german.name not in panel_html(client.get(url("members:overview")))


def test_save_lists_it_on_the_saved_page(client, computed):
    german = computed["de"]["hydrogen"]
    client.force_login(computed["member"])
    next_url = url("members:overview")
    response = client.post(
        url("recommendations:feedback", candidate_id=german.pk), {"action": "save", "next": next_url}
    )
    assert response.status_code == 302 and response["Location"] == next_url
    page = client.get(url("recommendations:saved"))
    assert page.status_code == 200
    assert german.name in page.content.decode()
    assert "Opgeslagen organisaties" in page.content.decode()
    # Taking it off the list again.
    client.post(url("recommendations:feedback", candidate_id=german.pk), {"action": "unsave"})
    page = client.get(url("recommendations:saved")).content.decode()
    assert f'data-organisation="{german.pk}"' not in page
    assert "U hebt nog geen organisaties opgeslagen." in page


def test_unsafe_next_falls_back_to_the_overview(client, computed):
    german = computed["de"]["stacks"]
    client.force_login(computed["member"])
    response = client.post(
        url("recommendations:feedback", candidate_id=german.pk), {"action": "save", "next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/nl/members/")


def test_another_members_organisation_cannot_act_on_these_recommendations(client, computed):
    org, german, other_org = computed["org"], computed["de"]["hydrogen"], computed["de"]["recycling"]
    # The German institute is no longer among the other organisation's own recommendations.
    StoredRecommendation.objects.filter(organisation=other_org, candidate=german).delete()
    client.force_login(computed["other_member"])
    response = client.post(url("recommendations:feedback", candidate_id=german.pk), {"action": "dismiss"})
    assert response.status_code == 404
    # Acting on a candidate of its own touches only its own organisation's feedback.
    neighbour = StoredRecommendation.objects.filter(organisation=other_org).exclude(candidate=org).first().candidate
    client.post(url("recommendations:feedback", candidate_id=neighbour.pk), {"action": "dismiss"})
    assert RecommendationFeedback.objects.filter(organisation=other_org, candidate=neighbour).exists()
    assert not RecommendationFeedback.objects.filter(organisation=org).exists()
    assert StoredRecommendation.objects.filter(organisation=org, candidate=german).exists()
    # The Dutch member still sees the German institute.
    client.force_login(computed["member"])
    assert german.name in panel_html(client.get(url("members:overview")))


def test_anonymous_is_sent_to_sign_in(client, computed):
    german = computed["de"]["hydrogen"]
    for target in (url("recommendations:saved"), url("recommendations:feedback", candidate_id=german.pk)):
        response = client.post(target, {"action": "save"}) if "feedback" in target else client.get(target)
        assert response.status_code == 302
        assert "/members/sign-in/" in response["Location"]
    assert not RecommendationFeedback.objects.exists()


def test_signed_in_without_membership_is_sent_to_the_overview(client, computed, staff):
    client.force_login(staff)
    overview = url("members:overview")
    response = client.get(url("recommendations:saved"))
    assert response.status_code == 302 and response["Location"] == overview
    german = computed["de"]["hydrogen"]
    response = client.post(url("recommendations:feedback", candidate_id=german.pk), {"action": "save"})
    assert response.status_code == 302 and response["Location"] == overview
    assert not RecommendationFeedback.objects.exists()
    assert "Uw account is nog niet aan een organisatie gekoppeld." in client.get(overview).content.decode()


def test_bad_requests_give_400_404_or_405_never_500(client, computed):
    german = computed["de"]["hydrogen"]
    client.force_login(computed["member"])
    target = url("recommendations:feedback", candidate_id=german.pk)
    assert client.post(target, {"action": "love"}).status_code == 400
    assert client.post(target, {}).status_code == 400
    assert client.get(target).status_code == 405
    assert client.post(url("recommendations:feedback", candidate_id=999999), {"action": "save"}).status_code == 404
    own = computed["org"]
    assert client.post(url("recommendations:feedback", candidate_id=own.pk), {"action": "save"}).status_code == 404
    assert client.get(url("recommendations:saved") + "?page=abc").status_code == 200
    assert not RecommendationFeedback.objects.exists()


def test_before_anything_is_computed_the_overview_placeholder_shows(client, world):
    client.force_login(world["member"])
    html = client.get(url("members:overview", lang="en")).content.decode()
    assert "will appear here once they have been computed" in html
    assert 'data-panel="recommendations"' not in html


def test_empty_state_when_everything_was_dismissed(client, computed):
    org = computed["org"]
    client.force_login(computed["member"])
    for candidate_id in list(
        StoredRecommendation.objects.filter(organisation=org).values_list("candidate_id", flat=True)
    ):
        client.post(url("recommendations:feedback", candidate_id=candidate_id), {"action": "dismiss"})
    html = panel_html(client.get(url("members:overview", lang="en")))
    assert "There are no recommendations for your organisation yet." in html
