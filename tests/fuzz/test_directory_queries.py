"""Hypothesis against the directory's query parameters, the map, the site search and the suggestions.

Every filter, `page`, `page_size`, `sort` and `q` gets arbitrary values (valid choices mixed with anything a
client can send). The pages answer 200 or a 400 that says what is wrong, never a server error.
"""

import pytest
from hypothesis import given

from directory.clusters import CLUSTER_SLUGS
from directory.models import Concept, Organisation
from directory.regions import NUTS_NAMES

from . import strategies as s
from .conftest import FUZZ_CONCEPTS, FUZZ_SETTINGS

pytestmark = pytest.mark.django_db

FILTERS = {
    "q": s.choice(["waterstof", "Wasserstoff", "hydrogen", "Fraunhover", "Enschede", "robot*", '"fuel cell"'], s.text),
    "cluster": s.several(CLUSTER_SLUGS),
    "country": s.several(["NL", "DE", "nl", "FR"]),
    "region": s.several(list(NUTS_NAMES)),
    "type": s.several(list(Organisation.Type.values)),
    "sme": s.several(["yes", "no", "true", "1"]),
    # The concept slugs are those of the shipped taxonomy that the fixture loads.
    "concept": s.several(FUZZ_CONCEPTS),
    "sort": s.choice(["relevance", "name", "updated", "distance"]),
    "page": s.choice(["1", "2", "3"], s.numbers),
    "page_size": s.choice(["1", "20", "100"], s.numbers),
}
LISTING_FILTERS = {k: v for k, v in FILTERS.items() if k != "page_size"}


def assert_answered(response, allowed=(200, 400)):
    assert response.status_code < 500, response.content[:2000]
    assert response.status_code in allowed, response.status_code


def test_the_fixture_has_the_concepts_the_strategies_use(fuzz_directory):
    slugs = set(Concept.objects.values_list("slug", flat=True))
    assert set(FUZZ_CONCEPTS) <= slugs
    assert len(slugs) > 20


@given(language=s.languages, params=s.query(LISTING_FILTERS))
@FUZZ_SETTINGS
def test_directory_listing_never_fails(client, fuzz_directory, language, params):
    response = client.get(f"/{language}/directory/", params)
    assert_answered(response)
    if response.status_code == 400:
        assert b'role="alert"' in response.content or b"error" in response.content


@given(language=s.languages, params=s.query(LISTING_FILTERS))
@FUZZ_SETTINGS
def test_directory_map_never_fails(client, fuzz_directory, language, params):
    assert_answered(client.get(f"/{language}/directory/map/", params))


@given(params=s.query(FILTERS | {"lang": s.choice(["en", "nl", "de"])}))
@FUZZ_SETTINGS
def test_directory_api_listing_never_fails(client, fuzz_directory, params):
    response = client.get("/api/directory/organisations/", params)
    assert_answered(response)
    assert response["Content-Type"] == "application/json"


@given(
    params=s.query(
        {
            "q": s.choice(["Ens", "wat", "Wasserst", "rob", "Münst", "Muens"], s.text),
            "limit": s.choice(["1", "8", "20"], s.numbers),
            "lang": s.choice(["en", "nl", "de"]),
        }
    )
)
@FUZZ_SETTINGS
def test_autocomplete_never_fails(client, fuzz_directory, params):
    response = client.get("/api/directory/autocomplete/", params)
    assert_answered(response)
    assert response["Content-Type"] == "application/json"


@given(language=s.languages, slug=s.choice(["fuzz-organisation-1", "fuzz-organisation-35"], s.text))
@FUZZ_SETTINGS
def test_organisation_profile_never_fails(client, fuzz_directory, language, slug):
    from urllib.parse import quote

    response = client.get(f"/{language}/directory/{quote(slug, safe='')}/")
    assert_answered(response, allowed=(200, 301, 302, 404))


@given(
    language=s.languages,
    params=s.query({"q": s.choice(["hydrogen", "waterstof", "Wasserstoff", "cluster"], s.text), "page": s.numbers}),
)
@FUZZ_SETTINGS
def test_site_search_never_fails(client, home_page, language, params):
    response = client.get(f"/{language}/search/", params)
    assert_answered(response)
