"""The profile: validated, saved atomically, written into the directory, and announced on commit."""

import pytest
from django.urls import reverse

from directory.models import OrganisationCluster, OrganisationConcept, OrganisationDescription, Source, TagSource
from members.models import Profile
from members.selectors import profile_completeness, public_profile
from members.signals import profile_changed

pytestmark = pytest.mark.django_db


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def profile_post(concepts, **overrides):
    data = {
        **management("descriptions", 2),
        "descriptions-0-language": "nl",
        "descriptions-0-text": "Wij testen PEM-elektrolysers (voorbeeldprofiel).",
        "descriptions-1-language": "de",
        "descriptions-1-text": "Wir testen PEM-Elektrolyseure (Beispielprofil).",
        **management("items", 2),
        "items-0-kind": "technology_offer",
        "items-0-text": "Test bench for PEM electrolysers up to 1 MW.",
        "items-0-concepts": [concepts["water_electrolysis"].pk],
        "items-1-kind": "rd_partner_search",
        "items-1-text": "Partner for recycling of electrolyser membranes.",
        "items-1-concepts": [concepts["recycling"].pk],
        "clusters": ["battery_hydrogen", "circular_economy"],
        "concepts": [concepts["hydrogen"].pk, concepts["water_electrolysis"].pk],
        "partner_types": ["research", "sme"],
        "countries": ["DE"],
        "regions": ["DEA3"],
        "languages": ["nl", "de", "en"],
        "public_fields": ["offers", "partner_types"],
    }
    data.update(overrides)
    return data


def test_saving_the_profile_writes_the_directory(
    signed_in, member, organisation, concepts, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    profile_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in(member).post(reverse("members:profile"), profile_post(concepts))
    finally:
        profile_changed.disconnect(receiver)
    assert response.status_code == 302
    descriptions = list(OrganisationDescription.objects.filter(organisation=organisation).order_by("language"))
    assert [(d.language, d.source) for d in descriptions] == [("de", Source.STAFF), ("nl", Source.STAFF)]
    assert organisation.active_cluster_slugs() == ["battery_hydrogen", "circular_economy"]
    assert set(
        OrganisationConcept.objects.filter(organisation=organisation).values_list("concept__slug", flat=True)
    ) == {
        "hydrogen",
        "water_electrolysis",
    }
    profile = Profile.objects.get(organisation=organisation)
    assert [i.kind for i in profile.offers] == ["technology_offer"]
    assert [i.kind for i in profile.needs] == ["rd_partner_search"]
    assert profile.preferred_regions == ["DEA3"]
    assert len(received) == 1
    assert received[0]["organisation_id"] == organisation.pk
    assert {"descriptions", "clusters", "concepts", "items", "partner_types"} <= set(received[0]["changed"])
    assert profile_completeness(organisation).percent == 100


def test_signal_is_not_sent_before_commit(signed_in, member, concepts, django_capture_on_commit_callbacks):
    received = []
    profile_changed.connect(lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            signed_in(member).post(reverse("members:profile"), profile_post(concepts))
        assert received == []
        for callback in callbacks:
            callback()
        assert len(received) == 1
    finally:
        profile_changed.disconnect(dispatch_uid="t")


def test_removed_clusters_stay_rejected_so_tagging_does_not_add_them_again(signed_in, member, organisation, concepts):
    OrganisationCluster.objects.create(organisation=organisation, cluster="health_medtech", source=TagSource.AUTOMATIC)
    signed_in(member).post(reverse("members:profile"), profile_post(concepts))
    tag = OrganisationCluster.objects.get(organisation=organisation, cluster="health_medtech")
    assert tag.rejected and tag.source == TagSource.STAFF


def test_public_profile_holds_only_public_fields(signed_in, member, organisation, concepts):
    signed_in(member).post(reverse("members:profile"), profile_post(concepts))
    data = public_profile(organisation)
    assert set(data) == {"offers", "partner_types"}
    assert data["offers"][0]["concepts"] == ["water_electrolysis"]


def test_public_profiles_in_bulk_equal_one_by_one(
    signed_in, member, organisation, other_organisation, concepts, django_assert_num_queries
):
    signed_in(member).post(reverse("members:profile"), profile_post(concepts))
    from members.selectors import public_profiles

    with django_assert_num_queries(3):  # profiles, their items, the items' concepts
        data = public_profiles([organisation.pk, other_organisation.pk])
    assert data == {organisation.pk: public_profile(organisation), other_organisation.pk: {}}
    assert set(data[organisation.pk]) == {"offers", "partner_types"}


def test_member_profiles_give_every_field_in_bulk(signed_in, member, organisation, concepts):
    from members.selectors import member_profiles

    signed_in(member).post(reverse("members:profile"), profile_post(concepts))
    data = member_profiles([organisation.pk])[organisation.pk]
    assert [i["kind"] for i in data["offers"]] == ["technology_offer"]
    assert data["needs"][0]["concepts"] == ("recycling",)
    assert data["preferred_regions"] == ("DEA3",)  # not public, still there for the pipeline
    assert member_profiles([organisation.pk + 1000]) == {}


def test_saved_profile_is_shown_again(signed_in, member, concepts):
    client = signed_in(member)
    client.post(reverse("members:profile"), profile_post(concepts))
    html = client.get(reverse("members:profile")).content.decode()
    assert "Wij testen PEM-elektrolysers" in html
    assert "Test bench for PEM electrolysers" in html


def test_validation_errors_save_nothing(signed_in, member, organisation, concepts):
    data = profile_post(concepts, **{"items-0-text": "x" * 501, "regions": ["XX99"], "clusters": ["nope"]})
    response = signed_in(member).post(reverse("members:profile"), data)
    assert response.status_code == 200
    editor = response.context["editor"]
    assert "regions" in editor.form.errors and "clusters" in editor.form.errors
    assert "text" in editor.items.errors[0]
    assert not OrganisationDescription.objects.filter(organisation=organisation).exists()
    assert not Profile.objects.filter(organisation=organisation).exclude(partner_types=[]).exists()


def test_untouched_extra_rows_are_skipped(signed_in, member, organisation, concepts):
    # What a browser posts for the empty "add a description" and "add an offer or need" rows: nothing chosen or typed.
    data = profile_post(
        concepts,
        **management("descriptions", 3),
        **management("items", 3),
        **{"descriptions-2-language": "", "descriptions-2-text": "", "items-2-kind": "", "items-2-text": ""},
    )
    response = signed_in(member).post(reverse("members:profile"), data)
    assert response.status_code == 302
    assert Profile.objects.get(organisation=organisation).items.count() == 2
    assert OrganisationDescription.objects.filter(organisation=organisation).count() == 2


def test_description_without_a_language_is_refused(signed_in, member, concepts):
    response = signed_in(member).post(
        reverse("members:profile"), profile_post(concepts, **{"descriptions-0-language": ""})
    )
    assert response.status_code == 200
    assert "language" in response.context["editor"].descriptions.errors[0]


def test_item_without_a_type_is_refused(signed_in, member, concepts):
    response = signed_in(member).post(reverse("members:profile"), profile_post(concepts, **{"items-0-kind": ""}))
    assert response.status_code == 200
    assert "kind" in response.context["editor"].items.errors[0]


def test_item_concepts_must_exist(signed_in, member, concepts):
    response = signed_in(member).post(
        reverse("members:profile"), profile_post(concepts, **{"items-0-concepts": ["999999"]})
    )
    assert response.status_code == 200
    assert "concepts" in response.context["editor"].items.errors[0]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"descriptions-TOTAL_FORMS": "abc"},
        {**management("descriptions", 100000), **management("items", 1)},
        {**management("descriptions", 1), **management("items", 1), "items-0-kind": "weapon", "items-0-text": "x"},
        {**management("descriptions", 1), **management("items", 0), "concepts": ["not-a-number"]},
        {**management("descriptions", 1, initial=5), **management("items", 0)},
        {
            **management("descriptions", 1),
            **management("items", 0),
            "descriptions-0-language": "fr",
            "descriptions-0-text": "Bonjour",
        },
    ],
)
def test_malformed_profile_posts_never_fail(signed_in, member, data):
    response = signed_in(member).post(reverse("members:profile"), data)
    assert response.status_code in {200, 302}


