"""Server-side SVG maps of the border region, drawn from `data/region_outline.json` (no tile server).

The outline is a simplified, hand-drawn set of polygons (Overijssel, Gelderland, Münsterland, Emscher-Lippe) and the
national border line. Organisations are drawn as points; organisations at the same place share one marker whose size
grows with their number. Everything outside the outline's bounding box is reported back so the page can list it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

OUTLINE_FILE = Path(__file__).resolve().parent / "data" / "region_outline.json"

# Degrees of margin around the outline's bounding box.
MARGIN_LON = 0.15
MARGIN_LAT = 0.10
# Points closer than this (in degrees) share one marker.
GROUP_PRECISION = 2


@dataclass(frozen=True)
class MapPoint:
    """One organisation on the map."""

    slug: str
    name: str
    lon: float
    lat: float
    url: str = ""
    city: str = ""


@dataclass
class MapMarker:
    """One marker: the organisations at one place."""

    x: float
    y: float
    lon: float
    lat: float
    points: list[MapPoint] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.points)

    @property
    def anchor(self) -> str:
        """An id for the marker's entry in the list alternative."""
        return f"place-{self.lon:.2f}-{self.lat:.2f}".replace(".", "_")

    @property
    def place(self) -> str:
        return next((p.city for p in self.points if p.city), "") or f"{self.lat:.2f}° N, {self.lon:.2f}° E"

    @property
    def label(self) -> str:
        if self.count == 1:
            point = self.points[0]
            return f"{point.name} ({point.city})" if point.city else point.name
        city = next((p.city for p in self.points if p.city), "")
        text = ngettext("%(count)d organisation", "%(count)d organisations", self.count) % {"count": self.count}
        return f"{city}: {text}" if city else text


@dataclass
class RenderedMap:
    svg: SafeString
    markers: list[MapMarker]
    inside: list[MapPoint]
    outside: list[MapPoint]
    without_location: int = 0


@lru_cache(maxsize=1)
def load_outline() -> dict:
    with OUTLINE_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection scaled by cos(latitude) at the map's centre: good enough for 150 km."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    width: int

    @property
    def _kx(self) -> float:
        return math.cos(math.radians((self.min_lat + self.max_lat) / 2))

    @property
    def scale(self) -> float:
        return self.width / ((self.max_lon - self.min_lon) * self._kx)

    @property
    def height(self) -> int:
        return round((self.max_lat - self.min_lat) * self.scale)

    def contains(self, lon: float, lat: float) -> bool:
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.min_lon) * self._kx * self.scale
        y = (self.max_lat - lat) * self.scale
        return round(x, 1), round(y, 1)


def region_projection(width: int = 800) -> Projection:
    outline = load_outline()
    lons: list[float] = []
    lats: list[float] = []
    for area in outline["areas"]:
        for lon, lat in area["polygon"]:
            lons.append(lon)
            lats.append(lat)
    return Projection(
        min_lon=min(lons) - MARGIN_LON,
        min_lat=min(lats) - MARGIN_LAT,
        max_lon=max(lons) + MARGIN_LON,
        max_lat=max(lats) + MARGIN_LAT,
        width=width,
    )


def _path(points: Iterable[Iterable[float]], projection: Projection, *, close: bool) -> str:
    coords = [projection.project(lon, lat) for lon, lat in points]
    if not coords:
        return ""
    parts = [f"M{coords[0][0]},{coords[0][1]}"] + [f"L{x},{y}" for x, y in coords[1:]]
    return " ".join(parts) + (" Z" if close else "")


def group_points(points: Iterable[MapPoint], projection: Projection) -> tuple[list[MapMarker], list[MapPoint]]:
    """Markers for the points inside the projection, and the points outside it."""
    markers: dict[tuple[float, float], MapMarker] = {}
    outside: list[MapPoint] = []
    for point in points:
        if not projection.contains(point.lon, point.lat):
            outside.append(point)
            continue
        key = (round(point.lon, GROUP_PRECISION), round(point.lat, GROUP_PRECISION))
        marker = markers.get(key)
        if marker is None:
            x, y = projection.project(*key)
            marker = markers[key] = MapMarker(x=x, y=y, lon=key[0], lat=key[1])
        marker.points.append(point)
    # Big markers first so that small ones stay clickable on top of them.
    ordered = sorted(markers.values(), key=lambda m: (-m.count, m.lon, m.lat))
    return ordered, outside


