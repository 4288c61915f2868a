"""Where the store lives: a SQLite file (default) or a PostgreSQL/PostGIS database.

Everything that differs between the two is here, behind one :class:`Backend` interface:
how the engine connects, how a writer takes the store's lock, the column types, the
catalog queries, the geometry of projects (PostGIS only) and what an integrity check can
look at. One backend (its SQLAlchemy engine and connection pool) per URL and process.

- SQLite: ``<directory>/imports.sqlite``, WAL journal, ``BEGIN IMMEDIATE`` for a writer
  (the next one waits up to ``BUSY_TIMEOUT_S``). No geometry column: the atlas places
  projects itself.
- PostgreSQL: the tables are in the schema ``atlas_imports`` (first on the connection's
  search_path, PostGIS functions found in ``public``); a writer takes the transaction
  advisory lock ``LOCK_KEY`` (the next one waits up to ``BUSY_TIMEOUT_S``); ``projects``
  has ``geom geometry(Point, 4326)`` with a GIST index.
"""
from __future__ import annotations

import os
import threading
import zlib
from pathlib import Path

from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.engine import Connection, Engine

from geo.store.model import (DATABASE_ENV, DB_NAME, STORE_ENV, StoreError,
                             psycopg_url)
from geo.store.schema import TABLES, TYPES

BUSY_TIMEOUT_S = 120       # how long a write waits for another writer's lock
BUSY_ENV = "ATLAS_STORE_BUSY_TIMEOUT_S"   # another wait, in seconds (tests: a short one)


def busy_timeout_s() -> float:
    """``$ATLAS_STORE_BUSY_TIMEOUT_S`` when set (a positive number), else ``BUSY_TIMEOUT_S``."""
    value = os.environ.get(BUSY_ENV, "").strip()
    try:
        return float(value) if value and float(value) > 0 else BUSY_TIMEOUT_S
    except ValueError:
        raise StoreError(f"{BUSY_ENV} : nombre de secondes attendu, pas « {value} »") from None
PG_SCHEMA = "atlas_imports"
LOCK_KEY = zlib.crc32(PG_SCHEMA.encode())   # pg_advisory_xact_lock key of the store


class Backend:
    """One store location and its engine. ``checked``: its schema was found current by a
    read of this process (later reads skip the check; writes always check)."""

    name = ""
    prefix = ""          # table prefix in DDL (PostgreSQL schema)
    directory: Path | None = None
    path: Path | None = None

    def __init__(self, url: str) -> None:
        self.url = url
        self.checked = False
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = self._create_engine()
            return self._engine

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None
            self.checked = False

    def sql(self, template: str) -> str:
        """A schema template (:mod:`.schema`) in this backend's types and prefix."""
        return template.format(p=self.prefix, **TYPES[self.name])

    # --- to be given by each backend ---------------------------------------------------------

    def _create_engine(self) -> Engine:
        raise NotImplementedError

    def describe(self) -> str:
        """Where the store is, for messages (no password)."""
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        """Environment variables that make another process open this same store."""
        raise NotImplementedError

    def exists(self) -> bool:
        """False when there cannot be a store yet (reading then creates nothing)."""
        return True

    def prepare(self) -> None:
        """Before the first write: what must exist for the engine to connect."""

    def lock(self, conn: Connection) -> None:
        """Take the store's write lock inside the transaction of ``conn``."""

    def create_namespace(self, conn: Connection) -> None:
        """Inside the first migration, before the tables."""

    def tables(self, conn: Connection) -> set[str]:
        raise NotImplementedError

    def columns(self, conn: Connection, table: str) -> set[str]:
        raise NotImplementedError

    def is_busy(self, exc: BaseException) -> bool:
        """Whether a database error means another writer held the lock too long."""
        return False

    def add_geometry(self, conn: Connection) -> None:
        """Migration 2: the geometry column of projects (PostGIS only)."""

    def geometry_sql(self) -> tuple[str, str]:
        """(columns, values) added to the INSERT of a project row."""
        return "", ""

    def geometry_params(self, values: dict) -> dict:
        return {}

    def physical_problems(self, conn: Connection) -> list[str]:
        """What the database itself says is wrong (French), [] when nothing."""
        return []


