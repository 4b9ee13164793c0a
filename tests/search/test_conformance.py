"""One conformance suite for every configured search backend (embedded always, Elasticsearch with ELASTICSEARCH_URL).

Fixtures: real organisations (tests/search/fixtures/organisations.json) with example descriptions.
"""

import pytest

from search.backends.base import GeoFilter, InvalidQuery, SearchQuery

from .conftest import ORGANISATIONS, by_name

ENSCHEDE = (52.21833, 6.89583)
MUENSTER = (51.96236, 7.62571)


def ids(backend, **kwargs):
    return backend.search(SearchQuery(page_size=100, **kwargs)).ids


# Indexing and deleting ------------------------------------------------------------------------------------------
def test_index_then_match_all_returns_every_document(loaded):
    results = loaded.search(SearchQuery(page_size=100))
    assert results.total == len(ORGANISATIONS)
    assert sorted(results.ids) == sorted(o["id"] for o in ORGANISATIONS)


def test_reindexing_a_document_replaces_it(loaded, organisations):
    saxion = next(o for o in organisations if o["name"] == "Stichting Saxion")
    saxion["descriptions"]["en"] = "Applied research on lasers and additive manufacturing."
    loaded.index([saxion])
    assert loaded.search(SearchQuery(page_size=100)).total == len(ORGANISATIONS)
    assert saxion["id"] in ids(loaded, text="lasers")
    assert saxion["id"] not in ids(loaded, text="plastics")


def test_delete_removes_documents(loaded):
    twente = by_name("Universiteit Twente")
    loaded.delete([twente, 999_999])
    assert twente not in ids(loaded, text="twente")
    assert loaded.search(SearchQuery(page_size=100)).total == len(ORGANISATIONS) - 1


def test_invalid_documents_are_reported_and_skipped(backend, organisations):
    bad = dict(organisations[0], id=500, type="startup")
    report = backend.index([bad, organisations[1]])
    assert report.indexed == 1
    assert len(report.errors) == 1 and "type" in report.errors[0]
    assert backend.search(SearchQuery()).ids == [organisations[1]["id"]]


def test_clear_empties_the_index(loaded):
    loaded.clear()
    assert loaded.search(SearchQuery()).total == 0


def test_rebuild_swaps_in_a_complete_index(loaded, organisations):
    first, rest = organisations[:10], organisations[10:]
    report = loaded.rebuild(iter([first, rest[:5]]))
    assert report.indexed == 15
    results = loaded.search(SearchQuery(page_size=100))
    assert sorted(results.ids) == sorted(o["id"] for o in organisations[:15])
    assert loaded.status().documents == 15
    assert loaded.ids() == {o["id"] for o in organisations[:15]}


def test_search_on_an_empty_backend_returns_nothing(backend):
    results = backend.search(SearchQuery(text="hydrogen", facets=("country",)))
    assert results.total == 0 and results.hits == [] and results.facets == {"country": []}


# Language-aware analysis ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["Münster", "Munster", "Muenster", "MÜNSTER"])
def test_diacritics_and_umlaut_spellings_are_folded(loaded, text):
    found = ids(loaded, text=text)
    assert by_name("Universität Münster") in found
    assert by_name("Fachhochschule Münster") in found


def test_ue_spelling_in_the_data_matches_umlaut_query(loaded):
    # The alias "Forschungszentrum Juelich" is spelled out; the name itself has ü.
    assert by_name("Forschungszentrum Jülich GmbH") in ids(loaded, text="Jülich")
    assert by_name("Forschungszentrum Jülich GmbH") in ids(loaded, text="Juelich")


def test_english_stemming(loaded):
    assert by_name("Elestor B.V.") in ids(loaded, text="battery storage")
    assert by_name("Stichting Radboud Universitair Medisch Centrum") in ids(loaded, text="personalised image")


def test_dutch_stemming(loaded):
    # "bedrijf" (singular) finds "bedrijven" (plural) in Saxion's Dutch description.
    assert by_name("Stichting Saxion") in ids(loaded, text="bedrijf")


def test_german_stemming(loaded):
    # "Batterie" finds "Batterien"; "Forschungseinrichtung" finds "Großforschungseinrichtung" only via compounds.
    assert by_name("Zentrum für Sonnenenergie- und Wasserstoff-Forschung Baden-Württemberg") in ids(
        loaded, text="Batterie"
    )


def test_german_compounds_are_split(loaded):
    found = ids(loaded, text="wasserstoff")
    assert by_name("Fraunhofer-Institut für Solare Energiesysteme ISE") in found  # Wasserstofftechnologie


def test_recycling_finds_batterierecycling(loaded):
    found = ids(loaded, text="recycling")
    assert by_name("ACCUREC-Recycling GmbH") in found
    # Tailorlux's only mention is the compound "Kunststoffrecycling".
    assert by_name("Tailorlux GmbH") in found


