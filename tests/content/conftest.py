import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from content.models import ClusterIndexPage, NewsIndexPage, StandardPage, SuccessStoryIndexPage


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches the site's root paths; a test database rolled back must not meet a stale cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")


def _member_of(group_name: str, username: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _member_of("Editors", "editor")


@pytest.fixture
def moderator(db):
    return _member_of("Moderators", "moderator")


@pytest.fixture
def sections(home_page, run_on_commit):
    """The English index pages under the home page (no translations yet)."""

    def add(model, slug, title):
        page = home_page.add_child(instance=model(slug=slug, title=title))
        page.save_revision().publish()
        return page

    with run_on_commit():
        return {
            "clusters": add(ClusterIndexPage, "clusters", "Clusters"),
            "news": add(NewsIndexPage, "news", "News"),
            "stories": add(SuccessStoryIndexPage, "success-stories", "Success stories"),
            "about": add(StandardPage, "about", "About"),
        }


def admin_form_data(client, url: str, **fields):
    """The admin form's data as the browser would send it, with `fields` filled in."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The browser's JavaScript adds the StreamField counters; an untouched StreamField sends zero blocks.
    for field in response.context["page"].specific_class._meta.get_fields():
        if isinstance(field, StreamField) and f"{field.name}-count" not in data:
            data[f"{field.name}-count"] = "0"
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        else:
            data[name] = value
    # The test client would send only the last value of a QueryDict key; send every value.
    return {key: data.getlist(key) for key in data}


def add_page_url(model, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


def edit_page_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


__all__ = ["add_page_url", "admin_form_data", "edit_page_url", "rich_text"]
