"""The :class:`Store`: import, restore and read the versions, on either backend."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import text

from geo.store.backends import Backend, backend_for
from geo.store.migrations import problems
from geo.store.model import (SLOW_ENV, VERSION_FIELDS, StoreError, Submission, Version,
                             clean_who, database_url, store_dir)
from geo.store.schema import ROW_COLUMNS, now_utc, sql_value, stage_chain
from geo.store.transactions import inspecting, reading, writing
from geo.store.rows import empty_projects, projects_frame

_FIELDS = ", ".join(f"v.{f}" for f in VERSION_FIELDS)
_CURRENT_SOURCES = ("SELECT v.rows_from, v.corrections_from, v.stages_from FROM current c "
                    "JOIN versions v ON v.id = c.version_id WHERE c.id = 1")


class Store:
    """The versions of imported projects. ``Store()``: in PostgreSQL when
    ``$ATLAS_DATABASE_URL`` is set, else in ``$ATLAS_STORE_DIR/imports.sqlite``;
    ``Store(directory)``: the SQLite file of that directory; ``Store(url=…)``: that
    database. Cheap to create: the engine and its pool are shared per URL."""

    def __init__(self, directory: Path | str | None = None, *, url: str | None = None) -> None:
        if url is None and directory is None:
            url = database_url()
        self.backend: Backend = backend_for(directory or store_dir(), url)
        self.directory: Path | None = self.backend.directory   # None on PostgreSQL
        self.path: Path | None = self.backend.path
        self.url: str = self.backend.url

    def env(self) -> dict[str, str]:
        """Environment variables that make another process (CLI, replica) use this store."""
        return self.backend.env()

    # --- writing ---------------------------------------------------------------------------

    def import_validation(self, validation: Submission, content: bytes, who: str,
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
        if slow:
            slow(0)                                   # "waiting for the write lock"
        with writing(self.backend) as conn:
            version_id = _insert_version(conn, validation, content, author)
            # a version shows project rows, corrections and stages: a new file replaces
            # its own kind (a stage file adds to the stages in force), the others are
            # carried over from the current version
            current = conn.execute(text(_CURRENT_SOURCES)).first()
            rows_from, corrections_from, stages_from = current or (None, None, None)
            stages_base = None
            if validation.is_corrections:
                _insert_many(conn, _correction_rows(version_id, validation.corrections),
                             _CORRECTION_INSERT, slow)
                corrections_from = version_id
            elif validation.is_stages:
                _insert_many(conn, _stage_rows(version_id, validation.stages),
                             _STAGE_INSERT, slow)
                stages_base, stages_from = stages_from, version_id
            else:
                self._insert_projects(conn, version_id, validation, slow)
                rows_from = version_id
            conn.execute(text(
                "UPDATE versions SET status = 'complete', rows_from = :rows, corrections_from "
                "= :corr, stages_from = :stages, stages_base = :base, content = :content "
                "WHERE id = :id"), {"rows": rows_from, "corr": corrections_from,
                                    "stages": stages_from, "base": stages_base,
                                    "content": validation.content, "id": version_id})
            _set_current(conn, version_id)
        return self.version(version_id)

    def _insert_projects(self, conn, version_id: int, validation: Submission, slow) -> None:
        geo_columns, geo_values = self.backend.geometry_sql()
        names = ", ".join(f'"{c}"' for c in ROW_COLUMNS)
        marks = ", ".join(f":c{i}" for i in range(len(ROW_COLUMNS)))
        statement = text(f"INSERT INTO projects (version_id, {names}, kept_aside{geo_columns}) "
                         f"VALUES (:version_id, {marks}, :kept_aside{geo_values})")
        rows = []
        for record in validation.projects.to_dict("records"):
            values = {c: sql_value(record.get(c)) for c in ROW_COLUMNS}
            if not values.get("project_id"):     # an SCDL subsidy keeps its own stable id
                values["project_id"] = f"import-{version_id}-{values['row']}"
            extras = validation.kept_aside.get(values["row"], {})
            rows.append({"version_id": version_id,
                         "kept_aside": json.dumps(extras, ensure_ascii=False),
                         **{f"c{i}": values[c] for i, c in enumerate(ROW_COLUMNS)},
                         **self.backend.geometry_params(values)})
        _insert_many(conn, rows, statement, slow)

    def restore(self, version_id: int, who: str) -> Version:
        """A new current version showing the rows of ``version_id``."""
        author = clean_who(who)
        with writing(self.backend) as conn:
            target = conn.execute(text(
                "SELECT id, rows_from, file_name, sha256, size_bytes, rows_total, rows_valid, "
                "rows_invalid, report_json, corrections_from, content, stages_from FROM "
                "versions WHERE id = :id AND status = 'complete'"), {"id": version_id}
            ).mappings().first()
            if target is None:
                raise StoreError(f"version {version_id} inconnue")
            current = conn.execute(text(_CURRENT_SOURCES)).first()
            shown = (target["rows_from"], target["corrections_from"], target["stages_from"])
            if current and tuple(current) == shown:
                raise StoreError(f"la version {version_id} est déjà celle affichée")
            new_id = _next_id(conn)
            conn.execute(text(
                "INSERT INTO versions (id, created_at, who, kind, file_name, sha256, "
                "size_bytes, rows_total, rows_valid, rows_invalid, rows_from, restored_from, "
                "status, report_json, corrections_from, content, stages_from) VALUES (:new, "
                ":at, :who, 'restore', :file_name, :sha256, :size_bytes, :rows_total, "
                ":rows_valid, :rows_invalid, :rows_from, :id, 'complete', :report_json, "
                ":corrections_from, :content, :stages_from)"),
                {**target, "new": new_id, "at": now_utc(), "who": author})
            _set_current(conn, new_id)
        return self.version(new_id)

    # --- reading ---------------------------------------------------------------------------

    def versions(self) -> list[Version]:
        """Complete versions, newest first."""
        with reading(self.backend) as conn:
            if conn is None:
                return []
            rows = conn.execute(text(
                f"SELECT {_FIELDS}, CASE WHEN c.version_id = v.id THEN 1 ELSE 0 END FROM "
                "versions v LEFT JOIN current c ON c.id = 1 WHERE v.status = 'complete' "
                "ORDER BY v.id DESC")).all()
        return [Version(*row[:-1], is_current=bool(row[-1])) for row in rows]

    def version(self, version_id: int) -> Version:
        found = [v for v in self.versions() if v.id == version_id]
        if not found:
            raise StoreError(f"version {version_id} inconnue")
        return found[0]

    def current(self) -> Version | None:
        """The version the atlas shows, or None before any import (one query)."""
        with reading(self.backend) as conn:
            row = None if conn is None else conn.execute(text(
                f"SELECT {_FIELDS} FROM current c JOIN versions v ON v.id = c.version_id "
                "WHERE c.id = 1")).first()
        return Version(*row, is_current=True) if row else None

    def projects(self, version_id: int | None = None) -> pd.DataFrame:
        """Project rows of a version (default: the current one), project schema + extras."""
        with reading(self.backend) as conn:
            if conn is None:
                return empty_projects()
            version_id = version_id if version_id is not None else _current_id(conn)
            found = conn.execute(text("SELECT rows_from FROM versions WHERE id = :id AND "
                                      "status = 'complete'"), {"id": version_id}).first()
            if found is None or found[0] is None:
                return empty_projects()
            frame = pd.read_sql_query(text(
                "SELECT " + ", ".join(f'"{c}"' for c in ROW_COLUMNS) + ", version_id AS "
                'import_version FROM projects WHERE version_id = :id ORDER BY "row"'),
                conn, params={"id": found[0]})
        return _typed(frame)

    def corrections(self, version_id: int | None = None) -> pd.DataFrame:
        """Corrections a version applies (default: the current one), with who made them."""
        columns = ["row", "project_id", "field", "value", "reason"]
        with reading(self.backend) as conn:
            if conn is None:
                return pd.DataFrame(columns=columns + ["version", "who"])
            version_id = version_id if version_id is not None else _current_id(conn)
            frame = pd.read_sql_query(text(
                'SELECT c."row", c.project_id, c.field, c.value, c.reason, s.id AS version, '
                "s.who FROM versions v JOIN corrections c ON c.version_id = v.corrections_from "
                "JOIN versions s ON s.id = v.corrections_from WHERE v.id = :id "
                'ORDER BY c."row"'), conn, params={"id": version_id})
        return frame

    def stage_state(self, version_id: int | None = None, previous: bool = False
                    ) -> pd.DataFrame:
        """The stages in force at a version (default: the current one): for each operation
        its latest stage along the chain of stage files, with the file's version and who.
        ``previous``: the state before the last stage file (the previous yearly point)."""
        columns = ["project_id", "stage", "stage_date", "decision_ref", "amount_paid_cents",
                   "comment", "version", "who", "row"]
        with reading(self.backend) as conn:
            if conn is None:
                return pd.DataFrame(columns=columns)
            version_id = version_id if version_id is not None else _current_id(conn)
            chain = stage_chain(conn, version_id)
            if previous:
                chain = chain[1:]
            if not chain:
                return pd.DataFrame(columns=columns)
            marks = ", ".join(f":v{i}" for i in range(len(chain)))
            frame = pd.read_sql_query(text(
                "SELECT s.project_id, s.stage, s.stage_date, s.decision_ref, "
                's.amount_paid_cents, s.comment, s.version_id AS version, v.who, s."row" '
                "FROM stages s JOIN versions v ON v.id = s.version_id "
                f"WHERE s.version_id IN ({marks})"), conn,
                params={f"v{i}": v for i, v in enumerate(chain)})
        frame["amount_paid_cents"] = frame["amount_paid_cents"].astype("Int64")
        # newest stage file first in the chain: its row wins
        rank = {v: i for i, v in enumerate(chain)}
        frame = frame.sort_values("version", key=lambda s: s.map(rank), kind="stable")
        return frame.drop_duplicates("project_id").reset_index(drop=True)

    def kept_aside(self, version_id: int) -> dict[int, dict[str, str]]:
        """{row: {column: value}} of the columns that were not imported."""
        with reading(self.backend) as conn:
            rows = [] if conn is None else conn.execute(text(
                'SELECT p."row", p.kept_aside FROM projects p JOIN versions v ON '
                "p.version_id = v.rows_from WHERE v.id = :id"), {"id": version_id}).all()
        return {row: json.loads(extras) for row, extras in rows if extras != "{}"}

    def original(self, version_id: int) -> tuple[str, bytes]:
        """(file name, bytes exactly as uploaded) of the file behind a version."""
        with reading(self.backend) as conn:
            # an import keeps its own file; a restore shows the file of the version it restores
            row = None if conn is None else conn.execute(text(
                "SELECT v.file_name, o.content FROM versions v JOIN originals o "
                "ON o.version_id = CASE WHEN v.kind = 'import' THEN v.id "
                "ELSE CASE WHEN v.content = 'corrections' THEN v.corrections_from "
                "WHEN v.content = 'stages' THEN v.stages_from "
                "ELSE v.rows_from END END WHERE v.id = :id"), {"id": version_id}).first()
        if row is None:
            raise StoreError(f"version {version_id} inconnue")
        return row[0], bytes(row[1])

    def report(self, version_id: int) -> dict:
        """The validation report stored with a version (invalid rows included)."""
        with reading(self.backend) as conn:
            row = None if conn is None else conn.execute(text(
                "SELECT report_json FROM versions WHERE id = :id"), {"id": version_id}).first()
        if row is None:
            raise StoreError(f"version {version_id} inconnue")
        return json.loads(row[0])

    def find_sha256(self, sha256: str) -> list[int]:
        """Import versions of a file with this content (to warn about a re-import)."""
        return [v.id for v in self.versions() if v.kind == "import" and v.sha256 == sha256]

    def integrity(self) -> str:
        """"ok" when the store is sound, else what is wrong (French): the database's own
        check (SQLite ``integrity_check``; PostGIS, geometry column and index), the schema
        version and tables, no unfinished version, the shown version complete, every
        import's original file present."""
        if not self.backend.exists():
            return "ok"
        with inspecting(self.backend) as conn:
            found = problems(conn, self.backend)
        return "; ".join(found) if found else "ok"


