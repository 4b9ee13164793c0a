"""An admin chooser for directory organisations, used by success story partners."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class OrganisationFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Name or city")})
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=[("", _("All countries")), ("NL", _("Netherlands")), ("DE", _("Germany"))],
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(
                Q(name__icontains=query) | Q(short_name__icontains=query) | Q(city__icontains=query)
            )
        if self.cleaned_data.get("country"):
            objects = objects.filter(country=self.cleaned_data["country"])
        return objects


class OrganisationChooseView(ChooseView):
    filter_form_class = OrganisationFilterForm


class OrganisationChooseResultsView(ChooseResultsView):
    filter_form_class = OrganisationFilterForm


class OrganisationChooserViewSet(ChooserViewSet):
    model = "directory.Organisation"
    icon = "group"
    choose_one_text = _("Choose an organisation")
    choose_another_text = _("Choose another organisation")
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView
    register_widget = False
    per_page = 20


organisation_chooser_viewset = OrganisationChooserViewSet("content_organisation_chooser")
