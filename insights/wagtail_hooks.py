"""Insights in the admin: market indicators, their values, the upload history and the CSV upload."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from . import admin_views
from .models import Indicator, IndicatorUpload, IndicatorValue


class ReadOnlyPermissionHelper(PermissionHelper):
    """Rows the upload writes: staff inspect them, the upload changes them."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class IndicatorAdmin(ModelAdmin):
    model = Indicator
    menu_label = _("Market indicators")
    menu_icon = "table"
    list_display = ("label_en", "slug", "unit", "cluster", "updated_at")
    list_filter = ("cluster",)
    search_fields = ("slug", "label_en", "label_nl", "label_de")
    edit_handler = ObjectList(
        [
            FieldPanel("slug"),
            FieldRowPanel([FieldPanel("label_en"), FieldPanel("label_nl"), FieldPanel("label_de")]),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("cluster")]),
            FieldPanel("description"),
        ]
    )


class IndicatorValueAdmin(ModelAdmin):
    model = IndicatorValue
    menu_label = _("Indicator values")
    menu_icon = "list-ul"
    list_display = ("indicator", "region", "year", "value", "source")
    list_filter = ("indicator", "region", "year")
    search_fields = ("indicator__slug", "indicator__label_en", "region", "source")
    list_export = ("indicator", "region", "year", "value", "source")
    export_filename = "indicator-values"
    permission_helper_class = ReadOnlyPermissionHelper


class IndicatorUploadAdmin(ModelAdmin):
    model = IndicatorUpload
    menu_label = _("Indicator uploads")
    menu_icon = "history"
    list_display = ("file_name", "status", "uploaded_at", "user", "rows", "created", "updated", "rejected")
    list_filter = ("status",)
    search_fields = ("file_name",)
    inspect_view_enabled = True
    inspect_view_fields = (
        "file_name",
        "status",
        "uploaded_at",
        "user",
        "rows",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "report",
    )
    permission_helper_class = ReadOnlyPermissionHelper


class UploadMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("insights.add_indicatorvalue")


class InsightsGroup(ModelAdminGroup):
    menu_label = _("Insights")
    menu_icon = "table"
    menu_order = 260
    items = (IndicatorAdmin, IndicatorValueAdmin, IndicatorUploadAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            UploadMenuItem(
                _("Upload indicators"), reverse("insights_indicator_upload"), icon_name="upload", order=len(items) + 1
            )
        )
        return items


modeladmin_register(InsightsGroup)


@hooks.register("register_admin_urls")
def insights_admin_urls():
    return [path("insights/upload/", admin_views.upload_view, name="insights_indicator_upload")]
