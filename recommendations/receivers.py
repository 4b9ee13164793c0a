"""Recompute a member's recommendations when its profile changes (the signal is sent after the commit)."""

from django.db import transaction

from .models import StoredRecommendation
from .services import recommendations_compute_safely


def recompute_after_profile_change(sender, organisation_id=None, **kwargs):
    if organisation_id is not None:
        recommendations_compute_safely(organisation_id)


def compute_for_new_member_organisation(sender, instance=None, created=False, raw=False, **kwargs):
    """When an organisation gets its first member, compute its recommendations after the commit, so the members'
    overview has a panel from the first sign-in (cold start: from directory data alone)."""
    if not created or raw or instance is None:
        return
    organisation_id = instance.organisation_id
    if StoredRecommendation.objects.filter(organisation_id=organisation_id).exists():
        return
    transaction.on_commit(lambda: recommendations_compute_safely(organisation_id))
