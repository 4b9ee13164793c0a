"""Members' data rights: download everything the platform holds about an account and its organisation (JSON),
and delete the account.

The export walks the database relations of the account and of its organisation, so records of apps added later
(stored recommendations, feedback, introductions, ...) are included without changes here. Secrets (password
hashes, token hashes) are left out.

Deletion removes the account, its membership and sessions, its sign-in attempts, claims and invitations made with
its address, and clears the texts it wrote in records that stay (introduction messages). Records that point to
the account by a nullable key keep existing without it (Django's SET_NULL). An `AccountDeletion` row records that
an account was deleted, under a keyed hash of its id only.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import hmac
import uuid
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from directory.models import Organisation

from .models import AccountDeletion, Claim, Invitation, LoginAttempt, Membership

EXPORT_FORMAT = 1
ROWS_PER_RELATION = 5000
SECRET_FIELDS = {"password", "token_hash", "key", "session_key", "session_data"}
# Related records that describe the directory rather than the organisation's own data (too large, public anyway).
SKIPPED_ORGANISATION_RELATIONS = {"participations", "field_provenance", "provenance"}
# Free text a member wrote that stays in records kept after deletion: (app_label.model, user field, text fields).
AUTHORED_TEXT = [
    ("recommendations.introduction", "requested_by", ["message"]),
]


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def record(instance: models.Model) -> dict:
    """A model instance as plain JSON-ready data: its concrete fields (foreign keys as ids), no secrets."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        data[field.name] = _plain(getattr(instance, field.attname))
    for field in instance._meta.many_to_many:
        data[field.name] = list(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def _related(instance: models.Model, *, skip: set[str] = frozenset()) -> dict:
    """Rows of every model pointing at `instance`, keyed by "app_label.model via field"."""
    out = {}
    relations = [
        field
        for field in instance._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]
    for relation in relations:
        # Relations without a reverse accessor (related_name="+") count too: they are read through the model.
        if relation.related_name != "+" and relation.get_accessor_name() in skip:
            continue
        model = relation.related_model
        label = f"{model._meta.label_lower} ({relation.field.name})"
        rows = model._default_manager.filter(**{relation.field.name: instance.pk})[:ROWS_PER_RELATION]
        items = [record(row) for row in rows]
        if items:
            out[label] = items
    return out


def member_data_export(*, user) -> dict:
    """Everything the platform holds about `user` and their organisation, as JSON-ready data."""
    membership = Membership.objects.filter(user=user).select_related("organisation").first()
    account = record(user)
    account.pop("is_superuser", None)
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": account,
        "groups": list(user.groups.values_list("name", flat=True)),
        "records_about_the_account": _related(user),
        "claims_with_the_address": [
            record(claim) for claim in Claim.objects.filter(email__iexact=user.email or "-").exclude(user=user)
        ],
        "invitations_to_the_address": [
            record(invitation) for invitation in Invitation.objects.filter(email__iexact=user.email or "-")
        ],
        "sign_in_attempts": [
            record(attempt) for attempt in LoginAttempt.objects.filter(account=f"user:{user.pk}")[:ROWS_PER_RELATION]
        ],
        "membership": None,
        "organisation": None,
    }
    if membership is not None:
        organisation: Organisation = membership.organisation
        data["membership"] = record(membership)
        data["organisation"] = {
            "record": record(organisation),
            "related": _related(organisation, skip=SKIPPED_ORGANISATION_RELATIONS),
            "colleagues": [
                {"name": m.user.get_full_name(), "role": m.role, "since": m.created_at.isoformat()}
                for m in Membership.objects.filter(organisation=organisation).select_related("user")
            ],
        }
        profile = getattr(organisation, "member_profile", None)
        if profile is not None:
            data["organisation"]["profile"] = record(profile)
            data["organisation"]["profile_items"] = [record(item) for item in profile.items.all()]
    return data


class DeletionRefused(Exception):
    pass


def deletion_reference(user_pk: int) -> str:
    """An opaque, stable reference for a deleted account (keyed hash; not reversible without the secret key)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"deleted-account:{user_pk}".encode(), hashlib.sha256).hexdigest()


def _sessions_of(user_pk: int) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now() - datetime.timedelta(days=1)).iterator():
        try:
            if str(session.get_decoded().get("_auth_user_id")) == str(user_pk):
                keys.append(session.session_key)
        except Exception:  # noqa: S112 - an unreadable session belongs to nobody
            continue
    return keys


def account_delete(*, user, initiated_by: str = "member") -> AccountDeletion:
    """Delete the account and everything personal attached to it; return the audit record."""
    from django.apps import apps

    if user.is_superuser or user.is_staff:
        raise DeletionRefused("Staff accounts are removed by another administrator in the admin.")
    User = get_user_model()
    pk = user.pk
    email = (user.email or "").strip()
    counts: Counter = Counter()
    with transaction.atomic():
        had_membership = Membership.objects.filter(user=user).exists()
        for label, user_field, text_fields in AUTHORED_TEXT:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            updated = model._default_manager.filter(**{user_field: pk}).update(**dict.fromkeys(text_fields, ""))
            counts[f"{label} texts cleared"] += updated
        claims = (
            Claim.objects.filter(Q(user_id=pk) | Q(email__iexact=email)) if email else Claim.objects.filter(user_id=pk)
        )
        counts["claims deleted"] += claims.delete()[0]
        if email:
            counts["invitations deleted"] += Invitation.objects.filter(email__iexact=email).delete()[0]
        counts["sign-in attempts deleted"] += LoginAttempt.objects.filter(account=f"user:{pk}").delete()[0]
        session_keys = _sessions_of(pk)
        counts["sessions deleted"] += Session.objects.filter(session_key__in=session_keys).delete()[0]
        deleted, per_model = User.objects.filter(pk=pk).delete()
        for model_label, n in per_model.items():
            counts[f"{model_label.lower()} deleted"] += n
        audit = AccountDeletion.objects.create(
            reference=deletion_reference(pk),
            initiated_by=initiated_by,
            had_membership=had_membership,
            counts={k: v for k, v in counts.items() if v},
        )
    return audit
