"""Cluster, news, success story and standard pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from content.blocks import BodyBlock, KeyFigureBlock, TechnologyBlock
from content.choosers import organisation_chooser_viewset
from content.organisations import organisations_in_cluster
from directory.clusters import CLUSTER_CHOICES, CLUSTER_LABELS, CLUSTER_SLUGS

from .base import PAGE_TRANSLATABLE_FIELDS, BasePage

INTRO_FEATURES = ["bold", "italic", "link"]


def cluster_filter_from_request(request) -> tuple[str | None, str | None]:
    """The `?cluster=` filter of a listing: (slug, None), (None, None) or (None, error message)."""
    value = (request.GET.get("cluster") or "").strip()
    if not value:
        return None, None
    if value not in CLUSTER_SLUGS:
        return None, _("There is no cluster “%(cluster)s”; showing all clusters instead.") % {"cluster": value[:60]}
    return value, None


def paginate(request, queryset, per_page: int):
    """A page of results; a missing, malformed or out-of-range `?page=` falls back to a valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class ClusterTag(models.Model):
    """One of the four clusters, as a tag that news items can carry (rows are created by a migration)."""

    slug = models.CharField(_("cluster"), max_length=64, choices=CLUSTER_CHOICES, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("cluster tag")
        verbose_name_plural = _("cluster tags")

    def __str__(self):
        return str(CLUSTER_LABELS.get(self.slug, self.slug))


# Clusters ------------------------------------------------------------------------------------------


class ClusterIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ClusterPage"]
    max_count_per_parent = 1
    summary_field = "intro"

    class Meta:
        verbose_name = _("cluster index page")
        verbose_name_plural = _("cluster index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["clusters"] = ClusterPage.objects.child_of(self).live().public().order_by("path")
        return context


class ClusterPage(BasePage):
    cluster = models.CharField(_("cluster"), max_length=64, choices=CLUSTER_CHOICES)
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    introduction = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_technologies = StreamField([("technology", TechnologyBlock())], verbose_name=_("key technologies"), blank=True)
    key_figures = StreamField([("figure", KeyFigureBlock())], verbose_name=_("key figures"), blank=True, max_num=6)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("cluster"),
        FieldPanel("tagline"),
        FieldPanel("introduction"),
        FieldPanel("lead_image"),
        FieldPanel("key_technologies"),
        FieldPanel("key_figures"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("tagline"),
        index.SearchField("introduction"),
        index.SearchField("key_technologies"),
        index.SearchField("body"),
        index.FilterField("cluster"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("cluster"),
        APIField("cluster_label", serializer=serializers.CharField(source="get_cluster_display")),
        APIField("tagline"),
        APIField("introduction"),
        APIField("lead_image"),
        APIField("lead_image_thumbnail", serializer=ImageRenditionField("fill-800x450", source="lead_image")),
        APIField("key_technologies"),
        APIField("key_figures"),
        APIField("body"),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        SynchronizedField("cluster"),
        TranslatableField("tagline"),
        TranslatableField("introduction"),
        SynchronizedField("lead_image"),
        TranslatableField("key_technologies"),
        TranslatableField("key_figures"),
        TranslatableField("body"),
    ]

    parent_page_types = ["content.ClusterIndexPage"]
    subpage_types = []
    summary_field = "introduction"

    class Meta:
        verbose_name = _("cluster page")
        verbose_name_plural = _("cluster pages")

    def clean(self):
        super().clean()
        if self.cluster and self.locale_id:
            duplicate = (
                ClusterPage.objects.filter(locale_id=self.locale_id, cluster=self.cluster, alias_of__isnull=True)
                .exclude(pk=self.pk)
                .exclude(translation_key=self.translation_key)
            )
            if duplicate.exists():
                raise ValidationError({"cluster": _("This language already has a page for this cluster.")})

    def related_news(self, limit: int = 3):
        return (
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, clusters__slug=self.cluster)
            .distinct()
            .order_by("-date", "-first_published_at")[:limit]
        )

    def success_stories(self, limit: int = 3):
        return (
            SuccessStoryPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, cluster=self.cluster)
            .order_by("-first_published_at")[:limit]
        )

    def organisations(self, limit: int = 12):
        return organisations_in_cluster(self.cluster, limit=limit)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_news"] = self.related_news()
        context["success_stories"] = self.success_stories()
        context["organisations"] = self.organisations()
        context["news_index"] = NewsIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        context["story_index"] = SuccessStoryIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        return context


# News ----------------------------------------------------------------------------------------------


class NewsIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    summary_field = "intro"
    per_page = 10

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def news_items(self, cluster: str | None = None):
        items = NewsPage.objects.child_of(self).live().public().select_related("lead_image")
        if cluster:
            items = items.filter(clusters__slug=cluster).distinct()
        return items.order_by("-date", "-first_published_at").prefetch_related("clusters")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cluster, error = cluster_filter_from_request(request)
        context.update(
            items=paginate(request, self.news_items(cluster), self.per_page),
            cluster_choices=CLUSTER_CHOICES,
            current_cluster=cluster,
            filter_error=error,
        )
        return context


class NewsPage(BasePage):
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=200, blank=True)
    clusters = ParentalManyToManyField(ClusterTag, verbose_name=_("clusters"), blank=True, related_name="news_pages")
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(_("summary"), max_length=500, blank=True, help_text=_("One or two sentences."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    is_example = models.BooleanField(
        _("example content"),
        default=False,
        help_text=_("Shows a notice that the text is an example written for the platform, not a report of fact."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("clusters", widget=forms.CheckboxSelectMultiple)],
            heading=_("About this item"),
        ),
        FieldPanel("intro"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("is_example"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("date"),
        APIField("author"),
        APIField("cluster_slugs", serializer=serializers.ListField(child=serializers.CharField(), read_only=True)),
        APIField("intro"),
        APIField("lead_image"),
        APIField("lead_image_thumbnail", serializer=ImageRenditionField("fill-800x450", source="lead_image")),
        APIField("body"),
        APIField("is_example"),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        SynchronizedField("date"),
        TranslatableField("author"),
        SynchronizedField("clusters"),
        SynchronizedField("lead_image"),
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("is_example"),
    ]

    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []
    summary_field = "intro"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    @property
    def cluster_slugs(self) -> list[str]:
        return [tag.slug for tag in self.clusters.all()]


# Success stories -----------------------------------------------------------------------------------


class SuccessStoryIndexPage(BasePage):
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = BasePage.api_fields + [APIField("intro")]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.SuccessStoryPage"]
    summary_field = "intro"
    per_page = 9

    class Meta:
        verbose_name = _("success story index page")
        verbose_name_plural = _("success story index pages")

    def stories(self, cluster: str | None = None):
        items = SuccessStoryPage.objects.child_of(self).live().public().select_related("lead_image")
        if cluster:
            items = items.filter(cluster=cluster)
        return items.order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cluster, error = cluster_filter_from_request(request)
        context.update(
            items=paginate(request, self.stories(cluster), self.per_page),
            cluster_choices=CLUSTER_CHOICES,
            current_cluster=cluster,
            filter_error=error,
        )
        return context


class SuccessStoryPage(BasePage):
    cluster = models.CharField(_("cluster"), max_length=64, choices=CLUSTER_CHOICES)
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_figures = StreamField(
        [("figure", KeyFigureBlock())], verbose_name=_("outcome figures"), blank=True, max_num=6
    )
    quote = models.TextField(_("quote"), blank=True)
    quote_attribution = models.CharField(_("quote attribution"), max_length=200, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    is_example = models.BooleanField(
        _("example content"),
        default=False,
        help_text=_("Shows a notice that the story is an example written for the platform, not a report of fact."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("cluster"),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        InlinePanel("partners", heading=_("Partners"), label=_("Partner"), min_num=0),
        FieldPanel("outcome_figures"),
        MultiFieldPanel([FieldPanel("quote"), FieldPanel("quote_attribution")], heading=_("Quote")),
        FieldPanel("body"),
        FieldPanel("is_example"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("quote"),
        index.SearchField("body"),
        index.FilterField("cluster"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("cluster"),
        APIField("cluster_label", serializer=serializers.CharField(source="get_cluster_display")),
        APIField("summary"),
        APIField("lead_image"),
        APIField("lead_image_thumbnail", serializer=ImageRenditionField("fill-800x450", source="lead_image")),
        APIField("partners"),
        APIField("outcome_figures"),
        APIField("quote"),
        APIField("quote_attribution"),
        APIField("body"),
        APIField("is_example"),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        SynchronizedField("cluster"),
        TranslatableField("summary"),
        SynchronizedField("lead_image"),
        SynchronizedField("partners"),
        TranslatableField("outcome_figures"),
        TranslatableField("quote"),
        TranslatableField("quote_attribution"),
        TranslatableField("body"),
        SynchronizedField("is_example"),
    ]

    parent_page_types = ["content.SuccessStoryIndexPage"]
    subpage_types = []
    summary_field = "summary"

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")

    @property
    def is_cross_border(self) -> bool:
        countries = {partner.partner_country for partner in self.partners.all()}
        return {"NL", "DE"} <= countries


class SuccessStoryPartner(Orderable):
    """A partner in a success story: a directory organisation, or a name when it is not listed."""

    COUNTRY_CHOICES = [("NL", _("Netherlands")), ("DE", _("Germany"))]
    ROLE_CHOICES = [
        ("lead", _("Lead partner")),
        ("partner", _("Partner")),
        ("associated", _("Associated partner")),
    ]

    page = ParentalKey(SuccessStoryPage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Choose the organisation from the directory."),
    )
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("Only needed when the organisation is not in the directory.")
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, default="partner")

    panels = [
        FieldPanel("organisation", widget=organisation_chooser_viewset.widget_class),
        FieldPanel("name"),
        FieldPanel("country"),
        FieldPanel("role"),
    ]
    api_fields = [
        APIField("organisation_slug", serializer=serializers.CharField(source="organisation.slug", default=None)),
        APIField("partner_name", serializer=serializers.CharField(read_only=True)),
        APIField("partner_country", serializer=serializers.CharField(read_only=True)),
        APIField("role"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.partner_name

    def clean(self):
        super().clean()
        if self.organisation_id is None:
            if not self.name:
                raise ValidationError({"organisation": _("Choose an organisation from the directory or enter a name.")})
            if not self.country:
                raise ValidationError({"country": _("Choose the partner's country.")})

    @property
    def partner_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.name

    @property
    def partner_country(self) -> str:
        return self.organisation.country if self.organisation_id else self.country


# Standard pages ------------------------------------------------------------------------------------


class StandardPage(BasePage):
    """About, imprint, privacy, accessibility statement and other plain pages."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("intro"), APIField("body")]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro"), TranslatableField("body")]

    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]
    summary_field = "intro"

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
