"""Read-only JSON API of the directory, with its OpenAPI 3 description.

GET /api/directory/organisations/            the listing: same filters, sort and paging as /<lang>/directory/
GET /api/directory/organisations/<slug>/     one organisation with descriptions, tags, identifiers and projects
GET /api/directory/concepts/                 the concept taxonomy
GET /api/directory/places/                   cities and regions to measure distances from (`near=`)
GET /api/directory/autocomplete/?q=…         organisation names and concepts starting with what was typed
GET /api/directory/openapi.json              this API's OpenAPI 3.0 description

Every parameter is validated: unknown parameters, unknown filter values and malformed numbers give a 400 with
{"errors": {parameter: [messages]}}. Labels come in the language of `lang` (en, nl or de; default en).
"""

import logging
import re

from django.conf import settings
from django.http import JsonResponse
from django.urls import path, re_path, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from search.backends import get_backend
from search.backends.base import MIN_AUTOCOMPLETE_CHARS, InvalidQuery

from . import selectors
from .clusters import CLUSTER_CHOICES, CLUSTER_LABELS
from .filters import PAGING_PARAMETERS, OrganisationFilterSet
from .forms import MAX_PAGE, MAX_PAGE_SIZE, PageForm
from .models import Concept, Organisation
from .regions import NUTS_NAMES

logger = logging.getLogger(__name__)

app_name = "directory_api"

DEFAULT_PAGE_SIZE = 20
AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MAX_LIMIT = 20
AUTOCOMPLETE_MAX_LENGTH = 100
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _error(errors: dict, status: int = 400, *, request=None) -> JsonResponse:
    if status == 404 and request is not None:
        # LocaleMiddleware turns a 404 outside i18n_patterns into a redirect to /<lang>/<path> whenever that path
        # resolves, and Wagtail's catch-all resolves every path. Checking against this module's own URLs instead
        # keeps the API's 404 a 404.
        request.urlconf = __name__
    return JsonResponse({"errors": errors}, status=status, json_dumps_params={"ensure_ascii": False})


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _language(request) -> tuple[str | None, dict]:
    values = request.GET.getlist("lang")
    if not values:
        return "en", {}
    if len(values) > 1 or values[0] not in LANGUAGES:
        return None, {"lang": [f"Use one of: {', '.join(LANGUAGES)}."]}
    return values[0], {}


def _unknown_parameters(request, allowed: set[str]) -> dict:
    return {name: ["Unknown parameter."] for name in request.GET if name not in allowed}


def _cluster_slugs(organisation: Organisation) -> list[str]:
    """The accepted clusters: those a search attached, else the prefetched tags'."""
    listed = getattr(organisation, "listed_clusters", None)
    if listed is not None:
        return listed
    return [tag.cluster for tag in organisation.cluster_tags.all() if not tag.rejected]


def _concept_tags(organisation: Organisation) -> list:
    """The accepted concept tags, most confident first: those a search attached, else the prefetched ones."""
    listed = getattr(organisation, "listed_concepts", None)
    if listed is not None:
        return listed
    return sorted((tag for tag in organisation.concept_tags.all() if not tag.rejected), key=lambda t: -t.confidence)


def _profile_url(request, organisation: Organisation, language: str) -> str:
    with translation.override(language):
        return request.build_absolute_uri(organisation.get_absolute_url())


def organisation_summary(request, organisation: Organisation, language: str) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "type": organisation.type,
        "type_label": str(organisation.get_type_display()),
        "sme": organisation.sme,
        "country": organisation.country,
        "region": {"code": organisation.region, "name": organisation.region_name} if organisation.region else None,
        "city": organisation.city,
        "location": organisation.location,
        "website": organisation.website,
        "clusters": [
            {"slug": slug, "label": str(CLUSTER_LABELS.get(slug, slug))} for slug in _cluster_slugs(organisation)
        ],
        "concepts": [
            {"slug": tag.concept.slug, "label": tag.concept.label(language), "confidence": round(tag.confidence, 3)}
            for tag in _concept_tags(organisation)
        ],
        "updated_at": organisation.updated_at.isoformat() if organisation.updated_at else None,
        "url": _profile_url(request, organisation, language),
        "api_url": request.build_absolute_uri(
            reverse("directory_api:organisation_detail", kwargs={"slug": organisation.slug})
        ),
    }


