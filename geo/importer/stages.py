"""Stage files: the follow-up of the operations, one new stage per row.

A stage file has the columns ``Identifiant du projet, Stade, Date`` and optionally
``Référence de la décision, Montant versé, Commentaire`` (recognised by its header, like
the corrections file). Each row moves one operation of the atlas to a stage of
:data:`geo.model.vocabulary.STAGES` on a date. It is stored as a version of the import store
(restorable like every import); the stages in force are the chain of stage files up to
the current version (:meth:`geo.store.Store.stage_state`), and the EPCI's « Suivi du
contrat » compares them with the previous point (:mod:`geo.analysis.follow_up`).

Rules: the project must exist; the stage must be one of the six; the date is required
and cannot be in the future; an operation « votée » needs its decision reference (in the
row or already known); the amount paid cannot exceed the operation's amount; an id twice
in a file is an error. Going back to an earlier stage, or « soldée » without any amount
paid, is a warning.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.model import vocabulary
from geo.importer import parsers
from geo.importer.mapping import stage_columns as columns_of
from geo.importer.readers import Table
from geo.importer.report import Report, issue
from geo.model.names import normalize_name

COLUMNS = ["row", "project_id", "stage", "stage_date", "decision_ref", "amount_paid_cents",
           "comment"]
STAGES = vocabulary.values(vocabulary.STAGES)
_STAGE_KEYS = {normalize_name(s): s for s in STAGES}
ORDER = {s: i for i, s in enumerate(STAGES)}


def parse_stage(value: object) -> str:
    stage = _STAGE_KEYS.get(normalize_name(parsers.cell_text(value)))
    if stage is None:
        raise ValueError("stade inconnu ; valeurs admises : " + ", ".join(STAGES))
    return stage


class _Row:
    def __init__(self, number: int, cells: list[object], header: list[str],
                 columns: dict[str, int]) -> None:
        self.number, self.cells, self.header, self.columns = number, cells, header, columns
        self.errors, self.warnings = [], []

    def raw(self, name: str):
        index = self.columns.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def fail(self, name: str, message: str, value=None) -> None:
        column = self.header[self.columns[name]] if name in self.columns else name
        shown = parsers.cell_text(self.raw(name)) if value is None else value
        self.errors.append(issue(self.number, column, shown or None, message))

    def warn(self, name: str, message: str) -> None:
        column = self.header[self.columns[name]] if name in self.columns else name
        self.warnings.append(issue(self.number, column, parsers.cell_text(self.raw(name)) or None,
                                   message))

    def parsed(self, name: str, parser, required: bool = False):
        value = self.raw(name)
        if parsers.is_blank(value):
            if required:
                self.fail(name, "valeur obligatoire manquante")
            return None
        try:
            return parser(value)
        except ValueError as exc:
            self.fail(name, str(exc))
            return None


def validate_table(table: Table, projects: pd.DataFrame, today: dt.date | None = None
                   ) -> tuple[Report, pd.DataFrame]:
    """Report and valid stage rows; ``projects``: the atlas's projects (ids, stages)."""
    today = today or dt.date.today()
    columns = columns_of(table.header)
    known = projects.set_index("project_id")
    report = Report(rows=len(table.rows))
    if "date" not in columns:
        report.errors.append(issue(None, "Date", None, "colonne obligatoire absente : Date "
                                   "(la date du stade, jj/mm/aaaa)"))
        return report, pd.DataFrame(columns=COLUMNS)
    rows, seen = [], {}
    for number, cells in table.rows:
        row = _Row(number, cells, table.header, columns)
        record = _check(row, known, today)
        report.errors += row.errors
        report.warnings += row.warnings
        if record is None or row.errors:
            continue
        if record["project_id"] in seen:
            report.errors.append(issue(number, table.header[columns["project_id"]],
                                       record["project_id"], "opération déjà dans ce fichier "
                                       f"(ligne {seen[record['project_id']]}) : un stade par "
                                       "opération et par fichier"))
            continue
        seen[record["project_id"]] = number
        rows.append(record)
    report.valid_rows = len(rows)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["amount_paid_cents"] = frame["amount_paid_cents"].astype("Int64")  # cents, not floats
    return report, frame


def _check(row: _Row, known: pd.DataFrame, today: dt.date) -> dict | None:
    project_id = parsers.cell_text(row.raw("project_id"))
    if project_id not in known.index:
        row.fail("project_id", "opération inconnue : l'identifiant doit être celui d'un projet "
                               "de l'atlas (colonne « Identifiant » du tableau des projets)")
        return None
    project = known.loc[project_id]
    stage = row.parsed("stage", parse_stage, required=True)
    date = row.parsed("date", parsers.parse_date, required=True)
    decision = parsers.cell_text(row.raw("decision_ref")) or None
    paid = row.parsed("amount_paid", parsers.parse_amount)
    comment = parsers.cell_text(row.raw("comment"))[:500]
    if date and date > today:
        row.fail("date", "date dans le futur : un stade se note quand il est atteint")
    if stage == "votée" and not decision and _blank(project.get("decision_ref")):
        row.fail("decision_ref" if "decision_ref" in row.columns else "stage",
                 "référence de la décision obligatoire pour une opération votée")
    amount = project.get("amount_cents")
    if paid is not None and not _blank(amount) and paid > int(amount):
        row.fail("amount_paid", "montant versé supérieur au montant de l'opération")
    if None in (stage, date) or row.errors:
        return None
    current = project.get("stage")
    if not _blank(current) and stage != "abandonnée" and ORDER.get(stage, 0) < ORDER.get(current, 0):
        row.warn("stage", f"retour en arrière : l'opération était « {current} »")
    if stage == "soldée" and paid is None and _blank(project.get("amount_paid_cents")):
        row.warn("stage", "opération soldée sans montant versé")
    return {"row": row.number, "project_id": project_id, "stage": stage,
            "stage_date": date.isoformat(), "decision_ref": decision,
            "amount_paid_cents": paid, "comment": comment}


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA \
        or (isinstance(value, str) and value in ("", "None", "nan"))
