"""Every project of a livret map on screen, in headless Debian chromium (Deux Baies,
Ternois, 7 Vallées; laptop 1366×900 and tablet 1024×768): each located project carries
its "name – amount" callout or a number in its symbol with its line in the map's
"Projets numérotés" box; no callout covers a symbol, a control or another callout; a
moved callout has its leader line; hovering a numbered line highlights its symbol."""
from __future__ import annotations

import pytest

from geo.atlas import Atlas
from geo.analysis.filters import ProjectFilter
from geo.model.labels import _overlap, label_text
from waits import IFRAME, app_idle, map_frame as _map, map_settled

MAPS = {"200069029": "Deux Baies", "200069672": "Ternois", "200044030": "7 Vallées"}
TOUCHING_PX = -1.0          # boxes may share their border pixel, as in the browser's check

STATE_JS = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  const shown = [...document.querySelectorAll('.atlas-label')]
    .filter(e => getComputedStyle(e).visibility !== 'hidden');
  return {map: box(document.querySelector('.leaflet-container')),
          counts: {...document.querySelector('.leaflet-container').dataset},
          labels: shown.map(box), texts: shown.map(e => e.innerText),
          led: shown.filter(e => e.dataset.leader === '1').length,
          leaders: [...document.querySelectorAll('path.atlas-leader')]
            .filter(p => (p.getAttribute('d') || '').length > 4).length,
          items: [...document.querySelectorAll('.atlas-numbered li')].map(e => e.textContent),
          symbols: [...document.querySelectorAll('.atlas-point > span')].map(box),
          controls: [...document.querySelectorAll('.leaflet-control')].map(box)}; }"""


@pytest.fixture
def app_url(streamlit_server):
    return streamlit_server("dashboard.py")


def _located_texts(siren: str) -> list[str]:
    projects = Atlas.load().projects_for(ProjectFilter(epci=siren))
    located = projects.dropna(subset=["lon", "lat"])
    return [label_text(t, a) for t, a in zip(located["title"], located["amount_cents"])]


def _settled(page, frame) -> dict:
    frame.locator(".atlas-numbered").wait_for(timeout=60_000)
    app_idle(page)
    map_settled(page)                    # the last placement ran at the iframe's final size
    return frame.locator("body").evaluate(STATE_JS)


@pytest.mark.parametrize("width,height", [(1366, 900), (1024, 768)])
@pytest.mark.parametrize("siren", list(MAPS))
def test_every_located_project_is_labelled_or_numbered(app_url, page, siren, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?epci={siren}")
    state = _settled(page, _map(page))
    texts = _located_texts(siren)
    counts = {k: int(v) for k, v in state["counts"].items()}
    assert counts["outside"] == 0, MAPS[siren]         # the map opens on the whole EPCI
    assert counts["labelled"] + counts["numbered"] == len(texts), (MAPS[siren], counts)
    assert counts["labelled"] >= 1, MAPS[siren]        # a tablet still shows labels
    assert len(state["items"]) == counts["numbered"]
    shown = " ".join(state["texts"] + state["items"])
    for text in texts:
        assert text in shown, (MAPS[siren], width, text)
    labels, inner = state["labels"], state["map"]
    for i, label in enumerate(labels):
        assert inner[0] <= label[0] and label[2] <= inner[2]
        assert inner[1] <= label[1] and label[3] <= inner[3]
        assert not any(_overlap(label, other, TOUCHING_PX) for other in labels[i + 1:])
        assert not any(_overlap(label, symbol, TOUCHING_PX) for symbol in state["symbols"])
        assert not any(_overlap(label, c, TOUCHING_PX) for c in state["controls"])
    assert state["leaders"] == state["led"], MAPS[siren]


def test_a_numbered_line_highlights_its_symbol(app_url, page, save_screenshot):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/?epci=200069029")
    frame = _map(page)
    state = _settled(page, frame)
    assert state["items"], "the Deux Baies tablet map numbers some projects"
    box = frame.locator(".atlas-numbered details")
    if not box.evaluate("d => d.open"):
        frame.locator(".atlas-numbered summary").click()
    first = frame.locator(".atlas-numbered li").first
    number = first.locator(".dot").inner_text()
    first.hover()
    lit = frame.locator(".atlas-point.atlas-highlight")
    assert lit.count() == 1 and lit.inner_text() == number
    first.focus()
    page.keyboard.press("Tab")                     # focus moves to the next line
    assert frame.locator(".atlas-numbered li.atlas-highlight").count() <= 1
    save_screenshot("livret-numerotes-tablette")


def test_labels_are_placed_with_the_styles_in_even_when_they_come_last(app_url, page):
    """Leaflet's stylesheet held back until the map's scripts are in (as a busy machine
    may serve it): the map waits for it, and its callouts are placed at their real size
    (without it a callout is as wide as the map, and every project was numbered)."""
    held = []
    page.route("**/vendor/leaflet/leaflet.css*", lambda route: held.append(route))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{app_url}/?epci=200069029")
    handle = page.wait_for_selector(IFRAME, state="attached", timeout=60_000)
    page.frame_locator(IFRAME).locator("#map").wait_for(state="attached", timeout=60_000)
    frame = handle.content_frame()          # the component's page, not about:blank
    frame.wait_for_function("() => !!window.AtlasComponent && !!window.AtlasMap",
                            timeout=60_000)
    assert held, "the stylesheet was asked for"
    assert frame.evaluate("() => !document.querySelector('.leaflet-container')")
    for route in held:
        route.continue_()
    state = _settled(page, _map(page))
    counts = {k: int(v) for k, v in state["counts"].items()}
    assert counts["labelled"] >= 5, counts
