"""What the store gives its callers: the error they catch, one line of the history, and
where the store lives (environment variables)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from geo.model.paths import ROOT

STORE_ENV = "ATLAS_STORE_DIR"          # directory of the SQLite file (default backend)
DATABASE_ENV = "ATLAS_DATABASE_URL"    # postgresql+psycopg://… : the store lives in PostGIS
SLOW_ENV = "ATLAS_IMPORT_SLOW_ROWS"    # test hook: seconds to wait after each row written
DB_NAME = "imports.sqlite"


class StoreError(RuntimeError):
    """An import or restore that cannot be done; the message is French, for the user."""


class Submission(Protocol):
    """What the store writes of a validated file (:class:`geo.importer.validation.Validation`): the store
    does not import the importer, which sits above it."""

    file_name: str
    sha256: str
    report: Any                     # geo.importer.report.Report
    projects: Any                   # valid project rows (geo.store.rows.projects_frame)
    kept_aside: dict[int, dict[str, str]]
    corrections: Any
    stages: Any
    content: str

    @property
    def is_corrections(self) -> bool: ...

    @property
    def is_stages(self) -> bool: ...


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


VERSION_FIELDS = ("id", "created_at", "who", "kind", "file_name", "sha256", "size_bytes",
                  "rows_total", "rows_valid", "rows_invalid", "rows_from", "restored_from",
                  "corrections_from", "content", "stages_from")


def store_dir() -> Path:
    """``$ATLAS_STORE_DIR`` or ``<repo>/store``."""
    return Path(os.environ.get(STORE_ENV) or ROOT / "store")


def database_url() -> str | None:
    """``$ATLAS_DATABASE_URL`` when set (and not empty)."""
    return os.environ.get(DATABASE_ENV) or None


def psycopg_url(url: str) -> str:
    """postgresql:// and postgres:// URLs go through psycopg 3 (the installed driver)."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def clean_who(who: object) -> str:
    """Author label: no control characters, 100 characters at most, never empty."""
    text = re.sub(r"[\x00-\x1f\x7f]", "", str(who or "")).strip()[:100]
    if not text:
        raise StoreError("indiquez qui importe (nom ou identifiant)")
    return text
