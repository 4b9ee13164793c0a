"""The embedded backend counts facets from numpy columns; tantivy's aggregations are its fallback while the columns
are read. Both must give exactly the same counts for every kind of query."""

import time

import pytest

from search.backends import embedded as embedded_module
from search.backends.base import FACETS, GeoFilter, SearchQuery
from search.backends.embedded import EmbeddedBackend

from .conftest import SYNONYM_GROUPS

ENSCHEDE = (52.2215, 6.8937)

QUERIES = [
    SearchQuery(),
    SearchQuery(text="hydrogen"),
    SearchQuery(text="waterstof", filters={"country": ["DE"]}),
    SearchQuery(filters={"cluster": ["battery_hydrogen", "health_medtech"], "country": ["NL"]}),
    SearchQuery(filters={"region": ["NL21"], "sme": [True]}),
    SearchQuery(filters={"region": ["DEA"], "type": ["research", "university"], "sme": [False]}),
    SearchQuery(filters={"concept": ["hydrogen"], "cluster": ["battery_hydrogen"]}),
    SearchQuery(filters={"country": ["BE"], "cluster": ["no-such-cluster"]}),
    SearchQuery(geo=GeoFilter(*ENSCHEDE, km=60)),
    SearchQuery(text="research", geo=GeoFilter(*ENSCHEDE, km=150), filters={"country": ["NL", "DE"]}),
    SearchQuery(text="Fraunhover", filters={"type": ["research"]}),
    SearchQuery(text="!!!"),
]


@pytest.fixture
def backend(tmp_path, organisations):
    backend = EmbeddedBackend(tmp_path / "index", synonym_groups=SYNONYM_GROUPS)
    assert backend.index(organisations).errors == []
    return backend


def _aggregation_facets(backend, query, *, scoring=True):
    searcher = backend._get_index().searcher()
    base, _ = backend._base_query(query, scoring=scoring)
    return backend._facets(searcher, base, query)


def _column_facets(backend, query):
    searcher, generation = backend._snapshot()
    columns = backend._facet_columns(searcher, generation, wait=True)
    base = None if embedded_module._matches_all(query) else backend._base_query(query, scoring=False)[0]
    return backend._facet_values(backend._column_facets(searcher, base, columns, query), query)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.text}|{dict(q.filters)}|{q.geo}")
def test_every_way_of_counting_gives_the_same_counts(backend, query):
    query = SearchQuery(text=query.text, filters=query.filters, geo=query.geo, facets=FACETS)
    # Aggregations over the full (scoring) query are the reference.
    expected = _aggregation_facets(backend, query)
    assert _aggregation_facets(backend, query, scoring=False) == expected  # the slim counting query
    assert _column_facets(backend, query) == expected  # the numpy columns
    assert backend.search(query).facets == expected


@pytest.mark.parametrize(
    "text", ["hydrogen", "waterstof", "Wasserstoff", "recycling", "Fraunhover", "fuel cell", "elektrolyse"]
)
def test_the_counting_query_matches_what_the_search_matches(backend, text):
    searcher = backend._get_index().searcher()
    query = SearchQuery(text=text)
    full, _ = backend._base_query(query)
    slim, _ = backend._base_query(query, scoring=False)
    matched = {(addr.segment_ord, addr.doc) for _, addr in searcher.search(full, limit=100).hits}
    assert matched  # the fixtures have matches for every one of these
    assert {(addr.segment_ord, addr.doc) for _, addr in searcher.search(slim, limit=100).hits} == matched


def test_facet_counts_add_up_to_the_total(backend):
    results = backend.search(SearchQuery(text="hydrogen", facets=("country", "type", "sme")))
    for facet in ("country", "type", "sme"):
        assert sum(results.facet_counts(facet).values()) == results.total


def test_columns_follow_index_changes(backend, organisations):
    query = SearchQuery(filters={"country": ["NL"]}, facets=("country", "type"))
    before = backend.search(query).facet_counts("country")
    dutch = [o for o in organisations if o["country"] == "NL"]
    moved = {**dutch[0], "country": "DE"}
    backend.index([moved])
    after = backend.search(query).facet_counts("country")
    assert after["NL"] == before["NL"] - 1 and after["DE"] == before["DE"] + 1
    backend.delete([dutch[1]["id"]])
    results = backend.search(query)
    assert results.facet_counts("country")["NL"] == before["NL"] - 2
    assert results.facets == _aggregation_facets(backend, query)


def test_large_indexes_read_columns_in_the_background(backend, monkeypatch):
    monkeypatch.setattr(embedded_module, "SYNC_COLUMNS_MAX_DOCS", 0)
    backend.index([])  # nothing changes
    backend._columns_generation = -1  # as after a change
    query = SearchQuery(filters={"country": ["DE"], "cluster": ["battery_hydrogen"]}, facets=FACETS)
    first = backend.search(query).facets  # answered by the aggregations while the columns are read
    deadline = time.monotonic() + 10
    while backend._columns_generation != backend._generation and time.monotonic() < deadline:
        time.sleep(0.05)
    assert backend._columns_generation == backend._generation
    assert backend.search(query).facets == first


@pytest.mark.parametrize(
    "query",
    [
        SearchQuery(geo=GeoFilter(*ENSCHEDE, km=80), sort="distance", page_size=5),
        SearchQuery(
            geo=GeoFilter(*ENSCHEDE, km=300), filters={"country": ["DE"]}, sort="distance", page=2, page_size=3
        ),
        SearchQuery(geo=GeoFilter(*ENSCHEDE), filters={"cluster": ["battery_hydrogen"]}),  # no radius: nearest first
    ],
)
def test_distance_pages_from_the_columns_equal_those_from_the_index(backend, query, monkeypatch):
    query = SearchQuery(
        filters=query.filters, geo=query.geo, sort=query.sort, page=query.page, page_size=query.page_size, facets=FACETS
    )
    from_columns = backend.search(query)
    assert backend._columns is not None
    monkeypatch.setattr(backend, "_facet_columns", lambda *args, **kwargs: None)
    from_index = backend.search(query)
    assert from_columns.total == from_index.total > 0
    assert from_columns.ids == from_index.ids
    assert [h.distance_km for h in from_columns.hits] == pytest.approx([h.distance_km for h in from_index.hits])
    assert from_columns.facets == from_index.facets
