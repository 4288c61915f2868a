"""``make bench-load``: many people at once, driven over Streamlit's websocket.

Each simulated person (:class:`serve.session.Session`, the messages chromium sends:
checked below against one real chromium page) opens the département view, switches to
an EPCI, then ticks a theme. N of them start at the same moment, N = 1, 10, 30, 60,
against ``make run`` (one Streamlit process) and ``make serve`` (one replica per core
behind HAProxy). Measured per step: median and p95 of the time from the request to the
script's end (all runs of the step: the page, then the run of the map's first value, of
the map's fragment only), errors, the
resident memory of every server process (at the end of each level, and after the
sessions closed and Streamlit's disconnected-session TTL passed) and their CPU seconds.
The first visitor after a start is timed too, and the server CPU of each step for one
person at a time (the first time a process shows those views, then again). Results: ``bench/results/load.json`` and the
docs/benchmarks.md table between ``<!-- load:start -->`` and ``<!-- load:end -->``.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.browser import REPO, STREAMLIT, _process_tree, _vm_rss_kib, free_port
from bench.measure import IFRAME
from serve.replicas import wait_healthy
from serve.session import Session

RESULTS = REPO / "bench" / "results" / "load.json"
LEVELS = (1, 10, 30, 60)
TTL_S = 30                  # Streamlit's disconnected-session TTL in the benchmark's servers
STEPS = ("open", "epci", "filter")
TARGETS = {"p95_open_s": 3.0, "p95_epci_s": 1.0, "p95_filter_s": 1.0, "rss_total_mib": 800}
TARGET_LABELS = {"p95_open_s": "ouverture p95", "p95_epci_s": "changement d'EPCI p95",
                 "p95_filter_s": "filtre p95", "rss_total_mib": "mémoire de tous les processus"}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _cpu_s(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return total / ticks


class Target:
    """``make run`` (one process) or ``make serve`` (replicas + HAProxy), started here."""

    def __init__(self, name: str, serve: bool) -> None:
        self.name, self.serve = name, serve
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.ready_s = 0.0

    def start(self) -> "Target":
        env = {**os.environ, "PYTHONPATH": str(REPO),
               "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(TTL_S)}
        if self.serve:
            command = [sys.executable, "-m", "serve", "--port", str(self.port),
                       "--base-port", str(free_port(count=os.cpu_count() or 2))]
        else:
            command = [str(STREAMLIT), "run", "dashboard.py", "--server.port", str(self.port),
                       "--server.headless", "true", "--server.fileWatcherType", "none"]
        started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        wait_healthy(self.url, 240, self.process)
        self.ready_s = time.perf_counter() - started
        return self

    def pids(self) -> list[int]:
        return _process_tree(self.process.pid)

    def rss(self) -> dict[str, float]:
        """MiB of every process of the target (streamlit replicas, HAProxy)."""
        out = {}
        for pid in self.pids():
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            out[f"{name}-{pid}"] = round(_vm_rss_kib(pid) / 1024, 1)
        return out

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def _steps(session: Session, epci: str, theme: str) -> list[tuple[str, object]]:
    """A person's steps (``STEPS``), each an action to await: open the département view,
    switch to ``epci``, tick ``theme``."""
    return [("open", lambda: session.open()),
            ("epci", lambda: session.change({"f_epci": epci})),
            ("filter", lambda: session.change({"f_themes": [theme]}))]


async def _person(url: str, epci: str, theme: str, start: asyncio.Event) -> dict:
    await start.wait()
    session, times, errors = Session(url), {}, []
    try:
        for step, action in _steps(session, epci, theme):
            run = await action()
            times[step] = run.seconds
            errors += run.errors
    except Exception as exc:  # noqa: BLE001 - a failed session is counted, not fatal
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        try:
            await session.close()
        except Exception:  # noqa: BLE001
            pass
    return {"times": times, "errors": errors, "replica": session.replica}


async def _level(url: str, n: int, names: list[str]) -> list[dict]:
    rng = random.Random(20190529 + n)
    start = asyncio.Event()
    people = [asyncio.create_task(_person(url, rng.choice(names), rng.choice(
        ["Sport", "Culture", "Education"]), start)) for _ in range(n)]
    await asyncio.sleep(0.2)
    start.set()
    return await asyncio.gather(*people)


def _summary(results: list[dict]) -> dict:
    out = {"sessions": len(results), "errors": sum(bool(r["errors"]) for r in results),
           "error_samples": [e for r in results for e in r["errors"]][:3],
           "replicas": sorted({r["replica"] for r in results if r["replica"]})}
    for step in STEPS:
        values = [r["times"][step] for r in results if step in r["times"]]
        out[f"median_{step}_s"] = round(statistics.median(values), 3) if values else None
        out[f"p95_{step}_s"] = round(_percentile(values, 0.95), 3) if values else None
    return out


CPU_TARGETS = {"open": 0.15, "epci": 0.08, "filter": 0.08}   # server CPU s per step
CPU_SAMPLES = 8             # people, one after the other, for the per-step CPU


async def _step_cpu(url: str, pids: list[int], people: list[tuple[str, str]]) -> dict:
    """Server CPU seconds (every thread of every process) of each step, one person at a
    time: their mean over ``people`` (EPCI, theme)."""
    spent: dict[str, list[float]] = {step: [] for step in STEPS}
    for epci, theme in people:
        session = Session(url)
        for step, action in _steps(session, epci, theme):
            before = _cpu_s(pids)
            await action()
            await asyncio.sleep(0.1)        # what the server does after the script's end
            spent[step].append(_cpu_s(pids) - before)
        await session.close()
    return {step: round(statistics.mean(values), 3) for step, values in spent.items()}


def step_cpu(target: "Target", names: list[str]) -> dict:
    """Per-step server CPU of one person: the first time this process shows those views,
    then the same steps again (what every later visitor costs: the caches are shared)."""
    rng = random.Random(20190529)
    people = [(rng.choice(names), rng.choice(["Sport", "Culture", "Education"]))
              for _ in range(CPU_SAMPLES)]
    first = asyncio.run(_step_cpu(target.url, target.pids(), people))
    again = asyncio.run(_step_cpu(target.url, target.pids(), people))
    return {"first_time": first, "again": again, "people": CPU_SAMPLES}


def _first_visit(url: str) -> dict:
    """The first person after a start: seconds to the département view with its map."""
    async def once() -> tuple[float, list[str]]:
        session = Session(url)
        run = await session.open()
        await session.close()
        return run.seconds, run.errors
    seconds, errors = asyncio.run(once())
    return {"open_s": round(seconds, 3), "errors": errors}


def run_target(name: str, serve: bool, levels=LEVELS) -> dict:
    from geo.data.territory import load_epci

    names = sorted(load_epci("simple")["nom"])
    target = Target(name, serve).start()
    try:
        out = {"target": name, "ready_s": round(target.ready_s, 1),
               "first_visit": _first_visit(target.url), "rss_idle_mib": target.rss(),
               "levels": []}
        out["step_cpu_s"] = step_cpu(target, names)
        print(f"{name} : CPU serveur par étape {out['step_cpu_s']}", flush=True)
        for n in levels:
            cpu0, wall0 = _cpu_s(target.pids()), time.perf_counter()
            results = asyncio.run(_level(target.url, n, names))
            level = _summary(results)
            level["server_cpu_s"] = round(_cpu_s(target.pids()) - cpu0, 2)
            level["wall_s"] = round(time.perf_counter() - wall0, 2)
            level["rss_mib"] = target.rss()
            level["rss_total_mib"] = round(sum(level["rss_mib"].values()), 1)
            out["levels"].append(level)
            print(f"{name} {n:>2} sessions : ouverture p95 {level['p95_open_s']} s, EPCI "
                  f"{level['p95_epci_s']} s, filtre {level['p95_filter_s']} s, erreurs "
                  f"{level['errors']}, RSS {level['rss_total_mib']} Mio", flush=True)
            time.sleep(2)
        time.sleep(TTL_S + 15)          # the disconnected sessions expire, then memory
        out["rss_after_ttl_mib"] = target.rss()
        return out
    finally:
        target.stop()


def checked_against_chromium(url: str) -> dict:
    """One chromium page and one websocket session open the département view: the same
    headings (title and subheaders of the page, then of the sidebar), in the same order."""
    from playwright.sync_api import sync_playwright

    from bench.browser import launch_chromium

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(url)
        page.wait_for_selector(IFRAME, state="attached")
        page.wait_for_timeout(6000)
        seen = [" ".join(t.split()) for part in ("stMain", "stSidebar")   # drawn in this order
                for t in page.locator(f"[data-testid={part}] :is(h1, h2, h3)").all_inner_texts()
                if t.strip()]
        browser.close()

    async def client() -> list[str]:
        session = Session(url)
        await session.open()
        await session.close()
        return [" ".join(h.split()) for h in session.headings()]
    mine = asyncio.run(client())
    return {"chromium": seen, "session": mine, "same": seen == mine}


def _fr(value: float | None, unit: str = " s") -> str:
    if value is None:
        return "–"
    text = f"{value:.0f}" if unit == " Mio" else f"{value:.2f}"
    return text.replace(".", ",") + unit


def targets(results: dict) -> list[str]:
    """PASS/FAIL lines of the issue's targets, on the make serve results."""
    serve = next(t for t in results["targets"] if t["target"] == "make serve")
    by_n = {level["sessions"]: level for level in serve["levels"]}
    lines = []
    at30, at60 = by_n.get(30), by_n.get(60)
    if at30:
        for key, limit in TARGETS.items():
            value = at30[key]
            ok = value is not None and value <= limit and at30["errors"] == 0
            unit = " Mio" if key.startswith("rss") else " s"
            lines.append(f"{'PASS' if ok else 'FAIL'} — make serve, 30 sessions : "
                         f"{TARGET_LABELS[key]} ≤ "
                         f"{_fr(limit, unit)} : {_fr(value, unit)} ({at30['errors']} erreur(s))")
    if at60:
        lines.append(f"{'PASS' if at60['errors'] == 0 else 'FAIL'} — make serve, 60 sessions : "
                     f"0 erreur : {at60['errors']}")
    first = serve["first_visit"]["open_s"]
    lines.append(f"{'PASS' if first <= 3 else 'FAIL'} — premier visiteur après le démarrage : "
                 f"carte en {_fr(first)} (≤ 3 s ; répliques préchauffées au démarrage)")
    idle = sum(serve["rss_idle_mib"].values())
    peak = max(level["rss_total_mib"] for level in serve["levels"])
    after = sum(serve["rss_after_ttl_mib"].values())
    lines.append(f"{'PASS' if after <= peak else 'FAIL'} — mémoire après la fermeture des "
                 f"sessions et le TTL ({TTL_S} s) : {_fr(after, ' Mio')}, pas au-delà du pic "
                 f"({_fr(peak, ' Mio')}) ; au repos après préchauffage : {_fr(idle, ' Mio')} "
                 "(les caches partagés que la charge remplit sont bornés : geo/model/memo.py)")
    return lines + cpu_lines(results)


