"""The versioned store: versions, restore, originals kept, and transactions that hold when
two processes import at once or when the importing process is killed (SIGKILL)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.importer.store import SLOW_ENV, STORE_ENV, Store, StoreError
from geo.importer.validate import validate_bytes

REPO = Path(__file__).resolve().parent.parent
HEADER = "intitule;montant;commune;thematique;periode\n"


def csv_bytes(prefix: str, n: int) -> bytes:
    rows = "".join(f"{prefix} projet {i};{1000 + i} €;Arras;Sport;2024\n" for i in range(n))
    return (HEADER + rows).encode("utf-8")


def import_bytes(store: Store, data: bytes, name: str = "projets.csv", who: str = "test", **kw):
    return store.import_validation(validate_bytes(data, name), data, who, **kw)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "store")


def test_an_empty_store_reads_as_nothing(store):
    assert store.versions() == [] and store.current() is None
    assert store.projects().empty
    assert not store.path.exists()  # reading never creates the file


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
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "elsewhere"))
    assert Store().path == tmp_path / "elsewhere" / "imports.sqlite"

# --- processes -------------------------------------------------------------------------------


def start_import(tmp_path: Path, store_dir: Path, data: bytes, name: str, slow: float):
    path = tmp_path / name
    path.write_bytes(data)
    env = {**os.environ, STORE_ENV: str(store_dir), SLOW_ENV: str(slow), "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "geo.importer", "import", str(path),
                             "--who", name], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_rows(process, n: int, timeout: float = 30) -> None:
    """Read the slow hook's lines on stderr until row ``n`` was written."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            pytest.fail(f"import ended early: {process.wait()} {process.stdout.read()}")
        if line.startswith(f"{SLOW_ENV}: ligne {n} "):
            return
    pytest.fail("the import never reached row %d" % n)


@pytest.mark.parametrize("kill_after", [1, 19])
def test_a_killed_import_leaves_the_previous_version_intact(tmp_path, store, kill_after):
    first = csv_bytes("A", 3)
    import_bytes(store, first)
    before = store.projects()
    process = start_import(tmp_path, store.directory, csv_bytes("B", 20), "b.csv", slow=0.05)
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
    import_bytes(store, csv_bytes("A", 1))
    one = start_import(tmp_path, store.directory, csv_bytes("B", 10), "b.csv", slow=0.05)
    wait_for_rows(one, 1)
    two = start_import(tmp_path, store.directory, csv_bytes("C", 7), "c.csv", slow=0.0)
    out_one, out_two = one.communicate(timeout=60), two.communicate(timeout=60)
    assert (one.returncode, two.returncode) == (0, 0), (out_one, out_two)
    versions = {v.who: v for v in store.versions()}
    assert (versions["b.csv"].id, versions["c.csv"].id) == (2, 3)  # c waited for b's lock
    assert len(store.projects(2)) == 10 and len(store.projects(3)) == 7
    assert store.current().id == 3 and store.integrity() == "ok"
