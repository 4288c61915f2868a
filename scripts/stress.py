"""``make test-stress``: the browser tests on a busy machine, several times in a row.

One CPU-bound process per core spins beside pytest for the whole run, so the app's
servers, chromium and the tests share the cores with a load that never yields. Each round
runs every test marked ``browser`` (see ``tests/conftest.py``); the run passes only if
every round passes. A line per round (result, time) and a summary are printed, and the
same figures are written to ``bench/results/test-stress.json``.

    .venv/bin/python scripts/stress.py [--rounds 3] [-- extra pytest arguments]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "test-stress.json"


def _spin() -> None:
    while True:
        pass


def _burners(count: int) -> list[multiprocessing.Process]:
    burners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(count)]
    for burner in burners:
        burner.start()
    return burners


def _round(number: int, extra: list[str]) -> dict:
    command = [sys.executable, "-m", "pytest", "-q", "-m", "browser", "-p", "no:cacheprovider",
               "tests", *extra]
    start = time.monotonic()
    done = subprocess.run(command, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True)
    seconds = round(time.monotonic() - start, 1)
    summary = (done.stdout.strip().splitlines() or ["(aucune sortie)"])[-1]
    print(f"passe {number} : {'réussie' if done.returncode == 0 else 'ÉCHEC'} en {seconds} s "
          f"— {summary}", flush=True)
    if done.returncode:
        print(done.stdout[-6000:], done.stderr[-2000:], sep="\n", flush=True)
    return {"round": number, "passed": done.returncode == 0, "seconds": seconds,
            "summary": summary}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--burners", type=int, default=os.cpu_count() or 2,
                        help="processus qui occupent un cœur chacun (défaut : un par cœur)")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args(argv)
    print(f"{args.burners} processus de charge sur {os.cpu_count()} cœurs, "
          f"{args.rounds} passes des tests navigateur", flush=True)
    burners = _burners(args.burners)
    try:
        rounds = [_round(n, args.pytest_args) for n in range(1, args.rounds + 1)]
    finally:
        for burner in burners:
            burner.terminate()
    passed = sum(r["passed"] for r in rounds)
    print(f"{passed}/{len(rounds)} passes réussies sous charge", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"burners": args.burners, "cores": os.cpu_count(),
                                   "rounds": rounds}, indent=2) + "\n", encoding="utf-8")
    return 0 if passed == len(rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