def _with_highlights(summary: dict, organisation: Organisation) -> dict:
    """Add the search's highlighted snippets (HTML-escaped text with <mark> around the matched words) and the
    distance from the point searched around (km, or None without a point or a location)."""
    highlights = getattr(organisation, "search_highlights", None) or {}
    summary["highlights"] = {key: str(value) for key, value in highlights.items()}
    distance = getattr(organisation, "search_distance_km", None)
    summary["distance_km"] = round(distance, 2) if distance is not None else None
    return summary


def _page_url(request, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@require_safe
def organisation_list(request):
    allowed = OrganisationFilterSet.parameter_names() | set(PAGING_PARAMETERS) | {"lang"}
    errors = _unknown_parameters(request, allowed)
    language, language_errors = _language(request)
    errors.update(language_errors)
    with translation.override(language or "en"):
        filterset = OrganisationFilterSet(request.GET)
        page_form = PageForm(request.GET)
        if not filterset.is_valid():
            errors.update({k: [str(m) for m in v] for k, v in filterset.errors.items()})
        if not page_form.is_valid():
            errors.update({k: [str(m) for m in v] for k, v in page_form.errors.items()})
        if errors:
            return _error(errors)
        page = page_form.page_number()
        page_size = page_form.page_size_or(DEFAULT_PAGE_SIZE)
        try:
            result = selectors.organisation_search(
                filters=filterset.to_filters(), page=page, per_page=page_size, language=language
            )
        except InvalidQuery as error:
            return _error({"query": [str(error)]})
        data = {
            "count": result.total,
            "page": page,
            "page_size": page_size,
            "num_pages": result.num_pages,
            "next": _page_url(request, page + 1) if page < result.num_pages else None,
            "previous": _page_url(request, min(page - 1, result.num_pages)) if page > 1 else None,
            "results": [_with_highlights(organisation_summary(request, org, language), org) for org in result.hits],
            "facets": {
                name: [{"value": o.value, "label": o.label, "count": o.count, "selected": o.selected} for o in options]
                for name, options in result.facets.items()
            },
        }
        filters = filterset.to_filters()
        if filters.has_point:
            data["point"] = {
                "lat": filters.lat,
                "lon": filters.lon,
                "km": filters.km,
                "place": {"key": filters.near, "label": filters.near_label} if filters.near else None,
            }
        if result.page_out_of_range and result.total:
            data["message"] = f"Page {page} is past the last page ({result.num_pages})."
    return _json(data)


@require_safe
def organisation_detail(request, slug: str):
    errors = _unknown_parameters(request, {"lang"})
    language, language_errors = _language(request)
    errors.update(language_errors)
    if errors:
        return _error(errors)
    organisation = selectors.organisation_detail(slug=slug)
    if organisation is None:
        return _error({"slug": ["No public organisation with this slug."]}, status=404, request=request)
    with translation.override(language):
        data = organisation_summary(request, organisation, language)
        projects, project_total = selectors.organisation_projects(organisation=organisation, limit=200)
        data.update(
            {
                "legal_form": organisation.legal_form,
                "postcode": organisation.postcode,
                "street": organisation.street,
                "email": organisation.email,
                "phone": organisation.phone,
                "aliases": [{"name": a.name, "language": a.language} for a in organisation.aliases.all()],
                "descriptions": [
                    {"language": d.language, "text": d.text}
                    for d in selectors.descriptions_for_reader(organisation, language)
                ],
                "identifiers": [{"scheme": i.scheme, "value": i.value} for i in organisation.identifiers.all()],
                "project_count": project_total,
                "projects": [
                    {
                        "id": item.project.source_id,
                        "acronym": item.project.acronym,
                        "title": item.project.title,
                        "framework": item.project.framework,
                        "start_date": item.project.start_date.isoformat() if item.project.start_date else None,
                        "end_date": item.project.end_date.isoformat() if item.project.end_date else None,
                        "role": item.role,
                        "cross_border_partners": [p.slug for p in item.cross_border_partners],
                    }
                    for item in projects
                ],
                "similar": [o.slug for o in selectors.similar_organisations(organisation=organisation)],
            }
        )
    return _json(data)


@require_safe
def concept_list(request):
    errors = _unknown_parameters(request, {"lang"})
    language, language_errors = _language(request)
    errors.update(language_errors)
    if errors:
        return _error(errors)
    groups = selectors.concept_group_slugs()
    concepts = [
        {
            "slug": c.slug,
            "label": c.label(language),
            "labels": {code: getattr(c, f"label_{code}") for code in LANGUAGES},
            "synonyms": {code: c.synonyms(code) for code in LANGUAGES},
            "cluster": c.cluster or None,
            "group": (selectors.concept_group(c, groups) or None) if not c.cluster else None,
        }
        for c in Concept.objects.order_by("slug")
    ]
    return _json({"count": len(concepts), "results": concepts})


@require_safe
def place_list(request):
    """The directory's cities and regions with coordinates: the values of `near` on the organisation listing."""
    errors = _unknown_parameters(request, set())
    if errors:
        return _error(errors)
    places = [
        {
            "key": p.key,
            "kind": p.kind,
            "name": p.name,
            "label": p.label,
            "country": p.country,
            "lat": round(p.lat, 5),
            "lon": round(p.lon, 5),
            "organisations": p.organisations,
        }
        for p in selectors.directory_places()
    ]
    return _json({"count": len(places), "results": places})


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.casefold()).strip()


