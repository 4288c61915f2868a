"""The atlas's subsidies written back in the SCDL « Subventions » 2.1.1 format.

Only the project rows imported from an SCDL file carry every field the schema requires
(attribuant and its SIRET, convention date, nature, conditions and dates of payment,
notification to the EU, share): their ``scdl`` column holds the original row as it was
validated (:mod:`geo.scdl.projects`). Every other row (the recueil's projects, spreadsheet
imports) is left out, and listed with its reason. The file is the schema's CSV: UTF-8
without BOM, comma, header = the schema's field names in the schema's order, CRLF line
ends. It is validated by the import's own SCDL validation (the bytes read back by
:func:`geo.importer.readers.read_table`, checked by :func:`geo.scdl.validate.validate_table`:
frictionless with the shipped schema, SIRET keys, one identifier per beneficiary) before
it is returned: an export that would not validate raises :class:`PublishError`.

The format has no place field: a subsidy the import placed by an extra « commune » column
is published without it (the note of :attr:`PublishResult.notes` says how many).
"""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.scdl import schema

NO_SCDL = ("pas de ligne SCDL d'origine (projet du recueil ou d'un tableur importé) : "
           "attribuant, SIRET, convention et conditions de versement inconnus")
UNREADABLE = "ligne SCDL d'origine illisible"
INCOMPLETE = "ligne SCDL d'origine incomplète : {} vide(s)"
TWICE = "identifiant déjà exporté (ligne en double)"
MAX_LISTED_ERRORS = 5


class PublishError(ValueError):
    """The export would not validate against the schema; the message is French."""


@dataclass(frozen=True)
class PublishResult:
    """The CSV bytes, the rows written and the project rows left out with their reason."""

    data: bytes
    rows: int
    project_ids: list[str] = field(default_factory=list)     # in file order
    left_out: list[tuple[str, str]] = field(default_factory=list)   # (project_id, reason)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """« 6 subventions au format SCDL Subventions 2.1.1 ; 412 projets laissés de côté :
        412 sans ligne SCDL d'origine (…) »."""
        text = (f"{_count(self.rows, 'subvention')} au format SCDL Subventions "
                f"{schema.VERSION}")
        if self.left_out:
            reasons = pd.Series([r for _, r in self.left_out]).value_counts(sort=False)
            text += (f" ; {_count(len(self.left_out), 'projet')} laissé"
                     f"{'s' if len(self.left_out) > 1 else ''} de côté : "
                     + " ; ".join(f"{n} : {reason}" for reason, n in reasons.items()))
        return text + "".join(f" ; {note}" for note in self.notes)


def scdl_csv(projects: pd.DataFrame) -> PublishResult:
    """The SCDL file of the rows of ``projects`` that hold an original SCDL row, validated."""
    rows, left_out, by_commune = scdl_rows(projects)
    data = csv_bytes([r for _, r in rows])
    if rows:
        check(data, [p for p, _ in rows])
    notes = [f"commune non publiée pour {_count(by_commune, 'subvention')} placée"
             f"{'s' if by_commune > 1 else ''} par une colonne « commune » hors schéma (le "
             "format SCDL n'a pas de champ de lieu)"] if by_commune else []
    return PublishResult(data, len(rows), [p for p, _ in rows], left_out, notes)


def scdl_rows(projects: pd.DataFrame
              ) -> tuple[list[tuple[str, dict[str, str]]], list[tuple[str, str]], int]:
    """([(project_id, {schema field: text})], [(project_id, reason)], how many of the rows
    kept were placed by a « commune » column), rows in import order."""
    frame = projects.copy()
    if "scdl" not in frame:
        frame["scdl"] = None
    frame = frame.sort_values(["row", "project_id"] if "row" in frame else ["project_id"],
                              na_position="last", kind="stable")
    kept, left_out, seen, by_commune = [], [], set(), 0
    for project_id, text, evidence in zip(frame["project_id"], frame["scdl"],
                                          frame.get("location_evidence",
                                                    pd.Series(None, index=frame.index))):
        row, reason = _original(text)
        if reason is None and project_id in seen:
            reason = TWICE
        if reason is not None:
            left_out.append((str(project_id), reason))
            continue
        seen.add(project_id)
        kept.append((str(project_id), row))
        by_commune += "colonne commune" in str(evidence or "")
    return kept, left_out, by_commune


def _original(text: object) -> tuple[dict[str, str] | None, str | None]:
    """(the SCDL row, None) or (None, why it cannot be published)."""
    if not isinstance(text, str) or not text.strip():
        return None, NO_SCDL
    try:
        found = json.loads(text)
    except ValueError:
        return None, UNREADABLE
    if not isinstance(found, dict):
        return None, UNREADABLE
    row = {name: _cell(found.get(name)) for name in schema.names()}
    empty = [name for name in schema.required_names() if not row[name]]
    if not any(row[name] for name in schema.BENEFICIARY_IDS):
        empty.append(" ou ".join(schema.BENEFICIARY_IDS))
    if empty:
        return None, INCOMPLETE.format(", ".join(empty))
    return row, None


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    """The schema's CSV: header = the field names in schema order, then one line a row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\r\n")
    writer.writerow(schema.names())
    for row in rows:
        writer.writerow([row[name] for name in schema.names()])
    return out.getvalue().encode("utf-8")


def check(data: bytes, project_ids: list[str]) -> None:
    """Raise :class:`PublishError` unless ``data`` passes the import's SCDL validation
    with every row valid (errors name the project of their row)."""
    from geo.importer.readers import FileProblem, read_table
    from geo.scdl.validate import validate_table

    try:
        table = read_table(data)
    except FileProblem as problem:
        raise PublishError(f"export SCDL illisible : {problem}") from None
    if table.header != schema.names():
        raise PublishError("export SCDL invalide : l'en-tête n'est pas celui du schéma")
    report = validate_table(table).report
    if not report.errors and report.valid_rows == len(project_ids):
        return
    described = []
    for item in report.errors[:MAX_LISTED_ERRORS]:
        index = (item.row or 0) - 2
        owner = f" (projet {project_ids[index]})" if 0 <= index < len(project_ids) else ""
        described.append(item.describe() + owner)
    more = len(report.errors) - len(described)
    raise PublishError(f"export SCDL invalide, rien n'est publié : {len(report.errors)} "
                       f"erreur(s) ; " + " ; ".join(described)
                       + (f" ; et {more} autre(s)" if more > 0 else ""))


def write_file(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then renamed
    (a reader never sees half a file; an existing file stays whole if writing fails)."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"
