"""The import page in headless chromium: a staff member signs in, uploads a file whose
project names and file name are hostile HTML, imports it; nothing executes (no dialog, no
injected element) and the names are shown as text."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.importer.passwords import hash_password
from staff import import_rows, sign_in, upload
from waits import app_idle, images_done

CORPUS = Path(__file__).resolve().parent / "corpus"
PASSWORD = "mot de passe du personnel 62"
HOSTILE_FILE_NAME = "<img src=y onerror=alert(2)>.csv"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def import_url(streamlit_server, tmp_path_factory):
    """The import page served with a fresh store and a staff password (env read at start)."""
    return streamlit_server("tests/apps/import_app.py", env={
        "ATLAS_STORE_DIR": str(tmp_path_factory.mktemp("store")),
        "ATLAS_STAFF_PASSWORD_HASH": hash_password(PASSWORD)})


def test_hostile_names_do_not_execute(import_url, page, offmachine_requests, save_screenshot):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(import_url)
    sign_in(page, "<b>Marie</b>", PASSWORD)
    upload(page, {"name": HOSTILE_FILE_NAME, "mimeType": "text/csv",
                  "buffer": (CORPUS / "hostile_names.csv").read_bytes()})
    import_rows(page, 4)
    page.get_by_role("tab", name="Versions").click()
    choice = page.get_by_role("combobox", name="Version")
    choice.wait_for(timeout=TIMEOUT)
    app_idle(page, complete=False)   # every run over, every image loaded or failed: an
    images_done(page)                # injected onerror handler would have fired
    save_screenshot("import-hostile-names")
    assert HOSTILE_FILE_NAME in choice.input_value()                    # shown as text
    assert page.get_by_text("Connecté : <b>Marie</b>").count() == 1
    assert page.locator("img[src='x'], img[src='y']").count() == 0
    assert page.locator("b", has_text="Marie").count() == 0
    assert dialogs == [] and offmachine_requests == []
