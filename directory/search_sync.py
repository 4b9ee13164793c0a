"""Keeps the search index in step with the directory.

- Saving or deleting an organisation, or one of its aliases, descriptions, tags or participations, re-indexes that
  organisation once the transaction commits. Changes are collected per database connection, so a transaction that
  touches an organisation twenty times indexes it once, in batches.
- An organisation that is not public (or no longer exists) is removed from the index.
- Editing a concept re-indexes the organisations tagged with it (its labels are part of their documents).
- Imports write with bulk queries, which send no per-row signals: when an import run has been recorded (the
  `ImportRun` row every run ends with) or a retag has finished, the whole directory is brought up to date in
  batches (`reindex_all`), never row by row.
- Members' `profile_changed` (sent after the profile's transaction committed) re-indexes that organisation.

Indexing failures are logged, never raised into the request: `manage.py search_index update` repairs the index.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from search.backends import get_backend

from .documents import documents_for_ids, iter_documents
from .models import (
    Concept,
    ImportRun,
    Organisation,
    OrganisationAlias,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
    Participation,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
PENDING_ATTRIBUTE = "_directory_search_pending"
FLUSH_MARK = "directory_search_flush"
DISPATCH_PREFIX = "directory.search_sync"

# Models whose rows belong to one organisation (via `organisation_id`).
ORGANISATION_PARTS = (
    OrganisationAlias,
    OrganisationDescription,
    OrganisationCluster,
    OrganisationConcept,
    Participation,
)


# --------------------------------------------------------------------------------------------------------------
# Indexing


def reindex(ids: Iterable[int]) -> None:
    """Index the public organisations among `ids` now, in batches, and remove the others from the index."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return
    backend = get_backend()
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        documents = documents_for_ids(chunk)
        if documents:
            report = backend.index(documents)
            for error in report.errors:
                logger.error("Search index: rejected %s", error)
        indexed = {doc["id"] for doc in documents}
        gone = [pk for pk in chunk if pk not in indexed]
        if gone:
            backend.delete(gone)


def reindex_all() -> int:
    """Bring the whole index up to date in batches: every public organisation, and nothing else. Returns the count."""
    backend = get_backend()
    version = data_version()
    seen: set[int] = set()
    batch: list[dict] = []
    for document in iter_documents():
        batch.append(document)
        if len(batch) >= BATCH_SIZE:
            _index_batch(backend, batch, seen)
            batch = []
    if batch:
        _index_batch(backend, batch, seen)
    stale = backend.ids() - seen
    if stale:
        backend.delete(sorted(stale))
    from search.sample_data import write_data_version

    write_data_version(version)
    return len(seen)


def _index_batch(backend, batch: list[dict], seen: set[int]) -> None:
    report = backend.index(batch)
    for error in report.errors:
        logger.error("Search index: rejected %s", error)
    seen.update(doc["id"] for doc in batch)


def data_version() -> str:
    """A fingerprint of everything the search documents are built from; it changes whenever any of it changes.

    The search sample-data loader compares it with the one recorded at the last full build (a handful of
    aggregate queries, so checking is quick).
    """
    parts = []
    orgs = Organisation.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    parts.append(f"o{orgs['n']}:{orgs['top']}:{orgs['last'].isoformat() if orgs['last'] else ''}")
    parts.append(f"p{Organisation.objects.filter(is_public=True).count()}")
    for model in (*ORGANISATION_PARTS, Concept):
        row = model.objects.aggregate(n=Count("pk"), top=Max("pk"))
        parts.append(f"{model._meta.model_name}{row['n']}:{row['top']}")
    tags = (
        OrganisationConcept.objects.filter(rejected=True).count()
        + OrganisationCluster.objects.filter(rejected=True).count()
    )
    parts.append(f"r{tags}")
    return "|".join(parts)


# --------------------------------------------------------------------------------------------------------------
# Collecting changes per transaction


