"""What the browser tests wait for: conditions the page exposes, never a length of time.

- Streamlit's own run state: ``[data-testid="stApp"]`` carries ``data-test-script-state``
  (``running``, ``rerunRequested``, ``notRunning``), the attribute Streamlit's own
  end-to-end tests wait on; a click sets ``rerunRequested`` in the browser at once, so a
  test that waits for ``notRunning`` after an action never reads the page before its run.
- The atlas's page is complete once a map has reported (``components.map_clicks``): until
  then a caption says the controls are on their way.
- The map's frame says when its work is done (``static/atlas/atlas-map.js``):
  ``<html data-atlas-pending="0">`` once no module, file or placement is still to come,
  and ``data-atlas-placed="W×H"``, the map's size at the last placement of its labels.

``TIMEOUT`` bounds a wait on a condition; a test never sleeps for it.
"""
from __future__ import annotations

IFRAME = 'iframe[title="components.map_component.atlas_map"]'
TIMEOUT = 60_000
WAITING = "Les filtres, les listes et les exports s'affichent dès que la carte est dessinée."

IDLE_JS = """(waiting) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED'
    && !(waiting && document.body.innerText.includes(waiting));
}"""

SETTLED_JS = """(sel) => {
  const frames = document.querySelectorAll(sel);
  const d = frames.length && frames[frames.length - 1].contentDocument;
  const html = d && d.documentElement, map = d && d.querySelector('.leaflet-container');
  if (!map || html.dataset.atlasPending !== '0') return false;
  const placed = html.dataset.atlasPlaced;
  return !placed || placed === map.clientWidth + 'x' + map.clientHeight;
}"""


def app_idle(page, complete: bool = True) -> None:
    """Streamlit has finished its runs (and, with ``complete``, the page is whole: the
    controls have come after the map)."""
    page.wait_for_function(IDLE_JS, arg=WAITING if complete else "", timeout=TIMEOUT)


def map_frame(page):
    """The (last) map frame, once Leaflet has drawn its container in it."""
    page.wait_for_selector(IFRAME, state="attached", timeout=TIMEOUT)
    frame = page.frame_locator(IFRAME).last
    frame.locator(".leaflet-container").wait_for(timeout=TIMEOUT)
    return frame


def map_settled(page) -> None:
    """The last map frame has nothing left to fetch or place, and its labels were placed
    at the map's present size (after the iframe's last resize)."""
    page.wait_for_function(SETTLED_JS, arg=IFRAME, timeout=TIMEOUT)


def view_ready(page):
    """The page whole and idle, its map settled: the state a user reads. Returns the map
    frame."""
    frame = map_frame(page)
    app_idle(page)
    map_settled(page)
    return frame


IMAGES_DONE_JS = """(sel) => {
  const docs = [document, ...[...document.querySelectorAll(sel)].map(f => f.contentDocument)];
  return docs.every(d => d && [...d.images].every(i => i.complete));
}"""


def images_done(page) -> None:
    """Every image of the page and of its map frames has loaded or failed (an ``onerror``
    handler, had one been injected, would have run by then)."""
    page.wait_for_function(IMAGES_DONE_JS, arg=IFRAME, timeout=TIMEOUT)
