"""Members' data rights pages: download your data (JSON) and delete your account."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import data_rights, selectors


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account and my personal data will be deleted for good."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password_incorrect")
        return password


@never_cache
@login_required
@require_GET
def data_overview(request):
    return TemplateResponse(
        request,
        "members/data_overview.html",
        {"membership": selectors.membership_for(request.user), "staff_account": request.user.is_staff},
    )


@never_cache
@login_required
@require_GET
def data_export(request):
    data = data_rights.member_data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"techland-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    if request.user.is_staff:
        messages.error(request, _("Staff accounts are removed by another administrator in the admin."))
        return redirect("members:data")
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        data_rights.account_delete(user=user, initiated_by="member")
        return redirect("members:account_deleted")
    return TemplateResponse(request, "members/account_delete.html", {"form": form})


@require_GET
def account_deleted(request):
    return TemplateResponse(request, "members/account_deleted.html", {})
