"""Every table of the dashboard against figures computed by hand from the world in conftest.py."""

import datetime

import pytest
from django.utils import translation

from directory.clusters import CLUSTER_LABELS
from support import queries

pytestmark = pytest.mark.django_db


def _counts(rows):
    return [(row.key, row.label, row.needs, row.organisations) for row in rows]


def test_needs_by_concept(world):
    rows = queries.needs_by_concept()
    assert _counts(rows) == [
        ("water_electrolysis", "Water electrolysis", 3, 3),  # A n1, C n6, D n7
        ("plastics_recycling", "Plastics recycling", 2, 2),  # A n2, B n3
        ("collaborative_robots", "Collaborative robots", 1, 1),  # F
        ("fuel_cells", "Fuel cells", 1, 1),  # A n1 (its second concept)
        ("sensors", "Sensors", 1, 1),  # C n5; A's sensor offer is not a need
        ("", "No concept given", 1, 1),  # B n4
    ]
    assert rows[0].detail == "Battery & Hydrogen"
    assert rows[4].detail == ""  # a key enabling technology has no cluster


def test_concept_labels_follow_the_language(world):
    with translation.override("de"):
        rows = queries.needs_by_concept()
        cluster = str(CLUSTER_LABELS["battery_hydrogen"])
    assert rows[0].label == "Wasserelektrolyse"
    assert rows[0].detail == cluster
    assert rows[-1].label == "Kein Konzept angegeben"


def test_needs_by_cluster_lists_every_cluster(world):
    assert _counts(queries.needs_by_cluster()) == [
        ("battery_hydrogen", "Battery & Hydrogen", 3, 3),  # n1 once although both its concepts are here; n6; n7
        ("circular_economy", "Circular Economy", 2, 2),  # n2, n3
        ("advanced_manufacturing_robotics", "Advanced Manufacturing & Robotics", 1, 1),  # n8
        ("health_medtech", "Health & Medical Technology", 0, 0),
        ("", "No cluster", 2, 2),  # n4 without a concept, n5 with a key enabling technology only
    ]


def test_needs_by_region_rolls_up_to_nuts2(world):
    rows = queries.needs_by_region()
    assert _counts(rows) == [
        ("DEA3", "Münster", 3, 2),  # C (DEA33) n5, n6 and D (DEA34) n7
        ("NL22", "Gelderland", 2, 1),  # B (NL225)
        ("NL21", "Overijssel", 2, 1),  # A (NL213)
        ("", "Region unknown", 1, 1),  # F
    ]
    assert [row.detail for row in rows] == ["DE", "NL", "NL", "DE"]


def test_tables_are_empty_without_members(concepts):
    assert queries.needs_by_concept() == []
    assert queries.needs_by_cluster() == []
    assert queries.needs_by_region() == []
    assert queries.unmet_public_needs() == []
    assert queries.unmet_needs_by_concept() == []
    assert queries.most_recommended() == []
    assert queries.introductions_by_month() == []


def test_best_scores(world):
    ids = {key: org.pk for key, org in world.items()}
    assert queries.best_scores() == {ids["A"]: 2.5, ids["B"]: 0.8, ids["C"]: 0.9, ids["F"]: 1.0, ids["E"]: 3.0}


def test_unmet_public_needs_name_only_members_with_public_needs(world):
    # Below 1.0: B (0.8, needs private), C (0.9, public) and D (no recommendation; not in the public directory).
    # F scores exactly 1.0, which is not below the threshold.
    rows = queries.unmet_public_needs()
    assert [(r.organisation, r.kind, r.text, r.concepts, r.best_score) for r in rows] == [
        (
            "Münster Sensorik GmbH (example)",
            "Technology request",
            "=Calibration partner for gas sensors",
            "Sensors",
            0.9,
        ),
        (
            "Münster Sensorik GmbH (example)",
            "R&D partner search",
            "Electrolyser monitoring project",
            "Water electrolysis",
            0.9,
        ),
    ]
    assert {r.organisation_id for r in rows} == {world["C"].pk}


def test_unmet_needs_in_aggregate(world):
    assert _counts(queries.unmet_needs_by_concept()) == [
        ("water_electrolysis", "Water electrolysis", 2, 2),  # C n6, D n7
        ("plastics_recycling", "Plastics recycling", 1, 1),  # B n3
        ("sensors", "Sensors", 1, 1),  # C n5
        ("", "No concept given", 1, 1),  # B n4
    ]
    assert _counts(queries.unmet_needs_by_cluster()) == [
        ("battery_hydrogen", "Battery & Hydrogen", 2, 2),
        ("circular_economy", "Circular Economy", 1, 1),
        ("advanced_manufacturing_robotics", "Advanced Manufacturing & Robotics", 0, 0),
        ("health_medtech", "Health & Medical Technology", 0, 0),
        ("", "No cluster", 2, 2),  # B n4, C n5
    ]
    assert _counts(queries.unmet_needs_by_region()) == [
        ("DEA3", "Münster", 3, 2),  # C n5, n6; D n7
        ("NL22", "Gelderland", 2, 1),  # B n3, n4
    ]


