"""The support dashboard in the admin: every table on one page, and each table as a CSV file."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import queries
from .forms import ThresholdForm
from .models import VIEW_PERMISSION
from .tables import SECTIONS, TABLES, Params, month_chart, write_csv


def can_view(user) -> bool:
    return bool(user and user.is_active and user.has_perm(VIEW_PERMISSION))


def _forbidden(request):
    # A real 403: Wagtail's own handling of PermissionDenied would redirect to the admin home page.
    title = _("Support dashboard")
    return TemplateResponse(
        request,
        "support/forbidden.html",
        {"page_title": title, "header_title": title, "header_icon": "table"},
        status=403,
    )


def _table_context(table, rows, csv_query: str) -> dict:
    shown = rows[: table.display_limit] if table.display_limit else rows
    peak = max((getattr(row, table.bar) for row in shown), default=0) if table.bar else 0
    return {
        "table": table,
        "count": len(rows),
        "rows": [
            {
                "cells": [(column.display(row), column.numeric) for column in table.columns],
                "bar": round(100 * getattr(row, table.bar) / peak) if peak else 0,
            }
            for row in shown
        ],
        "csv_query": csv_query,
    }


def dashboard(request):
    if not can_view(request.user):
        return _forbidden(request)
    form = ThresholdForm(request.GET if "threshold" in request.GET else None)
    params = Params(threshold=form.chosen_threshold())
    threshold_query = f"?threshold={params.threshold}" if form.is_bound and form.is_valid() else ""
    sections = []
    chart = None
    with queries.shared_reads():
        for key, label in SECTIONS:
            tables = []
            for table in (t for t in TABLES.values() if t.section == key):
                rows = list(table.rows(params))
                if table.slug == "introductions-by-month":
                    chart = month_chart(rows)
                tables.append(_table_context(table, rows, threshold_query if key == "unmet" else ""))
            sections.append({"key": key, "label": label, "tables": tables})
        summary = queries.best_score_summary(threshold=params.threshold)
    title = _("Support dashboard")
    return TemplateResponse(
        request,
        "support/dashboard.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "table",
            "sections": sections,
            "chart": chart,
            "form": form,
            "threshold": params.threshold,
            "summary": summary,
        },
    )


def export(request, slug: str):
    if not can_view(request.user):
        return _forbidden(request)
    table = TABLES.get(slug)
    if table is None:
        raise Http404
    form = ThresholdForm(request.GET if "threshold" in request.GET else None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("The threshold must be a number from 0 to 100."), content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.filename()}"'
    response.write("\ufeff")  # byte order mark: spreadsheet programs then read the file as UTF-8
    write_csv(table, table.rows(Params(threshold=form.chosen_threshold())), response)
    return response
