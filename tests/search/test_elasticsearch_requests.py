"""What the Elasticsearch backend sends, checked through a recording transport (no server is contacted).

These tests pin the request bodies, the index template, the analysis chain, timeouts, the retry policy, bulk
error reporting, the alias swap and the fallback to the embedded backend. Whether a real cluster answers as
expected is covered by the conformance suite, which runs against Elasticsearch when ELASTICSEARCH_URL is set.
"""

from unittest import mock

import pytest

from search.backends.base import GeoFilter, SearchQuery
from search.backends.elasticsearch import ElasticsearchBackend

from .conftest import ORGANISATIONS, SYNONYM_GROUPS
from .recording_transport import Recorder, recording_client

ALIAS = "techland-organisations"
EMPTY_SEARCH = {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}, "aggregations": {}}


def bulk_ok(body):
    items = []
    for line in body:
        if "index" in line:
            items.append({"index": {"_id": line["index"]["_id"], "status": 201}})
        elif "delete" in line:
            items.append({"delete": {"_id": line["delete"]["_id"], "status": 200}})
    return {"errors": False, "items": items}


@pytest.fixture
def recorder():
    rec = Recorder()
    rec.on("GET", f"/_alias/{ALIAS}", {f"{ALIAS}-v1": {"aliases": {ALIAS: {}}}})
    rec.on("POST", "/_search", EMPTY_SEARCH)
    rec.on("PUT", "/_bulk", bulk_ok)
    rec.on("POST", "/_bulk", bulk_ok)
    rec.on("GET", "/_count", {"count": 32})
    rec.on("POST", "/_count", {"count": 32})
    return rec


@pytest.fixture
def fallback(make_backend):
    backend = make_backend("embedded")
    backend.index(ORGANISATIONS)
    return backend


@pytest.fixture
def es(recorder, fallback):
    return ElasticsearchBackend(
        "http://recording.invalid:9200",
        client=recording_client(recorder),
        synonym_groups=SYNONYM_GROUPS,
        fallback=fallback,
        timeout=3.0,
        write_timeout=45.0,
    )


# Index template and analysis -----------------------------------------------------------------------------------------
def test_template_covers_every_versioned_index(es, recorder):
    es.put_template()
    (request,) = recorder.calls("PUT", "/_index_template/")
    assert request.path == f"/_index_template/{ALIAS}-template"
    assert request.body["index_patterns"] == [f"{ALIAS}-v*"]
    assert request.body["priority"] == 100
    assert request.request_timeout == 45.0


def test_analyzers_per_language_with_folding_decompounding_and_synonyms(es):
    analysis = es.template_body()["template"]["settings"]["analysis"]
    analyzers = analysis["analyzer"]
    folding = ["lowercase", "german_normalization", "asciifolding"]
    assert analyzers["tl_de"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": [*folding, "tl_decompound", "tl_stem_de"],
    }
    assert analyzers["tl_nl"]["filter"] == [*folding, "tl_decompound", "tl_stem_nl"]
    assert analyzers["tl_en"]["filter"] == [*folding, "tl_stem_en"]  # no decompounding for English
    # Synonyms are expanded at search time only (synonym_graph must not run at index time).
    for lang in ("en", "nl", "de"):
        assert analyzers[f"tl_{lang}_search"]["filter"] == [*folding, "tl_synonyms", f"tl_stem_{lang}"]
    assert analyzers["tl_autocomplete"]["filter"] == [*folding, "tl_edge"]
    filters = analysis["filter"]
    assert filters["tl_stem_de"] == {"type": "stemmer", "language": "light_german"}
    assert filters["tl_stem_nl"] == {"type": "stemmer", "language": "dutch"}
    assert filters["tl_stem_en"] == {"type": "stemmer", "language": "english"}
    assert filters["tl_edge"] == {"type": "edge_ngram", "min_gram": 3, "max_gram": 20}
    decompound = filters["tl_decompound"]
    assert decompound["type"] == "dictionary_decompounder"
    assert {"wasserstoff", "waterstof", "batterie", "batterij", "recycling", "technologie"} <= set(
        decompound["word_list"]
    )
    assert decompound["word_list"] == sorted(decompound["word_list"])
    assert analysis["normalizer"]["tl_keyword"] == {"type": "custom", "filter": ["lowercase", "asciifolding"]}


