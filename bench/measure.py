"""The two browser measures: one page load, and a sidebar filter's redraw.

- ``load_once``: time from ``page.goto`` to the first ``path.leaflet-interactive`` inside
  the st_folium iframe, then, once the page is quiet, the bytes it received and the
  server's resident memory.
- ``filter_latencies``: in an EPCI view, time from committing the "Montant min. (€)"
  field (Enter) to the map showing the expected number of ``.atlas-project`` symbols.

Both poll in the page itself every ``POLL_MS`` (the iframe is same-origin), so the
measure's own resolution is a frame, not Playwright's retry back-off.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd

from bench.browser import BenchError, Probe, Server
from geo.data import territory
from geo.data.contracts import read_table

IFRAME = ('iframe[title="components.map_component.atlas_map"], '   # the atlas's map
          'iframe[title="streamlit_folium.st_folium"]')                 # reference apps
POLL_MS = 16
MAP_TIMEOUT_MS = 180_000
QUIET_MS = 1_000           # no byte received for this long: the page load is over
SETTLE_CAP_MS = 30_000
AMOUNT_MIN_LABEL = "Montant min. (€)"

# The first polygon drawn, or the app's own error box (then the load fails at once).
FIRST_POLYGON_JS = """sel => {
  const error = document.querySelector('[data-testid="stException"]');
  if (error) return 'error: ' + error.innerText.slice(0, 500);
  return Array.from(document.querySelectorAll(sel)).some(f => {
    const d = f.contentDocument; return !!d && !!d.querySelector('path.leaflet-interactive');
  }) && 'map'; }"""
PROJECT_COUNT_JS = """([sel, n]) => { const f = document.querySelectorAll(sel);
  if (!f.length) return false; const d = f[f.length - 1].contentDocument;
  return !!d && d.querySelectorAll('.atlas-project').length === n; }"""
FIRST_CHART_JS = """() => !!document.querySelector(
  '[data-testid="stVegaLiteChart"] svg .mark-rect path')"""
RUNNING_JS = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


@dataclass
class Load:
    first_map_s: float
    http_bytes: int
    ws_bytes: int
    rss_mib: float
    offmachine: int
    first_chart_s: float | None = None     # the ranking chart's first bar (département view)

    @property
    def total_bytes(self) -> int:
        return self.http_bytes + self.ws_bytes


def load_once(browser, server: Server, path: str, chart: bool = False) -> Load:
    """Open ``path`` in a fresh context (empty cache) and measure the load; with ``chart``
    also the time to the ranking chart's first bar (it may come after the map)."""
    probe = Probe(browser)
    try:
        start = time.perf_counter()
        probe.page.goto(server.url + path, wait_until="commit")
        outcome = probe.page.wait_for_function(FIRST_POLYGON_JS, arg=IFRAME, polling=POLL_MS,
                                               timeout=MAP_TIMEOUT_MS).json_value()
        first_map = time.perf_counter() - start
        if outcome != "map":
            raise BenchError(f"{server.name}{path} : {outcome}")
        first_chart = None
        if chart:
            probe.page.wait_for_function(FIRST_CHART_JS, polling=POLL_MS,
                                         timeout=MAP_TIMEOUT_MS)
            first_chart = time.perf_counter() - start
        settle(probe)
        return Load(first_map, probe.http_bytes(), probe.ws_bytes, server.rss_mib(),
                    len(probe.offmachine), first_chart)
    finally:
        probe.close()


def settle(probe: Probe) -> None:
    """Wait until the script run is over and nothing has arrived for QUIET_MS."""
    page = probe.page
    page.wait_for_function(RUNNING_JS, polling=100, timeout=MAP_TIMEOUT_MS)
    last, quiet, waited = probe.activity, 0, 0
    while quiet < QUIET_MS and waited < SETTLE_CAP_MS:
        page.wait_for_timeout(250)
        waited += 250
        now = probe.activity
        quiet = quiet + 250 if now == last else 0
        last = now


# ---------------------------------------------------------------------------------------
# Filter redraw

def located_in(projects_csv, siren: str) -> pd.DataFrame:
    """The projects of ``projects_csv`` the EPCI map draws (placed at a mairie)."""
    projects = read_table(projects_csv)
    points = territory.commune_points().dropna(subset=["mairie_lon", "mairie_lat"])
    drawn = projects[(projects["epci_siren"] == siren)
                     & (projects["location_precision"] == "commune")
                     & projects["commune_insee"].isin(points["code_insee"])]
    return drawn.assign(amount_cents=pd.to_numeric(drawn["amount_cents"]).astype("Int64"))


def expected_count(drawn: pd.DataFrame, min_eur: int | None) -> int:
    """Symbols left by "Montant min. (€)" = ``min_eur`` (None: the field is empty, no
    minimum, as in the app; 0 keeps only the projects whose amount is known)."""
    if min_eur is None:
        return len(drawn)
    return int((drawn["amount_cents"].fillna(-1) >= min_eur * 100).sum())


def threshold_eur(drawn: pd.DataFrame) -> int:
    """A minimum amount that removes some symbols but not all: the upper-middle amount."""
    amounts = sorted(drawn["amount_cents"].dropna().unique())
    if len(amounts) < 2:
        raise ValueError("moins de deux montants distincts : aucun seuil ne change la carte")
    return int(amounts[len(amounts) // 2]) // 100


def filter_latencies(browser, server: Server, path: str, drawn: pd.DataFrame,
                     repeats: int) -> list[float]:
    """Alternate the minimum amount between a threshold and none (the field emptied),
    ``repeats`` times each way; returns each change's time to the redrawn map, in seconds."""
    probe = Probe(browser)
    page = probe.page
    try:
        page.goto(server.url + path, wait_until="commit")
        _wait_count(page, expected_count(drawn, None))
        settle(probe)
        field = page.get_by_role("spinbutton", name=AMOUNT_MIN_LABEL, exact=True)
        threshold, latencies = threshold_eur(drawn), []
        for value in [threshold, None] * repeats:
            field.fill("" if value is None else str(value))
            start = time.perf_counter()
            field.press("Enter")
            _wait_count(page, expected_count(drawn, value))
            latencies.append(time.perf_counter() - start)
            settle(probe)
        return latencies
    finally:
        probe.close()


def _wait_count(page, count: int) -> None:
    page.wait_for_function(PROJECT_COUNT_JS, arg=[IFRAME, count], polling=POLL_MS,
                           timeout=MAP_TIMEOUT_MS)
