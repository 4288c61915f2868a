// Pure functions of the callout module (static/atlas/atlas-labels.js), run by `node --test tests/js`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const A = require('../../static/atlas/atlas-labels.js');

const box = (left, top, right, bottom) => ({left, top, right, bottom});

test('boxes that share a border pixel do not overlap, others do', () => {
  assert.equal(A.overlaps(box(0, 0, 10, 10), box(10, 0, 20, 10)), false);
  assert.equal(A.overlaps(box(0, 0, 10, 10), box(9, 0, 20, 10)), false);
  assert.equal(A.overlaps(box(0, 0, 10, 10), box(5, 5, 20, 20)), true);
  assert.equal(A.overlaps(box(0, 0, 10, 10), box(0, 20, 10, 30)), false);
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

test('a callout that fits nowhere beside its anchor moves away with a leader line', () => {
  const frame = box(0, 0, 400, 300);
  const anchor = {x: 200, y: 150};
  // the eight places touching the symbols are all blocked by a ring of obstacles
  const ring = box(120, 125, 280, 175);
  const chosen = A.chooseSide(anchor, [60, 12], 10, frame, [ring]);
  assert.ok(chosen && chosen.leader, 'moved with a leader');
  assert.equal(A.overlaps(chosen.box, ring), false);
  const [start, end] = chosen.leader;
  assert.deepEqual(start, anchor);
  assert.deepEqual(end, A.nearestPoint(chosen.box, anchor));
});

test('a moved callout never covers a leader line nor sends its own through a callout', () => {
  const frame = box(0, 0, 400, 300);
  const anchor = {x: 200, y: 150};
  const ring = box(120, 125, 280, 175);
  const first = A.chooseSide(anchor, [60, 12], 10, frame, [ring]);
  const lines = {taken: [first.box], leaders: [first.leader]};
  const second = A.chooseSide({x: 205, y: 150}, [60, 12], 10, frame, [ring, first.box], lines);
  assert.ok(second, 'another place is found');
  assert.equal(A.segmentHitsBox(first.leader[0], first.leader[1], second.box), false);
  assert.equal(A.segmentHitsBox(second.leader[0], second.leader[1], first.box), false);
});

test('segmentHitsBox: through, beside and touching', () => {
  const b = box(10, 10, 20, 20);
  assert.equal(A.segmentHitsBox({x: 0, y: 15}, {x: 30, y: 15}, b), true);
  assert.equal(A.segmentHitsBox({x: 0, y: 0}, {x: 30, y: 5}, b), false);
  assert.equal(A.segmentHitsBox({x: 0, y: 10}, {x: 30, y: 10}, b), false);   // along its border
  assert.equal(A.segmentHitsBox({x: 15, y: 0}, {x: 15, y: 12}, b), true);    // ends inside
  assert.deepEqual(A.nearestPoint(b, {x: 0, y: 15}), {x: 10, y: 15});
});
