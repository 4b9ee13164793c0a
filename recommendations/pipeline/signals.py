"""Signals for a block of members against candidates, as (members × candidates) arrays.

Every signal is a similarity or evidence score where larger means a better partner; `Weights` combines them.
Arrays of shape (1, candidates) broadcast over the members of the block.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from scipy import sparse

from .index import TYPE_CODE, CandidateIndex, Encoded, ItemGroup
from .profiles import ANSWERS, PARTNER_TYPES, Feedback, Item

SIGNALS = (
    "text",
    "concepts",
    "their_offer_my_need",
    "my_offer_their_need",
    "cluster",
    "type_fit",
    "cross_border",
    "proximity",
    "preferred_place",
    "common_neighbours",
    "adamic_adar",
    "partners_in_my_country",
    "activity",
    "recent_activity",
    "recency",
    "feedback",
)
PROXIMITY_KM = 300.0
POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.float32)


def _dense(matrix) -> np.ndarray:
    return np.asarray(matrix.todense() if sparse.issparse(matrix) else matrix, dtype=np.float32)


def item_similarity(
    text_a: np.ndarray, concepts_a: sparse.csr_matrix, text_b: np.ndarray, concepts_b: sparse.csr_matrix
) -> np.ndarray:
    """Offer–need similarity: the mean of text and concept cosine where both items name concepts, else text."""
    text = np.clip(text_a @ text_b.T, 0.0, 1.0)
    has_a = np.diff(concepts_a.indptr) > 0
    has_b = np.diff(concepts_b.indptr) > 0
    if not has_a.any() or not has_b.any():
        return text
    concept = _dense(concepts_a @ concepts_b.T)
    both = has_a[:, None] & has_b[None, :]
    return np.where(both, 0.5 * text + 0.5 * concept, text).astype(np.float32)


def _complement(
    index: CandidateIndex, members: Sequence[Sequence[Item]], *, their_side_needs: bool
) -> np.ndarray | None:
    """Best match of each member's items with candidates' items of the answering kinds (members × candidates).

    their_side_needs=False: the member's needs against the candidates' offers (their offer meets my need);
    True: the member's offers against the candidates' needs (my offer meets their need)."""
    n = len(index)
    out: np.ndarray | None = None
    for b, items in enumerate(members):
        for item in items:
            if their_side_needs:
                kinds = [need for need, offers in ANSWERS.items() if item.kind in offers]
            else:
                kinds = sorted(ANSWERS.get(item.kind, ()))
            groups: list[ItemGroup] = [index.item_groups[k] for k in kinds if k in index.item_groups]
            if not groups:
                continue
            text, concepts = index.item_vectors([item])
            for group in groups:
                sims = item_similarity(text, concepts, group.text, group.concepts)[0]
                best = np.maximum.reduceat(sims, group.starts)
                if out is None:
                    out = np.zeros((len(members), n), dtype=np.float32)
                out[b, group.owners] = np.maximum(out[b, group.owners], best)
    return out


def feedback_signal(index: CandidateIndex, feedback: Sequence[Feedback | None]) -> np.ndarray | None:
    """Candidates like the saved ones score higher, candidates like the dismissed ones lower."""
    if not any(f and (f.saved or f.dismissed) for f in feedback):
        return None
    out = np.zeros((len(feedback), len(index)), dtype=np.float32)
    for b, f in enumerate(feedback):
        if not f:
            continue
        for ids, sign in ((f.saved, 1.0), (f.dismissed, -1.0)):
            rows = [index.row[i] for i in ids if i in index.row]
            if not rows:
                continue
            text = index.text[rows].mean(axis=0)
            concepts = np.asarray(index.concepts[rows].mean(axis=0)).ravel()
            type_share = np.bincount(index.type[rows], minlength=len(PARTNER_TYPES)) / len(rows)
            like = (
                0.4 * np.clip(index.text @ text, 0, None)
                + 0.4 * (index.concepts @ concepts)
                + 0.2 * type_share[index.type]
            )
            out[b] += sign * like.astype(np.float32)
    return out


def iter_signals(
    index: CandidateIndex, enc: Encoded, feedback: Sequence[Feedback | None] | None = None
) -> Iterator[tuple[str, np.ndarray]]:
    """Yield (signal name, array) for the members in `enc` against all candidates. Absent signals are skipped."""
    members = enc.profiles
    yield "text", np.clip(enc.text @ index.text.T, 0.0, 1.0)
    if enc.concepts.nnz and index.concepts.nnz:
        yield "concepts", _dense(enc.concepts @ index.concepts_t)
    their = _complement(index, [m.needs for m in members], their_side_needs=False)
    if their is not None:
        yield "their_offer_my_need", their
    mine = _complement(index, [m.offers for m in members], their_side_needs=True)
    if mine is not None:
        yield "my_offer_their_need", mine
    if enc.clusters.any() and index.clusters.any():
        # Jaccard overlap of cluster sets: one table row per member over the 256 possible bit masks, then one gather
        masks = np.arange(256, dtype=np.uint8)
        both = POPCOUNT[enc.clusters[:, None] & masks[None, :]]
        either = POPCOUNT[enc.clusters[:, None] | masks[None, :]]
        yield "cluster", (both / np.maximum(either, 1.0)).astype(np.float32)[:, index.clusters]

    n_types = len(PARTNER_TYPES)
    table = index.type_affinity[enc.type].copy()
    for b, m in enumerate(members):
        if m.partner_types_sought:
            sought = np.zeros(n_types, dtype=np.float32)
            for t in m.partner_types_sought:
                sought[TYPE_CODE[t]] = 1.0
            if "company" in m.partner_types_sought:
                sought[TYPE_CODE["sme"]] = max(sought[TYPE_CODE["sme"]], 0.5)
            table[b] = sought
    yield "type_fit", table[:, index.type]

    # one row per country (plus a last row of zeros for members of unknown country), gathered per member
    known = index.country >= 0
    abroad = np.zeros((len(index.country_codes) + 1, len(index)), dtype=np.float32)
    for code in range(len(index.country_codes)):
        abroad[code] = known & (index.country != code)
    yield "cross_border", abroad[np.where(enc.country >= 0, enc.country, len(index.country_codes))]
    if enc.has_geo.any():
        # chord length on the unit sphere ~ angle for regional distances: 1 at the same place, 0 from PROXIMITY_KM on
        proximity = enc.xyz @ index.xyz.T
        np.multiply(proximity, -2.0, out=proximity)
        np.add(proximity, 2.0, out=proximity)
        np.maximum(proximity, 0.0, out=proximity)
        np.sqrt(proximity, out=proximity)
        np.multiply(proximity, -6371.0 / PROXIMITY_KM, out=proximity)
        np.add(proximity, 1.0, out=proximity)
        np.maximum(proximity, 0.0, out=proximity)
        proximity[~enc.has_geo] = 0.0
        proximity[:, ~index.has_geo] = 0.0
        yield "proximity", proximity

    if any(m.preferred_countries or m.preferred_regions for m in members):
        preferred = np.zeros((len(members), len(index)), dtype=np.float32)
        for b, m in enumerate(members):
            codes = [index.country_codes[c] for c in m.preferred_countries if c in index.country_codes]
            regions = [index.region_codes[r] for r in m.preferred_regions if r in index.region_codes]
            if codes:
                preferred[b] = np.maximum(preferred[b], np.isin(index.country, codes))
            if regions:
                preferred[b] = np.maximum(preferred[b], np.isin(index.region, regions))
        yield "preferred_place", preferred

    rows = enc.graph_rows
    if rows.nnz:
        to_candidates = index.adjacency_to_candidates
        yield "common_neighbours", np.log1p(_dense(rows @ to_candidates))
        yield "adamic_adar", np.log1p(_dense(rows.multiply(index.aa_weight[None, :]).tocsr() @ to_candidates))
    known_country = (enc.country >= 0) & (enc.country < index.partners_by_country.shape[0])
    if known_country.all() and len(set(enc.country.tolist())) == 1:
        yield "partners_in_my_country", index.partners_by_country[enc.country[0]][None, :]
    else:
        by_country = np.zeros((len(members), len(index)), dtype=np.float32)
        for b in np.flatnonzero(known_country):
            by_country[b] = index.partners_by_country[enc.country[b]]
        yield "partners_in_my_country", by_country
    yield "activity", index.activity[None, :]
    if index.recent_activity.any():
        yield "recent_activity", index.recent_activity[None, :]
    yield "recency", index.recency[None, :]
    if feedback is not None:
        fb = feedback_signal(index, feedback)
        if fb is not None:
            yield "feedback", fb
