"""What every TECH.LAND page shares: social image, meta description, translation fields."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, TranslatableField

# The fields every page translates (title, slug and the SEO fields) or keeps in sync.
PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("slug"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    SynchronizedField("show_in_menus"),
    SynchronizedField("social_image"),
]


class BasePage(Page):
    """Abstract base of the site's pages: Open Graph image and a meta description fallback."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social media image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared (Open Graph). Defaults to the page's lead image."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]
    search_fields = Page.search_fields
    api_fields = [
        APIField("seo_title"),
        APIField("search_description"),
        APIField("social_image_thumbnail", serializer=ImageRenditionField("fill-1200x630", source="social_image")),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS

    class Meta:
        abstract = True

    # The text field used for the meta description when the editor left "search description" empty.
    summary_field = None

    def get_meta_description(self) -> str:
        if self.search_description:
            return self.search_description
        if self.summary_field:
            text = strip_tags(str(getattr(self, self.summary_field, "") or "")).strip()
            return Truncator(" ".join(text.split())).chars(160)
        return ""

    def get_social_image(self):
        return self.social_image or getattr(self, "lead_image", None)
