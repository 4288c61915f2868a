"""Screenshots of every view of the atlas, as a user sees them: the app started on the
shipped data, headless Debian chromium (off-machine requests refused), each view waited
for until Streamlit is idle and its map settled (the conditions of tests/waits.py).

    .venv/bin/python scripts/screenshots.py               # 1366×900 and 1024×768 in tests/artifacts/screens/
    .venv/bin/python scripts/screenshots.py --docs        # the README's images, docs/img/
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from bench.browser import Server, launch_chromium  # noqa: E402
from waits import TIMEOUT, app_idle, map_settled  # noqa: E402

VIEWS = {
    "departement": "/",
    "epci": "/?epci=200069029",
    "commune": "/?commune=62767",
    "equite": "/?vue=equite",
    "import": "/donnees",
}
SIZES = {"1366x900": (1366, 900), "1024x768": (1024, 768)}


def shoot(page, url: str, path: Path, full: bool) -> None:
    page.goto(url)
    app_idle(page, complete="donnees" not in url)
    if "donnees" not in url:
        map_settled(page)
    page.screenshot(path=str(path), full_page=full, timeout=TIMEOUT)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="scripts/screenshots.py")
    parser.add_argument("--docs", action="store_true", help="docs/img/<vue>.png, 1366×900")
    args = parser.parse_args(argv)
    out = REPO / ("docs/img" if args.docs else "tests/artifacts/screens")
    out.mkdir(parents=True, exist_ok=True)
    server = Server("screenshots", "dashboard.py").start()
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            sizes = {"1366x900": SIZES["1366x900"]} if args.docs else SIZES
            for size, (width, height) in sizes.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for view, query in VIEWS.items():
                    name = f"{view}.png" if args.docs else f"{view}-{size}.png"
                    shoot(page, server.url + query, out / name, full=not args.docs)
                    print(out / name)
                page.close()
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
