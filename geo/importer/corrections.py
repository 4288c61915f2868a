"""Staff corrections of the points to check: a file ``Identifiant du projet, Champ,
Valeur corrigée[, Raison]`` (the "Points à vérifier" export, filled in), recognised by its
header and validated row by row like every import.

A correction overrides one field of one project of the shipped data (by its id): the
thématique, the période, the nature, the commune (INSEE code or name) or the amount. It is
stored as a version of the import store (:mod:`geo.store`), so it can be undone
by a restore, and the atlas shows the corrected value with who corrected it and why
(:func:`apply`). Rows whose "Valeur corrigée" is empty are the points staff confirmed or
left: they are skipped, not errors.
"""
from __future__ import annotations

import pandas as pd

from geo.importer import parsers
from geo.importer.mapping import corrections_columns as columns_of
from geo.importer.readers import Table
from geo.importer.report import Issue, Report, issue
from geo.model.names import normalize_name
from geo.store.corrections import FIELD_NAMES

COLUMNS = ["row", "project_id", "field", "value", "reason"]
# French label (as exported) or code -> the project column it corrects
FIELDS = {"periode": "period", "period": "period", "thematique": "theme", "theme": "theme",
          "nature": "nature", "commune code insee": "commune_insee", "commune": "commune_insee",
          "commune insee": "commune_insee", "montant": "amount_cents",
          "montant eur": "amount_cents", "amount cents": "amount_cents"}


def validate_table(table: Table, known: dict[str, str]) -> tuple[Report, pd.DataFrame]:
    """Report and valid correction rows; ``known``: project id -> its EPCI SIREN."""
    columns = columns_of(table.header)
    report = Report(rows=len(table.rows))
    rows = []
    for number, cells in table.rows:
        def cell(name: str):
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        if parsers.is_blank(cell("value")):
            continue
        checked = _row(number, cell, known, table.header, columns)
        if isinstance(checked, Issue):
            report.errors.append(checked)
        else:
            rows.append(checked)
    if not rows and not report.errors:
        report.errors.append(issue(None, table.header[columns["value"]], None,
                                   "aucune « Valeur corrigée » remplie : rien à importer"))
    report.valid_rows = len(rows)
    return report, pd.DataFrame(rows, columns=COLUMNS)


def _row(number: int, cell, known: dict[str, str], header: list[str], columns: dict):
    def fail(name: str, value, message: str) -> Issue:
        return issue(number, header[columns[name]], value, message)

    project_id = parsers.cell_text(cell("project_id"))
    if project_id not in known:
        return fail("project_id", project_id, "projet inconnu : l'identifiant doit être celui "
                                              "d'un projet de l'atlas (colonne du fichier "
                                              "« Points à vérifier »)")
    field = FIELDS.get(normalize_name(parsers.cell_text(cell("field"))))
    if field is None:
        return fail("field", cell("field"), "champ non corrigeable ; champs admis : "
                                            + ", ".join(FIELD_NAMES.values()))
    try:
        value = _value(field, cell("value"), known[project_id])
    except ValueError as exc:
        return fail("value", cell("value"), str(exc))
    reason = parsers.cell_text(cell("reason")) if columns.get("reason") is not None else ""
    return {"row": number, "project_id": project_id, "field": field, "value": value,
            "reason": reason[:500]}


def _value(field: str, raw, epci: str) -> str:
    """The corrected value in the data layer's form (text, amounts in cents)."""
    if field == "theme":
        return parsers.parse_theme(raw)
    if field == "period":
        return parsers.parse_period(raw)[0]
    if field == "nature":
        return parsers.parse_nature(raw)
    if field == "amount_cents":
        return str(parsers.parse_amount(raw))
    return _commune(raw, epci)


def _commune(raw, epci: str) -> str:
    from geo.importer.referential import territory

    text = parsers.cell_text(raw)
    land = territory()
    communes = land.communes
    if text in communes:
        code = text
    else:
        codes = land.index.codes(normalize_name(text))
        if len(codes) != 1:
            raise ValueError("commune inconnue : code INSEE ou nom exact d'une commune du "
                             "Pas-de-Calais")
        code = codes[0]
    if communes[code].epci_siren != epci:
        raise ValueError(f"la commune {code} n'est pas dans l'intercommunalité du projet")
    return code
