/*
 * The atlas's map component in the browser: builds the Leaflet map a map spec describes
 * (components/map_spec.py) with the functions of atlas-map.js, swaps its filtered layers
 * when Python sends new ones, and sends back the first value once drawn, then each click
 * on a map object (its point, its tooltip's text, a click count, the view's bounds).
 *
 * Loaded by the component's page (static/map-component/index.html), which speaks
 * Streamlit's component protocol and calls start(send) once, then render(args) at each
 * render; and as a CommonJS module by the tests (node --test tests/js), which exercise
 * the pure functions.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.AtlasComponent = factory();
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // ------------------------------------------------------------------ pure functions

  /** The text of a tooltip's HTML (markup and entities read, nothing run or fetched). */
  function htmlText(html, parse) {
    var text = parse ? parse(String(html)) : String(html).replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]*>/g, '');
    return text.replace(/\s+/g, ' ').trim();
  }

  /** The component's value: the clicked point and tooltip (null before any click), the
   * number of clicks so far and the view's bounds [[south, west], [north, east]]. */
  function clickValue(latlng, tooltip, count, bounds) {
    return {
      last_object_clicked: latlng ? {lat: latlng.lat, lng: latlng.lng} : null,
      last_object_clicked_tooltip: tooltip == null ? null : tooltip,
      last_object_clicked_count: count,
      bounds: bounds
    };
  }

  /** The arguments of AtlasMap[call.fn] for a call on ``target`` "map", "layer" or
   * "map+layer". */
  function callArguments(call, map, layer) {
    var on = {map: [map], layer: [layer], 'map+layer': [map, layer]}[call.target];
    if (!on) throw new Error('Cible inconnue pour ' + call.fn + ' : ' + call.target);
    return on.concat([call.options]);
  }

  /** What a new render changes: the whole map (a new base) or its filtered layers. */
  function changes(shown, args) {
    var base = shown.baseKey !== args.base_key;
    return {base: base, layers: base || shown.layersKey !== args.layers_key,
      height: shown.height !== args.height};
  }

  // ------------------------------------------------------------------ the map

  var send = null, parse = null;
  var shown = {baseKey: null, layersKey: null, height: null, map: null, control: null,
    filtered: [], clicks: 0};

  function start(sendMessage) {
    send = sendMessage;
    parse = function (html) {
      return new DOMParser().parseFromString(html, 'text/html').body.textContent || '';
    };
  }

  function boundsOf(map) {
    var b = map.getBounds();
    return [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]];
  }

  function report(latlng, tooltip) {
    send('streamlit:setComponentValue', {dataType: 'json',
      value: clickValue(latlng, tooltip, shown.clicks, boundsOf(shown.map))});
  }

  function onClick(e) {
    var target = e.sourceTarget || e.layer, tip = target && target.getTooltip &&
      target.getTooltip();
    var content = tip && tip.getContent();
    shown.clicks += 1;
    report(e.latlng, typeof content === 'string' ? htmlText(content, parse) : null);
  }

  function drawLayer(map, spec) {
    var group = L.featureGroup();
    spec.calls.forEach(function (call) {
      window.AtlasMap[call.fn].apply(null, callArguments(call, map, group));
    });
    group.on('click', onClick);
    group.addTo(map);
    return group;
  }

  function buildMap(base) {
    if (shown.map) shown.map.remove();
    var map = shown.map = window.map = L.map('map', {minZoom: base.minZoom,
      maxZoom: base.maxZoom, zoomSnap: base.zoomSnap, zoomControl: true,
      center: [0, 0], zoom: 1});
    var overlays = [];
    base.tiles.forEach(function (t) {
      overlays.push([L.tileLayer(t.url, {attribution: t.attribution, maxZoom: t.maxZoom}),
        t.name]);
    });
    base.items.forEach(function (item) {
      if (item.call) {
        window.AtlasMap[item.call.fn].apply(null, callArguments(item.call, map));
      } else {
        overlays.push([drawLayer(map, item.layer), item.layer.name]);
      }
    });
    shown.control = null;
    if (base.layerControl) {
      shown.control = L.control.layers(null, null, {collapsed: true});
      overlays.forEach(function (o) { shown.control.addOverlay(o[0], o[1]); });
      shown.control.addTo(map);
    }
    shown.filtered = [];
  }

  function swapLayers(layers) {
    var map = shown.map, control = shown.control;
    shown.filtered.forEach(function (group) {
      if (control) control.removeLayer(group);
      map.removeLayer(group);
    });
    shown.filtered = layers.map(function (spec) {
      var group = drawLayer(map, spec);
      if (control) control.addOverlay(group, spec.name);
      return group;
    });
  }

  function render(args) {
    var change = changes(shown, args);
    if (change.height) send('streamlit:setFrameHeight', {height: args.height});
    shown.height = args.height;
    if (change.base) buildMap(args.base);
    if (change.layers) swapLayers(args.layers);
    var first = change.base;
    shown.baseKey = args.base_key;
    shown.layersKey = args.layers_key;
    if (first) report(null, null);       // drawn: the page may complete
  }

  return {htmlText: htmlText, clickValue: clickValue, callArguments: callArguments,
    changes: changes, start: start, render: render};
});
