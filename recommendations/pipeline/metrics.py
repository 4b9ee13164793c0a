"""Ranking metrics for one query: the ranked list of ids and the set of relevant ids."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence


def recall_at(ranked: Sequence, relevant: Collection, k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def ndcg_at(ranked: Sequence, relevant: Collection, k: int) -> float:
    """Binary-gain nDCG: DCG = sum over hits at rank r (1-based) of 1/log2(r+1), over the ideal DCG."""
    if not relevant:
        return 0.0
    relevant = set(relevant)
    dcg = sum(1.0 / math.log2(r + 2) for r, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1.0 / math.log2(r + 2) for r in range(min(k, len(relevant))))
    return dcg / ideal


def reciprocal_rank(ranked: Sequence, relevant: Collection) -> float:
    relevant = set(relevant)
    for r, item in enumerate(ranked):
        if item in relevant:
            return 1.0 / (r + 1)
    return 0.0


def summarise(rankings: dict, truth: dict) -> dict[str, float]:
    """Mean recall@10, recall@20, nDCG@10 and MRR over the queries in `truth`."""
    queries = [q for q in truth if truth[q]]
    if not queries:
        return {"recall@10": 0.0, "recall@20": 0.0, "ndcg@10": 0.0, "mrr": 0.0}
    n = len(queries)
    return {
        "recall@10": sum(recall_at(rankings.get(q, []), truth[q], 10) for q in queries) / n,
        "recall@20": sum(recall_at(rankings.get(q, []), truth[q], 20) for q in queries) / n,
        "ndcg@10": sum(ndcg_at(rankings.get(q, []), truth[q], 10) for q in queries) / n,
        "mrr": sum(reciprocal_rank(rankings.get(q, []), truth[q]) for q in queries) / n,
    }
