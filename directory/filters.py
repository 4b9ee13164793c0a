"""The directory listing's FilterSet: parses and validates the query string of /<lang>/directory/ and the API.

The FilterSet is a real one (its `qs` filters organisations), but the listing itself goes through
`selectors.organisation_search`, which also counts the options of every filter. `to_filters()` turns the cleaned
values into the selector's `OrganisationFilters`.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .clusters import CLUSTER_CHOICES
from .models import Organisation
from .selectors import (
    COUNTRY_CHOICES,
    DEFAULT_SORT,
    FACETS,
    MAX_QUERY_LENGTH,
    SME_CHOICES,
    SORT_CHOICES,
    OrganisationFilters,
    _facet_q,
    _text_q,
    concept_choices,
    concepts_matching,
    public_organisations,
    region_choices,
)

# Query parameters the listing understands besides the filters themselves.
PAGING_PARAMETERS = ("page", "page_size")


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, place, technology…")}),
    )
    cluster = django_filters.MultipleChoiceFilter(
        label=_("Cluster"), choices=CLUSTER_CHOICES, method="filter_facet", widget=forms.CheckboxSelectMultiple
    )
    country = django_filters.MultipleChoiceFilter(
        label=_("Country"), choices=COUNTRY_CHOICES, method="filter_facet", widget=forms.CheckboxSelectMultiple
    )
    region = django_filters.MultipleChoiceFilter(
        label=_("Region"), choices=region_choices, method="filter_facet", widget=forms.CheckboxSelectMultiple
    )
    type = django_filters.MultipleChoiceFilter(
        label=_("Type of organisation"),
        choices=Organisation.Type.choices,
        method="filter_facet",
        widget=forms.CheckboxSelectMultiple,
    )
    sme = django_filters.MultipleChoiceFilter(
        label=_("SME"), choices=SME_CHOICES, method="filter_facet", widget=forms.CheckboxSelectMultiple
    )
    concept = django_filters.MultipleChoiceFilter(
        label=_("Technology or topic"),
        choices=concept_choices,
        method="filter_facet",
        widget=forms.CheckboxSelectMultiple,
    )
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None)

    class Meta:
        model = Organisation
        fields = ["q", "cluster", "country", "region", "type", "sme", "concept", "sort"]

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            # An empty value (`?country=`) means "no filter", not an unknown choice.
            data = data.copy()
            for name in FACETS:
                data.setlist(name, [value for value in data.getlist(name) if value.strip()])
        super().__init__(data=data, queryset=queryset if queryset is not None else public_organisations(), **kwargs)

    def filter_text(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(_text_q(value, concepts_matching(value)))

    def filter_facet(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(_facet_q(name, tuple(value)))

    def filter_sort(self, queryset, name, value):
        if value == "name":
            return queryset.order_by("name", "pk")
        if value == "updated":
            return queryset.order_by("-updated_at", "name", "pk")
        return queryset

    def to_filters(self) -> OrganisationFilters:
        """The validated values as the selector's filter object (call after `is_valid()`)."""
        data = self.form.cleaned_data
        values = {name: tuple(dict.fromkeys(data.get(name) or ())) for name in FACETS}
        return OrganisationFilters(q=(data.get("q") or "").strip(), sort=data.get("sort") or DEFAULT_SORT, **values)

    @classmethod
    def parameter_names(cls) -> set[str]:
        return set(cls.base_filters)
