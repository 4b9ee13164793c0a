"""Admin screens of the members' area: invitations (invite, withdraw, send again), claims (approve, reject) and
memberships, grouped under one "Members" menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from . import admin_views
from .models import Claim, Invitation, Membership


class OrganisationChooserViewSet(ChooserViewSet):
    model = "directory.Organisation"
    icon = "group"
    choose_one_text = _("Choose an organisation")
    choose_another_text = _("Choose another organisation")
    register_widget = False
    per_page = 20


organisation_chooser = OrganisationChooserViewSet("members_organisation_chooser")


class InvitationIndexView(generic.IndexView):
    def get_edit_url(self, instance):
        return None  # invitations are not edited: withdraw and send a new one

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.is_pending:
            buttons.append(
                Button(
                    _("Withdraw"),
                    url=reverse("members_invitations:action", args=[instance.pk, "withdraw"]),
                    icon_name="cross",
                    priority=40,
                )
            )
        elif not instance.accepted_at:
            buttons.append(
                Button(
                    _("Send again"),
                    url=reverse("members_invitations:action", args=[instance.pk, "resend"]),
                    icon_name="mail",
                    priority=40,
                )
            )
        return buttons


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    add_to_admin_menu = False
    form_fields = ["email", "organisation", "role"]
    list_display = [
        "email",
        "organisation",
        "role",
        Column("status", label=_("Status"), accessor=lambda i: i.get_status_display()),
        "created_at",
        "expires_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = InvitationIndexView
    add_view_class = admin_views.InvitationCreateView

    def get_form_class(self, for_update=False):
        return admin_views.InvitationAdminForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/<str:action>/", admin_views.invitation_action, name="action"),
        ]


class ClaimIndexView(generic.IndexView):
    def get_edit_url(self, instance):
        return None  # claims are decided, not edited

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status == Claim.Status.PENDING:
            buttons += [
                Button(
                    _("Approve"),
                    url=reverse("members_claims:decide", args=[instance.pk, "approve"]),
                    icon_name="success",
                    priority=40,
                ),
                Button(
                    _("Reject"),
                    url=reverse("members_claims:decide", args=[instance.pk, "reject"]),
                    icon_name="cross",
                    priority=41,
                ),
            ]
        return buttons

    @property
    def add_url(self):
        return None  # claims come from the site


class ClaimViewSet(ModelViewSet):
    model = Claim
    icon = "clipboard-list"
    menu_label = _("Claims")
    add_to_admin_menu = False
    form_fields = ["decision_note"]
    list_display = ["name", "email", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "organisation__name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ClaimIndexView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/<str:decision>/", admin_views.claim_decide, name="decide"),
        ]


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    add_to_admin_menu = False
    form_fields = ["user", "organisation", "role"]
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        form_class.base_fields["organisation"].widget = organisation_chooser.widget_class()
        return form_class


class MembersViewSetGroup(ViewSetGroup):
    menu_label = _("Members")
    menu_icon = "group"
    menu_order = 250
    items = (
        InvitationViewSet("members_invitations"),
        ClaimViewSet("members_claims"),
        MembershipViewSet("members_memberships"),
    )


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    return [organisation_chooser, MembersViewSetGroup()]
