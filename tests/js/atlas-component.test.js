// The map component's pure parts (static/atlas/atlas-component.js), run by `node --test tests/js`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const C = require('../../static/atlas/atlas-component.js');

test('a click value carries the point, the tooltip text, the count and the view', () => {
  const bounds = [[50.1, 1.6], [50.9, 2.9]];
  assert.deepEqual(C.clickValue({lat: 50.5, lng: 2.2, alt: 3}, 'Commune : Arras', 2, bounds), {
    last_object_clicked: {lat: 50.5, lng: 2.2}, last_object_clicked_tooltip: 'Commune : Arras',
    last_object_clicked_count: 2, bounds: bounds});
  // the first value, once the map is drawn: no click yet
  assert.deepEqual(C.clickValue(null, null, 0, bounds), {last_object_clicked: null,
    last_object_clicked_tooltip: null, last_object_clicked_count: 0, bounds: bounds});
});

test('a tooltip is read as text: markup dropped, entities left to the parser', () => {
  const html = '<b>Commune</b> : Saint-Pol<br>Code INSEE : 62767';
  assert.equal(C.htmlText(html), 'Commune : Saint-Pol Code INSEE : 62767');
  assert.equal(C.htmlText('<b>A &amp; B</b>', (h) => h.replace(/<[^>]*>/g, '')
    .replace('&amp;', '&')), 'A & B');
});

test('a call gets the map, its layer or both, then its options', () => {
  const map = {m: 1}, layer = {l: 1}, options = {url: '/x'};
  assert.deepEqual(C.callArguments({fn: 'fitBounds', target: 'map', options}, map, layer),
    [map, options]);
  assert.deepEqual(C.callArguments({fn: 'pointLayer', target: 'layer', options}, map, layer),
    [layer, options]);
  assert.deepEqual(C.callArguments({fn: 'geoJsonFile', target: 'map+layer', options}, map,
    layer), [map, layer, options]);
  assert.throws(() => C.callArguments({fn: 'x', target: 'page', options}, map, layer),
    /Cible inconnue pour x : page/);
});

test('a new filter swaps the layers only; a new base rebuilds everything', () => {
  const shown = {baseKey: 'b1', layersKey: 'l1', height: 620};
  assert.deepEqual(C.changes(shown, {base_key: 'b1', layers_key: 'l1', height: 620}),
    {base: false, layers: false, height: false});
  assert.deepEqual(C.changes(shown, {base_key: 'b1', layers_key: 'l2', height: 620}),
    {base: false, layers: true, height: false});
  assert.deepEqual(C.changes(shown, {base_key: 'b2', layers_key: 'l1', height: 500}),
    {base: true, layers: true, height: true});
});