def schedule(ids: Iterable[int], *, using: str | None = None) -> None:
    """Re-index these organisations once the current transaction commits (at once outside a transaction)."""
    connection = transaction.get_connection(using)
    pending: set[int] = connection.__dict__.setdefault(PENDING_ATTRIBUTE, set())
    pending.update(int(i) for i in ids if i is not None)
    if connection.in_atomic_block and any(
        getattr(func, FLUSH_MARK, None) == "waiting" for _savepoints, func, _robust in connection.run_on_commit
    ):
        return  # this transaction's flush is already waiting for the commit
    # One flush per transaction. When a rolled-back savepoint drops it, the next change registers a new one.

    def flush() -> None:
        setattr(flush, FLUSH_MARK, "done")
        _flush(using)

    setattr(flush, FLUSH_MARK, "waiting")
    transaction.on_commit(flush, using=using)


def _flush(using: str | None) -> None:
    connection = transaction.get_connection(using)
    pending: set[int] = connection.__dict__.get(PENDING_ATTRIBUTE) or set()
    if not pending:
        return
    ids = sorted(pending)
    pending.clear()
    try:
        reindex(ids)
    except Exception:
        logger.exception("Search index: could not re-index organisations %s after commit", ids[:20])


def schedule_all(*, using: str | None = None) -> None:
    """Bring the whole index up to date once the current transaction commits (after bulk imports and retags)."""

    def run() -> None:
        started = time.monotonic()
        try:
            count = reindex_all()
        except Exception:
            logger.exception("Search index: could not update the index after a bulk change")
            return
        logger.info("Search index: %s organisations indexed in %.1f s", count, time.monotonic() - started)

    transaction.on_commit(run, using=using)


# --------------------------------------------------------------------------------------------------------------
# Receivers


def organisation_saved(sender, instance, raw=False, using=None, **kwargs):
    if raw:  # fixtures being loaded: `search_index rebuild` indexes them
        return
    schedule([instance.pk], using=using)


def organisation_deleted(sender, instance, using=None, **kwargs):
    schedule([instance.pk], using=using)


def organisation_part_changed(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    schedule([instance.organisation_id], using=using)


def concept_saved(sender, instance, raw=False, using=None, created=False, **kwargs):
    if raw or created:  # a new concept is nobody's tag yet
        return
    ids = OrganisationConcept.objects.filter(concept=instance, rejected=False).values_list("organisation_id", flat=True)
    schedule(list(ids), using=using)


def import_run_saved(sender, instance, raw=False, using=None, **kwargs):
    """An import run has been recorded: if it succeeded and changed something, update the index in bulk."""
    if raw or instance.status != ImportRun.Status.SUCCEEDED:
        return
    counts = instance.counts or {}
    if not any(isinstance(value, int) and value for value in counts.values()):
        # Nothing was written (a re-run of the same file), or a run that only records a retag: retag updates the
        # index itself (`organisations_retagged`).
        return
    schedule_all(using=using)


def organisations_retagged(organisation_ids: Iterable[int] | None = None) -> None:
    """Called when a retag has finished: update the retagged organisations (all of them when None) in bulk."""
    if organisation_ids is None:
        schedule_all()
    else:
        schedule(list(organisation_ids))


def profile_changed(sender, organisation_id=None, organisation=None, **kwargs):
    pk = organisation_id if organisation_id is not None else getattr(organisation, "pk", None)
    if pk is not None:
        schedule([pk])


def connect() -> None:
    """Connect the receivers (called from DirectoryConfig.ready)."""
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid=f"{DISPATCH_PREFIX}.org_saved")
    post_delete.connect(organisation_deleted, sender=Organisation, dispatch_uid=f"{DISPATCH_PREFIX}.org_deleted")
    for model in ORGANISATION_PARTS:
        name = model._meta.model_name
        post_save.connect(organisation_part_changed, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.{name}_saved")
        post_delete.connect(organisation_part_changed, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.{name}_deleted")
    post_save.connect(concept_saved, sender=Concept, dispatch_uid=f"{DISPATCH_PREFIX}.concept_saved")
    post_save.connect(import_run_saved, sender=ImportRun, dispatch_uid=f"{DISPATCH_PREFIX}.import_run_saved")
    from django.apps import apps

    if apps.is_installed("members"):
        # The directory works without members; when they are installed, a changed profile is re-indexed.
        from members.signals import profile_changed as profile_changed_signal

        profile_changed_signal.connect(profile_changed, dispatch_uid=f"{DISPATCH_PREFIX}.profile_changed")
