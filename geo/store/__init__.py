"""Versioned store of imported projects, in a SQLite file (default) or in PostgreSQL/PostGIS.

Every import is a version (who, when, original file kept byte for byte, sha256, row counts,
validation report); a restore is a new version showing an older version's rows. The
current-version pointer changes in the same transaction as the rows are written, under the
store's write lock: concurrent imports queue one after the other (numbered in the order
they got the lock), and a process killed mid-import leaves the previous version current
and intact. The schema is created and upgraded by the atlas (:mod:`.migrations`).

Where: ``$ATLAS_DATABASE_URL`` (``postgresql+psycopg://…``) when set, else
``$ATLAS_STORE_DIR/imports.sqlite`` (default ``store/`` at the repository root,
gitignored). What differs between the two is in :mod:`.backends` only.
Test hook only: ``$ATLAS_IMPORT_SLOW_ROWS`` = seconds to wait after each row written.

Modules: :mod:`.model` (errors, versions, environment), :mod:`.schema` (tables),
:mod:`.migrations`, :mod:`.backends` (SQLite, PostgreSQL), :mod:`.transactions` (read,
write), :mod:`.geometry` (PostGIS positions), :mod:`.core` (:class:`Store`).
"""
from geo.store.backends import BUSY_TIMEOUT_S, PG_SCHEMA, dispose_engines
from geo.store.core import Store, current_import_version
from geo.store.migrations import LATEST as SCHEMA_VERSION
from geo.store.model import (DATABASE_ENV, DB_NAME, SLOW_ENV, STORE_ENV, StoreError,
                             Version, clean_who, database_url, store_dir)

__all__ = ["BUSY_TIMEOUT_S", "DATABASE_ENV", "DB_NAME", "PG_SCHEMA", "SCHEMA_VERSION",
           "SLOW_ENV", "STORE_ENV", "Store", "StoreError", "Version", "clean_who",
           "current_import_version", "database_url", "dispose_engines", "store_dir"]
