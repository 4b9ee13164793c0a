"""The sample content: every page type, in English with Dutch and German translations."""

from io import StringIO

import pytest
from wagtail.models import Locale, Page

from content.models import (
    ClusterPage,
    Navigation,
    NewsPage,
    StandardPage,
    SuccessStoryPage,
)
from content.sample_data import load
from directory.clusters import CLUSTER_SLUGS

# The loader runs like `manage.py load_sample_data` does: every step commits, so wagtail-localize publishes
# each translation before the next page is added (one big test transaction would defer all of that to the end).
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def sample(transactional_db):
    load(stdout=StringIO())


def test_sample_content_exists_in_three_languages(sample):
    for code in ("en", "nl", "de"):
        locale = Locale.objects.get(language_code=code)
        clusters = ClusterPage.objects.live().filter(locale=locale)
        assert sorted(clusters.values_list("cluster", flat=True)) == sorted(CLUSTER_SLUGS)
        assert NewsPage.objects.live().filter(locale=locale).count() >= 6
        assert SuccessStoryPage.objects.live().filter(locale=locale).count() >= 4
        assert StandardPage.objects.live().filter(locale=locale).count() >= 4
        assert Navigation.objects.filter(locale=locale).exists()
    # Every success story is marked as an example and names partners in both countries.
    for story in SuccessStoryPage.objects.filter(locale__language_code="en"):
        assert story.is_example and story.is_cross_border


def test_sample_pages_are_really_translated(client, sample):
    dutch = client.get("/nl/clusters/batterijen-waterstof/").content.decode()
    assert "<h1>Batterijen &amp; waterstof</h1>" in dutch
    assert "Productie van batterijcellen" in dutch
    german = client.get("/de/erfolgsgeschichten/garn-aus-arbeitskleidung/").content.decode()
    assert "Neues Garn aus alter Arbeitskleidung" in german
    assert "Beispiel" in german  # the example notice, in German
    imprint = client.get("/de/impressum/").content.decode()
    assert "<h1>Impressum</h1>" in imprint
    footer = german.split('class="site-footer"')[1]
    assert 'href="/de/impressum/"' in footer and 'href="/de/datenschutz/"' in footer


def test_loading_twice_changes_nothing(sample):
    before = Page.objects.count()
    load(stdout=StringIO())
    assert Page.objects.count() == before
    assert Navigation.objects.count() == 3
