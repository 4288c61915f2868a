"""The outcome of validating one file: :class:`Validation`.

Built by :func:`geo.importer.validate.validate_bytes` (and the follow-up files'
validation, :mod:`geo.importer.follow_up`), shown by the import page, written by the
store (:meth:`geo.store.Store.import_validation`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.importer.report import Report


@dataclass
class Validation:
    """Report, valid project rows, and what the UI needs to show the mapping step."""

    file_name: str
    sha256: str
    report: Report
    projects: pd.DataFrame
    header: list[str] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)
    kind: str | None = None
    kept_aside: dict[int, dict[str, str]] = field(default_factory=dict)  # row -> {header: text}
    corrections: pd.DataFrame | None = None    # a corrections file: its valid rows
    stages: pd.DataFrame | None = None         # a stage file: its valid rows
    content: str = "projects"      # "projects" | "scdl" | "corrections" | "stages"

    @property
    def is_corrections(self) -> bool:
        return self.corrections is not None

    @property
    def is_stages(self) -> bool:
        return self.stages is not None
