// Pure functions of the map module (static/atlas/atlas-map.js), run by `node --test tests/js` (make test).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const A = require('../../static/atlas/atlas-map.js');

const box = (left, top, right, bottom) => ({left, top, right, bottom});

test('escapeHtml leaves no markup', () => {
  assert.equal(A.escapeHtml('<b a="1">O\'Neil & co</b>'),
    '&lt;b a=&quot;1&quot;&gt;O&#39;Neil &amp; co&lt;/b&gt;');
});

test('boxes that share a border pixel do not overlap, others do', () => {
  assert.equal(A.overlaps(box(0, 0, 10, 10), box(10, 0, 20, 10)), false);
  assert.equal(A.overlaps(box(0, 0, 10, 10), box(9, 0, 20, 10)), false);
  assert.equal(A.overlaps(box(0, 0, 10, 10), box(5, 5, 20, 20)), true);
  assert.equal(A.overlaps(box(0, 0, 10, 10), box(0, 20, 10, 30)), false);
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

test('a callout box lies on its side, clear of the anchor by the reach', () => {
  const right = A.calloutBox(['right', 1, 0], 100, 100, [50, 10], 20);
  assert.deepEqual(right, box(126, 95, 176, 105));
  const left = A.calloutBox(['left', -1, 0], 100, 100, [50, 10], 20);
  assert.deepEqual(left, box(24, 95, 74, 105));
  const top = A.calloutBox(['top', 0, -1], 100, 100, [50, 10], 20);
  assert.equal(top.bottom, 100 - 20 - 6);
});

test('chooseSide skips sides that leave the map or cover an obstacle', () => {
  const frame = box(0, 0, 300, 200);
  const anchor = {x: 250, y: 100};
  // right would leave the map: left is chosen
  const chosen = A.chooseSide(anchor, [80, 12], 10, frame, []);
  assert.equal(chosen.side[0], 'left');
  // with the left side taken by another callout, the next free side is used
  const taken = A.calloutBox(['left', -1, 0], 250, 100, [80, 12], 10);
  const other = A.chooseSide(anchor, [80, 12], 10, frame, [taken]);
  assert.notEqual(other.side, A.SIDES[1]);
  assert.equal(A.overlaps(other.box, taken), false);
  // nowhere to go: null (the callout waits for a closer zoom)
  assert.equal(A.chooseSide(anchor, [400, 12], 10, frame, []), null);
});
