"""``python -m bench`` (``make bench``): every benchmark of the atlas, one after the other.

- the dashboard (``bench/bench_dashboard.py``): first map, payload, server memory and filter
  redraw against Streamlit's floor and a naive baseline, at 1x, 10x and 100x projects;
- the print export (``bench/bench_export.py``), when present;
- the PostGIS publication and the import of 20 000 rows into both stores
  (``bench/bench_postgis.py``, ``bench/bench_store.py``), when present.

Options: ``--repeats N`` (counted loads per case, at least 3),
``--only dashboard|export|postgis``.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench import bench_dashboard
from bench.browser import REPO, BenchError
from geo.model.cli_fr import FrenchParser

EXPORT_BENCH = REPO / "bench" / "bench_export.py"
POSTGIS_BENCH = REPO / "bench" / "bench_postgis.py"


def main(argv: list[str] | None = None) -> int:
    parser = FrenchParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=bench_dashboard.REPEATS,
                        help="chargements mesurés par cas (au moins 3)")
    parser.add_argument("--only", choices=["dashboard", "export", "postgis"])
    args = parser.parse_args(argv)
    if args.repeats < 3:
        parser.error("--repeats : au moins 3 mesures par cas")
    status = 0
    if args.only in (None, "dashboard"):
        try:
            bench_dashboard.run(args.repeats)
        except BenchError as exc:
            print(f"Mesure du tableau de bord interrompue : {exc}", file=sys.stderr)
            status = 1
    if args.only in (None, "export"):
        status = run_export_bench() or status
    if args.only in (None, "postgis"):
        status = run_postgis_bench() or status
    return status


def run_export_bench() -> int:
    """The export benchmark is another module's: run it as its own program."""
    return _run_program(EXPORT_BENCH, "Export", "de l'export")


def run_postgis_bench() -> int:
    """The PostGIS publication benchmark, as its own program (its own throw-away server)."""
    return _run_program(POSTGIS_BENCH, "Publication PostGIS", "de la publication PostGIS")


def _run_program(path: Path, title: str, what: str) -> int:
    """``python -m bench.<path's module>`` with its own output; 0 when the file is absent."""
    if not path.exists():
        print(f"bench/{path.name} absent : pas de mesure {what}.")
        return 0
    print(f"\n== {title} ==", flush=True)
    return subprocess.call([sys.executable, "-m", f"bench.{path.stem}"], cwd=REPO)


if __name__ == "__main__":
    sys.exit(main())
