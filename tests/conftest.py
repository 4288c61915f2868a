"""Real-browser test harness: Streamlit servers started from the repo root, Debian's chromium,
and pages on which every request that would leave the machine is aborted and recorded.

    def test_x(streamlit_server, page, offmachine_requests, save_screenshot):
        page.goto(streamlit_server("tests/apps/my_app.py"))
        ...
        save_screenshot("x")
        assert offmachine_requests == []
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
STREAMLIT = REPO / ".venv" / "bin" / "streamlit"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Without these, chromium calls home (updates, sync, field trials) even in a test.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
SERVER_START_TIMEOUT_S = 60
VIEWPORT = {"width": 1280, "height": 1400}  # tall: Streamlit scrolls inside its own container


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class _Server:
    process: subprocess.Popen
    url: str
    log: Path

    def wait_healthy(self) -> None:
        """Poll /_stcore/health until it answers, or fail with the server's log."""
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"streamlit exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"streamlit not healthy after {SERVER_START_TIMEOUT_S} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """End the server's process group (it was started in a session of its own)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _start_server(app: Path) -> _Server:
    if not STREAMLIT.exists():
        pytest.fail(f"{STREAMLIT} missing: `make setup` creates the venv", pytrace=False)
    static = app.parent / "static"
    if app.parent != REPO and static.resolve() != (REPO / "static").resolve():
        pytest.fail(f"Streamlit serves the static/ folder beside the app: link {static} "
                    f"to {REPO / 'static'}", pytrace=False)
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"streamlit-{app.stem}-{port}.log"
    command = [str(STREAMLIT), "run", str(app), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--server.fileWatcherType", "none"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    server = _Server(process, f"http://127.0.0.1:{port}", log)
    server.wait_healthy()
    return server


@pytest.fixture(scope="session")
def streamlit_server():
    """Factory: ``streamlit_server(app_path)`` -> base URL of a Streamlit server running that
    app from the repo root (so .streamlit/config.toml and static/ apply). One server per app
    for the whole session; all are stopped at its end."""
    servers: dict[Path, _Server] = {}

    def start(app_path: str | Path) -> str:
        app = (REPO / app_path).resolve()
        if app not in servers:
            servers[app] = _start_server(app)
        return servers[app].url

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium through Playwright (never a browser downloaded by Playwright)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} missing: `make setup` installs Debian's chromium package",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class RequestLog:
    """What a page asked for: local URLs (let through), off-machine URLs (aborted) and the
    local requests that failed or answered an HTTP error."""
    local: list[str] = field(default_factory=list)
    offmachine: list[str] = field(default_factory=list)
    local_failures: list[str] = field(default_factory=list)

    def route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname in LOCAL_HOSTS:
            self.local.append(url)
            route.continue_()
        else:
            self.offmachine.append(url)
            route.abort()

    def response(self, response) -> None:
        if response.status >= 400 and urlsplit(response.url).hostname in LOCAL_HOSTS:
            self.local_failures.append(f"{response.status} {response.url}")

    def failed(self, request) -> None:
        if urlsplit(request.url).hostname in LOCAL_HOSTS:
            self.local_failures.append(f"{request.failure} {request.url}")


@pytest.fixture
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def page(browser, request_log):
    """A Playwright page in a fresh context where every request not to 127.0.0.1/localhost is
    aborted and recorded in ``request_log.offmachine`` (also the ``offmachine_requests``
    fixture), so a hidden CDN dependency fails the test even on a connected machine."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.route("**/*", request_log.route)
    new_page = context.new_page()
    new_page.on("response", request_log.response)
    new_page.on("requestfailed", request_log.failed)
    yield new_page
    context.close()


@pytest.fixture
def offmachine_requests(request_log) -> list[str]:
    """URLs the page tried to fetch from another machine (all were aborted)."""
    return request_log.offmachine


@pytest.fixture
def save_screenshot(page):
    """``save_screenshot(name)`` saves the page to tests/artifacts/<name>.png (gitignored)."""
    def save(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return save
