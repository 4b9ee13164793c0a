"""Editable, translatable navigation: the header menu and the footer links."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.fields import TranslatableField

from content.blocks import LinkBlock


class Navigation(TranslatableMixin, models.Model):
    """The site's menus in one language. Translate it like a page; page links follow the reader's language."""

    main_links = StreamField([("link", LinkBlock())], verbose_name=_("main navigation"), blank=True, max_num=8)
    footer_text = models.TextField(_("footer text"), blank=True)
    footer_links = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("footer links"),
        blank=True,
        help_text=_("Link the imprint and the privacy statement here; both are legally required."),
    )

    panels = [FieldPanel("main_links"), FieldPanel("footer_text"), FieldPanel("footer_links")]
    translatable_fields = [
        TranslatableField("main_links"),
        TranslatableField("footer_text"),
        TranslatableField("footer_links"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("navigation")
        verbose_name_plural = _("navigation")

    def __str__(self):
        return str(_("Navigation (%(language)s)") % {"language": self.locale.get_display_name()})

    @classmethod
    def for_active_language(cls):
        """This language's navigation, else the default language's, else None."""
        active = Locale.get_active()
        found = {item.locale_id: item for item in cls.objects.select_related("locale")}
        if active.pk in found:
            return found[active.pk]
        default = Locale.get_default()
        return found.get(default.pk) or next(iter(found.values()), None)
