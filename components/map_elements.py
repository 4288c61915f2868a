"""The map elements the atlas needs and folium does not ship: a thin bridge to the
frontend module ``static/atlas/atlas-map.js`` (its functions take named options, listed
in their JSDoc there). Each element here only serialises its options and emits one call;
no JavaScript or CSS body lives in Python.

- ``AtlasAssets``: the module's script and stylesheet, linked once per map (served from
  ``/app/static/atlas/`` with a content hash, so the browser caches them).
- ``PointLayer``: many points from named columns, drawn as accessible icons or canvas
  circles, fanned and labelled by ``AtlasMap.pointLayer``.
- ``GeoJsonFile``: a polygon layer the browser fetches from the app's static files.
- ``HtmlControl``, ``FitBounds``, ``MetricScale``, ``Attribution``: map furniture.
- ``MapControls``: Leaflet's controls named in French and a notice when an online
  background's tiles fail (``static/atlas/atlas-controls.js``, fetched by the module).

Every text that reaches the browser is plain text, escaped or set as text in the module;
``HtmlControl`` takes HTML the app built and escaped itself.
"""
from __future__ import annotations

import hashlib
import html
import json
from functools import lru_cache

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.model.paths import ROOT

ATLAS_DIR = ROOT / "static" / "atlas"
ATLAS_URL = "/app/static/atlas/"


@lru_cache(maxsize=8)
def asset_url(name: str) -> str:
    """``/app/static/atlas/<name>?v=<content hash>``: a new file, a new URL."""
    digest = hashlib.sha256((ATLAS_DIR / name).read_bytes()).hexdigest()[:12]
    return f"{ATLAS_URL}{name}?v={digest}"


