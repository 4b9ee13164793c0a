"""Reason codes become sentences in the member's language, with the data behind them."""

from django.utils import translation

from recommendations.pipeline import Match, Reason
from recommendations.reasons import explain, reason_text


def test_reasons_read_in_english_dutch_and_german():
    reason = Reason("cross_border", {"country": "DE", "type": "research", "km": 42})
    with translation.override("en"):
        assert reason_text(reason) == "Research institute in Germany, 42 km away."
    with translation.override("nl"):
        assert reason_text(reason) == "Onderzoeksinstituut in Duitsland, op 42 km afstand."
    with translation.override("de"):
        assert reason_text(reason) == "Forschungsinstitut in Deutschland, 42 km entfernt."


def test_offer_and_cluster_sentences_quote_the_data():
    offer = Reason("offer_meets_need", {"offer": "PEM electrolysis testing", "need": "a test bench for stacks"})
    with translation.override("en"):
        assert (
            reason_text(offer)
            == "They offer “PEM electrolysis testing”, which meets your need “a test bench for stacks”."
        )
        assert reason_text(Reason("shared_cluster", {"cluster": "battery_hydrogen"})) == "Both in Battery & Hydrogen."
    with translation.override("de"):
        assert "PEM electrolysis testing" in reason_text(offer)


def test_plurals_and_lookups():
    common = Reason("common_partners", {"count": 2, "partner_ids": [7, 9]})
    names = {7: "Example Lab", 9: "Example Works"}.get
    with translation.override("en"):
        assert (
            reason_text(common, org_name=names)
            == "You have 2 partners in common, among them Example Lab, Example Works."
        )
        one = Reason("common_partners", {"count": 1, "partner_ids": [7]})
        assert reason_text(one, org_name=names) == "You have 1 partner in common: Example Lab."
    with translation.override("nl"):
        assert reason_text(common, org_name=names) == "U hebt 2 partners gemeen, onder wie Example Lab, Example Works."


def test_explain_keeps_the_order_and_skips_unknown_codes():
    match = Match(
        org_id=1,
        score=1.0,
        reasons=(
            Reason("shared_concepts", {"concepts": ["energy:electrolysis"]}),
            Reason("from_the_future", {}),
            Reason("known_partner", {"org_id": 1}),
        ),
    )
    with translation.override("en"):
        assert explain(match, limit=None) == ["Shared topics: electrolysis.", "You have already worked together."]
        assert explain(match, limit=1, concept_label=lambda c: "Electrolysis") == ["Shared topics: Electrolysis."]
