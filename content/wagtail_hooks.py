"""Admin screens for content: the navigation snippet and the organisation chooser."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.choosers import organisation_chooser_viewset
from content.models import Navigation


class NavigationViewSet(SnippetViewSet):
    model = Navigation
    icon = "list-ul"
    menu_label = _("Navigation")
    menu_order = 250
    add_to_settings_menu = True
    list_display = ["__str__", "locale"]


register_snippet(NavigationViewSet)


@hooks.register("register_admin_viewset")
def register_organisation_chooser():
    return organisation_chooser_viewset
