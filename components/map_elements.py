"""Small Leaflet elements the atlas needs and folium does not ship.

- ``PointLayer``: many points drawn from one compact JSON array on the canvas renderer
  (circle markers) or as accessible div icons with a letter (EPCI view), with tooltips;
  far lighter than one folium object per marker.
- ``ZoomRange``: shows a layer only between two zoom levels (communes on zoom).
- ``HtmlControl``: a fixed box (legend, sources) in a corner of the map.
- ``Attribution``: the sources line in Leaflet's attribution control, always visible.

Every text that reaches the browser is HTML-escaped on the Python side.
"""
from __future__ import annotations

import html
import json

from branca.element import MacroElement
from jinja2 import Template


class PointLayer(MacroElement):
    """Points given as rows ``[lat, lon, style_index, radius, tooltip_html, label_html]``.

    ``styles`` is a list of dicts: ``color``, ``fill`` (bool), ``dash`` (str|None),
    ``letter`` (str|None). With ``icons=True`` each point is a ``L.divIcon`` (circle with
    the letter, keyboard-focusable); otherwise a canvas ``L.circleMarker``. A non-empty
    ``label_html`` is shown as a permanent label beside the point.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var styles = {{ this.styles_json }};
  var rows = {{ this.rows_json }};
  var layer = {{ this._parent.get_name() }};
  var renderer = L.canvas({padding: 0.3});
  rows.forEach(function(r) {
    var s = styles[r[2]];
    var m;
    if ({{ 'true' if this.icons else 'false' }}) {
      var d = Math.round(r[3] * 2);
      var bg = s.fill ? s.color : '#ffffff';
      var fg = s.fill ? '#ffffff' : s.color;
      var border = (s.dash ? 'dashed' : 'solid');
      m = L.marker([r[0], r[1]], {keyboard: true, title: r[6] || '', alt: r[6] || '',
        icon: L.divIcon({className: 'atlas-point', iconSize: [d, d],
          html: '<span style="display:flex;align-items:center;justify-content:center;' +
                'width:' + d + 'px;height:' + d + 'px;border-radius:50%;background:' + bg +
                ';color:' + fg + ';border:2px ' + border + ' ' + s.color +
                ';font:bold ' + Math.max(9, Math.round(d / 2.6)) + 'px sans-serif;' +
                'box-sizing:border-box;opacity:0.92">' + (s.letter || '') + '</span>'})});
    } else {
      m = L.circleMarker([r[0], r[1]], {renderer: renderer, radius: r[3], color: s.color,
        weight: 1.5, fillColor: s.color, fillOpacity: s.fill ? 0.8 : 0.15,
        dashArray: s.dash || null});
    }
    if (r[4]) { m.bindTooltip(r[4], {sticky: true}); }
    if (r[5]) {
      m.bindTooltip(r[5], {permanent: true, direction: r[7] || 'right',
                           className: 'atlas-label', offset: [r[3], 0], interactive: false});
    }
    m.addTo(layer);
  });
})();
{% endmacro %}
""")

    def __init__(self, rows: list[list], styles: list[dict], icons: bool = False):
        super().__init__()
        self._name = "PointLayer"
        self.icons = icons
        self.styles_json = json.dumps(styles, ensure_ascii=False)
        self.rows_json = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


class ZoomRange(MacroElement):
    """Add ``layer`` to the map only while ``min_zoom <= zoom`` (e.g. communes)."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var layer = {{ this.layer.get_name() }};
  function sync() {
    if (map.getZoom() >= {{ this.min_zoom }}) { if (!map.hasLayer(layer)) map.addLayer(layer); }
    else if (map.hasLayer(layer)) { map.removeLayer(layer); }
  }
  map.on('zoomend', sync); sync();
})();
{% endmacro %}
""")

    def __init__(self, layer, min_zoom: int):
        super().__init__()
        self._name = "ZoomRange"
        self.layer = layer
        self.min_zoom = min_zoom


class HtmlControl(MacroElement):
    """A Leaflet control holding trusted HTML built by the app (callers escape text)."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var ctl = L.control({position: {{ this.position|tojson }}});
  ctl.onAdd = function() {
    var div = L.DomUtil.create('div', 'atlas-control {{ this.css_class }}');
    div.innerHTML = {{ this.html|tojson }};
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  ctl.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, html_text: str, position: str = "bottomright", css_class: str = ""):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html_text
        self.position = position
        self.css_class = css_class


class Attribution(MacroElement):
    """The sources and attribution line, in Leaflet's always-visible attribution box."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.attributionControl.setPrefix(false);
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
{% endmacro %}
""")

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = html.escape(text)


MAP_CSS = """
<style>
.atlas-control { background: rgba(255,255,255,0.94); padding: 6px 8px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font: 12px/1.35 sans-serif; color: #222;
  max-width: 300px; max-height: 60vh; overflow-y: auto; }
.atlas-control h4 { margin: 0 0 4px; font-size: 13px; }
.atlas-control .sw { display: inline-block; width: 14px; height: 14px; margin-right: 5px;
  vertical-align: middle; border: 1px solid #555; border-radius: 2px; }
.atlas-control .dot { display: inline-flex; width: 16px; height: 16px; margin-right: 5px;
  border-radius: 50%; vertical-align: middle; align-items: center; justify-content: center;
  font: bold 9px sans-serif; box-sizing: border-box; }
.atlas-label { background: rgba(255,255,255,0.9); border: 1px solid #999; border-radius: 3px;
  box-shadow: none; font: 11px/1.2 sans-serif; padding: 1px 4px; color: #111; }
.atlas-label:before { display: none; }
.leaflet-control-attribution { font-size: 10px; max-width: 75%; white-space: normal; }
.atlas-point { background: none; border: none; }
</style>
"""
