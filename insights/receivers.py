"""Keeps the insights in step with the directory: a successful import run refreshes every figure after its commit."""

from django.db.models.signals import post_save

from directory.models import ImportRun

from .figures import refresh_after_commit

DISPATCH_UID = "insights.refresh_after_import"


def import_run_saved(sender, instance, created, raw=False, **kwargs):
    if raw or instance.status != ImportRun.Status.SUCCEEDED:
        return
    refresh_after_commit()


def connect() -> None:
    post_save.connect(import_run_saved, sender=ImportRun, dispatch_uid=DISPATCH_UID)
