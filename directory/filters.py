"""The directory listing's FilterSet: parses and validates the query string of /<lang>/directory/ and the API.

The FilterSet is a real one (its `qs` filters organisations), but the listing itself goes through
`selectors.organisation_search`, which also counts the options of every filter. `to_filters()` turns the cleaned
values into the selector's `OrganisationFilters`.

Distance: `near` (a city or region of the directory, see `selectors.directory_places`) or `lat` + `lon` give the
point to measure from; `km` limits the results to that radius; `sort=distance` puts the nearest first. A radius or
a distance sort without a point, half a point, or both a place and a point are field errors.
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
    MAX_RADIUS_KM,
    MIN_RADIUS_KM,
    SME_CHOICES,
    SORT_CHOICES,
    OrganisationFilters,
    _facet_q,
    _text_q,
    _within_q,
    concept_choices,
    concepts_matching,
    find_place,
    place_choices,
    public_organisations,
    region_choices,
)

# Query parameters the listing understands besides the filters themselves.
PAGING_PARAMETERS = ("page", "page_size")
GEO_PARAMETERS = ("near", "lat", "lon", "km")


class OrganisationFilterForm(forms.Form):
    """Checks the distance parameters together (each one alone is checked by its field)."""

    def clean(self):
        data = super().clean()
        lat, lon, km, near = data.get("lat"), data.get("lon"), data.get("km"), data.get("near")
        failed = {name for name in GEO_PARAMETERS if name in self.errors}
        if (lat is None) != (lon is None) and not failed & {"lat", "lon"}:
            self.add_error("lon" if lon is None else "lat", _("Give both lat and lon, or neither."))
        elif near and lat is not None:
            self.add_error("near", _("Choose a place or give lat and lon, not both."))
        has_point = bool(near) or (lat is not None and lon is not None) or bool(failed & {"near", "lat", "lon"})
        if km is not None and not has_point:
            self.add_error("km", _("Choose a place (or give lat and lon) to measure the distance from."))
        if data.get("sort") == "distance" and not has_point:
            self.add_error("sort", _("Sorting by distance needs a place (or lat and lon)."))
        return data


class PointFilter(django_filters.NumberFilter):
    """A coordinate or radius: a finite number within bounds (no filtering of its own: see `filter_queryset`)."""

    def __init__(self, *, low: float, high: float, **kwargs):
        super().__init__(method="filter_point", min_value=low, max_value=high, **kwargs)


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
    near = django_filters.ChoiceFilter(
        label=_("Near"), choices=place_choices, method="filter_point", empty_label=_("Anywhere")
    )
    lat = PointFilter(label=_("Latitude"), low=-90, high=90)
    lon = PointFilter(label=_("Longitude"), low=-180, high=180)
    km = PointFilter(label=_("Distance (km)"), low=MIN_RADIUS_KM, high=MAX_RADIUS_KM)
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None)

    class Meta:
        model = Organisation
        form = OrganisationFilterForm
        fields = ["q", "cluster", "country", "region", "type", "sme", "concept", "near", "lat", "lon", "km", "sort"]

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            # An empty value (`?country=`, `?km=`) means "no filter", not an unknown choice.
            data = data.copy()
            for name in (*FACETS, *GEO_PARAMETERS):
                data.setlist(name, [value for value in data.getlist(name) if value.strip()])
        super().__init__(data=data, queryset=queryset if queryset is not None else public_organisations(), **kwargs)

    def filter_point(self, queryset, name, value):
        return queryset  # the distance needs all four parameters together: filter_queryset applies it

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        filters = self.to_filters()
        if filters.within:
            queryset = queryset.filter(latitude__isnull=False, longitude__isnull=False).filter(_within_q(filters))
        return queryset

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
        geo: dict = {}
        place = find_place(data["near"]) if data.get("near") else None
        if place is not None:
            geo = {"lat": place.lat, "lon": place.lon, "near": place.key, "near_label": place.label}
        elif data.get("lat") is not None and data.get("lon") is not None:
            geo = {"lat": float(data["lat"]), "lon": float(data["lon"])}
        if geo and data.get("km") is not None:
            geo["km"] = float(data["km"])
        sort = data.get("sort") or DEFAULT_SORT
        if sort == "distance" and not geo:
            sort = DEFAULT_SORT
        return OrganisationFilters(q=(data.get("q") or "").strip(), sort=sort, **values, **geo)

    @classmethod
    def parameter_names(cls) -> set[str]:
        return set(cls.base_filters)
