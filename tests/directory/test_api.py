"""The read-only JSON API and its OpenAPI description."""

import pytest

from .factories import ConceptFactory, OrganisationFactory, ProjectFactory, describe, identify, participate, tag_concept

pytestmark = pytest.mark.django_db

LIST = "/api/directory/organisations/"


@pytest.fixture
def orgs():
    fuel_cell = ConceptFactory(
        slug="fuel_cell", label_en="Fuel cells", label_nl="Brandstofcellen", label_de="Brennstoffzellen"
    )
    twente = OrganisationFactory(name="Twente Fuel Cells", slug="twente-fuel-cells", sme=True)
    muenster = OrganisationFactory(
        name="Münster Membranes", slug="muenster-membranes", country="DE", region="DEA33", city="Münster"
    )
    OrganisationFactory(name="123123123", slug="pic-123123123", is_public=False)
    for i in range(3):
        OrganisationFactory(name=f"Arnhem Example {i}", slug=f"arnhem-example-{i}", region="NL226", city="Arnhem")
    tag_concept(twente, fuel_cell)
    tag_concept(muenster, fuel_cell)
    describe(twente, "de", "Brennstoffzellen aus Twente.")
    identify(twente, "ror", "012345678")
    project = ProjectFactory(acronym="CELLS")
    participate(twente, project, role="coordinator")
    participate(muenster, project)
    return {"twente": twente, "muenster": muenster}


