"""The Elasticsearch backend, written with elasticsearch.dsl.

* An index template (`<name>-template` for `<name>-v*`) carries the analysis settings and mappings: per-language
  analyzers (English, Dutch, German stemming, with German/Dutch dictionary decompounding), diacritic and umlaut
  folding, a synonym graph from the concept taxonomy at search time, edge n-grams for autocomplete, keyword facets
  and a geo_point.
* Documents live in versioned indexes (`<name>-v20261123t101500`); the alias `<name>` points at the live one.
  A rebuild fills a new version and swaps the alias in one atomic `_aliases` call.
* Every call has a timeout; reads retry (twice, also on timeouts), writes never retry.
* If the cluster cannot be reached, searches and autocomplete are answered by the embedded backend (kept in sync
  as a warm standby), logged, and /health/ reports "degraded".
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Mapping,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from search.analysis import Lexicon, fold, region_prefixes, words
from search.backends.base import (
    MIN_AUTOCOMPLETE_CHARS,
    FacetValue,
    Hit,
    IndexReport,
    IndexStatus,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.documents import InvalidDocument, validate_document

logger = logging.getLogger(__name__)

FILTER_FIELDS = {
    "cluster": "clusters",
    "country": "country",
    "region": "region",
    "type": "type",
    "sme": "sme",
    "concept": "concepts",
}
FACET_SIZES = {"cluster": 10, "country": 60, "region": 500, "type": 10, "sme": 2, "concept": 500}
SEARCH_TIMEOUT = "2s"  # server-side budget inside each search request
READ_RETRIES = 2
BULK_CHUNK = 1000
EXACT_NAME_BOOST = 40.0
LANGUAGES = ("en", "nl", "de")
# Exceptions after which the embedded backend answers instead.
UNREACHABLE = (TransportError,)


def analysis_components(lexicon: Lexicon) -> dict:
    """The analyzers, built from the taxonomy's synonym groups and compound word list."""
    folding = ["lowercase", "german_normalization", "asciifolding"]
    decompound = token_filter(
        "tl_decompound",
        type="dictionary_decompounder",
        word_list=sorted(lexicon.compound_parts),
        min_word_size=7,
        min_subword_size=4,
        max_subword_size=24,
        only_longest_match=False,
    )
    synonyms = token_filter("tl_synonyms", type="synonym_graph", synonyms=lexicon.synonym_rules(), lenient=True)
    stemmers = {
        "en": token_filter("tl_stem_en", type="stemmer", language="english"),
        "nl": token_filter("tl_stem_nl", type="stemmer", language="dutch"),
        "de": token_filter("tl_stem_de", type="stemmer", language="light_german"),
    }
    edge = token_filter("tl_edge", type="edge_ngram", min_gram=MIN_AUTOCOMPLETE_CHARS, max_gram=20)
    components = {
        "folded": analyzer("tl_folded", tokenizer="standard", filter=folding),
        "folded_compound": analyzer("tl_folded_compound", tokenizer="standard", filter=[*folding, decompound]),
        "folded_search": analyzer("tl_folded_search", tokenizer="standard", filter=[*folding, synonyms]),
        "autocomplete": analyzer("tl_autocomplete", tokenizer="standard", filter=[*folding, edge]),
        "keyword": normalizer("tl_keyword", filter=["lowercase", "asciifolding"]),
    }
    for lang in LANGUAGES:
        compound = [decompound] if lang in ("de", "nl") else []
        components[lang] = analyzer(f"tl_{lang}", tokenizer="standard", filter=[*folding, *compound, stemmers[lang]])
        components[f"{lang}_search"] = analyzer(
            f"tl_{lang}_search", tokenizer="standard", filter=[*folding, synonyms, stemmers[lang]]
        )
    return components


