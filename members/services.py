"""Writes of the members' area: invitations, claims, memberships and the organisation profile.

The profile update writes descriptions, cluster tags and concept tags straight into the directory's own tables
(directory/services.py has no service for member edits yet). Member edits are stored with the `staff` source, the
directory's marker for values set by a person, which imports and automatic tagging never overwrite; removed
clusters and concepts are kept as rejected tags so that automatic tagging does not add them again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from directory.clusters import CLUSTER_SLUGS
from directory.models import (
    Concept,
    Organisation,
    OrganisationCluster,
    OrganisationConcept,
    OrganisationDescription,
    Source,
    TagSource,
)

from .models import Claim, Invitation, Membership, Profile, ProfileItem, Role, hash_token, new_token
from .signals import profile_changed

User = get_user_model()


class MembershipError(Exception):
    """A membership cannot be created; the message is shown to the person."""


# ------------------------------------------------------------------------------------------------------------
# helpers


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(*, to: str, subject: str, template: str, context: dict, language: str | None = None) -> None:
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "site_name": settings.WAGTAIL_SITE_NAME})
        send_mail(str(subject), body, None, [to])


def user_by_email(email: str):
    return User._default_manager.filter(email__iexact=email.strip()).order_by("pk").first()


def membership_create(*, user, organisation: Organisation, role: str = Role.MEMBER) -> Membership:
    existing = Membership.objects.filter(user=user).select_related("organisation").first()
    if existing is not None:
        if existing.organisation_id == organisation.pk:
            return existing
        raise MembershipError(
            _("This account already belongs to %(organisation)s. An account can belong to one organisation only.")
            % {"organisation": existing.organisation}
        )
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    return membership


def _set_password_url(user, language: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(language):
        path = reverse("members:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return absolute_url(path)


# ------------------------------------------------------------------------------------------------------------
# invitations


def invitation_create(
    *, email: str, organisation: Organisation, role: str = Role.MEMBER, invited_by=None, language: str | None = None
) -> Invitation:
    """Create an invitation and e-mail its single-use link; earlier pending invitations for the address end."""
    email = User._default_manager.normalize_email(email.strip())
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.pending().filter(email__iexact=email, organisation=organisation).update(revoked_at=now)
        invitation = Invitation(
            email=email,
            organisation=organisation,
            role=role,
            token_hash=hash_token(token),
            invited_by=invited_by,
            created_at=now,
            expires_at=now + timedelta(days=settings.MEMBERS_INVITATION_DAYS),
        )
        invitation.full_clean()
        invitation.save()
    with translation.override(language):
        url = absolute_url(reverse("members:invitation_accept", kwargs={"token": token}))
        _send(
            to=email,
            subject=_("Invitation to join %(organisation)s on TECH.LAND") % {"organisation": organisation},
            template="members/email/invitation.txt",
            context={"invitation": invitation, "url": url, "days": settings.MEMBERS_INVITATION_DAYS},
        )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def invitation_accept(*, invitation: Invitation, user=None, first_name: str = "", last_name: str = "", password=None):
    """Accept a pending invitation: create the account (unless `user` is given) and the membership.

    Single use: the invitation row is locked and re-checked inside the transaction.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise MembershipError(_("This invitation has already been used, has expired or was withdrawn."))
        if user is None:
            if user_by_email(locked.email) is not None:
                raise MembershipError(_("An account with this e-mail address exists already. Please sign in first."))
            user = User(username=_unique_username(locked.email), email=locked.email)
            user.first_name, user.last_name = first_name.strip(), last_name.strip()
            user.set_password(password)
            user.full_clean()
            user.save()
        membership_create(user=user, organisation=locked.organisation, role=locked.role)
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return user


def _unique_username(email: str) -> str:
    base = email.lower()[:140]
    username, n = base, 1
    while User._default_manager.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


# ------------------------------------------------------------------------------------------------------------
# claims


def claim_create(
    *, organisation: Organisation, name: str, email: str, position: str, message: str = "", user=None
) -> Claim:
    claim = Claim(
        organisation=organisation,
        user=user if user is not None and user.is_authenticated else None,
        name=name.strip(),
        email=User._default_manager.normalize_email(email.strip()),
        position=position.strip(),
        message=message.strip(),
    )
    claim.full_clean()
    claim.save()
    transaction.on_commit(lambda: _notify_staff_of_claim(claim.pk))
    return claim