STEP_LABELS = {"open": "ouverture de la page", "epci": "changement d'EPCI",
               "filter": "filtre (une thématique)"}


def cpu_lines(results: dict) -> list[str]:
    """PASS/FAIL of the per-step CPU targets: one process (make run), one person, views
    already shown once by this process (the caches are shared by every session)."""
    single = next(t for t in results["targets"] if t["target"] == "make run")
    cpu = single.get("step_cpu_s")
    if not cpu:
        return []
    return [f"{'PASS' if cpu['again'][step] <= limit else 'FAIL'} — make run, une personne : "
            f"CPU serveur, {STEP_LABELS[step]} ≤ {_fr(limit)} : {_fr(cpu['again'][step], ' s')}"
            f" (vue déjà montrée par ce processus ; la première fois : "
            f"{_fr(cpu['first_time'][step], ' s')}, moyenne de {cpu['people']} personnes)"
            for step, limit in CPU_TARGETS.items()]


def table(results: dict) -> str:
    rows = ["| Cible | Sessions | Ouverture, médiane / p95 | Changement d'EPCI, p95 | "
            "Filtre, p95 | Erreurs | RSS de tous les processus | CPU des serveurs |",
            "|---|---|---|---|---|---|---|---|"]
    for t in results["targets"]:
        for level in t["levels"]:
            rows.append(f"| {t['target']} | {level['sessions']} | "
                        f"{_fr(level['median_open_s'])} / {_fr(level['p95_open_s'])} | "
                        f"{_fr(level['p95_epci_s'])} | {_fr(level['p95_filter_s'])} | "
                        f"{level['errors']} | {_fr(level['rss_total_mib'], ' Mio')} | "
                        f"{_fr(level['server_cpu_s'])} |")
    return "\n".join(rows)


