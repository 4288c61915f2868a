"""The tables of the import store, written once for both backends.

Tables: ``versions`` (one row per import or restore; what it shows: the project rows of
``rows_from``, the corrections of ``corrections_from``, the stage chain ending at
``stages_from``), ``originals`` (each imported file, byte for byte), ``projects``,
``corrections``, ``stages`` (the rows of each stage file; ``versions.stages_base`` links a
stage file to the stage state it was imported over), ``current`` (the version shown) and
``schema_version`` (the migrations applied, :mod:`.migrations`).

The statements are templates: ``{p}`` is the table prefix (the PostgreSQL schema, nothing
on SQLite) and ``{id}``, ``{int}``, ``{big}``, ``{real}``, ``{blob}`` the column types of
the backend (:data:`TYPES`). The columns of ``projects`` as the first schema version had
them are frozen here (:data:`PROJECT_COLUMNS_V1`); a column added since is a migration.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import text

from geo.store.rows import ALL_COLUMNS

ROW_COLUMNS = [c for c in ALL_COLUMNS if c != "import_version"]

TYPES = {
    # INTEGER PRIMARY KEY AUTOINCREMENT as the SQLite stores before the migrations had it;
    # ids are given by the store (max + 1 under the write lock) on both backends
    "sqlite": {"id": "INTEGER PRIMARY KEY AUTOINCREMENT", "int": "INTEGER", "big": "INTEGER",
               "real": "REAL", "blob": "BLOB"},
    "postgresql": {"id": "INTEGER PRIMARY KEY", "int": "INTEGER", "big": "BIGINT",
                   "real": "DOUBLE PRECISION", "blob": "BYTEA"},
}

_INTEGER_V1 = ("amount_cents", "amount_a_venir_cents", "year", "total_cost_cents", "row",
               "amount_paid_cents")
_REAL_V1 = ("longitude", "latitude")
PROJECT_COLUMNS_V1 = (
    "project_id", "title", "epci_siren", "commune_insee", "location_precision",
    "location_evidence", "theme", "theme_rule", "period", "nature", "amount_cents",
    "amount_a_venir_cents", "year", "maitre_ouvrage", "total_cost_cents", "calendar_start",
    "calendar_end", "sources", "source_refs", "epci_sirens", "candidate_communes",
    "period_rule", "nature_rule", "amount_rule", "location_rule", "location_lines",
    "longitude", "latitude", "date_vote", "source_note", "row", "generation",
    "generation_rule", "partner_kind", "partner_name", "partner_id", "stage", "stage_date",
    "decision_ref", "vote_date", "convention_date", "amount_paid_cents", "fund", "scdl")

# columns of ``versions`` that stores written before corrections and stage files lack
VERSION_COLUMNS_ADDED = {"corrections_from": "{int}",
                         "content": "TEXT NOT NULL DEFAULT 'projects'",
                         "stages_from": "{int}", "stages_base": "{int}"}

TABLES = ("versions", "originals", "projects", "corrections", "stages", "current",
          "schema_version")


def project_column_type(column: str) -> str:
    """Type template of a V1 project column."""
    if column in _INTEGER_V1:
        return "{big}"
    return "{real}" if column in _REAL_V1 else "TEXT"


TABLES_V1 = [
    """CREATE TABLE IF NOT EXISTS {p}versions (
        id {id},
        created_at TEXT NOT NULL, who TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('import', 'restore')),
        file_name TEXT NOT NULL, sha256 TEXT NOT NULL, size_bytes {big} NOT NULL,
        rows_total {int} NOT NULL, rows_valid {int} NOT NULL, rows_invalid {int} NOT NULL,
        rows_from {int} REFERENCES {p}versions(id),
        restored_from {int} REFERENCES {p}versions(id),
        status TEXT NOT NULL CHECK (status IN ('pending', 'complete')),
        report_json TEXT NOT NULL,
        corrections_from {int} REFERENCES {p}versions(id),
        content TEXT NOT NULL DEFAULT 'projects',
        stages_from {int} REFERENCES {p}versions(id),
        stages_base {int} REFERENCES {p}versions(id))""",
    """CREATE TABLE IF NOT EXISTS {p}originals (
        version_id {int} PRIMARY KEY REFERENCES {p}versions(id), content {blob} NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS {p}projects (version_id {int} NOT NULL REFERENCES "
    "{p}versions(id), "
    + ", ".join(f'"{c}" {project_column_type(c)}' for c in PROJECT_COLUMNS_V1)
    + """, kept_aside TEXT NOT NULL DEFAULT '{{}}', PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE IF NOT EXISTS {p}corrections (
        version_id {int} NOT NULL REFERENCES {p}versions(id), "row" {int} NOT NULL,
        project_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '', PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE IF NOT EXISTS {p}stages (
        version_id {int} NOT NULL REFERENCES {p}versions(id), "row" {int} NOT NULL,
        project_id TEXT NOT NULL, stage TEXT NOT NULL, stage_date TEXT NOT NULL,
        decision_ref TEXT, amount_paid_cents {big}, comment TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (version_id, "row"))""",
    """CREATE TABLE IF NOT EXISTS {p}current (
        id {int} PRIMARY KEY CHECK (id = 1),
        version_id {int} NOT NULL REFERENCES {p}versions(id))""",
]

SCHEMA_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS {p}schema_version (
    version {int} PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL)"""


def stage_chain(conn, version_id: int | None) -> list[int]:
    """Stage-file versions in force at ``version_id``, newest first."""
    query = text("SELECT stages_base, stages_from FROM versions WHERE id = :id")
    row = conn.execute(query, {"id": version_id}).first()
    chain, at = [], row[1] if row else None
    while at is not None and at not in chain:
        chain.append(at)
        found = conn.execute(query, {"id": at}).first()
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
