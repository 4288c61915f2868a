"""The versioned store: versions, restore, originals kept, and transactions that hold when
two processes import at once or when the importing process is killed (SIGKILL). Every test
with the ``store`` fixture runs on both backends (``[sqlite]``, ``[postgis]``)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from geo.store import (DATABASE_ENV, PG_SCHEMA, SLOW_ENV, STORE_ENV, Store,
                       StoreError, dispose_engines)
from geo.importer.validate import validate_bytes

REPO = Path(__file__).resolve().parent.parent
HEADER = "intitule;montant;commune;thematique;periode\n"


def csv_bytes(prefix: str, n: int) -> bytes:
    rows = "".join(f"{prefix} projet {i};{1000 + i} €;Arras;Sport;2024\n" for i in range(n))
    return (HEADER + rows).encode("utf-8")


def import_bytes(store: Store, data: bytes, name: str = "projets.csv", who: str = "test", **kw):
    return store.import_validation(validate_bytes(data, name), data, who, **kw)


def nothing_created(store: Store) -> bool:
    """No SQLite file, or no schema of the store in the PostGIS database."""
    if store.path is not None:
        return not store.path.exists()
    engine = create_engine(store.url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"),
                                {"s": PG_SCHEMA}).scalar() == 0
    finally:
        engine.dispose()


def test_an_empty_store_reads_as_nothing(store):
    assert store.versions() == [] and store.current() is None
    assert store.projects().empty and store.corrections().empty and store.stage_state().empty
    assert store.integrity() == "ok"
    assert nothing_created(store)  # reading never creates the file or the tables


def test_import_keeps_who_when_file_and_counts(store):
    data = csv_bytes("A", 3)
    version = import_bytes(store, data, "Projets 2024.csv", "Marie")
    assert (version.id, version.who, version.file_name, version.rows_valid) == (1, "Marie", "Projets 2024.csv", 3)
    assert version.is_current and version.kind == "import"
    assert store.original(1) == ("Projets 2024.csv", data)
    projects = store.projects()
    assert projects["project_id"].tolist() == ["import-1-2", "import-1-3", "import-1-4"]
    assert projects["source_refs"].tolist() == ["Projets 2024.csv:2", "Projets 2024.csv:3",
                                                "Projets 2024.csv:4"]
    assert (projects["import_version"] == 1).all()


def test_partial_imports_need_consent_and_keep_the_invalid_rows_in_the_report(store):
    data = csv_bytes("A", 2) + "Mauvais projet;-5 €;Arras;Sport;2024\n".encode()
    with pytest.raises(StoreError, match="1 ligne"):
        import_bytes(store, data)
    assert store.versions() == []
    version = import_bytes(store, data, accept_partial=True)
    assert (version.rows_total, version.rows_valid, version.rows_invalid) == (3, 2, 1)
    assert [e["row"] for e in store.report(version.id)["errors"]] == [4]


def test_nothing_valid_is_refused(store):
    with pytest.raises(StoreError, match="rien à importer"):
        import_bytes(store, b"", accept_partial=True)
    with pytest.raises(StoreError):
        import_bytes(store, csv_bytes("A", 1), who="  \x00 ")


def test_restore_is_a_new_version_showing_old_rows(store):
    import_bytes(store, csv_bytes("A", 2), "a.csv")
    import_bytes(store, csv_bytes("B", 5), "b.csv")
    assert len(store.projects()) == 5
    restored = store.restore(1, "Paul")
    assert (restored.id, restored.kind, restored.restored_from, restored.who) == (3, "restore", 1, "Paul")
    assert store.current().id == 3
    assert store.projects()["title"].tolist() == ["A projet 0", "A projet 1"]
    assert store.original(3) == ("a.csv", csv_bytes("A", 2))
    with pytest.raises(StoreError, match="déjà celle affichée"):
        store.restore(1, "Paul")
    with pytest.raises(StoreError, match="inconnue"):
        store.restore(99, "Paul")
    assert [v.id for v in store.versions()] == [3, 2, 1]
    assert len(store.projects(2)) == 5  # every version stays readable


def test_kept_aside_columns_are_stored(store):
    data = (CORPUS := REPO / "tests" / "corpus" / "extra_columns.csv").read_bytes()
    version = import_bytes(store, data, CORPUS.name)
    assert store.kept_aside(version.id) == {2: {"Commentaire interne": "à relancer",
                                                "Référent": "M. Dupont"}}


def test_store_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(DATABASE_ENV, raising=False)
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "elsewhere"))
    assert Store().path == tmp_path / "elsewhere" / "imports.sqlite"
    assert Store().backend.name == "sqlite" and Store().url.startswith("sqlite:///")


def test_the_database_url_puts_the_store_in_postgresql(tmp_path, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "elsewhere"))
    monkeypatch.setenv(DATABASE_ENV, "postgresql://atlas:secret@sig.example/atlas")
    store = Store()
    assert (store.backend.name, store.path, store.directory) == ("postgresql", None, None)
    assert store.url == "postgresql+psycopg://atlas:secret@sig.example/atlas"
    assert "secret" not in store.backend.describe()
    assert Store(tmp_path / "here").backend.name == "sqlite"   # an explicit directory wins
    for other in ("mysql://atlas@sig.example/atlas", "postgresql+psycopg2://sig.example/a"):
        monkeypatch.setenv(DATABASE_ENV, other)
        with pytest.raises(StoreError, match="seules les adresses postgresql://"):
            Store()
    dispose_engines()


def test_a_database_that_cannot_be_reached_is_a_french_error(tmp_path):
    store = Store(url=f"postgresql+psycopg://atlas@/absente?host={tmp_path}&port=5999")
    with pytest.raises(StoreError, match="lecture impossible .*absente"):
        store.versions()
    with pytest.raises(StoreError, match="écriture impossible, rien n'a changé"):
        import_bytes(store, csv_bytes("A", 1))
    dispose_engines()


def test_originals_are_kept_byte_for_byte(store):
    windows = csv_bytes("Équipement", 2).decode("utf-8").encode("cp1252")   # not UTF-8
    workbook = (REPO / "tests" / "corpus" / "good.xlsx").read_bytes()         # binary, NULs
    first = import_bytes(store, windows, "Données MDADT.csv")
    second = import_bytes(store, workbook, "good.xlsx")
    assert store.original(first.id) == ("Données MDADT.csv", windows)
    assert store.original(second.id) == ("good.xlsx", workbook)
    assert store.find_sha256(second.sha256) == [second.id]
    assert store.integrity() == "ok"

# --- processes -------------------------------------------------------------------------------


def start_import(tmp_path: Path, store: Store, data: bytes, name: str, slow: float,
                 **extra_env: str):
    path = tmp_path / name
    path.write_bytes(data)
    env = {**os.environ, **store.env(), SLOW_ENV: str(slow), "PYTHONPATH": str(REPO),
           **extra_env}
    return subprocess.Popen([sys.executable, "-m", "geo.importer", "import", str(path),
                             "--who", name], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_line(process, start: str, timeout: float = 60) -> None:
    """Read the slow hook's lines on stderr until one starts with ``start``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            pytest.fail(f"import ended early: {process.wait()} {process.stdout.read()}")
        if line.startswith(start):
            return
    pytest.fail(f"the import never said {start!r}")


