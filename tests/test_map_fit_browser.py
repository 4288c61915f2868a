"""The livret map opens on its whole EPCI whenever its frame gets its size, however late
(headless Debian chromium): a slow page may size the map's iframe after its first
drawing, and the map then fits the EPCI again; once the person has moved the map, a new
size no longer moves it back."""
from __future__ import annotations

import pytest

from geo.atlas import Atlas
from waits import map_settled, view_ready

BETHUNE = "200072460"          # wider than tall: a narrower frame needs a smaller zoom
SHOWS_EPCI_JS = """(b) => window.map.getBounds().contains(L.latLngBounds(b))"""
WIDTH_JS = "() => window.map.getContainer().clientWidth"
CENTRE_JS = "() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }"


@pytest.fixture(scope="module")
def app_url(streamlit_server):
    return streamlit_server("dashboard.py")


def _epci_bounds(siren: str) -> list[list[float]]:
    communes = Atlas.load().communes
    minx, miny, maxx, maxy = communes[communes["epci_siren"] == siren].total_bounds
    return [[miny, minx], [maxy, maxx]]


def _map_page(page):
    view_ready(page)
    return next(f for f in page.frames if f.evaluate("() => !!window.map"))


def _resize(page, frame, width: int) -> None:
    """The window at ``width``, once the map's frame has its new size and has placed its
    labels for it."""
    before = frame.evaluate(WIDTH_JS)
    page.set_viewport_size({"width": width, "height": 900})
    frame.wait_for_function(f"() => ({WIDTH_JS})() !== {before}")
    map_settled(page)


def test_a_late_size_fits_the_epci_again_until_the_map_is_moved(app_url, page):
    bounds = _epci_bounds(BETHUNE)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{app_url}/?epci={BETHUNE}")
    frame = _map_page(page)
    assert frame.evaluate(SHOWS_EPCI_JS, bounds)
    zoom = frame.evaluate("() => window.map.getZoom()")
    _resize(page, frame, 600)                                   # long after the first fit
    assert frame.evaluate("() => window.map.getZoom()") < zoom
    assert frame.evaluate(SHOWS_EPCI_JS, bounds)
    _resize(page, frame, 1366)
    box = frame.locator(".leaflet-container").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    frame.evaluate("() => { window.dragEnded = false;"
                   " window.map.on('dragend', () => window.map.once('moveend',"
                   " () => { window.dragEnded = true; }));}")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=5)                   # the person drags the map
    page.mouse.up()
    frame.wait_for_function("() => window.dragEnded")         # its glide over too
    moved = frame.evaluate(CENTRE_JS)
    _resize(page, frame, 1100)
    assert frame.evaluate(CENTRE_JS) == pytest.approx(moved, abs=1e-6)
