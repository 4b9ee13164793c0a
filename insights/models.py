"""Regional insights: stored figure sets and the market indicator series staff upload.

`FigureSet` keeps the figures `insights.figures` computed for one scope (the whole region or one cluster), so every
process reads the same numbers and a restart does not recompute them; the Django cache sits in front of it.
`Indicator`, `IndicatorValue` and `IndicatorUpload` hold the market indicators (employment, companies, turnover ...)
that staff upload as CSV in the admin.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.clusters import CLUSTER_CHOICES
from directory.regions import NUTS_NAMES


class FigureSet(models.Model):
    """The figures of one scope, as computed by `insights.figures.compute_figures`."""

    scope = models.CharField(_("scope"), max_length=40, unique=True)
    version = models.PositiveIntegerField(_("format version"))
    data = models.JSONField(_("figures"))
    computed_at = models.DateTimeField(_("computed"))
    seconds = models.FloatField(_("computing time (seconds)"), default=0)
    needs_changed_at = models.DateTimeField(
        _("members' needs changed"),
        null=True,
        blank=True,
        help_text=_(
            "Set when a member's profile changed after these figures were computed; the next reader of the "
            "figures recomputes the needs."
        ),
    )

    class Meta:
        verbose_name = _("figure set")
        verbose_name_plural = _("figure sets")
        ordering = ["scope"]

    def __str__(self):
        return f"{self.scope} ({self.computed_at:%Y-%m-%d %H:%M})"


slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*$", _("Use lower-case letters, digits, hyphens and underscores, starting with a letter.")
)


class Indicator(models.Model):
    """A market indicator, e.g. employment in manufacturing; its values per region and year are `IndicatorValue`s."""

    slug = models.CharField(_("code"), max_length=80, unique=True, validators=[slug_validator])
    label_en = models.CharField(_("name (English)"), max_length=200)
    label_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)
    label_de = models.CharField(_("name (German)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("For example “persons”, “companies” or “EUR m”."))
    cluster = models.CharField(
        _("cluster"),
        max_length=40,
        choices=CLUSTER_CHOICES,
        blank=True,
        help_text=_("Shown on that cluster's insights page too. Empty: only on the page for the whole region."),
    )
    description = models.TextField(_("note"), blank=True, help_text=_("What the figures count, in English."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("market indicator")
        verbose_name_plural = _("market indicators")
        ordering = ["label_en"]

    def __str__(self):
        return self.label()

    def label(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        return getattr(self, f"label_{language}", "") or self.label_en


class IndicatorValue(models.Model):
    """One observation: the value of an indicator in one region (NUTS code) and year, with its source."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name=_("indicator")
    )
    region = models.CharField(_("region"), max_length=10, help_text=_("NUTS code, e.g. NL21 or DEA3."))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("source"), max_length=300)
    upload = models.ForeignKey(
        "IndicatorUpload",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("upload"),
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year"], name="insights_indicator_value_unique")
        ]

    def __str__(self):
        return f"{self.indicator.slug} {self.region} {self.year}: {self.value}"

    @property
    def region_name(self) -> str:
        return NUTS_NAMES.get(self.region, self.region)


class IndicatorUpload(models.Model):
    """One CSV upload of indicator values, with its report of every rejected row."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        PARTLY = "partly", _("Imported, some rows rejected")
        REJECTED = "rejected", _("Nothing imported")

    file_name = models.CharField(_("file"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("values added"), default=0)
    updated = models.PositiveIntegerField(_("values changed"), default=0)
    unchanged = models.PositiveIntegerField(_("values unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    report = models.JSONField(_("rejected rows"), default=list, blank=True)

    class Meta:
        verbose_name = _("indicator upload")
        verbose_name_plural = _("indicator uploads")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"
