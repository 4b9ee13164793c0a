"""The public insights pages and their CSV downloads. Views parse the query, read the cached figures and render."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.clusters import CLUSTER_CHOICES, CLUSTER_SLUGS

from . import catalogue
from .charts import csv_response
from .figures import ALL, FIGURES_VERSION, get_figures
from .indicators import indicator_chart, indicators_for
from .models import Indicator, IndicatorUpload, IndicatorValue

MAX_PARAMETER_LENGTH = 100
# The rendered page body is cached under a key that changes with the figures and the indicators.
PAGE_CACHE_SECONDS = 3600


def _scope_or_404(cluster: str | None) -> str:
    if cluster is None:
        return ALL
    if cluster not in CLUSTER_SLUGS:
        raise Http404(_("There is no cluster with this name."))
    return cluster


def _concept_parameter(request, figures: dict) -> tuple[str | None, str | None]:
    """The `concept` query parameter (a concept slug), and an error message when it cannot be used."""
    value = request.GET.get("concept", "").strip()
    if not value:
        return None, None
    if len(value) > MAX_PARAMETER_LENGTH or "\x00" in value:
        return None, _("The technology in the address is not valid.")
    known = {row["concept"] for row in figures["knowledge"]["rows"]} | set(figures.get("concept_labels", {}))
    if value not in known:
        return None, _("“%(value)s” is not a technology with organisations on this page. Choose one from the list.") % {
            "value": value[:MAX_PARAMETER_LENGTH]
        }
    return value, None


@require_GET
def overview(request):
    return _page(request, ALL)


@require_GET
def cluster(request, cluster: str):
    return _page(request, _scope_or_404(cluster))


def _indicator_stamp() -> str:
    """Changes whenever indicators or their values change (an upload, an edit or a deletion)."""
    indicators = Indicator.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    values = IndicatorValue.objects.aggregate(n=Count("pk"), latest=Max("pk"))
    uploads = IndicatorUpload.objects.aggregate(latest=Max("pk"))
    return f"{indicators['n']}.{indicators['latest']}.{values['n']}.{values['latest']}.{uploads['latest']}"


def _page(request, scope: str):
    figures = get_figures(scope)
    concept, error = _concept_parameter(request, figures)
    language = get_language() or ""
    key = (
        "insights:page:"
        + hashlib.sha256(
            f"{FIGURES_VERSION}|{scope}|{language}|{concept}|{figures['computed_at']}|{_indicator_stamp()}".encode()
        ).hexdigest()
    )
    body = None if error else cache.get(key)
    if body is None:
        body = render_to_string(
            "insights/includes/page_body.html", _body_context(scope, figures, concept, error), request
        )
        if not error:
            cache.set(key, body, PAGE_CACHE_SECONDS)
    context = {
        "body": mark_safe(body),  # noqa: S308 - our own template, rendered above or earlier
        "cluster_label": dict(CLUSTER_CHOICES).get(scope),
        "concept": concept,
        "error": error,
    }  # noqa: S308 - our own rendered template
    return TemplateResponse(request, "insights/insights_page.html", context, status=400 if error else 200)


def _body_context(scope: str, figures: dict, concept: str | None, error: str | None) -> dict:
    charts = {key.replace("-", "_"): catalogue.build_chart(scope, key, figures) for key in catalogue.CHART_KEYS}
    knowledge_options = [
        (row["concept"], catalogue.concept_label(figures, row["concept"])) for row in figures["knowledge"]["rows"]
    ]
    knowledge_options.sort(key=lambda item: item[1].casefold())
    return {
        "scope": scope,
        "scope_label": catalogue.scope_label(scope),
        "cluster_label": dict(CLUSTER_CHOICES).get(scope),
        "clusters": CLUSTER_CHOICES,
        "figures": figures,
        "computed_at": parse_datetime(figures["computed_at"]),
        "charts": charts,
        "organisations": figures["organisations"],
        "collaboration": figures["collaboration"],
        "rd": figures["rd"],
        "border_links": catalogue.border_links(scope),
        "knowledge_options": knowledge_options,
        "concept": concept,
        "concept_label": catalogue.concept_label(figures, concept) if concept else "",
        "knowledge_detail": catalogue.knowledge_detail(figures, concept) if concept else None,
        "error": error,
        "indicators": [indicator_chart(indicator) for indicator in indicators_for(scope)],
    }


@require_GET
def chart_csv(request, chart: str, cluster: str | None = None):
    scope = _scope_or_404(cluster)
    if chart not in catalogue.CHART_KEYS:
        raise Http404(_("There is no chart with this name."))
    figures = get_figures(scope)
    concept, error = _concept_parameter(request, figures)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    # The download holds every row (the page shows the first ten of the knowledge table).
    built = catalogue.build_chart(scope, chart, figures, concept=concept, full=True)
    name = f"techland-{scope.replace('_', '-')}-{chart}.csv"
    return csv_response(built, name)


@require_GET
def indicator_csv(request, slug: str):
    indicator = Indicator.objects.filter(slug=slug).first()
    if indicator is None:
        raise Http404(_("There is no indicator with this code."))
    return csv_response(indicator_chart(indicator), f"techland-indicator-{slug}.csv")
