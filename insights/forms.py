from django import forms
from django.utils.translation import gettext_lazy as _


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma- or semicolon-separated, with a header row; at most 5 MB."),
    )
    partial = forms.BooleanField(
        label=_("Import the valid rows even when some rows are rejected"),
        required=False,
        help_text=_("Without this, nothing is imported as long as any row has a problem."),
    )
