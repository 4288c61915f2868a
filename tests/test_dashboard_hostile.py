"""Imported projects appear on the dashboard, and a hostile project name is shown as text
on the map (label, symbol title) and in the tables: nothing executes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from waits import IFRAME, TIMEOUT, images_done, view_ready

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<img src=x onerror=alert(1)>"
ARRAS = "200033579"  # CU d'Arras: the hostile row is located at Arras


@pytest.fixture(scope="module")
def dashboard_url(streamlit_server, tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    env = {**os.environ, "ATLAS_STORE_DIR": str(store)}
    done = subprocess.run([sys.executable, "-m", "geo", "import",
                           str(ROOT / "tests/corpus/hostile_names.csv"), "--who", "test",
                           "--accept-valid"], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return streamlit_server("dashboard.py",
                            env={"ATLAS_STORE_DIR": str(store)})


def test_hostile_imported_name_is_text_everywhere(dashboard_url, page, offmachine_requests,
                                                   save_screenshot):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{dashboard_url}/?epci={ARRAS}&theme=culture")
    page.wait_for_selector(IFRAME, state="attached", timeout=TIMEOUT)
    frame = page.frame_locator(IFRAME).last
    hostile = frame.locator(f'.atlas-project[title^="{HOSTILE}"]')
    hostile.wait_for(timeout=TIMEOUT)
    label = frame.locator(".atlas-label", has_text=HOSTILE)
    label.wait_for(timeout=TIMEOUT)
    view_ready(page)                     # every run over, every image loaded or failed:
    images_done(page)                    # an injected onerror handler would have fired
    save_screenshot("dashboard-hostile-import")
    assert "100\u202f000\u00a0€" in label.inner_text()
    assert frame.locator("img[src='x']").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == [] and offmachine_requests == []
