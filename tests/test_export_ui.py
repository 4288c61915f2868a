"""The "Exporter" panel (components/exports.py): the buttons of the current view, and a
real download in a browser (the file is made on click, with the view's filters)."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from streamlit.testing.v1 import AppTest

from components.exports import map_file_name
from components.map_clicks import PAGE_COMPLETE
from waits import app_idle

APP = Path(__file__).parent / "apps" / "export_app.py"
MAP_LABELS = ["Carte PNG", "Carte PDF", "Carte SVG"]
TABLE_LABELS = ["CSV (Excel)", "Excel (XLSX)", "GeoJSON (QGIS)", "GeoPackage (QGIS)"]
BOOKLET = "Livret de l'intercommunalité (PDF : carte, chiffres clés, projets)"


def run_app(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[PAGE_COMPLETE] = True      # a map has reported (no browser here)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def download_buttons(at: AppTest) -> dict[str, object]:
    return {b.proto.label: b.proto for b in at.get("download_button")}


def test_panel_offers_every_format_for_an_epci_view():
    at = run_app(epci="200044030", theme="sport")
    assert not at.exception
    buttons = download_buttons(at)
    assert list(buttons) == MAP_LABELS + TABLE_LABELS + [BOOKLET]
    assert all(b.deferred_file_id for b in buttons.values())     # made on click only
    assert not any(b.disabled for b in buttons.values())
    assert [r.label for r in at.radio] == ["Papier", "Orientation", "Résolution (PNG)"]
    assert at.radio(key="exp_orientation").options == ["Portrait", "Paysage"]
    assert "Thèmes : Sport" in at.caption[0].value


def test_departement_view_has_no_booklet_and_an_empty_table_is_disabled():
    buttons = download_buttons(run_app(theme="sport"))
    assert BOOKLET not in buttons and list(buttons) == MAP_LABELS + TABLE_LABELS
    nothing = run_app(q="aucun projet ne porte ce nom")
    buttons = download_buttons(nothing)
    assert all(buttons[label].disabled for label in TABLE_LABELS)
    assert not any(buttons[label].disabled for label in MAP_LABELS)
    assert "(0 ligne)" in nothing.markdown[1].value


def test_file_names_state_the_view_and_the_options():
    assert map_file_name("cc-des-7-vallees", "png", "A3", "landscape", 150) == (
        "carte_cc-des-7-vallees_A3_landscape_150dpi.png")
    assert map_file_name("departement", "pdf", "A4", "portrait", 300) == (
        "carte_departement_A4_portrait.pdf")


def test_browser_download_gives_the_filtered_files(streamlit_server, page, offmachine_requests):
    page.goto(streamlit_server("tests/apps/export_app.py") + "/?epci=200044030&theme=sport")
    page.get_by_text("Résolution (PNG)").wait_for(timeout=60_000)
    page.get_by_text("150 dpi").click()
    app_idle(page, complete=False)    # the run that takes the new resolution is over
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Carte PNG").click()
    png = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "carte_cc-des-7-vallees_A4_portrait_150dpi.png"
    assert Image.open(io.BytesIO(png)).size == (1240, 1754)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV (Excel)").click()
    rows = Path(info.value.path()).read_bytes().decode("utf-8-sig").strip().split("\r\n")
    assert len(rows) > 1 and all(";Sport;" in r for r in rows[1:])
    assert offmachine_requests == []