def test_threshold_changes_what_is_unmet(world, settings):
    # At 0.85 only B (0.8) and D (none) remain: neither may be named.
    assert queries.unmet_public_needs(threshold=0.85) == []
    assert _counts(queries.unmet_needs_by_region(threshold=0.85)) == [
        ("NL22", "Gelderland", 2, 1),
        ("DEA3", "Münster", 1, 1),
    ]
    # At 3 every member is below: A, C and F have public needs.
    # The least served first: C (0.9), F (1.0), then A (2.5).
    rows = queries.unmet_public_needs(threshold=3)
    assert [(row.organisation, row.best_score) for row in rows] == [
        ("Münster Sensorik GmbH (example)", 0.9),
        ("Münster Sensorik GmbH (example)", 0.9),
        ("Example Cobot Cooperative (example)", 1.0),
        ("Twente Waterstof BV (example)", 2.5),
        ("Twente Waterstof BV (example)", 2.5),
    ]
    assert [row.text for row in rows if row.organisation.startswith("Twente")] == [
        "Stack testing for PEM electrolysers",
        "Recycling of membrane plastics",
    ]
    # The setting is the default.
    settings.SUPPORT_WEAK_MATCH_THRESHOLD = 0.5
    assert _counts(queries.unmet_needs_by_region()) == [("DEA3", "Münster", 1, 1)]  # only D, without recommendations


def test_private_needs_are_never_named(world):
    for threshold in (0.1, 0.85, 1.0, 2.0, 10.0):
        named = {row.organisation_id for row in queries.unmet_public_needs(threshold=threshold)}
        assert world["B"].pk not in named
        assert world["D"].pk not in named
        assert world["E"].pk not in named


def test_most_recommended(world):
    rows = queries.most_recommended()
    assert [(r.name, r.country, r.times, r.average_rank, round(r.average_score, 6)) for r in rows] == [
        ("Hydrogen Institute Enschede (example)", "NL", 3, 1.0, 1.4),  # A 2.5, B 0.8, C 0.9 (E is no member)
        ("Institut für Kreislaufwirtschaft (example)", "DE", 2, 1.5, 1.1),  # A 1.2 (rank 2), F 1.0 (rank 1)
        ("Recycling Network Gelderland (example)", "NL", 1, 2.0, 0.5),  # B
    ]
    assert [r.name for r in queries.most_recommended(limit=1)] == ["Hydrogen Institute Enschede (example)"]


def test_introductions_by_month(introductions):
    rows = queries.introductions_by_month()
    assert [(r.month.isoformat(), r.requested, r.accepted, r.declined) for r in rows] == [
        ("2026-01-01", 1, 0, 0),
        ("2026-02-01", 2, 1, 0),  # i2 was requested at 00:30 on 1 February in Amsterdam
        ("2026-03-01", 0, 0, 0),
        ("2026-04-01", 2, 1, 1),
    ]


def test_introductions_across_a_year_end(world):
    from recommendations.models import Introduction

    for created in ["2025-12-05 10:00", "2026-02-05 10:00"]:
        Introduction.objects.create(
            organisation=world["A"],
            candidate=world["X"],
            created_at=datetime.datetime.fromisoformat(created).replace(tzinfo=datetime.UTC),
            status=Introduction.Status.WITHDRAWN,
        )
    months = [r.month.isoformat() for r in queries.introductions_by_month()]
    assert months == ["2025-12-01", "2026-01-01", "2026-02-01"]


def test_tables_of_one_page_share_their_reads(world, django_assert_num_queries):
    with queries.shared_reads():
        first = queries.needs_by_concept()
        queries.unmet_needs_by_region()
        with django_assert_num_queries(0):
            assert queries.needs_by_concept() == first
            queries.unmet_needs_by_cluster()
            queries.unmet_public_needs()
    # Outside the block every call reads again.
    with django_assert_num_queries(3):  # the needs with their organisations, their concept links, the concepts
        queries.needs_by_concept()


def test_best_score_summary(world):
    # Members A 2.5, B 0.8, C 0.9, F 1.0 and D without recommendations (E is no member).
    summary = queries.best_score_summary()
    assert (summary.members, summary.without_recommendations, summary.below_threshold) == (5, 1, 3)  # B, C, D
    # Sorted 0.8, 0.9, 1.0, 2.5: quartiles at positions 0.75, 1.5 and 2.25.
    assert [round(q, 6) for q in summary.quartiles] == [0.875, 0.95, 1.375]
    assert queries.best_score_summary(threshold=3).below_threshold == 5
    assert queries.best_score_summary(threshold=0.1).below_threshold == 1


def test_best_score_summary_without_members(db):
    assert queries.best_score_summary() == queries.ScoreSummary(0, 0, 0, None)
