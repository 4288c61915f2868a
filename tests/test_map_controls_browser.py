"""The map's controls for keyboard and screen-reader users, in the real dashboard (headless
Debian chromium, every off-machine request blocked, so online tiles fail): Leaflet's
controls named in French, every focus stop of the map named in French, each EPCI of the
département map reached by Tab and opened by Enter or Space as by a click, and a notice
on the map when an online background does not load. Also, without a browser: the point
where a keyboard "click" lands is inside its EPCI for all 20 of them."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from components import geo_files
from geo.data import territory
from waits import IFRAME, TIMEOUT, app_idle, map_settled

LENS = "CA de Lens - Liévin"
SAINT_OMER = "CA du Pays de Saint-Omer"   # concave: its centroid lies outside it
SEPT_VALLEES = "200044030"
# English a focus stop must not be named with (Leaflet's defaults, common control words)
ENGLISH = re.compile(r"\b(zoom in|zoom out|layers?|toggle|full ?screen|exit|close|open|show|"
                     r"hide|map|marker|contributors|button|menu|legend)\b", re.IGNORECASE)
# The accessible name as the browser computes it for these elements (accname order:
# aria-labelledby, aria-label, the label of a form field, the text, title / alt).
ACCESSIBLE_NAME = """el => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim();
  const by = el.getAttribute('aria-labelledby');
  if (by) return clean(by.split(' ').map(id => document.getElementById(id))
                        .filter(Boolean).map(n => n.textContent).join(' '));
  if (clean(el.getAttribute('aria-label'))) return clean(el.getAttribute('aria-label'));
  if (el.labels && el.labels.length) return clean([...el.labels].map(l => l.textContent).join(' '));
  return clean(el.innerText || el.textContent) || clean(el.getAttribute('title')) ||
         clean(el.getAttribute('alt'));
}"""


@pytest.fixture(scope="module")
def app_url(streamlit_server):
    return streamlit_server("dashboard.py")


def _frame(page):
    """The map's iframe (a Playwright Frame) once Leaflet has drawn in it and the page's
    runs are over (the map's first value starts a run that draws the charts beside it;
    the page reflows meanwhile, and a control opened then may close)."""
    handle = page.wait_for_selector(IFRAME, state="attached", timeout=TIMEOUT)
    frame = handle.content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=TIMEOUT)
    app_idle(page)
    map_settled(page)
    return frame


def _epci_path(frame, name: str):
    path = frame.locator(f'path[role="button"][aria-label^="{name} : "]')
    path.wait_for(state="attached", timeout=TIMEOUT)
    return path


def _focused(frame) -> dict | None:
    """The element that has the keyboard focus in the map's iframe, described."""
    return frame.evaluate(f"""() => {{
      const el = document.activeElement;
      if (!el || el === document.body || !el.closest('.leaflet-container')) return null;
      return {{tag: el.tagName.toLowerCase(), cls: String(el.className.baseVal ?? el.className),
               role: el.getAttribute('role'), label: el.getAttribute('aria-label'),
               name: ({ACCESSIBLE_NAME})(el)}};
    }}""")


def _tab_stops(page, frame, limit: int = 120) -> list[dict]:
    """Every focus stop of the map, by pressing Tab from the map container until the focus
    leaves the map; the collapsed layer control is opened with Enter on the way."""
    frame.locator(".leaflet-container").focus()
    stops = [_focused(frame)]
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = _focused(frame)
        if stop is None:
            return stops
        stops.append(stop)
        if "leaflet-control-layers-toggle" in stop["cls"]:
            page.keyboard.press("Enter")          # show its checkboxes, they are stops too
    pytest.fail(f"still in the map after {limit} Tab presses: {stops[-3:]}")


def test_zoom_and_layer_controls_are_named_in_french(app_url, page):
    page.goto(app_url)
    frame = _frame(page)
    for selector, name in [(".leaflet-control-zoom-in", "Zoom avant"),
                           (".leaflet-control-zoom-out", "Zoom arrière"),
                           (".leaflet-control-layers-toggle", "Couches de la carte")]:
        control = frame.locator(selector)
        expect(control).to_have_attribute("title", name, timeout=TIMEOUT)
        expect(control).to_have_attribute("aria-label", name)
    assert frame.locator(".leaflet-container").get_attribute("aria-label").startswith(
        "Carte interactive")


