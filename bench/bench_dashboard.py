"""The dashboard benchmark (issue 3): first map, payload, server memory, filter redraw.

Every case is measured side by side in one run, rounds interleaved (round k loads every
case once, in a shuffled order) so that the machine's drift hits all of them alike:

- ``trivial``: one polygon in st_folium, Streamlit's own floor;
- ``controls``: the same map with the dashboard's kinds of sidebar controls and a small
  table (``bench/apps/controls_app.py``): what Streamlit's frontend alone costs for them;
- ``dashboard``: the département view and the 7 Vallées EPCI view, on the shipped projects
  and on 10x and 100x synthetic ones (``bench/synthetic.py``), one server per dataset;
- ``naive``: the same layers done the obvious way (``bench/apps/naive_app.py``), at 1x, 100x.

One warm-up round is not counted (imports, caches, first run of each script). Each page load
starts in a fresh browser context, once the machine is quiet (``wait_machine_quiet``: less
than 15 % CPU busy over 0.3 s), so no server's leftover work lands in another case's load. Then the filter redraw is timed in the EPCI view.
Results: ``bench/results/dashboard.json`` and a table in docs/benchmarks.md (``bench/report.py``).
"""
from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from bench import report
from bench.browser import REPO, Server, launch_chromium, wait_machine_quiet
from bench.measure import Load, filter_latencies, load_once, located_in
from bench.synthetic import SEED, SHIPPED_PROJECTS, write_synthetic
from geo.data.contracts import read_table

RESULTS = REPO / "bench" / "results" / "dashboard.json"
SEPT_VALLEES = "200044030"          # CC des 7 Vallées: the EPCI the browser tests open
EPCI_PATH = f"/?epci={SEPT_VALLEES}"
FACTORS = {"1x": 1, "10x": 10, "100x": 100}
NAIVE_FACTORS = ("1x", "100x")
FILTER_FACTORS = ("1x", "100x")
NO_CHART = "dashboard-departement-sans-graphique-1x"   # the same view, ranking chart off
REPEATS = 7                          # counted loads per case: medians of 7 resist one outlier more


@dataclass(frozen=True)
class Case:
    key: str            # e.g. "dashboard-epci-100x"
    server: str         # key of the server it loads from
    path: str
    app: str            # trivial / dashboard / naive
    view: str           # département / EPCI (7 Vallées) / carte seule
    dataset: str        # 1x, 10x, 100x


def plan() -> list[Case]:
    cases = [Case("trivial", "trivial", "/", "trivial", "carte seule", "-"),
             Case("controls", "controls", "/", "controls", "carte seule + contrôles + tableau",
                  "-")]
    for ds in FACTORS:
        cases.append(Case(f"dashboard-departement-{ds}", f"dashboard-{ds}", "/", "dashboard",
                          "département", ds))
        cases.append(Case(f"dashboard-epci-{ds}", f"dashboard-{ds}", EPCI_PATH, "dashboard",
                          "EPCI (7 Vallées)", ds))
    cases.append(Case(NO_CHART, "nochart-1x", "/", "nochart", "département", "1x"))
    for ds in NAIVE_FACTORS:
        cases.append(Case(f"naive-{ds}", f"naive-{ds}", "/", "naive", "département + projets",
                          ds))
    return cases


def project_files(workdir: Path) -> dict[str, Path]:
    """Dataset -> projects CSV: the shipped one, and synthetic ones written in ``workdir``."""
    return {ds: SHIPPED_PROJECTS if factor == 1 else
            write_synthetic(factor, workdir / f"projects_{ds}.csv")
            for ds, factor in FACTORS.items()}


def servers_for(files: dict[str, Path], workdir: Path) -> dict[str, Server]:
    """One server per app and dataset. The dashboard's import store is an empty folder of
    ``workdir``: projects a user imported locally (``store/``) stay out of the figures."""
    servers = {"trivial": Server("trivial", "bench/apps/trivial_app.py"),
               "controls": Server("controls", "bench/apps/controls_app.py")}
    for ds, csv in files.items():
        servers[f"dashboard-{ds}"] = Server(
            f"dashboard-{ds}", "dashboard.py",
            {"ATLAS_PROJECTS_CSV": str(csv), "ATLAS_STORE_DIR": str(workdir / "store")})
    servers["nochart-1x"] = Server(
        "nochart-1x", "bench/apps/nochart_app.py",
        {"ATLAS_PROJECTS_CSV": str(files["1x"]), "ATLAS_STORE_DIR": str(workdir / "store")})
    for ds in NAIVE_FACTORS:
        servers[f"naive-{ds}"] = Server(f"naive-{ds}", "bench/apps/naive_app.py",
                                        {"ATLAS_PROJECTS_CSV": str(files[ds])})
    return servers


