"""Comparisons and « ma commune » in the real dashboard (Debian chromium, off-machine
requests blocked): the ranking beside the département map and a click on a bar, the
browser's Back and Forward between views, the equity scatter, the commune finder and
the ?commune= view with its nearest Département sites."""
from __future__ import annotations

import re

import pytest

from geo.model.names import short_epci_name as short_name
from geo.atlas import Atlas
from waits import IFRAME, app_idle

TIMEOUT = 60_000
CHART = '[data-testid="stVegaLiteChart"]'
TERNOIS = "200069672"


@pytest.fixture
def app_url(streamlit_server):
    return streamlit_server("dashboard.py")


def _chart(page, label_start: str):
    chart = page.locator(f'{CHART}[aria-label^="{label_start}"]')
    chart.locator("svg .mark-rect path, svg .mark-symbol path").first.wait_for(timeout=TIMEOUT)
    return chart


def _settled(page):
    """Streamlit has finished its run (the chart's click handler is then attached)."""
    app_idle(page)


def _heading(page, text: str):
    page.get_by_role("heading", name=text).wait_for(timeout=TIMEOUT)


def test_ranking_bar_opens_the_epci_and_back_returns(app_url, page, offmachine_requests,
                                                      save_screenshot):
    page.goto(app_url)
    chart = _chart(page, "Classement des EPCI")
    bars = chart.locator("svg .mark-rect path")
    assert bars.count() == 19               # the 19 contracts; Saint-Omer has no figure
    assert page.get_by_text("Saint-Omer : pas de contrat dans le recueil de mai 2019 : pas "
                            "de chiffre").first.is_visible()
    save_screenshot("compare-ranking")
    ternois = chart.locator('svg .mark-rect path[aria-label*="Ternois"]')
    assert ternois.count() == 1
    _settled(page)
    ternois.click()
    _heading(page, "CC du Ternois — carte du livret")
    page.wait_for_url(re.compile(rf"epci={TERNOIS}"), timeout=TIMEOUT)
    # the browser's Back returns to the département view, Forward to the EPCI again
    page.go_back()
    _heading(page, re.compile("^Le département"))
    assert "epci=" not in page.url
    _chart(page, "Classement des EPCI")
    page.go_forward()
    _heading(page, "CC du Ternois — carte du livret")
    assert offmachine_requests == []


def test_equity_scatter_names_every_epci(app_url, page, offmachine_requests, save_screenshot):
    page.goto(f"{app_url}/?vue=equite")
    chart = _chart(page, "Nuage de points")
    names = set(chart.locator("svg .mark-text text").all_text_contents())
    expected = {short_name(n) for n in Atlas.load().equity("rsa_foyers").table["name"]}
    assert len(expected) == 19 and expected <= names
    assert chart.locator("svg .mark-symbol path").count() == 19
    assert page.get_by_text("Besoin social au-dessus du département, investissement par "
                            "habitant au-dessous : 4 EPCI").is_visible()
    save_screenshot("compare-equity")
    assert offmachine_requests == []


def test_commune_link_shows_nearest_sites_in_km(app_url, page, offmachine_requests,
                                                save_screenshot):
    page.goto(f"{app_url}/?commune=62767")
    _heading(page, "Saint-Pol-sur-Ternoise — ma commune")
    table = page.locator("table", has=page.get_by_text("Sites du Département les plus proches"))
    table.locator("tbody tr").nth(3).wait_for(timeout=TIMEOUT)
    rows = table.locator("tbody tr").all_inner_texts()
    kinds = ["Collège", "MDS", "MDADT", "Centre d'incendie"]
    assert [next(k for k in kinds if r.startswith(k)) for r in rows] == kinds
    assert all(re.search(r"\d+,\d\s?km", r) for r in rows), rows
    assert "Collège Roger Salengro" in rows[0] and re.search(r"0,4\s?km", rows[0])
    assert "Marconnelle" in rows[2] and re.search(r"22,7\s?km", rows[2])
    assert page.get_by_text("Projets à Saint-Pol-sur-Ternoise (3)").is_visible()
    save_screenshot("compare-commune")
    assert offmachine_requests == []


def test_finder_ignores_accents_and_saint(app_url, page, offmachine_requests):
    page.goto(app_url)
    finder = page.get_by_role("combobox", name="Ma commune")
    finder.fill("st pôl")
    option = page.get_by_role("option", name="Saint-Pol-sur-Ternoise (62767)")
    option.wait_for(timeout=TIMEOUT)
    finder.press("Enter")
    _heading(page, "Saint-Pol-sur-Ternoise — ma commune")
    page.wait_for_url(re.compile(r"commune=62767"), timeout=TIMEOUT)
    assert offmachine_requests == []


def test_unknown_commune_is_a_notice(app_url, page, offmachine_requests):
    page.goto(f"{app_url}/?commune=99999&theme=sport")
    page.get_by_text("Commune inconnue ignoré(e) : « 99999 »").wait_for(timeout=TIMEOUT)
    _heading(page, re.compile("^Le département"))
    assert "theme=sport" in page.url          # the other parameters are kept
    assert offmachine_requests == []


def test_click_on_a_commune_at_commune_zoom_opens_its_view(app_url, page, offmachine_requests):
    """From zoom 10 the département map draws the communes: a click inside one opens its
    commune view (below that zoom, a click opens the EPCI)."""
    page.goto(app_url)
    iframe = page.locator(IFRAME)
    iframe.wait_for(state="attached", timeout=TIMEOUT)
    page.frame_locator(IFRAME).locator(
        "path.leaflet-interactive").first.wait_for(timeout=TIMEOUT)
    _settled(page)
    frame = next(f for f in page.frames if f.evaluate("() => !!window.map"))
    saint_pol = [50.3815, 2.3340]               # inside Saint-Pol-sur-Ternoise
    frame.evaluate("p => window.map.setView(p, 12)", saint_pol)
    frame.wait_for_function(
        "() => document.querySelectorAll('.leaflet-atlas-communes-pane path').length > 800",
        timeout=TIMEOUT)
    x, y = frame.evaluate("p => { const c = window.map.latLngToContainerPoint(p);"
                          " return [c.x, c.y]; }", saint_pol)
    box = iframe.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    _heading(page, "Saint-Pol-sur-Ternoise — ma commune")
    page.wait_for_url(re.compile(r"commune=62767"), timeout=TIMEOUT)
    assert offmachine_requests == []
