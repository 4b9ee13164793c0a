"""Time-split evaluation of the partner recommendations on real collaborations.

Profiles and links come from projects that started before the split year; the truth for each Dutch or German
organisation is the set of organisations across the border that it first works with in a project starting in or
after that year (both already active before it). Signal weights are fitted by logistic regression on a
training split (profiles before year-2, truth: first collaborations in year-2 and year-1) together with a
validation split (profiles before year-1, truth: first collaborations in year-1); the diversity setting is chosen
on the validation split. The test pairs are never used for fitting or tuning.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from recommendations.pipeline import Profile, Weights, build_index, recommend_block, signal_arrays
from recommendations.pipeline.learn import eligible_mask, fit_weights, training_pairs
from recommendations.pipeline.metrics import summarise

from .cordis import Dataset, load_dataset, new_pairs, snapshot

RANK_DEPTH = 100
TARGET_GAIN = 0.30  # the pipeline should beat the best baseline by 30 % in recall@20
BASELINES = ("random", "popularity", "same_cluster_popularity", "common_neighbours", "adamic_adar", "text_similarity")
OTHER = {"NL": ("DE",), "DE": ("NL",)}


@dataclass
class Split:
    index: object
    members: list[Profile]
    truth: dict[str, set[str]]
    n_pairs: int


@dataclass
class Result:
    split_year: int
    n_queries: int
    n_queries_nl: int
    n_queries_de: int
    n_pairs: int
    n_candidates: int
    validation_queries: int
    validation_pairs: int
    training_queries: int
    training_pairs: int
    rows: dict[str, dict[str, float]]
    weights: Weights
    seconds: float


def _split(dataset: Dataset, start: str, end: str | None) -> Split:
    snap = snapshot(dataset, start)
    index = build_index(snap.profiles, extra_links=snap.extra_links)
    active = {p.org_id for p in snap.profiles}
    pairs = new_pairs(dataset, start, end, known=snap.known_pairs, active=active)
    truth: dict[str, set[str]] = defaultdict(set)
    for nl, de in pairs:
        truth[nl].add(de)
        truth[de].add(nl)
    by_id = {p.org_id: p for p in snap.profiles}
    members = [by_id[q] for q in sorted(truth)]
    return Split(index=index, members=members, truth=dict(truth), n_pairs=len(pairs))


def _countries(member: Profile):
    return OTHER.get(member.country)


def baseline_rankings(split: Split, *, block: int = 128, seed: int = 0) -> dict[str, dict[str, list[str]]]:
    index = split.index
    n = len(index)
    rng = np.random.default_rng(seed)
    out: dict[str, dict[str, list[str]]] = {name: {} for name in BASELINES}
    ids = np.array(index.ids, dtype=object)
    popularity = index.activity / max(float(index.activity.max()), 1.0)
    for start in range(0, len(split.members), block):
        part = split.members[start : start + block]
        arrays = signal_arrays(index, part)
        known_rows = index.encode(part).graph_rows[:, :n].tolil().rows
        zeros = np.zeros((len(part), n), dtype=np.float32)
        cluster = arrays.get("cluster", zeros)
        scores = {
            "random": rng.random((len(part), n)),
            "popularity": np.broadcast_to(popularity, (len(part), n)),
            "same_cluster_popularity": (cluster > 0) * 10.0 + popularity,
            # ties (most candidates share no neighbour) are broken by popularity, which makes these baselines stronger
            "common_neighbours": arrays.get("common_neighbours", zeros) * 1000.0 + popularity,
            "adamic_adar": arrays.get("adamic_adar", zeros) * 1000.0 + popularity,
            "text_similarity": arrays.get("text", zeros) + arrays.get("concepts", zeros),
        }
        for b, m in enumerate(part):
            mask = eligible_mask(index, m, _countries(m), list(known_rows[b]))
            for name, s in scores.items():
                row = np.where(mask, s[b], -np.inf)
                top = np.argpartition(-row, RANK_DEPTH)[:RANK_DEPTH] if n > RANK_DEPTH else np.arange(n)
                top = top[np.isfinite(row[top])]
                top = top[np.lexsort((top, -row[top]))]
                out[name][m.org_id] = list(ids[top])
    return out


def pipeline_rankings(
    split: Split, weights: Weights, *, block: int = 128, depth: int = RANK_DEPTH
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for country in ("NL", "DE"):
        members = [m for m in split.members if m.country == country]
        for start in range(0, len(members), block):
            part = members[start : start + block]
            results = recommend_block(
                split.index, part, limit=depth, weights=weights, countries=OTHER[country], known_limit=0, explain=False
            )
            for m, r in zip(part, results, strict=True):
                out[m.org_id] = [match.org_id for match in r.matches]
    return out


def evaluate(folder: str, split_year: int, *, log: Callable[[str], None] = lambda _s: None) -> Result:
    started = time.monotonic()
    log("Reading the data …")
    dataset = load_dataset(folder)
    test_start = f"{split_year}-01-01"
    validation_start = f"{split_year - 1}-01-01"
    train_start = f"{split_year - 2}-01-01"

    # Training rows from two snapshots, both entirely before the split: profiles before year-2 with the pairs
    # first formed in year-2 or year-1, and profiles before year-1 with the pairs of year-1 (the validation split).
    log(f"Training split: profiles before {train_start}, truth from projects in {split_year - 2}–{split_year - 1} …")
    training = _split(dataset, train_start, test_start)
    log(f"Validation split: profiles before {validation_start}, truth from projects in {split_year - 1} …")
    validation = _split(dataset, validation_start, test_start)
    parts = [
        training_pairs(s.index, s.members, s.truth, countries_for=_countries)
        for s in (training, validation)
        if s.members
    ]
    names = parts[0][0] if parts else []
    x = np.vstack([p[1] for p in parts]) if parts else np.zeros((0, 0))
    y = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
    weights = fit_weights(names, x, y)
    best, best_recall = weights, -1.0
    for diversity in (0.0, 0.1, 0.2, 0.3):
        candidate = Weights(
            signals=weights.signals, diversity=diversity, max_share_per_type=1.0 if diversity == 0 else 0.6
        )
        recall = summarise(pipeline_rankings(validation, candidate, depth=20), validation.truth)["recall@20"]
        log(f"  diversity {diversity:.1f}: validation recall@20 {recall:.4f}")
        if recall > best_recall:
            best, best_recall = candidate, recall
    weights = best

    log(f"Test split: profiles before {test_start}, truth from projects starting in {split_year} or later …")
    test = _split(dataset, test_start, None)
    rows = {name: summarise(ranking, test.truth) for name, ranking in baseline_rankings(test).items()}
    rows["pipeline"] = summarise(pipeline_rankings(test, weights), test.truth)
    return Result(
        split_year=split_year,
        n_queries=len(test.members),
        n_queries_nl=sum(m.country == "NL" for m in test.members),
        n_queries_de=sum(m.country == "DE" for m in test.members),
        n_pairs=test.n_pairs,
        n_candidates=len(test.index),
        validation_queries=len(validation.members),
        validation_pairs=validation.n_pairs,
        training_queries=len(training.members),
        training_pairs=training.n_pairs,
        rows=rows,
        weights=weights,
        seconds=time.monotonic() - started,
    )


def format_table(result: Result) -> str:
    header = "| method | recall@10 | recall@20 | nDCG@10 | MRR |"
    lines = [header, "|---|---:|---:|---:|---:|"]
    for name in (*BASELINES, "pipeline"):
        r = result.rows[name]
        lines.append(f"| {name} | {r['recall@10']:.4f} | {r['recall@20']:.4f} | {r['ndcg@10']:.4f} | {r['mrr']:.4f} |")
    return "\n".join(lines)


def best_baseline(result: Result, metric: str = "recall@20") -> tuple[str, float]:
    name = max(BASELINES, key=lambda b: result.rows[b][metric])
    return name, result.rows[name][metric]
