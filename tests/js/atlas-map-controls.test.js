// Pure functions of the controls module (static/atlas/atlas-controls.js): accessible names
// of keyboard polygons, the keys that press them, the tile notice. `node --test tests/js`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const C = require('../../static/atlas/atlas-controls.js');
const A = require('../../static/atlas/atlas-map.js');

const SPEC = {name: 'nom', value: 'valeur_txt', action: 'ouvrir sa carte'};

test('a keyboard polygon is named "<name> : <value> — <action>"', () => {
  assert.equal(C.featureLabel({nom: 'CA de Lens-Liévin', valeur_txt: '12\u202f345\u00a0€'}, SPEC),
    'CA de Lens-Liévin : 12\u202f345\u00a0€ — ouvrir sa carte');
  // no value: the name and the action only, never "undefined" or "null"
  assert.equal(C.featureLabel({nom: 'CC du Ternois'}, SPEC), 'CC du Ternois — ouvrir sa carte');
  assert.equal(C.featureLabel({nom: ' CC du Ternois ', valeur_txt: null}, SPEC),
    'CC du Ternois — ouvrir sa carte');
  assert.equal(C.featureLabel({nom: 'X', valeur_txt: 0}, SPEC), 'X : 0 — ouvrir sa carte');
  // the tooltip's dash for "no value" is read as words
  assert.equal(C.featureLabel({nom: 'CA du Pays de Saint-Omer', valeur_txt: '–'}, SPEC),
    'CA du Pays de Saint-Omer : sans donnée — ouvrir sa carte');
  assert.equal(C.featureLabel({nom: 'X', valeur_txt: 'v'}, {name: 'nom', value: 'valeur_txt'}),
    'X : v');
});

test('Enter and Space press a keyboard polygon, other keys do not', () => {
  assert.ok(C.activates('Enter'));
  assert.ok(C.activates(' '));
  assert.ok(C.activates('Spacebar'));      // old browsers' name of the space bar
  for (const key of ['Tab', 'Escape', 'ArrowDown', 'a', '+', '', undefined]) {
    assert.equal(C.activates(key), false, String(key));
  }
});

test('the tile notice names the background without "(en ligne)", in French', () => {
  assert.equal(C.backgroundName('Fond OpenStreetMap (en ligne)'), 'Fond OpenStreetMap');
  assert.equal(C.backgroundName('Fond Plan IGN (en ligne)'), 'Fond Plan IGN');
  assert.equal(C.backgroundName(''), 'Fond de carte');
  assert.equal(C.backgroundName(undefined), 'Fond de carte');
  assert.equal(C.tileNoticeText('Fond OpenStreetMap (en ligne)'),
    'Fond OpenStreetMap indisponible : ses tuiles ne se chargent pas ' +
    '(pas de connexion\u00a0?). La carte reste lisible sans fond.');
});

test('the notice shows while tiles fail and none loaded, and goes when one loads or the ' +
     'layer is switched off', () => {
  const run = (types) => types.reduce(C.nextTileState, C.nextTileState({}, 'remove'));
  assert.equal(run([]).shown, false);
  assert.equal(run(['loading']).shown, false);
  assert.equal(run(['loading', 'tileerror']).shown, true);
  assert.equal(run(['loading', 'tileerror', 'tileerror']).errors, 2);
  assert.equal(run(['loading', 'tileerror', 'tileload']).shown, false);
  assert.equal(run(['loading', 'tileload', 'tileerror']).shown, false);  // partly loaded
  assert.equal(run(['loading', 'tileerror', 'remove']).shown, false);
  // panning offline asks for new tiles: the notice stays until they load or fail
  assert.equal(run(['loading', 'tileerror', 'loading']).shown, true);
  assert.equal(run(['loading', 'tileerror', 'loading', 'tileload']).shown, false);
  // back online: a new set of tiles that loads hides it, a failing set shows it again
  assert.equal(run(['tileload', 'loading', 'tileerror']).shown, true);
  // the state is not changed in place
  const state = C.nextTileState({}, 'remove');
  C.nextTileState(state, 'tileerror');
  assert.deepEqual(state, {errors: 0, loaded: 0, shown: false});
});

test('the map module exposes mapControls and loads beside the controls module', () => {
  assert.equal(typeof A.mapControls, 'function');
  assert.equal(typeof C.mapControls, 'function');
  assert.equal(typeof C.keyboardFeature, 'function');
});
