"""The recommendation pipeline on hand-made profiles (plain Python, no database)."""

import math
import os

import pytest

from recommendations.pipeline import (
    Feedback,
    Item,
    Profile,
    Weights,
    build_index,
    precompute,
    recommend,
    signal_arrays,
)
from recommendations.pipeline.text import TextEmbedder

ENSCHEDE = (52.22, 6.89)
MUENSTER = (51.96, 7.63)


def org(org_id, country="DE", *, lat=None, lon=None, **fields):
    return Profile(org_id=org_id, name=f"Example {org_id}", country=country, lat=lat, lon=lon, **fields)


@pytest.fixture
def electrolysis_nl():
    return org(
        "nl-h2",
        "NL",
        lat=ENSCHEDE[0],
        lon=ENSCHEDE[1],
        type="sme",
        clusters=("battery_hydrogen",),
        concepts=("electrolysis", "hydrogen"),
        descriptions={"nl": "Wij ontwikkelen PEM-elektrolyse en elektrolysers voor groene waterstof."},
        needs=(Item("technology_request", "Testfaciliteit voor PEM-elektrolyse stacks", ("electrolysis",)),),
    )


@pytest.fixture
def german_candidates():
    return [
        org(
            "de-h2",
            lat=MUENSTER[0],
            lon=MUENSTER[1],
            type="research",
            clusters=("battery_hydrogen",),
            concepts=("electrolysis",),
            descriptions={"de": "Wir erforschen PEM-Elektrolyse und Elektrolyseure für grünen Wasserstoff."},
            offers=(Item("technology_offer", "Prüfstand für PEM-Elektrolyse-Stacks", ("electrolysis",)),),
        ),
        org(
            "de-med",
            lat=51.84,
            lon=6.61,
            type="company",
            clusters=("health_medtech",),
            concepts=("medical_imaging",),
            descriptions={"de": "Medizinische Bildgebung, Ultraschall und Radiologie-Software für Kliniken."},
        ),
        org(
            "de-robot",
            lat=51.51,
            lon=7.10,
            type="company",
            clusters=("advanced_manufacturing_robotics",),
            concepts=("robotics",),
            descriptions={"de": "Industrieroboter, Greifer und Automatisierung für die Fertigung."},
        ),
    ]


def test_dutch_and_german_profiles_about_electrolysis_meet(electrolysis_nl, german_candidates):
    index = build_index([electrolysis_nl, *german_candidates])
    result = recommend(index, electrolysis_nl, limit=3)
    assert [m.org_id for m in result.matches][0] == "de-h2"
    signals = {m.org_id: m.signals for m in result.matches}
    assert signals["de-h2"]["text"] > signals["de-med"]["text"]
    assert signals["de-h2"]["text"] > signals["de-robot"]["text"]
    assert signals["de-h2"]["concepts"] > 0 == signals["de-med"]["concepts"]


def test_character_ngrams_alone_bring_languages_together():
    """Without any concepts: Dutch and German texts about electrolysis are closer than German texts on other topics."""
    nl = org("nl", "NL", descriptions={"nl": "Elektrolyse van water tot waterstof met membraanelektrolysers"})
    de_same = org("de1", descriptions={"de": "Wasserelektrolyse zu Wasserstoff mit Membran-Elektrolyseuren"})
    de_other = org("de2", descriptions={"de": "Software für die Logistik und Lagerverwaltung im Handel"})
    index = build_index([nl, de_same, de_other])
    match_ids = [m.org_id for m in recommend(index, nl, limit=2).matches]
    assert match_ids == ["de1", "de2"]


def test_language_bridge_survives_the_svd_projection():
    """With a corpus large enough to be projected to a small dense space, the electrolysis pair still meets."""
    topics = [
        "Medizinische Bildgebung und Radiologie",
        "Logistiksoftware und Lagerverwaltung",
        "Recycling van kunststof verpakkingen",
        "Industrierobotik und Greifsysteme",
        "Zorgtechnologie voor ouderen thuis",
        "Elektrolyse von Wasser zu Wasserstoff",
    ]
    others = [org(f"x{i}", "DE" if i % 2 else "NL", descriptions={"en": f"{topics[i % 5]} {i}"}) for i in range(80)]
    nl = org("nl", "NL", descriptions={"nl": "Elektrolyse van water tot waterstof"})
    de = org("de", descriptions={"de": topics[5]})
    embedder = TextEmbedder(dim=8)
    index = build_index([nl, de, *others], embedder=embedder)
    assert index.embedder.svd is not None and index.text.shape[1] == 8
    assert recommend(index, nl, limit=1, weights=Weights(signals={"text": 1.0})).matches[0].org_id == "de"