def test_enter_on_an_epci_reached_by_tab_opens_its_livret_map(app_url, page,
                                                              offmachine_requests):
    page.goto(app_url)
    frame = _frame(page)
    label = _epci_path(frame, LENS).get_attribute("aria-label")
    assert label.endswith(" — ouvrir sa carte") and "€" in label, label
    # only the 20 EPCI polygons are keyboard buttons (not the communes, rivers...)
    assert frame.locator('path[tabindex="0"]').count() == 20
    frame.locator(".leaflet-container").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if (_focused(frame) or {}).get("label") == label:
            break
    else:
        pytest.fail(f"Tab never reached {LENS}")
    # visibly outlined: the focus style and an outline drawn above its neighbours
    focused = frame.locator("path.atlas-keyboard:focus")
    assert focused.evaluate("el => getComputedStyle(el).strokeWidth") == "4px"
    assert frame.locator("path.atlas-focus-outline").count() == 1
    page.keyboard.press("Enter")
    page.get_by_text(f"{LENS} — carte du livret").wait_for(timeout=TIMEOUT)
    assert offmachine_requests == []


def test_space_on_a_concave_epci_opens_it(app_url, page):
    """Saint-Omer's centroid lies outside it: the click lands on its label point."""
    page.goto(app_url)
    frame = _frame(page)
    _epci_path(frame, SAINT_OMER).focus()
    page.keyboard.press(" ")
    page.get_by_text(f"{SAINT_OMER} — carte du livret").wait_for(timeout=TIMEOUT)


def test_an_online_background_that_does_not_load_says_so(app_url, page, offmachine_requests):
    page.goto(app_url)
    frame = _frame(page)
    notice = frame.locator('.atlas-tile-notice[role="status"]')
    expect(notice).to_be_attached(timeout=TIMEOUT)
    assert notice.inner_text() == ""
    frame.locator(".leaflet-control-layers-toggle").focus()
    page.keyboard.press("Enter")
    expect(frame.locator(".leaflet-control-layers")).to_have_class(
        re.compile("leaflet-control-layers-expanded"), timeout=TIMEOUT)
    box = frame.get_by_label("Fond OpenStreetMap (en ligne)")
    expect(box).to_be_visible()
    box.focus()                                   # by keyboard, as the other controls
    expect(box).to_be_focused()
    page.keyboard.press(" ")
    expect(box).to_be_checked()
    expect(notice).to_contain_text("Fond OpenStreetMap indisponible : ses tuiles ne se "
                                   "chargent pas", timeout=TIMEOUT)
    expect(notice).to_contain_text("La carte reste lisible sans fond.")
    assert notice.is_visible()
    assert any("openstreetmap.org" in url for url in offmachine_requests)   # tried, blocked
    page.keyboard.press(" ")
    expect(box).not_to_be_checked()
    expect(notice).to_have_text("")
    frame.get_by_label("Fond Plan IGN (en ligne)").focus()
    page.keyboard.press(" ")
    expect(notice).to_contain_text("Fond Plan IGN indisponible", timeout=TIMEOUT)


@pytest.mark.parametrize("view", ["departement", "epci"])
def test_every_focus_stop_of_the_map_has_a_french_name(app_url, page, view):
    page.goto(app_url if view == "departement" else f"{app_url}/?epci={SEPT_VALLEES}")
    frame = _frame(page)
    if view == "departement":
        _epci_path(frame, LENS)
    else:
        frame.locator(".atlas-project").first.wait_for(timeout=TIMEOUT)
    expect(frame.locator(".leaflet-control-zoom-in")).to_have_attribute(
        "aria-label", "Zoom avant", timeout=TIMEOUT)
    stops = _tab_stops(page, frame)
    unnamed = [s for s in stops if not s["name"]]
    english = [s for s in stops if ENGLISH.search(s["name"])]
    assert unnamed == [] and english == [], (unnamed, english)
    names = [s["name"] for s in stops]
    for expected in ("Zoom avant", "Zoom arrière", "Couches de la carte",
                     "Fond OpenStreetMap (en ligne)", "Légende"):
        assert expected in names, names
    if view == "departement":
        assert sum(n.endswith(" — ouvrir sa carte") for n in names) == 20
    else:
        assert sum("atlas-project" in s["cls"] for s in stops) > 3    # project symbols
        assert not any(n.endswith(" — ouvrir sa carte") for n in names)


def test_keyboard_clicks_land_inside_their_epci():
    """The label point of each EPCI in the département map's file is inside it, as
    ``territory.epci_at`` (what a click opens) reads it; a centroid is not always."""
    url = geo_files.layer_url("epci", "moyen")
    data = json.loads((geo_files.STATIC_DATA_DIR / url.rsplit("/", 1)[1]).read_text("utf-8"))
    features = data["features"]
    assert len(features) == 20
    for feature in features:
        p = feature["properties"]
        assert territory.epci_at(p["label_lon"], p["label_lat"]) == p["epci_siren"], p["nom"]
    epci = territory.load_layer("epci", "moyen")
    centroids = epci.to_crs(2154).geometry.centroid.to_crs(4326)
    assert any(territory.epci_at(c.x, c.y) != s for c, s in zip(centroids, epci["epci_siren"]))
