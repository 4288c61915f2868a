// Pure functions of the map module (static/atlas/atlas-map.js), run by `node --test tests/js` (make test).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const A = require('../../static/atlas/atlas-map.js');


test('escapeHtml leaves no markup', () => {
  assert.equal(A.escapeHtml('<b a="1">O\'Neil & co</b>'),
    '&lt;b a=&quot;1&quot;&gt;O&#39;Neil &amp; co&lt;/b&gt;');
});

test('a symbol is named after the mark it shows, then its label (WCAG 2.5.3)', () => {
  assert.equal(A.symbolName('Sp', 'Stade – 1 000 €', 'Sport · 2015-2018'),
    'Sp : Stade – 1 000 € (Sport · 2015-2018)');
  assert.equal(A.symbolName(' 12 ', 'Stade', ''), '12 : Stade');
  assert.equal(A.symbolName('', 'Collège Jean Moulin', undefined), 'Collège Jean Moulin');
});

test('fanned symbols sit on the ring, evenly spaced, first at 45 degrees', () => {
  const ring = A.ringPositions({x: 100, y: 100}, 4, 20);
  assert.equal(ring.length, 4);
  for (const p of ring) {
    assert.ok(Math.abs(Math.hypot(p.x - 100, p.y - 100) - 20) < 1e-9);
  }
  assert.ok(Math.abs(ring[0].x - (100 + 20 * Math.SQRT1_2)) < 1e-9);
  assert.ok(ring[0].y < 100);                         // screen y goes down: 45° is up-right
  const gaps = ring.map((p, k) => Math.hypot(p.x - ring[(k + 1) % 4].x, p.y - ring[(k + 1) % 4].y));
  assert.ok(Math.max(...gaps) - Math.min(...gaps) < 1e-9);
  assert.deepEqual(A.ringPositions({x: 0, y: 0}, 0, 10), []);
});


test('a polygon tooltip is escaped HTML text, one line per field', () => {
  const html = A.polygonTooltip([['nom', 'Commune'], ['code_insee', 'Code INSEE'], ['x', 'Vide']],
    {nom: '<img src=x onerror=alert(1)>', code_insee: '62767'});
  assert.equal(html, '<div><b>Commune : </b>&lt;img src=x onerror=alert(1)&gt;</div>' +
    '<div><b>Code INSEE : </b>62767</div><div><b>Vide : </b></div>');
});