def test_list_returns_public_organisations_with_paging(client, orgs):
    response = client.get(LIST, {"page_size": 2, "sort": "name"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 5
    assert data["num_pages"] == 3
    assert [o["slug"] for o in data["results"]] == ["arnhem-example-0", "arnhem-example-1"]
    assert "page=2" in data["next"] and data["previous"] is None
    assert all(o["slug"] != "pic-123123123" for o in data["results"])


def test_list_filters_combine_and_facets_count(client, orgs):
    data = client.get(LIST, {"concept": "fuel_cell", "country": ["NL", "DE"]}).json()
    assert sorted(o["slug"] for o in data["results"]) == ["muenster-membranes", "twente-fuel-cells"]
    countries = {f["value"]: f["count"] for f in data["facets"]["country"]}
    assert countries == {"NL": 1, "DE": 1}
    data = client.get(LIST, {"concept": "fuel_cell", "sme": "yes"}).json()
    assert [o["slug"] for o in data["results"]] == ["twente-fuel-cells"]


def test_labels_follow_the_lang_parameter(client, orgs):
    data = client.get(LIST, {"concept": "fuel_cell", "lang": "nl", "sort": "name"}).json()
    assert data["results"][0]["concepts"][0]["label"] == "Brandstofcellen"
    assert data["results"][0]["url"].endswith("/nl/directory/muenster-membranes/")
    data = client.get(LIST, {"q": "Brennstoffzelle", "lang": "de"}).json()
    assert data["count"] == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cluster": "moon_mining"}, "cluster"),
        ({"country": "FR"}, "country"),
        ({"concept": "unknown"}, "concept"),
        ({"page": "x"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "100000000000000000000"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"sort": "random"}, "sort"),
        ({"lang": "fr"}, "lang"),
        ({"colour": "blue"}, "colour"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_give_400_with_json_errors(client, orgs, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors and errors[field]


def test_page_past_the_end_is_empty_with_a_message(client, orgs):
    data = client.get(LIST, {"page": 500}).json()
    assert data["results"] == [] and data["count"] == 5
    assert "past the last page" in data["message"]


def test_detail(client, orgs):
    response = client.get(f"{LIST}twente-fuel-cells/", {"lang": "de"})
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Twente Fuel Cells"
    assert data["descriptions"] == [{"language": "de", "text": "Brennstoffzellen aus Twente."}]
    assert {"scheme": "ror", "value": "012345678"} in data["identifiers"]
    assert data["projects"][0]["acronym"] == "CELLS"
    assert data["projects"][0]["role"] == "coordinator"
    assert data["projects"][0]["cross_border_partners"] == ["muenster-membranes"]
    assert data["similar"] == ["muenster-membranes"]


def test_detail_of_hidden_or_unknown_organisation_is_404(client, orgs):
    assert client.get(f"{LIST}pic-123123123/").status_code == 404
    response = client.get(f"{LIST}nobody/")
    assert response.status_code == 404 and "errors" in response.json()


def test_concepts_endpoint(client, orgs):
    data = client.get("/api/directory/concepts/", {"lang": "de"}).json()
    assert data["count"] == 1
    assert data["results"][0]["label"] == "Brennstoffzellen"
    assert data["results"][0]["labels"] == {"en": "Fuel cells", "nl": "Brandstofcellen", "de": "Brennstoffzellen"}


def test_api_is_read_only(client, orgs):
    assert client.post(LIST, {}).status_code == 405
    assert client.delete(f"{LIST}twente-fuel-cells/").status_code == 405


def test_openapi_description_covers_every_endpoint_and_parameter(client, orgs):
    response = client.get("/api/directory/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/directory/organisations/",
        "/api/directory/organisations/{slug}/",
        "/api/directory/concepts/",
        "/api/directory/places/",
        "/api/directory/autocomplete/",
    }
    listed = {p["name"] for p in document["paths"]["/api/directory/organisations/"]["get"]["parameters"]}
    from directory.filters import OrganisationFilterSet

    assert OrganisationFilterSet.parameter_names() | {"page", "page_size", "lang"} == listed
    cluster = next(
        p for p in document["paths"]["/api/directory/organisations/"]["get"]["parameters"] if p["name"] == "cluster"
    )
    assert "battery_hydrogen" in cluster["schema"]["items"]["enum"]

    def refs(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    yield value
                else:
                    yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(document):
        assert ref.split("/")[-1] in document["components"]["schemas"]


@pytest.fixture
def located(db):
    from django.core.cache import cache

    cache.clear()  # the list of places is cached for a few minutes
    OrganisationFactory(name="Enschede Optics", slug="enschede-optics", latitude=52.2215, longitude=6.8937)
    OrganisationFactory(
        name="Münster Photonics",
        slug="muenster-photonics",
        country="DE",
        region="DEA33",
        city="Münster",
        latitude=51.9624,
        longitude=7.6257,
    )
    OrganisationFactory(name="Unplaced Example", slug="unplaced", city="", latitude=None, longitude=None)
    yield
    cache.clear()


def test_list_within_a_radius_of_a_place_with_distances(client, located):
    data = client.get(LIST, {"near": "de-munster", "km": "25"}).json()
    assert [o["slug"] for o in data["results"]] == ["muenster-photonics"]
    assert data["results"][0]["distance_km"] == 0
    assert data["point"]["km"] == 25 and data["point"]["place"] == {"key": "de-munster", "label": "Münster (DE)"}
    data = client.get(LIST, {"lat": "52.2215", "lon": "6.8937", "sort": "distance"}).json()
    assert [o["slug"] for o in data["results"]] == ["enschede-optics", "muenster-photonics", "unplaced"]
    assert 55 < data["results"][1]["distance_km"] < 60 and data["results"][2]["distance_km"] is None
    assert data["point"] == {"lat": 52.2215, "lon": 6.8937, "km": None, "place": None}
    without = client.get(LIST).json()
    assert "point" not in without and without["results"][0]["distance_km"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"km": "10"}, "km"),
        ({"sort": "distance"}, "sort"),
        ({"lat": "52"}, "lon"),
        ({"lat": "abc", "lon": "6"}, "lat"),
        ({"lat": "1e999999", "lon": "6"}, "lat"),
        ({"lat": "52", "lon": "6", "km": "-5"}, "km"),
        ({"near": "atlantis"}, "near"),
        ({"near": "nl-enschede", "lat": "52", "lon": "6"}, "near"),
    ],
)
def test_bad_distance_parameters_give_400(client, located, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_places_endpoint(client, located):
    data = client.get("/api/directory/places/").json()
    by_key = {p["key"]: p for p in data["results"]}
    assert data["count"] == len(data["results"])
    assert by_key["nl-enschede"] == {
        "key": "nl-enschede",
        "kind": "city",
        "name": "Enschede",
        "label": "Enschede (NL)",
        "country": "NL",
        "lat": 52.2215,
        "lon": 6.8937,
        "organisations": 1,
    }
    assert by_key["DEA33"]["kind"] == "region"
    assert client.get("/api/directory/places/", {"x": "1"}).status_code == 400
