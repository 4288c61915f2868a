"""Start, watch and warm the Streamlit replicas of ``make serve``.

Each replica is one ``streamlit run dashboard.py`` process on its own port, started with
the same data and the same import store (``$ATLAS_STORE_DIR``): an import made through
one replica is read by every replica at its next rerun. Before a replica takes visitors,
:func:`warm` opens the département view and each EPCI view through its websocket, with no
theme then with each theme ticked, so the shared caches (the atlas, its answers, the
rendered maps, layers and charts) are filled at start, not on the first visitor's time.
"""
from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from geo.model import vocabulary
from serve.haproxy import Replica

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT = ROOT / ".venv" / "bin" / "streamlit"


def start(replica: Replica, log_dir: Path) -> subprocess.Popen:
    log = (log_dir / f"{replica.name}.log").open("ab")
    env = {**os.environ, "ATLAS_REPLICA": replica.name}
    return subprocess.Popen(
        [str(STREAMLIT), "run", str(ROOT / "dashboard.py"), "--server.port", str(replica.port),
         "--server.address", replica.host, "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def wait_healthy(base_url: str, timeout_s: float = 120,
                 process: subprocess.Popen | None = None) -> None:
    """Wait until Streamlit's health route at ``base_url`` (a replica or the balancer)
    answers "ok"; RuntimeError after ``timeout_s`` or when ``process`` has stopped."""
    url = base_url + "/_stcore/health"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"le serveur s'est arrêté (code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"pas de réponse sur {url} après {timeout_s:.0f} s")


def warm(replica: Replica) -> float:
    """Open the département view then every EPCI view once; returns the seconds taken.
    In a process of its own: the supervisor stays small (no Streamlit imported)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "serve.replicas", replica.host, str(replica.port)],
                   cwd=ROOT, check=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started


def epci_names() -> list[str]:
    """The 20 EPCI names as the sidebar lists them (read without loading geopandas: this
    process only drives the replicas)."""
    with (ROOT / "data" / "territory" / "sirens.csv").open(encoding="utf-8") as handle:
        return sorted(row["nom"] for row in csv.DictReader(handle) if row["kind"] == "epci")


async def _warm(base_url: str) -> float:
    from serve.session import Session

    started = time.perf_counter()
    session = Session(base_url)
    await session.open()
    names = epci_names()
    for theme in [None, *WARM_THEMES]:    # every EPCI, then every EPCI with one theme ticked
        if theme:
            await session.change({"f_themes": [theme]})
        for name in names:
            await session.change({"f_epci": name})
    await session.close()
    return time.perf_counter() - started


# The filter people tick first in a room (one theme), warmed for every EPCI: the themes of
# the livret maps, as the sidebar names them (not « à classer », an imported subsidy's).
WARM_THEMES = [t for t in vocabulary.values(vocabulary.THEMES) if t != vocabulary.THEME_TO_CLASS]


def say(text: str) -> None:
    print(text, flush=True, file=sys.stderr)


if __name__ == "__main__":      # python -m serve.replicas HOST PORT: warm that replica
    asyncio.run(_warm(f"http://{sys.argv[1]}:{sys.argv[2]}"))
