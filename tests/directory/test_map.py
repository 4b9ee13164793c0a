"""The server-side SVG map: outline data, projection, markers, and the map page with its list alternative."""

import json
import xml.etree.ElementTree as ET

import pytest

from directory.maps import OUTLINE_FILE, MapPoint, region_projection, render_region_map

from .factories import OrganisationFactory

SVG = "{http://www.w3.org/2000/svg}"


def test_outline_file_has_the_four_areas_and_the_border():
    outline = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    assert {a["slug"] for a in outline["areas"]} == {"overijssel", "gelderland", "muensterland", "emscher_lippe"}
    for area in outline["areas"]:
        polygon = area["polygon"]
        assert 15 <= len(polygon) <= 80, area["slug"]
        assert polygon[0] == polygon[-1], f"{area['slug']} is not closed"
        for lon, lat in polygon:
            assert 4.8 < lon < 8.5 and 51.3 < lat < 53.0
    assert len(outline["border"]["line"]) >= 20


def test_projection_keeps_north_up_and_west_left():
    projection = region_projection(800)
    enschede = projection.project(6.89, 52.22)
    muenster = projection.project(7.63, 51.96)
    assert muenster[0] > enschede[0]  # Münster lies east of Enschede ...
    assert muenster[1] > enschede[1]  # ... and south of it.
    assert 0 < enschede[0] < 800 and 0 < enschede[1] < projection.height
    assert not projection.contains(13.40, 52.52)  # Berlin


def test_render_groups_points_at_one_place_and_reports_points_outside():
    points = [
        MapPoint("a", "University of Twente", 6.854, 52.239, "/en/directory/a/", "Enschede"),
        MapPoint("b", "Saxion", 6.891, 52.220, "/en/directory/b/", "Enschede"),
        MapPoint("c", "Saxion Lab", 6.892, 52.221, "/en/directory/c/", "Enschede"),
        MapPoint("d", "Berlin Example", 13.40, 52.52, "/en/directory/d/", "Berlin"),
    ]
    rendered = render_region_map(points, title="Test <map>", marker_url=lambda m: f"#{m.anchor}")
    assert [p.slug for p in rendered.outside] == ["d"]
    assert sorted(m.count for m in rendered.markers) == [1, 2]
    root = ET.fromstring(str(rendered.svg))  # noqa: S314 - our own SVG, checked to be well-formed
    assert root.get("role") == "group"  # not "img": an image role hides the marker links inside it
    assert root.find(f"{SVG}title").text == "Test <map>"
    links = {a.get("href") for a in root.iter(f"{SVG}a")}
    grouped = next(m for m in rendered.markers if m.count == 2)
    assert links == {"/en/directory/a/", f"#{grouped.anchor}"}
    assert len(root.findall(f"{SVG}g/{SVG}path")) == 4  # the four areas


def test_names_are_escaped_in_the_svg():
    rendered = render_region_map([MapPoint("x", 'A & B "<script>"', 6.9, 52.2, "/x/", "")], title="t")
    assert "<script>" not in str(rendered.svg)
    ET.fromstring(str(rendered.svg))  # noqa: S314 - our own SVG


@pytest.mark.django_db
def test_map_page_draws_filtered_organisations_with_a_list_alternative(client):
    OrganisationFactory(name="Enschede One", slug="enschede-one", latitude=52.22, longitude=6.89)
    OrganisationFactory(name="Enschede Two", slug="enschede-two", latitude=52.221, longitude=6.891)
    OrganisationFactory(
        name="Münster One",
        slug="muenster-one",
        country="DE",
        region="DEA33",
        city="Münster",
        latitude=51.96,
        longitude=7.63,
    )
    OrganisationFactory(
        name="Munich Example",
        slug="munich",
        country="DE",
        region="DE2",
        city="München",
        latitude=48.14,
        longitude=11.58,
    )
    OrganisationFactory(name="Nowhere Example", slug="nowhere", country="DE", latitude=None, longitude=None)

    response = client.get("/en/directory/map/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<circle class="region-map__marker') == 2  # Enschede (two organisations) and Münster
    assert "Organisations by place" in html
    assert 'href="/en/directory/enschede-two/"' in html
    assert "Outside the map area" in html and "Munich Example" in html
    assert "1 has no known location." in html

    response = client.get("/en/directory/map/", {"country": "DE"})
    html = response.content.decode()
    assert html.count('<circle class="region-map__marker') == 1
    assert "Enschede One" not in html


@pytest.mark.django_db
def test_map_page_rejects_bad_filters(client):
    response = client.get("/de/directory/map/", {"cluster": "nope"})
    assert response.status_code == 400
