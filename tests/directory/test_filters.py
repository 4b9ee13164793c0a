"""organisation_search and the FilterSet: OR within a filter, AND across filters, counts, sort, cross-lingual text."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory.filters import OrganisationFilterSet
from directory.models import Organisation
from directory.selectors import OrganisationFilters, loosening_suggestions, organisation_search

from .factories import (
    ConceptFactory,
    OrganisationFactory,
    ProjectFactory,
    describe,
    participate,
    tag_cluster,
    tag_concept,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    hydrogen = ConceptFactory(
        slug="hydrogen",
        label_en="Hydrogen",
        label_nl="Waterstof",
        label_de="Wasserstoff",
        synonyms_en="H2",
        synonyms_de="Wasserstoffwirtschaft",
    )
    recycling = ConceptFactory(
        slug="recycling", cluster="circular_economy", label_en="Recycling", label_nl="Recycling", label_de="Recycling"
    )
    twente = OrganisationFactory(name="Twente Hydrogen Lab B.V.", slug="twente-hydrogen", sme=True, type="sme")
    zwolle = OrganisationFactory(
        name="Zwolle Circular", slug="zwolle-circular", city="Zwolle", region="NL211", sme=False
    )
    muenster = OrganisationFactory(
        name="Münster Wasserstoff GmbH",
        slug="muenster-wasserstoff",
        country="DE",
        region="DEA33",
        city="Münster",
        type="research",
    )
    hidden = OrganisationFactory(name="999999999", slug="pic-999999999", is_public=False)
    tag_cluster(twente, "battery_hydrogen")
    tag_cluster(zwolle, "circular_economy")
    tag_cluster(muenster, "battery_hydrogen")
    tag_cluster(muenster, "circular_economy", rejected=True)
    tag_cluster(hidden, "battery_hydrogen")
    tag_concept(twente, hydrogen)
    tag_concept(muenster, hydrogen)
    tag_concept(zwolle, recycling)
    describe(zwolle, "en", "Recycling of plastics and textiles.")
    return {"twente": twente, "zwolle": zwolle, "muenster": muenster, "hidden": hidden}


def slugs(result):
    return sorted(o.slug for o in result.hits)


def counts(result, facet):
    return {o.value: o.count for o in result.facets[facet]}


def test_no_filters_lists_public_organisations_only(world):
    result = organisation_search(filters=OrganisationFilters())
    assert result.total == 3
    assert "pic-999999999" not in slugs(result)


def test_values_in_one_filter_combine_with_or(world):
    result = organisation_search(filters=OrganisationFilters(region=("NL211", "DEA33")))
    assert slugs(result) == ["muenster-wasserstoff", "zwolle-circular"]


def test_filters_combine_with_and(world):
    result = organisation_search(filters=OrganisationFilters(cluster=("battery_hydrogen",), country=("DE",)))
    assert slugs(result) == ["muenster-wasserstoff"]


def test_region_includes_the_regions_inside_it(world):
    result = organisation_search(filters=OrganisationFilters(region=("NL21",)))
    assert slugs(result) == ["twente-hydrogen", "zwolle-circular"]
    assert counts(result, "region")["NL2"] == 2


def test_rejected_tags_do_not_count(world):
    result = organisation_search(filters=OrganisationFilters(cluster=("circular_economy",)))
    assert slugs(result) == ["zwolle-circular"]


def test_each_facet_counts_with_every_other_filter_but_its_own(world):
    result = organisation_search(filters=OrganisationFilters(cluster=("battery_hydrogen",), country=("NL",)))
    assert slugs(result) == ["twente-hydrogen"]
    # Cluster counts ignore the cluster filter but keep the country filter.
    assert counts(result, "cluster") == {
        "battery_hydrogen": 1,
        "circular_economy": 1,
        "advanced_manufacturing_robotics": 0,
        "health_medtech": 0,
    }
    # Country counts ignore the country filter but keep the cluster filter.
    assert counts(result, "country") == {"NL": 1, "DE": 1}
    assert next(o for o in result.facets["country"] if o.value == "NL").selected


def test_sme_filter(world):
    assert slugs(organisation_search(filters=OrganisationFilters(sme=("yes",)))) == ["twente-hydrogen"]
    result = organisation_search(filters=OrganisationFilters(sme=("no",)))
    # The search document's SME flag is a yes/no value: an organisation whose status is unknown (the research
    # institute in Münster) is listed as not an SME.
    assert slugs(result) == ["muenster-wasserstoff", "zwolle-circular"]
    assert counts(result, "sme") == {"yes": 1, "no": 2}


@pytest.mark.parametrize("query", ["waterstof", "Wasserstoff", "hydrogen", "H2"])
def test_text_search_finds_concepts_in_every_language(world, query):
    result = organisation_search(filters=OrganisationFilters(q=query))
    assert slugs(result) == ["muenster-wasserstoff", "twente-hydrogen"]


def test_text_search_matches_names_descriptions_and_every_word(world):
    assert slugs(organisation_search(filters=OrganisationFilters(q="textiles"))) == ["zwolle-circular"]
    assert slugs(organisation_search(filters=OrganisationFilters(q="zwolle plastics"))) == ["zwolle-circular"]
    assert organisation_search(filters=OrganisationFilters(q="zwolle batteries")).total == 0


def test_relevance_puts_name_matches_before_concept_matches(world):
    result = organisation_search(filters=OrganisationFilters(q="Twente Hydrogen"))
    assert result.hits[0].slug == "twente-hydrogen"


def test_sort_by_name_and_by_update(world):
    # The search index keeps update times to the second: make the others clearly older than the coming save.
    Organisation.objects.exclude(slug="zwolle-circular").update(updated_at=timezone.now() - timedelta(minutes=5))
    by_name = organisation_search(filters=OrganisationFilters(sort="name"))
    assert [o.name for o in by_name.hits] == sorted(o.name for o in by_name.hits)
    Organisation.objects.filter(slug="zwolle-circular").update(name="Zwolle Circular (renamed)")
    world["zwolle"].save()
    recent = organisation_search(filters=OrganisationFilters(sort="updated"))
    assert recent.hits[0].slug == "zwolle-circular"


def test_relevance_without_words_puts_most_active_first(world):
    for _ in range(2):
        participate(world["muenster"], ProjectFactory())
    result = organisation_search(filters=OrganisationFilters())
    assert result.hits[0].slug == "muenster-wasserstoff"


def test_pagination(world):
    first = organisation_search(filters=OrganisationFilters(sort="name"), page=1, per_page=2)
    second = organisation_search(filters=OrganisationFilters(sort="name"), page=2, per_page=2)
    assert first.num_pages == 2 and len(first.hits) == 2 and len(second.hits) == 1
    assert {o.slug for o in first.hits}.isdisjoint({o.slug for o in second.hits})
    beyond = organisation_search(filters=OrganisationFilters(), page=50, per_page=2)
    assert beyond.hits == [] and beyond.page_out_of_range and beyond.total == 3


def test_loosening_suggestions_name_the_filter_that_brings_results_back(world):
    filters = OrganisationFilters(country=("DE",), cluster=("circular_economy",))
    assert organisation_search(filters=filters).total == 0
    suggestions = loosening_suggestions(filters)
    assert {"filter": "cluster", "count": 1} in suggestions
    assert {"filter": "country", "count": 1} in suggestions


def test_filterset_rejects_unknown_values(world):
    filterset = OrganisationFilterSet({"cluster": ["space_travel"], "country": ["XX"]})
    assert not filterset.is_valid()
    assert set(filterset.errors) == {"cluster", "country"}


def test_filterset_parses_repeated_values_and_its_qs_filters(world):
    data = {"cluster": ["battery_hydrogen"], "country": ["NL", "DE"], "concept": ["hydrogen"], "sort": "name"}
    filterset = OrganisationFilterSet(data)
    assert filterset.is_valid(), filterset.errors
    filters = filterset.to_filters()
    assert filters.country == ("NL", "DE") and filters.concept == ("hydrogen",) and filters.sort == "name"
    assert sorted(o.slug for o in filterset.qs) == ["muenster-wasserstoff", "twente-hydrogen"]


# Distance ------------------------------------------------------------------------------------------------------
ENSCHEDE = (52.2215, 6.8937)


@pytest.fixture
def places(db):
    """Organisations in Enschede, Zwolle (about 63 km away) and Münster (about 63 km), and one without a location."""
    from django.core.cache import cache

    cache.clear()  # the list of places is cached for a few minutes
    orgs = {
        "enschede": OrganisationFactory(
            name="Enschede Sensors",
            slug="enschede-sensors",
            city="Enschede",
            region="NL213",
            latitude=52.2215,
            longitude=6.8937,
        ),
        "enschede_north": OrganisationFactory(
            name="Enschede North Labs",
            slug="enschede-north",
            city="Enschede",
            region="NL213",
            latitude=52.2415,
            longitude=6.8937,
        ),
        "zwolle": OrganisationFactory(
            name="Zwolle Robotics",
            slug="zwolle-robotics",
            city="Zwolle",
            region="NL211",
            latitude=52.5125,
            longitude=6.0944,
        ),
        "muenster": OrganisationFactory(
            name="Münster Medical",
            slug="muenster-medical",
            country="DE",
            city="Münster",
            region="DEA33",
            latitude=51.9624,
            longitude=7.6257,
        ),
        "nowhere": OrganisationFactory(
            name="Unplaced Example", slug="unplaced", city="", region="", latitude=None, longitude=None
        ),
    }
    yield orgs
    cache.clear()


def test_within_a_radius_of_a_point(places):
    near = organisation_search(filters=OrganisationFilters(lat=ENSCHEDE[0], lon=ENSCHEDE[1], km=10))
    assert slugs(near) == ["enschede-north", "enschede-sensors"]
    wider = organisation_search(filters=OrganisationFilters(lat=ENSCHEDE[0], lon=ENSCHEDE[1], km=80))
    assert slugs(wider) == ["enschede-north", "enschede-sensors", "muenster-medical", "zwolle-robotics"]
    assert counts(wider, "country") == {"NL": 3, "DE": 1}  # the facets count inside the radius


def test_distance_sort_puts_the_nearest_first_and_reports_the_distance(places):
    result = organisation_search(filters=OrganisationFilters(lat=51.96, lon=7.62, sort="distance"))
    assert result.total == 5  # no radius: every organisation, those without a location last
    assert [o.slug for o in result.hits][0] == "muenster-medical"
    assert result.hits[-1].slug == "unplaced" and result.hits[-1].search_distance_km is None
    distances = [o.search_distance_km for o in result.hits[:-1]]
    assert distances == sorted(distances) and distances[0] < 1
    assert 115 < next(o for o in result.hits if o.slug == "zwolle-robotics").search_distance_km < 125


def test_places_are_the_directorys_cities_and_regions(places):
    from directory.selectors import directory_places, find_place

    keys = {p.key: p for p in directory_places()}
    enschede = keys["nl-enschede"]
    assert enschede.kind == "city" and enschede.organisations == 2
    assert enschede.lat == pytest.approx(52.2315) and enschede.lon == pytest.approx(6.8937)  # mean position
    assert find_place("de-munster").label == "Münster (DE)"
    twente = keys["NL213"]
    assert twente.kind == "region" and twente.label == "Twente (NL213)"
    assert keys["NL21"].organisations == 3  # Overijssel: Twente and Noord-Overijssel
    assert "NL" not in keys and not any(p.key.endswith("-") for p in keys.values())


def test_filterset_measures_from_a_place(places):
    filterset = OrganisationFilterSet({"near": "de-munster", "km": "20", "sort": "distance"})
    assert filterset.is_valid(), filterset.errors
    filters = filterset.to_filters()
    assert (filters.lat, filters.lon, filters.km) == (pytest.approx(51.9624), pytest.approx(7.6257), 20.0)
    assert filters.near_label == "Münster (DE)" and filters.sort == "distance"
    assert slugs(organisation_search(filters=filters)) == ["muenster-medical"]
    assert sorted(o.slug for o in filterset.qs) == ["muenster-medical"]  # the FilterSet's own queryset agrees
    region = OrganisationFilterSet({"near": "NL213", "km": "5"})
    assert region.is_valid(), region.errors
    assert slugs(organisation_search(filters=region.to_filters())) == ["enschede-north", "enschede-sensors"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"km": "10"}, "km"),  # a radius needs a point
        ({"sort": "distance"}, "sort"),  # so does the distance sort
        ({"lat": "52.2"}, "lon"),  # half a point
        ({"lon": "6.9"}, "lat"),
        ({"lat": "95", "lon": "6.9"}, "lat"),
        ({"lat": "52", "lon": "-181"}, "lon"),
        ({"lat": "nan", "lon": "6.9"}, "lat"),
        ({"lat": "52", "lon": "Infinity"}, "lon"),
        ({"lat": "52", "lon": "6.9", "km": "0"}, "km"),
        ({"lat": "52", "lon": "6.9", "km": "501"}, "km"),
        ({"lat": "52", "lon": "6.9", "km": "ten"}, "km"),
        ({"near": "atlantis"}, "near"),
        ({"near": "nl-enschede", "lat": "52", "lon": "6.9"}, "near"),  # a place or a point, not both
    ],
)
def test_filterset_rejects_bad_distance_parameters(places, data, field):
    filterset = OrganisationFilterSet(data)
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_empty_distance_parameters_mean_no_distance(places):
    filterset = OrganisationFilterSet({"near": "", "km": "", "lat": "", "lon": ""})
    assert filterset.is_valid(), filterset.errors
    assert not filterset.to_filters().has_point and filterset.to_filters().is_empty


def test_database_fallback_applies_the_distance_too(places):
    from directory.selectors import _organisation_search_database

    filters = OrganisationFilters(lat=ENSCHEDE[0], lon=ENSCHEDE[1], km=10, sort="distance")
    result = _organisation_search_database(filters=filters)
    assert [o.slug for o in result.hits] == ["enschede-sensors", "enschede-north"]
    assert result.hits[0].search_distance_km == pytest.approx(0, abs=0.01)
    assert result.facets["country"][0].count == 2


def test_loosening_suggestions_offer_to_drop_the_radius(places):
    filters = OrganisationFilters(lat=ENSCHEDE[0], lon=ENSCHEDE[1], km=10, country=("DE",))
    assert organisation_search(filters=filters).total == 0
    assert {"filter": "km", "count": 1} in loosening_suggestions(filters)  # Münster, beyond the radius


def test_listing_page_filters_by_distance_from_a_place(client, places):
    from django.urls import reverse

    url = reverse("directory:organisation_list")
    response = client.get(url, {"near": "nl-enschede", "km": "10", "sort": "distance"})
    assert response.status_code == 200
    html = response.content.decode()
    assert [o.slug for o in response.context["result"].hits] == ["enschede-sensors", "enschede-north"]
    assert "Within 10 km of Enschede (NL)" in html  # the removable chip
    assert "km away" in html
    assert '<option value="nl-enschede" selected>' in html
    assert '<option value="distance" selected>' in html
    plain = client.get(url).content.decode()
    assert '<option value="distance"' not in plain  # the distance sort is offered once there is a point


def test_listing_page_keeps_a_point_given_as_coordinates(client, places):
    from django.urls import reverse

    url = reverse("directory:organisation_list")
    response = client.get(url, {"lat": "51.9624", "lon": "7.6257", "km": "30", "country": "DE"})
    assert response.status_code == 200
    html = response.content.decode()
    assert [o.slug for o in response.context["result"].hits] == ["muenster-medical"]
    assert 'name="lat" value="51.962400"' in html and "Remove the point" in html
    assert "?country=DE" in response.context["point_remove_query"]


def test_listing_page_answers_bad_distance_parameters_with_400(client, places):
    from django.urls import reverse

    response = client.get(reverse("directory:organisation_list"), {"km": "10"})
    assert response.status_code == 400
    assert "measure the distance from" in response.content.decode()
