"""Versioned store of imported projects: one SQLite file under a configurable directory.

Every import is a version (who, when, original file kept byte for byte, sha256, row counts,
validation report); a restore is a new version showing an older version's rows. The
current-version pointer changes in the same transaction as the rows are written
(WAL journal, ``BEGIN IMMEDIATE``): concurrent imports queue one after the other, and a
process killed mid-import leaves the previous version current and intact.

Directory: ``$ATLAS_STORE_DIR``, else ``store/`` at the repository root (gitignored).
Test hook only: ``$ATLAS_IMPORT_SLOW_ROWS`` = seconds to wait after each row written.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.importer.store_schema import ROW_COLUMNS as _ROW_COLUMNS
from geo.importer.store_schema import (SCHEMA, add_missing_columns, now_utc, sql_value,
                                       stage_chain)
from geo.importer.validate import Validation, empty_projects, projects_frame
from geo.paths import ROOT

STORE_ENV = "ATLAS_STORE_DIR"
SLOW_ENV = "ATLAS_IMPORT_SLOW_ROWS"
DB_NAME = "imports.sqlite"
BUSY_TIMEOUT_S = 120


class StoreError(RuntimeError):
    """An import or restore that cannot be done; the message is French, for the user."""


@dataclass(frozen=True)
class Version:
    """One line of the history."""

    id: int
    created_at: str          # UTC, ISO 8601
    who: str
    kind: str                # "import" or "restore"
    file_name: str
    sha256: str
    size_bytes: int
    rows_total: int
    rows_valid: int
    rows_invalid: int
    rows_from: int | None    # the import whose project rows this version shows
    restored_from: int | None
    corrections_from: int | None = None   # the import whose corrections it applies
    content: str = "projects"   # what its file held: "projects" | "scdl" | "corrections" | "stages"
    stages_from: int | None = None        # the last stage file in force
    is_current: bool = False


def store_dir() -> Path:
    """``$ATLAS_STORE_DIR`` or ``<repo>/store``."""
    return Path(os.environ.get(STORE_ENV) or ROOT / "store")


def clean_who(who: object) -> str:
    """Author label: no control characters, 100 characters at most, never empty."""
    text = re.sub(r"[\x00-\x1f\x7f]", "", str(who or "")).strip()[:100]
    if not text:
        raise StoreError("indiquez qui importe (nom ou identifiant)")
    return text


class Store:
    """The versions of imported projects in ``<directory>/imports.sqlite``."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory else store_dir()
        self.path = self.directory / DB_NAME

    # --- connections -----------------------------------------------------------------------

    @contextmanager
    def _connect(self):
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"stockage inaccessible ({self.directory}) : {exc}") from exc
        try:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
            except sqlite3.Error as exc:
                raise StoreError(f"stockage indisponible : {exc}") from exc
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self):
        """One write transaction (schema created on first use, inside it)."""
        with self._connect() as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")  # waits up to BUSY_TIMEOUT_S for another writer
            except sqlite3.Error as exc:
                raise StoreError(f"stockage occupé, réessayez : {exc}") from exc
            try:
                for statement in SCHEMA:
                    conn.execute(statement)
                add_missing_columns(conn)
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                conn.execute("ROLLBACK")
                raise StoreError(f"écriture impossible, rien n'a changé : {exc}") from exc
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _read(self):
        """A consistent snapshot; None when nothing was ever imported."""
        if not self.path.exists():
            yield None
            return
        with self._connect() as conn:
            conn.execute("BEGIN")
            try:
                found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'current'").fetchone()
                yield conn if found else None
            finally:
                conn.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------------

    def import_validation(self, validation: Validation, content: bytes, who: str,
                          *, accept_partial: bool = False) -> Version:
        """Store the valid rows of ``validation`` as a new current version."""
        report = validation.report
        if report.file_errors or report.valid_rows == 0:
            raise StoreError("rien à importer : " + (report.file_errors[0].message
                             if report.file_errors else "aucune ligne valide"))
        if report.errors and not accept_partial:
            raise StoreError(f"{len(report.invalid_rows)} ligne(s) en erreur : corrigez le fichier "
                             "ou acceptez explicitement les seules lignes valides")
        author = clean_who(who)
        slow = _slow_hook()
        with self._write() as conn:
            version_id = self._insert_version(conn, validation, content, author)
            # a version shows project rows, corrections and stages: a new file replaces
            # its own kind (a stage file adds to the stages in force), the others are
            # carried over from the current version
            current = conn.execute("SELECT v.rows_from, v.corrections_from, v.stages_from "
                                   "FROM current c JOIN versions v ON v.id = c.version_id"
                                   ).fetchone()
            rows_from, corrections_from, stages_from = current or (None, None, None)
            stages_base = None
            if validation.is_corrections:
                self._insert_corrections(conn, version_id, validation.corrections, slow)
                corrections_from = version_id
            elif validation.is_stages:
                self._insert_stages(conn, version_id, validation.stages, slow)
                stages_base, stages_from = stages_from, version_id
            else:
                for number, record in enumerate(validation.projects.to_dict("records"), start=1):
                    self._insert_project(conn, version_id, record, validation.kept_aside)
                    if slow:
                        slow(number)
                rows_from = version_id
            conn.execute("UPDATE versions SET status = 'complete', rows_from = ?, "
                         "corrections_from = ?, stages_from = ?, stages_base = ?, content = ? "
                         "WHERE id = ?", (rows_from, corrections_from, stages_from, stages_base,
                                          validation.content, version_id))
            _set_current(conn, version_id)
        return self.version(version_id)

    def _insert_corrections(self, conn, version_id: int, rows: pd.DataFrame, slow) -> None:
        for number, c in enumerate(rows.itertuples(), start=1):
            conn.execute('INSERT INTO corrections (version_id, "row", project_id, field, value, '
                         'reason) VALUES (?, ?, ?, ?, ?, ?)',
                         (version_id, int(c.row), c.project_id, c.field, str(c.value), c.reason))
            if slow:
                slow(number)

    def _insert_stages(self, conn, version_id: int, rows: pd.DataFrame, slow) -> None:
        for number, r in enumerate(rows.to_dict("records"), start=1):
            conn.execute('INSERT INTO stages (version_id, "row", project_id, stage, stage_date, '
                         'decision_ref, amount_paid_cents, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                         (version_id, int(r["row"]), r["project_id"], r["stage"], r["stage_date"],
                          r["decision_ref"], sql_value(r["amount_paid_cents"]), r["comment"]))
            if slow:
                slow(number)

    def _insert_version(self, conn, validation: Validation, content: bytes, who: str) -> int:
        report = validation.report
        cursor = conn.execute(
            "INSERT INTO versions (created_at, who, kind, file_name, sha256, size_bytes, "
            "rows_total, rows_valid, rows_invalid, status, report_json) "
            "VALUES (?, ?, 'import', ?, ?, ?, ?, ?, ?, 'pending', ?)",
            (now_utc(), who, validation.file_name, validation.sha256, len(content), report.rows,
             report.valid_rows, len(report.invalid_rows), report.to_json()))
        version_id = cursor.lastrowid
        conn.execute("INSERT INTO originals (version_id, content) VALUES (?, ?)",
                     (version_id, sqlite3.Binary(content)))
        return version_id

    def _insert_project(self, conn, version_id: int, record: dict, kept_aside: dict) -> None:
        values = {c: sql_value(record.get(c)) for c in _ROW_COLUMNS}
        if not values.get("project_id"):     # an SCDL subsidy keeps its own stable id
            values["project_id"] = f"import-{version_id}-{values['row']}"
        extras = json.dumps(kept_aside.get(values["row"], {}), ensure_ascii=False)
        names = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        conn.execute(f"INSERT INTO projects (version_id, {names}, kept_aside) VALUES (?, {marks}, ?)",
                     (version_id, *values.values(), extras))

    def restore(self, version_id: int, who: str) -> Version:
        """A new current version showing the rows of ``version_id``."""
        author = clean_who(who)
        with self._write() as conn:
            target = conn.execute("SELECT id, rows_from, file_name, sha256, size_bytes, rows_total, "
                                  "rows_valid, rows_invalid, report_json, corrections_from, "
                                  "content, stages_from FROM versions WHERE id = ? AND "
                                  "status = 'complete'", (version_id,)).fetchone()
            if target is None:
                raise StoreError(f"version {version_id} inconnue")
            current = conn.execute("SELECT v.rows_from, v.corrections_from, v.stages_from FROM "
                                   "current c JOIN versions v ON v.id = c.version_id").fetchone()
            if current and tuple(current) == (target[1], target[9], target[11]):
                raise StoreError(f"la version {version_id} est déjà celle affichée")
            cursor = conn.execute(
                "INSERT INTO versions (created_at, who, kind, file_name, sha256, size_bytes, "
                "rows_total, rows_valid, rows_invalid, rows_from, restored_from, status, "
                "report_json, corrections_from, content, stages_from) "
                "VALUES (?, ?, 'restore', ?, ?, ?, ?, ?, ?, ?, ?, 'complete', ?, ?, ?, ?)",
                (now_utc(), author, target[2], target[3], target[4], target[5], target[6],
                 target[7], target[1], target[0], target[8], target[9], target[10], target[11]))
            _set_current(conn, cursor.lastrowid)
        return self.version(cursor.lastrowid)

    # --- reading ---------------------------------------------------------------------------

    def versions(self) -> list[Version]:
        """Complete versions, newest first."""
        with self._read() as conn:
            if conn is None:
                return []
            current = _current_id(conn)
            rows = conn.execute(f"SELECT {_VERSION_FIELDS} FROM versions WHERE status = 'complete' "
                                "ORDER BY id DESC").fetchall()
        return [Version(*row, is_current=row[0] == current) for row in rows]

    def version(self, version_id: int) -> Version:
        found = [v for v in self.versions() if v.id == version_id]
        if not found:
            raise StoreError(f"version {version_id} inconnue")
        return found[0]

    def current(self) -> Version | None:
        """The version the atlas shows, or None before any import."""
        return next((v for v in self.versions() if v.is_current), None)

    def projects(self, version_id: int | None = None) -> pd.DataFrame:
        """Project rows of a version (default: the current one), project schema + extras."""
        with self._read() as conn:
            if conn is None:
                return empty_projects()
            version_id = version_id if version_id is not None else _current_id(conn)
            found = conn.execute("SELECT rows_from FROM versions WHERE id = ? AND status = "
                                 "'complete'", (version_id,)).fetchone()
            if found is None or found[0] is None:
                return empty_projects()
            frame = pd.read_sql_query(
                "SELECT " + ", ".join(f'"{c}"' for c in _ROW_COLUMNS) + ", version_id AS "
                "import_version FROM projects WHERE version_id = ? ORDER BY \"row\"",
                conn, params=(found[0],))
        return _typed(frame)

    def corrections(self, version_id: int | None = None) -> pd.DataFrame:
        """Corrections a version applies (default: the current one), with who made them."""
        columns = ["row", "project_id", "field", "value", "reason"]
        with self._read() as conn:
            if conn is None:
                return pd.DataFrame(columns=columns + ["version", "who"])
            version_id = version_id if version_id is not None else _current_id(conn)
            frame = pd.read_sql_query(
                'SELECT c."row", c.project_id, c.field, c.value, c.reason, s.id AS version, '
                "s.who FROM versions v JOIN corrections c ON c.version_id = v.corrections_from "
                "JOIN versions s ON s.id = v.corrections_from WHERE v.id = ? "
                'ORDER BY c."row"', conn, params=(version_id,))
        return frame

    def stage_state(self, version_id: int | None = None, previous: bool = False
                    ) -> pd.DataFrame:
        """The stages in force at a version (default: the current one): for each operation
        its latest stage along the chain of stage files, with the file's version and who.
        ``previous``: the state before the last stage file (the previous yearly point)."""
        columns = ["project_id", "stage", "stage_date", "decision_ref", "amount_paid_cents",
                   "comment", "version", "who", "row"]
        with self._read() as conn:
            if conn is None:
                return pd.DataFrame(columns=columns)
            version_id = version_id if version_id is not None else _current_id(conn)
            chain = stage_chain(conn, version_id)
            if previous:
                chain = chain[1:]
            if not chain:
                return pd.DataFrame(columns=columns)
            marks = ", ".join("?" for _ in chain)
            frame = pd.read_sql_query(
                'SELECT s.project_id, s.stage, s.stage_date, s.decision_ref, '
                's.amount_paid_cents, s.comment, s.version_id AS version, v.who, s."row" '
                f"FROM stages s JOIN versions v ON v.id = s.version_id "
                f"WHERE s.version_id IN ({marks})", conn, params=chain)
        frame["amount_paid_cents"] = frame["amount_paid_cents"].astype("Int64")
        # newest stage file first in the chain: its row wins
        rank = {v: i for i, v in enumerate(chain)}
        frame = frame.sort_values("version", key=lambda s: s.map(rank), kind="stable")
        return frame.drop_duplicates("project_id").reset_index(drop=True)

    def kept_aside(self, version_id: int) -> dict[int, dict[str, str]]:
        """{row: {column: value}} of the columns that were not imported."""
        with self._read() as conn:
            if conn is None:
                return {}
            rows = conn.execute('SELECT p."row", p.kept_aside FROM projects p JOIN versions v ON '
                                'p.version_id = v.rows_from WHERE v.id = ?', (version_id,)).fetchall()
        return {row: json.loads(text) for row, text in rows if text != "{}"}

    def original(self, version_id: int) -> tuple[str, bytes]:
        """(file name, bytes exactly as uploaded) of the file behind a version."""
        with self._read() as conn:
            # an import keeps its own file; a restore shows the file of the version it restores
            row = None if conn is None else conn.execute(
                "SELECT v.file_name, o.content FROM versions v JOIN originals o "
                "ON o.version_id = CASE WHEN v.kind = 'import' THEN v.id "
                "ELSE CASE WHEN v.content = 'corrections' THEN v.corrections_from "
                "WHEN v.content = 'stages' THEN v.stages_from "
                "ELSE v.rows_from END END WHERE v.id = ?", (version_id,)).fetchone()
        if row is None:
            raise StoreError(f"version {version_id} inconnue")
        return row[0], bytes(row[1])

    def report(self, version_id: int) -> dict:
        """The validation report stored with a version (invalid rows included)."""
        with self._read() as conn:
            row = None if conn is None else conn.execute(
                "SELECT report_json FROM versions WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise StoreError(f"version {version_id} inconnue")
        return json.loads(row[0])

    def find_sha256(self, sha256: str) -> list[int]:
        """Import versions of a file with this content (to warn about a re-import)."""
        return [v.id for v in self.versions() if v.kind == "import" and v.sha256 == sha256]

    def integrity(self) -> str:
        """``PRAGMA integrity_check`` ("ok" when the file is sound)."""
        with self._connect() as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0]


_VERSION_FIELDS = ("id, created_at, who, kind, file_name, sha256, size_bytes, rows_total, "
                   "rows_valid, rows_invalid, rows_from, restored_from, corrections_from, "
                   "content, stages_from")


def _current_id(conn) -> int | None:
    row = conn.execute("SELECT version_id FROM current WHERE id = 1").fetchone()
    return row[0] if row else None


def _set_current(conn, version_id: int) -> None:
    conn.execute("INSERT INTO current (id, version_id) VALUES (1, ?) "
                 "ON CONFLICT (id) DO UPDATE SET version_id = excluded.version_id", (version_id,))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return projects_frame(frame.astype(object).where(frame.notna(), None).to_dict("records"))


def _slow_hook():
    """Test hook: wait ``$ATLAS_IMPORT_SLOW_ROWS`` seconds after each row, and say so."""
    value = os.environ.get(SLOW_ENV)
    if not value:
        return None
    delay = float(value)

    def hook(number: int) -> None:
        print(f"{SLOW_ENV}: ligne {number} écrite", file=sys.stderr, flush=True)
        time.sleep(delay)
    return hook
