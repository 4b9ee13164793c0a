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