def wait_for_rows(process, n: int) -> None:
    """Until row ``n`` was written."""
    wait_for_line(process, f"{SLOW_ENV}: ligne {n} ")


@pytest.mark.parametrize("kill_after", [1, 19])
def test_a_killed_import_leaves_the_previous_version_intact(tmp_path, store, kill_after):
    first = csv_bytes("A", 3)
    import_bytes(store, first)
    before = store.projects()
    process = start_import(tmp_path, store, csv_bytes("B", 20), "b.csv", slow=0.05)
    wait_for_rows(process, kill_after)
    assert store.current().id == 1  # readers see the old version while the import runs
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert store.integrity() == "ok"
    assert [v.id for v in store.versions()] == [1] and store.current().id == 1
    assert store.projects().equals(before)
    again = import_bytes(store, csv_bytes("C", 2))  # the lock was released
    assert again.is_current and len(store.projects()) == 2


def test_concurrent_imports_queue_and_both_land(tmp_path, store):
    """b holds the write lock (its process frozen mid-import): c waits for it, readers
    do not; once b goes on, both land, in the order they got the lock."""
    import_bytes(store, csv_bytes("A", 1))
    one = start_import(tmp_path, store, csv_bytes("B", 10), "b.csv", slow=0.01)
    wait_for_rows(one, 1)
    os.kill(one.pid, signal.SIGSTOP)
    try:
        two = start_import(tmp_path, store, csv_bytes("C", 7), "c.csv", slow=0.0)
        wait_for_line(two, f"{SLOW_ENV}: verrou demandé")
        # c has asked for the lock b holds: a reader still reads (c's wait is proved by
        # the ids below: had c not waited for the frozen b, it would be version 2)
        assert two.poll() is None
        assert store.current().id == 1
    finally:
        os.kill(one.pid, signal.SIGCONT)
    out_one, out_two = one.communicate(timeout=60), two.communicate(timeout=60)
    assert (one.returncode, two.returncode) == (0, 0), (out_one, out_two)
    versions = {v.who: v for v in store.versions()}
    assert (versions["b.csv"].id, versions["c.csv"].id) == (2, 3)  # c waited for b's lock
    assert len(store.projects(2)) == 10 and len(store.projects(3)) == 7
    assert store.current().id == 3 and store.integrity() == "ok"


def test_an_import_that_waits_too_long_for_the_lock_is_refused_and_writes_nothing(
        store, tmp_path):
    """b holds the write lock (frozen mid-import); c, allowed to wait 2 s only, is refused
    with a French message and writes nothing; b then lands as if c never tried."""
    import_bytes(store, csv_bytes("A", 1))
    one = start_import(tmp_path, store, csv_bytes("B", 10), "b.csv", slow=0.01)
    wait_for_rows(one, 1)
    os.kill(one.pid, signal.SIGSTOP)
    try:
        two = start_import(tmp_path, store, csv_bytes("C", 7), "c.csv", slow=0.0,
                           ATLAS_STORE_BUSY_TIMEOUT_S="2")
        out_two, err_two = two.communicate(timeout=60)
    finally:
        os.kill(one.pid, signal.SIGCONT)
    assert two.returncode == 1, (out_two, err_two)       # the CLI's « import refusé »
    assert "import refusé : stockage occupé par un autre import depuis plus de 2 s, " \
           "réessayez" in err_two
    out_one = one.communicate(timeout=60)
    assert one.returncode == 0, out_one
    assert [v.who for v in store.versions()] == ["b.csv", _first_who(store)]
    assert store.current().id == 2 and len(store.projects(2)) == 10
    assert store.integrity() == "ok"


def _first_who(store: Store) -> str:
    return store.versions()[-1].who
