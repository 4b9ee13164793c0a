import pytest


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run `transaction.on_commit` callbacks inside a test's transaction.

    wagtail-localize publishes translations and Wagtail updates its indexes on commit;
    a test's transaction never commits, so wrap such steps in `with run_on_commit():`.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def home_page(db, run_on_commit):
    """The site's page tree as `load_sample_data` builds it: a home page in en, nl and de."""
    from content.sample_data import ensure_home_page

    with run_on_commit():
        home = ensure_home_page()
    return home


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: a rolled-back test's rows must not live on in a cached page part."""
    from django.core.cache import cache

    from directory.selectors import forget_concept_table

    cache.clear()
    forget_concept_table()
    yield
