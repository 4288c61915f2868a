/*
 * The livret "name – amount" callouts of a project layer, placed in the browser at every
 * zoom: each where it covers no symbol, no map control and no other callout, beside its
 * symbols or moved further with a leader line; a project whose callout fits nowhere in
 * view gets a number in its symbol and a line in the "Projets numérotés" box of the map
 * (hovering or focusing a line highlights its symbol, and the other way round). The box
 * also says how many projects of the view are labelled and numbered.
 *
 * Placement is hand-written on purpose (measured, see the README's label section):
 * rbush (4.0.1) is slower than this linear scan below ~200 callouts (a map has 5-40), and
 * neither labelgun (6.1.0: hides or shows fixed boxes) nor leaflet-tooltip-layout
 * (0.1.2: force layout ignoring obstacles) tries candidate positions against obstacles
 * with leader lines.
 *
 * Loaded before atlas-map.js as a plain script (window.AtlasLabels) and as a CommonJS
 * module by the tests, which exercise the pure functions: overlaps, calloutBox,
 * chooseSide, nearestPoint, segmentHitsBox.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.AtlasLabels = factory();
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // Candidate places of a callout around its anchor, tried in this order:
  // [Leaflet direction, x offset, y offset, leader line] in units of the anchor's reach.
  // The first eight touch the symbols; the others are moved away and need a leader.
  var NEAR = [['right', 1, 0], ['left', -1, 0], ['top', 0, -1], ['bottom', 0, 1],
    ['right', 1, -1.5], ['right', 1, 1.5], ['left', -1, -1.5], ['left', -1, 1.5]];
  var FAR = [2.2, 3.6];
  var SIDES = NEAR.map(function (s) { return s.concat(false); });
  FAR.forEach(function (d) {
    var k = d * Math.SQRT1_2;
    SIDES.push(['right', d, 0, true], ['left', -d, 0, true], ['top', 0, -d, true],
      ['bottom', 0, d, true], ['right', k, -k, true], ['left', -k, -k, true],
      ['right', k, k, true], ['left', -k, k, true]);
  });
  var TOOLTIP_MARGIN_PX = 6;     // Leaflet's .leaflet-tooltip-<side> margin

  // ------------------------------------------------------------------ pure functions

  /** Two boxes {left, top, right, bottom} overlap (sharing a border pixel does not). */
  function overlaps(a, b) {
    return !(a.right <= b.left + 1 || b.right <= a.left + 1 ||
             a.bottom <= b.top + 1 || b.bottom <= a.top + 1);
  }

  /** The box Leaflet gives a tooltip of ``size`` [w, h] on ``side`` of point (x, y)
   * pushed ``reach`` pixels away (page pixels). */
  function calloutBox(side, x, y, size, reach) {
    var w = size[0], h = size[1], left, top;
    x += side[1] * reach;
    y += side[2] * reach;
    if (side[0] === 'right') { left = x + TOOLTIP_MARGIN_PX; top = y - h / 2; }
    else if (side[0] === 'left') { left = x - w - TOOLTIP_MARGIN_PX; top = y - h / 2; }
    else if (side[0] === 'top') { left = x - w / 2; top = y - h - TOOLTIP_MARGIN_PX; }
    else { left = x - w / 2; top = y + TOOLTIP_MARGIN_PX; }
    return {left: left, top: top, right: left + w, bottom: top + h};
  }

  /** The point of ``box`` nearest to ``p`` ({x, y}): where a leader line meets it. */
  function nearestPoint(box, p) {
    return {x: Math.min(Math.max(p.x, box.left), box.right),
      y: Math.min(Math.max(p.y, box.top), box.bottom)};
  }

  /** Whether the segment p-q passes through the inside of ``box`` (Liang-Barsky). */
  function segmentHitsBox(p, q, box) {
    var dx = q.x - p.x, dy = q.y - p.y, low = 0, high = 1;
    var edges = [[-dx, p.x - box.left], [dx, box.right - p.x], [-dy, p.y - box.top],
      [dy, box.bottom - p.y]];
    for (var i = 0; i < 4; i++) {
      var step = edges[i][0], room = edges[i][1];
      if (step === 0) {
        if (room <= 0) return false;
        continue;
      }
      var t = room / step;
      if (step < 0) low = Math.max(low, t); else high = Math.min(high, t);
      if (low >= high) return false;
    }
    return true;
  }

  /** The first side where a callout of ``size`` anchored at ``anchor`` ({x, y}) stays
   * inside ``frame``, covers none of ``obstacles`` and, with ``lines`` ({taken: callout
   * boxes, leaders: [[p, q]]}), covers no leader line and leads back to its anchor
   * without crossing a callout; null when there is none. */
  function chooseSide(anchor, size, reach, frame, obstacles, lines) {
    var taken = (lines && lines.taken) || [], leaders = (lines && lines.leaders) || [];
    for (var i = 0; i < SIDES.length; i++) {
      var r = calloutBox(SIDES[i], anchor.x, anchor.y, size, reach);
      var inside = r.left >= frame.left && r.right <= frame.right &&
                   r.top >= frame.top && r.bottom <= frame.bottom;
      if (!inside || obstacles.some(function (o) { return o && overlaps(r, o); })) continue;
      if (leaders.some(function (s) { return segmentHitsBox(s[0], s[1], r); })) continue;
      var end = nearestPoint(r, anchor);
      if (SIDES[i][3] && taken.some(function (t) { return segmentHitsBox(anchor, end, t); })) {
        continue;
      }
      return {side: SIDES[i], box: r, leader: SIDES[i][3] ? [anchor, end] : null};
    }
    return null;
  }

  // ------------------------------------------------------------------ the numbered list

  /** The "Projets numérotés" box (top left, under the zoom), tied to the markers. */
  function numberedBox(map, collapseBelowPx) {
    var ctl = L.control({position: 'topleft'}), parts = {};
    ctl.onAdd = function () {
      var div = L.DomUtil.create('div', 'atlas-control atlas-numbered');
      var details = L.DomUtil.create('details', '', div);
      if (!collapseBelowPx || map.getSize().x >= collapseBelowPx) details.open = true;
      parts.summary = L.DomUtil.create('summary', '', details);
      parts.count = L.DomUtil.create('p', 'atlas-count', details);
      parts.list = L.DomUtil.create('ol', '', details);
      parts.div = div;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    ctl.addTo(map);
    return parts;
  }

  function highlight(marker, item, on) {
    var el = marker.getElement && marker.getElement();
    if (el) el.classList.toggle('atlas-highlight', on);
    if (item) item.classList.toggle('atlas-highlight', on);
    marker.setZIndexOffset(on ? 1000 : 0);
  }

  function listItem(o, i, number, marker) {
    var s = o.styles[o.points.style[i]];
    var li = document.createElement('li'), dot = document.createElement('span');
    dot.className = 'dot';
    dot.style.cssText = 'background:' + s.bg + ';color:' + s.fg + ';border:1.5px ' +
      s.border + ' ' + (s.outline || s.color);
    dot.textContent = String(number);
    li.appendChild(dot);
    li.appendChild(document.createTextNode(o.points.text[i]));
    li.tabIndex = 0;
    li.dataset.point = String(i);
    ['mouseenter', 'focus'].forEach(function (e) {
      li.addEventListener(e, function () { highlight(marker, li, true); });
    });
    ['mouseleave', 'blur'].forEach(function (e) {
      li.addEventListener(e, function () { highlight(marker, li, false); });
    });
    return li;
  }

  var NUMBERED_MIN_PX = 18;     // a numbered symbol is at least this wide, to be read

  /** Grow a small symbol that carries a number around its centre (and back). */
  function readableSize(mark, numbered) {
    if (!mark.dataset.size) mark.dataset.size = mark.style.width;
    var d = parseFloat(mark.dataset.size), size = numbered ? Math.max(d, NUMBERED_MIN_PX) : d;
    mark.style.width = mark.style.height = size + 'px';
    mark.style.margin = ((d - size) / 2) + 'px';
  }

  function plural(n, one, many) { return n + ' ' + (n > 1 ? many : one); }

  /** Write the numbered lines and the count sentence; set each symbol's mark. */
  function showNumbers(box, o, markers, numbers, counts) {
    box.list.textContent = '';
    box.items = {};
    markers.forEach(function (m, i) {
      var el = m.getElement && m.getElement(), mark = el && el.firstChild;
      var s = o.styles[o.points.style[i]];
      if (mark) {
        mark.textContent = numbers[i] ? String(numbers[i]) : (s.letter || '');
        readableSize(mark, !!numbers[i]);
      }
      if (el) el.classList.toggle('atlas-numbered-point', !!numbers[i]);
      m.fire('atlasmark');       // atlas-map.js names the symbol after its new mark
    });
    counts.order.forEach(function (i) {
      box.items[i] = box.list.appendChild(listItem(o, i, numbers[i], markers[i]));
    });
    var n = counts.order.length;
    box.summary.textContent = 'Projets numérotés (' + n + ') · ' +
      plural(counts.labelled, 'étiqueté', 'étiquetés');
    box.count.textContent = 'Sur cette vue : ' +
      plural(counts.labelled, 'projet avec son étiquette', 'projets avec leur étiquette') +
      ', ' + plural(n, 'numéroté', 'numérotés') + (counts.outside ? ' ; ' +
      plural(counts.outside, 'autre hors de la vue', 'autres hors de la vue') : '') + '.' +
      (n ? ' Survolez une ligne pour voir son symbole.' : '');
    var c = box.div.parentNode && box.div.closest('.leaflet-container');
    if (c) {
      c.dataset.labelled = counts.labelled;
      c.dataset.numbered = counts.order.length;
      c.dataset.outside = counts.outside;
    }
  }

  // ------------------------------------------------------------------ placing callouts

  function rectsOf(container, selector) {
    return Array.prototype.slice.call(container.querySelectorAll(selector))
      .map(function (e) { return e.getBoundingClientRect(); });
  }

  function setLeader(state, c, segment, frame) {
    if (!segment) {
      if (state.layer.hasLayer(c.leader)) state.layer.removeLayer(c.leader);
      return;
    }
    var map = state.map;
    c.leader.setLatLngs(segment.map(function (p) {
      return map.containerPointToLatLng(L.point(p.x - frame.left, p.y - frame.top));
    }));
    if (!state.layer.hasLayer(c.leader)) state.layer.addLayer(c.leader);
  }

  function numberAll(members, numbers, counts) {
    members.forEach(function (i) {
      counts.order.push(i);
      numbers[i] = counts.order.length;
    });
  }

  /** One pass: every callout in order, numbers for what fits nowhere in view. */
  function placeOnce(state) {
    var map = state.map, container = map.getContainer();
    var frame = container.getBoundingClientRect();
    var obstacles = rectsOf(container, '.atlas-point > span').concat(
      rectsOf(container, '.leaflet-control'));
    var lines = {taken: [], leaders: []}, numbers = {}, shown = [];
    var counts = {labelled: 0, outside: 0, order: []};
    state.callouts.forEach(function (c) { c.tooltip.setContent(c.lines.join('<br>')); });
    var sizes = state.callouts.map(function (c) {
      var el = c.tooltip.getElement();
      return el ? [el.offsetWidth, el.offsetHeight] : null;
    });
    state.callouts.forEach(function (c, k) {
      var el = c.tooltip.getElement();
      if (!el || !sizes[k]) return;
      var p = map.latLngToContainerPoint(c.anchor.getLatLng());
      var anchor = {x: frame.left + p.x, y: frame.top + p.y};
      var chosen = null, members = c.members;
      if (p.x < 0 || p.y < 0 || p.x > frame.width || p.y > frame.height) {
        counts.outside += members.length;
      } else {
        chosen = chooseSide(anchor, sizes[k], c.reach, frame, obstacles, lines);
        if (!chosen && members.length > 1) {
          var next = counts.order.length + 1;
          c.tooltip.setContent(c.lines[0] + '<br><span class="more">+ n° ' + members.slice(1)
            .map(function (_, j) { return next + j; }).join(', ') + '</span>');
          chosen = chooseSide(anchor, [el.offsetWidth, el.offsetHeight], c.reach, frame,
            obstacles, lines);
          if (chosen) numberAll(members.slice(1), numbers, counts);
        }
        if (!chosen) numberAll(members, numbers, counts);
      }
      if (chosen) {
        lines.taken.push(chosen.box);
        obstacles.push(chosen.box);
        if (chosen.leader) lines.leaders.push(chosen.leader);
        counts.labelled += members.filter(function (i) { return !numbers[i]; }).length;
        c.tooltip.options.direction = chosen.side[0];
        c.tooltip.options.offset = [chosen.side[1] * c.reach, chosen.side[2] * c.reach];
        c.tooltip.update();
        shown.push({callout: c, box: chosen.box});
      }
      el.style.visibility = chosen ? 'visible' : 'hidden';
      el.dataset.leader = chosen && chosen.leader ? '1' : '';
      setLeader(state, c, chosen && chosen.leader, frame);
    });
    return {numbers: numbers, counts: counts, shown: shown};
  }

  /**
   * Place the callouts of a project layer (state: map, layer, o, markers, callouts,
   * box), then write the numbers and the list. The list box and the numbered symbols
   * (grown to be read) take room: while they cover a placed callout the placement runs
   * again (3 passes at most), and a callout still covered is numbered too.
   */
  function placeCallouts(state) {
    var result;
    for (var pass = 0; pass < 3; pass++) {
      result = placeOnce(state);
      showNumbers(state.box, state.o, state.markers, result.numbers, result.counts);
      if (!covered(state, result).length) return;
    }
    var under;
    while ((under = covered(state, result)).length) {
      under.forEach(function (s) {
        var c = s.callout, el = c.tooltip.getElement();
        el.style.visibility = 'hidden';
        setLeader(state, c, null);
        result.shown.splice(result.shown.indexOf(s), 1);
        var members = c.members.filter(function (i) { return !result.numbers[i]; });
        result.counts.labelled -= members.length;
        numberAll(members, result.numbers, result.counts);
      });
      showNumbers(state.box, state.o, state.markers, result.numbers, result.counts);
    }
  }

  /** The placed callouts now under the list box or a numbered symbol (grown to be read). */
  function covered(state, result) {
    var container = state.map.getContainer();
    var rects = [state.box.div.getBoundingClientRect()].concat(
      rectsOf(container, '.atlas-numbered-point > span'));
    return result.shown.filter(function (s) {
      return rects.some(function (r) { return overlaps(s.box, r); });
    });
  }

  return {
    placeCallouts: placeCallouts, SIDES: SIDES, overlaps: overlaps, calloutBox: calloutBox, nearestPoint: nearestPoint,
    segmentHitsBox: segmentHitsBox, chooseSide: chooseSide, numberedBox: numberedBox,
    showNumbers: showNumbers, highlight: highlight
  };
});
