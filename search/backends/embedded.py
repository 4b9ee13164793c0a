"""The embedded backend: a tantivy index in its own folder, no server, independent of the main database.

Layout under the index directory::

    current -> v20261123T101500-1a2b        (symbolic link, swapped atomically by a rebuild)
    v20261123T101500-1a2b/                  (a complete tantivy index)

Language analysis: three stemmed copies of the text (English, Dutch, German), a folded unstemmed copy for exact
words and typo tolerance, the names on their own (boosted) and whole (exact-name boost), and edge n-grams of the
names and concept labels for autocomplete. Umlaut spellings and compound parts are added in Python
(search.analysis), so "Muenster", "Münster" and "Munster" meet and "wasserstoff" finds "Wasserstofftechnologie".
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import math
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import tantivy

from search.analysis import (
    Lexicon,
    cells_for_point,
    cover_circle,
    fold,
    haversine_km,
    query_variants,
    region_prefixes,
    umlaut_variants,
    words,
)
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
from search.backends.columns import FacetColumns, disjunctive_counts
from search.documents import CLUSTERS, InvalidDocument, updated_timestamp, validate_document

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "3"  # bump when the schema changes: older index folders are then rebuilt, never misread
LANG_STEMMERS = {"en": "english", "nl": "dutch", "de": "german"}
# Index field for each filter; facet sizes (how many values come back at most).
KEYWORD_FIELDS = {"country": "country", "region": "region", "type": "type", "concept": "concept"}
# The four clusters are boolean columns: counting them is several times faster than a multi-valued column.
CLUSTER_FIELDS = {slug: f"cl_{slug}" for slug in CLUSTERS}
FACET_SIZES = {"cluster": 10, "country": 60, "region": 500, "type": 10, "sme": 2, "concept": 500}
WRITER_HEAP = 256_000_000
EXACT_NAME_BOOST = 40.0
NAME_BOOST = 3.0
FUZZY_BOOST = 0.4
SYNONYM_BOOST = 0.8
LOCK_RETRY_SECONDS = 10.0
# Facet columns (search.backends.columns) are read once per searcher generation: in the request below this many
# documents, in a background thread above it (facets come from tantivy's aggregations until they are ready).
SYNC_COLUMNS_MAX_DOCS = 20_000
COLUMNS_FOR_TEXT = False


def _build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_bytes_field("source", stored=True, indexed=False)
    sb.add_text_field("names", tokenizer_name="fold")
    sb.add_text_field("name_exact", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("plain", tokenizer_name="fold", index_option="freq")
    for lang in LANG_STEMMERS:
        sb.add_text_field(f"all_{lang}", tokenizer_name=f"stem_{lang}", index_option="freq")
        sb.add_text_field(f"desc_{lang}", stored=True, tokenizer_name=f"stem_{lang}")
    sb.add_text_field("suggest", tokenizer_name="edge", index_option="basic")
    sb.add_text_field("concept_suggest", tokenizer_name="edge", index_option="basic")
    sb.add_text_field("concept_label", tokenizer_name="raw", fast=True, index_option="basic")
    for name in KEYWORD_FIELDS.values():
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("cell", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("region_path", tokenizer_name="raw", index_option="basic")
    for field in CLUSTER_FIELDS.values():
        sb.add_boolean_field(field, indexed=True, fast=True)
    sb.add_boolean_field("sme", indexed=True, fast=True)
    sb.add_boolean_field("has_location", indexed=True, fast=True)
    sb.add_float_field("lat", fast=True)
    sb.add_float_field("lon", fast=True)
    sb.add_text_field("name_sort", tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_integer_field("updated", fast=True, indexed=True)
    sb.add_integer_field("n_projects", fast=True)
    return sb.build()


SCHEMA = _build_schema()
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-facets")


def _gather(futures) -> dict:
    raw: dict = {}
    for future in futures:
        raw.update(future.result())
    return raw


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    def base(tokenizer):
        return tantivy.TextAnalyzerBuilder(tokenizer).filter(tantivy.Filter.remove_long(40))

    analyzers = {
        "fold": base(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()),
        "edge": base(tantivy.Tokenizer.ngram(MIN_AUTOCOMPLETE_CHARS, 20, True))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold()),
    }
    for lang, stemmer in LANG_STEMMERS.items():
        analyzers[f"stem_{lang}"] = (
            base(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer(stemmer))
        )
    return {name: builder.build() for name, builder in analyzers.items()}


ANALYZERS = _analyzers()


def _open_index(path: Path) -> tantivy.Index:
    index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
    # Readers reload only when told (after a commit, or when meta.json changed): each reload is a new generation,
    # and the facet columns belong to exactly one generation.
    index.config_reader("manual")
    for name, analyzer in ANALYZERS.items():
        index.register_tokenizer(name, analyzer)
    return index


def _normalise_name(text: str) -> str:
    return " ".join(fold(w) for w in words(text))


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class EmbeddedBackend:
    """tantivy index under `index_dir`; safe for several processes (one writer at a time, readers reload)."""

    name = "embedded"

    def __init__(self, index_dir: str | os.PathLike, *, synonym_groups: Iterable[Iterable[str]] = ()):
        self.root = Path(index_dir)
        self.lexicon = Lexicon(synonym_groups)
        self._lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._index_path: Path | None = None
        self._meta_mtime: float | None = None
        self._generation = 0  # bumped on every reader reload
        self._columns: FacetColumns | None = None
        self._columns_generation = -1
        self._columns_loading: int | None = None  # generation being read in the background

    # Index folders ----------------------------------------------------------------------------------------------
    @property
    def current_link(self) -> Path:
        return self.root / "current"

    def _current_path(self) -> Path | None:
        link = self.current_link
        if not link.is_symlink() and not link.exists():
            return None
        target = Path(os.readlink(link)) if link.is_symlink() else link
        if not target.is_absolute():
            target = self.root / target
        if not (target / "meta.json").exists():
            return None
        try:
            version = (target / "techland-schema").read_text().strip()
        except OSError:
            version = ""
        if version != SCHEMA_VERSION:
            logger.warning(
                "Search: index %s has schema %r, not %r; run `search_index rebuild`", target, version, SCHEMA_VERSION
            )
            return None
        return target

    def _new_version_dir(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.root / f"v{stamp}-{uuid.uuid4().hex[:6]}"
        path.mkdir(parents=True)
        (path / "techland-schema").write_text(SCHEMA_VERSION)
        return path

    def _point_current_to(self, version_dir: Path) -> None:
        """Swap the `current` link atomically (rename over the old link), then drop versions two swaps old."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".current-{uuid.uuid4().hex[:6]}"
        os.symlink(version_dir.name, tmp)
        os.replace(tmp, self.current_link)
        keep = {version_dir.name}
        versions = sorted((p for p in self.root.iterdir() if p.is_dir() and p.name.startswith("v")), reverse=True)
        # Keep the previous version too: processes still reading it finish their queries undisturbed.
        for path in versions:
            if path.name in keep:
                continue
            if len(keep) < 2 and path.name < version_dir.name:
                keep.add(path.name)
                continue
            shutil.rmtree(path, ignore_errors=True)

    def _get_index(self, *, create: bool = False) -> tantivy.Index | None:
        with self._lock:
            path = self._current_path()
            if path is None:
                if not create:
                    self._index = None
                    return None
                self.root.mkdir(parents=True, exist_ok=True)
                path = self._new_version_dir()
                index = _open_index(path)
                self._commit(index, lambda writer: None)
                self._point_current_to(path)
            if self._index is None or path != self._index_path:
                self._index = _open_index(path)
                self._index_path = path
                self._meta_mtime = None
                self._generation += 1
            with contextlib.suppress(OSError):
                mtime = (path / "meta.json").stat().st_mtime_ns
                if mtime != self._meta_mtime:
                    self._index.reload()
                    self._meta_mtime = mtime
                    self._generation += 1
            return self._index

    def _snapshot(self) -> tuple[tantivy.Searcher, int] | None:
        """The current searcher and its generation, taken together."""
        with self._lock:
            index = self._get_index()
            if index is None:
                return None
            return index.searcher(), self._generation

    def _facet_columns(self, searcher, generation: int, *, wait: bool = False) -> FacetColumns | None:
        """The facet columns of this searcher generation, or None while they are read in the background."""
        with self._lock:
            if self._columns_generation == generation:
                return self._columns
            if not wait and searcher.num_docs > SYNC_COLUMNS_MAX_DOCS:
                if self._columns_loading != generation:
                    self._columns_loading = generation
                    threading.Thread(
                        target=self._load_columns, args=(searcher, generation), daemon=True, name="search-columns"
                    ).start()
                return None
        return self._load_columns(searcher, generation)

    def _load_columns(self, searcher, generation: int) -> FacetColumns | None:
        try:
            columns = FacetColumns(searcher, SCHEMA, CLUSTER_FIELDS)
        except Exception:
            logger.exception("Search: could not read the facet columns; facets come from aggregations")
            return None
        with self._lock:
            if generation >= self._columns_generation:
                self._columns, self._columns_generation = columns, generation
            if self._columns_loading == generation:
                self._columns_loading = None
        return columns

    def warm(self) -> None:
        """Read the facet columns of the current index now (otherwise the first searches after a change do)."""
        snapshot = self._snapshot()
        if snapshot is not None:
            self._facet_columns(*snapshot, wait=True)

    def _commit(self, index: tantivy.Index, work: Callable[[tantivy.IndexWriter], None], heap: int = 50_000_000):
        deadline = time.monotonic() + LOCK_RETRY_SECONDS
        while True:
            try:
                writer = index.writer(heap, 1)
                break
            except ValueError as exc:  # another process holds the writer lock
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        try:
            work(writer)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.rollback()
            raise
        with self._lock:
            mtime = None
            with contextlib.suppress(OSError):
                mtime = (Path(self._index_path or "") / "meta.json").stat().st_mtime_ns
            index.reload()
            self._generation += 1
            if index is self._index and mtime is not None:
                self._meta_mtime = mtime  # our own commit: no second reload on the next search

    # Documents -------------------------------------------------------------------------------------------------
    def _to_tantivy(self, doc: dict) -> tantivy.Document:
        names = [doc["name"], doc["short_name"], *doc["aliases"]]
        names = [n for n in names if n]
        descriptions = doc["descriptions"]
        texts = [*names, *descriptions.values(), doc["project_text"], *doc["concept_labels"], doc["city"]]
        full = "\n".join(t for t in texts if t)
        folded = fold(full)
        extra = " ".join(filter(None, (umlaut_variants(full), self.lexicon.compound_text(folded))))
        all_text = f"{full}\n{extra}"
        name_text = " ".join(names)
        name_extra = umlaut_variants(name_text)
        fields: dict[str, object] = {
            "id": doc["id"],
            "source": json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode(),
            "names": f"{name_text} {name_extra}",
            "name_exact": list(dict.fromkeys(_normalise_name(n) for n in names)),
            "plain": all_text,
            "suggest": list(dict.fromkeys(w for n in names for w in words(n))),
            "concept_suggest": list(dict.fromkeys(w for label in doc["concept_labels"] for w in words(label))),
            "concept_label": doc["concept_labels"],
            **{field: slug in doc["clusters"] for slug, field in CLUSTER_FIELDS.items()},
            "country": doc["country"],
            "region": doc["region"],
            "region_path": region_prefixes(doc["region"]),
            "type": doc["type"],
            "concept": doc["concepts"],
            "sme": doc["sme"],
            "has_location": doc["location"] is not None,
            "name_sort": _normalise_name(doc["name"]),
            "updated": updated_timestamp(doc),
            "n_projects": doc["n_projects"],
        }
        for lang in LANG_STEMMERS:
            fields[f"all_{lang}"] = all_text
            fields[f"desc_{lang}"] = descriptions.get(lang, "")
        if doc["location"] is not None:
            lat, lon = doc["location"]["lat"], doc["location"]["lon"]
            fields["lat"] = float(lat)
            fields["lon"] = float(lon)
            fields["cell"] = cells_for_point(lat, lon)
        tdoc = tantivy.Document()
        for key, value in fields.items():
            values = value if isinstance(value, list) else [value]
            for item in values:
                if item is None or item == "":
                    continue
                if isinstance(item, bool):
                    tdoc.add_boolean(key, item)
                elif isinstance(item, int):
                    tdoc.add_integer(key, item)
                elif isinstance(item, float):
                    tdoc.add_float(key, item)
                elif isinstance(item, bytes):
                    tdoc.add_bytes(key, item)
                else:
                    tdoc.add_text(key, item)
        return tdoc

    def _prepare(self, documents: Iterable[dict], report: IndexReport) -> list[tuple[int, tantivy.Document]]:
        prepared = []
        for raw in documents:
            try:
                doc = validate_document(raw)
            except InvalidDocument as exc:
                report.errors.append(str(exc))
                continue
            prepared.append((doc["id"], self._to_tantivy(doc)))
        return prepared

    def index(self, documents: Iterable[dict]) -> IndexReport:
        """Add or replace documents (by id). Invalid documents are skipped and reported."""
        report = IndexReport()
        prepared = self._prepare(documents, report)
        if not prepared:
            return report
        index = self._get_index(create=True)

        def work(writer):
            for doc_id, tdoc in prepared:
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(tdoc)

        self._commit(index, work)
        report.indexed = len(prepared)
        return report

    def delete(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        index = self._get_index()
        if not ids or index is None:
            return

        def work(writer):
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)

        self._commit(index, work)

    def clear(self) -> None:
        index = self._get_index(create=True)
        self._commit(index, lambda writer: writer.delete_all_documents())

    def rebuild(self, batches: Iterator[list[dict]], *, progress=None) -> IndexReport:
        """Build a complete new index beside the live one, then swap the `current` link in one rename."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self._new_version_dir()
        report = IndexReport()
        try:
            index = _open_index(path)
            writer = index.writer(WRITER_HEAP, 2)
            seen: set[int] = set()
            for batch in batches:
                for doc_id, tdoc in self._prepare(batch, report):
                    if doc_id in seen:
                        writer.delete_documents_by_term("id", doc_id)
                    seen.add(doc_id)
                    writer.add_document(tdoc)
                    report.indexed += 1
                if progress:
                    progress(report.indexed)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        with self._lock:
            self._point_current_to(path)
            self._index = None
        return report

    def ids(self) -> set[int]:
        index = self._get_index()
        if index is None:
            return set()
        searcher = index.searcher()
        if searcher.num_docs == 0:
            return set()
        result = searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs, count=False)
        return set(searcher.fast_field_values("id", [addr for _, addr in result.hits]))

    def status(self) -> IndexStatus:
        path = self._current_path()
        if path is None:
            return IndexStatus(backend=self.name, state="missing", location=str(self.root), detail="no index built")
        index = self._get_index()
        count = index.searcher().num_docs
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
        built = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
        return IndexStatus(
            backend=self.name,
            state="ok" if count else "empty",
            documents=count,
            location=str(path),
            size_bytes=size,
            built_at=built,
        )

    # Queries ---------------------------------------------------------------------------------------------------
    def _terms(self, field: str, text: str) -> list[str]:
        analyzer = ANALYZERS[SCHEMA_FIELD_ANALYZER[field]]
        return analyzer.analyze(text)

    def _word_terms(self, word: str) -> list[tuple[str, str]]:
        """The (field, term) pairs that decide whether a document matches a word: its stems in three languages.

        The `plain` and `names` terms of the word only add to the score: a document containing one of them also
        contains the word's stems (same tokenizer and folding, plus a stemmer), so they never add a match.
        """
        pairs = []
        for variant in query_variants(word):
            for lang in LANG_STEMMERS:
                pairs.extend((f"all_{lang}", term) for term in self._terms(f"all_{lang}", variant))
        return list(dict.fromkeys(pairs))

    @staticmethod
    def _typo_distance(word: str) -> int:
        base = fold(word)
        if len(base) < 5 or base.isdigit():
            return 0
        return 1 if len(base) < 9 else 2

    def _word_clause(self, word: str, *, scoring: bool = True, typos: bool = True) -> tantivy.Query:
        """Everything one query word may match: stemmed forms in three languages, names, spellings, typos.

        `typos`: also words one or two edits away (for what the visitor typed; synonym labels are spelt right).
        `scoring=False` builds the smallest query matching the same documents (for counting): stems and typos only.
        """
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if scoring:
            for variant in query_variants(word):
                names = tantivy.Query.term_query(SCHEMA, "names", variant)
                clauses.append((tantivy.Occur.Should, self._boost(names, NAME_BOOST)))
                clauses.append((tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "plain", variant)))
        for field, term in self._word_terms(word):
            clauses.append((tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, field, term)))
        distance = self._typo_distance(word) if typos else 0
        if distance:
            # A typo in a name is a typo in the text too (the names are part of it): `names` only adds score.
            for field in ("plain", "names") if scoring else ("plain",):
                fuzzy = tantivy.Query.fuzzy_term_query(SCHEMA, field, fold(word), distance=distance)
                clauses.append(
                    (tantivy.Occur.Should, self._boost(tantivy.Query.const_score_query(fuzzy, 1.0), FUZZY_BOOST))
                )
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
        return tantivy.Query.boost_query(query, boost)

    def _phrase_clause(self, text: str, *, scoring: bool = True, typos: bool = True) -> tantivy.Query | None:
        tokens = words(text)
        if not tokens:
            return None
        if len(tokens) == 1:
            return self._word_clause(tokens[0], scoring=scoring, typos=typos)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self._word_clause(t, scoring=scoring, typos=typos)) for t in tokens]
        )

    def _synonym_unit(self, span: str, labels: list[str], *, scoring: bool) -> tantivy.Query:
        """The typed words or any label of their synonym group."""
        if scoring:
            alternatives = [(tantivy.Occur.Should, self._phrase_clause(span))]
            for label in labels:
                clause = self._phrase_clause(label, typos=False)
                if clause is not None:
                    alternatives.append((tantivy.Occur.Should, self._boost(clause, SYNONYM_BOOST)))
            return tantivy.Query.boolean_query(alternatives)
        # Counting: the stems of every one-word label in one flat set (labels of a group share many stems).
        alternatives = [(tantivy.Occur.Should, self._phrase_clause(span, scoring=False))]
        pairs: dict[tuple[str, str], None] = {}
        for label in labels:
            label_words = words(label)
            if len(label_words) == 1:
                pairs.update(dict.fromkeys(self._word_terms(label_words[0])))
            elif label_words:
                alternatives.append((tantivy.Occur.Should, self._phrase_clause(label, scoring=False, typos=False)))
        alternatives.extend(
            (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, field, term)) for field, term in pairs
        )
        return tantivy.Query.boolean_query(alternatives)

    def _text_query(self, text: str, *, scoring: bool = True) -> tantivy.Query | None:
        """All words must match (each through any of its forms); synonym labels stand in for the words they name.

        `scoring=False`: a smaller query matching exactly the same documents, for counting (facets).
        """
        tokens = words(text)
        if not tokens:
            return None
        folded = [fold(t) for t in tokens]
        units: list[tantivy.Query] = []
        i = 0
        while i < len(tokens):
            matched = False
            for size in range(min(self.lexicon.max_label_words, len(tokens) - i), 0, -1):
                span = " ".join(tokens[i : i + size])
                labels = self.lexicon.expand(span) if tuple(folded[i : i + size]) in self.lexicon._label_index else []
                if labels:
                    units.append(self._synonym_unit(span, labels, scoring=scoring))
                    i += size
                    matched = True
                    break
            if not matched:
                units.append(self._word_clause(tokens[i], scoring=scoring))
                i += 1
        clauses = [(tantivy.Occur.Must, unit) for unit in units]
        if scoring:
            exact = tantivy.Query.term_query(SCHEMA, "name_exact", _normalise_name(text))
            clauses.append(
                (tantivy.Occur.Should, self._boost(tantivy.Query.const_score_query(exact, 1.0), EXACT_NAME_BOOST))
            )
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def _filter_query(name: str, values: tuple) -> tantivy.Query:
        if name == "sme":
            queries = [tantivy.Query.term_query(SCHEMA, "sme", bool(v)) for v in values]
        elif name == "cluster":
            queries = [tantivy.Query.term_query(SCHEMA, CLUSTER_FIELDS[v], True) for v in values if v in CLUSTER_FIELDS]
            if not queries:
                return tantivy.Query.empty_query()
        elif name == "region":  # a region includes its subregions
            return tantivy.Query.term_set_query(SCHEMA, "region_path", list(values))
        else:
            return tantivy.Query.term_set_query(SCHEMA, KEYWORD_FIELDS[name], list(values))
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    @staticmethod
    def _filter_string(filters: dict[str, tuple]) -> str:
        """The same filters in tantivy's query language, for filter aggregations."""
        parts = []
        for name, values in filters.items():
            if name == "sme":
                terms = [f"sme:{'true' if v else 'false'}" for v in values]
            elif name == "cluster":
                terms = [f"{CLUSTER_FIELDS[v]}:true" for v in values if v in CLUSTER_FIELDS] or ["id:0"]
            elif name == "region":
                terms = [f"region_path:{_quote(str(v))}" for v in values]
            else:
                terms = [f"{KEYWORD_FIELDS[name]}:{_quote(str(v))}" for v in values]
            parts.append("(" + " OR ".join(terms) + ")")
        return " AND ".join(parts)

    def _base_query(self, query: SearchQuery, *, scoring: bool = True) -> tuple[tantivy.Query, bool]:
        """Text and geo: the part of the query every facet shares. Returns (query, has_text).

        `scoring=False`: the same documents from a smaller query, for counting."""
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        text_query = self._text_query(query.text, scoring=scoring) if query.text else None
        if text_query is not None:
            clauses.append((tantivy.Occur.Must, text_query))
        if query.geo is not None and query.geo.km is not None:
            cells = cover_circle(query.geo.lat, query.geo.lon, query.geo.km)
            geo_q = tantivy.Query.term_set_query(SCHEMA, "cell", cells) if cells else tantivy.Query.empty_query()
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(geo_q, 0.0)))
        if query.text and text_query is None:  # text of punctuation only: nothing can match
            return tantivy.Query.empty_query(), True
        if not clauses:
            return tantivy.Query.all_query(), False
        return tantivy.Query.boolean_query(clauses), text_query is not None

    def _with_filters(self, base: tantivy.Query, filters: dict[str, tuple]) -> tantivy.Query:
        if not filters:
            return base
        clauses = [(tantivy.Occur.Must, base)]
        for name, values in filters.items():
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(self._filter_query(name, values), 0.0)))
        return tantivy.Query.boolean_query(clauses)

    def search(self, query: SearchQuery) -> SearchResults:
        snapshot = self._snapshot()
        if snapshot is None:
            return SearchResults(0, [], {f: [] for f in query.facets}, query.page, query.page_size, self.name)
        searcher, generation = snapshot
        base, has_text = self._base_query(query)
        full = self._with_filters(base, dict(query.filters))
        sort = query.sort
        if sort == "relevance" and not has_text:
            # Without words to rank by: nearest first around a point, else the most active organisations first.
            sort = "distance" if query.geo is not None else "projects"
        distances: dict[int, float] = {}
        # Facets are counted on a worker thread (tantivy and numpy release the GIL) while this thread finds the hits.
        # Without words, from the facet columns (no query to run: numpy masks over every document); with words,
        # with one tantivy aggregation request over a slimmer query matching the same documents (the text query is
        # the costly part, so it runs once for the hits and once for all the facets). Both give the same counts.
        columns = None
        if (COLUMNS_FOR_TEXT or not has_text) and searcher.num_docs and (query.facets or sort == "distance"):
            columns = self._facet_columns(searcher, generation)
        column_distance = sort == "distance" and not has_text and columns is not None
        pending = []
        if query.facets and searcher.num_docs and not column_distance:
            if columns is not None:
                count_base = None if _matches_all(query) else self._base_query(query, scoring=False)[0]
                pending = [_POOL.submit(self._column_facets, searcher, count_base, columns, query)]
            else:
                count_base = self._base_query(query, scoring=False)[0]
                requests = self._facet_aggregations(query, parallel=not has_text)
                pending = [_POOL.submit(searcher.aggregate, count_base, request) for request in requests]
        if column_distance:
            # Nearest first without words: the matches, their distances and the facets from the columns at once.
            total, addresses, distances, counts = self._column_distance_page(searcher, columns, query)
            pending = [_done(counts)]
            scores = [None] * len(addresses)
        elif sort == "distance":
            total, addresses, distances = self._distance_page(searcher, full, query)
            scores = [None] * len(addresses)
        else:
            kwargs: dict = {"limit": query.page_size, "offset": query.offset, "count": True}
            if sort == "name":
                kwargs.update(order_by_field="name_sort", order=tantivy.Order.Asc)
            elif sort == "projects":
                kwargs.update(order_by_field="n_projects", order=tantivy.Order.Desc)
            elif sort == "updated":
                kwargs.update(order_by_field="updated", order=tantivy.Order.Desc)
            result = searcher.search(full, **kwargs)
            total = result.count
            addresses = [addr for _, addr in result.hits]
            scores = [float(key) if sort == "relevance" else None for key, _ in result.hits]
        hits = self._hits(searcher, query, addresses, scores, distances)
        if not query.facets or not searcher.num_docs:
            facets = self._facet_values({}, query)
        elif columns is not None:
            facets = self._facet_values(pending[0].result(), query)
        else:
            facets = self._parse_facets(_gather(pending), query)
        return SearchResults(total, hits, facets, query.page, query.page_size, self.name)

    def _column_facets(self, searcher, base, columns: FacetColumns, query: SearchQuery) -> dict[str, dict]:
        """Facet counts from the numpy columns; `base` (None: every document) is fetched once, as rows."""
        base_rows = None
        if base is not None:
            result = searcher.search(base, limit=searcher.num_docs, count=False, order_by_field="id")
            base_rows = columns.rows_for_addresses(searcher, [addr for _, addr in result.hits])
        return disjunctive_counts(columns, base_rows, dict(query.filters), query.facets)

    def _column_distance_page(self, searcher, columns: FacetColumns, query: SearchQuery):
        base_rows = None
        if not _matches_all(query):
            base, _ = self._base_query(query, scoring=False)
            result = searcher.search(base, limit=searcher.num_docs, count=False, order_by_field="id")
            base_rows = columns.rows_for_addresses(searcher, [addr for _, addr in result.hits])
        counts, rows = disjunctive_counts(columns, base_rows, dict(query.filters), query.facets, matches=True)
        geo = query.geo
        lats, lons = columns.lat[rows], columns.lon[rows]
        located = ~np.isnan(lats)
        dist = haversine_array(geo.lat, geo.lon, np.nan_to_num(lats), np.nan_to_num(lons))
        dist[~located] = np.inf
        need = query.offset + query.page_size
        if need < len(dist):  # only the nearest `need` (and any tied with the last of them) are sorted
            kth = np.partition(dist, need - 1)[need - 1]
            near = np.flatnonzero(dist <= kth)
            order = near[np.lexsort((columns.ids[rows[near]], dist[near]))][query.offset : need]
        else:
            order = np.lexsort((columns.ids[rows], dist))[query.offset : need]
        addresses = [columns.address(rows[i]) for i in order]
        distances = {int(columns.ids[rows[i]]): float(dist[i]) for i in order if np.isfinite(dist[i])}
        return len(rows), addresses, distances, counts

    def _distance_page(self, searcher, full_query, query: SearchQuery):
        """Nearest first: fetch the matches inside growing circles until the page is filled, then sort exactly."""
        geo = query.geo
        need = query.offset + query.page_size
        total = searcher.search(full_query, limit=1, count=True).count
        candidate_query = full_query
        if total > 20_000:
            for radius in (2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500):
                if geo.km is not None and radius >= geo.km:
                    break
                ring = tantivy.Query.term_set_query(SCHEMA, "cell", cover_circle(geo.lat, geo.lon, radius))
                ring_query = tantivy.Query.boolean_query([(tantivy.Occur.Must, full_query), (tantivy.Occur.Must, ring)])
                if searcher.search(ring_query, limit=1, count=True).count >= need:
                    candidate_query = ring_query
                    break
        limit = min(max(total, 1), 200_000)
        result = searcher.search(
            candidate_query, limit=limit, count=False, order_by_field="id", order=tantivy.Order.Asc
        )
        addresses = [addr for _, addr in result.hits]
        lats = np.array(searcher.fast_field_values("lat", addresses), dtype=float)
        lons = np.array(searcher.fast_field_values("lon", addresses), dtype=float)
        has = np.array(searcher.fast_field_values("has_location", addresses), dtype=bool)
        ids = np.array(searcher.fast_field_values("id", addresses), dtype=np.int64)
        dist = haversine_array(geo.lat, geo.lon, np.nan_to_num(lats), np.nan_to_num(lons))
        dist[~has] = np.inf
        order = np.lexsort((ids, dist))[query.offset : need]
        distances = {int(ids[i]): float(dist[i]) for i in order if np.isfinite(dist[i])}
        page = [(float(dist[i]), int(ids[i]), addresses[i]) for i in order]
        return total, [addr for _, _, addr in page], distances

    def _facet_aggregations(self, query: SearchQuery, *, parallel: bool = True) -> list[dict]:
        """Aggregation requests for the facets, in two groups that run side by side (`parallel`), or one.

        Each facet counts over the text/geo matches with every filter but its own. Facets that share the same
        "other filters" share one filter aggregation, so each distinct filter is evaluated once.
        """
        by_filter: dict[str, dict] = {}
        weight: dict[str, int] = {}
        for facet in query.facets:
            others = self._filter_string(query.filters_except(facet))
            if facet == "cluster":
                specs = {f"cluster:{slug}": field for slug, field in CLUSTER_FIELDS.items()}
            else:
                specs = {facet: "sme" if facet == "sme" else KEYWORD_FIELDS[facet]}
            group = by_filter.setdefault(others, {})
            for name, field in specs.items():
                group[name] = {"terms": {"field": field, "size": FACET_SIZES[facet]}}
            weight[others] = weight.get(others, 0) + (4 if facet in ("concept", "region") else 1)
        requests: list[dict] = [{}, {}] if parallel else [{}]
        loads = [0] * len(requests)
        for i, (others, group) in enumerate(sorted(by_filter.items(), key=lambda item: -weight[item[0]])):
            target = loads.index(min(loads))
            loads[target] += weight[others]
            name = f"f{i}"
            requests[target][name] = {"filter": others, "aggs": group} if others else {"aggs": group, "all": True}
        return [_flatten(r) for r in requests if r]

    def _parse_facets(self, raw: dict, query: SearchQuery) -> dict[str, list[FacetValue]]:
        flat: dict = {}
        for key, node in raw.items():
            if key.startswith("f") and isinstance(node, dict) and "doc_count" in node:
                flat.update({k: v for k, v in node.items() if isinstance(v, dict)})
            else:
                flat[key] = node
        raw = flat
        counts: dict[str, dict] = {}
        for facet in query.facets:
            counts[facet] = values = {}
            if facet == "cluster":
                for slug in CLUSTER_FIELDS:
                    node = raw.get(f"cluster:{slug}", {})
                    buckets = node.get("values", node).get("buckets", [])
                    count = sum(b["doc_count"] for b in buckets if _is_true(b))
                    if count:
                        values[slug] = count
            else:
                node = raw.get(facet, {})
                for bucket in node.get("values", node).get("buckets", []):
                    if bucket["doc_count"] > 0:
                        values[_is_true(bucket) if facet == "sme" else bucket["key"]] = bucket["doc_count"]
        return self._facet_values(counts, query)

    @staticmethod
    def _facet_values(counts: dict[str, dict], query: SearchQuery) -> dict[str, list[FacetValue]]:
        """Counts as facet values: most frequent first, at most FACET_SIZES[facet], selected values always."""
        facets = {}
        for facet in query.facets:
            selected = set(query.filters.get(facet, ()))
            values = [FacetValue(value, count, value in selected) for value, count in counts.get(facet, {}).items()]
            values.sort(key=lambda fv: (-fv.count, str(fv.value)))
            values = [fv for i, fv in enumerate(values) if i < FACET_SIZES[facet] or fv.selected]
            present = {fv.value for fv in values}
            values.extend(FacetValue(v, 0, True) for v in query.filters.get(facet, ()) if v not in present)
            values.sort(key=lambda fv: (-fv.count, str(fv.value)))
            facets[facet] = values
        return facets

    def _facets(self, searcher, base, query: SearchQuery) -> dict[str, list[FacetValue]]:
        raw: dict = {}
        for group in self._facet_aggregations(query):
            raw.update(searcher.aggregate(base, group))
        return self._parse_facets(raw, query)

    def _hits(self, searcher, query: SearchQuery, addresses, scores, distances) -> list[Hit]:
        if not addresses:
            return []
        generators = {}
        terms = self._highlight_terms(query.text)
        hits = []
        for addr, score in zip(addresses, scores, strict=True):
            stored = searcher.doc(addr)
            document = json.loads(bytes(stored.get_first("source")))
            highlights = {}
            if terms:
                highlights["name"] = highlight_words(document["name"], terms)
                languages = [query.language, *(lang for lang in LANG_STEMMERS if lang != query.language)]
                for lang in languages:
                    if not document["descriptions"].get(lang):
                        continue
                    if lang not in generators:
                        generators[lang] = self._snippet_generator(searcher, query.text, lang)
                    snippet = generators[lang].snippet_from_doc(stored)
                    if snippet.highlighted():
                        highlights["description"] = _marked(snippet.to_html())
                        highlights["description_language"] = lang
                        break
            distance = distances.get(document["id"])
            if distance is None and query.geo is not None and document.get("location"):
                loc = document["location"]
                distance = haversine_km(query.geo.lat, query.geo.lon, loc["lat"], loc["lon"])
            hits.append(Hit(document["id"], score, document, highlights, distance))
        return hits

    def _highlight_terms(self, text: str) -> set[str]:
        terms: set[str] = set()
        for word in words(text):
            terms |= query_variants(word)
        for label in self.lexicon.expand(text):
            terms |= {fold(w) for w in words(label)}
        return terms

    def _snippet_generator(self, searcher, text: str, lang: str):
        field = f"desc_{lang}"
        clauses = []
        all_words = set(words(text))
        for label in self.lexicon.expand(text):
            all_words |= set(words(label))
        for word in all_words:
            for variant in query_variants(word):
                for term in ANALYZERS[f"stem_{lang}"].analyze(variant):
                    clauses.append((tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, field, term)))
            base = fold(word)
            if len(base) >= 5:
                fuzzy = tantivy.Query.fuzzy_term_query(SCHEMA, field, base, distance=1 if len(base) < 9 else 2)
                clauses.append((tantivy.Occur.Should, fuzzy))
        snippet_query = tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.empty_query()
        generator = tantivy.SnippetGenerator.create(searcher, snippet_query, SCHEMA, field)
        generator.set_max_num_chars(180)
        return generator

    def autocomplete(self, text: str, *, limit: int = 10) -> list[Suggestion]:
        """Organisation names and concept labels whose words start with what was typed (3 letters or more)."""
        prefix_words = [fold(w) for w in words(text)]
        if not prefix_words or len("".join(prefix_words)) < MIN_AUTOCOMPLETE_CHARS:
            return []
        index = self._get_index()
        if index is None:
            return []
        searcher = index.searcher()
        suggestions: list[Suggestion] = []
        whole = " ".join(prefix_words)
        clauses = []
        for word in prefix_words:
            term = word[:20]
            if len(term) < MIN_AUTOCOMPLETE_CHARS:
                continue
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "suggest", term)))
        if clauses:
            starts = tantivy.Query.regex_query(SCHEMA, "name_sort", re.escape(whole) + ".*")
            clauses.append((tantivy.Occur.Should, self._boost(tantivy.Query.const_score_query(starts, 1.0), 10.0)))
            result = searcher.search(tantivy.Query.boolean_query(clauses), limit=limit)
            for _, addr in result.hits:
                doc = json.loads(bytes(searcher.doc(addr).get_first("source")))
                suggestions.append(Suggestion("organisation", doc["name"], doc["slug"], id=doc["id"]))
        concept_clauses = [
            (tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "concept_suggest", w[:20]))
            for w in prefix_words
            if len(w) >= MIN_AUTOCOMPLETE_CHARS
        ]
        if concept_clauses:
            agg = searcher.aggregate(
                tantivy.Query.boolean_query(concept_clauses),
                {"labels": {"terms": {"field": "concept_label", "size": 200}}},
            )
            concepts = []
            for bucket in agg["labels"]["buckets"]:
                label_words = [fold(w) for w in words(bucket["key"])]
                if all(any(lw.startswith(p) for lw in label_words) for p in prefix_words):
                    concepts.append(Suggestion("concept", bucket["key"], bucket["key"], count=bucket["doc_count"]))
            suggestions.extend(concepts[:limit])
        return suggestions