def run_loads(browser, servers: dict[str, Server], cases: list[Case], repeats: int
              ) -> dict[str, list[Load]]:
    """A warm-up round, then ``repeats`` interleaved rounds, each in its own shuffled
    order (fixed seed) so that no case always follows the same one; returns the counted
    loads."""
    loads: dict[str, list[Load]] = {c.key: [] for c in cases}
    for round_ in range(repeats + 1):
        order = list(cases)
        if round_:
            random.Random(SEED + round_).shuffle(order)
        for case in order:
            waited, busy = wait_machine_quiet()
            load = load_once(browser, servers[case.server], case.path,
                             chart=case.app == "dashboard" and case.view == "département")
            label = "échauffement" if round_ == 0 else f"mesure {round_}/{repeats}"
            _log(f"{label:<14} {case.key:<26} premier polygone {load.first_map_s:6.2f} s  "
                 f"{load.total_bytes / 1e6:6.2f} Mo  {load.rss_mib:5.0f} Mio  "
                 f"(attente {waited:.1f} s, CPU {busy:.0%})")
            if round_:
                loads[case.key].append(load)
    return loads


def run_filters(browser, servers: dict[str, Server], files: dict[str, Path], repeats: int
                ) -> dict[str, dict]:
    out = {}
    for ds in FILTER_FACTORS:
        drawn = located_in(files[ds], SEPT_VALLEES)
        latencies = filter_latencies(browser, servers[f"dashboard-{ds}"], EPCI_PATH, drawn,
                                     repeats)
        _log(f"filtre {ds:<5} symboles {len(drawn)} : "
             + " ".join(f"{t:.2f}" for t in latencies) + " s")
        out[ds] = {"symbols": len(drawn), "latencies_s": latencies,
                   **summary(latencies)}
    return out


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def case_results(cases: list[Case], loads: dict[str, list[Load]]) -> dict[str, dict]:
    out = {}
    for case in cases:
        runs = loads[case.key]
        out[case.key] = {
            **{k: v for k, v in asdict(case).items() if k != "key"},
            "first_map_s": summary([r.first_map_s for r in runs]),
            "first_chart_s": (summary([r.first_chart_s for r in runs])
                              if runs and runs[0].first_chart_s is not None else None),
            "bytes": summary([r.total_bytes for r in runs]),
            "http_bytes": summary([r.http_bytes for r in runs]),
            "ws_bytes": summary([r.ws_bytes for r in runs]),
            "rss_mib": summary([r.rss_mib for r in runs]),
            "offmachine_requests": sum(r.offmachine for r in runs),
            "runs": [asdict(r) for r in runs],
        }
    return out


def datasets(files: dict[str, Path]) -> dict[str, dict]:
    """What each dataset holds: projects, and those the 7 Vallées map draws."""
    return {ds: {"factor": FACTORS[ds], "projects": len(read_table(csv)),
                 "drawn_in_epci": len(located_in(csv, SEPT_VALLEES)),
                 "file": str(csv.relative_to(REPO)) if csv == SHIPPED_PROJECTS else
                 f"synthetic x{FACTORS[ds]}"}
            for ds, csv in files.items()}


def run(repeats: int = REPEATS) -> dict:
    """Run every measure; write the JSON and the README table; return the results."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    cases = plan()
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as workdir:
        files = project_files(Path(workdir))
        data = datasets(files)
        servers = servers_for(files, Path(workdir))
        try:
            for server in servers.values():
                server.start()
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                loads = run_loads(browser, servers, cases, repeats)
                filters_ = run_filters(browser, servers, files, repeats)
                chromium = browser.version
                browser.close()
        finally:
            for server in servers.values():
                server.stop()
    results = {
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": _cpus(), "python": platform.python_version(),
                    "chromium": chromium},
        "protocol": {"repeats": repeats, "warmup_rounds": 1, "seed": SEED,
                     "epci": SEPT_VALLEES, "datasets": data},
        "cases": case_results(cases, loads),
        "filter_redraw": filters_,
    }
    results["targets"] = report.targets(results)
    results["duration_s"] = round(time.perf_counter() - started, 1)
    write(results)
    return results


def write(results: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(RESULTS)
    print(report.table(results))
    print(report.targets_text(results))
    report.update_readme(results)
    print(f"\nRésultats : {RESULTS.relative_to(REPO)} ; tableau recopié dans docs/benchmarks.md "
          f"({results['duration_s']} s).")


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
