"""An SCDL « Subventions » file imported through the staff page, in headless chromium:
each subsidy to a commune is then drawn on its EPCI's livret map at that commune (the
commune found by the beneficiary's SIREN, a commune nouvelle's included); the subsidies
whose beneficiary is neither a commune nor an EPCI are listed « sans lieu » on the
département view, never placed."""
from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from geo.atlas import Atlas
from geo.importer.passwords import hash_password
from geo.importer.validate import validate_bytes
from staff import import_rows, sign_in, upload
from waits import app_idle as _wait_stable, map_frame as _map

GOOD = Path(__file__).resolve().parent / "corpus" / "scdl" / "valide.csv"
PASSWORD = "mot de passe du personnel 62"
TIMEOUT = 90_000
# the position a project's symbols are drawn around (its callout's anchor: the symbols
# themselves are fanned on a ring around it) -> [lat, lon]
ANCHOR_JS = """title => {
  let found = null;
  window.map.eachLayer(l => { const t = l.getTooltip && l.getTooltip();
    const text = document.createElement('div');
    if (t) text.innerHTML = String(t.getContent());
    if (t && t.options.permanent && text.textContent.includes(title)) {
      const p = l.getLatLng(); found = [p.lat, p.lng]; } });
  return found; }"""


@pytest.fixture(scope="module")
def app_url(streamlit_server, tmp_path_factory):
    return streamlit_server("dashboard.py", env={
        "ATLAS_STORE_DIR": str(tmp_path_factory.mktemp("store")),
        "ATLAS_STAFF_PASSWORD_HASH": hash_password(PASSWORD)})


def _commune_subsidies() -> list[dict]:
    projects = validate_bytes(GOOD.read_bytes(), GOOD.name).projects
    return projects[projects["commune_insee"].notna()].to_dict("records")


def _import(page, app_url: str) -> None:
    page.goto(f"{app_url}/donnees")
    sign_in(page, "Agent MDADT", PASSWORD)
    upload(page, str(GOOD))
    page.get_by_text("SCDL « Subventions » 2.1.1 reconnu").wait_for(timeout=TIMEOUT)
    import_rows(page, 6)


def test_each_commune_subsidy_is_drawn_at_its_commune(app_url, page, offmachine_requests,
                                                      save_screenshot):
    page.set_viewport_size({"width": 1366, "height": 900})
    _import(page, app_url)
    subsidies = _commune_subsidies()
    assert {s["commune_insee"] for s in subsidies} == {"62001", "62471", "62119"}
    atlas = Atlas.load(None)
    for subsidy in subsidies:
        page.goto(f"{app_url}/?epci={subsidy['epci_siren']}")
        frame = _map(page)
        _wait_stable(page)
        frame.locator(".atlas-point").first.wait_for(timeout=TIMEOUT)
        frame.locator(f'.atlas-point[title^="{subsidy["title"][:20]}"]').wait_for(
            state="attached", timeout=TIMEOUT)
        latlng = next(f for f in page.frames if f.evaluate("() => !!window.map")).evaluate(
            ANCHOR_JS, subsidy["title"])
        assert latlng is not None, subsidy["title"]
        lon, lat = atlas.commune_point(subsidy["commune_insee"])
        assert latlng == pytest.approx([lat, lon], abs=1e-5), subsidy["title"]
        commune = atlas.communes.set_index("code_insee").geometry[subsidy["commune_insee"]]
        assert commune.contains(shapely.Point(latlng[1], latlng[0])), subsidy["title"]
    save_screenshot("scdl-subsidy-on-map")
    assert offmachine_requests == []


def test_unplaced_subsidies_are_listed_on_the_departement_view(app_url, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(app_url)
    _map(page)
    listed = page.get_by_text("2 subvention(s) sans lieu dans le département")
    listed.wait_for(timeout=TIMEOUT)
    tables = page.locator('[data-testid="stDataFrame"]')
    before = tables.count()
    page.get_by_text("Afficher les subventions sans lieu").click()
    page.wait_for_function(f"() => document.querySelectorAll("
                           f"'[data-testid=\"stDataFrame\"]').length > {before}", timeout=TIMEOUT)
    # the grid's accessible table holds the cells as text
    names = page.locator('[data-testid="stDataFrame"] table').last.inner_text()
    assert "Association Les Amis du Livre" in names and "Syndicat mixte du Parc" in names
