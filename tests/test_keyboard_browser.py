"""The keyboard path through the atlas, in headless chromium, offline: from the page's
first Tab stop to an EPCI of the département map (Enter opens it), on to its project
list, a project's sources opened from the keyboard, and back to the map with Shift+Tab.
Every stop shows a focus ring (an outline of at least 2 px, or the thick stroke of a
focused polygon, on a visible element), and the map traps nobody: Tab leaves it forwards
and Shift+Tab backwards."""
from __future__ import annotations

import re

import pytest

from test_accessibility_browser import open_view
from waits import TIMEOUT, app_idle

MAX_STOPS = 250       # Tab presses allowed to reach a stop (a livret map has many symbols)
# The focused element, through the map's iframe: where it is, what it is, its ring.
FOCUS = """() => {
  let doc = document, el = doc.activeElement, where = 'page';
  for (;;) {
    if (el && el.tagName === 'IFRAME' && el.contentDocument) {
      where = el.title === 'components.map_component.atlas_map' ? 'carte' : 'iframe';
      doc = el.contentDocument; el = doc.activeElement;
    } else if (el && el.shadowRoot && el.shadowRoot.activeElement) {
      el = el.shadowRoot.activeElement;     // a components v2 element (« Ma commune »)
    } else break;
  }
  if (!el || el === doc.body) return {where, tag: 'body', name: '', ring: false};
  const view = el.ownerDocument.defaultView, cs = view.getComputedStyle(el), box = el.getBoundingClientRect();
  const outlined = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const stroked = el instanceof view.SVGElement && parseFloat(cs.strokeWidth) >= 3;
  const label = el.closest('label'), ringed = label && label !== el &&
    view.getComputedStyle(label).outlineStyle !== 'none';
  const shown = box.width >= 8 && box.height >= 8 && cs.visibility !== 'hidden';
  // A cell of st.dataframe: the grid draws its focused cell's ring on its canvas (its
  // cells are an accessible table under it), so the ring is the grid's, not CSS.
  const gridCell = el.getAttribute('role') === 'gridcell' &&
    Boolean(el.closest('[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]'));
  return {where, tag: el.tagName.toLowerCase(), role: el.getAttribute('role') || '',
    name: (el.getAttribute('aria-label') || (label && label.innerText) || el.innerText ||
           el.title || '').replace(/\\s+/g, ' ').trim().slice(0, 90),
    ring: Boolean((outlined && shown) || stroked || ringed || gridCell)};
}"""


def focus(page) -> dict:
    return page.evaluate(FOCUS)


@pytest.fixture(scope="module")
def app_url(streamlit_server):
    return streamlit_server("dashboard.py")


def tab_until(page, reached, stops: list, key: str = "Tab") -> dict:
    """Press ``key`` until ``reached(focus)``; each stop is added to ``stops``."""
    for _ in range(MAX_STOPS):
        page.keyboard.press(key)
        now = focus(page)
        stops.append(now)
        if reached(now):
            return now
    pytest.fail(f"{key} × {MAX_STOPS} sans l'atteindre ; derniers arrêts : {stops[-5:]}")


def no_ring(stops: list) -> list:
    return [s for s in stops if s["tag"] != "body" and not s["ring"]]


def test_keyboard_path_from_first_stop_to_a_project_source_and_back(app_url, page,
                                                                    save_screenshot):
    open_view(page, app_url, "path.atlas-keyboard")
    stops: list[dict] = []
    epci = tab_until(page, lambda f: f["where"] == "carte" and f["role"] == "button"
                     and " : " in f["name"], stops)
    assert stops[0]["where"] == "page" and stops[0]["tag"] != "body"   # the first Tab stop
    save_screenshot("keyboard-epci-focused")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]epci=\d{9}"), timeout=TIMEOUT)
    name = epci["name"].split(" : ")[0]
    page.get_by_role("heading", name=f"{name} — carte du livret").wait_for(timeout=TIMEOUT)
    page.get_by_role("heading", name="Exporter").wait_for(timeout=TIMEOUT)
    app_idle(page)

    in_map = len(stops)
    toggle = tab_until(page, lambda f: re.match(r"Afficher le tableau des \d+ projets",
                                                 f["name"]), stops)
    assert any(s["where"] == "carte" for s in stops[in_map:]), "la carte de l'EPCI sautée"
    page.keyboard.press("Space")                        # the project list
    chooser = page.get_by_role("combobox", name="Lire les passages des actes cités")
    chooser.wait_for(timeout=TIMEOUT)
    app_idle(page)
    tab_until(page, lambda f: f["name"].startswith("Lire les passages")
              or f["role"] == "combobox" and "choisir un projet" in f["name"], stops)
    app_idle(page)                      # a key pressed during a rerun lands on the old widget
    page.keyboard.press("ArrowDown")                    # open the list, first project
    page.get_by_role("listbox").get_by_role("option").nth(1).wait_for(timeout=TIMEOUT)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_text(re.compile("^Sources de « ")).wait_for(timeout=TIMEOUT)
    app_idle(page)
    save_screenshot("keyboard-sources")

    back = len(stops)                                   # back to the map, backwards
    tab_until(page, lambda f: f["where"] == "carte", stops, key="Shift+Tab")
    assert toggle["name"] in [s["name"] for s in stops[back:]]
    tab_until(page, lambda f: f["where"] == "page", stops, key="Shift+Tab")   # out of it
    assert no_ring(stops) == [], no_ring(stops)
