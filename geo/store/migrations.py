"""The schema of the store, created and upgraded by the atlas itself.

``schema_version`` holds one row per migration applied (version, applied_at, what it
did). :data:`MIGRATIONS` is the ordered list; :func:`upgrade` applies those a store lacks,
inside the write transaction that holds the store's lock, so an upgrade is whole or not at
all and two processes never apply one twice. A store written before the migrations
existed (SQLite, tables but no ``schema_version``) is at version 0: the first migration
adds the columns it may lack (the old ``add_missing_columns``) and marks it. A store whose
version is newer than :data:`LATEST` (written by a newer atlas) is refused, never reused.

A later change of the tables is a new :class:`Migration` at the end of the list (a column
added to ``projects`` names itself in ``project_columns``, see :func:`known_project_columns`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from geo.store.model import StoreError
from geo.store.schema import (PROJECT_COLUMNS_V1, SCHEMA_VERSION_TABLE, TABLES,
                              TABLES_V1, VERSION_COLUMNS_ADDED, now_utc,
                              project_column_type)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str                       # French: shown in schema_version
    apply: Callable[[Connection, object], None]   # (connection, backend)
    project_columns: tuple[str, ...] = ()  # columns of projects it adds


def _tables(conn: Connection, backend) -> None:
    """The tables; a store from before the migrations gains the columns added since."""
    backend.create_namespace(conn)
    for statement in [*TABLES_V1, SCHEMA_VERSION_TABLE]:
        conn.exec_driver_sql(backend.sql(statement))
    _add_missing(conn, backend, "projects",
                 {f'"{c}"': project_column_type(c) for c in PROJECT_COLUMNS_V1})
    _add_missing(conn, backend, "versions", VERSION_COLUMNS_ADDED)


def _add_missing(conn: Connection, backend, table: str, columns: dict[str, str]) -> None:
    present = backend.columns(conn, table)
    for column, sql_type in columns.items():
        if column.strip('"') not in present:
            conn.exec_driver_sql(backend.sql(f"ALTER TABLE {{p}}{table} ADD COLUMN {column} "
                                             f"{sql_type}"))


def _geometry(conn: Connection, backend) -> None:
    backend.add_geometry(conn)


MIGRATIONS = [
    Migration(1, "tables des imports (versions, fichiers d'origine, projets, corrections, "
                 "stades, version affichée)", _tables, PROJECT_COLUMNS_V1),
    Migration(2, "géométrie des projets : geom Point 4326 et son index GIST (PostGIS "
                 "seulement)", _geometry),
]
LATEST = MIGRATIONS[-1].version


def known_project_columns() -> set[str]:
    """The columns of projects that the migrations create."""
    return {c for m in MIGRATIONS for c in m.project_columns}


def found_version(conn: Connection, backend) -> int | None:
    """The store's schema version: None when it holds none of the store's tables, 0 for a
    store written before the migrations (tables but no ``schema_version``)."""
    tables = backend.tables(conn)
    if "schema_version" in tables:
        return conn.execute(text("SELECT max(version) FROM schema_version")).scalar() or 0
    return 0 if tables else None


def refuse_newer(found: int | None, backend) -> None:
    if found is not None and found > LATEST:
        raise StoreError(f"le stockage des imports ({backend.describe()}) est au schéma "
                         f"n° {found}, plus récent que celui que connaît cet atlas "
                         f"(n° {LATEST}) : mettez l'atlas à jour ; rien n'a été lu ni écrit")


def upgrade(conn: Connection, backend) -> None:
    """Apply the migrations the store lacks (inside the caller's write transaction)."""
    found = found_version(conn, backend) or 0
    refuse_newer(found, backend)
    for migration in MIGRATIONS:
        if migration.version > found:
            migration.apply(conn, backend)
            conn.execute(text("INSERT INTO schema_version (version, applied_at, description) "
                              "VALUES (:v, :at, :d)"),
                         {"v": migration.version, "at": now_utc(), "d": migration.description})


def read_state(conn: Connection, backend) -> str:
    """``"current"``, ``"old"`` (to upgrade before reading) or ``"empty"`` (no store yet)."""
    found = found_version(conn, backend)
    if found is None:
        return "empty"
    refuse_newer(found, backend)
    return "current" if found == LATEST else "old"


def problems(conn: Connection, backend) -> list[str]:
    """What is wrong with a store's schema and history (French), [] when nothing."""
    found = found_version(conn, backend)
    if found is None:
        return []
    out = backend.physical_problems(conn)
    if found != LATEST:
        out.append(f"schéma n° {found} au lieu de n° {LATEST}")
    missing = sorted(set(TABLES) - backend.tables(conn))
    if missing:
        return out + ["tables absentes : " + ", ".join(missing)]
    checks = {
        "versions inachevées": "SELECT id FROM versions WHERE status <> 'complete'",
        "la version affichée n'est pas complète": (
            "SELECT c.version_id FROM current c LEFT JOIN versions v ON v.id = c.version_id "
            "WHERE v.status IS NULL OR v.status <> 'complete'"),
        "fichiers d'origine manquants": (
            "SELECT v.id FROM versions v LEFT JOIN originals o ON o.version_id = v.id "
            "WHERE v.kind = 'import' AND o.version_id IS NULL"),
    }
    for label, query in checks.items():
        ids = [row[0] for row in conn.execute(text(query))]
        if ids:
            out.append(f"{label} : versions " + ", ".join(map(str, ids)))
    return out
