"""The two ways the store touches its database: one write transaction under the store's
lock (schema upgraded inside it), or a read that never creates anything. Database errors
become :class:`StoreError` with a French message saying what failed."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.exc import SQLAlchemyError

from geo.store import migrations
from geo.store.backends import Backend, busy_timeout_s
from geo.store.model import StoreError


def _reason(exc: SQLAlchemyError) -> str:
    """The database's own words (first line), without SQLAlchemy's decoration."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


@contextmanager
def _translated(backend: Backend, failed: str):
    try:
        yield
    except SQLAlchemyError as exc:
        if backend.is_busy(exc):
            raise StoreError(f"stockage occupé par un autre import depuis plus de "
                             f"{busy_timeout_s():g} s, réessayez ({_reason(exc)})") from exc
        raise StoreError(f"{failed} ({backend.describe()}) : {_reason(exc)}") from exc


@contextmanager
def writing(backend: Backend):
    """One write transaction: the store's lock, the schema upgraded, then the caller's
    statements; committed only if all of them succeed (a killed process commits nothing)."""
    backend.prepare()
    with _translated(backend, "écriture impossible, rien n'a changé"):
        with backend.engine.connect() as conn:
            conn.execution_options(store_write=True)
            with conn.begin():
                backend.lock(conn)
                migrations.upgrade(conn, backend)
                yield conn


@contextmanager
def reading(backend: Backend):
    """A connection to read the store, or None when nothing was ever imported. The first
    read of a process checks the schema: an older one is upgraded first (a write
    transaction), a newer one refused."""
    if not backend.exists():
        yield None
        return
    if not backend.checked and not _check_schema(backend):
        yield None
        return
    with _translated(backend, "lecture impossible"):
        with backend.engine.connect() as conn:
            with conn.begin():
                yield conn


def _check_schema(backend: Backend) -> bool:
    """True when the store's schema is current (upgrading it if older), False when the
    database holds no store yet."""
    with _translated(backend, "lecture impossible"):
        with backend.engine.connect() as conn:
            state = migrations.read_state(conn, backend)
    if state == "empty":
        return False
    if state == "old":
        with writing(backend):
            pass
    backend.checked = True
    return True


@contextmanager
def inspecting(backend: Backend):
    """A connection that upgrades nothing, for the integrity check."""
    with _translated(backend, "vérification impossible"):
        with backend.engine.connect() as conn:
            yield conn
