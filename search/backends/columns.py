"""Facet counting in numpy for the embedded backend.

tantivy's filter aggregations walk every matching document once per distinct "other filters" set, and the
multi-valued concept column is the costliest part. Here the facet values of every live document are read once per
searcher generation into numpy arrays (one row per document, rows in id order), the documents matching the text
and geo part of a query are fetched once as row numbers, and every facet's count "with every filter but its own"
is a boolean mask and a `np.bincount`. Counts are exact: the same documents, the same filters, no sampling.

Columns:
- single-valued keywords (`country`, `region`, `type`): an int32 code per row (-1: no value) and the value list;
- multi-valued keywords (`concept`): parallel arrays (row, code), one entry per value of a document;
- booleans (`sme` and the four cluster columns): one bool per row;
- the location (`lat`, `lon`, NaN without one) and the tantivy address (segment, doc) of every row, so that a
  distance-sorted page needs no second query.
"""

from __future__ import annotations

import numpy as np
import tantivy

from search.analysis import region_prefixes

SINGLE_FIELDS = ("country", "region", "type")
MULTI_FIELDS = ("concept",)


class FacetColumns:
    """The facet values of every live document of one searcher, as numpy arrays."""

    def __init__(self, searcher, schema: tantivy.Schema, cluster_fields: dict[str, str]):
        self.schema = schema
        self.cluster_fields = dict(cluster_fields)
        n = searcher.num_docs
        self.n = n
        if n:
            result = searcher.search(
                tantivy.Query.all_query(), limit=n, count=False, order_by_field="id", order=tantivy.Order.Asc
            )
            addresses = [addr for _, addr in result.hits]
            self.ids = np.array(searcher.fast_field_values("id", addresses), dtype=np.int64)
        else:
            addresses = []
            self.ids = np.zeros(0, dtype=np.int64)
        self.n = n = len(self.ids)
        self.segments = np.fromiter((a.segment_ord for a in addresses), dtype=np.int32, count=n)
        self.docs = np.fromiter((a.doc for a in addresses), dtype=np.int64, count=n)
        has_location = np.array(searcher.fast_field_values("has_location", addresses), dtype=bool) if n else None
        for axis in ("lat", "lon"):
            values = np.array(searcher.fast_field_values(axis, addresses), dtype=float) if n else np.zeros(0)
            if n:
                values[~has_location] = np.nan
            setattr(self, axis, values)
        max_id = int(self.ids.max()) if n else 0
        self._dense = 0 <= max_id < 50_000_000 and (not n or int(self.ids.min()) >= 0)
        if self._dense:
            self._id_to_row = np.full(max_id + 1, -1, dtype=np.int32)
            self._id_to_row[self.ids] = np.arange(n, dtype=np.int32)
        self.bools = {
            name: np.array(searcher.fast_field_values(field, addresses), dtype=bool) if n else np.zeros(0, bool)
            for name, field in (("sme", "sme"), *((f"cluster:{slug}", f) for slug, f in cluster_fields.items()))
        }
        self.codes: dict[str, np.ndarray] = {}
        self.values: dict[str, list[str]] = {}
        self.multi_rows: dict[str, np.ndarray] = {}
        for field in SINGLE_FIELDS:
            codes = np.full(n, -1, dtype=np.int32)
            values = []
            for value, rows in self._postings(searcher, field):
                codes[rows] = len(values)
                values.append(value)
            self.codes[field], self.values[field] = codes, values
        for field in MULTI_FIELDS:
            rows_parts, code_parts, values = [], [], []
            for value, rows in self._postings(searcher, field):
                rows_parts.append(rows)
                code_parts.append(np.full(len(rows), len(values), dtype=np.int32))
                values.append(value)
            self.multi_rows[field] = np.concatenate(rows_parts) if rows_parts else np.zeros(0, np.int32)
            self.codes[field] = np.concatenate(code_parts) if code_parts else np.zeros(0, np.int32)
            self.values[field] = values
        self._value_index = {field: {v: i for i, v in enumerate(vals)} for field, vals in self.values.items()}
        # A region filter value matches a document whose region code starts with it (its NUTS subregions).
        self._region_paths = [set(region_prefixes(code)) for code in self.values["region"]]

    def _postings(self, searcher, field: str):
        """(value, rows) for every value of a keyword field that some live document has."""
        if not self.n:
            return
        for value, doc_freq in searcher.terms_with_prefix(field, "", limit=None):
            query = tantivy.Query.term_query(self.schema, field, value)
            result = searcher.search(query, limit=max(1, doc_freq), count=False)
            if not result.hits:  # only deleted documents had it
                continue
            yield value, self.rows_for_addresses(searcher, [addr for _, addr in result.hits])

    # Rows -------------------------------------------------------------------------------------------------------
    def rows_for_ids(self, ids: np.ndarray) -> np.ndarray:
        """Row numbers of documents by id (ids unknown to these columns are dropped)."""
        ids = np.asarray(ids, dtype=np.int64)
        if self._dense:
            inside = (ids >= 0) & (ids < len(self._id_to_row))
            rows = self._id_to_row[ids[inside]]
            return rows[rows >= 0]
        pos = np.searchsorted(self.ids, ids)
        pos[pos >= self.n] = 0
        return pos[self.ids[pos] == ids].astype(np.int32)

    def rows_for_addresses(self, searcher, addresses) -> np.ndarray:
        if not addresses:
            return np.zeros(0, dtype=np.int32)
        return self.rows_for_ids(np.array(searcher.fast_field_values("id", addresses), dtype=np.int64))

    def address(self, row: int) -> tantivy.DocAddress:
        return tantivy.DocAddress(int(self.segments[row]), int(self.docs[row]))

    def mask_of_rows(self, rows: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        mask[rows] = True
        return mask

    # Filters ----------------------------------------------------------------------------------------------------
    def _table(self, field: str, wanted) -> np.ndarray:
        """A lookup table over the codes of `field` (one extra False slot at the end, for code -1)."""
        values = self.values[field]
        table = np.zeros(len(values) + 1, dtype=bool)
        if field == "region":
            wanted = set(wanted)
            for code, paths in enumerate(self._region_paths):
                table[code] = bool(paths & wanted)
        else:
            index = self._value_index[field]
            for value in wanted:
                if value in index:
                    table[index[value]] = True
        return table

    def filter_mask(self, name: str, values: tuple) -> np.ndarray:
        """Rows matching one filter (its values OR-ed), exactly as the tantivy filter query matches them."""
        if name == "sme":
            sme = self.bools["sme"]
            mask = np.zeros(self.n, dtype=bool)
            if True in values:
                mask |= sme
            if False in values:
                mask |= ~sme
            return mask
        if name == "cluster":
            mask = np.zeros(self.n, dtype=bool)
            for slug in values:
                if slug in self.cluster_fields:
                    mask |= self.bools[f"cluster:{slug}"]
            return mask
        if name in MULTI_FIELDS:
            hit = self._table(name, values)[self.codes[name]]
            return self.mask_of_rows(self.multi_rows[name][hit])
        return self._table(name, values)[self.codes[name]]

    # Counts -----------------------------------------------------------------------------------------------------
    def count(self, facet: str, rows: np.ndarray | None) -> dict:
        """Value → number of the rows (a bool mask or row numbers; None: every row) having it; zeros left out."""
        if facet == "cluster":
            counts = {}
            for slug in self.cluster_fields:
                column = self.bools[f"cluster:{slug}"]
                counts[slug] = int(np.count_nonzero(column if rows is None else column[rows]))
            return {k: v for k, v in counts.items() if v}
        if facet == "sme":
            sme = self.bools["sme"] if rows is None else self.bools["sme"][rows]
            yes = int(np.count_nonzero(sme))
            return {k: v for k, v in ((True, yes), (False, len(sme) - yes)) if v}
        field = facet
        values = self.values[field]
        codes = self.codes[field]
        if field in MULTI_FIELDS:
            if rows is not None:
                mask = rows if rows.dtype == bool else self.mask_of_rows(rows)
                codes = codes[mask[self.multi_rows[field]]]
            counts = np.bincount(codes, minlength=len(values))
        else:
            if rows is not None:
                codes = codes[rows]
            counts = np.bincount(codes + 1, minlength=len(values) + 1)[1:]
        nonzero = np.flatnonzero(counts)
        return {values[i]: int(counts[i]) for i in nonzero}


def disjunctive_counts(
    columns: FacetColumns,
    base_rows: np.ndarray | None,
    filters: dict[str, tuple],
    facets: tuple[str, ...],
    *,
    matches: bool = False,
):
    """Every facet's counts over the base rows (None: all) with every filter applied but the facet's own.

    With `matches`, returns (counts, rows matching the base and every filter) instead.
    """
    masks = {name: columns.filter_mask(name, values) for name, values in filters.items()}
    if base_rows is not None:
        # Few rows: work on the base's row numbers (the filter masks read at those rows), not on every row.
        base_rows = np.sort(base_rows)
        masks = {name: mask[base_rows] for name, mask in masks.items()}

    def rows_for(names) -> np.ndarray | None:
        mask = None
        for name in names:
            mask = masks[name] if mask is None else mask & masks[name]
        if base_rows is None:
            return mask
        return base_rows if mask is None else base_rows[mask]

    combined: dict[tuple[str, ...], np.ndarray | None] = {}
    out: dict[str, dict] = {}
    for facet in facets:
        others = tuple(name for name in masks if name != facet)
        if others not in combined:
            combined[others] = rows_for(others)
        out[facet] = columns.count(facet, combined[others])
    if not matches:
        return out
    rows = rows_for(tuple(masks))
    if rows is None:
        rows = np.arange(columns.n, dtype=np.int64)
    elif rows.dtype == bool:
        rows = np.flatnonzero(rows)
    return out, rows
