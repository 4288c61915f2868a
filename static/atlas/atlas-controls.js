/*
 * The map's controls for keyboard and screen-reader users, in French: Leaflet's own
 * buttons (zoom, layers) renamed, the map container named, polygons of a layer that asks
 * for it made keyboard buttons that click where the mouse would, and a notice on the map
 * when an online background's tiles do not load.
 *
 * Loaded by atlas-map.js when a map needs it (window.AtlasControls), after the map's own
 * script: it is not on the path to the first polygon. As a CommonJS module for the tests
 * (node --test tests/js), which exercise the pure functions featureLabel, activates,
 * backgroundName, tileNoticeText and nextTileState.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.AtlasControls = factory();
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // Accessible names (title and aria-label) of Leaflet's controls, by CSS selector.
  var CONTROL_NAMES = [
    ['.leaflet-control-zoom-in', 'Zoom avant'],
    ['.leaflet-control-zoom-out', 'Zoom arrière'],
    ['.leaflet-control-layers-toggle', 'Couches de la carte'],
    ['.leaflet-control-attribution a[href*="leafletjs.com"]',
      'Leaflet, bibliothèque de cartes (site en anglais)']
  ];
  var MAP_NAME = 'Carte interactive (flèches : se déplacer ; + et − : zoomer)';
  var MAP_TITLE = 'Carte de l\'atlas du Pas-de-Calais';

  // ------------------------------------------------------------------ pure functions

  function plain(value) {
    return value == null ? '' : String(value).trim();
  }

  /** Accessible name of a keyboard polygon: "<name> : <value> — <action>" from its
   * properties, spec = {name, value (property names), action (French text)}. */
  function featureLabel(props, spec) {
    var name = plain(props[spec.name]), value = plain(props[spec.value]);
    if (/^[-–—]$/.test(value)) value = 'sans donnée';     // the tooltip's dash, said
    var text = value ? name + ' : ' + value : name;
    return spec.action ? text + ' — ' + spec.action : text;
  }

  /** Whether a key (KeyboardEvent.key) presses a button: Enter or Space. */
  function activates(key) {
    return key === 'Enter' || key === ' ' || key === 'Spacebar';
  }

  /** "Fond OpenStreetMap (en ligne)" -> "Fond OpenStreetMap" (the layer control's name
   * without its parenthesis); "Fond de carte" when the layer has no name. */
  function backgroundName(layerName) {
    return plain(layerName).replace(/\s*\([^)]*\)$/, '') || 'Fond de carte';
  }

  function tileNoticeText(layerName) {
    return backgroundName(layerName) + ' indisponible : ses tuiles ne se chargent pas ' +
      '(pas de connexion\u00a0?). La carte reste lisible sans fond.';
  }

  /** A tile layer's notice state after one of its events ('loading': a new set of tiles
   * is asked for; 'tileload'; 'tileerror'; 'remove'): shown while its tiles fail and
   * none of the current set has loaded. state = {errors, loaded, shown}. */
  function nextTileState(state, type) {
    var s = {errors: state.errors, loaded: state.loaded, shown: state.shown};
    if (type === 'remove') return {errors: 0, loaded: 0, shown: false};
    if (type === 'loading') { s.errors = 0; s.loaded = 0; }
    if (type === 'tileerror') { s.errors += 1; s.shown = s.loaded === 0; }
    if (type === 'tileload') { s.loaded += 1; s.shown = false; }
    return s;
  }

  // ------------------------------------------------------------------ controls

  function setName(el, name) {
    if (el.getAttribute('aria-label') === name && el.title === name) return;
    el.title = name;
    el.setAttribute('aria-label', name);
  }

  /** Leaflet's controls named in French, now and whenever a control is (re)built (the
   * layer control rebuilds its list; streamlit-folium may add a layer control later). */
  function frenchControls(map) {
    var container = map.getContainer();
    if (!container.getAttribute('aria-label')) {
      container.setAttribute('role', 'region');
      container.setAttribute('aria-label', MAP_NAME);
    }
    if (map.zoomControl) {
      map.zoomControl.options.zoomInTitle = CONTROL_NAMES[0][1];
      map.zoomControl.options.zoomOutTitle = CONTROL_NAMES[1][1];
    }
    function apply() {
      CONTROL_NAMES.forEach(function (pair) {
        container.querySelectorAll(pair[0]).forEach(function (el) { setName(el, pair[1]); });
      });
    }
    apply();
    var corners = container.querySelector('.leaflet-control-container');
    if (corners && typeof MutationObserver !== 'undefined') {
      new MutationObserver(apply).observe(corners, {childList: true, subtree: true});
    }
  }

  // ------------------------------------------------------------------ keyboard polygons

  /** Fire what a mouse click at ``latlng`` on ``layer`` fires (Map._fireDOMEvent): preclick
   * then click, on the layer and its parents (where streamlit-folium listens), then on the
   * map. */
  function clickAt(map, layer, latlng, originalEvent) {
    var containerPoint = map.latLngToContainerPoint(latlng);
    var data = {latlng: latlng, containerPoint: containerPoint,
      layerPoint: map.containerPointToLayerPoint(containerPoint), originalEvent: originalEvent};
    ['preclick', 'click'].forEach(function (type) {
      layer.fire(type, data, true);
      map.fire(type, data, true);
    });
  }

  /** The point inside the polygon its click uses: label_lat / label_lon (a point on its
   * surface, computed by the server), else its centre. */
  function labelPoint(layer, props) {
    var lat = Number(props.label_lat), lon = Number(props.label_lon);
    return props.label_lat != null && isFinite(lat) && isFinite(lon) ?
      L.latLng(lat, lon) : layer.getCenter();
  }

  /**
   * Make one polygon a keyboard button: reached by Tab (role button, aria-label from
   * featureLabel), outlined while focused, its tooltip shown at its label point; Enter or
   * Space clicks it there, as the mouse does. ``props``: its properties and joined values;
   * ``spec``: {name, value, action} (see featureLabel).
   */
  function keyboardFeature(map, layer, props, spec) {
    var latlng = labelPoint(layer, props), outline = null;
    function onFocus() {
      var container = map.getContainer();
      container.scrollTop = 0;       // focus must not scroll the map's own box
      container.scrollLeft = 0;
      if (!map.getBounds().contains(latlng)) map.panTo(latlng);
      outline = L.polygon(layer.getLatLngs(), {interactive: false, fill: false,
        className: 'atlas-focus-outline', color: '#111111', weight: 4, opacity: 1}).addTo(map);
      if (layer.getTooltip()) layer.openTooltip(latlng);
    }
    function onBlur() {
      if (outline) outline.remove();
      outline = null;
    }
    function setup() {
      var el = layer.getElement && layer.getElement();
      if (!el || el.getAttribute('tabindex') === '0') return;
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', featureLabel(props, spec));
      L.DomUtil.addClass(el, 'atlas-keyboard');
      L.DomEvent.on(el, 'focus', onFocus);
      L.DomEvent.on(el, 'blur', onBlur);
      L.DomEvent.on(el, 'keydown', function (e) {
        if (!activates(e.key) || e.repeat) return;
        L.DomEvent.preventDefault(e);              // Space must not scroll the page
        clickAt(map, layer, latlng, e);
      });
    }
    layer.on('add', setup);        // a path gets a new element each time it is added
    layer.on('remove', onBlur);
    setup();
  }

  // ------------------------------------------------------------------ online backgrounds

  /** A box at the top of the map (role status) saying which online backgrounds do not
   * load; each tile layer switched on in the layer control is watched. */
  function tileNotices(map) {
    var box = L.DomUtil.create('div', 'atlas-tile-notice', map.getContainer());
    box.setAttribute('role', 'status');
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var lines = {};
    function show(id, name, shown) {
      if (shown && !lines[id]) {
        lines[id] = L.DomUtil.create('p', '', box);
        lines[id].textContent = tileNoticeText(name);
      } else if (!shown && lines[id]) {
        L.DomUtil.remove(lines[id]);
        delete lines[id];
      }
    }
    function watch(layer, name) {
      if (layer._atlasWatched) return;
      layer._atlasWatched = true;
      var id = L.Util.stamp(layer), state = nextTileState({}, 'remove');
      layer.on('loading tileload tileerror remove', function (e) {
        state = nextTileState(state, e.type);
        show(id, name, state.shown);
      });
    }
    map.on('overlayadd baselayerchange', function (e) {
      if (e.layer instanceof L.GridLayer) watch(e.layer, e.name);
    });
    map.eachLayer(function (layer) {
      if (layer instanceof L.GridLayer) watch(layer, '');
    });
  }

  // ------------------------------------------------------------------ the map's document

  /** The map's own document (streamlit-folium's iframe: English, untitled) in French and
   * titled, its content a main landmark led by a level-one heading, visually hidden: the
   * page around the map shows which map it is. */
  function frameDocument(doc, title) {
    doc.documentElement.lang = 'fr';
    doc.title = title;
    var root = doc.getElementById('root');
    if (!root) return;
    root.setAttribute('role', 'main');
    var heading = root.querySelector('h1.atlas-map-title');
    if (!heading) {
      heading = doc.createElement('h1');
      heading.className = 'atlas-map-title';
      root.insertBefore(heading, root.firstChild);
    }
    heading.textContent = title;
  }

  /** Everything a map gets from this module (AtlasMap.mapControls); options: title. */
  function mapControls(map, options) {
    frenchControls(map);
    tileNotices(map);
    frameDocument(map.getContainer().ownerDocument, (options && options.title) || MAP_TITLE);
  }

  return {
    featureLabel: featureLabel, activates: activates, backgroundName: backgroundName,
    tileNoticeText: tileNoticeText, nextTileState: nextTileState,
    frenchControls: frenchControls, keyboardFeature: keyboardFeature,
    tileNotices: tileNotices, frameDocument: frameDocument, mapControls: mapControls
  };
});
