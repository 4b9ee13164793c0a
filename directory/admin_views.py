"""Admin views that are actions rather than model screens: the import screen and merge-queue decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .admin_forms import ImportForm
from .importers.staff_csv import COLUMNS, REQUIRED
from .models import MergeCandidate
from .services import merge_candidate_decide, run_import


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def import_view(request):
    _require(request, "directory.add_organisation")
    report = None
    run = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = run_import(
                source=form.cleaned_data["source"],
                path=upload.file,
                file_name=upload.name,
                user=request.user,
                resolve=form.cleaned_data["resolve"],
            )
            from .models import ImportRun

            run = ImportRun.objects.filter(user=request.user).order_by("-started_at").first()
            if report.error:
                messages.error(request, _("The import failed and changed nothing: %(error)s") % {"error": report.error})
            else:
                messages.success(request, _("Import finished: %(summary)s") % {"summary": report.summary()})
    else:
        form = ImportForm()
    return TemplateResponse(
        request,
        "directory/admin/import.html",
        {
            "form": form,
            "report": report,
            "run": run,
            "columns": COLUMNS,
            "required_columns": REQUIRED,
        },
    )


@require_POST
def merge_candidate_decide_view(request, pk: int):
    _require(request, "directory.change_mergecandidate")
    candidate = get_object_or_404(MergeCandidate, pk=pk)
    action = request.POST.get("action")
    if action not in {"merge", "merge_into_b", "keep_apart"}:
        messages.error(request, _("Unknown action."))
        return redirect(_inspect_url(candidate))
    try:
        candidate = merge_candidate_decide(
            candidate=candidate, merge=action != "keep_apart", keep_b=action == "merge_into_b", user=request.user
        )
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(_inspect_url(candidate))
    if action == "keep_apart":
        messages.success(request, _("Kept apart: %(pair)s") % {"pair": candidate})
    else:
        messages.success(request, _("Merged: %(pair)s") % {"pair": candidate})
    return redirect(reverse("directory_mergecandidate_modeladmin_index"))


def _inspect_url(candidate: MergeCandidate) -> str:
    return reverse("directory_mergecandidate_modeladmin_inspect", args=[candidate.pk])
