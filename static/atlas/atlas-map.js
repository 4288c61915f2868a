/*
 * The atlas's map behaviour in the browser: point layers with fanning and decluttered
 * callouts, polygon layers fetched from static files, legend boxes, fitting, scale and
 * attribution. The Python side (components/map_elements.py) only calls these functions
 * with named options; every text it sends is plain text, escaped or set as text here.
 *
 * Loaded as a plain script in the map's iframe (window.AtlasMap), and as a CommonJS module
 * by the tests (node --test tests/js), which exercise the pure functions escapeHtml and
 * ringPositions. The callouts of project layers are placed by atlas-labels.js; the
 * controls in French, keyboard polygons and tile notices are in atlas-controls.js.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('./atlas-labels.js'), require('./atlas-controls.js'));
  } else {
    root.AtlasMap = factory(root.AtlasLabels, root.AtlasControls);
  }
})(typeof self !== 'undefined' ? self : this, function (Labels, Controls) {
  'use strict';
  // The callout and controls modules (atlas-labels.js, atlas-controls.js) are fetched by
  // the first layer that needs them, after the map's own script: they are not on the
  // path to the first polygon.
  var modules = {AtlasLabels: Labels && Promise.resolve(Labels),
    AtlasControls: Controls && Promise.resolve(Controls)};
  // Work still to come on this map (modules and files being fetched, placements waiting on
  // a timer): the page says when none is left and at what map size the last placement ran
  // (<html data-atlas-pending="0" data-atlas-placed="W×H">), so a test or a screenshot
  // waits on that condition, never on a guessed time.
  var pending = 0;
  function settle(delta) {
    pending += delta;
    if (typeof document !== 'undefined') {
      document.documentElement.setAttribute('data-atlas-pending', String(pending));
    }
  }
  function later(fn, ms) {
    settle(1);
    setTimeout(function () { try { fn(); } finally { settle(-1); } }, ms || 0);
  }
  function tracked(promise) {
    settle(1);
    return promise.then(function (v) { settle(-1); return v; },
      function (e) { settle(-1); throw e; });
  }
  function notePlaced(map) {
    var c = map.getContainer();
    document.documentElement.setAttribute('data-atlas-placed',
      c.clientWidth + 'x' + c.clientHeight);
  }
  function withModule(name, url, then) {
    if (!modules[name]) {
      modules[name] = new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = url;
        script.async = true;
        script.onload = function () { resolve(window[name]); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    tracked(modules[name].then(then)).catch(function (e) { console.error(e); });
  }
  function withLabels(url, then) {
    withModule('AtlasLabels', url, function (module) { Labels = module; then(module); });
  }

  // ------------------------------------------------------------------ pure functions

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  /** A symbol's accessible name: the mark it shows (theme letter or number), so that what
   * is seen is what is said (WCAG 2.5.3), then its label and its caption. */
  function symbolName(mark, text, caption) {
    var start = String(mark || '').trim();
    return (start ? start + ' : ' : '') + text + (caption ? ' (' + caption + ')' : '');
  }

  /** Positions of ``count`` symbols fanned on a ring of ``radius`` around ``centre``
   * ({x, y} screen pixels, y downwards), the first at 45°, counter-clockwise. */
  function ringPositions(centre, count, radius) {
    var out = [];
    for (var k = 0; k < count; k++) {
      var a = Math.PI / 4 + 2 * Math.PI * k / count;
      out.push({x: centre.x + radius * Math.cos(a), y: centre.y - radius * Math.sin(a)});
    }
    return out;
  }

  // ------------------------------------------------------------------ point layers

  function iconHtml(s, d) {
    var radius = s.shape === 'square' ? '3px' : '50%';
    return '<span style="display:flex;align-items:center;justify-content:center;' +
      'width:' + d + 'px;height:' + d + 'px;border-radius:' + radius + ';background:' + s.bg +
      ';color:' + s.fg + ';border:2px ' + s.border + ' ' + (s.outline || s.color) +
      ';font:bold ' +
      Math.max(8, Math.round(d / (s.letter && s.letter.length > 1 ? 2.9 : 2.6))) +
      'px sans-serif;box-sizing:border-box;opacity:0.92">' + escapeHtml(s.letter || '') +
      '</span>';
  }

  function makeMarker(o, i, renderer) {
    var s = o.styles[o.points.style[i]], p = o.points;
    var latlng = [p.lat[i], p.lon[i]];
    if (o.icons) {
      var d = s.shape === 'square' ? s.size : Math.round(p.radius[i] * 2);
      var marker = L.marker(latlng, {keyboard: true, title: p.text[i], alt: p.text[i],
        riseOnHover: true, icon: L.divIcon({className: 'atlas-point ' + o.cssClass,
          iconSize: [d, d], html: iconHtml(s, d)})});
      // its accessible name: the letter (or number) it shows, then its label
      marker.on('add atlasmark', function () {
        var el = marker.getElement();
        if (el) el.setAttribute('aria-label', symbolName(el.textContent, p.text[i], s.caption));
      });
      return marker;
    }
    return L.circleMarker(latlng, {renderer: renderer, radius: p.radius[i],
      color: s.outline || s.color, weight: 1.5, fillColor: s.color, fillOpacity: s.fill_opacity, dashArray: s.dash || null});
  }

  function tooltipHtml(o, i) {
    var s = o.styles[o.points.style[i]], more = o.points.more[i];
    return '<b>' + escapeHtml(o.points.text[i]) + '</b><br>' + escapeHtml(s.caption || '') +
      (more ? '<br>' + escapeHtml(more).split('\n').join('<br>') : '');
  }

  function calloutLine(o, i) {
    var s = o.styles[o.points.style[i]];
    return '<span class="dot" style="background:' + s.bg + ';color:' + s.fg +
      ';border:1.5px ' + s.border + ' ' + (s.outline || s.color) + '">' +
      escapeHtml(s.letter || '') + '</span>' + escapeHtml(o.points.text[i]);
  }

  /**
   * Points drawn in the given order (most important first) on ``layer``.
   * options: styles (list of {color, bg, fg, border, dash, fill_opacity, letter, caption,
   * shape, size}), points ({lat, lon, style, radius, text, more}: one array per field),
   * icons (div icons, keyboard-focusable) or canvas circles, labels (permanent callouts),
   * ringPx (gap between a position and its fanned symbols), alwaysRing (fan a lone point
   * too, leaving the centre to another layer), cssClass.
   */
  function pointLayer(layer, options) {
    var o = options, n = o.points.lat.length;
    var renderer = L.canvas({padding: 0.3});
    var markers = [], groups = {}, order = [];
    for (var i = 0; i < n; i++) {
      var m = makeMarker(o, i, renderer);
      m.bindTooltip(tooltipHtml(o, i), {sticky: true});
      m.addTo(layer);
      markers.push(m);
      var key = o.points.lat[i] + ',' + o.points.lon[i];
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(i);
    }
    var callouts = o.labels ? order.map(function (key) {
      return makeCallout(o, groups[key], layer);
    }) : [];
    var state = {layer: layer, o: o, markers: markers, callouts: callouts};

    function fan(map) {
      order.forEach(function (key) {
        var idx = groups[key];
        if (idx.length < 2 && !o.alwaysRing) return;
        var centre = map.latLngToLayerPoint([o.points.lat[idx[0]], o.points.lon[idx[0]]]);
        var biggest = Math.max.apply(null, idx.map(function (j) { return o.points.radius[j]; }));
        var radius = o.ringPx + (idx.length > 1 ? biggest : 0);
        ringPositions(centre, idx.length, radius).forEach(function (p, k) {
          markers[idx[k]].setLatLng(map.layerPointToLatLng(L.point(p.x, p.y)));
        });
      });
    }
    function declutter() {
      if (callouts.length && state.map && state.box) {
        Labels.placeCallouts(state);
        notePlaced(state.map);
      }
    }
    function refresh() {
      if (!layer._map) return;
      fan(layer._map);
      later(declutter);
    }
    layer.on('add', function () {
      var map = state.map = layer._map;
      if (callouts.length && !state.box) {
        withLabels(o.labelsUrl, function () {
          if (state.box) return;
          state.box = Labels.numberedBox(map, o.listCollapseBelowPx);
          tieMarkers(state);
          declutter();
        });
      }
      map.on('zoomend', refresh);
      map.on('moveend resize', declutter);
      refresh();
      // the iframe may get its final size after the layer is added
      later(function () { map.invalidateSize(); declutter(); }, 300);
    });
    if (layer._map) refresh();
  }

  // Hovering or focusing a symbol highlights its line in the numbered list.
  function tieMarkers(state) {
    state.markers.forEach(function (m, i) {
      ['mouseover', 'mouseout'].forEach(function (e) {
        m.on(e, function () {
          var item = state.box.items && state.box.items[i];
          if (item) Labels.highlight(m, item, e === 'mouseover');
        });
      });
    });
  }

  // One callout per position: the "name – amount" lines of the symbols fanned there,
  // each led by its symbol's letter in its colour, as on the printed livrets; its leader
  // line is drawn when the callout is moved away from its symbols.
  function makeCallout(o, members, layer) {
    var lines = members.map(function (i) { return calloutLine(o, i); });
    var first = members[0];
    var anchor = L.circleMarker([o.points.lat[first], o.points.lon[first]],
      {radius: 0, opacity: 0, fillOpacity: 0, interactive: false});
    anchor.bindTooltip(lines.join('<br>'), {permanent: true, direction: 'right',
      className: 'atlas-label', interactive: false, opacity: 1});   // its letters read
    anchor.addTo(layer);
    var biggest = Math.max.apply(null, members.map(function (i) { return o.points.radius[i]; }));
    var reach = o.ringPx + biggest * (members.length > 1 || o.alwaysRing ? 2 : 1);
    var leader = L.polyline([], {interactive: false, color: '#555555', weight: 1,
      opacity: 0.9, className: 'atlas-leader'});
    return {anchor: anchor, tooltip: anchor.getTooltip(), members: members, reach: reach,
      lines: lines, leader: leader};
  }

  // ------------------------------------------------------------------ polygon layers

  var fetched = {};
  function fetchJson(url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ' : ' + r.status);
        return r.json();
      });
    }
    return fetched[url];
  }

  /** A polygon's tooltip as escaped HTML: a string (not a node), so that
   * streamlit-folium can return its text with a click (``last_object_clicked_tooltip``:
   * the commune clicked on the département map). Every value is escaped. */
  function polygonTooltip(fields, props) {
    return fields.map(function (f) {
      var value = props[f[0]] == null ? '' : String(props[f[0]]);
      return '<div><b>' + escapeHtml(f[1]) + ' : </b>' + escapeHtml(value) + '</div>';
    }).join('');
  }

  /**
   * A GeoJSON layer fetched from ``url`` and added to ``group`` (a feature group listed in
   * the layer control). options: url, key (the feature property that identifies it),
   * styles (Leaflet path styles; a feature gets styles[pick[key]], else styles[0]), pick,
   * extra (properties joined by key: choropleth values), only / exclude (keys), fields
   * ([property, French label] pairs of the tooltip, written as text), pane and z (drawing
   * order), interactive, minZoom (fetched and shown from that zoom on), keyboard ({name,
   * value, action}: each polygon a keyboard button, see AtlasControls.keyboardFeature)
   * and controlsUrl.
   */
  function geoJsonFile(map, group, options) {
    var o = options;
    if (!map.getPane(o.pane)) map.createPane(o.pane).style.zIndex = o.z;
    o.styles.forEach(function (s) { if (s.hatch) ensureHatch(s.hatch); });
    function build(data) {
      var keyed = [];
      var layer = L.geoJSON(data, {pane: o.pane, interactive: o.interactive,
        filter: function (f) {
          var k = f.properties[o.key];
          return (!o.only || o.only.indexOf(k) >= 0) && (!o.exclude || o.exclude.indexOf(k) < 0);
        },
        style: function (f) {
          var i = o.pick[f.properties[o.key]];
          return o.styles[i === undefined ? 0 : i];
        },
        onEachFeature: function (f, l) {
          if (!o.interactive) return;
          var props = Object.assign({}, f.properties, o.extra[f.properties[o.key]] || {});
          if (o.fields.length) l.bindTooltip(polygonTooltip(o.fields, props), {sticky: true});
          l.on('mouseover', function () { l.setStyle({weight: 3}); });
          l.on('mouseout', function () { layer.resetStyle(l); });
          if (o.keyboard) keyed.push([l, props]);
          // Leaflet's tooltip focus listeners make a path a tab stop in Chromium: not these
          else l.on('add', function () { l.getElement().setAttribute('tabindex', '-1'); });
        }});
      if (keyed.length) {
        withModule('AtlasControls', o.controlsUrl, function (C) {
          keyed.forEach(function (k) { C.keyboardFeature(map, k[0], k[1], o.keyboard); });
        });
      }
      return layer;
    }
    var layer = null, loading = false;
    function sync() {
      var wanted = !o.minZoom || map.getZoom() >= o.minZoom;
      if (!layer) {
        if (wanted && !loading) {
          loading = true;
          tracked(fetchJson(o.url).then(function (data) { layer = build(data); sync(); }))
            .catch(function (e) { loading = false; console.error(e); });
        }
        return;
      }
      if (wanted && !group.hasLayer(layer)) group.addLayer(layer);
      if (!wanted && group.hasLayer(layer)) group.removeLayer(layer);
    }
    if (o.minZoom) map.on('zoomend', sync);
    sync();
  }

  /** The SVG pattern ``url(#atlas-hatch)`` fills refer to (the hatched class of an EPCI
   * whose livret map is illegible in the source), defined once per page. */
  function ensureHatch(colors) {
    if (document.getElementById('atlas-hatch')) return;
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', '0');
    svg.setAttribute('height', '0');
    svg.setAttribute('aria-hidden', 'true');
    svg.style.position = 'absolute';
    svg.innerHTML = '<defs><pattern id="atlas-hatch" patternUnits="userSpaceOnUse" width="6" ' +
      'height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="' +
      escapeHtml(colors.fill) + '"/><line x1="0" y1="0" x2="0" y2="6" stroke="' +
      escapeHtml(colors.stroke) + '" stroke-width="2.5"/></pattern></defs>';
    document.body.appendChild(svg);
  }

  /** Place names (EPCI on the département map, main communes on a livret map): text
   * markers that take no click, given most important first; a name that would cover an
   * earlier one waits for a closer zoom. options: names ({lat, lon, text} columns),
   * cssClass, minZoom (shown from that zoom on). */
  function placeNames(map, group, options) {
    var o = options, markers = [];
    for (var i = 0; i < o.names.text.length; i++) {
      var label = document.createElement('span');
      label.textContent = o.names.text[i];
      markers.push(L.marker([o.names.lat[i], o.names.lon[i]], {interactive: false,
        keyboard: false, icon: L.divIcon({className: 'atlas-name ' + (o.cssClass || ''),
          html: label.outerHTML, iconSize: null})}));
    }
    function declutter() {
      var shown = [];
      markers.forEach(function (m) {
        var el = m.getElement && m.getElement(), span = el && el.firstChild;
        if (!span) return;
        span.style.visibility = 'visible';
        var r = span.getBoundingClientRect();
        var clash = shown.some(function (o) { return Labels.overlaps(r, o); });
        span.style.visibility = clash ? 'hidden' : 'visible';
        if (!clash) shown.push(r);
      });
      notePlaced(map);
    }
    function sync() {
      var wanted = !o.minZoom || map.getZoom() >= o.minZoom;
      markers.forEach(function (m) {
        if (wanted && !group.hasLayer(m)) group.addLayer(m);
        if (!wanted && group.hasLayer(m)) group.removeLayer(m);
      });
      later(declutter);
    }
    withLabels(o.labelsUrl, function () {
      map.on('zoomend', sync);
      map.on('resize moveend', function () { later(declutter); });
      sync();
      // the iframe gets its final size after the map is created (as for the point layers)
      [300, 1500].forEach(function (ms) { later(declutter, ms); });
    });
  }

  // ------------------------------------------------------------------ map furniture

  /** A box of trusted HTML (built and escaped by the app) in a corner; a <details> box
   * starts closed on a map narrower than ``collapseBelowPx`` (a tablet). */
  function htmlControl(map, options) {
    var ctl = L.control({position: options.position});
    ctl.onAdd = function () {
      var div = L.DomUtil.create('div', 'atlas-control ' + (options.cssClass || ''));
      div.innerHTML = options.html;
      var box = div.querySelector('details');
      if (box && options.collapseBelowPx && map.getSize().x < options.collapseBelowPx) {
        box.removeAttribute('open');
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    ctl.addTo(map);
  }

  /** Fit ``bounds`` with paddings, and again each time the iframe gets a new size until the
   * person moves the map (a press, a wheel turn, a touch or a key in it): a slow page may
   * size its frame late, and the view still opens on the whole territory. On a map
   * narrower than ``narrowPx`` the right padding (kept for an open legend) is dropped. */
  function fitBounds(map, options) {
    var touched = false;
    function fit() {
      if (touched) return;
      var narrow = options.narrowPx && map.getSize().x < options.narrowPx;
      map.fitBounds(options.bounds, {paddingTopLeft: options.topLeft, animate: false,
        paddingBottomRight: narrow ? [10, options.bottomRight[1]] : options.bottomRight});
    }
    ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach(function (type) {
      map.getContainer().addEventListener(type, function () { touched = true; },
        {capture: true, passive: true});
    });
    fit();
    map.on('resize', fit);
  }

  /** Leaflet's controls in French, the map named, and a notice when an online
   * background's tiles fail (atlas-controls.js, fetched off the first polygon's path). */
  function mapControls(map, options) {
    withModule('AtlasControls', options.controlsUrl, function (C) { C.mapControls(map, options); });
  }

  function metricScale(map) {
    L.control.scale({imperial: false, position: 'bottomleft'}).addTo(map);
  }

  /** The sources line, in Leaflet's always-visible attribution box (escaped text). */
  function attribution(map, text) {
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(escapeHtml(text));
  }

  return {
    escapeHtml: escapeHtml, ringPositions: ringPositions, symbolName: symbolName,
    polygonTooltip: polygonTooltip,
    pointLayer: pointLayer, geoJsonFile: geoJsonFile, htmlControl: htmlControl,
    placeNames: placeNames, mapControls: mapControls,
    fitBounds: fitBounds, metricScale: metricScale, attribution: attribution
  };
});
