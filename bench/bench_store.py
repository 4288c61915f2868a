"""The import store's benchmark (``bench_postgis.store_import_cases``): one SCDL
« Subventions » file of :data:`ROWS` rows (the most a file may hold,
``geo.importer.readers.MAX_ROWS``), imported into the SQLite store (a temporary
``ATLAS_STORE_DIR``) and into the PostGIS store (a database of the throw-away cluster),
side by side.

The file (:func:`scdl_file`) is what the Département would publish: attribuant the
Département (SIREN 226200012), every beneficiary a real commune or EPCI of
``data/territory/sirens.csv`` (SIRET = its SIREN, a NIC and the Luhn key), conventions of
2016 to 2025 with a decision reference of their own (no two rows are the same subsidy),
objects the theme rules class, amounts of 5 000 to 600 000 €. Every row is valid and
placed: imported, the atlas shows :data:`ROWS` more projects.

Measured: the validation (``validate_bytes``: the same on both stores, once), then per
store ``Store.import_validation`` into an empty store (one transaction, the schema created
in it) ``IMPORT_REPEATS`` times, each into a fresh store; on the last one
``Store.projects()`` (the rows read back) and ``Store.current()`` ``READ_REPEATS`` times,
its size (SQLite: the file; PostGIS: the tables of ``atlas_imports`` with their indexes and
TOAST), then ``publish-postgis`` with that import current: the atlas loaded from the store
(``Atlas.load(current_import_version())``, as the command does) and published into an
empty ``atlas`` schema, then republished, and the whole command run once.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from bench.synthetic import SEED

ROWS = 20_000
IMPORT_REPEATS = 3
READ_REPEATS = 5
PUBLISH_REPEATS = 3
FILE_NAME = "subventions-departement-62.csv"
ATTRIBUANT = ("Département du Pas-de-Calais", "22620001200012")
# (objet, dispositifAide): each classed by a rule of geo.scdl.rules
OBJECTS = [
    ("Construction d'une médiathèque", "FIT"),
    ("Terrain synthétique du stade municipal", ""),
    ("Requalification du centre-ville", "FARDA"),
    ("Réfection de la voirie communale", ""),
    ("Rénovation de la salle de sport", ""),
    ("Extension de l'école élémentaire", "FIT"),
    ("Construction d'une maison de santé", ""),
    ("Création d'une piste cyclable", "FARDA"),
    ("Restauration de l'église", ""),
    ("Réhabilitation d'une friche en tiers-lieu", "FIT"),
]


def siret(siren: str, nic: str = "0001") -> str:
    """``siren`` + ``nic`` + the digit that makes the Luhn key right."""
    from geo.scdl.checks import luhn_ok
    return next(s for d in "0123456789" if luhn_ok(s := f"{siren}{nic}{d}"))


def commune_name(nom: str) -> str:
    """« Commune d'Arras », « Commune du Portel », « Commune de Béthune »."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if nom.startswith(article):
            return f"Commune {contracted}{nom[len(article):]}"
    return f"Commune d'{nom}" if nom[0] in "AEIOUYÂÉÈÊÎÔH" else f"Commune de {nom}"


def scdl_file(rows: int = ROWS, seed: int = SEED) -> bytes:
    """An SCDL « Subventions » CSV of ``rows`` valid, placed subsidies (see the module)."""
    from geo.scdl import schema
    from geo.data.sirens import SIRENS_CSV

    bodies = pd.read_csv(SIRENS_CSV, dtype=str, keep_default_na=False)
    names = [commune_name(n) if k == "commune" else n
             for n, k in zip(bodies["nom"], bodies["kind"])]
    sirets = [siret(s) for s in bodies["siren"]]
    rng = np.random.default_rng(seed)
    picked = rng.integers(0, len(bodies), rows)
    years = rng.integers(2016, 2026, rows)
    days = rng.integers(0, 365, rows)
    objects = rng.integers(0, len(OBJECTS), rows)
    cents = rng.integers(500_000, 60_000_001, rows)
    shared = rng.random(rows) < 0.1
    spread = rng.random(rows) < 0.5
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(schema.names())
    for i in range(rows):
        b, year = int(picked[i]), int(years[i])
        signed = dt.date(year, 1, 1) + dt.timedelta(days=int(days[i]))
        start = signed + dt.timedelta(days=30)
        period = (f"{start}/{start + dt.timedelta(days=730)}" if spread[i] else str(start))
        objet, dispositif = OBJECTS[objects[i]]
        writer.writerow([*ATTRIBUANT, signed.isoformat(), f"CP {year}-{i + 1:05d}", names[b],
                         sirets[b], "", objet, f"{cents[i] / 100:.2f}", "aide en numéraire",
                         "échelonné" if spread[i] else "unique", period, "", "non",
                         "0.5" if shared[i] else "1", dispositif])
    return out.getvalue().encode("utf-8")


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def stats(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "runs": [round(v, 3) for v in values]}