def _concepts_by_term() -> dict[str, Concept]:
    """Every label and synonym of every concept (folded) → the concept."""
    terms: dict[str, Concept] = {}
    for concept in Concept.objects.all():
        for term in concept.all_terms():
            terms.setdefault(_fold(term), concept)
    return terms


@require_safe
def autocomplete(request):
    """Suggestions for the directory search box: organisations and concepts, from the third letter on."""
    errors = _unknown_parameters(request, {"q", "lang", "limit"})
    language, language_errors = _language(request)
    errors.update(language_errors)
    text = " ".join(request.GET.get("q", "").split())
    if len(text) > AUTOCOMPLETE_MAX_LENGTH:
        errors["q"] = [f"At most {AUTOCOMPLETE_MAX_LENGTH} characters."]
    elif "\x00" in text:
        errors["q"] = ["Null characters are not allowed."]
    limit = AUTOCOMPLETE_LIMIT
    if "limit" in request.GET:
        raw = request.GET["limit"]
        if not raw.isdigit() or not 1 <= int(raw) <= AUTOCOMPLETE_MAX_LIMIT:
            errors["limit"] = [f"A whole number from 1 to {AUTOCOMPLETE_MAX_LIMIT}."]
        else:
            limit = int(raw)
    if errors:
        return _error(errors)
    data = {"query": text, "suggestions": []}
    if len(re.sub(r"\W", "", text)) < MIN_AUTOCOMPLETE_CHARS:
        return _json(data)
    try:
        suggestions = get_backend().autocomplete(text, limit=limit)
    except Exception:
        logger.exception("Search: autocomplete failed")
        suggestions = []
    concepts = _concepts_by_term() if any(s.kind == "concept" for s in suggestions) else {}
    with translation.override(language):
        listing = reverse("directory:organisation_list")
        seen_concepts: set[str] = set()
        for suggestion in suggestions:
            if suggestion.kind == "organisation":
                data["suggestions"].append(
                    {
                        "kind": "organisation",
                        "label": suggestion.label,
                        "slug": suggestion.value,
                        "url": reverse("directory:organisation_detail", kwargs={"slug": suggestion.value}),
                    }
                )
                continue
            concept = concepts.get(_fold(suggestion.value))
            if concept is not None and concept.slug in seen_concepts:
                continue
            item = {"kind": "concept", "label": suggestion.label, "count": suggestion.count}
            if concept is not None:
                seen_concepts.add(concept.slug)
                item.update(
                    {
                        "label": concept.label(language),
                        "matched": suggestion.label,
                        "slug": concept.slug,
                        "url": f"{listing}?{urlencode({'concept': concept.slug})}",
                    }
                )
            else:
                item["url"] = f"{listing}?{urlencode({'q': suggestion.label})}"
            data["suggestions"].append(item)
    response = _json(data)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _array_parameter(name: str, description: str, enum: list[str] | None = None) -> dict:
    items: dict = {"type": "string"}
    if enum:
        items["enum"] = enum
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description + " Repeat the parameter for several values (combined with OR).",
        "schema": {"type": "array", "items": items},
        "style": "form",
        "explode": True,
    }