def test_compound_part_inside_a_long_word_in_dutch(loaded):
    # "flowbatterijen" holds "batterij"
    assert by_name("Elestor B.V.") in ids(loaded, text="batterij")


# Cross-lingual ----------------------------------------------------------------------------------------------------
def test_dutch_query_finds_german_and_english_hydrogen_profiles(loaded):
    found = ids(loaded, text="waterstof")
    assert by_name("Hydrogenics GmbH") in found  # German description only: "Wasserstoff"
    assert by_name("HyGear B.V.") in found  # English description only: "hydrogen"
    assert by_name("Forschungszentrum Jülich GmbH") in found  # German, no concepts
    assert by_name("Nederlandse Organisatie voor Toegepast Natuurwetenschappelijk Onderzoek TNO") in found
    assert by_name("Gemeente Enschede") not in found


def test_cross_lingual_matches_come_from_the_synonym_groups(make_backend, backend_name, organisations):
    backend = make_backend(backend_name, synonym_groups=[])
    backend.index(organisations)
    found = ids(backend, text="waterstof")
    assert by_name("Hydrogenics GmbH") not in found
    assert by_name("HyGear B.V.") not in found


def test_multi_word_synonym(loaded):
    found = ids(loaded, text="circulaire economie")
    assert by_name("TSR Recycling GmbH & Co. KG") in found  # German: Kreislaufwirtschaft


def test_german_query_finds_english_profile(loaded):
    assert by_name("Pixel Photonics GmbH") in ids(loaded, text="Photonik")


# Typos and ranking -------------------------------------------------------------------------------------------------
def test_typo_in_a_name(loaded):
    found = ids(loaded, text="Fraunhover")
    assert found and all("Fraunhofer" in next(o["name"] for o in ORGANISATIONS if o["id"] == i) for i in found[:5])


def test_cross_language_spelling_variant(loaded):
    found = ids(loaded, text="elektrolyse")
    assert by_name("Hydrogenics GmbH") in found  # Elektrolyseuren
    assert by_name("Fraunhofer-Institut für Solare Energiesysteme ISE") in found


def test_typos_do_not_drown_exact_matches(loaded):
    results = loaded.search(SearchQuery(text="Micronit", page_size=100))
    assert results.ids[0] == by_name("Micronit Microfluidics B.V.")


def test_exact_name_match_ranks_first(loaded):
    assert ids(loaded, text="Universiteit Twente")[0] == by_name("Universiteit Twente")
    assert ids(loaded, text="Fraunhofer")[0] == by_name(
        "Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V."
    )
    assert ids(loaded, text="University of Twente")[0] == by_name("Universiteit Twente")


def test_all_words_must_match(loaded):
    found = ids(loaded, text="hydrogen Arnhem")
    assert by_name("HyGear B.V.") in found
    assert by_name("Universiteit Twente") not in found


def test_text_without_words_matches_nothing(loaded):
    assert loaded.search(SearchQuery(text="?!")).total == 0


# Filters and facets ---------------------------------------------------------------------------------------------------
def test_filters_narrow_results(loaded):
    de = ids(loaded, filters={"country": ["DE"]})
    assert de and all(next(o for o in ORGANISATIONS if o["id"] == i)["country"] == "DE" for i in de)
    sme_nl = ids(loaded, filters={"country": ["NL"], "sme": [True]})
    assert sorted(sme_nl) == sorted(o["id"] for o in ORGANISATIONS if o["country"] == "NL" and o["sme"])
    cluster = ids(loaded, filters={"cluster": ["health_medtech"], "type": ["university", "research"]})
    expected = [
        o["id"] for o in ORGANISATIONS if "health_medtech" in o["clusters"] and o["type"] in ("university", "research")
    ]
    assert sorted(cluster) == sorted(expected)
    assert sorted(ids(loaded, filters={"region": ["DEA33"]})) == sorted(
        o["id"] for o in ORGANISATIONS if o["region"] == "DEA33"
    )
    assert sorted(ids(loaded, filters={"concept": ["photonics"]})) == sorted(
        o["id"] for o in ORGANISATIONS if "photonics" in o["concepts"]
    )


def test_a_region_filter_includes_its_subregions(loaded):
    overijssel = ids(loaded, filters={"region": ["NL21"]})
    assert sorted(overijssel) == sorted(o["id"] for o in ORGANISATIONS if o["region"].startswith("NL21"))
    assert by_name("Universiteit Twente") in overijssel
    counts = loaded.search(SearchQuery(filters={"region": ["NL21"]}, facets=("region",))).facet_counts("region")
    assert counts["NL213"] == len(overijssel) and counts["DEA33"] > 0  # facet: exact codes, own filter not applied


