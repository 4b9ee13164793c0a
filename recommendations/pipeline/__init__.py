"""The partner-recommendation pipeline: plain Python and NumPy/SciPy/scikit-learn, no Django."""

from .index import CandidateIndex, build_index
from .profiles import ITEM_KINDS, PARTNER_TYPES, Feedback, Item, Match, OrgId, Profile, Reason
from .rank import DEFAULT_WEIGHTS, Recommendations, Weights, precompute, recommend, recommend_block, signal_arrays
from .signals import SIGNALS
from .text import ConceptVectoriser, TextEmbedder

__all__ = [
    "DEFAULT_WEIGHTS",
    "ITEM_KINDS",
    "PARTNER_TYPES",
    "SIGNALS",
    "CandidateIndex",
    "ConceptVectoriser",
    "Feedback",
    "Item",
    "Match",
    "OrgId",
    "Profile",
    "Reason",
    "Recommendations",
    "TextEmbedder",
    "Weights",
    "build_index",
    "precompute",
    "recommend",
    "recommend_block",
    "signal_arrays",
]