def test_their_offer_meets_my_need(electrolysis_nl, german_candidates):
    index = build_index([electrolysis_nl, *german_candidates])
    match = recommend(index, electrolysis_nl, limit=3).matches[0]
    assert match.org_id == "de-h2"
    assert match.signals["their_offer_my_need"] > 0.25
    reason = next(r for r in match.reasons if r.code == "offer_meets_need")
    assert reason.params["offer"] == "Prüfstand für PEM-Elektrolyse-Stacks"
    assert reason.params["need"] == "Testfaciliteit voor PEM-elektrolyse stacks"


def test_my_offer_meets_their_need():
    supplier = org(
        "nl-sup",
        "NL",
        offers=(Item("technology_offer", "Recycling of lithium-ion battery cells", ("battery_recycling",)),),
    )
    buyer = org(
        "de-buy",
        needs=(Item("technology_request", "Recycling partner for lithium-ion battery cells", ("battery_recycling",)),),
    )
    competitor = org(
        "de-comp",
        offers=(Item("technology_offer", "Recycling of lithium-ion battery cells", ("battery_recycling",)),),
    )
    index = build_index([supplier, buyer, competitor])
    result = {m.org_id: m for m in recommend(index, supplier, limit=2).matches}
    assert result["de-buy"].signals["my_offer_their_need"] > 0.5
    assert result["de-comp"].signals.get("my_offer_their_need", 0.0) == 0.0
    assert result["de-buy"].score > result["de-comp"].score
    reason = next(r for r in result["de-buy"].reasons if r.code == "need_met_by_offer")
    assert reason.params == {
        "offer": "Recycling of lithium-ion battery cells",
        "offer_kind": "technology_offer",
        "need": "Recycling partner for lithium-ion battery cells",
        "need_kind": "technology_request",
    }
    # And the other way round, seen from the buyer: the supplier's offer meets the buyer's need.
    seen_by_buyer = {m.org_id: m for m in recommend(index, buyer, limit=2).matches}
    assert seen_by_buyer["nl-sup"].signals["their_offer_my_need"] > 0.5
    assert any(r.code == "offer_meets_need" for r in seen_by_buyer["nl-sup"].reasons)


def test_known_partners_are_flagged_and_not_recommended(electrolysis_nl, german_candidates):
    member = Profile(**{**electrolysis_nl.__dict__, "known_partner_ids": ("de-h2",)})
    index = build_index([member, *german_candidates])
    result = recommend(index, member, limit=5)
    assert "de-h2" not in [m.org_id for m in result.matches]
    assert [m.org_id for m in result.known] == ["de-h2"]
    known = result.known[0]
    assert known.known_partner is True
    assert known.reasons[0].code == "known_partner"
    assert all(not m.known_partner for m in result.matches)


def test_partnership_recorded_on_the_other_side_also_counts(electrolysis_nl, german_candidates):
    de_h2 = Profile(**{**german_candidates[0].__dict__, "known_partner_ids": ("nl-h2",)})
    index = build_index([electrolysis_nl, de_h2, *german_candidates[1:]])
    result = recommend(index, electrolysis_nl, limit=5)
    assert "de-h2" not in [m.org_id for m in result.matches]
    assert [m.org_id for m in result.known] == ["de-h2"]


def test_dismissed_is_never_returned_and_saved_is_listed_apart(electrolysis_nl, german_candidates):
    index = build_index([electrolysis_nl, *german_candidates])
    feedback = Feedback(dismissed=frozenset({"de-h2"}), saved=frozenset({"de-robot"}))
    result = recommend(index, electrolysis_nl, limit=10, feedback=feedback)
    ids = [m.org_id for m in result.matches]
    assert "de-h2" not in ids
    assert "de-robot" not in ids
    assert ids == ["de-med"]


def test_feedback_moves_similar_organisations():
    member = org("m", "NL", descriptions={"en": "Engineering consultancy"})
    robot_a = org(
        "ra",
        type="company",
        descriptions={"de": "Industrieroboter und Greifer für die Montage"},
        concepts=("robotics",),
    )
    robot_b = org(
        "rb",
        type="company",
        descriptions={"de": "Roboterzellen und Greifsysteme für die Montage"},
        concepts=("robotics",),
    )
    med_a = org(
        "ma", type="research", descriptions={"de": "Medizinische Bildgebung und Ultraschall"}, concepts=("imaging",)
    )
    med_b = org(
        "mb", type="research", descriptions={"de": "Ultraschall-Bildgebung für Kliniken"}, concepts=("imaging",)
    )
    index = build_index([member, robot_a, robot_b, med_a, med_b])

    def position(feedback, org_id):
        return [m.org_id for m in recommend(index, member, limit=4, feedback=feedback).matches].index(org_id)

    liked_robots = Feedback(saved=frozenset({"ra"}), dismissed=frozenset({"ma"}))
    liked_imaging = Feedback(saved=frozenset({"ma"}), dismissed=frozenset({"ra"}))
    assert position(liked_robots, "rb") == 0
    assert position(liked_imaging, "mb") == 0
    like = next(
        r for r in recommend(index, member, limit=1, feedback=liked_robots).matches[0].reasons if r.code == "like_saved"
    )
    assert like.params == {"org_id": "ra"}


