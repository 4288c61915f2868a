"""Small Leaflet elements the atlas needs and folium does not ship.

- ``PointLayer``: many points drawn from one compact JSON array on the canvas renderer
  (circle markers) or as accessible div icons with a letter (EPCI view), with tooltips;
  far lighter than one folium object per marker.
- ``GeoJsonFile``: a polygon layer the browser fetches from the app's static files (at
  once, or once the user zooms in), styled and joined to values sent with the map.
- ``HtmlControl``: a fixed box (legend, sources) in a corner of the map.
- ``Attribution``: the sources line in Leaflet's attribution control, always visible.

Every text that reaches the browser is HTML-escaped on the Python side.
"""
from __future__ import annotations

import html
import json

import folium
from branca.element import MacroElement
from jinja2 import Template


class PointLayer(MacroElement):
    """Points given as compact rows ``[lat, lon, style_index, radius, text, more]``, drawn
    in the given order (put the most important first). ``text`` is the point's name (for
    projects the livret label "name – amount"), ``more`` extra lines (commune, address…);
    both are plain text, escaped in the browser, sent once per point.

    ``styles`` is a list of dicts: ``color`` (outline), ``bg`` / ``fg`` (fill and letter
    colours of an icon), ``border`` (CSS outline style), ``dash`` (Leaflet dashArray),
    ``fill_opacity`` (canvas markers), ``letter`` (str|None), ``caption`` (the tooltip's second line, e.g. "Sport ·
    Financements 2015-2018"). With ``icons=True`` each point is a ``L.divIcon`` (circle with
    the letter, keyboard-focusable, ``title`` read by screen readers); otherwise a canvas
    ``L.circleMarker``. With ``labels=True`` the texts also form the permanent callouts.

    At every zoom, in screen pixels: points sharing a position are fanned out on a ring
    around it (``ring_px`` beyond the largest symbol; ``always_ring`` also moves a lone
    point, leaving the centre to another layer). The labels (``label_html``) of one
    position form one callout beside the ring, each line led by its symbol's letter;
    callouts are decluttered in row order: one that would cover a symbol (of any point
    layer: presence sites too) or an earlier callout tries the other sides, else is hidden
    until the user zooms in (its text stays in the symbols' titles and in the tables).
    Boxes are measured once per declutter and the candidate places computed, so the page
    is not laid out again for each try (1 121 symbols: 0.6 s less to the first map).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var styles = {{ this.styles_json }};
  var rows = {{ this.rows_json }};
  var layer = {{ this._parent.get_name() }};
  var icons = {{ 'true' if this.icons else 'false' }};
  var ringPx = {{ this.ring_px }}, alwaysRing = {{ 'true' if this.always_ring else 'false' }};
  var withLabels = {{ 'true' if this.labels else 'false' }};
  var renderer = L.canvas({padding: 0.3});
  var markers = [], groups = {};
  function esc(t) {
    return String(t).replace(/[&<>"']/g, function(c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]; });
  }
  rows.forEach(function(r, i) {
    var s = styles[r[2]], m;
    if (icons) {
      var d = Math.round(r[3] * 2);
      var bg = s.bg, fg = s.fg;
      m = L.marker([r[0], r[1]], {keyboard: true, title: r[4], alt: r[4],
        riseOnHover: true,
        icon: L.divIcon({className: 'atlas-point {{ this.css_class }}', iconSize: [d, d],
          html: '<span style="display:flex;align-items:center;justify-content:center;' +
                'width:' + d + 'px;height:' + d + 'px;border-radius:50%;background:' + bg +
                ';color:' + fg + ';border:2px ' + s.border + ' ' +
                s.color + ';font:bold ' + Math.max(9, Math.round(d / 2.6)) +
                'px sans-serif;box-sizing:border-box;opacity:0.92">' + (s.letter || '') +
                '</span>'})});
    } else {
      m = L.circleMarker([r[0], r[1]], {renderer: renderer, radius: r[3], color: s.color,
        weight: 1.5, fillColor: s.color, fillOpacity: s.fill_opacity,
        dashArray: s.dash || null});
    }
    var tip = '<b>' + esc(r[4]) + '</b><br>' + esc(s.caption || '') +
              (r[5] ? '<br>' + esc(r[5]).split('\\n').join('<br>') : '');
    m.bindTooltip(tip, {sticky: true});
    m.addTo(layer);
    markers.push(m);
    var key = r[0] + ',' + r[1];
    (groups[key] = groups[key] || []).push(i);
  });
  function fan(map) {
    Object.keys(groups).forEach(function(key) {
      var idx = groups[key];
      if (idx.length < 2 && !alwaysRing) return;
      var centre = map.latLngToLayerPoint([rows[idx[0]][0], rows[idx[0]][1]]);
      var biggest = Math.max.apply(null, idx.map(function(i) { return rows[i][3]; }));
      var radius = ringPx + (idx.length > 1 ? biggest : 0);
      idx.forEach(function(i, k) {
        var a = Math.PI / 4 + 2 * Math.PI * k / idx.length;
        var p = L.point(centre.x + radius * Math.cos(a), centre.y - radius * Math.sin(a));
        markers[i].setLatLng(map.layerPointToLatLng(p));
      });
    });
  }
  function overlaps(a, b) {
    return !(a.right <= b.left + 1 || b.right <= a.left + 1 ||
             a.bottom <= b.top + 1 || b.bottom <= a.top + 1);
  }
  // One callout per position: the "name – amount" lines of the symbols fanned there,
  // each line led by the symbol's letter in its colour, as on the printed livrets.
  var callouts = [];
  Object.keys(groups).forEach(function(key) {
    if (!withLabels) return;
    var idx = groups[key];
    var lines = idx.map(function(i) {
      var s = styles[rows[i][2]];
      return '<span class="dot" style="background:' + s.bg + ';color:' + s.fg +
             ';border:1.5px ' + s.border + ' ' + s.color + '">' + (s.letter || '') +
             '</span>' + esc(rows[i][4]);
    });
    var anchor = L.circleMarker([rows[idx[0]][0], rows[idx[0]][1]],
                                {radius: 0, opacity: 0, fillOpacity: 0, interactive: false});
    anchor.bindTooltip(lines.join('<br>'), {permanent: true, direction: 'right',
                                            className: 'atlas-label', interactive: false});
    anchor.addTo(layer);
    var reach = ringPx + Math.max.apply(null, groups[key].map(function(i) {
      return rows[i][3]; })) * (groups[key].length > 1 || alwaysRing ? 2 : 1);
    callouts.push({anchor: anchor, members: groups[key], reach: reach, lines: lines});
  });
  function declutter(map) {
    var box = map.getContainer().getBoundingClientRect(), taken = [];
    // Measure everything first (symbols, callout sizes), then place: the candidate boxes
    // are computed, not read back after each move (each read would lay the page out).
    // every symbol of the map is an obstacle, those of the other point layers included
    var points = Array.prototype.slice.call(
      map.getContainer().querySelectorAll('.atlas-point'));
    var pointRects = points.map(function(e) { return e.getBoundingClientRect(); });
    var rects = markers.map(function(m) {
      var e = m.getElement && m.getElement(); return e ? e.getBoundingClientRect() : null; });
    callouts.forEach(function(c) {     // a previous declutter may have shortened it
      var t = c.anchor.getTooltip(); if (t) t.setContent(c.lines.join('<br>')); });
    var sizes = callouts.map(function(c) {
      var t = c.anchor.getTooltip(), el = t && t.getElement();
      return el ? [el.offsetWidth, el.offsetHeight] : null; });
    callouts.forEach(function(c, k) {
      var t = c.anchor.getTooltip(), el = t && t.getElement(); if (!el || !sizes[k]) return;
      var a = map.latLngToContainerPoint(c.anchor.getLatLng());
      var mine = c.members.map(function(i) { return rects[i]; });
      var own = c.members.map(function(i) {
        return markers[i].getElement && markers[i].getElement(); });
      var others = pointRects.filter(function(r, j) { return own.indexOf(points[j]) < 0; });
      var chosen = null;
      function place(size) {
        SIDES.some(function(side) {
          var r = calloutBox(side, box.left + a.x, box.top + a.y, size, c.reach);
          var inside = r.left >= box.left && r.right <= box.right && r.top >= box.top &&
                       r.bottom <= box.bottom;
          var clash = taken.concat(others, mine).some(function(o) {
            return o && overlaps(r, o); });
          if (inside && !clash) { taken.push(r); chosen = side; }
          return !!chosen;
        });
      }
      place(sizes[k]);
      if (!chosen && c.lines.length > 1) {
        // the whole callout does not fit: keep its first line (the largest amount), the
        // others stay in the symbols' titles and in the tables
        t.setContent(c.lines[0] + '<br>+ ' + (c.lines.length - 1) + ' autre(s)');
        place([el.offsetWidth, el.offsetHeight]);
      }
      if (chosen) {
        t.options.direction = chosen[0];
        t.options.offset = [chosen[1] * c.reach, chosen[2] * c.reach];
        t.update();
      }
      el.style.visibility = chosen ? 'visible' : 'hidden';
    });
  }
  // Where Leaflet puts a tooltip of size [w, h] on ``side`` of the point (x, y), in page
  // pixels (its .leaflet-tooltip-<side> classes add a 6 px margin on that side).
  function calloutBox(side, x, y, size, reach) {
    var w = size[0], h = size[1], left, top;
    x += side[1] * reach; y += side[2] * reach;
    if (side[0] === 'right') { left = x + 6; top = y - h / 2; }
    else if (side[0] === 'left') { left = x - w - 6; top = y - h / 2; }
    else if (side[0] === 'top') { left = x - w / 2; top = y - h - 6; }
    else { left = x - w / 2; top = y + 6; }
    return {left: left, top: top, right: left + w, bottom: top + h};
  }
  var SIDES = [['right', 1, 0], ['left', -1, 0], ['top', 0, -1], ['bottom', 0, 1],
               ['right', 1, -1.5], ['right', 1, 1.5], ['left', -1, -1.5], ['left', -1, 1.5]];
  function refresh() {
    var map = layer._map; if (!map) return;
    fan(map);
    setTimeout(function() { declutter(map); }, 0);
  }
  layer.on('add', function() {
    var map = layer._map;
    map.on('zoomend', refresh);
    map.on('moveend resize', function() { declutter(map); });
    refresh();
    // the iframe may get its final size after the layer is added
    setTimeout(function() { map.invalidateSize(); declutter(map); }, 300);
  });
  if (layer._map) { refresh(); }
})();
{% endmacro %}
""")

    def __init__(self, rows: list[list], styles: list[dict], icons: bool = False,
                 labels: bool = False, ring_px: int = 0, always_ring: bool = False,
                 css_class: str = ""):
        super().__init__()
        self._name = "PointLayer"
        self.labels = labels
        self.css_class = css_class
        self.icons = icons
        self.ring_px = ring_px
        self.always_ring = always_ring
        self.styles_json = json.dumps(styles, ensure_ascii=False)
        self.rows_json = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