def openapi_document(request) -> dict:
    lang = {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "Language of labels.",
        "schema": {"type": "string", "enum": LANGUAGES, "default": "en"},
    }
    errors = {
        "description": "Invalid parameters.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }
    label = {"type": "object", "properties": {"slug": {"type": "string"}, "label": {"type": "string"}}}
    summary_properties = {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "short_name": {"type": "string"},
        "type": {"type": "string", "enum": list(Organisation.Type.values)},
        "type_label": {"type": "string"},
        "sme": {"type": "boolean", "nullable": True},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2"},
        "region": {
            "type": "object",
            "nullable": True,
            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
        },
        "city": {"type": "string"},
        "location": {
            "type": "object",
            "nullable": True,
            "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
        },
        "website": {"type": "string"},
        "clusters": {"type": "array", "items": label},
        "concepts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "label": {"type": "string"},
                    "confidence": {"type": "number"},
                },
            },
        },
        "updated_at": {"type": "string", "format": "date-time", "nullable": True},
        "url": {"type": "string", "format": "uri"},
        "api_url": {"type": "string", "format": "uri"},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "TECH.LAND directory API",
            "version": "1.0.0",
            "description": "Read-only access to the public directory of organisations in the Dutch–German border "
            "region. Data: CORDIS (© European Union, CC BY 4.0) and ROR (CC0).",
        },
        "servers": [{"url": request.build_absolute_uri("/")[:-1]}],
        "paths": {
            "/api/directory/organisations/": {
                "get": {
                    "operationId": "listOrganisations",
                    "summary": "Search and filter organisations",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "description": "Search words (names, places, descriptions; technologies in en/nl/de).",
                            "schema": {"type": "string", "maxLength": selectors.MAX_QUERY_LENGTH},
                        },
                        _array_parameter("cluster", "Cluster slug.", [slug for slug, _label in CLUSTER_CHOICES]),
                        _array_parameter("country", "Country code.", [c for c, _label in selectors.COUNTRY_CHOICES]),
                        _array_parameter(
                            "region", "NUTS code; includes the regions inside it.", list(NUTS_NAMES.keys())
                        ),
                        _array_parameter("type", "Type of organisation.", list(Organisation.Type.values)),
                        _array_parameter("sme", "SME status.", [v for v, _label in selectors.SME_CHOICES]),
                        _array_parameter("concept", "Concept slug (see /api/directory/concepts/)."),
                        {
                            "name": "near",
                            "in": "query",
                            "required": False,
                            "description": "Measure distances from this city or region: a `key` from "
                            "/api/directory/places/. Not together with `lat`/`lon`.",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "lat",
                            "in": "query",
                            "required": False,
                            "description": "Measure distances from this point (WGS 84 latitude); needs `lon`.",
                            "schema": {"type": "number", "minimum": -90, "maximum": 90},
                        },
                        {
                            "name": "lon",
                            "in": "query",
                            "required": False,
                            "description": "Longitude of the point; needs `lat`.",
                            "schema": {"type": "number", "minimum": -180, "maximum": 180},
                        },
                        {
                            "name": "km",
                            "in": "query",
                            "required": False,
                            "description": "Only organisations within this many kilometres of `near` or `lat`/`lon` "
                            "(which it needs).",
                            "schema": {
                                "type": "number",
                                "minimum": selectors.MIN_RADIUS_KM,
                                "maximum": selectors.MAX_RADIUS_KM,
                            },
                        },
                        {
                            "name": "sort",
                            "in": "query",
                            "required": False,
                            "description": "`distance` (nearest first) needs `near` or `lat`/`lon`. Without search "
                            "words and with a point, `relevance` also puts the nearest first.",
                            "schema": {
                                "type": "string",
                                "enum": [v for v, _label in selectors.SORT_CHOICES],
                                "default": selectors.DEFAULT_SORT,
                            },
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
                        },
                        {
                            "name": "page_size",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PAGE_SIZE,
                                "default": DEFAULT_PAGE_SIZE,
                            },
                        },
                        lang,
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of organisations, with the count of every filter option.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/OrganisationPage"}}
                            },
                        },
                        "400": errors,
                    },
                }
            },
            "/api/directory/organisations/{slug}/": {
                "get": {
                    "operationId": "getOrganisation",
                    "summary": "One organisation",
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
                        lang,
                    ],
                    "responses": {
                        "200": {
                            "description": "The organisation.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/OrganisationDetail"}}
                            },
                        },
                        "400": errors,
                        "404": {
                            "description": "No public organisation with this slug.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
                        },
                    },
                }
            },
            "/api/directory/concepts/": {
                "get": {
                    "operationId": "listConcepts",
                    "summary": "The concept taxonomy",
                    "parameters": [lang],
                    "responses": {"200": {"description": "Every concept."}, "400": errors},
                }
            },
            "/api/directory/places/": {
                "get": {
                    "operationId": "listPlaces",
                    "summary": "Places to measure distances from",
                    "description": "Cities and regions (NUTS 2 and 3) where public organisations have coordinates; "
                    "a place's position is the mean position of those organisations. Use `key` as `near`.",
                    "parameters": [],
                    "responses": {
                        "200": {
                            "description": "Every place, cities first.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Places"}}},
                        },
                        "400": errors,
                    },
                }
            },
            "/api/directory/autocomplete/": {
                "get": {
                    "operationId": "autocomplete",
                    "summary": "Suggestions for a search box",
                    "description": "Organisation names and concepts (labels and synonyms in en/nl/de) with a word "
                    f"starting with what was typed. Answers from the {MIN_AUTOCOMPLETE_CHARS}rd letter on; shorter "
                    "input gives no suggestions. Concept labels come in the language of `lang`.",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "description": "What was typed so far.",
                            "schema": {"type": "string", "maxLength": AUTOCOMPLETE_MAX_LENGTH},
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "description": "Most suggestions of each kind.",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": AUTOCOMPLETE_MAX_LIMIT,
                                "default": AUTOCOMPLETE_LIMIT,
                            },
                        },
                        lang,
                    ],
                    "responses": {
                        "200": {
                            "description": "Organisations first, then concepts.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Suggestions"}}},
                        },
                        "400": errors,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Errors": {
                    "type": "object",
                    "properties": {
                        "errors": {
                            "type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        }
                    },
                },
                "OrganisationSummary": {"type": "object", "properties": summary_properties},
                "Places": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "results": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "key": {"type": "string"},
                                    "kind": {"type": "string", "enum": ["city", "region"]},
                                    "name": {"type": "string"},
                                    "label": {"type": "string"},
                                    "country": {"type": "string"},
                                    "lat": {"type": "number"},
                                    "lon": {"type": "number"},
                                    "organisations": {"type": "integer"},
                                },
                            },
                        },
                    },
                },
                "Suggestions": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "suggestions": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "kind": {"type": "string", "enum": ["organisation", "concept"]},
                                    "label": {"type": "string"},
                                    "matched": {
                                        "type": "string",
                                        "description": "Concepts: the label or synonym that matched.",
                                    },
                                    "slug": {"type": "string"},
                                    "count": {
                                        "type": "integer",
                                        "nullable": True,
                                        "description": "Concepts: organisations tagged with it.",
                                    },
                                    "url": {"type": "string", "description": "Profile, or the filtered listing."},
                                },
                            },
                        },
                    },
                },
                "OrganisationDetail": {
                    "allOf": [
                        {"$ref": "#/components/schemas/OrganisationSummary"},
                        {
                            "type": "object",
                            "properties": {
                                "legal_form": {"type": "string"},
                                "postcode": {"type": "string"},
                                "street": {"type": "string"},
                                "email": {"type": "string"},
                                "phone": {"type": "string"},
                                "aliases": {"type": "array", "items": {"type": "object"}},
                                "descriptions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {"language": {"type": "string"}, "text": {"type": "string"}},
                                    },
                                },
                                "identifiers": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {"scheme": {"type": "string"}, "value": {"type": "string"}},
                                    },
                                },
                                "project_count": {"type": "integer"},
                                "projects": {"type": "array", "items": {"type": "object"}},
                                "similar": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    ]
                },
                "OrganisationPage": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "num_pages": {"type": "integer"},
                        "next": {"type": "string", "nullable": True},
                        "previous": {"type": "string", "nullable": True},
                        "message": {"type": "string"},
                        "point": {
                            "type": "object",
                            "description": "With `near` or `lat`/`lon`: the point distances are measured from.",
                            "properties": {
                                "lat": {"type": "number"},
                                "lon": {"type": "number"},
                                "km": {"type": "number", "nullable": True},
                                "place": {
                                    "type": "object",
                                    "nullable": True,
                                    "properties": {"key": {"type": "string"}, "label": {"type": "string"}},
                                },
                            },
                        },
                        "results": {
                            "type": "array",
                            "items": {
                                "allOf": [
                                    {"$ref": "#/components/schemas/OrganisationSummary"},
                                    {
                                        "type": "object",
                                        "properties": {
                                            "highlights": {
                                                "type": "object",
                                                "description": "With search words: `name` and `description` "
                                                "snippets, HTML-escaped, matched words in <mark>.",
                                                "additionalProperties": {"type": "string"},
                                            },
                                            "distance_km": {
                                                "type": "number",
                                                "nullable": True,
                                                "description": "Distance from the point (with `near` or "
                                                "`lat`/`lon` and a location).",
                                            },
                                        },
                                    },
                                ]
                            },
                        },
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "value": {"type": "string"},
                                        "label": {"type": "string"},
                                        "count": {"type": "integer"},
                                        "selected": {"type": "boolean"},
                                    },
                                },
                            },
                        },
                    },
                },
            }
        },
    }


@require_safe
def openapi(request):
    return _json(openapi_document(request))


def not_found(request):
    """Any other address under /api/directory/ (a slug with characters a slug cannot have, say): a JSON 404."""
    return _error({"path": ["No such address in the directory API."]}, status=404, request=request)


urlpatterns = [
    path("organisations/", organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", organisation_detail, name="organisation_detail"),
    path("concepts/", concept_list, name="concept_list"),
    path("places/", place_list, name="place_list"),
    path("autocomplete/", autocomplete, name="autocomplete"),
    path("openapi.json", openapi, name="openapi"),
    # Last: without it, such addresses fell through to the site's HTML 404 page (any character, newlines too).
    re_path(r"^[\s\S]*$", not_found),
]