def _done(value):
    future: Future = Future()
    future.set_result(value)
    return future


def _matches_all(query: SearchQuery) -> bool:
    """True when the query has neither words nor a radius: its base is every document."""
    return not query.text and (query.geo is None or query.geo.km is None)


def haversine_array(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(a)))


SCHEMA_FIELD_ANALYZER = {f"all_{lang}": f"stem_{lang}" for lang in LANG_STEMMERS}


def highlight_words(text: str, terms: set[str]) -> str:
    """Escape `text` and wrap words whose folded form is in `terms` (or an umlaut spelling of one) in <mark>."""
    out = []
    last = 0
    for match in re.finditer(r"[^\W_]+", text):
        word = match.group()
        out.append(html.escape(text[last : match.start()]))
        if query_variants(word) & terms:
            out.append(f"<mark>{html.escape(word)}</mark>")
        else:
            out.append(html.escape(word))
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _flatten(request: dict) -> dict:
    """Unfiltered groups need no filter aggregation: their terms aggregations go to the top level."""
    out: dict = {}
    for name, spec in request.items():
        if spec.get("all"):
            out.update(spec["aggs"])
        else:
            out[name] = spec
    return out


def _is_true(bucket: dict) -> bool:
    return bucket.get("key_as_string") == "true" or bucket.get("key") is True or bucket.get("key") == 1


def _marked(snippet_html: str) -> str:
    return snippet_html.replace("<b>", "<mark>").replace("</b>", "</mark>")
