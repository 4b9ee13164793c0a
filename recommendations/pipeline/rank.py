"""Ranking: combine the signals, drop what must not be shown, diversify the top, and explain each match."""

from __future__ import annotations

import math
import multiprocessing as mp
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .index import CandidateIndex, Encoded
from .profiles import ANSWERS, PARTNER_TYPES, Feedback, Item, Match, OrgId, Profile, Reason
from .signals import SIGNALS, iter_signals

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "text": 1.0,
    "concepts": 1.0,
    "their_offer_my_need": 1.5,
    "my_offer_their_need": 1.2,
    "cluster": 0.5,
    "type_fit": 0.4,
    "cross_border": 0.6,
    "proximity": 0.3,
    "preferred_place": 0.4,
    "common_neighbours": 0.0,
    "adamic_adar": 0.3,
    "partners_in_my_country": 0.1,
    "activity": 0.05,
    "recent_activity": 0.05,
    "recency": 0.1,
    "feedback": 1.0,
}


@dataclass(frozen=True)
class Weights:
    """How much each signal counts, and how strongly the top of the list is diversified.

    `diversity` is the MMR trade-off (0: rank by score only; 1: only novelty); `max_share_per_type` caps the share
    of one organisation type in a list (0.5: at most five of ten)."""

    signals: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    diversity: float = 0.2
    max_share_per_type: float = 0.6

    def __post_init__(self) -> None:
        unknown = set(self.signals) - set(SIGNALS)
        if unknown:
            raise ValueError(f"unknown signals: {', '.join(sorted(unknown))}")
        if not 0.0 <= self.diversity < 1.0:
            raise ValueError("diversity must be in [0, 1)")
        if not 0.0 < self.max_share_per_type <= 1.0:
            raise ValueError("max_share_per_type must be in (0, 1]")

    def get(self, name: str) -> float:
        return float(self.signals.get(name, 0.0))


@dataclass(frozen=True)
class Recommendations:
    """New partners to meet, and already-known partners (flagged as such, shown apart)."""

    matches: tuple[Match, ...]
    known: tuple[Match, ...] = ()


def recommend(
    index: CandidateIndex,
    member: Profile,
    *,
    limit: int = 10,
    weights: Weights | None = None,
    feedback: Feedback | None = None,
    countries: Collection[str] | None = None,
    known_limit: int = 5,
    explain: bool = True,
) -> Recommendations:
    """Rank the index's candidates for one member."""
    return recommend_block(
        index,
        [member],
        limit=limit,
        weights=weights,
        feedback=[feedback],
        countries=countries,
        known_limit=known_limit,
        explain=explain,
    )[0]


