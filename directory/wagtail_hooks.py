"""Directory admin: organisations, projects, concepts, the merge review queue and imports (wagtail-modeladmin)."""

from django.contrib.admin import SimpleListFilter
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from . import admin_views
from .admin_forms import ConceptAdminForm, OrganisationAdminForm
from .clusters import CLUSTER_CHOICES
from .models import Concept, ImportRun, MergeCandidate, Organisation, Project, Source
from .regions import NUTS_NAMES


class ClusterFilter(SimpleListFilter):
    title = _("cluster")
    parameter_name = "cluster"

    def lookups(self, request, model_admin):
        return CLUSTER_CHOICES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.in_clusters([self.value()])
        return queryset


class SourceFilter(SimpleListFilter):
    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [
            (Source.CORDIS, _("CORDIS")),
            (Source.ROR, _("ROR")),
            (Source.CSV, _("Staff CSV import")),
            (Source.STAFF, _("Edited by staff")),
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(provenance__source=self.value()).distinct()
        return queryset


class RegionFilter(SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        codes = Organisation.objects.exclude(region="").values_list("region", flat=True).distinct().order_by("region")
        return [(code, f"{code} {NUTS_NAMES.get(code, '')}".strip()) for code in codes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(region__startswith=self.value())
        return queryset


class NoCreatePermissionHelper(PermissionHelper):
    """Rows made by the system: staff inspect and act on them but do not create or edit them by hand."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_label = _("Organisations")
    menu_icon = "group"
    list_display = ("name", "country", "region", "city", "type", "is_public", "updated_at")
    list_filter = ("country", RegionFilter, "type", ClusterFilter, SourceFilter, "is_public", "sme")
    search_fields = ("name", "short_name", "city", "aliases__name", "identifiers__value")
    inspect_view_enabled = True
    inspect_template_name = "directory/admin/organisation_inspect.html"
    list_export = (
        "name",
        "short_name",
        "legal_form",
        "type",
        "sme",
        "country",
        "region",
        "city",
        "postcode",
        "street",
        "latitude",
        "longitude",
        "website",
        "email",
        "phone",
        "is_public",
        "updated_at",
    )
    export_filename = "organisations"
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("name"),
                            FieldRowPanel([FieldPanel("short_name"), FieldPanel("legal_form")]),
                            FieldPanel("slug"),
                            FieldRowPanel([FieldPanel("type"), FieldPanel("sme")]),
                            FieldPanel("is_public"),
                        ],
                        heading=_("Organisation"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldRowPanel([FieldPanel("country"), FieldPanel("region")]),
                            FieldRowPanel([FieldPanel("city"), FieldPanel("postcode")]),
                            FieldPanel("street"),
                            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                        ],
                        heading=_("Location"),
                    ),
                    MultiFieldPanel(
                        [FieldPanel("website"), FieldRowPanel([FieldPanel("email"), FieldPanel("phone")])],
                        heading=_("Public contact"),
                    ),
                ],
                heading=_("Details"),
            ),
            ObjectList(
                [
                    InlinePanel("descriptions", heading=_("Descriptions"), label=_("description")),
                    InlinePanel(
                        "aliases",
                        heading=_("Other names"),
                        label=_("alias"),
                        panels=[FieldPanel("name"), FieldPanel("language")],
                    ),
                    InlinePanel(
                        "identifiers",
                        heading=_("Identifiers"),
                        label=_("identifier"),
                        panels=[FieldPanel("scheme"), FieldPanel("value")],
                    ),
                ],
                heading=_("Names and identifiers"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "cluster_tags",
                        heading=_("Clusters"),
                        label=_("cluster tag"),
                        panels=[FieldPanel("cluster"), FieldPanel("rejected")],
                        help_text=_(
                            "Tags you add or change become staff tags, which automatic tagging never changes. "
                            "Removing an automatic tag, or ticking “rejected”, keeps it from coming back."
                        ),
                    ),
                    InlinePanel(
                        "concept_tags",
                        heading=_("Concepts"),
                        label=_("concept tag"),
                        panels=[FieldPanel("concept"), FieldPanel("rejected")],
                    ),
                ],
                heading=_("Tags"),
            ),
        ],
        base_form_class=OrganisationAdminForm,
    )


class ProjectAdmin(ModelAdmin):
    model = Project
    menu_label = _("Projects")
    menu_icon = "doc-full"
    list_display = ("acronym", "display_title", "framework", "programme", "start_date", "end_date")
    list_filter = ("framework", "programme", "funding_scheme")
    search_fields = ("acronym", "title", "source_id", "grant_id", "topics")
    inspect_view_enabled = True
    inspect_template_name = "directory/admin/project_inspect.html"
    list_export = (
        "source_id",
        "framework",
        "grant_id",
        "acronym",
        "title",
        "start_date",
        "end_date",
        "programme",
        "programme_label",
        "funding_scheme",
        "topics",
        "total_cost",
        "ec_contribution",
    )
    export_filename = "projects"


class ConceptAdmin(ModelAdmin):
    model = Concept
    menu_label = _("Concepts")
    menu_icon = "tag"
    list_display = ("label_en", "label_nl", "label_de", "cluster", "kind", "group", "edited_by_staff")
    list_filter = ("kind", "cluster", "group", "edited_by_staff")
    search_fields = ("slug", "label_en", "label_nl", "label_de", "synonyms_en", "synonyms_nl", "synonyms_de")
    inspect_view_enabled = True
    list_export = (
        "slug",
        "kind",
        "cluster",
        "group",
        "label_en",
        "label_nl",
        "label_de",
        "synonyms_en",
        "synonyms_nl",
        "synonyms_de",
        "keywords",
    )
    export_filename = "concepts"
    edit_handler = ObjectList(
        [
            FieldPanel("slug"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("cluster"), FieldPanel("group")]),
            FieldPanel("broader"),
            FieldRowPanel([FieldPanel("label_en"), FieldPanel("label_nl"), FieldPanel("label_de")]),
            FieldRowPanel([FieldPanel("synonyms_en"), FieldPanel("synonyms_nl"), FieldPanel("synonyms_de")]),
            FieldPanel("keywords"),
            FieldPanel("edited_by_staff"),
        ],
        base_form_class=ConceptAdminForm,
    )


class MergeCandidateButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        for button in buttons:
            if button.get("url", "").endswith(f"/inspect/{obj.pk}/"):
                button["label"] = _("Review")
        return buttons


class MergeCandidateAdmin(ModelAdmin):
    model = MergeCandidate
    menu_label = _("Merge review")
    menu_icon = "resubmit"
    list_display = ("name_a", "name_b", "score", "reason_list", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("name_a", "name_b")
    inspect_view_enabled = True
    inspect_template_name = "directory/admin/merge_candidate_inspect.html"
    permission_helper_class = NoCreatePermissionHelper
    button_helper_class = MergeCandidateButtonHelper
    list_export = ("name_a", "name_b", "score", "reasons", "status", "created_at", "decided_at")
    export_filename = "merge-candidates"

    def reason_list(self, obj):
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in obj.reasons or [])))

    reason_list.short_description = _("reasons")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation_a", "organisation_b")


class ImportRunAdmin(ModelAdmin):
    model = ImportRun
    menu_label = _("Imports")
    menu_icon = "upload"
    list_display = ("file_name", "source", "status", "started_at", "user")
    list_filter = ("source", "status")
    search_fields = ("file_name",)
    inspect_view_enabled = True
    inspect_template_name = "directory/admin/import_run_inspect.html"
    index_template_name = "directory/admin/import_run_index.html"
    permission_helper_class = NoCreatePermissionHelper


class DirectoryGroup(ModelAdminGroup):
    menu_label = _("Directory")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (OrganisationAdmin, ProjectAdmin, ConceptAdmin, MergeCandidateAdmin, ImportRunAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            ImportMenuItem(_("Import a file"), reverse("directory_import"), icon_name="upload", order=len(items) + 1)
        )
        return items


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.add_organisation")


modeladmin_register(DirectoryGroup)


@hooks.register("register_admin_urls")
def directory_admin_urls():
    return [
        path("directory/import/", admin_views.import_view, name="directory_import"),
        path(
            "directory/merge-candidates/<int:pk>/decide/",
            admin_views.merge_candidate_decide_view,
            name="directory_merge_candidate_decide",
        ),
    ]
