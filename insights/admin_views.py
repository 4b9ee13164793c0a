"""The staff upload of market indicators (Wagtail admin)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .figures import SCOPES
from .forms import IndicatorUploadForm
from .indicators import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, upload_indicators

logger = logging.getLogger(__name__)

# The layout only: the numbers are invented, the sources name where real figures are published.
EXAMPLE_CSV = (
    "indicator,region,year,value,unit,source,label_en,label_nl,label_de,cluster\n"
    "employment_manufacturing,NL21,2022,12345,persons,CBS StatLine (table and date),Employment in manufacturing,"
    "Werkgelegenheid in de industrie,Beschäftigte im verarbeitenden Gewerbe,advanced_manufacturing_robotics\n"
    "employment_manufacturing,DEA3,2022,23456,persons,IT.NRW Landesdatenbank (table and date),,,,\n"
)


def upload_view(request):
    if not request.user.has_perm("insights.add_indicatorvalue"):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = IndicatorUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = upload_indicators(
                    file=upload.file,
                    file_name=upload.name,
                    user=request.user,
                    partial=form.cleaned_data["partial"],
                )
            except DatabaseError:
                logger.exception("Indicator upload failed while writing")
                messages.error(request, _("The upload could not be saved and changed nothing. Please try again."))
            else:
                if result.written and not result.rejected:
                    messages.success(request, _("Upload finished: %(summary)s") % {"summary": result.summary()})
                elif result.written:
                    messages.warning(
                        request,
                        _("Valid rows imported; the rejected rows are listed below: %(summary)s")
                        % {"summary": result.summary()},
                    )
                else:
                    messages.error(
                        request,
                        _("Nothing was imported: %(summary)s") % {"summary": result.summary()},
                    )
    else:
        form = IndicatorUploadForm()
    return TemplateResponse(
        request,
        "insights/admin/upload.html",
        {
            "form": form,
            "result": result,
            "required_columns": REQUIRED_COLUMNS,
            "optional_columns": OPTIONAL_COLUMNS,
            "example": EXAMPLE_CSV,
            "scopes": SCOPES,
        },
    )