def test_synonym_graph_is_generated_from_the_taxonomy(es):
    synonyms = es.template_body()["template"]["settings"]["analysis"]["filter"]["tl_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert synonyms["lenient"] is True
    assert "hydrogen, waterstof, wasserstoff" in synonyms["synonyms"]
    assert "circular economy, circulaire economie, kreislaufwirtschaft" in synonyms["synonyms"]
    assert len(synonyms["synonyms"]) == len(SYNONYM_GROUPS)


def test_no_synonym_groups_gives_an_empty_rule_list(recorder):
    backend = ElasticsearchBackend("http://recording.invalid:9200", client=recording_client(recorder))
    synonyms = backend.template_body()["template"]["settings"]["analysis"]["filter"]["tl_synonyms"]
    assert synonyms["synonyms"] == []


def test_mappings(es):
    mappings = es.template_body()["template"]["mappings"]
    props = mappings["properties"]
    assert mappings["dynamic"] == "strict"
    assert props["location"] == {"type": "geo_point"}
    for keyword in ("country", "region", "region_path", "type", "clusters", "concepts", "slug"):
        assert props[keyword] == {"type": "keyword"}
    assert props["sme"] == {"type": "boolean"}
    assert props["updated_at"] == {"type": "date"}
    assert props["name"]["fields"]["sort"] == {"type": "keyword", "normalizer": "tl_keyword"}
    assert set(props["name"]["copy_to"]) == {"names", "names_exact", "names_suggest", "all_text"}
    assert props["names_exact"] == {"type": "keyword", "normalizer": "tl_keyword"}
    assert props["names_suggest"] == {"type": "text", "analyzer": "tl_autocomplete", "search_analyzer": "tl_folded"}
    for lang in ("en", "nl", "de"):
        assert props["descriptions"]["properties"][lang] == {
            "type": "text",
            "analyzer": f"tl_{lang}",
            "search_analyzer": f"tl_{lang}_search",
            "copy_to": ["all_text"],
        }
    all_text = props["all_text"]
    assert all_text["analyzer"] == "tl_folded_compound" and all_text["search_analyzer"] == "tl_folded_search"
    assert set(all_text["fields"]) == {"en", "nl", "de"}
    assert props["concept_labels"]["fields"]["raw"] == {"type": "keyword"}


# Search request bodies --------------------------------------------------------------------------------------------------
def test_search_request_body(es, recorder):
    es.search(
        SearchQuery(
            text="Waterstof",
            filters={"country": ["DE"], "cluster": ["battery_hydrogen"]},
            facets=("country", "cluster", "type"),
            page=2,
            page_size=10,
            language="nl",
        )
    )
    (request,) = recorder.calls("POST", "/_search")
    assert request.path == f"/{ALIAS}/_search"
    fields = ["names^3", "all_text", "all_text.en", "all_text.nl", "all_text.de"]
    assert request.body == {
        "query": {
            "bool": {
                "must": [
                    {
                        "bool": {
                            "minimum_should_match": 1,
                            "should": [
                                {
                                    "multi_match": {
                                        "query": "Waterstof",
                                        "fields": fields,
                                        "operator": "and",
                                        "type": "most_fields",
                                    }
                                },
                                {
                                    "match": {
                                        "all_text": {
                                            "query": "Waterstof",
                                            "operator": "and",
                                            "fuzziness": "AUTO:5,9",
                                            "prefix_length": 1,
                                            "analyzer": "tl_folded",
                                            "boost": 0.4,
                                        }
                                    }
                                },
                            ],
                        }
                    }
                ],
                "should": [{"constant_score": {"filter": {"term": {"names_exact": "waterstof"}}, "boost": 40.0}}],
            }
        },
        "post_filter": {
            "bool": {"filter": [{"terms": {"country": ["DE"]}}, {"terms": {"clusters": ["battery_hydrogen"]}}]}
        },
        "aggs": {
            "country": {
                "filter": {"bool": {"filter": [{"terms": {"clusters": ["battery_hydrogen"]}}]}},
                "aggs": {"values": {"terms": {"field": "country", "size": 60}}},
            },
            "cluster": {
                "filter": {"bool": {"filter": [{"terms": {"country": ["DE"]}}]}},
                "aggs": {"values": {"terms": {"field": "clusters", "size": 10}}},
            },
            "type": {
                "filter": {
                    "bool": {"filter": [{"terms": {"country": ["DE"]}}, {"terms": {"clusters": ["battery_hydrogen"]}}]}
                },
                "aggs": {"values": {"terms": {"field": "type", "size": 10}}},
            },
        },
        "sort": ["_score", {"name.sort": "asc"}, {"id": "asc"}],
        "size": 10,
        "from": 10,
        "track_total_hits": True,
        "track_scores": True,
        "timeout": "2s",
        "highlight": {
            "fields": {
                "name": {"number_of_fragments": 0},
                "descriptions.nl": {},
                "descriptions.en": {},
                "descriptions.de": {},
            },
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fragment_size": 180,
            "number_of_fragments": 1,
        },
    }
    assert request.request_timeout == 3.0


def test_filters_only_lists_the_most_active_first_and_matches_all(es):
    body = es.build_search(SearchQuery(filters={"sme": ["true"], "region": ["NL21"]})).to_dict()
    assert body["query"] == {"bool": {"must": [{"match_all": {}}]}}
    assert body["post_filter"] == {
        "bool": {"filter": [{"terms": {"sme": [True]}}, {"terms": {"region_path": ["NL21"]}}]}
    }
    assert body["sort"] == [{"n_projects": "desc"}, {"name.sort": "asc"}, {"id": "asc"}]
    assert es.build_search(SearchQuery(sort="name")).to_dict()["sort"] == [{"name.sort": "asc"}, {"id": "asc"}]
    assert "highlight" not in body or "fields" not in body["highlight"]


def test_geo_filter_and_distance_sort(es):
    body = es.build_search(SearchQuery(geo=GeoFilter(52.22, 6.9, 25), sort="distance", facets=("sme",))).to_dict()
    assert body["query"]["bool"]["filter"] == [
        {"geo_distance": {"distance": "25km", "location": {"lat": 52.22, "lon": 6.9}}}
    ]
    assert body["sort"] == [
        {
            "_geo_distance": {
                "location": {"lat": 52.22, "lon": 6.9},
                "order": "asc",
                "unit": "km",
                "distance_type": "arc",
                "ignore_unmapped": True,
            }
        },
        {"id": "asc"},
    ]
    assert body["aggs"] == {
        "sme": {"filter": {"match_all": {}}, "aggs": {"values": {"terms": {"field": "sme", "size": 2}}}}
    }


def test_sort_by_updated(es):
    assert es.build_search(SearchQuery(text="robot", sort="updated")).to_dict()["sort"] == [
        {"updated_at": "desc"},
        {"id": "asc"},
    ]


def test_response_is_parsed_into_results(es, recorder):
    recorder.on(
        "POST",
        "/_search",
        {
            "hits": {
                "total": {"value": 41, "relation": "eq"},
                "hits": [
                    {
                        "_id": "1",
                        "_score": 12.5,
                        "_source": ORGANISATIONS[0],
                        "sort": [12.5, "universiteit twente", 1, 3.2],
                        "highlight": {"descriptions.de": ["Forschung zu <mark>Wasserstoff</mark>"]},
                    }
                ],
            },
            "aggregations": {
                "country": {
                    "doc_count": 41,
                    "values": {"buckets": [{"key": "NL", "doc_count": 30}, {"key": "DE", "doc_count": 11}]},
                },
                "sme": {
                    "doc_count": 41,
                    "values": {
                        "buckets": [
                            {"key": 0, "key_as_string": "false", "doc_count": 40},
                            {"key": 1, "key_as_string": "true", "doc_count": 1},
                        ]
                    },
                },
            },
        },
    )
    results = es.search(
        SearchQuery(
            text="waterstof", geo=GeoFilter(52.2, 6.9, 50), facets=("country", "sme"), filters={"country": ["NL"]}
        )
    )
    assert results.total == 41 and results.ids == [1] and results.backend == "elasticsearch" and not results.degraded
    assert results.hits[0].distance_km == 3.2
    assert results.hits[0].highlights == {
        "description": "Forschung zu <mark>Wasserstoff</mark>",
        "description_language": "de",
    }
    assert results.facet_counts("country") == {"NL": 30, "DE": 11}
    assert [fv.selected for fv in results.facets["country"]] == [True, False]
    assert results.facet_counts("sme") == {False: 40, True: 1}


def test_autocomplete_request_body(es, recorder):
    es.autocomplete("Fra", limit=8)
    (request,) = recorder.calls("POST", "/_search")
    assert request.body == {
        "query": {
            "bool": {
                "must": [{"match": {"names_suggest": {"query": "Fra", "operator": "and"}}}],
                "should": [{"match_phrase_prefix": {"name": {"query": "Fra", "boost": 10}}}],
            }
        },
        "aggs": {
            "concepts": {
                "filter": {"match": {"concept_suggest": {"query": "Fra", "operator": "and"}}},
                "aggs": {"labels": {"terms": {"field": "concept_labels.raw", "size": 200}}},
            }
        },
        "size": 8,
        "timeout": "2s",
        "_source": ["id", "slug", "name"],
    }


def test_autocomplete_needs_three_letters_and_sends_nothing_before(es, recorder):
    assert es.autocomplete("Fr") == []
    assert recorder.calls("POST", "/_search") == []


# Writes -----------------------------------------------------------------------------------------------------------------
def test_bulk_indexing_sends_ndjson_in_one_request(es, recorder):
    report = es.index(ORGANISATIONS[:3])
    (request,) = recorder.calls(path_contains="/_bulk")
    assert request.path == f"/{ALIAS}-v1/_bulk" and "refresh=wait_for" in request.query
    assert request.body[0] == {"index": {"_id": "1"}}
    assert request.body[1]["name"] == "Universiteit Twente" and "source_id" not in request.body[1]
    assert request.body[1]["region_path"] == ["NL2", "NL21", "NL213"]
    assert len(request.body) == 6
    assert report.indexed == 3 and report.errors == []
    assert request.request_timeout == 45.0


def test_bulk_errors_are_reported_per_document(es, recorder):
    recorder.on(
        "PUT",
        "/_bulk",
        {
            "errors": True,
            "items": [
                {"index": {"_id": "1", "status": 201}},
                {
                    "index": {
                        "_id": "2",
                        "status": 400,
                        "error": {"type": "mapper_parsing_exception", "reason": "failed to parse field [location]"},
                    }
                },
            ],
        },
    )
    invalid = dict(ORGANISATIONS[2], country="Netherlands")
    report = es.index([*ORGANISATIONS[:2], invalid])
    assert report.indexed == 1
    assert report.errors[0] == "document 3: country must be an ISO code"
    assert report.errors[1] == "document 2: failed to parse field [location]"


def test_delete_goes_through_bulk(es, recorder):
    es.delete([5, 6])
    (request,) = recorder.calls(path_contains="/_bulk")
    assert request.body == [{"delete": {"_id": "5"}}, {"delete": {"_id": "6"}}]


def test_rebuild_fills_a_new_version_then_swaps_the_alias_atomically(es, recorder):
    report = es.rebuild(iter([ORGANISATIONS[:2], ORGANISATIONS[2:3]]))
    assert report.indexed == 3
    sequence = [(r.method, r.path) for r in recorder.requests]
    new_index = next(r.path for r in recorder.requests if r.method == "PUT" and r.path.startswith(f"/{ALIAS}-v2"))
    name = new_index.strip("/")
    assert sequence == [
        ("PUT", f"/_index_template/{ALIAS}-template"),
        ("PUT", f"/{name}"),
        ("PUT", f"/{name}/_bulk"),
        ("PUT", f"/{name}/_bulk"),
        ("PUT", f"/{name}/_settings"),
        ("POST", f"/{name}/_refresh"),
        ("GET", f"/_alias/{ALIAS}"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{ALIAS}-v1"),
    ]
    create = recorder.calls("PUT", f"/{name}")[0]
    assert create.body == {"settings": {"refresh_interval": "-1"}}
    swap = recorder.calls("POST", "/_aliases")[0]
    assert swap.body == {
        "actions": [
            {"remove": {"index": f"{ALIAS}-v1", "alias": ALIAS}},
            {"add": {"index": name, "alias": ALIAS}},
        ]
    }
    # The embedded standby was rebuilt from the same batches.
    assert es.fallback.status().documents == 3


# Timeouts, retries and fallback ---------------------------------------------------------------------------------------
def test_every_call_has_a_timeout(es, recorder):
    es.search(SearchQuery(text="robot"))
    es.autocomplete("rob")
    es.index(ORGANISATIONS[:1])
    es.delete([1])
    es.status()
    es.rebuild(iter([ORGANISATIONS[:1]]))
    assert recorder.requests
    for request in recorder.requests:
        assert isinstance(request.request_timeout, float), request


def test_reads_retry_and_then_fall_back_to_the_embedded_backend(es, recorder):
    recorder.unreachable = True
    with mock.patch("search.backends.elasticsearch.logger") as log:
        results = es.search(SearchQuery(text="waterstof", facets=("country",)))
    assert len(recorder.calls("POST", "/_search")) == 1 + 2  # first try and two retries
    assert results.degraded and results.backend == "embedded"
    assert 1 in results.ids and results.facet_counts("country")
    assert log.warning.called and "unreachable" in log.warning.call_args[0][0]


def test_after_a_failure_searches_skip_elasticsearch_for_a_while(es, recorder):
    recorder.unreachable = True
    with mock.patch("search.backends.elasticsearch.logger"):
        es.search(SearchQuery(text="robot"))
        attempts = len(recorder.requests)
        again = es.search(SearchQuery(text="robot"))
        assert len(recorder.requests) == attempts  # answered by the standby without waiting on timeouts
        assert again.degraded
        es._skip_until = 0  # the pause is over: Elasticsearch is tried again
        recorder.unreachable = False
        assert not es.search(SearchQuery(text="robot")).degraded


def test_autocomplete_falls_back_too(es, recorder):
    recorder.unreachable = True
    labels = [s.label for s in es.autocomplete("Fraunh")]
    assert any("Fraunhofer" in label for label in labels)


def test_writes_are_never_retried(es, recorder):
    recorder.unreachable = True
    with mock.patch("search.backends.elasticsearch.logger"):
        report = es.index([dict(ORGANISATIONS[0], name="Universiteit Twente Testlab")])
    bulk_calls = recorder.calls(path_contains="/_bulk")
    assert len(bulk_calls) <= 1
    assert len(recorder.calls("GET", "/_alias/")) == 3  # the alias lookup is a read
    assert report.errors and "unreachable" in report.errors[0]
    # ... but the embedded standby was updated.
    assert es.fallback.search(SearchQuery(text="Testlab")).ids == [1]


def test_status_reports_degraded_when_unreachable(es, recorder):
    recorder.unreachable = True
    with mock.patch("search.backends.elasticsearch.logger"):
        status = es.status()
    assert status.state == "degraded" and status.documents == len(ORGANISATIONS)
    assert "embedded" in status.detail


def test_status_when_reachable(es, recorder):
    status = es.status()
    assert (status.state, status.documents, status.location) == ("ok", 32, f"{ALIAS}-v1")
