// The commune finder's matching (static/atlas/atlas-finder.js), run by `node --test tests/js`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const F = require('../../static/atlas/atlas-finder.js');

const ROWS = [
  ['62767', 'Saint-Pol-sur-Ternoise', 4677], ['62119', 'Béthune', 25000],
  ['62765', 'Saint-Omer', 14000], ['62768', 'Saint-Pol-sur-Mer (fictive)', 10],
  ['62041', 'Arras', 41000], ['62510', 'Le Parcq', 700], ['62300', "Œuf-en-Ternois", 300],
  ['62520', 'Sainte-Catherine', 3400],
];

test('fold drops accents, case, hyphens and reads St/Ste as Saint/Sainte', () => {
  assert.equal(F.fold('Saint-Pol-sur-Ternoise'), 'saint pol sur ternoise');
  assert.equal(F.fold('St Pol'), 'saint pol');
  assert.equal(F.fold('ste catherine'), 'sainte catherine');
  assert.equal(F.fold('BÉTHUNE'), 'bethune');
  assert.equal(F.fold('Œuf-en-Ternois'), 'oeuf en ternois');
});

test('"st pol", "saint pôl" and "pol" find Saint-Pol-sur-Ternoise', () => {
  for (const q of ['st pol', 'saint pôl', 'Saint-Pol', 'st-pol-sur-t', 'pol sur tern']) {
    const found = F.search(ROWS, q).map((m) => m.code);
    assert.ok(found.includes('62767'), q);
  }
  assert.equal(F.search(ROWS, 'st pol sur ternoise')[0].code, '62767');
});

test('accents are optional, a code finds its commune, nothing matches nonsense', () => {
  assert.equal(F.search(ROWS, 'bethune')[0].code, '62119');
  assert.equal(F.search(ROWS, '6276').length, 3);
  assert.equal(F.search(ROWS, '62041')[0].name, 'Arras');
  assert.deepEqual(F.search(ROWS, 'zzz'), []);
  assert.deepEqual(F.search(ROWS, '   '), []);
});

test('names starting with the query come first, then the most populated', () => {
  const found = F.search(ROWS, 'saint').map((m) => m.code);
  assert.deepEqual(found, ['62765', '62767', '62520', '62768']);   // Sainte- starts with saint
  assert.ok(F.search(ROWS, 'saint', 2).length === 2);
});