def test_duplicate_description_is_a_form_error(signed_in, member, concepts):
    data = profile_post(
        concepts,
        **{"descriptions-1-language": "nl", "descriptions-1-text": "Wij testen PEM-elektrolysers (voorbeeldprofiel)."},
    )
    response = signed_in(member).post(reverse("members:profile"), data)
    assert response.status_code == 200
    assert response.context["editor"].descriptions.non_form_errors()


def test_deleting_a_description(signed_in, member, organisation, concepts):
    client = signed_in(member)
    client.post(reverse("members:profile"), profile_post(concepts))
    data = profile_post(concepts, **management("descriptions", 2, initial=2), **{"descriptions-1-DELETE": "on"})
    client.post(reverse("members:profile"), data)
    assert list(
        OrganisationDescription.objects.filter(organisation=organisation).values_list("language", flat=True)
    ) == ["nl"]


def test_overview_shows_completeness_and_the_recommendation_placeholder(signed_in, member):
    response = signed_in(member).get(reverse("members:overview"))
    html = response.content.decode()
    assert response.context["completeness"].percent == 0
    assert 'id="recommendations"' in html
    assert "will appear here" in html


def test_registered_panels_render_in_the_placeholder(signed_in, member, organisation):
    from django.utils.html import format_html

    from members.panels import register_overview_panel, unregister_overview_panel

    register_overview_panel("test", lambda request, organisation: format_html("<p>Panel for {}</p>", organisation.pk))
    try:
        html = signed_in(member).get(reverse("members:overview")).content.decode()
    finally:
        unregister_overview_panel("test")
    assert f"<p>Panel for {organisation.pk}</p>" in html
    assert "will appear here" not in html


def test_a_failing_panel_does_not_break_the_overview(signed_in, member):
    from members.panels import register_overview_panel, unregister_overview_panel

    def broken(request, organisation):
        raise RuntimeError("recommendations not computed")

    register_overview_panel("broken", broken)
    try:
        response = signed_in(member).get(reverse("members:overview"))
    finally:
        unregister_overview_panel("broken")
    assert response.status_code == 200
    assert "will appear here" in response.content.decode()
