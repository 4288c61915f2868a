"""Real-browser test harness: Streamlit servers started from the repo root, Debian's chromium,
and pages on which every request that would leave the machine is aborted and recorded.

    def test_x(streamlit_server, page, offmachine_requests, save_screenshot):
        page.goto(streamlit_server("tests/apps/my_app.py"))
        ...
        save_screenshot("x")
        assert offmachine_requests == []
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS, BenchError, Server
from geo.seed.document import SeedDocument

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "tests" / "artifacts"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Routes record the off-machine requests; the resolver rule of the bench's flags is left out
# so that they are attempted (and aborted, recorded) rather than failing in DNS unseen.
CHROMIUM_TEST_ARGS = [a for a in CHROMIUM_ARGS if not a.startswith("--host-resolver-rules")]
VIEWPORT = {"width": 1280, "height": 1400}  # tall: Streamlit scrolls inside its own container


def _check_static_beside(app: Path) -> None:
    """Streamlit serves the static/ folder beside the app script: apps outside the repo
    root need a link to the real one (the map's assets live there)."""
    static = app.parent / "static"
    if app.parent != REPO and static.resolve() != (REPO / "static").resolve():
        pytest.fail(f"Streamlit serves the static/ folder beside the app: link {static} "
                    f"to {REPO / 'static'}", pytrace=False)


# What a test needs, read from its fixtures: ``make test-fast`` leaves out the tests that
# start a browser, a Streamlit server, ``make serve`` or a PostgreSQL server.
BROWSER_FIXTURES = frozenset({"page", "browser", "streamlit_server"})
SERVER_FIXTURES = frozenset({"balancer", "serving"})
POSTGIS_FIXTURES = frozenset({"postgis_cluster", "postgis_url"})


def pytest_configure(config):
    for name, what in (("browser", "starts chromium or a Streamlit server"),
                       ("postgis", "starts a PostgreSQL/PostGIS server"),
                       ("serve", "starts `make serve` (replicas behind HAProxy)"),
                       ("sweep", "repeats a slow rendering over many EPCI, papers or orientations")):
        config.addinivalue_line("markers", f"{name}: {what}")


def pytest_collection_modifyitems(items):
    for item in items:
        needs = set(item.fixturenames)
        params = getattr(getattr(item, "callspec", None), "params", {})
        if needs & BROWSER_FIXTURES:
            item.add_marker("browser")
        if needs & POSTGIS_FIXTURES or params.get("store") == "postgis":
            item.add_marker("postgis")
        if needs & SERVER_FIXTURES or item.path.name.startswith("test_serve"):
            item.add_marker("serve")


@pytest.fixture(scope="session")
def streamlit_server():
    """Factory: ``streamlit_server(app_path, env=None)`` -> base URL of a Streamlit server
    running that app from the repo root (so .streamlit/config.toml and static/ apply), with
    extra environment variables ``env``. One server per (app, env) for the whole session;
    all are stopped at its end. Started by the benchmark's ``bench.browser.Server``."""
    servers: dict[tuple, Server] = {}

    def start(app_path: str | Path, env: dict[str, str] | None = None) -> str:
        app = (REPO / app_path).resolve()
        key = (app, tuple(sorted((env or {}).items())))
        if key not in servers:
            _check_static_beside(app)
            server = Server(name=f"test-{app.stem}-{len(servers)}",
                            app=str(app.relative_to(REPO)), env=dict(env or {}))
            try:
                servers[key] = server.start()
            except BenchError as exc:
                pytest.fail(f"{exc}", pytrace=False)
        return servers[key].url

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
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_TEST_ARGS)
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


@pytest.fixture(scope="session")
def doc() -> SeedDocument:
    """The May 2019 recueil, read once for all the seed tests."""
    return SeedDocument()


STORE_BACKENDS = ["sqlite", "postgis"]


@pytest.fixture(params=STORE_BACKENDS)
def store(request, tmp_path, monkeypatch):
    """An empty import store of its own, the one the atlas, ``current_import_version`` and
    the command line read, on each backend in turn: ``[sqlite]`` a file in
    ``$ATLAS_STORE_DIR``, ``[postgis]`` a fresh PostGIS database (``$ATLAS_DATABASE_URL``;
    subprocesses inherit both, or take ``store.env()``). ``Atlas.load``'s cache emptied
    around it, since versions are numbered from 1 in every store; the pooled connections
    closed after. A test file may define its own."""
    from geo.atlas import Atlas
    from geo.store import DATABASE_ENV, STORE_ENV, Store, dispose_engines

    monkeypatch.setenv(STORE_ENV, str(tmp_path / "store"))
    if request.param == "postgis":
        monkeypatch.setenv(DATABASE_ENV, request.getfixturevalue("postgis_url"))
    else:
        monkeypatch.delenv(DATABASE_ENV, raising=False)
    Atlas.load.cache_clear()
    yield Store()
    Atlas.load.cache_clear()
    dispose_engines()


@pytest.fixture(scope="session")
def postgis_cluster():
    """A throw-away PostgreSQL/PostGIS server for the whole test session (its own directory
    and socket, run as ``postgres``), stopped at the end. ``postgis_cluster.create_database
    (name)`` gives the SQLAlchemy URL of a fresh database with PostGIS. Never skipped: on a
    machine without the Debian packages the test fails and says what `make setup` installs."""
    from bench.postgres import Cluster, ClusterError, available

    reason = available()
    if reason:
        pytest.fail(reason, pytrace=False)
    cluster = Cluster(durable=False)
    try:
        cluster.start()
    except ClusterError as exc:
        pytest.fail(f"serveur PostgreSQL de test impossible à démarrer : {exc}", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture
def postgis_url(postgis_cluster, request):
    """The URL of a fresh PostGIS database of this test's own, dropped after it."""
    name = "t_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]
    yield postgis_cluster.create_database(name)
    postgis_cluster.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
