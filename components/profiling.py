"""What one script run costs on the server, measured in the script's own thread.

With ``ATLAS_PROFILE_DIR=<dir>`` every run of the page appends one JSON line to
``<dir>/runs.jsonl`` (wall and CPU seconds of the run, the page and the query string), and
with ``ATLAS_PROFILE_STATS=1`` also writes a cProfile dump ``<dir>/run-<pid>-<n>.prof``
(read it with ``python -m pstats``). Without the variable, nothing is measured. The load
benchmark (``bench/load.py``) and the profiles in the README come from here.
"""
from __future__ import annotations

import contextvars
import cProfile
import functools
import itertools
import json
import os
import time
from pathlib import Path
from typing import Callable

PROFILE_ENV = "ATLAS_PROFILE_DIR"
STATS_ENV = "ATLAS_PROFILE_STATS"
_RUNS = itertools.count(1)
# Set while the whole page runs (Streamlit runs a fragment-only rerun outside of it).
_IN_PAGE_RUN: contextvars.ContextVar[bool] = contextvars.ContextVar("page_run", default=False)


def fragment(func: Callable) -> Callable:
    """``st.fragment(func)``, a rerun of the fragment alone measured like a page run."""
    import streamlit as st

    @functools.wraps(func)
    def run(*args, **kwargs):
        if fragment_only_run():
            measured(lambda: func(*args, **kwargs), fragment=func.__name__)
        else:
            func(*args, **kwargs)
    return st.fragment(run)


def fragment_only_run() -> bool:
    """This script run reruns fragments only (not the whole page): no page run is going
    on in this thread (a fragment inside a page run runs within :func:`page_run`)."""
    return not _IN_PAGE_RUN.get()


def page_run(run: Callable[[], None]) -> None:
    """One run of the whole page (``dashboard.main``), measured like any run; the
    fragments it calls know they are part of it."""
    token = _IN_PAGE_RUN.set(True)
    try:
        measured(run)
    finally:
        _IN_PAGE_RUN.reset(token)


def measured(run: Callable[[], None], fragment: str = "") -> None:
    """Run ``run`` (one script run, or of ``fragment`` alone), measured when
    ``$ATLAS_PROFILE_DIR`` is set."""
    folder = os.environ.get(PROFILE_ENV)
    if not folder:
        run()
        return
    number = next(_RUNS)
    profile = cProfile.Profile() if os.environ.get(STATS_ENV) else None
    wall, cpu = time.perf_counter(), time.thread_time()
    try:
        if profile:
            profile.runcall(run)
        else:
            run()
    finally:
        _write(Path(folder), number, time.perf_counter() - wall, time.thread_time() - cpu,
               profile, fragment)


def _write(folder: Path, number: int, wall: float, cpu: float, profile, fragment: str
           ) -> None:
    import streamlit as st

    folder.mkdir(parents=True, exist_ok=True)
    try:
        query = "&".join(f"{k}={v}" for k, v in st.query_params.items())
    except Exception:   # noqa: BLE001 - outside a session (bare mode)
        query = ""
    line = {"pid": os.getpid(), "run": number, "wall_s": round(wall, 4),
            "cpu_s": round(cpu, 4), "query": query, "fragment": fragment, "at": time.time()}
    with (folder / "runs.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
    if profile:
        profile.dump_stats(folder / f"run-{os.getpid()}-{number}.prof")