class GeoJsonFile(MacroElement):
    """A GeoJSON layer the browser fetches from ``url`` (a static file of the app, see
    ``components.geo_files``) and adds to the parent ``folium.FeatureGroup``, so the layer
    control lists it and no polygon travels with the map itself.

    - ``key``: the property that identifies a feature (SIREN, INSEE code...);
    - ``styles``: Leaflet path styles; a feature gets ``styles[pick[key]]``, else
      ``styles[0]``; ``extra[key]``: properties joined to the feature (choropleth values);
    - ``only`` / ``exclude``: keep only / leave out the features of these keys;
    - ``tooltip_fields``: (property, French label) pairs, written as text nodes, never HTML;
    - ``pane`` / ``z_index``: drawing order, whatever order the files arrive in;
    - ``min_zoom``: fetched the first time the map reaches this zoom, shown from it on.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var o = {{ this.options_json }};
  var map = {{ this.map_name() }}, group = {{ this._parent.get_name() }};
  window.atlasFetch = window.atlasFetch || (function() {
    var cache = {};
    return function(url) {
      return cache[url] || (cache[url] = fetch(url).then(function(r) {
        if (!r.ok) throw new Error(url + ' : ' + r.status);
        return r.json(); }));
    };
  })();
  if (!map.getPane(o.pane)) map.createPane(o.pane).style.zIndex = o.z;
  function tip(p) {
    var box = document.createElement('div');
    o.fields.forEach(function(f) {
      var line = document.createElement('div'), key = document.createElement('b');
      key.textContent = f[1] + ' : ';
      line.appendChild(key);
      line.appendChild(document.createTextNode(p[f[0]] == null ? '' : String(p[f[0]])));
      box.appendChild(line);
    });
    return box;
  }
  function build(data) {
    var layer = L.geoJSON(data, {pane: o.pane, interactive: o.interactive,
      filter: function(f) { var k = f.properties[o.key];
        return (!o.only || o.only.indexOf(k) >= 0) && (!o.exclude || o.exclude.indexOf(k) < 0); },
      style: function(f) { var i = o.pick[f.properties[o.key]];
        return o.styles[i === undefined ? 0 : i]; },
      onEachFeature: function(f, l) {
        if (!o.interactive) return;
        var props = Object.assign({}, f.properties, o.extra[f.properties[o.key]] || {});
        if (o.fields.length) l.bindTooltip(tip(props), {sticky: true});
        l.on('mouseover', function() { l.setStyle({weight: 3}); });
        l.on('mouseout', function() { layer.resetStyle(l); });
      }});
    return layer;
  }
  var layer = null, loading = false;
  function sync() {
    var wanted = !o.minZoom || map.getZoom() >= o.minZoom;
    if (!layer) {
      if (wanted && !loading) {
        loading = true;
        atlasFetch(o.url).then(function(data) { layer = build(data); sync(); })
          .catch(function(e) { loading = false; console.error(e); });
      }
      return;
    }
    if (wanted && !group.hasLayer(layer)) group.addLayer(layer);
    if (!wanted && group.hasLayer(layer)) group.removeLayer(layer);
  }
  if (o.minZoom) map.on('zoomend', sync);
  sync();
})();
{% endmacro %}
""")

    def __init__(self, url: str, *, key: str, styles: list[dict], pane: str, z_index: int,
                 pick: dict | None = None, extra: dict | None = None,
                 only: list[str] | None = None, exclude: list[str] | None = None,
                 tooltip_fields: list[tuple[str, str]] = (), interactive: bool = True,
                 min_zoom: int | None = None):
        super().__init__()
        self._name = "GeoJsonFile"
        self.options_json = json.dumps({
            "url": url, "key": key, "styles": styles, "pick": pick or {}, "extra": extra or {},
            "only": only, "exclude": exclude, "fields": [list(f) for f in tooltip_fields],
            "pane": pane, "z": z_index, "interactive": interactive, "minZoom": min_zoom,
        }, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")

    def map_name(self) -> str:
        """Name of the map this layer is drawn on (its parent is a feature group)."""
        parent = self._parent
        while not isinstance(parent, folium.Map):
            parent = parent._parent
        return parent.get_name()


class HtmlControl(MacroElement):
    """A Leaflet control holding trusted HTML built by the app (callers escape text).
    With ``summary`` it is a collapsible box, open if ``open_``, except on a map narrower
    than ``collapse_below_px`` (a tablet), where it starts closed."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var ctl = L.control({position: {{ this.position|tojson }}});
  ctl.onAdd = function(map) {
    var div = L.DomUtil.create('div', 'atlas-control {{ this.css_class }}');
    div.innerHTML = {{ this.html|tojson }};
    var box = div.querySelector('details'), narrow = {{ this.collapse_below_px }};
    if (box && narrow && map.getSize().x < narrow) box.removeAttribute('open');
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  ctl.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, html_text: str, position: str = "bottomright", css_class: str = "",
                 summary: str | None = None, open_: bool = True, collapse_below_px: int = 0):
        super().__init__()
        self._name = "HtmlControl"
        if summary is not None:  # collapsible box (keyboard: the summary is focusable)
            state = " open" if open_ else ""
            html_text = (f"<details{state}><summary>{html.escape(summary)}</summary>"
                         f"{html_text}</details>")
        self.html = html_text
        self.position = position
        self.css_class = css_class
        self.collapse_below_px = int(collapse_below_px)


class FitBounds(MacroElement):
    """Fit the map to ``bounds`` with paddings, and again when the iframe gets its final
    size in the first seconds (streamlit-folium sizes it after the map is created). On a
    map narrower than ``narrow_px`` the right padding (kept for an open legend) is dropped:
    the legend starts closed there (``HtmlControl.collapse_below_px``)."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var bounds = {{ this.bounds_json }};
  var topLeft = {{ this.top_left }}, bottomRight = {{ this.bottom_right }};
  var narrow = {{ this.narrow_px }};
  function fit() {
    var right = narrow && map.getSize().x < narrow ? [10, bottomRight[1]] : bottomRight;
    map.fitBounds(bounds, {paddingTopLeft: topLeft, paddingBottomRight: right});
  }
  var start = Date.now();
  fit();
  map.on('resize', function() { if (Date.now() - start < 3000) fit(); });
})();
{% endmacro %}
""")

    def __init__(self, bounds: list[list[float]], top_left=(10, 10), bottom_right=(10, 10),
                 narrow_px: int = 0):
        super().__init__()
        self._name = "FitBounds"
        self.bounds_json = json.dumps(bounds)
        self.top_left = list(top_left)
        self.bottom_right = list(bottom_right)
        self.narrow_px = int(narrow_px)


class MetricScale(MacroElement):
    """Scale bar in kilometres only."""

    _template = Template("""
{% macro script(this, kwargs) %}
L.control.scale({imperial: false, position: 'bottomleft'}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self):
        super().__init__()
        self._name = "MetricScale"


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
.atlas-control h4 { margin: 4px 0 2px; font-size: 13px; }
.atlas-control summary { cursor: pointer; font-weight: bold; font-size: 13px; }
.atlas-control .sw { display: inline-block; width: 14px; height: 14px; margin-right: 5px;
  vertical-align: middle; border: 1px solid #555; border-radius: 2px; }
.atlas-control .dot { display: inline-flex; width: 16px; height: 16px; margin-right: 5px;
  border-radius: 50%; vertical-align: middle; align-items: center; justify-content: center;
  font: bold 9px sans-serif; box-sizing: border-box; }
.atlas-label { background: rgba(255,255,255,0.9); border: 1px solid #999; border-radius: 3px;
  box-shadow: none; font: 11px/1.2 sans-serif; padding: 1px 4px; color: #111; }
.atlas-label:before { display: none; }
.atlas-label .dot { display: inline-flex; width: 14px; height: 14px; margin-right: 4px;
  border-radius: 50%; vertical-align: middle; align-items: center; justify-content: center;
  font: bold 8px sans-serif; box-sizing: border-box; }
.leaflet-control-attribution { font-size: 10px; max-width: 75%; white-space: normal; }
.atlas-point { background: none; border: none; }
</style>
"""