def test_without_text_the_most_active_come_first(loaded):
    results = loaded.search(SearchQuery(page_size=5))
    counts = [h.document["n_projects"] for h in results.hits]
    assert counts == sorted(counts, reverse=True) and counts[0] == max(o["n_projects"] for o in ORGANISATIONS)


def test_values_of_one_filter_are_ored(loaded):
    both = ids(loaded, filters={"type": ["sme", "public"]})
    assert sorted(both) == sorted(o["id"] for o in ORGANISATIONS if o["type"] in ("sme", "public"))


def test_text_and_filters_combine(loaded):
    found = ids(loaded, text="waterstof", filters={"country": ["DE"]})
    assert by_name("Hydrogenics GmbH") in found and by_name("HyGear B.V.") not in found


def test_facets_count_with_every_other_filter_but_their_own(loaded):
    query = SearchQuery(
        filters={"country": ["DE"], "cluster": ["battery_hydrogen"]},
        facets=("country", "cluster", "type", "sme"),
    )
    results = loaded.search(query)
    de_hydrogen = [o for o in ORGANISATIONS if o["country"] == "DE" and "battery_hydrogen" in o["clusters"]]
    assert results.total == len(de_hydrogen)
    # country facet: cluster filter applied, country filter not
    countries = results.facet_counts("country")
    hydrogen = [o for o in ORGANISATIONS if "battery_hydrogen" in o["clusters"]]
    assert countries == {c: sum(1 for o in hydrogen if o["country"] == c) for c in {o["country"] for o in hydrogen}}
    # cluster facet: country filter applied, cluster filter not
    german = [o for o in ORGANISATIONS if o["country"] == "DE"]
    expected_clusters = {}
    for o in german:
        for c in o["clusters"]:
            expected_clusters[c] = expected_clusters.get(c, 0) + 1
    assert results.facet_counts("cluster") == expected_clusters
    # type facet: both filters applied
    expected_types = {}
    for o in de_hydrogen:
        expected_types[o["type"]] = expected_types.get(o["type"], 0) + 1
    assert results.facet_counts("type") == expected_types
    assert results.facet_counts("sme") == {
        v: n
        for v, n in ((True, sum(o["sme"] for o in de_hydrogen)), (False, sum(not o["sme"] for o in de_hydrogen)))
        if n
    }
    selected = {fv.value for fv in results.facets["country"] if fv.selected}
    assert selected == {"DE"}


def test_facets_follow_the_text_query(loaded):
    results = loaded.search(SearchQuery(text="waterstof", facets=("country",)))
    counts = results.facet_counts("country")
    assert sum(counts.values()) == results.total
    assert counts["DE"] >= 3 and counts["NL"] >= 3


def test_selected_value_without_matches_still_shows(loaded):
    results = loaded.search(SearchQuery(text="Micronit", filters={"country": ["BE"]}, facets=("country",)))
    assert results.total == 0
    assert results.facet_counts("country") == {"NL": 1, "BE": 0}


# Geo ------------------------------------------------------------------------------------------------------------------
def test_distance_filter(loaded):
    found = ids(loaded, geo=GeoFilter(*ENSCHEDE, km=10))
    enschede = {o["id"] for o in ORGANISATIONS if o["city"] == "Enschede"}
    assert set(found) == enschede
    wider = set(ids(loaded, geo=GeoFilter(*ENSCHEDE, km=80)))
    assert enschede | {by_name("Universität Münster"), by_name("Bocholter Energie- und Wasserversorgung GmbH")} <= wider
    assert by_name("Fraunhofer-Institut für Materialfluss und Logistik IML") not in wider  # Dortmund, ~110 km


def test_documents_without_location_never_match_a_distance_filter(loaded):
    assert by_name("Hydrogenics GmbH") not in ids(loaded, geo=GeoFilter(51.57, 6.99, km=500))


def test_distance_sort_and_reported_distance(loaded):
    results = loaded.search(SearchQuery(geo=GeoFilter(*MUENSTER), sort="distance", page_size=100))
    distances = [h.distance_km for h in results.hits if h.distance_km is not None]
    assert distances == sorted(distances)
    assert results.hits[0].document["city"] == "Münster"
    assert results.hits[-1].distance_km is None  # no location: last
    assert results.total == len(ORGANISATIONS)


def test_text_geo_and_facets_together(loaded):
    results = loaded.search(
        SearchQuery(text="hydrogen", geo=GeoFilter(*ENSCHEDE, km=150), sort="distance", facets=("country",))
    )
    assert results.ids[0] == by_name("Universiteit Twente")
    assert by_name("Fraunhofer-Institut für Solare Energiesysteme ISE") not in results.ids
    assert sum(results.facet_counts("country").values()) == results.total