def marker_radius(count: int) -> float:
    return round(min(4 + 2.2 * math.sqrt(count - 1), 22), 1)


def render_region_map(
    points: Iterable[MapPoint],
    *,
    title: str,
    description: str = "",
    width: int = 800,
    marker_url=None,
    highlight: str | None = None,
    without_location: int = 0,
) -> RenderedMap:
    """Draw the region outline and the given organisations as an accessible inline SVG.

    `marker_url(marker)` gives the link of a marker with several organisations (for instance an anchor in the list
    alternative); a single organisation links to its own URL. `highlight` is the slug of a point to emphasise.
    """
    outline = load_outline()
    projection = region_projection(width)
    markers, outside = group_points(points, projection)
    height = projection.height
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="region-map" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" aria-labelledby="region-map-title region-map-desc" '
        f'preserveAspectRatio="xMidYMid meet">',
        f'<title id="region-map-title">{escape(title)}</title>',
        f'<desc id="region-map-desc">{escape(description or _("Simplified map of the border region."))}</desc>',
        f'<rect class="region-map__sea" x="0" y="0" width="{width}" height="{height}"/>',
        '<g class="region-map__areas">',
    ]
    for area in outline["areas"]:
        out.append(
            f'<path class="region-map__area region-map__area--{escape(area["country"].lower())}" '
            f'd="{_path(area["polygon"], projection, close=True)}"><title>{escape(area["name"])}</title></path>'
        )
    out.append("</g>")
    out.append(
        f'<path class="region-map__border" d="{_path(outline["border"]["line"], projection, close=False)}">'
        f"<title>{escape(_('National border'))}</title></path>"
    )
    out.append('<g class="region-map__labels" aria-hidden="true">')
    for area in outline["areas"]:
        lons = [p[0] for p in area["polygon"]]
        lats = [p[1] for p in area["polygon"]]
        x, y = projection.project(sum(lons) / len(lons), sum(lats) / len(lats))
        out.append(f'<text class="region-map__area-label" x="{x}" y="{y}">{escape(area["name"])}</text>')
    for place in outline.get("places", []):
        x, y = projection.project(place["lon"], place["lat"])
        out.append(
            f'<circle class="region-map__place" cx="{x}" cy="{y}" r="1.8"/>'
            f'<text class="region-map__place-label" x="{x + 4}" y="{y - 4}">{escape(place["name"])}</text>'
        )
    out.append("</g>")
    out.append('<g class="region-map__markers">')
    for marker in markers:
        radius = marker_radius(marker.count)
        is_highlight = highlight is not None and any(p.slug == highlight for p in marker.points)
        css = "region-map__marker" + (" region-map__marker--highlight" if is_highlight else "")
        href = marker.points[0].url if marker.count == 1 else (marker_url(marker) if marker_url else "")
        circle = f'<circle class="{css}" cx="{marker.x}" cy="{marker.y}" r="{radius}"/>'
        count = (
            f'<text class="region-map__count" x="{marker.x}" y="{marker.y}" aria-hidden="true">{marker.count}</text>'
            if marker.count > 1 and radius >= 8
            else ""
        )
        label = escape(marker.label)
        if href:
            out.append(f'<a href="{escape(href)}" aria-label="{label}"><title>{label}</title>{circle}{count}</a>')
        else:
            out.append(f"<g><title>{label}</title>{circle}{count}</g>")
    out.append("</g>")
    out.append("</svg>")
    inside = [p for m in markers for p in m.points]
    return RenderedMap(
        svg=mark_safe("".join(out)),  # noqa: S308 - every interpolated value above is escaped
        markers=markers,
        inside=inside,
        outside=outside,
        without_location=without_location,
    )