def recommend_block(
    index: CandidateIndex,
    members: Sequence[Profile],
    *,
    limit: int = 10,
    weights: Weights | None = None,
    feedback: Sequence[Feedback | None] | None = None,
    countries: Collection[str] | None = None,
    known_limit: int = 5,
    explain: bool = True,
    pool: int | None = None,
) -> list[Recommendations]:
    """Rank candidates for several members at once (matrix operations over the whole block)."""
    weights = weights or Weights()
    feedback = list(feedback) if feedback is not None else [None] * len(members)
    enc = index.encode(members)
    n = len(index)
    pool = pool or max(limit * 4, 40)
    score = np.zeros((len(members), n), dtype=np.float32)
    prior = np.zeros(n, dtype=np.float32)  # signals that are the same for every member, added once
    kept: dict[str, np.ndarray] = {}
    scratch: np.ndarray | None = None
    for name, values in iter_signals(index, enc, feedback):
        kept[name] = values
        w = weights.get(name)
        if not w:
            continue
        if values.shape[0] == 1 and len(members) > 1:
            prior += np.float32(w) * values[0]
        else:
            if scratch is None:
                scratch = np.empty_like(score)
            np.multiply(values, np.float32(w), out=scratch, casting="unsafe")
            score += scratch
    score += prior

    # Known partners are shown apart; gather their scores before masking.
    neighbours = enc.graph_rows[:, :n].tocsr()
    allowed = None
    if countries is not None:
        allowed = np.isin(index.country, [index.country_codes[c] for c in countries if c in index.country_codes])
        score[:, ~allowed] = -np.inf
    results = []
    for b, m in enumerate(members):
        hidden = []
        row = index.row.get(m.org_id)
        if row is not None:
            hidden.append(row)
        f = feedback[b]
        if f:
            hidden += [index.row[i] for i in (*f.dismissed, *f.saved) if i in index.row]
        known_rows = neighbours.indices[neighbours.indptr[b] : neighbours.indptr[b + 1]]
        known_rows = known_rows[~np.isin(known_rows, hidden)]
        if allowed is not None:
            known_rows = known_rows[allowed[known_rows]]
        known_values = score[b, known_rows].copy()
        score[b, hidden] = -np.inf
        score[b, known_rows] = -np.inf

        top = _top(score[b], pool)
        chosen = _diversify(index, top, score[b, top], limit=limit, weights=weights)
        matches = tuple(
            _match(index, enc, b, int(c), float(score[b, c]), kept, weights, f, known=False, explain=explain)
            for c in chosen
        )
        known_matches: tuple[Match, ...] = ()
        if known_limit and len(known_rows):
            order = np.lexsort((known_rows, -known_values))[:known_limit]
            known_matches = tuple(
                _match(
                    index,
                    enc,
                    b,
                    int(known_rows[i]),
                    float(known_values[i]),
                    kept,
                    weights,
                    f,
                    known=True,
                    explain=explain,
                )
                for i in order
            )
        results.append(Recommendations(matches=matches, known=known_matches))
    return results