@contextlib.contextmanager
def _shown(store):
    """The environment of ``store`` for this process (``Store()``, ``Atlas.load``, the
    command line all read it), put back afterwards; ``Atlas.load``'s cache emptied around
    it (every store numbers its versions from 1)."""
    from geo.atlas import Atlas
    from geo.store import DATABASE_ENV, STORE_ENV

    saved = {k: os.environ.get(k) for k in (DATABASE_ENV, STORE_ENV)}
    os.environ.update(store.env())
    Atlas.load.cache_clear()
    try:
        yield
    finally:
        Atlas.load.cache_clear()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def store_size(store) -> int:
    """Bytes the store takes: SQLite its file (journal checkpointed first), PostGIS the
    tables of its schema with their indexes and TOAST."""
    from geo.store import PG_SCHEMA, dispose_engines

    if store.path is not None:
        dispose_engines()        # the last connection closed checkpoints the WAL into the file
        return sum(p.stat().st_size for p in store.path.parent.glob(store.path.name + "*"))
    engine = sa.create_engine(store.url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        size = conn.execute(sa.text(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "WHERE c.relnamespace = CAST(:s AS regnamespace) AND c.relkind = 'r'"),
            {"s": PG_SCHEMA}).scalar()
    engine.dispose()
    return int(size)


def publish_with_import(store, url: str, repeats: int = PUBLISH_REPEATS,
                        command: bool = True) -> dict:
    """``publish-postgis`` with the store's import current: the atlas loaded as the command
    loads it, published into ``url`` (first time, then ``repeats`` times over), and the
    whole command once (interpreter and atlas load included)."""
    import subprocess
    import sys

    from geo.atlas import Atlas

    from geo.store import current_import_version
    from geo.postgis.publish import publish

    with _shown(store):
        load_s, atlas = timed(lambda: Atlas.load(current_import_version()))
        first, done = timed(lambda: publish(url, atlas=atlas))
        again = [timed(lambda: publish(url, atlas=atlas))[0] for _ in range(repeats)]
        out = {"import_version": done.import_version, "projects": done.counts["projets"],
               "rows": sum(done.counts.values()), "atlas_load_s": round(load_s, 3),
               "first_s": round(first, 3), "republish_s": stats(again)}
        if command:
            repo = Path(__file__).resolve().parent.parent
            elapsed, run = timed(lambda: subprocess.run(
                [sys.executable, "-m", "geo", "publish-postgis", "--url", url], cwd=repo,
                env={**os.environ, **store.env()}, capture_output=True, text=True))
            if run.returncode != 0:
                raise RuntimeError(f"publish-postgis a échoué : {run.stderr.strip()}")
            out["command_s"] = round(elapsed, 3)
    return out


def store_case(new_store, publish_url, validation, data: bytes, *,
               imports: int = IMPORT_REPEATS, reads: int = READ_REPEATS,
               publishes: int = PUBLISH_REPEATS, command: bool = True) -> dict:
    """``imports`` imports, each into ``new_store(i)`` (empty), then on the last store the
    reads, its size and the publication (``publish_url(store)``: the database to publish
    into)."""
    from geo.store import dispose_engines

    times = []
    for i in range(imports):
        dispose_engines()
        store = new_store(i)
        elapsed, version = timed(lambda: store.import_validation(validation, data,
                                                                  "banc d'essai"))
        times.append(elapsed)
    read = [timed(store.projects) for _ in range(reads)]
    if len(read[-1][1]) != validation.report.valid_rows:
        raise RuntimeError(f"{len(read[-1][1])} lignes relues sur "
                           f"{validation.report.valid_rows} importées")
    current = [timed(store.current) for _ in range(reads)]
    if current[-1][1].id != version.id:
        raise RuntimeError("la version importée n'est pas la version affichée")
    size = store_size(store)
    return {"backend": store.backend.name, "import_s": stats(times),
            "projects_s": stats([t for t, _ in read]),
            "current_ms": stats([t * 1000 for t, _ in current]),
            "size_mib": round(size / 2**20, 2),
            "publish": publish_with_import(store, publish_url(store), publishes, command)}


def store_import_cases(cluster, rows: int = ROWS, **repeats) -> dict:
    """The file validated once, imported into both stores (``repeats``: see
    :func:`store_case`); the SQLite store's atlas is published into a database of its own,
    the PostGIS store's into its own database (one ``ATLAS_DATABASE_URL`` for both)."""
    from geo.store import Store, dispose_engines
    from geo.importer.validate import validate_bytes

    data = scdl_file(rows)
    validate_s, validation = timed(lambda: validate_bytes(data, FILE_NAME))
    report = validation.report
    if not report.ok or report.valid_rows != rows or validation.content != "scdl":
        raise RuntimeError(f"fichier du banc invalide : {report.errors[:3]}")
    placed = int(validation.projects["epci_siren"].notna().sum())
    with tempfile.TemporaryDirectory(prefix="atlas-bench-store-") as tmp:
        try:
            sqlite = store_case(lambda i: Store(Path(tmp) / f"sqlite-{i}"),
                                lambda _: cluster.create_database("bench_store_sqlite"),
                                validation, data, **repeats)
            postgis = store_case(
                lambda i: Store(url=cluster.create_database(f"bench_store_{i}")),
                lambda store: store.url, validation, data, **repeats)
        finally:
            dispose_engines()
    return {"rows": rows, "file": FILE_NAME, "file_mib": round(len(data) / 2**20, 2),
            "valid_rows": report.valid_rows, "placed": placed,
            "warnings": len(report.warnings), "validate_s": round(validate_s, 3),
            "stores": {"sqlite": sqlite, "postgis": postgis}}
