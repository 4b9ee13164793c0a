"""Keeps the insights in step with the directory and the members' profiles.

- A successful import run (or retag) refreshes every figure once its transaction has committed.
- A member's profile change (`members.signals.profile_changed`, sent after the commit) marks the stored figures,
  and their next reader recomputes the needs (`figures.get_figures`): the member's request does not wait for it.
  Failures are logged, never raised into the member's request.
"""

import logging

from django.db.models.signals import post_save

from directory.models import ImportRun

from .figures import mark_needs_changed, refresh_after_commit

logger = logging.getLogger(__name__)

DISPATCH_UID = "insights.refresh_after_import"


def import_run_saved(sender, instance, created, raw=False, **kwargs):
    if raw or instance.status != ImportRun.Status.SUCCEEDED:
        return
    refresh_after_commit()


def profile_changed(sender, **kwargs):
    try:
        mark_needs_changed()
    except Exception:  # noqa: BLE001 - the profile is saved; the figures catch up with the next refresh
        logger.exception("Marking the insights' needs as changed failed")


def connect() -> None:
    post_save.connect(import_run_saved, sender=ImportRun, dispatch_uid=DISPATCH_UID)
    try:
        from members.signals import profile_changed as profile_changed_signal
    except ImportError:  # pragma: no cover - the members app is part of this project
        return
    profile_changed_signal.connect(profile_changed, dispatch_uid="insights.profile_changed")
