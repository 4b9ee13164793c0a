"""Admin screens of the recommendations: the facilitator queue of introduction requests (for superusers and the
"Support organisations" group), and read-only lists of stored recommendations and members' feedback for staff."""

import django_filters
from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import Introduction, RecommendationFeedback, StoredRecommendation


class NoAddOrDeletePolicy(ModelPermissionPolicy):
    """Introductions come from members and are decided, never created or deleted in the admin."""

    denied = frozenset({"add", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.denied])


class ReadOnlyPolicy(NoAddOrDeletePolicy):
    """Computed rows and members' own feedback are only looked at in the admin."""

    denied = frozenset({"add", "change", "delete"})


register_permission_policy(Introduction, NoAddOrDeletePolicy(Introduction))
register_permission_policy(StoredRecommendation, ReadOnlyPolicy(StoredRecommendation))
register_permission_policy(RecommendationFeedback, ReadOnlyPolicy(RecommendationFeedback))


class IntroductionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Introduction.Status.choices)

    class Meta:
        model = Introduction
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counts = dict(Introduction.objects.order_by().values_list("status").annotate(n=Count("pk")))
        self.filters["status"].extra["choices"] = [
            (value, f"{label} ({counts.get(value, 0)})") for value, label in Introduction.Status.choices
        ]


class IntroductionIndexView(generic.IndexView):
    default_ordering = "-created_at"

    def get_edit_url(self, instance):
        # The "edit" screen is the detail page with the decision form; viewing it needs only the view permission.
        if self.user_has_any_permission({"view", "change"}):
            return reverse(self.edit_url_name, args=[instance.pk])
        return None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation", "candidate", "decided_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        open_count = Introduction.objects.filter(status=Introduction.Status.REQUESTED).count()
        context["page_subtitle"] = _("%(count)s waiting for a decision") % {"count": open_count}
        return context


class IntroductionViewSet(ModelViewSet):
    model = Introduction
    icon = "mail"
    menu_label = _("Introductions")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "organisation",  # the title column, linking to the detail page
        Column("candidate", label=_("Organisation to meet"), accessor="candidate"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("created_at", label=_("Requested"), accessor="created_at", sort_key="created_at"),
        Column("decided_at", label=_("Decided"), accessor="decided_at", sort_key="decided_at"),
        Column("decided_by", label=_("Decided by"), accessor="decided_by"),
    ]
    filterset_class = IntroductionFilterSet
    search_fields = ["organisation__name", "candidate__name", "message"]
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = IntroductionIndexView
    form_fields = ["facilitator_note"]

    def get_urlpatterns(self):
        # Adding and deleting stay routed but the permission policy refuses them.
        patterns = [p for p in super().get_urlpatterns() if p.name != "edit"]
        return [
            *patterns,
            path("edit/<int:pk>/", admin_views.introduction_detail, name="edit"),
        ]


class StoredRecommendationViewSet(ModelViewSet):
    model = StoredRecommendation
    icon = "list-ol"
    menu_label = _("Stored recommendations")
    add_to_admin_menu = False
    list_display = ["organisation", "candidate", "rank", "score", "known_partner", "computed_at"]
    list_filter = ["known_partner"]
    search_fields = ["organisation__name", "candidate__name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["rank"]
    inspect_view_fields = ["organisation", "candidate", "rank", "score", "known_partner", "reasons", "computed_at"]


class RecommendationFeedbackViewSet(ModelViewSet):
    model = RecommendationFeedback
    icon = "tick"
    menu_label = _("Recommendation feedback")
    add_to_admin_menu = False
    list_display = ["organisation", "candidate", "action", "user", "created_at"]
    list_filter = ["action"]
    search_fields = ["organisation__name", "candidate__name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["action"]


class RecommendationsViewSetGroup(ViewSetGroup):
    menu_label = _("Recommendations")
    menu_icon = "list-ol"
    menu_order = 265
    items = (
        StoredRecommendationViewSet("recommendations_stored"),
        RecommendationFeedbackViewSet("recommendations_feedback"),
    )


@hooks.register("register_admin_viewset")
def register_recommendations_viewsets():
    return [IntroductionViewSet("recommendations_introductions"), RecommendationsViewSetGroup()]


class IntroductionsWaitingPanel(Component):
    """On the admin dashboard of facilitators: the oldest requests still waiting for a decision."""

    name = "introductions_waiting"
    template_name = "recommendations/admin/home_panel.html"
    order = 90
    shown = 10

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = Introduction.objects.filter(status=Introduction.Status.REQUESTED)
        context["introductions"] = list(
            waiting.select_related("organisation", "candidate").order_by("created_at", "pk")[: self.shown]
        )
        context["total"] = waiting.count()
        return context


@hooks.register("construct_homepage_panels")
def add_introductions_panel(request, panels):
    if request.user.has_perm("recommendations.change_introduction"):
        panels.append(IntroductionsWaitingPanel())


@hooks.register("register_log_actions")
def register_introduction_log_actions(actions):
    actions.register_action("recommendations.introduction.accept", _("Accept introduction"), _("Introduction accepted"))
    actions.register_action(
        "recommendations.introduction.decline", _("Decline introduction"), _("Introduction declined")
    )
    actions.register_action(
        "recommendations.introduction.withdraw", _("Withdraw introduction"), _("Introduction withdrawn by the member")
    )
