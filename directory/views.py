"""Public directory pages: the filterable listing, the organisation profile and the map.

Views parse the query string (FilterSet and PageForm), call a selector and render. Anything they cannot parse gets
a 400 page that says what was wrong; a page number past the end gets an empty page with a link back.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from search.backends.base import MAX_RESULT_WINDOW, InvalidQuery

from . import selectors
from .clusters import CLUSTER_LABELS
from .filters import OrganisationFilterSet
from .forms import PageForm
from .maps import MapPoint, render_region_map
from .selectors import COUNTRY_LABELS

PER_PAGE = 20


def _language() -> str:
    return (get_language() or "en")[:2]


def parse_listing_request(request):
    """The bound FilterSet and PageForm, and the errors of both (empty when the request is valid)."""
    filterset = OrganisationFilterSet(request.GET)
    page_form = PageForm(request.GET)
    errors = {}
    if not filterset.is_valid():
        errors.update(filterset.errors)
    if not page_form.is_valid():
        errors.update(page_form.errors)
    return filterset, page_form, errors


def _error_list(filterset, page_form, errors) -> list[dict]:
    labels = {name: f.label for name, f in filterset.filters.items()}
    labels.update({name: field.label for name, field in page_form.fields.items()})
    return [
        {"name": name, "label": labels.get(name, name), "messages": [str(m) for m in messages]}
        for name, messages in errors.items()
    ]


def _filter_sections(result, filterset) -> list[dict]:
    """The facets in display order, with their labels; long lists are marked for the searchable multi-select."""
    sections = []
    for name in ("cluster", "concept", "country", "region", "type", "sme"):
        options = result.facets.get(name, [])
        sections.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "options": options,
                "searchable": name in ("concept", "region"),
                "selected_count": sum(1 for o in options if o.selected),
            }
        )
    return sections


def _active_filter_chips(filters, result) -> list[dict]:
    """One removable chip per selected value, labelled in the reader's language."""
    labels = {name: {o.value: o.label for o in options} for name, options in result.facets.items()}
    chips = []
    if filters.q:
        chips.append({"name": "q", "value": None, "label": f"“{filters.q}”"})
    if filters.within:
        chips.append({"name": "km", "value": None, "label": _within_label(filters)})
    for name, values in filters.active().items():
        for value in values:
            chips.append({"name": name, "value": value, "label": labels.get(name, {}).get(value, value)})
    return chips


def _within_label(filters) -> str:
    return _("Within %(km)s km of %(place)s") % {"km": f"{filters.km:g}", "place": filters.point_label}


def _distance_context(request, filters) -> dict:
    """The distance fieldset: places, radii (the chosen one included) and, for a lat/lon point, a link without it."""
    radii = sorted({*selectors.RADIUS_CHOICES_KM, *([filters.km] if filters.km is not None else [])})
    context = {
        "radius_choices": [{"value": f"{km:g}", "selected": km == filters.km} for km in radii],
        "point_without_place": filters.has_point and not filters.near,
    }
    if context["point_without_place"]:
        params = request.GET.copy()
        for name in ("lat", "lon", "km", "page"):
            params.pop(name, None)
        if params.get("sort") == "distance":
            params.pop("sort")
        context["point_remove_query"] = f"?{params.urlencode()}"
    return context


def _suggestions(filters, result) -> list[dict]:
    """What to loosen when nothing matches, with the number of organisations each change brings back."""
    chips = {c["name"]: c for c in _active_filter_chips(filters, result)}
    suggestions = []
    for item in selectors.loosening_suggestions(filters):
        name = item["filter"]
        if name in ("q", "km"):
            values = [chips[name]["label"]]
        else:
            labels = {o.value: o.label for o in result.facets.get(name, [])}
            values = [labels.get(v, v) for v in getattr(filters, name)]
        suggestions.append({"name": name, "count": item["count"], "values": values})
    return suggestions