def test_top_ten_is_not_ten_copies_of_one_kind():
    member = org("m", "NL", concepts=("hydrogen",), descriptions={"en": "hydrogen storage"})
    universities = [
        org(
            f"u{i}",
            type="university",
            concepts=("hydrogen",),
            descriptions={"de": "Wasserstoffspeicher Forschung"},
            activity=20,
        )
        for i in range(15)
    ]
    others = [
        org(f"o{i}", type=t, concepts=("hydrogen",), descriptions={"de": f"Wasserstoff {t}"}, activity=5)
        for i, t in enumerate(["sme", "company", "research", "public", "sme", "company"])
    ]
    index = build_index([member, *universities, *others])
    plain = recommend(index, member, limit=10, weights=Weights(diversity=0.0, max_share_per_type=1.0)).matches
    assert [index.profiles[index.row[m.org_id]].type for m in plain] == ["university"] * 10
    diverse = recommend(index, member, limit=10, weights=Weights(diversity=0.3, max_share_per_type=0.5)).matches
    types = [index.profiles[index.row[m.org_id]].type for m in diverse]
    assert len(diverse) == 10
    assert types.count("university") <= 5
    assert len(set(types)) >= 4


def test_reasons_carry_the_data_behind_them(electrolysis_nl, german_candidates):
    partner = org("fr-lab", "FR")
    member = Profile(**{**electrolysis_nl.__dict__, "known_partner_ids": ("fr-lab",)})
    de_h2 = Profile(**{**german_candidates[0].__dict__, "known_partner_ids": ("fr-lab",)})
    index = build_index([member, de_h2, partner, *german_candidates[1:]])
    match = next(m for m in recommend(index, member, limit=5).matches if m.org_id == "de-h2")
    reasons = {r.code: r.params for r in match.reasons}
    la1, lo1, la2, lo2 = map(math.radians, (*ENSCHEDE, *MUENSTER))
    km = (
        2
        * 6371
        * math.asin(
            math.sqrt(math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
        )
    )
    assert reasons["cross_border"] == {"country": "DE", "type": "research", "km": round(km)}
    assert reasons["shared_cluster"] == {"cluster": "battery_hydrogen"}
    assert reasons["shared_concepts"] == {"concepts": ["electrolysis"]}
    assert reasons["common_partners"] == {"count": 1, "partner_ids": ["fr-lab"]}
    assert set(match.signals) >= {"text", "concepts", "cluster", "cross_border", "proximity", "adamic_adar"}


def test_cross_border_candidates_are_favoured():
    member = org("m", "NL", concepts=("robotics",))
    same_side = org("nl2", "NL", concepts=("robotics",))
    across = org("de2", "DE", concepts=("robotics",))
    index = build_index([member, same_side, across])
    assert [m.org_id for m in recommend(index, member, limit=2).matches] == ["de2", "nl2"]


def test_partner_types_sought_and_country_filter():
    member = org("m", "NL", partner_types_sought=("university",))
    index = build_index(
        [member, org("c", type="company"), org("u", type="university"), org("nl-u", "NL", type="university")]
    )
    ranked = recommend(index, member, limit=3, countries=["DE"]).matches
    assert [m.org_id for m in ranked] == ["u", "c"]
    assert any(r.code == "partner_type_sought" and r.params == {"type": "university"} for r in ranked[0].reasons)


def test_precompute_covers_every_member_and_never_recommends_itself(electrolysis_nl, german_candidates):
    index = build_index([electrolysis_nl, *german_candidates])
    seen = []
    results = precompute(index, limit=2, block=2, progress=lambda done, total: seen.append((done, total)))
    assert set(results) == {"nl-h2", "de-h2", "de-med", "de-robot"}
    for org_id, result in results.items():
        assert org_id not in [m.org_id for m in result.matches]
        assert len(result.matches) == 2
    assert seen == [(2, 4), (4, 4)]
    streamed = {}
    assert precompute(index, limit=2, block=3, sink=streamed.__setitem__) == {}
    assert {k: [m.org_id for m in v.matches] for k, v in streamed.items()} == {
        k: [m.org_id for m in v.matches] for k, v in results.items()
    }


def test_a_profile_edited_after_indexing_is_encoded_afresh(electrolysis_nl, german_candidates):
    index = build_index([electrolysis_nl, *german_candidates])
    edited = Profile(
        **{
            **electrolysis_nl.__dict__,
            "concepts": ("medical_imaging",),
            "descriptions": {"de": "Medizinische Bildgebung und Ultraschall"},
            "needs": (),
        }
    )
    assert recommend(index, edited, limit=1).matches[0].org_id == "de-med"


def test_profiles_reject_bad_data():
    with pytest.raises(ValueError, match="is a need"):
        Profile(org_id=1, offers=(Item("technology_request", "x"),))
    with pytest.raises(ValueError, match="unknown offer/need kind"):
        Item("wish", "x")
    with pytest.raises(ValueError, match="unknown organisation type"):
        Profile(org_id=1, type="club")
    with pytest.raises(ValueError, match="unknown signals"):
        Weights(signals={"charisma": 1.0})
    with pytest.raises(ValueError, match="duplicate"):
        build_index([Profile(org_id=1), Profile(org_id=1)])


def test_empty_profile_still_gets_recommendations_and_hints():
    member = org("m", "NL")
    index = build_index([member, org("a", lat=1.0, lon=1.0), org("b")])
    assert len(recommend(index, member, limit=5).matches) == 2
    assert "descriptions" in member.missing_fields and "offers" in member.missing_fields


def test_precompute_in_worker_processes_gives_the_same_results(electrolysis_nl, german_candidates):
    extra = [org(f"de-{i}", concepts=("electrolysis",) if i % 2 else ("robotics",), activity=i) for i in range(6)]
    index = build_index([electrolysis_nl, *german_candidates, *extra])
    alone = precompute(index, limit=3, block=2)
    seen = []
    streamed = []
    together = precompute(
        index,
        limit=3,
        block=2,
        workers=2,
        progress=lambda done, total: seen.append(done),
        sink=lambda org_id, result: streamed.append((org_id, result)),
    )
    assert together == {}
    assert [org_id for org_id, _r in streamed] == [p.org_id for p in index.profiles]
    assert seen == [2, 4, 6, 8, 10]
    for org_id, result in streamed:
        expected = alone[org_id]
        assert [(m.org_id, m.reasons, m.known_partner) for m in result.matches] == [
            (m.org_id, m.reasons, m.known_partner) for m in expected.matches
        ]
        assert [m.score for m in result.matches] == pytest.approx([m.score for m in expected.matches])


def test_precompute_encodes_results_where_they_are_ranked(electrolysis_nl, german_candidates):
    index = build_index([electrolysis_nl, *german_candidates])
    parent = os.getpid()

    def encode(result):
        return (os.getpid(), tuple(m.org_id for m in result.matches))

    alone = precompute(index, limit=3, block=1)
    encoded = precompute(index, limit=3, block=1, workers=2, encode=encode)
    assert {org_id: ids for org_id, (_pid, ids) in encoded.items()} == {
        org_id: tuple(m.org_id for m in result.matches) for org_id, result in alone.items()
    }
    assert all(pid != parent for pid, _ids in encoded.values())  # encoded in the worker processes
    assert all(pid == parent for pid, _ids in precompute(index, limit=3, encode=encode).values())


def test_recently_active_candidates_come_first_and_say_so():
    member = org("m", "NL", concepts=("robotics",))
    quiet = org("quiet", concepts=("robotics",), activity=5, last_active_year=2020, recent_activity=0)
    busy = org("busy", concepts=("robotics",), activity=5, last_active_year=2020, recent_activity=4)
    index = build_index([member, quiet, busy])
    ranked = recommend(index, member, limit=2).matches
    assert [m.org_id for m in ranked] == ["busy", "quiet"]
    assert ranked[0].signals["recent_activity"] == pytest.approx(math.log1p(4))
    assert ranked[1].signals["recent_activity"] == 0.0
    assert any(r.code == "active" and r.params == {"projects": 5, "last_year": 2020} for r in ranked[0].reasons)


def test_cluster_overlap_and_border_signals():
    member = org("m", "NL", clusters=("battery_hydrogen", "circular_economy"))
    candidates = [
        org("same", clusters=("battery_hydrogen", "circular_economy")),
        org("half", clusters=("circular_economy", "health_medtech")),
        org("none", clusters=("health_medtech",)),
        org("home", "NL", clusters=("battery_hydrogen",)),
        org("nowhere", "", clusters=()),
    ]
    index = build_index([member, *candidates])
    arrays = signal_arrays(index, [member, candidates[3]])
    cols = [index.row[c.org_id] for c in candidates]
    assert arrays["cluster"][0, cols].tolist() == pytest.approx([1.0, 1 / 3, 0.0, 0.5, 0.0])
    assert arrays["cross_border"][0, cols].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]
    # a Dutch member of the same block: the same rows, its own cluster set
    assert arrays["cross_border"][1, cols].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert arrays["cluster"][1, cols].tolist() == pytest.approx([0.5, 0.0, 0.0, 1.0, 0.0])