def build_index(name: str, lexicon: Lexicon) -> Index:
    """The index definition (settings, analysis and mappings); its template covers every version."""
    c = analysis_components(lexicon)

    def lang_text(lang: str, **kwargs) -> Text:
        return Text(analyzer=c[lang], search_analyzer=c[f"{lang}_search"], **kwargs)

    all_text = Text(
        analyzer=c["folded_compound"],
        search_analyzer=c["folded_search"],
        fields={lang: lang_text(lang) for lang in LANGUAGES},
    )
    names_copy = ["names", "names_exact", "names_suggest", "all_text"]
    index = Index(name)
    index.settings(
        number_of_shards=1,
        number_of_replicas=0,
        max_result_window=10_000,
    )
    mapping = Mapping()
    for field_name, field in {
        "id": Integer(),
        "slug": Keyword(),
        "name": Text(
            analyzer=c["folded"],
            copy_to=names_copy,
            fields={"sort": Keyword(normalizer=c["keyword"])},
        ),
        "short_name": Text(analyzer=c["folded"], copy_to=names_copy),
        "aliases": Text(analyzer=c["folded"], copy_to=names_copy),
        "names": Text(analyzer=c["folded_compound"], search_analyzer=c["folded"]),
        "names_exact": Keyword(normalizer=c["keyword"]),
        "names_suggest": Text(analyzer=c["autocomplete"], search_analyzer=c["folded"]),
        "descriptions": Object(
            properties={lang: lang_text(lang, copy_to=["all_text"]) for lang in LANGUAGES},
        ),
        "project_text": Text(analyzer=c["folded"], copy_to=["all_text"]),
        "concept_labels": Text(
            analyzer=c["folded"],
            copy_to=["all_text", "concept_suggest"],
            fields={"raw": Keyword()},
        ),
        "concept_suggest": Text(analyzer=c["autocomplete"], search_analyzer=c["folded"]),
        "all_text": all_text,
        "concepts": Keyword(),
        "clusters": Keyword(),
        "country": Keyword(),
        "region": Keyword(),
        "region_path": Keyword(),  # the region and the regions containing it, for filtering
        "city": Text(analyzer=c["folded"], copy_to=["all_text"], fields={"raw": Keyword()}),
        "type": Keyword(),
        "sme": Boolean(),
        "location": GeoPoint(),
        "updated_at": Date(),
        "n_projects": Integer(),
    }.items():
        mapping.field(field_name, field)
    index.mapping(mapping)
    return index