# Sorting and paging -------------------------------------------------------------------------------------------------
def test_sort_by_name(loaded):
    results = loaded.search(SearchQuery(sort="name", page_size=100))
    names = [h.document["name"].lower() for h in results.hits]
    assert names[0].startswith("accurec") and names == sorted(
        names, key=lambda n: n.replace("ä", "a").replace("ü", "u")
    )


def test_sort_by_recently_updated(loaded):
    results = loaded.search(SearchQuery(sort="updated", page_size=5))
    stamps = [h.document["updated_at"] for h in results.hits]
    assert stamps == sorted(stamps, reverse=True)
    assert results.hits[0].document["name"] == "BLC The Battery Lifecycle Company GmbH"


def test_pages_do_not_overlap_and_cover_everything(loaded):
    seen = []
    for page in range(1, 5):
        results = loaded.search(SearchQuery(sort="name", page=page, page_size=10))
        seen.extend(results.ids)
        assert results.num_pages == 4
    assert len(seen) == len(set(seen)) == len(ORGANISATIONS)


def test_page_past_the_end_is_empty(loaded):
    results = loaded.search(SearchQuery(page=9, page_size=10))
    assert results.hits == [] and results.total == len(ORGANISATIONS)


# Hits and highlights -----------------------------------------------------------------------------------------------
def test_hits_carry_the_document_and_highlights(loaded):
    results = loaded.search(SearchQuery(text="microfluidic", language="nl"))
    hit = results.hits[0]
    assert hit.document["slug"] and hit.document["city"] == "Enschede"
    assert "<mark>" in hit.highlights.get("description", "")


def test_highlights_are_html_escaped(backend, organisations):
    doc = dict(organisations[0], descriptions={"en": "Hydrogen <script>alert(1)</script> lab", "nl": "", "de": ""})
    backend.index([doc])
    snippet = backend.search(SearchQuery(text="hydrogen")).hits[0].highlights["description"]
    assert "<script>" not in snippet and "<mark>" in snippet


def test_highlight_in_the_visitors_language_first(loaded):
    hit = next(
        h
        for h in loaded.search(SearchQuery(text="electrolysis", language="de", page_size=50)).hits
        if h.id == by_name("Fraunhofer-Institut für Solare Energiesysteme ISE")
    )
    assert hit.highlights["description_language"] == "de"
    assert "<mark>Elektrolyse</mark>" in hit.highlights["description"]
    hit = loaded.search(SearchQuery(text="electrolysis", language="nl", page_size=50)).hits
    ise = next(h for h in hit if h.id == by_name("Fraunhofer-Institut für Solare Energiesysteme ISE"))
    assert ise.highlights["description_language"] in ("en", "de")  # no Dutch text: another language's snippet


# Autocomplete -------------------------------------------------------------------------------------------------------
def test_autocomplete_on_names_from_three_letters(loaded):
    assert loaded.autocomplete("Fr") == []
    labels = [s.label for s in loaded.autocomplete("Fra") if s.kind == "organisation"]
    assert labels and all("Fraunhofer" in label for label in labels)
    assert [s.label for s in loaded.autocomplete("micro") if s.kind == "organisation"][
        0
    ] == "Micronit Microfluidics B.V."


def test_autocomplete_on_concept_labels(loaded):
    concepts = [s.label for s in loaded.autocomplete("wass") if s.kind == "concept"]
    assert "Wasserstoff" in concepts
    concepts = [s.label for s in loaded.autocomplete("robot") if s.kind == "concept"]
    assert {"robotics", "robotica", "Robotik"} <= set(concepts)


def test_autocomplete_folds_and_uses_later_words(loaded):
    labels = [s.label for s in loaded.autocomplete("munst") if s.kind == "organisation"]
    assert "Universität Münster" in labels and "Fachhochschule Münster" in labels


# Query validation (shared by both backends) ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs",
    [
        {"page": 0},
        {"page_size": 500},
        {"sort": "random"},
        {"sort": "distance"},
        {"filters": {"colour": ["red"]}},
        {"filters": {"sme": ["maybe"]}},
        {"facets": ("colour",)},
        {"geo": GeoFilter(95, 0, 10)},
        {"geo": GeoFilter(52, 6, 0)},
        {"page": 600, "page_size": 20},
        {"text": "x" * 201},
    ],
)
def test_bad_queries_are_rejected(kwargs):
    with pytest.raises(InvalidQuery):
        SearchQuery(**kwargs)


def test_embedded_index_with_an_old_schema_is_ignored_not_misread(make_backend, organisations):
    backend = make_backend("embedded")
    backend.index(organisations[:3])
    (backend.current_link.resolve() / "techland-schema").write_text("0")
    assert backend.status().state == "missing"
    assert backend.search(SearchQuery()).total == 0
    backend.index(organisations[:1])  # a write starts a fresh index of the current schema
    assert backend.search(SearchQuery()).ids == [organisations[0]["id"]]
