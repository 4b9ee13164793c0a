"""Sample-data loader: store recommendations for member organisations that have none yet (idempotent)."""

from .models import StoredRecommendation
from .services import member_organisation_ids, recommendations_compute


def load(*, stdout, verbosity=1) -> None:
    have = set(StoredRecommendation.objects.values_list("organisation_id", flat=True).distinct())
    missing = [pk for pk in member_organisation_ids() if pk not in have]
    if not missing:
        if verbosity:
            stdout.write("  recommendations: every member organisation has stored recommendations")
        return
    stored = recommendations_compute(organisation_ids=missing)
    if verbosity:
        stdout.write(
            f"  recommendations: stored {sum(stored.values())} recommendations for {len(stored)} member organisations"
        )