@require_safe
def organisation_list(request):
    filterset, page_form, errors = parse_listing_request(request)
    context = {"filterset": filterset, "page_title": _("Directory")}
    if errors:
        context["errors"] = _error_list(filterset, page_form, errors)
        return TemplateResponse(request, "directory/organisation_list.html", context, status=400)

    filters = filterset.to_filters()
    page = page_form.page_number()
    try:
        result = selectors.organisation_search(filters=filters, page=page, per_page=PER_PAGE, language=_language())
    except InvalidQuery as error:
        context["errors"] = [{"name": "search", "label": _("Search"), "messages": [_invalid_query_message(error)]}]
        return TemplateResponse(request, "directory/organisation_list.html", context, status=400)
    context.update(
        {
            "filters": filters,
            "result": result,
            "sections": _filter_sections(result, filterset),
            "chips": _active_filter_chips(filters, result),
            "sort_choices": [
                (value, label)
                for value, label in filterset.filters["sort"].extra["choices"]
                if value != "distance" or filters.has_point
            ],
            "page_range": _page_range(result.page, result.num_pages),
            **_distance_context(request, filters),
        }
    )
    if result.total == 0 and not filters.is_empty:
        context["suggestions"] = _suggestions(filters, result)
    return TemplateResponse(request, "directory/organisation_list.html", context)


def _invalid_query_message(error: InvalidQuery) -> str:
    if "paged through" in str(error):
        return _(
            "Only the first %(count)s results can be paged through. Add search words or filters to narrow the search."
        ) % {"count": f"{MAX_RESULT_WINDOW:,}"}
    return _("This search cannot be answered. Change the search words or filters.")


def _page_range(page: int, num_pages: int) -> list[int | None]:
    """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    wanted = {1, num_pages, *range(max(1, page - 2), min(num_pages, page + 2) + 1)}
    pages: list[int | None] = []
    previous = 0
    for number in sorted(wanted):
        if number - previous > 1:
            pages.append(None)
        pages.append(number)
        previous = number
    return pages


def _point(org) -> MapPoint:
    return MapPoint(
        slug=org.slug, name=org.name, lon=org.longitude, lat=org.latitude, url=org.get_absolute_url(), city=org.city
    )


@require_safe
def organisation_detail(request, slug: str):
    organisation = selectors.organisation_detail(slug=slug)
    if organisation is None:
        raise Http404(_("No organisation with this address."))
    language = _language()
    projects, project_total = selectors.organisation_projects(organisation=organisation)
    region_map = None
    if organisation.location:
        region_map = render_region_map(
            [_point(organisation)],
            title=_("Location of %(name)s") % {"name": organisation.name},
            description=_("Map of the border region with the location of %(name)s in %(place)s.")
            % {"name": organisation.name, "place": organisation.city or organisation.get_country_display()},
            highlight=organisation.slug,
            width=640,
        )
    context = {
        "organisation": organisation,
        "page_title": organisation.name,
        "descriptions": selectors.descriptions_for_reader(organisation, language),
        "clusters": [
            {"slug": slug, "label": CLUSTER_LABELS[slug]}
            for slug in organisation.active_cluster_slugs()
            if slug in CLUSTER_LABELS
        ],
        "concept_groups": selectors.concepts_by_group(organisation, language),
        "projects": projects,
        "project_total": project_total,
        "partners": selectors.cross_border_partners(organisation=organisation),
        "similar": selectors.similar_organisations(organisation=organisation),
        "region_map": region_map,
        "country_label": COUNTRY_LABELS.get(organisation.country, organisation.country),
        "other_country_label": COUNTRY_LABELS.get({"NL": "DE", "DE": "NL"}.get(organisation.country, ""), ""),
        "language": language,
    }
    return TemplateResponse(request, "directory/organisation_detail.html", context)


@require_safe
def organisation_map(request):
    filterset, page_form, errors = parse_listing_request(request)
    context = {"filterset": filterset, "page_title": _("Directory map")}
    if errors:
        context["errors"] = _error_list(filterset, page_form, errors)
        return TemplateResponse(request, "directory/organisation_map.html", context, status=400)
    filters = filterset.to_filters()
    located, without_location = selectors.organisation_map_points(filters=filters)
    region_map = render_region_map(
        [_point(org) for org in located],
        title=_("Map of the organisations found"),
        description=_(
            "Simplified map of Overijssel, Gelderland, the Münsterland and the Emscher-Lippe area with the national "
            "border. Each dot is a place; larger dots stand for more organisations. The same organisations are "
            "listed below the map."
        ),
        marker_url=lambda marker: f"#{marker.anchor}",
        without_location=without_location,
    )
    context.update(
        {
            "filters": filters,
            "region_map": region_map,
            "located_count": len(located),
            "chips": [],
        }
    )
    return TemplateResponse(request, "directory/organisation_map.html", context)
