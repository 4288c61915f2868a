"""The map first (components.map_clicks): in chromium, a session's first map reaches the
page before the sidebar's controls, which follow once the map has reported; a map frame
that never loads does not leave the page without its controls."""
from __future__ import annotations

from waits import IFRAME

EPCI_SELECT = '[data-testid="stSidebar"] [data-testid="stSelectbox"]'
WAITING = "s'affichent dès que la carte est dessinée"
TIMEOUT = 60_000


def test_the_map_comes_first_then_the_controls(streamlit_server, page, offmachine_requests):
    page.goto(streamlit_server("dashboard.py"), wait_until="commit")
    page.wait_for_selector(IFRAME, state="attached", timeout=TIMEOUT)
    # the map's frame is on the page, its controls' code not yet asked for
    controls_now = page.locator(EPCI_SELECT).count()
    page.frame_locator(IFRAME).first.locator("path.leaflet-interactive").first.wait_for(
        timeout=TIMEOUT)
    page.wait_for_selector(EPCI_SELECT, timeout=TIMEOUT)
    assert controls_now == 0
    page.get_by_text("Exporter", exact=True).wait_for(timeout=TIMEOUT)
    assert page.get_by_text(WAITING).count() == 0
    assert offmachine_requests == []


def test_controls_come_even_if_the_map_frame_never_loads(streamlit_server, page):
    page.route("**/component/components.map_component.atlas_map/**", lambda route: route.abort())
    page.goto(streamlit_server("dashboard.py"), wait_until="commit")
    page.get_by_text(WAITING).wait_for(timeout=TIMEOUT)
    # no map ever reports: the page's timer completes it (components.map_clicks)
    page.wait_for_selector(EPCI_SELECT, timeout=TIMEOUT)
    assert page.get_by_text(WAITING).count() == 0
    assert page.frame_locator(IFRAME).first.locator(".leaflet-container").count() == 0
