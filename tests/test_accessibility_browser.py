"""axe-core (tests/axe.py, vendored from npm) on the atlas's views in headless chromium,
offline: the département, two EPCI (Deux Baies, Lens-Liévin), a commune and the staff
import page (signed out and signed in), the page and the map's own document each. Any
violation of the WCAG 2.1 A/AA or best-practice rules fails, named by rule, element and
help text; a contrast broken on purpose is reported, so the audit does see."""
from __future__ import annotations

import pytest

from axe import audit, map_frame, report, rules, Violation, streamlit_markup
from geo.importer.passwords import hash_password
from waits import TIMEOUT, app_idle, map_settled

PASSWORD = "mot de passe du personnel 62"
# view -> what the map's document shows once drawn (controls named, title, layers)
VIEWS = {
    "departement": ("", "path.atlas-keyboard"),
    "deux-baies": ("?epci=200069029", ".leaflet-container[data-labelled]"),
    "lens-lievin": ("?epci=246200364", ".leaflet-container[data-labelled]"),
    "commune": ("?commune=62767", ".atlas-project"),
}


@pytest.fixture(scope="module")
def app_url(streamlit_server, tmp_path_factory):
    """The dashboard with a staff password (the import page's sign-in form is shown) and
    an empty store of its own."""
    return streamlit_server("dashboard.py", env={
        "ATLAS_STORE_DIR": str(tmp_path_factory.mktemp("store")),
        "ATLAS_STAFF_PASSWORD_HASH": hash_password(PASSWORD)})


def open_view(page, url: str, drawn: str):
    """Open an atlas view; return its map frame once the page is complete (its exports
    shown), the map drawn (``drawn`` present) and its document titled by our module."""
    page.goto(url)
    page.get_by_role("heading", name="Exporter").wait_for(timeout=TIMEOUT)
    frame = map_frame(page)
    frame.wait_for_selector(drawn, state="attached", timeout=TIMEOUT)
    frame.wait_for_selector("h1.atlas-map-title", state="attached", timeout=TIMEOUT)
    frame.wait_for_selector(".leaflet-container[aria-label]", timeout=TIMEOUT)
    app_idle(page)
    map_settled(page)
    return frame


def assert_clean(where: str, violations) -> None:
    assert not violations, f"axe : {rules(violations)} ({where})\n{report(violations)}"


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_has_no_axe_violation(app_url, page, offmachine_requests, save_screenshot, view):
    query, drawn = VIEWS[view]
    frame = open_view(page, app_url + "/" + query, drawn)
    save_screenshot(f"axe-{view}")
    assert_clean(f"{view}, page", audit(page))
    assert_clean(f"{view}, carte", audit(frame))
    assert offmachine_requests == []


def test_import_page_has_no_axe_violation(app_url, page, offmachine_requests):
    page.goto(app_url + "/donnees")
    page.get_by_label("Votre nom").wait_for(timeout=TIMEOUT)
    app_idle(page)
    assert_clean("import, déconnecté", audit(page))
    page.get_by_label("Votre nom").fill("Marie")
    page.get_by_label("Mot de passe du personnel").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("tab", name="Versions").wait_for(timeout=TIMEOUT)
    app_idle(page)
    assert_clean("import, connecté", audit(page))
    assert offmachine_requests == []


# The page's captions and the map's boxes in a pale grey (#b0b0b0 on white is 2.2:1), as a
# careless theme or stylesheet change would make them.
PALE = "color: #b0b0b0 !important"
BROKEN = {"page": f'[data-testid="stCaptionContainer"] p {{ {PALE} }}',
          "carte": f".atlas-control, .atlas-control * {{ {PALE}; background: #fff !important }}"}


def test_a_broken_contrast_fails_the_audit(app_url, page):
    """A pale grey put on the page's captions and the map's sources line: axe reports a
    color-contrast violation there, with its element and help text."""
    frame = open_view(page, app_url + "/" + VIEWS["commune"][0], VIEWS["commune"][1])
    for where, target in (("page", page), ("carte", frame)):
        assert not [v for v in audit(target) if v.rule == "color-contrast"]
        target.add_style_tag(content=BROKEN[where])
        found = [v for v in audit(target) if v.rule == "color-contrast"]
        assert found, f"{where} : aucun contraste insuffisant signalé"
        assert all("contrast" in v.help and "contrast" in v.summary for v in found), \
            report(found)
        marker = "stCaptionContainer" if where == "page" else "atlas-"
        assert any(marker in v.target for v in found), report(found)


def test_only_streamlit_s_drop_zone_is_excused_and_only_for_its_rule():
    zone = '<section role="presentation" tabindex="-1" data-testid="stFileUploaderDropzone">'
    excused = Violation("presentation-role-conflict", "minor", ".x", "", "", zone)
    assert streamlit_markup(excused)
    assert not streamlit_markup(Violation("color-contrast", "serious", ".x", "", "", zone))
    assert not streamlit_markup(Violation("presentation-role-conflict", "minor", ".y", "", "",
                                          '<section role="presentation" tabindex="-1">'))