def _json(options: dict) -> str:
    """Options as JSON safe inside a <script> (no closing tag can leak)."""
    return json.dumps(options, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _map_of(element) -> folium.Map:
    parent = element._parent
    while not isinstance(parent, folium.Map):
        parent = parent._parent
    return parent


class _Call(MacroElement):
    """One ``AtlasMap.<function>(<target>, <options>)`` call in the map's script."""

    _template = Template("""
{% macro script(this, kwargs) %}
AtlasMap.{{ this.function }}({{ this.target() }}, {{ this.options_json }});
{% endmacro %}
""")

    function = ""

    def __init__(self, options) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.options_json = _json(options)

    def target(self) -> str:
        return self._parent.get_name()


class AtlasAssets(JSCSSMixin, MacroElement):
    """The frontend module, linked once in a map's page (streamlit-folium loads it before
    the map's script and before the filtered layers it adds later)."""

    _template = Template("")

    def __init__(self) -> None:
        super().__init__()
        self._name = "AtlasAssets"
        # atlas-labels.js and atlas-controls.js are fetched by the module itself, off the
        # first polygon's path
        self.default_js = [("atlas_map", asset_url("atlas-map.js"))]
        self.default_css = [("atlas_map_css", asset_url("atlas-map.css"))]


class PointLayer(_Call):
    """Points drawn in the given order (put the most important first) in the parent
    feature group. ``points``: dict of equal-length columns ``lat``, ``lon``, ``style``
    (index into ``styles``), ``radius`` (px), ``text`` (name, or the livret label "name –
    amount"), ``more`` (extra tooltip lines). ``styles``: dicts ``color``, ``bg``, ``fg``,
    ``border``, ``dash``, ``fill_opacity``, ``letter``, ``caption``, ``shape`` ("circle" or
    "square") and ``size`` (px, squares). See ``pointLayer`` in atlas-map.js."""

    function = "pointLayer"

    def __init__(self, points: dict[str, list], styles: list[dict], icons: bool = False,
                 labels: bool = False, ring_px: int = 0, always_ring: bool = False,
                 css_class: str = "", list_collapse_below_px: int = 0):
        super().__init__({"points": points, "styles": styles, "icons": icons, "labels": labels,
                          "ringPx": ring_px, "alwaysRing": always_ring, "cssClass": css_class,
                          "listCollapseBelowPx": int(list_collapse_below_px),
                          "labelsUrl": asset_url("atlas-labels.js")})


class GeoJsonFile(_Call):
    """A GeoJSON layer the browser fetches from ``url`` (a static file of the app, see
    ``components.geo_files``) into the parent feature group, so the layer control lists
    it and no polygon travels with the map. Options as ``geoJsonFile`` in atlas-map.js.

    ``keyboard`` (interactive layers only): each polygon becomes a keyboard button, reached
    by Tab and named "<name> : <value> — <action>" from ``{"name": property, "value":
    property, "action": French text}`` (properties of the file or of ``extra``); Enter or
    Space clicks it at its ``label_lat``/``label_lon`` point (a point inside it, see
    ``geo_files``), as the mouse does. Leave it off for layers of many polygons."""

    function = "geoJsonFile"

    def __init__(self, url: str, *, key: str, styles: list[dict], pane: str, z_index: int,
                 pick: dict | None = None, extra: dict | None = None,
                 only: list[str] | None = None, exclude: list[str] | None = None,
                 tooltip_fields: list[tuple[str, str]] = (), interactive: bool = True,
                 min_zoom: int | None = None, keyboard: dict[str, str] | None = None):
        options = {
            "url": url, "key": key, "styles": styles, "pick": pick or {}, "extra": extra or {},
            "only": only, "exclude": exclude, "fields": [list(f) for f in tooltip_fields],
            "pane": pane, "z": z_index, "interactive": interactive, "minZoom": min_zoom}
        if keyboard:
            if not interactive or set(keyboard) != {"name", "value", "action"}:
                raise ValueError(f"keyboard needs an interactive layer and name, value, "
                                 f"action: {keyboard!r}")
            options.update(keyboard=dict(keyboard), controlsUrl=asset_url("atlas-controls.js"))
        super().__init__(options)

    def target(self) -> str:
        return f"{_map_of(self).get_name()}, {self._parent.get_name()}"


class PlaceNames(_Call):
    """Names always shown at their points (``names``: columns ``lat``, ``lon``, ``text``),
    from ``min_zoom`` on; see ``placeNames`` in atlas-map.js."""

    function = "placeNames"

    def __init__(self, names: dict[str, list], css_class: str = "", min_zoom: int | None = None):
        super().__init__({"names": names, "cssClass": css_class, "minZoom": min_zoom,
                          "labelsUrl": asset_url("atlas-labels.js")})

    def target(self) -> str:
        return f"{_map_of(self).get_name()}, {self._parent.get_name()}"


class HtmlControl(_Call):
    """A box of trusted HTML built by the app (callers escape text) in a corner. With
    ``summary`` it is collapsible, open if ``open_``, except on a map narrower than
    ``collapse_below_px`` (a tablet), where it starts closed."""

    function = "htmlControl"

    def __init__(self, html_text: str, position: str = "bottomright", css_class: str = "",
                 summary: str | None = None, open_: bool = True, collapse_below_px: int = 0):
        if summary is not None:  # collapsible box (keyboard: the summary is focusable)
            state = " open" if open_ else ""
            html_text = (f"<details{state}><summary>{html.escape(summary)}</summary>"
                         f"{html_text}</details>")
        super().__init__({"html": html_text, "position": position, "cssClass": css_class,
                          "collapseBelowPx": int(collapse_below_px)})


class FitBounds(_Call):
    """Fit the map to ``bounds`` with paddings (again while the iframe gets its size); on
    a map narrower than ``narrow_px`` the right padding kept for the legend is dropped."""

    function = "fitBounds"

    def __init__(self, bounds: list[list[float]], top_left=(10, 10), bottom_right=(10, 10),
                 narrow_px: int = 0):
        super().__init__({"bounds": bounds, "topLeft": list(top_left),
                          "bottomRight": list(bottom_right), "narrowPx": int(narrow_px)})


class MetricScale(_Call):
    """Scale bar in kilometres only."""

    function = "metricScale"

    def __init__(self):
        super().__init__({})


class MapControls(_Call):
    """Leaflet's zoom and layer controls named in French, the map container named, a
    French notice (role status) on the map while an online background's tiles fail to
    load, and the map's own document in French with ``title`` as its title and its
    (visually hidden) level-one heading; see ``mapControls`` in atlas-controls.js."""

    function = "mapControls"
    TITLE = "Carte de l'atlas du Pas-de-Calais"

    def __init__(self, title: str = TITLE):
        super().__init__({"controlsUrl": asset_url("atlas-controls.js"), "title": title})


class Attribution(_Call):
    """The sources and attribution line, in Leaflet's always-visible attribution box."""

    function = "attribution"

    def __init__(self, text: str):
        super().__init__(text)
