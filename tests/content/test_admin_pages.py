"""Editors and moderators work through the Wagtail admin: create, submit, approve, publish."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from content.models import (
    ClusterPage,
    ClusterTag,
    NewsPage,
    StandardPage,
    SuccessStoryPage,
)
from tests.content.conftest import add_page_url, admin_form_data, edit_page_url, rich_text

PAGE_TYPES = [
    (
        ClusterPage,
        "clusters",
        {
            "title": "Battery & Hydrogen",
            "slug": "battery-hydrogen",
            "cluster": "battery_hydrogen",
            "introduction": rich_text("<p>Cells, electrolysers and recycling.</p>"),
        },
    ),
    (
        NewsPage,
        "news",
        {
            "title": "Open day in Enschede",
            "slug": "open-day",
            "date": "2026-10-15",
            "author": "Cluster team",
            "intro": "Robots for small manufacturers.",
        },
    ),
    (
        SuccessStoryPage,
        "stories",
        {
            "title": "Yarn from workwear",
            "slug": "yarn",
            "cluster": "circular_economy",
            "summary": "Sorting and spinning.",
            "partners-TOTAL_FORMS": "2",
            "partners-0-name": "Twentse Vezel B.V.",
            "partners-0-country": "NL",
            "partners-0-role": "lead",
            "partners-0-ORDER": "1",
            "partners-1-name": "Spinnerei Vechtetal GmbH",
            "partners-1-country": "DE",
            "partners-1-role": "partner",
            "partners-1-ORDER": "2",
        },
    ),
    (
        StandardPage,
        "about",
        {"title": "Imprint", "slug": "imprint", "intro": rich_text("<p>Who runs this site.</p>")},
    ),
]


@pytest.mark.parametrize(("model", "parent_key", "fields"), PAGE_TYPES, ids=lambda v: getattr(v, "__name__", ""))
def test_moderator_creates_and_publishes_each_page_type_from_the_admin(
    client, moderator, sections, run_on_commit, model, parent_key, fields
):
    client.force_login(moderator)
    url = add_page_url(model, sections[parent_key])
    data = admin_form_data(client, url, **fields, **{"action-publish": "action-publish"})
    with run_on_commit():
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = model.objects.get(slug=fields["slug"])
    assert page.live and page.title == fields["title"]
    assert client.get(page.url).status_code == 200


def test_news_item_keeps_its_cluster_tags(client, moderator, sections, run_on_commit):
    client.force_login(moderator)
    url = add_page_url(NewsPage, sections["news"])
    tags = list(ClusterTag.objects.filter(slug__in=["health_medtech", "circular_economy"]))
    data = admin_form_data(
        client,
        url,
        title="Tagged",
        slug="tagged",
        date="2026-10-01",
        clusters=[t.pk for t in tags],
        **{"action-publish": "action-publish"},
    )
    with run_on_commit():
        assert client.post(url, data).status_code == 302
    assert sorted(NewsPage.objects.get(slug="tagged").cluster_slugs) == ["circular_economy", "health_medtech"]


def test_success_story_partner_needs_an_organisation_or_a_name(client, moderator, sections):
    client.force_login(moderator)
    url = add_page_url(SuccessStoryPage, sections["stories"])
    data = admin_form_data(
        client,
        url,
        title="Story",
        slug="story",
        cluster="health_medtech",
        **{
            "partners-TOTAL_FORMS": "1",
            "partners-0-name": "",
            "partners-0-country": "",
            "partners-0-role": "lead",
            "partners-0-ORDER": "1",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not SuccessStoryPage.objects.filter(slug="story").exists()
    assert "Choose an organisation from the directory or enter a name." in response.content.decode()


def test_second_page_for_the_same_cluster_is_rejected(client, moderator, sections, run_on_commit):
    client.force_login(moderator)
    url = add_page_url(ClusterPage, sections["clusters"])
    for slug in ("first", "second"):
        data = admin_form_data(
            client, url, title=slug, slug=slug, cluster="health_medtech", **{"action-publish": "action-publish"}
        )
        with run_on_commit():
            response = client.post(url, data)
    assert response.status_code == 200
    assert "This language already has a page for this cluster." in response.content.decode()
    assert ClusterPage.objects.filter(cluster="health_medtech").count() == 1


def test_editor_cannot_publish_directly(client, editor, sections, run_on_commit):
    client.force_login(editor)
    url = add_page_url(NewsPage, sections["news"])
    form_html = client.get(url).content.decode()
    assert 'name="action-publish"' not in form_html
    data = admin_form_data(
        client, url, title="Draft news", slug="draft-news", date="2026-11-01", **{"action-publish": "action-publish"}
    )
    with run_on_commit():
        response = client.post(url, data)
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="draft-news")
    assert not page.live
    assert page.live_revision is None
    assert client.get("/en/news/draft-news/").status_code == 404
    # Editing and "publishing" again still leaves it a draft.
    edit = edit_page_url(page)
    assert 'name="action-publish"' not in client.get(edit).content.decode()
    with run_on_commit():
        client.post(edit, admin_form_data(client, edit, **{"action-publish": "action-publish"}))
    page.refresh_from_db()
    assert not page.live


def test_editor_submits_for_moderation_and_a_moderator_approves(client, editor, moderator, sections, run_on_commit):
    client.force_login(editor)
    url = add_page_url(NewsPage, sections["news"])
    data = admin_form_data(
        client, url, title="Moderated news", slug="moderated", date="2026-11-02", **{"action-submit": "action-submit"}
    )
    with run_on_commit():
        assert client.post(url, data).status_code == 302
    page = NewsPage.objects.get(slug="moderated")
    workflow_state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert workflow_state.workflow.name == "Moderation"
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.live

    # The editor may not approve their own submission.
    task_state = workflow_state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    client.post(approve)  # Wagtail answers with "permission denied" and a redirect to the dashboard
    page.refresh_from_db()
    workflow_state.refresh_from_db()
    assert not page.live
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(moderator)
    with run_on_commit():
        response = client.post(approve)
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    assert client.get("/en/news/moderated/").status_code == 200


def test_moderator_can_publish_an_editors_draft_directly(client, editor, moderator, sections, run_on_commit):
    page = sections["about"].add_child(instance=StandardPage(title="Privacy", slug="privacy", live=False))
    page.save_revision(user=editor)
    client.force_login(moderator)
    edit = edit_page_url(page)
    assert 'name="action-publish"' in client.get(edit).content.decode()
    with run_on_commit():
        response = client.post(edit, admin_form_data(client, edit, **{"action-publish": "action-publish"}))
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).live


def test_the_moderation_workflow_covers_every_language_tree(home_page):
    from wagtail.models import Locale

    for code in ("en", "nl", "de"):
        home = home_page.get_translation(Locale.objects.get(language_code=code))
        workflow = home.get_workflow()
        assert workflow is not None and workflow.name == "Moderation"
        assert [task.specific.groups.get().name for task in workflow.tasks] == ["Moderators"]


def test_success_story_partners_link_to_directory_organisations(client, moderator, sections, run_on_commit):
    from directory.models import Organisation

    dutch = Organisation.objects.create(name="Twente Robotics B.V.", slug="twente-robotics", country="NL")
    german = Organisation.objects.create(name="Münster Automation GmbH", slug="muenster-automation", country="DE")
    client.force_login(moderator)
    chooser = client.get(reverse("content_organisation_chooser:choose_results"), {"q": "münster"})
    assert chooser.status_code == 200
    assert "Münster Automation GmbH" in chooser.content.decode()
    assert "Twente Robotics" not in chooser.content.decode()

    url = add_page_url(SuccessStoryPage, sections["stories"])
    partners = {
        "partners-TOTAL_FORMS": "2",
        "partners-0-organisation": str(dutch.pk),
        "partners-0-role": "lead",
        "partners-0-ORDER": "1",
        "partners-1-organisation": str(german.pk),
        "partners-1-role": "partner",
        "partners-1-ORDER": "2",
    }
    data = admin_form_data(
        client,
        url,
        title="Robot cell",
        slug="robot-cell",
        cluster="advanced_manufacturing_robotics",
        **partners,
        **{"action-publish": "action-publish"},
    )
    with run_on_commit():
        assert client.post(url, data).status_code == 302
    story = SuccessStoryPage.objects.get(slug="robot-cell")
    assert [p.organisation for p in story.partners.all()] == [dutch, german]
    assert story.is_cross_border
    html = client.get(story.url).content.decode()
    assert "Twente Robotics B.V." in html and "Münster Automation GmbH" in html
    assert "Cross-border" in html


def test_editor_edits_the_navigation_and_submits_it_for_translation(client, editor, sections, run_on_commit):
    from wagtail.models import Locale
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from content.models import Navigation

    english = Locale.objects.get(language_code="en")
    navigation = Navigation.objects.create(locale=english)
    client.force_login(editor)
    edit = reverse("wagtailsnippets_content_navigation:edit", args=[navigation.pk])
    assert client.get(edit).status_code == 200
    data = nested_form_data(
        {
            "main_links": streamfield([("link", {"page": sections["about"].pk, "url": "", "label": "About us"})]),
            "footer_text": "Across the border.",
            "footer_links": streamfield([("link", {"page": "", "url": "https://example.org/", "label": ""})]),
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 200  # an external link without a text is refused
    assert "An external link needs a link text." in response.content.decode()
    data["footer_links-0-value-label"] = "Example"
    assert client.post(edit, data).status_code == 302
    navigation.refresh_from_db()
    assert navigation.footer_text == "Across the border."

    submit = reverse("wagtail_localize:submit_snippet_translation", args=["content", "navigation", navigation.pk])
    with run_on_commit():
        response = client.post(submit, {"locales": [Locale.objects.get(language_code="de").pk]})
    assert response.status_code == 302
    assert Navigation.objects.filter(locale__language_code="de", translation_key=navigation.translation_key).exists()