def _exact_name(text: str) -> str:
    return " ".join(fold(w) for w in words(text))


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        *,
        index_name: str = "techland-organisations",
        synonym_groups: Iterable[Iterable[str]] = (),
        fallback=None,
        timeout: float = 5.0,
        write_timeout: float = 60.0,
        client: Elasticsearch | None = None,
        retry_after: float = 30.0,
    ):
        self.url = url
        self.alias = index_name
        self.lexicon = Lexicon(synonym_groups)
        self.fallback = fallback
        self.timeout = timeout
        self.write_timeout = write_timeout
        self.client = client or Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)
        self.degraded_reason = ""
        self.retry_after = retry_after
        self._skip_until = 0.0  # while unreachable, go straight to the fallback until this monotonic time

    @property
    def circuit_open(self) -> bool:
        return time.monotonic() < self._skip_until

    # Clients with the call policy -------------------------------------------------------------------------------
    @property
    def reader(self) -> Elasticsearch:
        return self.client.options(request_timeout=self.timeout, max_retries=READ_RETRIES, retry_on_timeout=True)

    @property
    def writer(self) -> Elasticsearch:
        return self.client.options(request_timeout=self.write_timeout, max_retries=0, retry_on_timeout=False)

    # Definitions ------------------------------------------------------------------------------------------------
    @property
    def template_name(self) -> str:
        return f"{self.alias}-template"

    def index_definition(self, name: str | None = None) -> Index:
        return build_index(name or self.alias, self.lexicon)

    def template_body(self) -> dict:
        """The composable index template as sent to PUT /_index_template/<name>."""
        body = (
            self.index_definition()
            .as_composable_template(self.template_name, pattern=f"{self.alias}-v*", priority=100)
            .to_dict()
        )
        # Unknown fields are rejected instead of guessed: the document contract is the whole mapping.
        body["template"]["mappings"]["dynamic"] = "strict"
        return body

    def put_template(self) -> None:
        self.writer.indices.put_index_template(name=self.template_name, body=self.template_body())

    def _new_index_name(self) -> str:
        return f"{self.alias}-v{datetime.now(UTC).strftime('%Y%m%dt%H%M%S%f')}"

    def _alias_targets(self) -> list[str]:
        try:
            return sorted(self.reader.indices.get_alias(name=self.alias).body)
        except ApiError as exc:
            if exc.meta.status == 404:
                return []
            raise

    def ensure_index(self) -> str:
        """The live index; creates a first version behind the alias when there is none."""
        targets = self._alias_targets()
        if targets:
            return targets[0]
        self.put_template()
        name = self._new_index_name()
        self.writer.indices.create(index=name, aliases={self.alias: {}})
        return name

    # Writes -----------------------------------------------------------------------------------------------------
    @staticmethod
    def _source(doc: dict) -> dict:
        return {**doc, "region_path": region_prefixes(doc["region"])}

    def _bulk(self, index: str, documents: Iterable[dict], report: IndexReport, *, refresh: bool | str = False):
        lines: list[dict] = []

        def flush() -> None:
            if not lines:
                return
            response = self.writer.bulk(operations=lines, index=index, refresh=refresh)
            for item in response["items"]:
                action = next(iter(item.values()))
                if action.get("error"):
                    reason = action["error"].get("reason", action["error"].get("type", "error"))
                    report.errors.append(f"document {action.get('_id')}: {reason}")
                else:
                    report.indexed += 1
            lines.clear()

        for raw in documents:
            try:
                doc = validate_document(raw)
            except InvalidDocument as exc:
                report.errors.append(str(exc))
                continue
            lines.append({"index": {"_id": str(doc["id"])}})
            lines.append(self._source(doc))
            if len(lines) >= 2 * BULK_CHUNK:
                flush()
        flush()

    def index(self, documents: Iterable[dict]) -> IndexReport:
        documents = list(documents)
        report = IndexReport()
        if self.fallback is not None:
            self.fallback.index(documents)
        try:
            self._bulk(self.ensure_index(), documents, report, refresh="wait_for")
        except UNREACHABLE as exc:
            self._mark_degraded(exc)
            report.errors.append(f"Elasticsearch unreachable: {type(exc).__name__}; the embedded index was updated")
        return report

    def delete(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if self.fallback is not None:
            self.fallback.delete(ids)
        if not ids:
            return
        try:
            operations = [{"delete": {"_id": str(i)}} for i in ids]
            self.writer.bulk(operations=operations, index=self.alias, refresh="wait_for")
        except UNREACHABLE as exc:
            self._mark_degraded(exc)
            logger.error("Search: could not delete %s from Elasticsearch", ids[:20])

    def clear(self) -> None:
        if self.fallback is not None:
            self.fallback.clear()
        self.writer.delete_by_query(
            index=self.ensure_index(), query={"match_all": {}}, refresh=True, conflicts="proceed"
        )

    def rebuild(self, batches: Iterator[list[dict]], *, progress=None) -> IndexReport:
        """Fill a new versioned index, then move the alias to it in one atomic call and drop older versions."""
        self.put_template()
        name = self._new_index_name()
        self.writer.indices.create(index=name, settings={"refresh_interval": "-1"})
        report = IndexReport()
        mirror = []
        try:
            for batch in batches:
                batch = list(batch)
                if self.fallback is not None:
                    mirror.append(batch)
                self._bulk(name, batch, report)
                if progress:
                    progress(report.indexed)
            self.writer.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
            self.writer.indices.refresh(index=name)
        except BaseException:
            self.writer.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = self._alias_targets()
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.writer.indices.update_aliases(actions=actions)
        for stale in old:
            self.writer.indices.delete(index=stale, ignore_unavailable=True)
        if self.fallback is not None:
            self.fallback.rebuild(iter(mirror))
        return report

    def ids(self) -> set[int]:
        found: set[int] = set()
        response = self.reader.search(
            index=self.alias, query={"match_all": {}}, source=False, size=5000, scroll="2m", sort=["_doc"]
        )
        scroll_id = response.get("_scroll_id")
        try:
            while response["hits"]["hits"]:
                found.update(int(h["_id"]) for h in response["hits"]["hits"])
                response = self.reader.scroll(scroll_id=scroll_id, scroll="2m")
                scroll_id = response.get("_scroll_id")
        finally:
            if scroll_id:
                self.reader.clear_scroll(scroll_id=scroll_id)
        return found

    def status(self) -> IndexStatus:
        if self.circuit_open:
            return self._degraded_status()
        try:
            targets = self._alias_targets()
            if not targets:
                return IndexStatus(self.name, "missing", location=self.url, detail=f"alias {self.alias} not found")
            count = self.reader.count(index=self.alias)["count"]
            self.degraded_reason = ""
            return IndexStatus(self.name, "ok" if count else "empty", documents=count, location=targets[0])
        except UNREACHABLE as exc:
            self._mark_degraded(exc)
            return self._degraded_status()

    def _degraded_status(self) -> IndexStatus:
        fallback = self.fallback.status() if self.fallback is not None else None
        return IndexStatus(
            self.name,
            "degraded",
            documents=fallback.documents if fallback else 0,
            location=self.url,
            detail="Elasticsearch unreachable; answering from the embedded index",
        )

    def _mark_degraded(self, exc: Exception) -> None:
        self.degraded_reason = type(exc).__name__
        self._skip_until = time.monotonic() + self.retry_after
        logger.warning("Search: Elasticsearch at %s unreachable (%s); using the embedded index", self.url, exc)

    # Queries ----------------------------------------------------------------------------------------------------
    def _filter_clause(self, name: str, values: tuple) -> Q:
        field = "region_path" if name == "region" else FILTER_FIELDS[name]  # a region includes its subregions
        return Q("terms", **{field: list(values)})

    def build_search(self, query: SearchQuery) -> Search:
        """The request body for a query: base query, post_filter, one filter aggregation per facet, sort, page."""
        s = Search(index=self.alias)
        must = []
        should = []
        if query.text:
            fields = ["names^3", "all_text", "all_text.en", "all_text.nl", "all_text.de"]
            must.append(
                Q(
                    "bool",
                    should=[
                        Q("multi_match", query=query.text, fields=fields, type="most_fields", operator="and"),
                        Q(
                            "match",
                            all_text={
                                "query": query.text,
                                "operator": "and",
                                "fuzziness": "AUTO:5,9",
                                "prefix_length": 1,
                                "analyzer": "tl_folded",
                                "boost": 0.4,
                            },
                        ),
                    ],
                    minimum_should_match=1,
                )
            )
            should.append(
                Q("constant_score", filter=Q("term", names_exact=_exact_name(query.text)), boost=EXACT_NAME_BOOST)
            )
        geo_filter = []
        if query.geo is not None and query.geo.km is not None:
            geo_filter.append(
                Q(
                    "geo_distance",
                    distance=f"{query.geo.km}km",
                    location={"lat": query.geo.lat, "lon": query.geo.lon},
                )
            )
        s = s.query(Q("bool", must=must or [Q("match_all")], should=should, filter=geo_filter))
        if query.filters:
            s = s.post_filter(Q("bool", filter=[self._filter_clause(k, v) for k, v in query.filters.items()]))
        for facet in query.facets:
            others = query.filters_except(facet)
            filt = (
                Q("bool", filter=[self._filter_clause(k, v) for k, v in others.items()]) if others else Q("match_all")
            )
            s.aggs.bucket(facet, A("filter", filter=filt)).bucket(
                "values", A("terms", field=FILTER_FIELDS[facet], size=FACET_SIZES[facet])
            )
        sort = query.sort
        if sort == "relevance" and not query.text:
            # Without words to rank by: nearest first around a point, else the most active organisations first.
            sort = "distance" if query.geo is not None else "projects"
        if sort == "relevance":
            s = s.sort("_score", {"name.sort": "asc"}, {"id": "asc"})
        elif sort == "name":
            s = s.sort({"name.sort": "asc"}, {"id": "asc"})
        elif sort == "projects":
            s = s.sort({"n_projects": "desc"}, {"name.sort": "asc"}, {"id": "asc"})
        elif sort == "updated":
            s = s.sort({"updated_at": "desc"}, {"id": "asc"})
        if query.geo is not None:
            geo_sort = {
                "_geo_distance": {
                    "location": {"lat": query.geo.lat, "lon": query.geo.lon},
                    "order": "asc",
                    "unit": "km",
                    "distance_type": "arc",
                    "ignore_unmapped": True,
                }
            }
            # Sorting by distance, or a last sort key only to report each hit's distance.
            s = s.sort(geo_sort, {"id": "asc"}) if sort == "distance" else s.sort(*s._sort, geo_sort)
        lang = query.language
        s = s.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], fragment_size=180, number_of_fragments=1
        )
        if query.text:
            s = s.highlight("name", number_of_fragments=0)
            for other in [lang, *(x for x in LANGUAGES if x != lang)]:
                s = s.highlight(f"descriptions.{other}")
        s = s.extra(
            from_=query.offset,
            size=query.page_size,
            track_total_hits=True,
            timeout=SEARCH_TIMEOUT,
            track_scores=True,
        )
        return s

    def search(self, query: SearchQuery) -> SearchResults:
        if self.circuit_open:
            return self._fallback_search(query, None)
        body = self.build_search(query).to_dict()
        try:
            response = self.reader.search(index=self.alias, body=body)
        except UNREACHABLE as exc:
            return self._fallback_search(query, exc)
        except ApiError as exc:
            if exc.meta.status in (404, 429) or exc.meta.status >= 500:
                return self._fallback_search(query, exc)
            raise
        self.degraded_reason = ""
        return self.parse_response(query, response.body if hasattr(response, "body") else response)

    def _fallback_search(self, query: SearchQuery, exc: Exception | None) -> SearchResults:
        if exc is not None:
            self._mark_degraded(exc)
        if self.fallback is None:
            return SearchResults(0, [], {f: [] for f in query.facets}, query.page, query.page_size, self.name, True)
        results = self.fallback.search(query)
        return SearchResults(
            results.total,
            results.hits,
            results.facets,
            results.page,
            results.page_size,
            backend=results.backend,
            degraded=True,
        )

    def parse_response(self, query: SearchQuery, body: dict) -> SearchResults:
        hits = []
        for raw in body["hits"]["hits"]:
            source = {k: v for k, v in raw["_source"].items() if k != "region_path"}
            highlights = {}
            hl = raw.get("highlight", {})
            if "name" in hl:
                highlights["name"] = hl["name"][0]
            for lang in [query.language, *(x for x in LANGUAGES if x != query.language)]:
                key = f"descriptions.{lang}"
                if key in hl:
                    highlights["description"] = hl[key][0]
                    highlights["description_language"] = lang
                    break
            distance = None
            if query.geo is not None and raw.get("sort"):
                value = raw["sort"][-1] if query.sort != "distance" else raw["sort"][0]
                if isinstance(value, int | float) and value < 1e20:
                    distance = float(value)
            hits.append(Hit(int(raw["_id"]), raw.get("_score"), source, highlights, distance))
        facets = {}
        aggs = body.get("aggregations", {})
        for facet in query.facets:
            selected = set(query.filters.get(facet, ()))
            values = []
            for bucket in aggs.get(facet, {}).get("values", {}).get("buckets", []):
                value = bucket["key"]
                if facet == "sme":
                    value = bucket.get("key_as_string") == "true" or value in (1, True)
                values.append(FacetValue(value, bucket["doc_count"], value in selected))
            present = {fv.value for fv in values}
            values.extend(FacetValue(v, 0, True) for v in query.filters.get(facet, ()) if v not in present)
            values.sort(key=lambda fv: (-fv.count, str(fv.value)))
            facets[facet] = values
        total = body["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else int(total)
        return SearchResults(total, hits, facets, query.page, query.page_size, self.name)

    def build_autocomplete(self, text: str, limit: int) -> dict:
        s = Search(index=self.alias).query(
            Q(
                "bool",
                must=[Q("match", names_suggest={"query": text, "operator": "and"})],
                should=[Q("match_phrase_prefix", name={"query": text, "boost": 10})],
            )
        )
        s.aggs.bucket("concepts", A("filter", filter=Q("match", concept_suggest={"query": text, "operator": "and"})))
        s.aggs["concepts"].bucket("labels", A("terms", field="concept_labels.raw", size=200))
        s = s.source(["id", "slug", "name"]).extra(size=limit, timeout=SEARCH_TIMEOUT)
        return s.to_dict()

    def autocomplete(self, text: str, *, limit: int = 10) -> list[Suggestion]:
        prefix_words = [fold(w) for w in words(text)]
        if not prefix_words or len("".join(prefix_words)) < MIN_AUTOCOMPLETE_CHARS:
            return []
        if self.circuit_open:
            return self.fallback.autocomplete(text, limit=limit) if self.fallback is not None else []
        try:
            body = self.reader.search(index=self.alias, body=self.build_autocomplete(text, limit)).body
        except UNREACHABLE as exc:
            self._mark_degraded(exc)
            return self.fallback.autocomplete(text, limit=limit) if self.fallback is not None else []
        suggestions = [
            Suggestion("organisation", h["_source"]["name"], h["_source"]["slug"], id=int(h["_id"]))
            for h in body["hits"]["hits"]
        ]
        concepts = []
        for bucket in body.get("aggregations", {}).get("concepts", {}).get("labels", {}).get("buckets", []):
            label_words = [fold(w) for w in words(bucket["key"])]
            if all(any(lw.startswith(p) for lw in label_words) for p in prefix_words):
                concepts.append(Suggestion("concept", bucket["key"], bucket["key"], count=bucket["doc_count"]))
        return suggestions + concepts[:limit]


def wait_for_cluster(client: Elasticsearch, seconds: float = 30.0) -> bool:
    """Poll the cluster health until yellow (used by the management command before a rebuild)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            client.options(request_timeout=5, max_retries=0).cluster.health(wait_for_status="yellow", timeout="5s")
            return True
        except TransportError:
            time.sleep(1)
    return False
