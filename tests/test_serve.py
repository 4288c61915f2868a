"""``make serve`` for real: two Streamlit replicas behind HAProxy (Debian package), with
headless chromium and websocket sessions. New visitors land on both replicas; a session's
page, websocket and file upload reach the same replica; an import made through one
replica is shown by a page the other replica serves (one shared import store)."""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from geo.importer.passwords import hash_password
from bench.browser import free_port
from serve.replicas import wait_healthy
from serve.session import Session, run_sync
from staff import import_rows, sign_in, upload

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "mot de passe du personnel 62"
TIMEOUT = 90_000
HEADER = "x-atlas-replica"
CSV = "intitule;montant;commune;thematique;periode\nSalle des fêtes de Gamma;12000;Arras;Culture;2024\n"




@contextmanager
def serving(store_env: dict[str, str], warm: bool = True):
    """``make serve`` with 2 replicas on free ports, the store ``store_env`` names (the
    replicas inherit the environment) and a staff password: (balancer URL, first port).
    ``warm=False``: replicas take visitors before their caches are warmed."""
    port, base = free_port(), free_port(count=2)      # the replicas: base, base + 1
    env = {**os.environ, **store_env, "ATLAS_STAFF_PASSWORD_HASH": hash_password(PASSWORD)}
    process = subprocess.Popen(
        ["make", "-s", "serve", "REPLICAS=2", f"SERVE_PORT={port}", f"BASE_PORT={base}",
         f"SERVE_ARGS={'' if warm else '--no-warm'}"],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, url)
        yield url, base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def balancer(tmp_path_factory):
    """The replicas sharing a fresh SQLite store (tests/test_serve_postgis.py: PostGIS)."""
    with serving({"ATLAS_STORE_DIR": str(tmp_path_factory.mktemp("store")),
                  "ATLAS_DATABASE_URL": ""}) as found:
        yield found


def _wait_ready(process: subprocess.Popen, url: str) -> None:
    try:
        wait_healthy(url, 240, process)
    except RuntimeError as exc:
        pytest.fail(f"make serve : {exc}\n" + (process.stdout.read() if process.poll() is not None
                                                else ""), pytrace=False)


def _open(browser, url: str, path: str = "/"):
    """A fresh visitor (own cookies): its page and the replica that served it."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    response = page.goto(url + path)
    return context, page, response.headers[HEADER]


def test_new_visitors_land_on_both_replicas(balancer, browser):
    balancer, _ = balancer
    contexts, replicas = [], set()
    for _ in range(4):
        context, page, replica = _open(browser, balancer)
        contexts.append(context)
        replicas.add(replica)
        again = page.reload()
        assert again.headers[HEADER] == replica          # a visitor stays on its replica
    assert replicas == {"r1", "r2"}
    for context in contexts:
        context.close()


def test_a_session_websocket_stays_on_its_replica(balancer):
    balancer, _ = balancer

    async def sessions() -> list[tuple[str, str, list[str]]]:
        out = []
        for _ in range(4):
            session = Session(balancer)
            run = await session.open()
            out.append((session.replica, session.ws_replica, run.errors))
            await session.change({"f_epci": "CC du Ternois"})
            await session.close()
        return out
    found = run_sync(sessions())
    assert all(page == ws for page, ws, _ in found) and all(not e for *_, e in found)
    assert {page for page, _, _ in found} == {"r1", "r2"}


def test_an_upload_and_its_import_on_one_replica_show_on_the_other(balancer, browser, tmp_path):
    upload_on_one_replica_and_see_it_on_the_other(balancer[0], browser, tmp_path)


def upload_on_one_replica_and_see_it_on_the_other(balancer: str, browser, tmp_path) -> None:
    """Staff import through one replica; a visitor the other replica serves sees it."""
    context, page, replica = _open(browser, balancer, "/donnees")
    uploads = []
    page.on("response", lambda r: "/_stcore/upload_file" in r.url and uploads.append(r))
    sign_in(page, "Agent MDADT", PASSWORD)
    path = tmp_path / "projets.csv"
    path.write_text(CSV, encoding="utf-8")
    upload(page, str(path))
    import_rows(page, 1)
    assert uploads and {u.headers[HEADER] for u in uploads} == {replica}
    context.close()
    for _ in range(6):          # visitors alternate: one of the next lands on the other
        other_context, other, served_by = _open(browser, balancer, "/donnees")
        if served_by != replica:
            break
        other_context.close()
    assert served_by != replica
    other.get_by_text("Version affichée : 1").wait_for(timeout=TIMEOUT)
    other.goto(balancer + "/?epci=200033579&q=Gamma")
    other.get_by_text("Filtres actifs — EPCI : CU d'Arras · Recherche").first.wait_for(
        timeout=TIMEOUT)
    assert other.get_by_text("1 projet(s), 12 000 € de financement", exact=False).count() == 1
    other_context.close()


def test_a_replica_that_stops_is_started_again(balancer):
    """Kill replica r1: the balancer keeps answering (r2), and r1 is started again."""
    url, base = balancer
    found = subprocess.run(["pgrep", "-f", f"server.port {base} "], capture_output=True,
                           text=True).stdout.split()
    assert found, "réplique r1 introuvable"
    os.kill(int(found[0]), signal.SIGKILL)
    with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as reply:
        assert reply.read().strip() == b"ok"             # r2 serves meanwhile
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        again = subprocess.run(["pgrep", "-f", f"server.port {base} "], capture_output=True,
                               text=True).stdout.split()
        if again and again != found:          # started again (then warmed by make serve)
            wait_healthy(f"http://127.0.0.1:{base}", 120)
            return
        time.sleep(0.5)
    pytest.fail("la réplique r1 n'a pas redémarré")
