"""What the benchmark drives: Streamlit servers and a headless Debian chromium.

The same ideas as the browser tests' harness (``tests/conftest.py``), without pytest:
servers started from the repo root (so ``.streamlit/config.toml`` and ``static/`` apply), in
a session of their own; chromium from Debian with the flags that stop it calling home.
Off-machine requests are blocked by chromium's resolver (no host but this one resolves)
rather than by a Playwright route, which would make every request wait on Python and
slow the very loads being timed; attempts are still recorded by ``Probe.offmachine``.
"""
from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
STREAMLIT = REPO / ".venv" / "bin" / "streamlit"
CHROMIUM = Path("/usr/bin/chromium")
LOG_DIR = Path(tempfile.gettempdir()) / "atlas-bench-logs"   # servers' output, not committed
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 1400}
SERVER_START_TIMEOUT_S = 90


class BenchError(RuntimeError):
    """The benchmark could not run (missing tool, server that does not start...)."""


def _ephemeral_range() -> range:
    """The ports the kernel hands to outgoing connections (and to ``bind(0)``)."""
    try:
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    return range(low, high + 1)


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(count: int = 1) -> int:
    """The first of ``count`` consecutive free ports (``make serve`` puts its replicas on
    the ports after its base port), chosen below the kernel's ephemeral range: a port
    there may be taken, between this check and the server's own bind, by any outgoing
    connection of the machine (a browser, a test, HAProxy); below it, only by a server
    that asks for that very port."""
    ephemeral = _ephemeral_range()
    chooser = random.Random()
    while True:
        first = chooser.randrange(20000, min(ephemeral.start, 32768) - count)
        if all(_bindable(first + i) for i in range(count)):
            return first


@dataclass
class Server:
    """A ``streamlit run`` of one app with extra environment variables."""

    name: str
    app: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    url: str = ""

    def start(self) -> "Server":
        if not STREAMLIT.exists():
            raise BenchError(f"{STREAMLIT} manquant : `make setup` crée le venv")
        port = free_port()
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        command = [str(STREAMLIT), "run", str(REPO / self.app), "--server.port", str(port),
                   "--server.address", "127.0.0.1", "--server.headless", "true",
                   "--server.fileWatcherType", "none"]
        env = {**os.environ, "PYTHONPATH": str(REPO), **self.env}
        with (LOG_DIR / f"{self.name}.log").open("wb") as out:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"streamlit {self.name} s'est arrêté : voir {LOG_DIR}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise BenchError(f"streamlit {self.name} ne répond pas après {SERVER_START_TIMEOUT_S} s")

    def rss_mib(self) -> float:
        """Resident memory of the server and its children (VmRSS), in MiB."""
        return sum(_vm_rss_kib(pid) for pid in _process_tree(self.process.pid)) / 1024

    def stop(self) -> None:
        """End the server's process group (it was started in a session of its own)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (field 4 of /proc/<pid>/stat)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(_children(current))
    return tree


def _vm_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


QUIET_BUSY_SHARE = 0.15     # the machine's CPUs count as quiet below this busy share...
QUIET_WINDOW_S = 0.3        # ...over a window this long
QUIET_CAP_S = 15.0


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot (first line of /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]              # idle + iowait
    total = sum(values[:8])                   # guest time is already counted in user
    return total - idle, total


def wait_machine_quiet() -> tuple[float, float]:
    """Wait until the machine is mostly idle, at most QUIET_CAP_S; returns (seconds
    waited, last busy share). A server still busy with earlier work (its script, session
    clean-up, garbage collection) would slow whichever load is timed next."""
    start = time.monotonic()
    while True:
        busy0, total0 = _cpu_ticks()
        time.sleep(QUIET_WINDOW_S)
        busy1, total1 = _cpu_ticks()
        share = (busy1 - busy0) / max(total1 - total0, 1)
        waited = time.monotonic() - start
        if share < QUIET_BUSY_SHARE or waited >= QUIET_CAP_S:
            return waited, share


def launch_chromium(playwright):
    """Headless Debian chromium (never a browser downloaded by Playwright)."""
    if not CHROMIUM.exists():
        raise BenchError(f"{CHROMIUM} manquant : `make setup` installe le paquet Debian chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS)


class Probe:
    """A page in a fresh browser context (empty cache) that counts the bytes it receives:
    HTTP responses (headers + body, as ``request.sizes()`` reports them) and websocket
    frames (Streamlit sends its script's output, the map included, through its websocket)."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        self.page = self.context.new_page()
        self.finished: list = []
        self.ws_bytes = 0
        self.ws_frames = 0
        self.offmachine: list[str] = []
        self.page.on("request", self._request)
        self.page.on("requestfinished", lambda request: self.finished.append(request))
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _request(self, request) -> None:
        url = urlsplit(request.url)
        if url.scheme not in ("data", "blob") and url.hostname not in LOCAL_HOSTS:
            self.offmachine.append(request.url)

    def _frame(self, payload) -> None:
        self.ws_frames += 1
        self.ws_bytes += len(payload.encode() if isinstance(payload, str) else payload)

    @property
    def activity(self) -> tuple[int, int]:
        """Changes whenever something arrives (for waiting until the page is quiet)."""
        return len(self.finished), self.ws_frames

    def http_bytes(self) -> int:
        total = 0
        for request in self.finished:
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total

    def close(self) -> None:
        self.context.close()
