from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from content.blocks import KeyFigureBlock

from .base import PAGE_TRANSLATABLE_FIELDS, BasePage
from .pages import ClusterPage, NewsIndexPage, NewsPage, SuccessStoryIndexPage, SuccessStoryPage


class HomePage(BasePage):
    """The root of each language's page tree."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = RichTextField(_("hero text"), blank=True, features=["bold", "italic", "link"])
    key_figures_heading = models.CharField(_("key figures heading"), max_length=200, blank=True)
    key_figures = StreamField([("figure", KeyFigureBlock())], verbose_name=_("key figures"), blank=True, max_num=6)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Hero")),
        MultiFieldPanel([FieldPanel("key_figures_heading"), FieldPanel("key_figures")], heading=_("Key figures")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("hero_title"),
        APIField("hero_text"),
        APIField("key_figures_heading"),
        APIField("key_figures"),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("hero_title"),
        TranslatableField("hero_text"),
        TranslatableField("key_figures_heading"),
        TranslatableField("key_figures"),
    ]

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    summary_field = "hero_text"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["clusters"] = ClusterPage.objects.live().public().descendant_of(self).order_by("path")
        context["latest_news"] = (
            NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-first_published_at")[:3]
        )
        context["latest_stories"] = (
            SuccessStoryPage.objects.live().public().descendant_of(self).order_by("-first_published_at")[:3]
        )
        context["news_index"] = NewsIndexPage.objects.live().descendant_of(self).first()
        context["story_index"] = SuccessStoryIndexPage.objects.live().descendant_of(self).first()
        return context
