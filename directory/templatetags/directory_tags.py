"""Template helpers of the directory pages: shareable query strings, labels in the reader's language, and the
long option lists of the filters.

The listing shows hundreds of filter options (concepts, regions, places to measure distance from) on every
request. Rendered through template loops they cost more than the search itself, so `facet_options` and
`place_options` build the same markup in Python.
"""

from django import template
from django.core.cache import cache
from django.http import QueryDict
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from directory.clusters import CLUSTER_LABELS
from directory.models import Organisation
from directory.regions import region_name
from directory.selectors import PLACES_CACHE_SECONDS, place_choices

register = template.Library()
ORGANISATION_TYPE_LABELS = dict(Organisation.Type.choices)


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
def organisation_type_label(value: str) -> str:
    """The organisation type's name in the reader's language (a dict lookup, cheaper than get_type_display)."""
    return str(ORGANISATION_TYPE_LABELS.get(value, value))


@register.filter
def nuts_name(code: str) -> str:
    return region_name(code) if code else ""


@register.simple_tag
def facet_options(section: dict) -> SafeString:
    """The <li> items of one filter: an option per value with its count, group headings in long lists."""
    name = escape(section["name"])
    options = section["options"]
    if not options:
        return format_html('<li class="facet__none">{}</li>', gettext("No options for this search."))
    parts = []
    group = None
    spoken_counts: dict[int, str] = {}
    for option in options:
        if option.group != group:
            group = option.group
            if group:
                parts.append(f'<li class="facet__group" aria-hidden="true">{escape(group)}</li>')
        empty = "" if option.count or option.selected else " facet__option--empty"
        checked = " checked" if option.selected else ""
        spoken = spoken_counts.get(option.count)
        if spoken is None:
            spoken = spoken_counts[option.count] = escape(
                ngettext("%(counter)s organisation", "%(counter)s organisations", option.count)
                % {"counter": option.count}
            )
        parts.append(
            f'<li class="facet__option{empty}"><label>'
            f'<input type="checkbox" name="{name}" value="{escape(option.value)}"{checked}> '
            f'<span class="facet__label">{escape(option.label)}</span> '
            f'<span class="facet__count" aria-hidden="true">{option.count}</span>'
            f'<span class="visually-hidden">({spoken})</span>'
            "</label></li>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every interpolated value above is escaped


@register.simple_tag
def place_options(selected: str) -> SafeString:
    """The <optgroup>s of the "Near" choice (cities, then regions), with the chosen place selected."""
    options = place_options_html(get_language() or "en")
    if selected:
        chosen = f'<option value="{escape(selected)}">'
        options = options.replace(chosen, f'<option value="{escape(selected)}" selected>', 1)
    return mark_safe(options)  # noqa: S308 - built from escaped values in place_options_html


def place_options_html(language: str) -> str:
    """Every place as <option>s, none selected; kept as long as the places themselves (PLACES_CACHE_SECONDS)."""

    def build() -> str:
        parts = []
        for group, options in place_choices():
            if not options:
                continue
            parts.append(f'<optgroup label="{escape(group)}">')
            parts.extend(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in options)
            parts.append("</optgroup>")
        return "".join(parts)

    return cache.get_or_set(f"directory:place-options:v1:{language[:2]}", build, PLACES_CACHE_SECONDS)
