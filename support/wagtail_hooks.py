"""The "Support dashboard" admin menu item and its URLs, for the Support organisations group and superusers."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


class SupportDashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", views.dashboard, name="dashboard"),
        path("<slug:slug>.csv", views.export, name="export"),
    ]
    return [path("support/", include((urls, "support"), namespace="support"))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return SupportDashboardMenuItem(
        _("Support dashboard"),
        reverse_lazy("support:dashboard"),
        name="support-dashboard",
        icon_name="table",
        order=900,
    )
