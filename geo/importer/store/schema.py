"""The SQL schema of the import store and its migration from older atlases.

Tables: ``versions`` (one row per import or restore; what it shows: the project rows of
``rows_from``, the corrections of ``corrections_from``, the stage chain ending at
``stages_from``), ``originals`` (each imported file, byte for byte), ``projects``,
``corrections``, ``stages`` (the rows of each stage file; ``versions.stages_base`` links a
stage file to the stage state it was imported over) and ``current``. A store written by an
older atlas gets the columns added since (empty for its old rows), so its versions stay
readable and restorable.
"""
from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd

from geo.importer.schema import FLOAT_COLUMNS, INTEGER_COLUMNS
from geo.importer.validate import ALL_COLUMNS

ROW_COLUMNS = [c for c in ALL_COLUMNS if c != "import_version"]
VERSION_COLUMNS_ADDED = {"corrections_from": "INTEGER",
                         "content": "TEXT NOT NULL DEFAULT 'projects'",
                         "stages_from": "INTEGER", "stages_base": "INTEGER"}


def _sql_type(column: str) -> str:
    if column in INTEGER_COLUMNS:
        return "INTEGER"
    return "REAL" if column in FLOAT_COLUMNS else "TEXT"


SCHEMA = [
    """CREATE TABLE IF NOT EXISTS versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL, who TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('import', 'restore')),
        file_name TEXT NOT NULL, sha256 TEXT NOT NULL, size_bytes INTEGER NOT NULL,
        rows_total INTEGER NOT NULL, rows_valid INTEGER NOT NULL, rows_invalid INTEGER NOT NULL,
        rows_from INTEGER REFERENCES versions(id),
        restored_from INTEGER REFERENCES versions(id),
        status TEXT NOT NULL CHECK (status IN ('pending', 'complete')),
        report_json TEXT NOT NULL,
        corrections_from INTEGER REFERENCES versions(id),
        content TEXT NOT NULL DEFAULT 'projects',
        stages_from INTEGER REFERENCES versions(id),
        stages_base INTEGER REFERENCES versions(id))""",
    """CREATE TABLE IF NOT EXISTS originals (
        version_id INTEGER PRIMARY KEY REFERENCES versions(id), content BLOB NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS projects (version_id INTEGER NOT NULL REFERENCES versions(id), "
    + ", ".join(f'"{c}" {_sql_type(c)}' for c in ROW_COLUMNS)
    + """, kept_aside TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE IF NOT EXISTS corrections (
        version_id INTEGER NOT NULL REFERENCES versions(id), "row" INTEGER NOT NULL,
        project_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '', PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE IF NOT EXISTS stages (
        version_id INTEGER NOT NULL REFERENCES versions(id), "row" INTEGER NOT NULL,
        project_id TEXT NOT NULL, stage TEXT NOT NULL, stage_date TEXT NOT NULL,
        decision_ref TEXT, amount_paid_cents INTEGER, comment TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE IF NOT EXISTS current (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version_id INTEGER NOT NULL REFERENCES versions(id))""",
]


def add_missing_columns(conn: sqlite3.Connection) -> None:
    """A store written by an older atlas lacks the columns added since: add them (empty
    for the old rows), so that its versions stay readable and restorable."""
    present = {row[1] for row in conn.execute('PRAGMA table_info("projects")')}
    for column in ROW_COLUMNS:
        if column not in present:
            conn.execute(f'ALTER TABLE projects ADD COLUMN "{column}" {_sql_type(column)}')
    present = {row[1] for row in conn.execute('PRAGMA table_info("versions")')}
    for column, sql_type in VERSION_COLUMNS_ADDED.items():
        if column not in present:
            conn.execute(f"ALTER TABLE versions ADD COLUMN {column} {sql_type}")


def stage_chain(conn, version_id: int | None) -> list[int]:
    """Stage-file versions in force at ``version_id``, newest first."""
    row = conn.execute("SELECT stages_from FROM versions WHERE id = ?", (version_id,)).fetchone()
    chain, at = [], row[0] if row else None
    while at is not None and at not in chain:
        chain.append(at)
        found = conn.execute("SELECT stages_base FROM versions WHERE id = ?", (at,)).fetchone()
        at = found[0] if found else None
    return chain


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def sql_value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
