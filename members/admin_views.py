"""Admin actions on invitations and claims: invite, withdraw, send again, approve, reject."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.views import generic

from . import services
from .forms import DecisionForm
from .models import Claim, Invitation


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "organisation", "role"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .wagtail_hooks import organisation_chooser

        self.fields["organisation"].widget = organisation_chooser.widget_class()


class InvitationCreateView(generic.CreateView):
    """Creating an invitation sends it: the token is made and e-mailed by the service."""

    def save_instance(self):
        data = self.form.cleaned_data
        return services.invitation_create(
            email=data["email"],
            organisation=data["organisation"],
            role=data["role"],
            invited_by=self.request.user,
            language=get_language(),
        )

    def get_success_message(self, instance):
        return _("Invitation sent to %(email)s.") % {"email": instance.email}

    def get_success_url(self):
        return reverse("members_invitations:index")


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def invitation_action(request, pk: int, action: str):
    """Withdraw a pending invitation, or send a new one for an expired or withdrawn invitation (GET confirms)."""
    if action not in {"withdraw", "resend"}:
        raise PermissionDenied
    _require(request, "members.change_invitation" if action == "withdraw" else "members.add_invitation")
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    index_url = reverse("members_invitations:index")
    allowed = invitation.is_pending if action == "withdraw" else not invitation.accepted_at
    if not allowed:
        messages.warning(request, _("This invitation can no longer be changed."))
        return redirect(index_url)
    if request.method == "POST":
        if action == "withdraw":
            services.invitation_revoke(invitation=invitation)
            messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
        else:
            services.invitation_create(
                email=invitation.email,
                organisation=invitation.organisation,
                role=invitation.role,
                invited_by=request.user,
                language=get_language(),
            )
            messages.success(request, _("A new invitation was sent to %(email)s.") % {"email": invitation.email})
        return redirect(index_url)
    title = _("Withdraw invitation") if action == "withdraw" else _("Send the invitation again")
    return TemplateResponse(
        request,
        "members/admin/invitation_action.html",
        {
            "invitation": invitation,
            "action": action,
            "page_title": title,
            "header_title": title,
            "index_url": index_url,
        },
    )


DECISIONS = {
    "approve": (gettext_lazy("Approve claim"), services.claim_approve),
    "reject": (gettext_lazy("Reject claim"), services.claim_reject),
}


@require_http_methods(["GET", "POST"])
def claim_decide(request, pk: int, decision: str):
    _require(request, "members.change_claim")
    if decision not in DECISIONS:
        raise PermissionDenied
    claim = get_object_or_404(Claim.objects.select_related("organisation", "user"), pk=pk)
    title, action = DECISIONS[decision]
    index_url = reverse("members_claims:index")
    if claim.status != Claim.Status.PENDING:
        messages.warning(request, _("This claim has already been decided."))
        return redirect(index_url)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(claim=claim, decided_by=request.user, note=form.cleaned_data["note"], language=get_language())
        except services.MembershipError as error:
            messages.error(request, str(error))
            return redirect(index_url)
        if decision == "approve":
            message = _("The claim was approved; %(email)s is now a member of %(organisation)s and has been told.")
        else:
            message = _("The claim was rejected and %(email)s has been told.")
        messages.success(request, message % {"email": claim.email, "organisation": claim.organisation})
        return redirect(index_url)
    existing = claim.organisation.memberships.select_related("user")
    return TemplateResponse(
        request,
        "members/admin/claim_decide.html",
        {
            "claim": claim,
            "form": form,
            "decision": decision,
            "page_title": title,
            "header_title": title,
            "index_url": index_url,
            "existing_members": existing,
        },
    )
