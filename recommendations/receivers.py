"""Recompute a member's recommendations when its profile changes (the signal is sent after the commit)."""

from .services import recommendations_compute_safely


def recompute_after_profile_change(sender, organisation_id=None, **kwargs):
    if organisation_id is not None:
        recommendations_compute_safely(organisation_id)
