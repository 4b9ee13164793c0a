"""Forms of the public directory: paging parameters (the filters are in filters.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class PageForm(forms.Form):
    page = forms.IntegerField(label=_("Page"), min_value=1, max_value=MAX_PAGE, required=False)
    page_size = forms.IntegerField(label=_("Results per page"), min_value=1, max_value=MAX_PAGE_SIZE, required=False)

    def page_number(self) -> int:
        return self.cleaned_data.get("page") or 1

    def page_size_or(self, default: int) -> int:
        return self.cleaned_data.get("page_size") or default