def _top(values: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest finite values, best first (ties by index)."""
    idx = np.argpartition(-values, k - 1)[:k] if len(values) > k else np.arange(len(values))
    idx = idx[np.isfinite(values[idx])]
    return idx[np.lexsort((idx, -values[idx]))]


def _diversify(
    index: CandidateIndex, pool: np.ndarray, scores: np.ndarray, *, limit: int, weights: Weights
) -> list[int]:
    """Maximal marginal relevance over the pool, with a cap on how many of one organisation type are listed."""
    if len(pool) == 0:
        return []
    cap = max(1, math.ceil(weights.max_share_per_type * limit))
    lam = weights.diversity
    span = float(scores.max() - scores.min()) or 1.0
    relevance = (scores - scores.min()) / span
    text = index.text[pool]
    kind_sim = (
        0.4 * np.clip(text @ text.T, 0.0, 1.0)
        + 0.3 * (index.type[pool][:, None] == index.type[pool][None, :])
        + 0.15 * (index.country[pool][:, None] == index.country[pool][None, :])
        + 0.15 * (index.clusters[pool][:, None] == index.clusters[pool][None, :])
    )
    chosen: list[int] = []
    per_type: dict[int, int] = {}
    max_sim = np.zeros(len(pool), dtype=np.float32)
    available = np.ones(len(pool), dtype=bool)
    while len(chosen) < limit and available.any():
        value = (1.0 - lam) * relevance - lam * max_sim
        value[~available] = -np.inf
        i = int(np.argmax(value))
        available[i] = False
        t = int(index.type[pool[i]])
        if per_type.get(t, 0) >= cap and _other_types_left(index, pool, available, per_type, cap):
            continue
        per_type[t] = per_type.get(t, 0) + 1
        chosen.append(int(pool[i]))
        max_sim = np.maximum(max_sim, kind_sim[i])
    return chosen


def _other_types_left(
    index: CandidateIndex, pool: np.ndarray, available: np.ndarray, per_type: dict[int, int], cap: int
) -> bool:
    return any(per_type.get(int(t), 0) < cap for t in index.type[pool[available]])


def _match(
    index: CandidateIndex,
    enc: Encoded,
    b: int,
    c: int,
    score: float,
    kept: Mapping[str, np.ndarray],
    weights: Weights,
    feedback: Feedback | None,
    *,
    known: bool,
    explain: bool,
) -> Match:
    values = {name: float(arr[b if arr.shape[0] > 1 else 0, c]) for name, arr in kept.items()}
    reasons = _reasons(index, enc, b, c, values, weights, feedback, known=known) if explain else ()
    return Match(org_id=index.ids[c], score=score, reasons=reasons, known_partner=known, signals=values)


def _reasons(
    index: CandidateIndex,
    enc: Encoded,
    b: int,
    c: int,
    values: Mapping[str, float],
    weights: Weights,
    feedback: Feedback | None,
    *,
    known: bool,
) -> tuple[Reason, ...]:
    member = enc.profiles[b]
    other = index.profiles[c]
    found: list[tuple[float, Reason]] = []
    w = weights.signals

    def add(signal: str, reason: Reason, bonus: float = 0.0) -> None:
        found.append((w.get(signal, 0.0) * values.get(signal, 0.0) + bonus, reason))

    if known:
        found.append((math.inf, Reason("known_partner", {"org_id": other.org_id})))
    if values.get("their_offer_my_need", 0.0) >= 0.25:
        pair = _best_pair(index, member.needs, other, their_side_needs=False)
        if pair:
            need, offer = pair
            add(
                "their_offer_my_need",
                Reason(
                    "offer_meets_need",
                    {"offer": offer.text, "offer_kind": offer.kind, "need": need.text, "need_kind": need.kind},
                ),
            )
    if values.get("my_offer_their_need", 0.0) >= 0.25:
        pair = _best_pair(index, member.offers, other, their_side_needs=True)
        if pair:
            offer, need = pair
            add(
                "my_offer_their_need",
                Reason(
                    "need_met_by_offer",
                    {"offer": offer.text, "offer_kind": offer.kind, "need": need.text, "need_kind": need.kind},
                ),
            )
    km = _km(member, other)
    if values.get("cross_border", 0.0) > 0:
        add(
            "cross_border",
            Reason("cross_border", {"country": other.country, "type": other.type, "km": km}),
            bonus=weights.get("proximity") * values.get("proximity", 0.0),
        )
    elif km is not None and values.get("proximity", 0.0) >= 0.3:
        add("proximity", Reason("nearby", {"type": other.type, "km": km}))
    shared_clusters = sorted(set(member.clusters) & set(other.clusters))
    for cluster in shared_clusters:
        add("cluster", Reason("shared_cluster", {"cluster": cluster}))
    shared_concepts = _shared_concepts(index, member, other)
    if shared_concepts:
        add("concepts", Reason("shared_concepts", {"concepts": shared_concepts}))
    if values.get("text", 0.0) >= 0.3:
        add("text", Reason("similar_profile", {"similarity": round(values["text"], 2)}))
    if member.partner_types_sought and other.type in member.partner_types_sought:
        add("type_fit", Reason("partner_type_sought", {"type": other.type}))
    if values.get("preferred_place", 0.0) > 0:
        add("preferred_place", Reason("preferred_place", {"country": other.country, "region": other.region}))
    if values.get("common_neighbours", 0.0) > 0 and not known:
        partners = _common_partners(index, enc, b, c)
        add(
            "adamic_adar",
            Reason("common_partners", {"count": len(partners), "partner_ids": partners[:3]}),
            bonus=weights.get("common_neighbours") * values["common_neighbours"],
        )
    if values.get("partners_in_my_country", 0.0) > 0 and other.country != member.country:
        add(
            "partners_in_my_country",
            Reason(
                "works_with_your_country",
                {"country": member.country, "count": round(math.expm1(values["partners_in_my_country"]))},
            ),
        )
    if other.activity > 0 and values.get("recency", 0.0) > 0:
        add(
            "recency",
            Reason("active", {"projects": round(other.activity), "last_year": other.last_active_year}),
            bonus=weights.get("activity") * values.get("activity", 0.0)
            + weights.get("recent_activity") * values.get("recent_activity", 0.0),
        )
    if feedback and feedback.saved and values.get("feedback", 0.0) > 0:
        like = _most_like_saved(index, feedback, c)
        if like is not None:
            add("feedback", Reason("like_saved", {"org_id": like}))
    found = [(v, r) for v, r in found if v > 0]
    found.sort(key=lambda vr: -vr[0])
    return tuple(r for _v, r in found)


def _best_pair(index: CandidateIndex, mine, other: Profile, *, their_side_needs: bool):
    """The member's item and the candidate's item that match best, in the right direction."""
    best, best_sim = None, 0.0
    theirs = list(other.needs if their_side_needs else (*other.offers, *other.needs))
    for item in mine:
        if their_side_needs:
            candidates = [t for t in theirs if item.kind in ANSWERS.get(t.kind, ())]
        else:
            candidates = [t for t in theirs if t.kind in ANSWERS.get(item.kind, ())]
        for candidate in candidates:
            sim = _item_pair_similarity(index, item, candidate)
            if sim > best_sim:
                best, best_sim = (item, candidate), sim
    return best


def _item_text(index: CandidateIndex, item: Item) -> np.ndarray:
    found = index.item_rows.get(item)
    if found is not None:
        return index.item_groups[found[0]].text[found[1]]
    return index.embedder.transform([item.text])[0]


def _concept_weights(index: CandidateIndex, concepts: Sequence[str]) -> dict[str, float]:
    vocab, idf = index.concept_vectoriser.vocabulary, index.concept_vectoriser.idf
    counts: dict[str, int] = {}
    for c in concepts:
        if c in vocab:
            counts[c] = counts.get(c, 0) + 1
    weights = {c: (1.0 + math.log(k)) * float(idf[vocab[c]]) for c, k in counts.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {c: v / norm for c, v in weights.items()}


def _item_pair_similarity(index: CandidateIndex, a: Item, b: Item) -> float:
    """The same measure as signals.item_similarity, for one pair (no sparse-matrix overhead)."""
    text = min(max(float(_item_text(index, a) @ _item_text(index, b)), 0.0), 1.0)
    ca, cb = _concept_weights(index, a.concepts), _concept_weights(index, b.concepts)
    if not ca or not cb:
        return text
    concept = sum(v * cb.get(c, 0.0) for c, v in ca.items())
    return 0.5 * text + 0.5 * concept


def _km(a: Profile, b: Profile) -> int | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return round(2 * 6371.0 * math.asin(math.sqrt(min(1.0, h))))


_member_concepts: dict[int, tuple[Profile, frozenset[str]]] = {}


def _concept_set(profile: Profile) -> frozenset[str]:
    """The profile's concepts as a set, cached by object (profiles are immutable)."""
    cached = _member_concepts.get(id(profile))
    if cached is None or cached[0] is not profile:
        if len(_member_concepts) > 4096:
            _member_concepts.clear()
        cached = _member_concepts[id(profile)] = (profile, frozenset(profile.all_concepts))
    return cached[1]


def _candidate_concept_sets(index: CandidateIndex) -> list[frozenset[str]]:
    cached = getattr(index, "_concept_sets", None)
    if cached is None:
        cached = index._concept_sets = [frozenset(p.all_concepts) for p in index.profiles]
    return cached


def _shared_concepts(index: CandidateIndex, member: Profile, other: Profile, limit: int = 3) -> list[str]:
    row = index.row.get(other.org_id)
    theirs = (
        _candidate_concept_sets(index)[row]
        if row is not None and index.profiles[row] is other
        else frozenset(other.all_concepts)
    )
    shared = _concept_set(member) & theirs
    if not shared:
        return []
    idf = index.concept_vectoriser.idf
    vocab = index.concept_vectoriser.vocabulary
    return sorted(shared, key=lambda c: (-(idf[vocab[c]] if c in vocab else 0.0), c))[:limit]


def _common_partners(index: CandidateIndex, enc: Encoded, b: int, c: int) -> list[Hashable]:
    rows = enc.graph_rows
    mine = rows.indices[rows.indptr[b] : rows.indptr[b + 1]]
    adj = index.adjacency
    theirs = adj.indices[adj.indptr[c] : adj.indptr[c + 1]]
    common = np.intersect1d(mine, theirs, assume_unique=True)
    common = common[np.argsort(-index.aa_weight[common], kind="stable")][:10].tolist()
    node_ids = _node_ids(index)
    return [node_ids[x] for x in common]


def _node_ids(index: CandidateIndex) -> list[Hashable]:
    cached = getattr(index, "_node_ids", None)
    if cached is None:
        cached = [None] * len(index.node_row)
        for key, r in index.node_row.items():
            cached[r] = key
        index._node_ids = cached
    return cached


def _most_like_saved(index: CandidateIndex, feedback: Feedback, c: int) -> OrgId | None:
    rows = [index.row[i] for i in feedback.saved if i in index.row]
    if not rows:
        return None
    sims = index.text[rows] @ index.text[c]
    return index.ids[rows[int(np.argmax(sims))]]


def precompute(
    index: CandidateIndex,
    members: Sequence[Profile] | None = None,
    *,
    limit: int = 20,
    weights: Weights | None = None,
    feedback: Mapping[OrgId, Feedback] | None = None,
    block: int = 64,
    progress: Callable[[int, int], None] | None = None,
    countries: Collection[str] | None = None,
    sink: Callable[[OrgId, Any], None] | None = None,
    workers: int = 1,
    encode: Callable[[Recommendations], Any] | None = None,
) -> dict[OrgId, Any]:
    """Top-`limit` recommendations for every member (by default every indexed candidate), block by block.

    With `sink`, each member's result is handed over as soon as its block is done (to be stored) and the
    returned dict stays empty, so memory does not grow with the number of members. `workers` > 1 ranks blocks in
    that many forked processes (where the platform can fork); results, sink calls and progress stay in order and
    in the calling process. `encode` turns each result into what is stored (rows, JSON) where the ranking runs,
    in the workers, so that only the encoded result crosses back to the calling process; sink and the returned
    dict then get encoded results."""
    members = list(index.profiles if members is None else members)
    feedback = feedback or {}
    out: dict[OrgId, Recommendations] = {}
    bounds = [(start, min(start + block, len(members))) for start in range(0, len(members), block)]
    job = _Job(index, members, feedback, {"limit": limit, "weights": weights, "countries": countries}, encode)
    if workers > 1 and len(bounds) > 1 and "fork" in mp.get_all_start_methods():
        # Forked workers share the index with the parent (copy-on-write); blocks come back in order.
        _JOBS.append(job)
        try:
            with mp.get_context("fork").Pool(workers) as pool:
                done = pool.imap(_run_block, bounds)
                blocks = zip(bounds, done, strict=True)
                _collect(blocks, members, out, sink, progress)
        finally:
            _JOBS.remove(job)
    else:
        _collect(((b, job.run(b)) for b in bounds), members, out, sink, progress)
    return out


@dataclass
class _Job:
    index: CandidateIndex
    members: list[Profile]
    feedback: Mapping[OrgId, Feedback]
    options: dict
    encode: Callable[[Recommendations], Any] | None = None

    def run(self, bounds: tuple[int, int]) -> list:
        part = self.members[bounds[0] : bounds[1]]
        results = recommend_block(
            self.index, part, feedback=[self.feedback.get(m.org_id) for m in part], **self.options
        )
        return results if self.encode is None else [self.encode(result) for result in results]


_JOBS: list[_Job] = []  # the job a forked worker inherits from its parent


def _run_block(bounds: tuple[int, int]) -> list[Recommendations]:
    return _JOBS[-1].run(bounds)


def _collect(blocks, members, out, sink, progress) -> None:
    for (start, stop), results in blocks:
        for m, r in zip(members[start:stop], results, strict=True):
            if sink is not None:
                sink(m.org_id, r)
            else:
                out[m.org_id] = r
        if progress:
            progress(stop, len(members))


def signal_arrays(
    index: CandidateIndex, members: Sequence[Profile], feedback: Iterable[Feedback | None] | None = None
) -> dict[str, np.ndarray]:
    """All signal arrays for a block of members (for fitting weights and for evaluation)."""
    enc = index.encode(members)
    return dict(iter_signals(index, enc, list(feedback) if feedback is not None else None))


def with_weights(weights: Weights, **changes) -> Weights:
    return replace(weights, **changes)


__all__ = [
    "DEFAULT_WEIGHTS",
    "PARTNER_TYPES",
    "Recommendations",
    "Weights",
    "precompute",
    "recommend",
    "recommend_block",
    "signal_arrays",
]
