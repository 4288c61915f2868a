"""``make serve``: the production start, N Streamlit replicas behind HAProxy.

    python -m serve [--replicas N] [--port 8501] [--bind 127.0.0.1] [--base-port 8610]

Starts the replicas (default: one per core) on ``base-port``, ``base-port + 1``…, waits
until each answers, warms each one's caches (:func:`serve.replicas.warm`), then runs
HAProxy (Debian package) on ``port`` with sticky sessions (:mod:`serve.haproxy`). A
replica that stops is started and warmed again while the others keep serving. Ctrl-C or
SIGTERM stops everything. Every replica reads the same data and the same import store.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from geo.model.cli_fr import FrenchParser
from serve import haproxy, replicas
from serve.haproxy import Replica
from serve.replicas import say

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def parse_args(argv=None) -> argparse.Namespace:
    p = FrenchParser(prog="python -m serve", description="Atlas : répliques + HAProxy")
    p.add_argument("--replicas", type=int, default=os.cpu_count() or 1)
    p.add_argument("--port", type=int, default=8501, help="port public (HAProxy)")
    p.add_argument("--bind", default="127.0.0.1", help="adresse publique (0.0.0.0 : réseau)")
    p.add_argument("--base-port", type=int, default=8610, help="port de la première réplique")
    p.add_argument("--no-warm", action="store_true", help="ne pas préchauffer les répliques")
    return p.parse_args(argv)


def _bring_up(replica: Replica, log_dir: Path, warm: bool) -> subprocess.Popen:
    process = replicas.start(replica, log_dir)
    replicas.wait_healthy(f"http://{replica.host}:{replica.port}", process=process)
    if warm:
        say(f"réplique {replica.name} (port {replica.port}) préchauffée en "
            f"{replicas.warm(replica):.1f} s")
    return process


def main(argv=None) -> int:
    args = parse_args(argv)
    if not Path(HAPROXY).exists():
        say("haproxy manquant : installez le paquet Debian 'haproxy' (make setup le fait)")
        return 1
    run_dir = Path(tempfile.mkdtemp(prefix="atlas-serve-"))
    pool = [Replica(f"r{i + 1}", "127.0.0.1", args.base_port + i) for i in range(args.replicas)]
    with ThreadPoolExecutor(len(pool)) as workers:
        processes = list(workers.map(lambda r: _bring_up(r, run_dir, not args.no_warm), pool))
    (run_dir / "haproxy.cfg").write_text(haproxy.config(args.bind, args.port, pool))
    balancer = subprocess.Popen([HAPROXY, "-f", str(run_dir / "haproxy.cfg"), "-db"],
                                stdin=subprocess.DEVNULL)
    say(f"prêt : http://{args.bind}:{args.port} — {len(pool)} répliques derrière HAProxy "
        f"(journaux : {run_dir})")
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.append(True))
    try:
        _supervise(pool, processes, balancer, run_dir, stopping, not args.no_warm)
    finally:
        for process in [balancer, *processes]:
            if process.poll() is None:
                process.terminate()
        for process in [balancer, *processes]:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


def _supervise(pool, processes, balancer, run_dir, stopping, warm) -> None:
    """Restart (and warm) a replica that stopped; stop when asked or if HAProxy stops."""
    while not stopping:
        if balancer.poll() is not None:
            say("HAProxy s'est arrêté : arrêt des répliques")
            return
        for i, process in enumerate(processes):
            if process.poll() is not None and not stopping:
                say(f"réplique {pool[i].name} arrêtée (code {process.returncode}) : redémarrage")
                processes[i] = _bring_up(pool[i], run_dir, warm)
        time.sleep(0.5)


if __name__ == "__main__":
    raise SystemExit(main())
