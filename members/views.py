"""Pages of the members' area, all under /<lang>/members/. Views parse a form, call a service and render."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import Organisation

from . import panels, selectors, services, throttling
from .decorators import member_required
from .forms import ClaimForm, InvitationAcceptForm, OrganisationSearchForm, ProfileEditor, SignInForm
from .models import Claim, Invitation, Membership, Role

CLAIMS_PER_EMAIL = 3
logger = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------------------------
# sign-in, sign-out, passwords


@method_decorator(never_cache, name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "members/sign_in.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        identifier = request.POST.get("username", "")
        account = throttling.account_key(identifier)
        ip = throttling.client_ip(request)
        lockout = throttling.lockout_for(account=account, ip=ip)
        if lockout is not None:
            return self.locked_out(lockout, identifier)
        form = self.get_form()
        if form.is_valid():
            return self.form_valid(form)
        lockout = getattr(request, "sign_in_lockout", None) or throttling.lockout_for(account=account, ip=ip)
        if lockout is not None:
            return self.locked_out(lockout, identifier)
        return self.form_invalid(form)

    def locked_out(self, lockout: throttling.Lockout, identifier: str):
        form = self.form_class(self.request, initial={"username": identifier[:254]})
        response = self.render_to_response(self.get_context_data(form=form, lockout=lockout))
        response.status_code = 429
        response["Retry-After"] = str(lockout.retry_after)
        return response


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        messages.success(request, _("You have signed out."))
        return redirect("members:sign_in")
    return TemplateResponse(request, "members/sign_out.html", {})


class MemberPasswordResetForm(PasswordResetForm):
    """Also reaches accounts created from an approved claim that have not chosen a password yet."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        return (u for u in User._default_manager.filter(email__iexact=email, is_active=True) if u.email)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = MemberPasswordResetForm
    template_name = "members/password_reset_form.html"
    email_template_name = "members/email/password_reset.txt"
    subject_template_name = "members/email/password_reset_subject.txt"
    success_url = reverse_lazy("members:password_reset_done")

    def post(self, request, *args, **kwargs):
        # Requests are limited per address and per client address (settings.THROTTLE_RATES), in the database.
        refused = throttling.password_reset_check(email=request.POST.get("email", ""), ip=throttling.client_ip(request))
        if refused is not None:
            response = self.render_to_response(self.get_context_data(form=self.get_form(), throttled=refused))
            response.status_code = 429
            response["Retry-After"] = str(refused.retry_after)
            return response
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("members:password_reset_complete")
    post_reset_login = True
    post_reset_login_backend = "members.backends.EmailBackend"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "members/password_change_form.html"
    success_url = reverse_lazy("members:overview")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


# ------------------------------------------------------------------------------------------------------------
# overview and profile


@never_cache
@login_required
def overview(request):
    membership = selectors.membership_for(request.user)
    context = {"membership": membership}
    if membership is not None:
        organisation = membership.organisation
        rendered = []
        for name, render in panels.overview_panels().items():
            try:
                html = render(request=request, organisation=organisation)
            except Exception:  # a failing panel must not take the overview down
                logger.exception("Overview panel %s failed for organisation %s", name, organisation.pk)
                continue
            if html:
                rendered.append({"name": name, "html": html})
        context.update(
            organisation=organisation,
            completeness=selectors.profile_completeness(organisation),
            panels=rendered,
            colleagues=Membership.objects.filter(organisation=organisation).select_related("user"),
        )
    else:
        context["pending_claims"] = Claim.objects.filter(
            Q(user=request.user) | Q(email__iexact=request.user.email or "-"), status=Claim.Status.PENDING
        ).select_related("organisation")
    return TemplateResponse(request, "members/overview.html", context)


def _profile_initial(organisation: Organisation) -> tuple[dict, list[dict], list[dict]]:
    profile = services.profile_for(organisation)
    initial = {
        "clusters": organisation.active_cluster_slugs(),
        "concepts": list(organisation.concept_tags.filter(rejected=False).values_list("concept_id", flat=True)),
        "partner_types": profile.partner_types,
        "countries": profile.preferred_countries,
        "regions": profile.preferred_regions,
        "languages": profile.languages,
        "public_fields": profile.public_fields,
    }
    descriptions = [{"language": d.language, "text": d.text} for d in organisation.descriptions.all().order_by("pk")]
    items = [
        {"kind": i.kind, "text": i.text, "concepts": [c.pk for c in i.concepts.all()]}
        for i in profile.items.prefetch_related("concepts")
    ]
    return initial, descriptions, items


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    organisation = request.membership.organisation
    initial, descriptions, items = _profile_initial(organisation)
    if request.method == "POST":
        editor = ProfileEditor(request.POST, initial=initial, descriptions=descriptions, items=items)
        if editor.is_valid():
            changed = services.profile_update(organisation=organisation, data=editor.profile_data(), user=request.user)
            if changed:
                messages.success(request, _("Your profile has been saved."))
            else:
                messages.info(request, _("Nothing has changed."))
            return redirect("members:profile")
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    else:
        editor = ProfileEditor(initial=initial, descriptions=descriptions, items=items)
    return TemplateResponse(request, "members/profile_form.html", {"editor": editor, "organisation": organisation})