def _notify_staff_of_claim(claim_pk: int) -> None:
    """E-mail the staff who may decide claims that a new one is waiting."""
    claim = Claim.objects.select_related("organisation").filter(pk=claim_pk).first()
    if claim is None:
        return
    staff = [
        user.email
        for user in User._default_manager.filter(is_active=True, is_staff=True).exclude(email="")
        if user.has_perm("members.change_claim")
    ]
    if not staff:
        return
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(reverse("members_claims:decide", args=[claim.pk, "approve"]))
        subject = _("New claim for %(organisation)s") % {"organisation": claim.organisation}
        body = render_to_string("members/email/claim_received.txt", {"claim": claim, "url": url})
        send_mail(subject, body, None, staff)


def claim_approve(*, claim: Claim, decided_by=None, note: str = "", language: str | None = None) -> Membership:
    """Approve a pending claim: find or create the account, create the membership and e-mail the person.

    A new account gets no password; the e-mail carries a link to choose one. The first member of an
    organisation becomes its administrator.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("organisation").get(pk=claim.pk)
        if claim.status != Claim.Status.PENDING:
            raise MembershipError(_("This claim has already been decided."))
        user = claim.user or user_by_email(claim.email)
        new_account = user is None
        if new_account:
            first, _sep, last = claim.name.partition(" ")
            user = User(username=_unique_username(claim.email), email=claim.email, first_name=first, last_name=last)
            user.set_unusable_password()
            user.save()
        role = Role.MEMBER if claim.organisation.memberships.exists() else Role.ADMIN
        membership = membership_create(user=user, organisation=claim.organisation, role=role)
        claim.user = user
        claim.status = Claim.Status.APPROVED
        claim.decided_at = timezone.now()
        claim.decided_by = decided_by
        claim.decision_note = note
        claim.save()
    with translation.override(language):
        url = (
            _set_password_url(user, language)
            if new_account or not user.has_usable_password()
            else absolute_url(reverse("members:sign_in"))
        )
        _send(
            to=claim.email,
            subject=_("Your claim for %(organisation)s was approved") % {"organisation": claim.organisation},
            template="members/email/claim_approved.txt",
            context={"claim": claim, "url": url, "set_password": new_account or not user.has_usable_password()},
        )
    return membership


def claim_reject(*, claim: Claim, decided_by=None, note: str = "", language: str | None = None) -> None:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("organisation").get(pk=claim.pk)
        if claim.status != Claim.Status.PENDING:
            raise MembershipError(_("This claim has already been decided."))
        claim.status = Claim.Status.REJECTED
        claim.decided_at = timezone.now()
        claim.decided_by = decided_by
        claim.decision_note = note
        claim.save()
    with translation.override(language):
        _send(
            to=claim.email,
            subject=_("Your claim for %(organisation)s") % {"organisation": claim.organisation},
            template="members/email/claim_rejected.txt",
            context={"claim": claim},
        )


# ------------------------------------------------------------------------------------------------------------
# the profile


@dataclass
class ItemData:
    kind: str
    text: str
    concept_ids: list[int]


@dataclass
class ProfileData:
    """A validated profile, as the profile form produces it."""

    descriptions: list[tuple[str, str]]  # (language, text)
    clusters: list[str]
    concept_ids: list[int]
    items: list[ItemData]
    partner_types: list[str]
    countries: list[str]
    regions: list[str]
    languages: list[str]
    public_fields: list[str]


def profile_for(organisation: Organisation) -> Profile:
    profile, _created = Profile.objects.get_or_create(organisation=organisation)
    return profile


def profile_update(*, organisation: Organisation, data: ProfileData, user=None) -> list[str]:
    """Save the whole profile in one transaction; returns what changed and, on commit, sends `profile_changed`."""
    unknown = set(data.clusters) - set(CLUSTER_SLUGS)
    if unknown:
        raise ValidationError(_("Unknown cluster: %(slugs)s") % {"slugs": ", ".join(sorted(unknown))})
    changed: list[str] = []
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        profile, _created = Profile.objects.select_for_update().get_or_create(organisation=organisation)
        if _write_descriptions(organisation, data.descriptions):
            changed.append("descriptions")
        if _write_clusters(organisation, data.clusters):
            changed.append("clusters")
        if _write_concepts(organisation, data.concept_ids):
            changed.append("concepts")
        if _write_items(profile, data.items):
            changed.append("items")
        for name, attribute, value in [
            ("partner_types", "partner_types", data.partner_types),
            ("countries", "preferred_countries", data.countries),
            ("regions", "preferred_regions", data.regions),
            ("languages", "languages", data.languages),
            ("public_fields", "public_fields", data.public_fields),
        ]:
            if list(getattr(profile, attribute) or []) != list(value):
                setattr(profile, attribute, list(value))
                changed.append(name)
        profile.updated_by = user if user is not None and user.is_authenticated else None
        profile.full_clean()
        profile.save()
        if changed:
            organisation.save(update_fields=["updated_at"])
            org_id = organisation.pk
            transaction.on_commit(
                lambda: profile_changed.send(
                    sender=Organisation,
                    organisation=Organisation.objects.get(pk=org_id),
                    organisation_id=org_id,
                    changed=list(changed),
                    user=user,
                )
            )
    return changed


def _write_descriptions(organisation: Organisation, wanted: list[tuple[str, str]]) -> bool:
    current = list(OrganisationDescription.objects.filter(organisation=organisation).order_by("pk"))
    wanted = [(language, text.strip()) for language, text in wanted if text.strip()]
    if [(d.language, d.text) for d in current] == wanted:
        return False
    # Keep rows (and their source) whose text is unchanged; the rest is written as a person's edit.
    remaining = {}
    for description in current:
        remaining.setdefault((description.language, description.text), []).append(description)
    keep_ids, new_rows = [], []
    for language, text in wanted:
        rows = remaining.get((language, text))
        if rows:
            keep_ids.append(rows.pop(0).pk)
        else:
            new_rows.append(
                OrganisationDescription(organisation=organisation, language=language, text=text, source=Source.STAFF)
            )
    OrganisationDescription.objects.filter(organisation=organisation).exclude(pk__in=keep_ids).delete()
    for row in new_rows:
        row.full_clean(exclude=["organisation"])
    OrganisationDescription.objects.bulk_create(new_rows)
    return True


def _write_tags(model, organisation: Organisation, field: str, wanted: Iterable) -> bool:
    wanted = set(wanted)
    tags = {getattr(tag, field): tag for tag in model.objects.filter(organisation=organisation)}
    active = {key for key, tag in tags.items() if not tag.rejected}
    if active == wanted:
        return False
    for key in wanted - active:
        tag = tags.get(key)
        if tag is None:
            model.objects.create(
                organisation=organisation, **{field: key}, confidence=1.0, source=TagSource.STAFF, rejected=False
            )
        else:
            tag.rejected, tag.source, tag.confidence = False, TagSource.STAFF, 1.0
            tag.save(update_fields=["rejected", "source", "confidence"])
    for key in active - wanted:
        tag = tags[key]
        tag.rejected, tag.source = True, TagSource.STAFF
        tag.save(update_fields=["rejected", "source"])
    return True


def _write_clusters(organisation: Organisation, clusters: list[str]) -> bool:
    return _write_tags(OrganisationCluster, organisation, "cluster", clusters)


def _write_concepts(organisation: Organisation, concept_ids: list[int]) -> bool:
    known = set(Concept.objects.filter(pk__in=concept_ids).values_list("pk", flat=True))
    return _write_tags(OrganisationConcept, organisation, "concept_id", known)


def _write_items(profile: Profile, items: list[ItemData]) -> bool:
    current = [(i.kind, i.text, sorted(c.pk for c in i.concepts.all())) for i in profile.items.all()]
    wanted = [(i.kind, i.text.strip(), sorted(set(i.concept_ids))) for i in items]
    if current == wanted:
        return False
    profile.items.all().delete()
    for position, (kind, text, concept_ids) in enumerate(wanted):
        item = ProfileItem(profile=profile, kind=kind, text=text, position=position)
        item.full_clean(exclude=["profile"])
        item.save()
        item.concepts.set(concept_ids)
    return True
