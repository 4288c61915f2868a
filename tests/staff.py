"""A staff member's steps on the import page, each taken once the app has finished the run
the previous one started: a click or a file sent while a rerun replaces its widget is
lost (the browser cannot tell a lost event from none), which showed under
``make test-stress`` as « Version 1 importée » never coming."""
from __future__ import annotations

from waits import TIMEOUT, app_idle


def sign_in(page, name: str, password: str) -> None:
    page.get_by_label("Votre nom").fill(name)
    page.get_by_label("Mot de passe du personnel").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("tab", name="Versions").wait_for(timeout=TIMEOUT)
    app_idle(page, complete=False)


def upload(page, files) -> None:
    """``files``: a path or Playwright's {name, mimeType, buffer}; the app has read it."""
    page.locator('input[type="file"]').set_input_files(files)
    app_idle(page, complete=False)


def import_rows(page, rows: int) -> None:
    page.get_by_role("button", name=f"Importer {rows} ligne(s)").click(timeout=TIMEOUT)
    page.get_by_text("Version 1 importée").wait_for(timeout=TIMEOUT)