class SQLiteBackend(Backend):
    name = "sqlite"

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / DB_NAME
        super().__init__(f"sqlite:///{self.path}")

    def _create_engine(self) -> Engine:
        engine = create_engine(self.url, connect_args={"timeout": busy_timeout_s()})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine

    def describe(self) -> str:
        return str(self.directory)

    def env(self) -> dict[str, str]:
        return {STORE_ENV: str(self.directory), DATABASE_ENV: ""}

    def exists(self) -> bool:
        return self.path.exists()

    def prepare(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"stockage inaccessible ({self.directory}) : {exc}") from exc

    def tables(self, conn: Connection) -> set[str]:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows} & set(TABLES)

    def columns(self, conn: Connection, table: str) -> set[str]:
        return {row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{table}")')}

    def is_busy(self, exc: BaseException) -> bool:
        return "database is locked" in str(exc)

    def physical_problems(self, conn: Connection) -> list[str]:
        found = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
        return [] if found == "ok" else [f"fichier SQLite abîmé : {found}"]


def _sqlite_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None   # the store emits BEGIN itself (_sqlite_begin)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _sqlite_begin(conn: Connection) -> None:
    """A writer takes the file's write lock at BEGIN (the next writer waits for it)."""
    write = conn.get_execution_options().get("store_write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class PostgresBackend(Backend):
    name = "postgresql"
    prefix = f"{PG_SCHEMA}."

    def _create_engine(self) -> Engine:
        return create_engine(self.url, pool_size=5, max_overflow=10, pool_pre_ping=True,
                             connect_args={"options": f"-c search_path={PG_SCHEMA},public",
                                           "connect_timeout": 10,
                                           "application_name": "atlas-imports"})

    def describe(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def env(self) -> dict[str, str]:
        return {DATABASE_ENV: self.url}

    def lock(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(busy_timeout_s() * 1000)}ms'")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})

    def create_namespace(self, conn: Connection) -> None:
        """The schema, unless it exists (a DBA may create it for a role without CREATE)."""
        found = conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"),
                             {"s": PG_SCHEMA}).first()
        if found is None:
            conn.exec_driver_sql(f"CREATE SCHEMA {PG_SCHEMA}")

    def tables(self, conn: Connection) -> set[str]:
        rows = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"),
                            {"s": PG_SCHEMA})
        return {name for (name,) in rows} & set(TABLES)

    def columns(self, conn: Connection, table: str) -> set[str]:
        rows = conn.execute(text("SELECT column_name FROM information_schema.columns "
                                 "WHERE table_schema = :s AND table_name = :t"),
                            {"s": PG_SCHEMA, "t": table})
        return {name for (name,) in rows}

    def is_busy(self, exc: BaseException) -> bool:
        return getattr(getattr(exc, "orig", None), "sqlstate", None) == "55P03"

    def add_geometry(self, conn: Connection) -> None:
        from geo.store import geometry
        geometry.add_column(conn, self.prefix)

    def geometry_sql(self) -> tuple[str, str]:
        return ", geom", (", ST_SetSRID(ST_MakePoint(CAST(:geom_lon AS double precision), "
                          "CAST(:geom_lat AS double precision)), 4326)")

    def geometry_params(self, values: dict) -> dict:
        from geo.store import geometry
        lon, lat = geometry.point_of(values) or (None, None)
        return {"geom_lon": lon, "geom_lat": lat}

    def physical_problems(self, conn: Connection) -> list[str]:
        from geo.store import geometry
        return geometry.problems(conn, PG_SCHEMA)


_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
_BACKENDS: dict[str, Backend] = {}
_BACKENDS_LOCK = threading.Lock()


def backend_for(directory: Path | str | None, url: str | None) -> Backend:
    """The backend of a URL (PostgreSQL) or of a directory (SQLite), one per process."""
    if url and not url.startswith(_POSTGRES_SCHEMES):
        scheme = url.split(":", 1)[0]
        raise StoreError(f"{DATABASE_ENV} : seules les adresses postgresql://… (pilote "
                         f"psycopg 3) sont prises en charge (reçu « {scheme}:… »)")
    key = url or str(Path(directory) / DB_NAME)
    found = _BACKENDS.get(key)
    if found is None:
        with _BACKENDS_LOCK:
            found = _BACKENDS.setdefault(
                key, PostgresBackend(psycopg_url(url)) if url else SQLiteBackend(Path(directory)))
    return found


def dispose_engines() -> None:
    """Close every pooled connection of this process and forget which schemas were
    checked (tests: one database per test; a new engine is made on next use)."""
    with _BACKENDS_LOCK:
        backends = list(_BACKENDS.values())
    for backend in backends:
        backend.dispose()