_CORRECTION_INSERT = text(
    'INSERT INTO corrections (version_id, "row", project_id, field, value, reason) '
    "VALUES (:version_id, :row, :project_id, :field, :value, :reason)")
_STAGE_INSERT = text(
    'INSERT INTO stages (version_id, "row", project_id, stage, stage_date, decision_ref, '
    "amount_paid_cents, comment) VALUES (:version_id, :row, :project_id, :stage, "
    ":stage_date, :decision_ref, :amount_paid_cents, :comment)")


def _correction_rows(version_id: int, rows: pd.DataFrame) -> list[dict]:
    return [{"version_id": version_id, "row": int(c.row), "project_id": c.project_id,
             "field": c.field, "value": str(c.value), "reason": c.reason}
            for c in rows.itertuples()]


def _stage_rows(version_id: int, rows: pd.DataFrame) -> list[dict]:
    return [{"version_id": version_id, "row": int(r["row"]), "project_id": r["project_id"],
             "stage": r["stage"], "stage_date": r["stage_date"],
             "decision_ref": r["decision_ref"],
             "amount_paid_cents": sql_value(r["amount_paid_cents"]), "comment": r["comment"]}
            for r in rows.to_dict("records")]


def _insert_many(conn, rows: list[dict], statement, slow) -> None:
    """All rows in one batch, or one by one with the test hook's pause after each."""
    if not slow:
        if rows:
            conn.execute(statement, rows)
        return
    for number, row in enumerate(rows, start=1):
        conn.execute(statement, row)
        slow(number)


