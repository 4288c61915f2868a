/*
 * « Ma commune »: a type-ahead on the 887 communes (ARIA combobox). Accents, case,
 * hyphens and apostrophes are ignored, and "St"/"Ste" read as "Saint"/"Sainte", so
 * "st pol", "Saint-Pol" and "saint pôl" all find Saint-Pol-sur-Ternoise; a code INSEE
 * finds its commune too. Choosing a commune sends its code to Python
 * (components/commune_finder.py), which opens the commune view.
 *
 * Mounted by Streamlit's components v2 (the Python side appends the ES module's
 * ``export default``), and loaded as a CommonJS module by the tests (node --test
 * tests/js), which exercise fold and search.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.AtlasFinder = factory();
  }
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';
  var MAX_SHOWN = 8;

  /** The text as the finder compares it: lower case, no accents, words split on
   * spaces, hyphens and apostrophes, "st"/"ste" as "saint"/"sainte". */
  function fold(text) {
    var plain = String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/œ/g, 'oe').replace(/æ/g, 'ae')
      .replace(/[-'’`.,()]/g, ' ').replace(/\s+/g, ' ').trim();
    return plain.split(' ').map(function (w) {
      return w === 'st' ? 'saint' : (w === 'ste' ? 'sainte' : w);
    }).join(' ');
  }

  /** Score of a folded name against a folded query (0: no match): the whole name
   * starting with the query first, then every query word starting a name word in
   * order, then the query anywhere. */
  function score(name, query) {
    if (!query) return 0;
    if (name.indexOf(query) === 0) return 3;
    var words = name.split(' '), at = 0;
    var inOrder = query.split(' ').every(function (q) {
      for (; at < words.length; at++) {
        if (words[at].indexOf(q) === 0) { at++; return true; }
      }
      return false;
    });
    if (inOrder) return 2;
    return name.indexOf(query) >= 0 ? 1 : 0;
  }

  /** The communes matching ``query`` (rows [code, name, population]), best first
   * (score, then population, then name), at most ``limit``. */
  function search(rows, query, limit) {
    var q = fold(query || '');
    if (!q) return [];
    var digits = /^[0-9][0-9ab]*$/i.test(q.replace(/ /g, ''));
    var found = [];
    rows.forEach(function (r) {
      var s = digits ? (String(r[0]).toLowerCase().indexOf(q) === 0 ? 3 : 0) : score(fold(r[1]), q);
      if (s) found.push({code: r[0], name: r[1], population: r[2], score: s});
    });
    found.sort(function (a, b) {
      return b.score - a.score || b.population - a.population || (a.name < b.name ? -1 : 1);
    });
    return found.slice(0, limit || MAX_SHOWN);
  }

  // ------------------------------------------------------------------ the widget

  function build(parent, label) {
    var box = document.createElement('div');
    box.className = 'atlas-finder';
    var id = 'atlas-finder-' + Math.random().toString(36).slice(2, 8);
    box.innerHTML = '<label for="' + id + '"></label>' +
      '<input id="' + id + '" type="text" role="combobox" autocomplete="off" ' +
      'aria-autocomplete="list" aria-expanded="false" aria-controls="' + id + '-list">' +
      '<ul id="' + id + '-list" role="listbox" hidden></ul>' +
      '<div class="atlas-finder-status" role="status" aria-live="polite"></div>';
    box.querySelector('label').textContent = label;
    parent.appendChild(box);
    return box;
  }

  function render(box, matches, active) {
    var list = box.querySelector('ul'), input = box.querySelector('input');
    list.textContent = '';
    matches.forEach(function (m, k) {
      var li = document.createElement('li');
      li.id = list.id + '-' + k;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', k === active ? 'true' : 'false');
      li.dataset.code = m.code;
      li.textContent = m.name + ' (' + m.code + ')';
      list.appendChild(li);
    });
    list.hidden = !matches.length;
    input.setAttribute('aria-expanded', matches.length ? 'true' : 'false');
    if (active >= 0 && matches.length) input.setAttribute('aria-activedescendant', list.id + '-' + active);
    else input.removeAttribute('aria-activedescendant');
  }

  /** Mount the finder (component: Streamlit's v2 component object; its data holds
   * label, placeholder and rows). */
  function mount(component) {
    var data = component.data || {}, parent = component.parentElement;
    var box = parent.querySelector('.atlas-finder') || build(parent, data.label || 'Commune');
    var input = box.querySelector('input'), status = box.querySelector('.atlas-finder-status');
    input.placeholder = data.placeholder || '';
    var state = {matches: [], active: -1};
    function update() {
      state.matches = search(data.rows || [], input.value);
      state.active = state.matches.length ? 0 : -1;
      render(box, state.matches, state.active);
      status.textContent = input.value.trim() ?
        (state.matches.length ? state.matches.length + ' commune(s) proposée(s)' :
          'Aucune commune du Pas-de-Calais ne correspond') : '';
    }
    function choose(k) {
      var m = state.matches[k];
      if (!m) return;
      input.value = m.name;
      render(box, [], -1);
      status.textContent = m.name + ' choisie';
      component.setTriggerValue('chosen', m.code);
    }
    input.oninput = update;
    input.onkeydown = function (e) {
      var n = state.matches.length;
      if (e.key === 'ArrowDown' && n) { state.active = (state.active + 1) % n; }
      else if (e.key === 'ArrowUp' && n) { state.active = (state.active - 1 + n) % n; }
      else if (e.key === 'Enter') { e.preventDefault(); choose(state.active); return; }
      else if (e.key === 'Escape') { render(box, [], -1); return; }
      else return;
      e.preventDefault();
      render(box, state.matches, state.active);
    };
    box.querySelector('ul').onmousedown = function (e) {
      var li = e.target.closest('li');
      if (li) { e.preventDefault(); choose(Array.prototype.indexOf.call(li.parentNode.children, li)); }
    };
    input.onblur = function () { render(box, [], -1); };
  }

  return {fold: fold, score: score, search: search, mount: mount};
});
