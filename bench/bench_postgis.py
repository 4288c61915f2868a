"""``publish-postgis`` timings on a throw-away PostgreSQL/PostGIS server (bench/postgres.py).

    .venv/bin/python -m bench.bench_postgis     # prints, writes bench/results/postgis.json
                                                # and the docs/benchmarks.md table (postgis markers)

Cases: the atlas's layers published into an empty database (first publication), then
republished ``REPEATS`` times over the previous tables (what a nightly or post-import
publication costs), with the shipped projects (1×) and with the projects copied 10 and
100 times over real communes (``scaled_atlas``: the shipped rows kept, copies placed at a
random commune's point, as ``bench/synthetic.py`` does for the dashboard); and the whole
command (``python -m geo publish-postgis``: interpreter, atlas load, publication) as a
user runs it. Times are wall-clock seconds, the atlas already loaded for the in-process
cases. Then the import store (:func:`store_import_cases`, ``bench/bench_store.py``): an
SCDL file of 20 000 subsidies validated once, imported into the SQLite and the PostGIS
store, read back, and published with ``publish-postgis`` while it is the import in force.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from bench import bench_store
from bench.bench_store import stats as _stats, timed as _timed
from bench.postgres import Cluster
from bench.synthetic import SEED

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "postgis.json"
RESULTS_DOC = REPO / "docs" / "benchmarks.md"
START, END = "<!-- postgis:start -->", "<!-- postgis:end -->"
REPEATS = 5
CLI_REPEATS = 3
FACTORS = {"1x": 1, "10x": 10, "100x": 100}


def scaled_atlas(atlas, factor: int, seed: int = SEED):
    """``atlas`` with its projects ``factor`` times over: the shipped rows (their sources,
    review points and keys intact), plus copies with new ids at a random real commune,
    each cited as a row of an imported file (as staff imports at that scale would be)."""
    import dataclasses

    from geo.data import territory
    if factor == 1:
        return atlas
    shipped = atlas.projects
    rng = np.random.default_rng(seed + factor)
    copies = pd.concat([shipped] * (factor - 1), ignore_index=True)
    points = territory.commune_points()
    picked = points.iloc[rng.integers(0, len(points), len(copies))].reset_index(drop=True)
    copies["project_id"] = [f"S{factor}-{i:06d}" for i in range(len(copies))]
    copies["commune_insee"] = picked["code_insee"].to_numpy()
    copies["commune_nom"] = picked["nom"].to_numpy()
    copies["epci_siren"] = copies["epci_sirens"] = picked["epci_siren"].to_numpy()
    copies["epci_nom"] = copies["epci_siren"].map(atlas.epci_names)
    copies["location_precision"] = "commune"
    copies["lon"], copies["lat"] = picked["mairie_lon"].to_numpy(), picked["mairie_lat"].to_numpy()
    # the copies stand for staff imports: one row of an imported file each
    copies["sources"], copies["import_version"] = "import", 1
    copies["source_refs"] = [f"banc.csv:{i + 2}" for i in range(len(copies))]
    return dataclasses.replace(atlas, projects=pd.concat([shipped, copies], ignore_index=True))


def publish_case(cluster: Cluster, atlas, name: str, repeats: int = REPEATS) -> dict:
    """First publication into a new database, then ``repeats`` republications."""
    from geo.postgis.publish import publish

    url = cluster.create_database(f"bench_{name}")
    first, done = _timed(lambda: publish(url, atlas=atlas))
    again = [_timed(lambda: publish(url, atlas=atlas))[0] for _ in range(repeats)]
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        size = conn.execute(sa.text("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                                    "WHERE c.relnamespace = 'atlas'::regnamespace "
                                    "AND c.relkind = 'r'")).scalar()
    engine.dispose()
    return {"projects": done.counts["projets"], "rows": done.counts,
            "first_s": round(first, 3), "republish_s": _stats(again),
            "size_mib": round(int(size) / 2**20, 2)}


def cli_case(cluster: Cluster, repeats: int = CLI_REPEATS) -> dict:
    """``python -m geo publish-postgis --url …`` as a user runs it (an empty import store)."""
    url = cluster.create_database("bench_cli")
    with tempfile.TemporaryDirectory() as store:
        env = {k: v for k, v in os.environ.items() if k != "ATLAS_DATABASE_URL"}
        env["ATLAS_STORE_DIR"] = store
        times = []
        for _ in range(repeats):
            elapsed, done = _timed(lambda: subprocess.run(
                [sys.executable, "-m", "geo", "publish-postgis", "--url", url], cwd=REPO,
                env=env, capture_output=True, text=True))
            if done.returncode != 0:
                raise RuntimeError(f"publish-postgis a échoué : {done.stderr.strip()}")
            times.append(elapsed)
    return _stats(times)


def store_import_cases(cluster: Cluster, rows: int = bench_store.ROWS) -> dict:
    """20 000 rows imported into both stores, side by side (``bench/bench_store.py``)."""
    return bench_store.store_import_cases(cluster, rows)


def _server(cluster: Cluster, database: str) -> dict:
    return {"postgresql": cluster.psql("SHOW server_version"),
            "postgis": cluster.psql("SELECT postgis_lib_version()", database=database)}


def main(repeats: int = REPEATS) -> dict:
    from geo.atlas import Atlas

    load_s, atlas = _timed(lambda: Atlas.load(None))
    started = time.perf_counter()
    with Cluster() as cluster:
        cases = {ds: publish_case(cluster, scaled_atlas(atlas, factor), ds, repeats)
                 for ds, factor in FACTORS.items()}
        results = {
            "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_average_1min": round(os.getloadavg()[0], 2),
                        **_server(cluster, "bench_1x")},
            "atlas_load_s": round(load_s, 3), "repeats": repeats, "publish": cases,
            "cli_s": cli_case(cluster), "store_import": store_import_cases(cluster)}
    results["duration_s"] = round(time.perf_counter() - started, 1)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return results


def _fr(value: float, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def table(results: dict) -> str:
    lines = ["| Projets | Lignes écrites (9 tables) | Première publication (base vide) "
             "| Republication, médiane (min – max) | Taille des tables |",
             "|---|---|---|---|---|"]
    for ds, case in results["publish"].items():
        r = case["republish_s"]
        lines.append(f"| {ds.replace('x', '×')} : {_fr(case['projects'], 0)} "
                     f"| {_fr(sum(case['rows'].values()), 0)} | {_fr(case['first_s'])} s "
                     f"| {_fr(r['median'])} s ({_fr(r['min'])} – {_fr(r['max'])}) "
                     f"| {_fr(case['size_mib'], 1)} Mio |")
    return "\n".join(lines)


def readme_block(results: dict) -> str:
    m, cli = results["machine"], results["cli_s"]
    counts = results["publish"]["1x"]["rows"]
    load = (f", charge moyenne {_fr(m['load_average_1min'])} au départ"
            if "load_average_1min" in m else "")
    return (f"`python -m bench.bench_postgis` ({m['cpus']} cœurs{load}, PostgreSQL "
            f"{m['postgresql']}, PostGIS {m['postgis']}, serveur jetable sur socket Unix, mesuré le "
            f"{results['generated'][:10]}). Publication dans une transaction, atlas déjà "
            f"chargé ({_fr(results['atlas_load_s'])} s à froid) ; republication : "
            f"{results['repeats']} fois par-dessus les tables précédentes. 10× et 100× : les "
            "projets livrés plus des copies placées sur des communes réelles tirées au hasard. "
            f"Commande entière (`python -m geo publish-postgis`, démarrage de Python et "
            f"chargement de l'atlas compris) : {_fr(cli['median'])} s (médiane de "
            f"{len(cli['runs'])}). Détail : `bench/results/postgis.json`.\n\n"
            f"{table(results)}\n\nTables publiées (données livrées) : "
            + ", ".join(f"`{t}` {n}" for t, n in counts.items()) + "."
            + (f"\n\n{store_block(results['store_import'])}"
               if results.get("store_import") else ""))


def _spread(s: dict, unit: str = "s", decimals: int = 2) -> str:
    return (f"{_fr(s['median'], decimals)} {unit} ({_fr(s['min'], decimals)} – "
            f"{_fr(s['max'], decimals)})")


STORE_ROWS = [   # (label, value of one store's case)
    ("Import (`Store.import_validation`, une transaction, stockage vide)",
     lambda c: _spread(c["import_s"])),
    ("Relecture des lignes (`Store.projects()`)", lambda c: _spread(c["projects_s"])),
    ("Version affichée (`Store.current()`)", lambda c: _spread(c["current_ms"], "ms", 1)),
    ("Taille du stockage (fichier SQLite ; tables, index et TOAST du schéma "
     "`atlas_imports`)", lambda c: f"{_fr(c['size_mib'], 1)} Mio"),
    ("Atlas chargé avec l'import (`Atlas.load`)",
     lambda c: f"{_fr(c['publish']['atlas_load_s'])} s"),
    ("`publish-postgis` : première publication (schéma `atlas` vide)",
     lambda c: f"{_fr(c['publish']['first_s'])} s"),
    ("`publish-postgis` : republication", lambda c: _spread(c["publish"]["republish_s"])),
    ("Commande entière (`python -m geo publish-postgis`)",
     lambda c: f"{_fr(c['publish']['command_s'])} s" if "command_s" in c["publish"] else "—"),
]


def store_block(store: dict) -> str:
    """The second table: the same file imported into each store, then published."""
    sqlite, postgis = store["stores"]["sqlite"], store["stores"]["postgis"]
    n, pub = _fr(store["rows"], 0), postgis["publish"]
    lines = [f"#### Import de {n} lignes : SQLite et PostGIS", "",
             f"Un fichier SCDL « Subventions » du Département (attribuant SIREN 226200012) de "
             f"{n} subventions à des communes et EPCI réels du Pas-de-Calais "
             f"(`data/territory/sirens.csv`), {_fr(store['file_mib'], 1)} Mio, "
             f"{_fr(store['valid_rows'], 0)} lignes valides dont {_fr(store['placed'], 0)} "
             f"placées ; validation (`validate_bytes`, la même pour les deux stockages) : "
             f"{_fr(store['validate_s'])} s. Import "
             f"{len(sqlite['import_s']['runs'])} fois, chaque fois dans un stockage neuf ; "
             f"relectures {len(sqlite['projects_s']['runs'])} fois ; médiane (min – max). "
             f"Puis `publish-postgis` avec cet import en vigueur : l'atlas montre "
             f"{_fr(pub['projects'], 0)} projets, {_fr(pub['rows'], 0)} lignes publiées "
             f"(`bench/bench_store.py`).", "",
             "| Mesure | SQLite (`ATLAS_STORE_DIR`) | PostGIS (`ATLAS_DATABASE_URL`) |",
             "|---|---|---|"]
    lines += [f"| {label} | {value(sqlite)} | {value(postgis)} |" for label, value in STORE_ROWS]
    return "\n".join(lines)


def update_readme(results: dict) -> None:
    text = RESULTS_DOC.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"docs/benchmarks.md : marqueurs {START} / {END} absents, tableau non recopié.")
        return
    head, rest = text.split(START, 1)
    RESULTS_DOC.write_text(f"{head}{START}\n{readme_block(results)}\n{END}{rest.split(END, 1)[1]}",
                      encoding="utf-8")


def report(results: dict) -> None:
    print(f"Chargement de l'atlas : {_fr(results['atlas_load_s'])} s")
    for ds, case in results["publish"].items():
        r = case["republish_s"]
        print(f"{ds:>5} ({case['projects']} projets, {sum(case['rows'].values())} lignes) : "
              f"première publication {_fr(case['first_s'])} s, republication "
              f"{_fr(r['median'])} s (min {_fr(r['min'])}, max {_fr(r['max'])}), "
              f"{_fr(case['size_mib'], 1)} Mio")
    print(f"Commande entière : {_fr(results['cli_s']['median'])} s")
    store = results.get("store_import")
    if store:
        print(f"Import de {store['rows']} lignes SCDL : validation {_fr(store['validate_s'])} s")
        for name, case in store["stores"].items():
            print(f"{name:>8} : " + " ; ".join(f"{label.split(' (')[0]} {value(case)}"
                                               for label, value in STORE_ROWS))
    print(RESULTS.relative_to(REPO))


if __name__ == "__main__":
    measured = main()
    report(measured)
    update_readme(measured)
