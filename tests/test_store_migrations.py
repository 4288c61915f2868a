"""The store's schema is created and upgraded by the atlas: a store written before the
migrations existed is upgraded (inside one transaction) and stays readable and
restorable; a store from a newer atlas is refused; a migration that fails changes nothing."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, inspect

from geo.store import (PG_SCHEMA, SCHEMA_VERSION, Store, StoreError,
                       dispose_engines, migrations)
from geo.store.schema import ROW_COLUMNS
from geo.importer.validate import validate_bytes

HEADER = "intitule;montant;commune;thematique;periode\n"
OLD_FILE = b"intitule;montant;commune\nSalle ancienne;1000;Arras\n"

# The store as the first atlas with imports wrote it: no corrections, no stages, no
# schema_version, fewer project columns.
OLDEST = [
    """CREATE TABLE versions (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,
        who TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('import', 'restore')),
        file_name TEXT NOT NULL, sha256 TEXT NOT NULL, size_bytes INTEGER NOT NULL,
        rows_total INTEGER NOT NULL, rows_valid INTEGER NOT NULL, rows_invalid INTEGER NOT NULL,
        rows_from INTEGER REFERENCES versions(id), restored_from INTEGER REFERENCES versions(id),
        status TEXT NOT NULL CHECK (status IN ('pending', 'complete')),
        report_json TEXT NOT NULL)""",
    """CREATE TABLE originals (version_id INTEGER PRIMARY KEY REFERENCES versions(id),
        content BLOB NOT NULL)""",
    """CREATE TABLE projects (version_id INTEGER NOT NULL REFERENCES versions(id),
        "project_id" TEXT, "title" TEXT, "epci_siren" TEXT, "commune_insee" TEXT,
        "location_precision" TEXT, "theme" TEXT, "period" TEXT, "nature" TEXT,
        "amount_cents" INTEGER, "year" INTEGER, "sources" TEXT, "source_refs" TEXT,
        "row" INTEGER, kept_aside TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE current (id INTEGER PRIMARY KEY CHECK (id = 1),
        version_id INTEGER NOT NULL REFERENCES versions(id))""",
]
OLD_TYPES = {**dict.fromkeys(["amount_cents", "amount_a_venir_cents", "year", "total_cost_cents",
                              "row", "amount_paid_cents"], "INTEGER"),
             "longitude": "REAL", "latitude": "REAL"}
# ... and as the atlas just before the migrations (commit 44dafe9): every table and column
# of today except schema_version (tables created on first write, columns added on the fly).
BEFORE_MIGRATIONS = OLDEST[:2] + [
    "ALTER TABLE versions ADD COLUMN corrections_from INTEGER REFERENCES versions(id)",
    "ALTER TABLE versions ADD COLUMN content TEXT NOT NULL DEFAULT 'projects'",
    "ALTER TABLE versions ADD COLUMN stages_from INTEGER REFERENCES versions(id)",
    "ALTER TABLE versions ADD COLUMN stages_base INTEGER REFERENCES versions(id)",
    "CREATE TABLE projects (version_id INTEGER NOT NULL REFERENCES versions(id), "
    + ", ".join(f'"{c}" {OLD_TYPES.get(c, "TEXT")}' for c in ROW_COLUMNS)
    + """, kept_aside TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE corrections (version_id INTEGER NOT NULL REFERENCES versions(id),
        "row" INTEGER NOT NULL, project_id TEXT NOT NULL, field TEXT NOT NULL,
        value TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE stages (version_id INTEGER NOT NULL REFERENCES versions(id),
        "row" INTEGER NOT NULL, project_id TEXT NOT NULL, stage TEXT NOT NULL,
        stage_date TEXT NOT NULL, decision_ref TEXT, amount_paid_cents INTEGER,
        comment TEXT NOT NULL DEFAULT '', PRIMARY KEY (version_id, "row"))""",
    OLDEST[3],
]
ONE_VERSION = [
    ("INSERT INTO versions (id, created_at, who, kind, file_name, sha256, size_bytes, "
     "rows_total, rows_valid, rows_invalid, rows_from, status, report_json) VALUES (1, "
     "'2024-03-01T09:00:00+00:00', 'Marie', 'import', 'ancien.csv', 'abc', ?, 1, 1, 0, 1, "
     "'complete', '{\"errors\": []}')", (len(OLD_FILE),)),
    ("INSERT INTO originals VALUES (1, ?)", (OLD_FILE,)),
    ('INSERT INTO projects (version_id, project_id, title, epci_siren, commune_insee, '
     'location_precision, theme, period, nature, amount_cents, "row", source_refs) VALUES '
     "(1, 'import-1-2', 'Salle ancienne', '200033579', '62041', 'commune', 'Sport', "
     "'2019-2021', 'investissement', 100000, 2, 'ancien.csv:2')", ()),
    ("INSERT INTO current VALUES (1, 1)", ()),
]


def old_store(directory, statements) -> Store:
    directory.mkdir()
    with sqlite3.connect(directory / "imports.sqlite") as conn:
        for statement in statements:
            conn.execute(statement)
        for statement, values in ONE_VERSION:
            conn.execute(statement, values)
    return Store(directory)


def raw(store: Store, sql: str) -> list:
    """Run ``sql`` beside the store (``{p}``: the store's schema on PostgreSQL)."""
    engine = create_engine(store.url)
    try:
        with engine.begin() as conn:
            result = conn.exec_driver_sql(sql.format(p="" if store.path else f"{PG_SCHEMA}."))
            return result.all() if result.returns_rows else []
    finally:
        engine.dispose()


def table_layout(store: Store) -> tuple[set[str], set[str]]:
    """(tables, columns of versions) of the store, as the database describes them."""
    engine = create_engine(store.url)
    schema = None if store.path else PG_SCHEMA
    try:
        found = inspect(engine)
        return (set(found.get_table_names(schema=schema)),
                {c["name"] for c in found.get_columns("versions", schema=schema)})
    finally:
        engine.dispose()


def import_bytes(store: Store, data: bytes, name: str = "projets.csv"):
    return store.import_validation(validate_bytes(data, name), data, "Agent")


@pytest.mark.parametrize("statements", [OLDEST, BEFORE_MIGRATIONS],
                         ids=["oldest", "before-migrations"])
def test_an_older_sqlite_store_is_upgraded_and_stays_restorable(tmp_path, statements):
    store = old_store(tmp_path / "old", statements)
    [version] = store.versions()                     # the first read upgrades it
    assert (version.id, version.who, version.content, version.is_current) == (
        1, "Marie", "projects", True)
    applied = raw(store, "SELECT version, description FROM schema_version ORDER BY version")
    assert [v for v, _ in applied] == list(range(1, SCHEMA_VERSION + 1))
    assert store.projects()["title"].tolist() == ["Salle ancienne"]
    assert store.original(1) == ("ancien.csv", OLD_FILE)
    second = import_bytes(store, (HEADER + "Salle neuve;2000;Arras;Sport;2024\n").encode())
    assert second.id == 2 and store.corrections(2).empty and store.stage_state(2).empty
    restored = store.restore(1, "Paul")
    assert (restored.id, restored.restored_from) == (3, 1)
    assert store.projects()["title"].tolist() == ["Salle ancienne"]
    assert store.integrity() == "ok"
    dispose_engines()


def test_reading_an_older_store_upgrades_it_in_one_transaction(tmp_path, monkeypatch):
    """A migration that fails leaves the old store as it was (its earlier steps too)."""
    store = old_store(tmp_path / "old", OLDEST)

    def broken(conn, backend):
        raise StoreError("migration interrompue")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS,
                                                   migrations.Migration(3, "cassée", broken)])
    monkeypatch.setattr(migrations, "LATEST", 3)
    with pytest.raises(StoreError, match="migration interrompue"):
        store.versions()
    tables, columns = table_layout(store)
    assert "schema_version" not in tables and "corrections" not in tables
    assert "content" not in columns and "stages_from" not in columns
    monkeypatch.undo()
    assert [v.id for v in store.versions()] == [1]
    dispose_engines()


def test_a_store_from_a_newer_atlas_is_refused(store):
    import_bytes(store, (HEADER + "Salle A;1000;Arras;Sport;2024\n").encode())
    raw(store, "INSERT INTO {p}schema_version VALUES (99, '2031-01-01', 'venue du futur')")
    with pytest.raises(StoreError, match="schéma n° 99, plus récent .* mettez l'atlas à jour"):
        import_bytes(store, (HEADER + "Salle B;1000;Arras;Sport;2024\n").encode())
    dispose_engines()                                  # a new process: its first read
    with pytest.raises(StoreError, match="plus récent"):
        store.current()
    assert raw(store, "SELECT count(*) FROM {p}versions") == [(1,)]
    assert "n° 99 au lieu de" in store.integrity()


def test_a_failed_migration_on_either_backend_changes_nothing(store, monkeypatch):
    import_bytes(store, (HEADER + "Salle A;1000;Arras;Sport;2024\n").encode())

    def half_done(conn, backend):
        conn.exec_driver_sql(backend.sql("ALTER TABLE {p}versions ADD COLUMN extra TEXT"))
        conn.exec_driver_sql(backend.sql("CREATE TABLE {p}extra_table (x {int})"))
        raise StoreError("migration interrompue")
    third = migrations.Migration(3, "à moitié", half_done)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, third])
    monkeypatch.setattr(migrations, "LATEST", 3)
    dispose_engines()
    with pytest.raises(StoreError, match="migration interrompue"):
        store.versions()
    assert raw(store, "SELECT max(version) FROM {p}schema_version") == [(SCHEMA_VERSION,)]
    tables, columns = table_layout(store)
    assert "extra_table" not in tables and "extra" not in columns and "content" in columns
    monkeypatch.undo()
    assert [v.id for v in store.versions()] == [1] and store.integrity() == "ok"


def test_every_project_column_is_created_by_a_migration():
    """A column added to the project schema needs a migration (it names the column)."""
    assert migrations.known_project_columns() == set(ROW_COLUMNS)
