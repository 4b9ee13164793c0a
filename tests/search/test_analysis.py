"""Analysis helpers shared by both backends: folding, compounds, synonym expansion and the geo cell cover."""

import random

import pytest

from search.analysis import Lexicon, cells_for_point, cover_circle, fold, haversine_km, query_variants, umlaut_variants
from search.documents import InvalidDocument, validate_document

from .conftest import ORGANISATIONS, SYNONYM_GROUPS


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Münster", "munster"), ("Straße", "strasse"), ("Jülich", "julich"), ("Łódź", "lodz"), ("Ørsted", "orsted")],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_umlaut_spellings_both_ways():
    assert umlaut_variants("Universität Münster GmbH") == "muenster universitaet"
    assert {"munster", "muenster"} <= query_variants("Münster")
    assert "munster" in query_variants("Muenster")


def test_decompounding_finds_dictionary_parts():
    lexicon = Lexicon(SYNONYM_GROUPS)
    assert set(lexicon.decompound("wasserstofftechnologie")) >= {"wasserstoff", "technologie"}
    assert "recycling" in lexicon.decompound("batterierecycling")
    assert lexicon.decompound("batterie") == ()  # a dictionary word alone is not split
    assert lexicon.decompound("enschede") == ()


def test_synonym_expansion_prefers_the_longest_label():
    lexicon = Lexicon(SYNONYM_GROUPS)
    assert set(lexicon.expand("waterstof")) == {"hydrogen", "Wasserstoff"}
    assert "Kreislaufwirtschaft" in lexicon.expand("circulaire economie")
    assert lexicon.expand("enschede") == []
    assert "hydrogen, waterstof, wasserstoff" in lexicon.synonym_rules()


def test_cover_circle_is_exact_to_about_one_percent_of_the_radius():
    rng = random.Random(3)  # noqa: S311  (reproducible sample points)
    for lat, lon, radius in [(52.22, 6.89, 10), (51.96, 7.63, 50), (52.0, 6.0, 150), (48.1, 11.5, 3)]:
        cells = set(cover_circle(lat, lon, radius))
        assert len(cells) < 3000
        for _ in range(3000):
            plat = lat + rng.uniform(-1.5, 1.5) * radius / 111
            plon = lon + rng.uniform(-1.5, 1.5) * radius / 70
            d = haversine_km(lat, lon, plat, plon)
            inside = bool(cells & set(cells_for_point(plat, plon)))
            if d < radius * 0.985:
                assert inside, (lat, lon, radius, d)
            elif d > radius * 1.015:
                assert not inside, (lat, lon, radius, d)


def test_fixture_documents_follow_the_contract():
    for doc in ORGANISATIONS:
        validated = validate_document(doc)
        assert "source_id" not in validated


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "7"}, "id must be a positive int"),
        ({"name": " "}, "name must be a non-empty str"),
        ({"clusters": ["space"]}, "unknown clusters"),
        ({"country": "nl"}, "country must be an ISO code"),
        ({"sme": "yes"}, "sme must be a bool"),
        ({"location": {"lat": 95, "lon": 0}}, "location out of range"),
        ({"location": {"lat": "52", "lon": 6}}, "numeric lat and lon"),
        ({"updated_at": "yesterday"}, "is not ISO 8601"),
        ({"descriptions": {"fr": "x"}}, "only hold en, nl and de"),
        ({"n_projects": -1}, "n_projects"),
    ],
)
def test_invalid_documents_name_the_field(change, message):
    with pytest.raises(InvalidDocument, match=message):
        validate_document({**ORGANISATIONS[0], **change})