def write_readme(results: dict) -> None:
    readme = REPO / "docs" / "benchmarks.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- load:start -->", "<!-- load:end -->"
    body = (f"`make bench-load` ({os.cpu_count()} cœurs, mesuré le {results['date']}). "
            "Chaque personne ouvre la vue département, passe à un EPCI tiré au hasard, puis "
            "coche une thématique ; toutes partent au même instant, pilotées par le websocket "
            "de Streamlit avec les messages qu'envoie chromium (vérifié : mêmes titres dans le "
            f"même ordre qu'une vraie page : {'oui' if results['chromium_check'] else 'non'}). "
            "Temps d'une étape : de la demande à la fin du script (toutes ses exécutions). "
            "Détail : `bench/results/load.json`.\n\n" + table(results) + "\n\n"
            + "\n".join(f"- {line}" for line in targets(results)))
    if start in text:
        text = text[:text.index(start) + len(start)] + "\n" + body + "\n" + text[text.index(end):]
    readme.write_text(text, encoding="utf-8")


def main(levels=LEVELS) -> int:
    results = {"date": time.strftime("%Y-%m-%d"), "levels": list(levels), "targets": []}
    for name, serve in (("make run", False), ("make serve", True)):
        results["targets"].append(run_target(name, serve, levels))
    check_target = Target("check", False).start()
    try:
        check = checked_against_chromium(check_target.url)
    finally:
        check_target.stop()
    results["chromium_check"] = check["same"]
    results["chromium_headings"] = check
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_readme(results)
    for line in targets(results):
        print(line)
    return 0


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    raise SystemExit(main(tuple(args) if args else LEVELS))