# ------------------------------------------------------------------------------------------------------------
# the team: colleagues and invitations (organisation administrators invite colleagues)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def team(request):
    from .forms import InviteForm

    membership = request.membership
    organisation = membership.organisation
    is_admin = membership.role == Role.ADMIN
    form = None
    if is_admin:
        form = InviteForm(request.POST or None)
        del form.fields["organisation"]  # always the member's own organisation
        if request.method == "POST" and form.is_valid():
            services.invitation_create(
                email=form.cleaned_data["email"],
                organisation=organisation,
                role=form.cleaned_data["role"],
                invited_by=request.user,
                language=get_language(),
            )
            messages.success(request, _("The invitation has been sent."))
            return redirect("members:team")
    elif request.method == "POST":
        return HttpResponseForbidden(_("Only administrators of your organisation can invite colleagues."))
    return TemplateResponse(
        request,
        "members/team.html",
        {
            "organisation": organisation,
            "is_admin": is_admin,
            "form": form,
            "colleagues": Membership.objects.filter(organisation=organisation).select_related("user"),
            "invitations": Invitation.objects.pending().filter(organisation=organisation),
        },
    )


@never_cache
@member_required
@require_POST
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk, organisation=request.membership.organisation)
    if request.membership.role != Role.ADMIN:
        return HttpResponseForbidden(_("Only administrators of your organisation can withdraw invitations."))
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("members:team")


# ------------------------------------------------------------------------------------------------------------
# accepting an invitation


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return TemplateResponse(request, "members/invitation_invalid.html", {"reason": "unknown"}, status=404)
    if not invitation.is_pending:
        return TemplateResponse(
            request,
            "members/invitation_invalid.html",
            {"reason": invitation.status, "invitation": invitation},
            status=410,
        )
    context = {"invitation": invitation, "organisation": invitation.organisation}
    user = request.user
    if user.is_authenticated:
        if (user.email or "").lower() != invitation.email.lower():
            context["wrong_account"] = True
            return TemplateResponse(request, "members/invitation_accept.html", context, status=403)
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except services.MembershipError as error:
                messages.error(request, str(error))
                return redirect("members:overview")
            messages.success(request, _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation})
            return redirect("members:overview")
        context["join"] = True
        return TemplateResponse(request, "members/invitation_accept.html", context)
    if services.user_by_email(invitation.email) is not None:
        context["sign_in_url"] = reverse("members:sign_in") + "?" + urlencode({REDIRECT_FIELD_NAME: request.path})
        return TemplateResponse(request, "members/invitation_accept.html", context)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.MembershipError as error:
            form.add_error(None, str(error))
        else:
            login(request, new_user, backend="members.backends.EmailBackend")
            messages.success(request, _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation})
            return redirect("members:overview")
    context["form"] = form
    return TemplateResponse(request, "members/invitation_accept.html", context)


# ------------------------------------------------------------------------------------------------------------
# claiming an organisation


@never_cache
def claim_search(request):
    form = OrganisationSearchForm(request.GET or None)
    page = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        q = form.cleaned_data["q"].strip()
        qs = (
            Organisation.objects.public()
            .filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(aliases__name__icontains=q))
            .distinct()
            .order_by("name")
        )
        page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "members/claim_search.html",
        {"form": form, "page": page, "membership": selectors.membership_for(request.user)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def claim_create(request, slug: str):
    organisation = get_object_or_404(Organisation.objects.public(), slug=slug)
    membership = selectors.membership_for(request.user)
    if membership is not None:
        messages.info(
            request, _("Your account already belongs to %(organisation)s.") % {"organisation": membership.organisation}
        )
        return redirect("members:overview")
    initial = {"organisation": organisation.pk}
    if request.user.is_authenticated:
        initial.update(name=request.user.get_full_name(), email=request.user.email)
    form = ClaimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        pending = Claim.objects.filter(email__iexact=email, status=Claim.Status.PENDING)
        if form.cleaned_data["organisation"].pk != organisation.pk:
            form.add_error(None, _("The form does not belong to this organisation. Please try again."))
        elif pending.filter(organisation=organisation).exists():
            form.add_error(
                "email", _("A claim for this organisation from this address is already waiting for a decision.")
            )
        elif pending.count() >= CLAIMS_PER_EMAIL:
            form.add_error("email", _("This address has too many claims waiting for a decision."))
        else:
            with transaction.atomic():
                services.claim_create(
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    email=email,
                    position=form.cleaned_data["position"],
                    message=form.cleaned_data["message"],
                    user=request.user,
                )
            return HttpResponseRedirect(reverse("members:claim_sent"))
    return TemplateResponse(request, "members/claim_form.html", {"form": form, "organisation": organisation})


def claim_sent(request):
    return TemplateResponse(request, "members/claim_sent.html", {})
