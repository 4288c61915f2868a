"""Export timings: one A4 300 dpi PNG (an EPCI livret map and the département map), the
same map in PDF and SVG, and all 20 booklets with the combined PDF.

    .venv/bin/python -m bench.bench_export          # prints and writes bench/results/export.json

Targets (issue 4): one map ≤ 3 s, all booklets ≤ 60 s on this 2-core machine. Map times
are the median of ``REPEATS`` warm renders (atlas and layers loaded: what a user waits
for after the first export of a session); the cold first render is reported too.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from geo.atlas import Atlas
from geo.export.booklet import write_booklets
from geo.export.paper import PrintOptions
from geo.export.print_map import render_map
from geo.analysis.filters import ProjectFilter

RESULTS = Path(__file__).resolve().parent / "results" / "export.json"
REPEATS = 3
DAY = dt.date(2026, 11, 22)
EPCI = "200069029"          # CA des Deux Baies en Montreuillois: most projects
TARGET_MAP_S = 3.0
TARGET_BOOKLETS_S = 60.0


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def map_times(atlas: Atlas, flt: ProjectFilter, fmt: str) -> dict:
    options = PrintOptions(paper="A4", orientation="portrait", dpi=300, fmt=fmt, date=DAY)
    cold, data = timed(lambda: render_map(atlas, flt, options))
    warm = [timed(lambda: render_map(atlas, flt, options))[0] for _ in range(REPEATS)]
    return {"first_s": round(cold, 3), "median_s": round(statistics.median(warm), 3),
            "bytes": len(data)}


def main() -> dict:
    load_s, atlas = timed(Atlas.load)
    maps = {
        "epci_png_a4_300dpi": map_times(atlas, ProjectFilter(epci=EPCI), "png"),
        "departement_png_a4_300dpi": map_times(atlas, ProjectFilter(), "png"),
        "epci_pdf_a4": map_times(atlas, ProjectFilter(epci=EPCI), "pdf"),
        "epci_svg_a4": map_times(atlas, ProjectFilter(epci=EPCI), "svg"),
    }
    with tempfile.TemporaryDirectory() as out:
        booklets_s, paths = timed(lambda: write_booklets(Path(out), atlas, workers=2,
                                                         progress=False, date=DAY))
        combined_mb = paths[-1].stat().st_size / 1e6
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "atlas_load_s": round(load_s, 3),
        "maps": maps,
        "booklets": {"count": len(paths) - 1, "workers": 2, "total_s": round(booklets_s, 2),
                     "combined_pdf_mb": round(combined_mb, 2)},
        "targets": {"map_s": TARGET_MAP_S, "booklets_s": TARGET_BOOKLETS_S},
        "meets_targets": (maps["epci_png_a4_300dpi"]["first_s"] <= TARGET_MAP_S
                          and maps["departement_png_a4_300dpi"]["first_s"] <= TARGET_MAP_S
                          and booklets_s <= TARGET_BOOKLETS_S),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return results


def report(results: dict) -> None:
    print(f"Chargement de l'atlas : {results['atlas_load_s']:.2f} s")
    for name, m in results["maps"].items():
        print(f"{name:28} premier rendu {m['first_s']:.2f} s, ensuite {m['median_s']:.2f} s "
              f"(médiane de {REPEATS}), {m['bytes'] / 1e6:.2f} Mo")
    b = results["booklets"]
    print(f"{b['count']} livrets + recueil ({b['workers']} processus) : {b['total_s']:.1f} s, "
          f"recueil {b['combined_pdf_mb']:.1f} Mo")
    verdict = "atteints" if results["meets_targets"] else "NON atteints"
    print(f"Objectifs (carte ≤ {TARGET_MAP_S:g} s, livrets ≤ {TARGET_BOOKLETS_S:g} s) : "
          f"{verdict} — {RESULTS.relative_to(RESULTS.parents[2])}")


if __name__ == "__main__":
    report(main())
