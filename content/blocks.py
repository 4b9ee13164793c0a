"""StreamField blocks shared by every page type.

Each block's text is translatable through wagtail-localize: character, text and rich text
blocks are extracted as segments, choosers are kept (pages are localised when rendered),
and the table block declares its own segments.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail_localize.segments import StringSegmentValue

from insights import blocks as insight_blocks

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Subheading (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "content/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        required=False,
        help_text=_("Describe the image for people who cannot see it. Leave empty only if it is purely decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "content/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "content/blocks/quote_block.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page (localised when rendered) or to an external address."""

    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)
    label = blocks.CharBlock(
        label=_("Link text"), max_length=100, required=False, help_text=_("Defaults to the page title.")
    )

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(_("Choose a page or enter an external address (one of the two)."))
                }
            )
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError(_("An external link needs a link text."))}
            )
        return value


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "content/blocks/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter an external address."))}
            )
        return value


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=30, help_text=_("For example “1,200” or “€4.5m”."))
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)

    class Meta:
        icon = "list-ol"
        label = _("Key figure")


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200, required=False)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Key figures")
        template = "content/blocks/key_figures_block.html"


class TranslatableTableBlock(TableBlock):
    """A table whose caption and cells are translated through wagtail-localize."""

    class Meta:
        label = _("Table")
        template = "content/blocks/table_block.html"

    def get_translatable_segments(self, value):
        if not value:
            return []
        segments = []
        if value.get("table_caption"):
            segments.append(StringSegmentValue("caption", value["table_caption"]))
        for row_index, row in enumerate(value.get("data") or []):
            for column_index, cell in enumerate(row):
                if isinstance(cell, str) and cell.strip():
                    segments.append(StringSegmentValue(f"cell-{row_index}-{column_index}", cell))
        return segments

    def restore_translated_segments(self, value, segments):
        value = dict(value or {})
        data = [list(row) for row in value.get("data") or []]
        for segment in segments:
            text = segment.render_text()
            if segment.path == "caption":
                value["table_caption"] = text
            elif segment.path.startswith("cell-"):
                _prefix, row_index, column_index = segment.path.split("-")
                data[int(row_index)][int(column_index)] = text
        value["data"] = data
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), max_length=200, required=False, help_text=_("Defaults to the document title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "content/blocks/document_link_block.html"


class InsightChartBlock(blocks.StructBlock):
    """A chart of the regional insights (or a market indicator), drawn from the current figures in the reader's
    language, with its summary, data table and CSV download."""

    chart = blocks.ChoiceBlock(label=_("Chart"), choices=insight_blocks.BLOCK_CHART_CHOICES)
    cluster = blocks.ChoiceBlock(
        label=_("Cluster"), choices=insight_blocks.BLOCK_CLUSTER_CHOICES, required=False, default=""
    )
    country = blocks.ChoiceBlock(
        label=_("Country"),
        choices=insight_blocks.BLOCK_COUNTRY_CHOICES,
        required=False,
        default="",
        help_text=_("For charts comparing the two countries: show one of them only."),
    )
    indicator = blocks.ChoiceBlock(
        label=_("Market indicator"), choices=insight_blocks.indicator_choices, required=False
    )

    class Meta:
        icon = "table"
        label = _("Insight chart")
        template = "insights/includes/chart_block.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("chart") == insight_blocks.INDICATOR and not value.get("indicator"):
            raise StructBlockValidationError(
                block_errors={"indicator": ValidationError(_("Choose the market indicator to show."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["chart"] = insight_blocks.block_chart(value)
        scope = value.get("cluster")
        context["more_url"] = (
            reverse("insights:cluster", kwargs={"cluster": scope}) if scope else reverse("insights:overview")
        )
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Rich text"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    key_figures = KeyFiguresBlock()
    table = TranslatableTableBlock()
    document = DocumentLinkBlock()
    insight_chart = InsightChartBlock()

    class Meta:
        label = _("Body")


class TechnologyBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Technology"), max_length=120)
    description = blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "cogs"
        label = _("Key technology")
