"""The members' area: who belongs to which organisation, invitations, claims, sign-in attempts and the profile.

Accounts are Django's own `User`; a `Membership` links one account to one directory organisation (several people
may belong to the same organisation). The profile adds what the directory does not hold: what the organisation
offers and needs, the partners it looks for, and which of these fields are public.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DEFAULT_PUBLIC_FIELDS, ITEM_KIND_CHOICES, NEED_KINDS, OFFER_KINDS


def hash_token(token: str) -> str:
    """Tokens are stored only as their SHA-256 digest; the plain token exists only in the e-mail."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """One account's membership of one organisation. An account belongs to at most one organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]

    def __str__(self):
        return f"{self.user.email or self.user.get_username()} – {self.organisation}"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use invitation to join an organisation, sent by e-mail; only the token's hash is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Claim(models.Model):
    """A person's request to manage an organisation that is already in the directory; staff decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="claims", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisation_claims",
        verbose_name=_("account"),
        help_text=_("Set when the person was signed in, or when the claim was approved."),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    position = models.CharField(_("position in the organisation"), max_length=150)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(
        _("note to the person"), blank=True, help_text=_("Sent with the decision, e.g. the reason for a rejection.")
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.name} <{self.email}> – {self.organisation}"


class LoginAttempt(models.Model):
    """A sign-in attempt, kept for a sliding window so that throttling holds across worker processes."""

    account = models.CharField(_("account"), max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    successful = models.BooleanField(_("successful"), default=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ip_address", "created_at"])]

    def __str__(self):
        return f"{self.account} {self.ip_address} {'ok' if self.successful else 'failed'}"


def _default_public_fields():
    return list(DEFAULT_PUBLIC_FIELDS)


class Profile(models.Model):
    """The parts of an organisation's profile that only members edit (the rest lives in the directory)."""

    organisation = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="member_profile",
        verbose_name=_("organisation"),
    )
    partner_types = models.JSONField(_("partner types sought"), default=list, blank=True)
    preferred_countries = models.JSONField(_("preferred countries"), default=list, blank=True)
    preferred_regions = models.JSONField(_("preferred regions"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    public_fields = models.JSONField(_("public fields"), default=_default_public_fields, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return str(self.organisation)

    def is_public(self, field: str) -> bool:
        return field in (self.public_fields or [])

    @property
    def offers(self):
        return [item for item in self.items.all() if item.kind in OFFER_KINDS]

    @property
    def needs(self):
        return [item for item in self.items.all() if item.kind in NEED_KINDS]


class ProfileItem(models.Model):
    """One thing the organisation offers or needs, typed as in the EEN partnering profiles."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="items", verbose_name=_("profile"))
    kind = models.CharField(_("type"), max_length=20, choices=ITEM_KIND_CHOICES)
    text = models.CharField(_("short description"), max_length=500)
    concepts = models.ManyToManyField(
        "directory.Concept", blank=True, related_name="profile_items", verbose_name=_("concepts")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_offer(self) -> bool:
        return self.kind in OFFER_KINDS


class ThrottleCounter(models.Model):
    """Requests counted per scope and key in fixed time windows, shared by every worker process.

    Used for password reset requests (per address and per client address) and the public JSON APIs (per client
    address); see members/throttling.py. Keys are hashed, so no address is stored in the clear.
    """

    scope = models.CharField(_("scope"), max_length=40)
    key = models.CharField(_("key"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="members_throttle_counter_unique")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.scope} {self.key[:8]} {self.window_start:%Y-%m-%d %H:%M} {self.count}"


class AccountDeletion(models.Model):
    """An audit record of a deleted account. It holds no personal data: only an opaque reference."""

    reference = models.CharField(
        _("reference"),
        max_length=64,
        unique=True,
        help_text=_("A keyed hash of the deleted account's id; it cannot be turned back into the account."),
    )
    deleted_at = models.DateTimeField(_("deleted"), default=timezone.now)
    initiated_by = models.CharField(
        _("initiated by"), max_length=20, choices=[("member", _("The member")), ("staff", _("Staff"))]
    )
    had_membership = models.BooleanField(_("had a membership"), default=False)
    counts = models.JSONField(_("records removed or anonymised"), default=dict, blank=True)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        ordering = ["-deleted_at"]

    def __str__(self):
        return f"{self.reference[:12]} {self.deleted_at:%Y-%m-%d}"
