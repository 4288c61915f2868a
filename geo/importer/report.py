"""The validation report: every problem with its row, column, value and a French reason.

``Report.to_dict()`` is the JSON object of ``python -m geo validate --json``;
``to_csv_bytes()`` is the download offered by the UI (opens in Excel, formula-safe).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

MAX_VALUE_CHARS = 200


@dataclass(frozen=True)
class Issue:
    """One problem. ``row`` None = the whole file; ``column`` None = the whole row."""

    row: int | None
    column: str | None
    value: str | None
    message: str

    def to_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value,
                "message": self.message}

    def describe(self) -> str:
        """One line for a terminal: "ligne 4, colonne « montant » (« -3 ») : montant négatif"."""
        where = [f"ligne {self.row}" if self.row is not None else "fichier"]
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        if self.value is not None:
            where.append(f"valeur « {self.value} »")
        return ", ".join(where) + " : " + self.message


def issue(row: int | None, column: str | None, value: object, message: str) -> Issue:
    """An Issue with the value shown as text, shortened when very long."""
    if value is None:
        text = None
    else:
        text = str(value)
        if len(text) > MAX_VALUE_CHARS:
            text = text[:MAX_VALUE_CHARS] + "…"
    return Issue(row, column, text, message)


@dataclass
class Report:
    """Outcome of validating one file."""

    rows: int = 0
    valid_rows: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Importable as a whole: at least one row and no error at all."""
        return not self.errors and self.valid_rows > 0

    @property
    def file_errors(self) -> list[Issue]:
        return [e for e in self.errors if e.row is None]

    @property
    def invalid_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row is not None})

    def to_dict(self) -> dict:
        return {"ok": self.ok, "rows": self.rows, "valid_rows": self.valid_rows,
                "errors": [e.to_dict() for e in self.errors],
                "warnings": [w.to_dict() for w in self.warnings]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    def summary(self) -> str:
        """"12 lignes, 10 valides, 3 erreurs, 1 avertissement" (French plurals)."""
        parts = [_count(self.rows, "ligne"), _count(self.valid_rows, "valide"),
                 _count(len(self.errors), "erreur"), _count(len(self.warnings), "avertissement")]
        return ", ".join(parts)

    def to_csv_bytes(self) -> bytes:
        """Semicolon CSV, UTF-8 with BOM (Excel), cells that look like formulas neutralised."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(["gravité", "ligne", "colonne", "valeur", "message"])
        for severity, issues in (("erreur", self.errors), ("avertissement", self.warnings)):
            for item in issues:
                writer.writerow([severity, "" if item.row is None else item.row,
                                 safe_cell(item.column), safe_cell(item.value),
                                 safe_cell(item.message)])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def safe_cell(text: str | None) -> str:
    """Spreadsheet-safe export cell: a leading = + - @ (formula injection) gets a quote."""
    if text is None:
        return ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"
