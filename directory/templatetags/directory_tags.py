"""Template helpers of the directory pages: shareable query strings and labels in the reader's language."""

from django import template
from django.http import QueryDict

from directory.clusters import CLUSTER_LABELS
from directory.regions import region_name

register = template.Library()


def _params(context) -> QueryDict:
    request = context.get("request")
    return request.GET.copy() if request is not None else QueryDict(mutable=True)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None or "" removes one). Resets the page."""
    params = _params(context)
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_without(context, name: str, value: str | None = None) -> str:
    """The current query string without one value of a filter (or without the whole filter). Resets the page."""
    params = _params(context)
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        remaining = [v for v in params.getlist(name) if v != str(value)]
        params.setlist(name, remaining)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def cluster_label(slug: str) -> str:
    return str(CLUSTER_LABELS.get(slug, slug))


@register.filter
def nuts_name(code: str) -> str:
    return region_name(code) if code else ""
