"""Evaluation metrics against hand-computed values, the time split, and the evaluate_recommendations command."""

import math
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from recommendations.evaluation.cordis import load_dataset, new_pairs, snapshot
from recommendations.pipeline.metrics import ndcg_at, recall_at, reciprocal_rank, summarise

FIXTURES = Path(__file__).parent / "fixtures"


def pic(n):
    return f"pic:{900000000 + n}"


# fixture keys in build_fixture.py order: n1 n2 n3 n4 d1 d2 d3 d4 d5 f1 b1
N1, N2, N3, N4, D1, D2, D3, D4, D5, F1, B1 = (pic(i) for i in range(11))


def test_recall_at_k():
    ranked = ["a", "x", "b", "y", "c"]
    assert recall_at(ranked, {"a", "b", "z"}, 1) == pytest.approx(1 / 3)
    assert recall_at(ranked, {"a", "b", "z"}, 3) == pytest.approx(2 / 3)
    assert recall_at(ranked, {"a", "b", "c"}, 5) == 1.0
    assert recall_at(ranked, set(), 5) == 0.0


def test_ndcg_at_k():
    # hits at ranks 1 and 3 of 2 relevant: (1 + 1/log2(4)) / (1 + 1/log2(3))
    assert ndcg_at(["a", "x", "b"], {"a", "b"}, 10) == pytest.approx((1 + 0.5) / (1 + 1 / math.log2(3)))
    # one relevant at rank 2: (1/log2(3)) / 1
    assert ndcg_at(["x", "a"], {"a"}, 10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at(["x", "y", "a"], {"a"}, 2) == 0.0
    assert ndcg_at(["a", "b"], {"a", "b"}, 10) == pytest.approx(1.0)


def test_reciprocal_rank_and_mean_over_queries():
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a"}) == 0.0
    rankings = {"q1": ["a", "x"], "q2": ["x", "y", "b"], "q3": []}
    truth = {"q1": {"a"}, "q2": {"b", "c"}, "q3": {"d"}}
    summary = summarise(rankings, truth)
    assert summary["mrr"] == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert summary["recall@10"] == pytest.approx((1 + 0.5 + 0) / 3)
    expected_ndcg_q2 = (1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert summary["ndcg@10"] == pytest.approx((1 + expected_ndcg_q2 + 0) / 3)


def test_snapshot_sees_only_the_past_and_truth_is_first_collaborations():
    dataset = load_dataset(FIXTURES)
    snap = snapshot(dataset, "2019-01-01")
    ids = {p.org_id for p in snap.profiles}
    assert F1 not in ids and B1 not in ids  # partners abroad are graph nodes, not profiles
    assert ids == {N1, N2, N3, N4, D1, D2, D3, D4, D5}
    n1 = next(p for p in snap.profiles if p.org_id == N1)
    assert set(n1.known_partner_ids) == {D1, F1, B1, D5}
    assert n1.activity == 3 and n1.last_active_year == 2018
    assert n1.recent_activity == 2  # projects of 2017 and 2018, not the one of 2015
    assert "battery_hydrogen" in n1.clusters
    assert (N1, D1) in snap.known_pairs
    pairs = new_pairs(dataset, "2019-01-01", None, known=snap.known_pairs, active=ids)
    assert pairs == {(N2, D1), (N3, D3), (N1, D3), (N4, D2), (N1, D2)}
    earlier = snapshot(dataset, "2018-01-01")
    validation = new_pairs(
        dataset, "2018-01-01", "2019-01-01", known=earlier.known_pairs, active={p.org_id for p in earlier.profiles}
    )
    assert validation == {(N1, D5), (N4, D3)}
    n1_2018 = next(p for p in earlier.profiles if p.org_id == N1)
    assert n1_2018.activity == 2 and n1_2018.recent_activity == 1  # only 2016–2017 count as recent in 2018
    training = snapshot(dataset, "2017-01-01")
    fitted_on = new_pairs(
        dataset, "2017-01-01", "2019-01-01", known=training.known_pairs, active={p.org_id for p in training.profiles}
    )
    assert fitted_on == {(N2, D2), (N1, D5)}  # d3 first appears in 2017, so n4-d3 is not a training pair


def test_evaluate_command_prints_the_table():
    out = StringIO()
    call_command("evaluate_recommendations", str(FIXTURES), "--split-year", "2019", stdout=out)
    text = out.getvalue()
    assert "7 organisations evaluated (4 NL, 3 DE) on 5 new NL–DE pairs" in text
    assert "Weights fitted on 2 new pairs of 2017–2018 (4 organisations) and 2 new pairs of 2018" in text
    for method in (
        "random",
        "popularity",
        "same_cluster_popularity",
        "common_neighbours",
        "adamic_adar",
        "text_similarity",
        "pipeline",
    ):
        assert f"| {method} |" in text
    assert "| method | recall@10 | recall@20 | nDCG@10 | MRR |" in text
    assert "target +30%" in text


def test_evaluate_command_rejects_bad_input(tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("evaluate_recommendations", str(tmp_path / "nope"))
    with pytest.raises(CommandError, match="missing file"):
        call_command("evaluate_recommendations", str(tmp_path))
    with pytest.raises(CommandError, match="no Dutch–German pair"):
        call_command("evaluate_recommendations", str(FIXTURES), "--split-year", "2030", stdout=StringIO())
