"""Stored recommendations (computed ahead of time) and what members did with them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredRecommendation(models.Model):
    """One precomputed match for a member organisation; the panel renders from these rows."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("member organisation"),
    )
    candidate = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="recommended_to",
        verbose_name=_("recommended organisation"),
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True, help_text=_("A list of {code, params}."))
    known_partner = models.BooleanField(_("already a partner"), default=False)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("stored recommendation")
        verbose_name_plural = _("stored recommendations")
        ordering = ["organisation", "known_partner", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "candidate"], name="recommendations_stored_unique")
        ]

    def __str__(self):
        return f"{self.organisation_id} → {self.candidate_id} (#{self.rank})"


class RecommendationFeedback(models.Model):
    class Action(models.TextChoices):
        SAVED = "saved", _("Saved")
        DISMISSED = "dismissed", _("Dismissed")

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="recommendation_feedback",
        verbose_name=_("member organisation"),
    )
    candidate = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="recommendation_feedback_received",
        verbose_name=_("recommended organisation"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("recommendation feedback")
        verbose_name_plural = _("recommendation feedback")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "candidate"], name="recommendations_feedback_unique")
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.action} {self.candidate_id}"


class Introduction(models.Model):
    """A member organisation's request to be introduced to a recommended organisation.

    Facilitators of support organisations decide in the admin; nothing reaches the candidate before they do.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="introductions_requested",
        verbose_name=_("requesting organisation"),
    )
    candidate = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="introductions_received",
        verbose_name=_("organisation to meet"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introductions_requested",
        verbose_name=_("requested by"),
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The language the member used for the request; its e-mails are written in it."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    facilitator_note = models.TextField(
        _("facilitator's note"), blank=True, help_text=_("Sent with the decision to the people it concerns.")
    )
    reasons = models.JSONField(
        _("reasons"),
        default=list,
        blank=True,
        help_text=_("The recommendation's reasons when the introduction was requested (a list of {code, params})."),
    )

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "candidate"],
                condition=models.Q(status="requested"),
                name="recommendations_one_open_introduction",
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.candidate} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED
