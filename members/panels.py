"""Panels other apps show on the member overview page, without members importing them.

An app registers a callable in its AppConfig.ready()::

    from members.panels import register_overview_panel

    register_overview_panel("recommendations", recommendations.views.overview_panel)

The callable receives `request` and `organisation` and returns HTML (a SafeString) or "" to show nothing.
The recommendation panel is rendered this way into the overview's placeholder.
"""

from collections.abc import Callable

_PANELS: dict[str, Callable] = {}


def register_overview_panel(name: str, render: Callable) -> None:
    _PANELS[name] = render


def unregister_overview_panel(name: str) -> None:
    _PANELS.pop(name, None)


def overview_panels() -> dict[str, Callable]:
    return dict(_PANELS)
