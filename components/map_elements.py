"""The calls the atlas's web map is drawn with: a thin bridge to the frontend module
``static/atlas/atlas-map.js`` (its functions take named options, listed in their JSDoc
there). Each function here only names its options and returns one
:class:`~components.map_spec.Call`; no JavaScript or CSS body lives in Python.

- ``point_layer``: many points from named columns, drawn as accessible icons or canvas
  circles, fanned and labelled by ``AtlasMap.pointLayer``.
- ``geojson_file``: a polygon layer the browser fetches from the app's static files.
- ``place_names``: names always shown at their points.
- ``html_control``, ``fit_bounds``, ``metric_scale``, ``attribution``: map furniture.
- ``map_controls``: Leaflet's controls named in French and a notice when an online
  background's tiles fail (``static/atlas/atlas-controls.js``, fetched by the module).

Every text that reaches the browser is plain text, escaped or set as text in the module;
``html_control`` takes HTML the app built and escaped itself. The module's files are
served from ``/app/static/atlas/`` with a content hash (``asset_url``), so the browser
caches them.
"""
from __future__ import annotations

import hashlib
import html
from functools import lru_cache

from components.map_spec import Call
from geo.model.paths import ROOT

STATIC_DIR = ROOT / "static"
STATIC_URL = "/app/static/"
MAP_TITLE = "Carte de l'atlas du Pas-de-Calais"


@lru_cache(maxsize=16)
def static_url(path: str) -> str:
    """``/app/static/<path>?v=<content hash>`` (a file under static/, served by Streamlit):
    a new file, a new URL."""
    digest = hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]
    return f"{STATIC_URL}{path}?v={digest}"


def asset_url(name: str) -> str:
    """The URL of the atlas's browser module file ``static/atlas/<name>``."""
    return static_url(f"atlas/{name}")


def point_layer(points: dict[str, list], styles: list[dict], icons: bool = False,
                labels: bool = False, ring_px: int = 0, always_ring: bool = False,
                css_class: str = "", list_collapse_below_px: int = 0) -> Call:
    """Points drawn in the given order (put the most important first) in their layer.
    ``points``: dict of equal-length columns ``lat``, ``lon``, ``style`` (index into
    ``styles``), ``radius`` (px), ``text`` (name, or the livret label "name – amount"),
    ``more`` (extra tooltip lines). ``styles``: dicts ``color``, ``bg``, ``fg``, ``border``,
    ``dash``, ``fill_opacity``, ``letter``, ``caption``, ``shape`` ("circle" or "square")
    and ``size`` (px, squares). See ``pointLayer`` in atlas-map.js."""
    return Call("pointLayer", {
        "points": points, "styles": styles, "icons": icons, "labels": labels,
        "ringPx": ring_px, "alwaysRing": always_ring, "cssClass": css_class,
        "listCollapseBelowPx": int(list_collapse_below_px),
        "labelsUrl": asset_url("atlas-labels.js")}, "layer")


def geojson_file(url: str, *, key: str, styles: list[dict], pane: str, z_index: int,
                 pick: dict | None = None, extra: dict | None = None,
                 only: list[str] | None = None, exclude: list[str] | None = None,
                 tooltip_fields: list[tuple[str, str]] = (), interactive: bool = True,
                 min_zoom: int | None = None, keyboard: dict[str, str] | None = None
                 ) -> Call:
    """A GeoJSON layer the browser fetches from ``url`` (a static file of the app, see
    ``components.geo_files``) into its layer, so the layer control lists it and no polygon
    travels with the map. Options as ``geoJsonFile`` in atlas-map.js.

    ``keyboard`` (interactive layers only): each polygon becomes a keyboard button, reached
    by Tab and named "<name> : <value> — <action>" from ``{"name": property, "value":
    property, "action": French text}`` (properties of the file or of ``extra``); Enter or
    Space clicks it at its ``label_lat``/``label_lon`` point (a point inside it, see
    ``geo_files``), as the mouse does. Leave it off for layers of many polygons."""
    options = {
        "url": url, "key": key, "styles": styles, "pick": pick or {}, "extra": extra or {},
        "only": only, "exclude": exclude, "fields": [list(f) for f in tooltip_fields],
        "pane": pane, "z": z_index, "interactive": interactive, "minZoom": min_zoom}
    if keyboard:
        if not interactive or set(keyboard) != {"name", "value", "action"}:
            raise ValueError(f"keyboard needs an interactive layer and name, value, "
                             f"action: {keyboard!r}")
        options.update(keyboard=dict(keyboard), controlsUrl=asset_url("atlas-controls.js"))
    return Call("geoJsonFile", options, "map+layer")


def place_names(names: dict[str, list], css_class: str = "", min_zoom: int | None = None
                ) -> Call:
    """Names always shown at their points (``names``: columns ``lat``, ``lon``, ``text``),
    from ``min_zoom`` on; see ``placeNames`` in atlas-map.js."""
    return Call("placeNames", {"names": names, "cssClass": css_class, "minZoom": min_zoom,
                               "labelsUrl": asset_url("atlas-labels.js")}, "map+layer")


def html_control(html_text: str, position: str = "bottomright", css_class: str = "",
                 summary: str | None = None, open_: bool = True, collapse_below_px: int = 0
                 ) -> Call:
    """A box of trusted HTML built by the app (callers escape text) in a corner. With
    ``summary`` it is collapsible, open if ``open_``, except on a map narrower than
    ``collapse_below_px`` (a tablet), where it starts closed."""
    if summary is not None:  # collapsible box (keyboard: the summary is focusable)
        state = " open" if open_ else ""
        html_text = (f"<details{state}><summary>{html.escape(summary)}</summary>"
                     f"{html_text}</details>")
    return Call("htmlControl", {"html": html_text, "position": position,
                                "cssClass": css_class,
                                "collapseBelowPx": int(collapse_below_px)})


def fit_bounds(bounds: list[list[float]], top_left=(10, 10), bottom_right=(10, 10),
               narrow_px: int = 0) -> Call:
    """Fit the map to ``bounds`` with paddings (again at each new frame size until the
    person moves the map); on a map narrower than ``narrow_px`` the right padding kept for
    the legend is dropped."""
    return Call("fitBounds", {"bounds": bounds, "topLeft": list(top_left),
                              "bottomRight": list(bottom_right), "narrowPx": int(narrow_px)})


def metric_scale() -> Call:
    """Scale bar in kilometres only."""
    return Call("metricScale", {})


def map_controls(title: str = MAP_TITLE) -> Call:
    """Leaflet's zoom and layer controls named in French, the map container named, a
    French notice (role status) on the map while an online background's tiles fail to
    load, and the map's own document in French with ``title`` as its title and its
    (visually hidden) level-one heading; see ``mapControls`` in atlas-controls.js."""
    return Call("mapControls", {"controlsUrl": asset_url("atlas-controls.js"), "title": title})


def attribution(text: str) -> Call:
    """The sources and attribution line, in Leaflet's always-visible attribution box."""
    return Call("attribution", text)
