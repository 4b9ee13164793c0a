"""The public directory pages: listing, profile and bad input, in the three languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import (
    ConceptFactory,
    OrganisationFactory,
    ProjectFactory,
    describe,
    identify,
    participate,
    tag_cluster,
    tag_concept,
)

pytestmark = pytest.mark.django_db


def list_url(language="en"):
    with translation.override(language):
        return reverse("directory:organisation_list")


@pytest.fixture
def orgs():
    hydrogen = ConceptFactory(slug="hydrogen", label_en="Hydrogen", label_nl="Waterstof", label_de="Wasserstoff")
    fuel_cell = ConceptFactory(
        slug="fuel_cell", label_en="Fuel cells", label_nl="Brandstofcellen", label_de="Brennstoffzellen"
    )
    twente = OrganisationFactory(name="Twente Hydrogen Lab", slug="twente-hydrogen")
    muenster = OrganisationFactory(
        name="Münster Fuel Cell Institute",
        slug="muenster-fuel-cell",
        country="DE",
        region="DEA33",
        city="Münster",
        latitude=51.96,
        longitude=7.63,
        type="research",
    )
    unnamed = OrganisationFactory(name="999888777", slug="pic-999888777", country="DE", is_public=False)
    tag_cluster(twente, "battery_hydrogen")
    tag_cluster(muenster, "battery_hydrogen")
    tag_concept(twente, hydrogen)
    tag_concept(twente, fuel_cell)
    tag_concept(muenster, fuel_cell)
    describe(twente, "en", "We build electrolysers in Twente.")
    describe(twente, "nl", "Wij bouwen elektrolysers in Twente.")
    identify(twente, "pic", "123456789")
    project = ProjectFactory(acronym="H2BORDER", title="Hydrogen across the border")
    participate(twente, project, role="coordinator")
    participate(muenster, project)
    participate(unnamed, project)
    return {"twente": twente, "muenster": muenster, "unnamed": unnamed, "project": project}


@pytest.mark.parametrize(
    ("language", "heading", "cluster"),
    [
        ("en", "Directory", "Battery &amp; Hydrogen"),
        ("nl", "Register", "Batterijen &amp; Waterstof"),
        ("de", "Verzeichnis", "Batterie &amp; Wasserstoff"),
    ],
)
def test_listing_speaks_the_readers_language(client, orgs, language, heading, cluster):
    response = client.get(list_url(language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert cluster in html
    assert "Twente Hydrogen Lab" in html
    assert "999888777" not in html


def test_listing_shows_counts_next_to_options_and_keeps_filters_in_the_url(client, orgs):
    response = client.get(list_url(), {"country": "DE"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Münster Fuel Cell Institute" in html
    assert "Twente Hydrogen Lab" not in html
    options = {o.value: o for o in response.context["result"].facets["country"]}
    assert options["NL"].count == 1 and options["DE"].count == 1 and options["DE"].selected
    assert 'name="country" value="DE" checked' in html
    # The chip that removes the filter links to the listing without it.
    assert 'href="/en/directory/?"' in html


def test_concept_names_in_the_readers_language(client, orgs):
    response = client.get(list_url("de"), {"concept": "fuel_cell"})
    html = response.content.decode()
    assert "Brennstoffzellen" in html
    assert response.context["result"].total == 2


def test_empty_result_suggests_the_filter_to_loosen(client, orgs):
    response = client.get(list_url(), {"country": "DE", "concept": "hydrogen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "No organisation matches all of these filters" in html
    suggestions = {s["name"]: s["count"] for s in response.context["suggestions"]}
    assert suggestions == {"country": 1, "concept": 1}
    assert "Remove “Hydrogen”" in html or "Remove “Germany”" in html


@pytest.mark.parametrize(
    "params",
    [
        {"cluster": "space_travel"},
        {"country": "FR"},
        {"concept": "no-such-concept"},
        {"region": "XX99"},
        {"sort": "random"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "-3"},
        {"page": "99999999999999999999999"},
        {"page": "1e3"},
        {"q": "x" * 500},
        {"q": "nul\x00byte"},
    ],
)
def test_bad_input_gives_400_with_a_message(client, orgs, params):
    response = client.get(list_url(), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not read this search" in html
    assert "Start a new search" in html


def test_empty_filter_values_are_ignored(client, orgs):
    response = client.get(list_url(), {"country": "", "cluster": ["", "battery_hydrogen"], "q": "", "page": ""})
    assert response.status_code == 200
    assert response.context["result"].total == 2


def test_profile_of_an_organisation_outside_the_map_area(client, orgs):
    OrganisationFactory(
        name="Munich Example",
        slug="munich-example",
        country="DE",
        region="DE2",
        city="München",
        latitude=48.14,
        longitude=11.58,
    )
    response = client.get("/en/directory/munich-example/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "outside the area of the regional map" in html
    assert "<svg" not in html


def test_page_past_the_end_gives_an_empty_page_with_a_link_back(client, orgs):
    response = client.get(list_url(), {"page": "9999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This page is past the end of the results" in html
    assert "?page=1" in html


def test_pagination_links_keep_the_filters(client, orgs):
    for i in range(25):
        OrganisationFactory(name=f"Enschede Company {i:02d}", slug=f"enschede-company-{i}")
    response = client.get(list_url(), {"country": "NL", "sort": "name"})
    html = response.content.decode()
    assert response.context["result"].num_pages == 2
    assert "?country=NL&amp;sort=name&amp;page=2" in html
    second = client.get(list_url(), {"country": "NL", "sort": "name", "page": "2"})
    assert second.status_code == 200
    assert len(second.context["result"].hits) == 6


def test_profile_shows_description_in_readers_language_first(client, orgs):
    with translation.override("nl"):
        url = orgs["twente"].get_absolute_url()
    assert url == "/nl/directory/twente-hydrogen/"
    response = client.get(url)
    assert response.status_code == 200
    descriptions = response.context["descriptions"]
    assert [d.language for d in descriptions] == ["nl", "en"]
    html = response.content.decode()
    assert html.index("Wij bouwen elektrolysers") < html.index("We build electrolysers")
    assert "Waterstof" in html and "Brandstofcellen" in html


def test_profile_lists_projects_with_partners_across_the_border(client, orgs):
    response = client.get("/en/directory/twente-hydrogen/")
    html = response.content.decode()
    assert "H2BORDER" in html
    assert "Partners in Germany" in html
    assert 'href="/en/directory/muenster-fuel-cell/"' in html
    # The unnamed German participant is counted, not named.
    assert "1 organisation without a public profile" in html
    assert "999888777" not in html
    project = response.context["projects"][0]
    assert [p.slug for p in project.cross_border_partners] == ["muenster-fuel-cell"]


def test_profile_has_a_map_with_a_text_alternative_and_similar_organisations(client, orgs):
    response = client.get("/en/directory/muenster-fuel-cell/")
    html = response.content.decode()
    assert "<svg" in html and "region-map__marker--highlight" in html
    assert "51.9600° N, 7.6300° E" in html
    assert [o.slug for o in response.context["similar"]] == ["twente-hydrogen"]


def test_profile_shows_other_names(client, orgs):
    from directory.models import OrganisationAlias

    OrganisationAlias.objects.create(organisation=orgs["twente"], name="Waterstoflab Twente", language="nl")
    html = client.get("/de/directory/twente-hydrogen/").content.decode()
    assert '<span lang="nl">Waterstoflab Twente</span>' in html


def test_hidden_and_unknown_profiles_are_404(client, orgs):
    assert client.get("/en/directory/pic-999888777/").status_code == 404
    assert client.get("/en/directory/no-such-organisation/").status_code == 404


def test_only_safe_methods_are_allowed(client, orgs):
    assert client.post(list_url()).status_code == 405


def test_similar_organisations_without_tags_fall_back_to_same_kind_in_the_same_area():
    from directory.selectors import similar_organisations

    lonely = OrganisationFactory(name="Untagged Enschede Company", slug="untagged", region="NL213")
    neighbour = OrganisationFactory(name="Other Enschede Company", slug="neighbour", region="NL213")
    OrganisationFactory(name="Enschede University", slug="uni", region="NL213", type="university")
    OrganisationFactory(name="Zwolle Company", slug="zwolle", region="NL211")
    assert similar_organisations(organisation=lonely) == [neighbour]