def _insert_version(conn, validation: Submission, content: bytes, who: str) -> int:
    report = validation.report
    version_id = _next_id(conn)
    conn.execute(text(
        "INSERT INTO versions (id, created_at, who, kind, file_name, sha256, size_bytes, "
        "rows_total, rows_valid, rows_invalid, status, report_json) VALUES (:id, :at, :who, "
        "'import', :file_name, :sha256, :size, :total, :valid, :invalid, 'pending', :report)"),
        {"id": version_id, "at": now_utc(), "who": who, "file_name": validation.file_name,
         "sha256": validation.sha256, "size": len(content), "total": report.rows,
         "valid": report.valid_rows, "invalid": len(report.invalid_rows),
         "report": report.to_json()})
    conn.execute(text("INSERT INTO originals (version_id, content) VALUES (:id, :content)"),
                 {"id": version_id, "content": bytes(content)})
    return version_id


def _next_id(conn) -> int:
    """Versions are numbered 1, 2, … without gaps: under the write lock, max + 1."""
    return conn.execute(text("SELECT coalesce(max(id), 0) + 1 FROM versions")).scalar()


def _current_id(conn) -> int | None:
    return conn.execute(text("SELECT version_id FROM current WHERE id = 1")).scalar()


def _set_current(conn, version_id: int) -> None:
    conn.execute(text("INSERT INTO current (id, version_id) VALUES (1, :id) "
                      "ON CONFLICT (id) DO UPDATE SET version_id = excluded.version_id"),
                 {"id": version_id})


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return projects_frame(frame.astype(object).where(frame.notna(), None).to_dict("records"))


def _slow_hook():
    """Test hook: wait ``$ATLAS_IMPORT_SLOW_ROWS`` seconds after each row, and say so
    (``hook(0)``: before asking for the write lock)."""
    value = os.environ.get(SLOW_ENV)
    if not value:
        return None
    delay = float(value)

    def hook(number: int) -> None:
        if number == 0:
            print(f"{SLOW_ENV}: verrou demandé", file=sys.stderr, flush=True)
            return
        print(f"{SLOW_ENV}: ligne {number} écrite", file=sys.stderr, flush=True)
        time.sleep(delay)
    return hook


def current_import_version() -> int | None:
    """Id of the store version the atlas shows, None when nothing was imported."""
    current = Store().current()
    return current.id if current else None
