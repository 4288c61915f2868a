"""Validate an SCDL « Subventions » table against the shipped schema, row by row.

The schema's own rules (types, required values, patterns, lists, bounds) are run by
``frictionless`` on the cells as read by :mod:`geo.importer.readers` (so ``;`` or ``,``,
a BOM, Windows encodings and XLSX files are all accepted); its custom checks and the
dates of a payment period by :mod:`geo.scdl.checks`. The outcome has the shape of every
import report (:class:`geo.importer.report.Report`): spreadsheet row, the column as the
file names it, the value and a French message.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from geo.importer import parsers
from geo.importer.mapping import canonical_of
from geo.importer.readers import Table
from geo.importer.report import Issue, Report, issue
from geo.scdl import checks, schema


@dataclass
class ScdlRows:
    """The report, and the valid rows as {schema field: text} with their row number."""

    report: Report
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    communes: dict[int, str] = field(default_factory=dict)   # row -> "commune" cell
    extras: dict[int, dict[str, str]] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)    # schema field -> header
    # (and "commune" -> the header of the « commune » column when there is one)


def validate_table(table: Table) -> ScdlRows:
    fields = schema.header_fields(table.header)
    columns = {name: table.header[i] for i, name in fields.items()}
    report = Report(rows=len(table.rows))
    result = ScdlRows(report, columns=columns)
    report.warnings += [issue(None, None, None, note) for note in table.notes]
    report.errors += _file_errors(table, fields)
    commune_col = _commune_column(table.header, fields)
    if commune_col is not None:     # its errors name the column as the file does
        columns["commune"] = table.header[commune_col]
    report.warnings += _extra_columns(table, fields, commune_col)
    if not table.rows:
        report.errors.append(issue(None, None, None, "aucune ligne de données sous l'en-tête"))
    if report.errors:
        return result
    texts = [(n, _row_texts(cells, fields)) for n, cells in table.rows]
    by_row: dict[int, list[Issue]] = {}
    for item in _schema_issues(texts, columns) + _custom_issues(texts, columns):
        found = by_row.setdefault(item.row, [])
        # one message per cell: frictionless may give two (minimum and maximum of a NaN)
        if item.column is None or all(f.column != item.column for f in found):
            found.append(item)
    text_of = dict(texts)
    for number, cells in table.rows:
        found = by_row.get(number, [])
        report.errors += found
        if found:
            continue
        result.rows.append((number, dict(text_of[number])))
        if commune_col is not None and commune_col < len(cells) \
                and not parsers.is_blank(cells[commune_col]):
            result.communes[number] = parsers.cell_text(cells[commune_col])
        result.extras[number] = _extras(table.header, cells, fields, commune_col)
    report.valid_rows = len(result.rows)
    return result


def _file_errors(table: Table, fields: dict[int, str]) -> list[Issue]:
    present = set(fields.values())
    errors = [issue(None, name, None, f"colonne obligatoire absente : {name} "
                    f"({schema.spec(name).title}), exigée par le schéma SCDL Subventions "
                    f"{schema.VERSION}")
              for name in schema.required_names() if name not in present]
    if not present & set(schema.BENEFICIARY_IDS):
        errors.append(issue(None, "idBeneficiaire", None, "colonne obligatoire absente : "
                            "idBeneficiaire (SIRET) ou rnaBeneficiaire (RNA) identifie le "
                            "bénéficiaire"))
    for index, cell in enumerate(table.header):
        name = schema.header_fields([cell]).get(0)
        if name and fields.get(index) != name:
            errors.append(issue(None, cell, None, f"deux colonnes désignent « {name} »"))
    return errors


def _commune_column(header: list[str], fields: dict[int, str]) -> int | None:
    """A column outside the schema naming the commune (code INSEE or name) places a
    beneficiary that is neither a commune nor an EPCI."""
    return next((i for i, cell in enumerate(header)
                 if i not in fields and canonical_of(cell) == "commune"), None)


def _extra_columns(table: Table, fields: dict[int, str], commune_col: int | None
                   ) -> list[Issue]:
    out = []
    for index, cell in enumerate(table.header):
        if index in fields or not cell:
            continue
        reason = ("colonne hors schéma SCDL : lue comme la commune du bénéficiaire"
                  if index == commune_col else
                  "colonne hors schéma SCDL : conservée à part, non importée")
        out.append(issue(None, cell, None, reason))
    return out


def _row_texts(cells: list[object], fields: dict[int, str]) -> dict[str, str]:
    """{schema field: cell as text}; fields absent from the file are empty."""
    texts = {name: "" for name in schema.names()}
    for index, name in fields.items():
        texts[name] = _text(cells[index]) if index < len(cells) else ""
    return texts


def _text(value: object) -> str:
    """A cell as the schema reads it: spreadsheet dates as AAAA-MM-JJ, numbers as typed."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return parsers.cell_text(value)


def _extras(header: list[str], cells: list[object], fields: dict[int, str],
            commune_col: int | None) -> dict[str, str]:
    return {header[i] or f"colonne {i + 1}": parsers.cell_text(c)
            for i, c in enumerate(cells[:len(header)])
            if i not in fields and i != commune_col and not parsers.is_blank(c)}


def _schema_issues(texts: list[tuple[int, dict[str, str]]], columns: dict[str, str]
                   ) -> list[Issue]:
    """frictionless on the rows (header = the schema's names, so only values are judged)."""
    from frictionless import Resource, Schema   # imported on first SCDL file only

    names = schema.names()
    data = [names] + [[t[n] for n in names] for _, t in texts]
    resource = Resource(data=data, schema=Schema.from_descriptor(schema.table_schema()))
    report = resource.validate(limit_errors=10 ** 6)
    out = []
    for row_number, name, kind, cell in report.flatten(["rowNumber", "fieldName", "type",
                                                        "cell"]):
        if row_number is None:
            continue
        number = texts[row_number - 2][0]
        if kind == "blank-row":    # only columns outside the schema are filled
            out.append(issue(number, None, None, "ligne sans aucune valeur dans les colonnes "
                             "du schéma SCDL"))
        if name is None:
            continue
        out.append(issue(number, columns.get(name, name), cell or None,
                         message(name, kind, cell or "")))
    return out


def _custom_issues(texts: list[tuple[int, dict[str, str]]], columns: dict[str, str]
                   ) -> list[Issue]:
    out = []
    for number, t in texts:
        if not any(t.values()):    # a blank row: frictionless said so, once
            continue
        for name in schema.SIRET_FIELDS:
            problem = checks.siret_problem(t[name]) if t[name] else None
            if problem:
                out.append(issue(number, columns.get(name, name), t[name], problem))
        for name in ("montant", "pourcentageSubvention"):
            problem = checks.finite_problem(t[name]) if t[name] else None
            if problem:
                out.append(issue(number, columns.get(name, name), t[name], problem))
        if not any(t[n] for n in schema.BENEFICIARY_IDS):
            out.append(issue(number, columns.get("idBeneficiaire", "idBeneficiaire"), None,
                             "bénéficiaire sans identifiant : renseignez son SIRET "
                             "(idBeneficiaire) ou, pour une association, son numéro RNA "
                             "(rnaBeneficiaire)"))
        period = t["datesPeriodeVersement"]
        if period and _period_shape_ok(period):
            problem = checks.period_problem(period)
            if problem:
                out.append(issue(number, columns.get("datesPeriodeVersement"), period, problem))
    return out


def _period_shape_ok(text: str) -> bool:
    return re.fullmatch(schema.spec("datesPeriodeVersement").constraints["pattern"]
                        .strip("^$"), text) is not None


_PATTERN_HINTS = {
    "idAttribuant": checks.SIRET_SHAPE,
    "rnaBeneficiaire": "numéro RNA attendu : W suivi de 9 chiffres (par ex. W623001234)",
    "datesPeriodeVersement": "date AAAA-MM-JJ ou période AAAA-MM-JJ/AAAA-MM-JJ attendue",
}
_TYPE_HINTS = {
    "date": "date mal écrite : AAAA-MM-JJ attendu (par ex. 2024-03-15)",
    "number": "nombre attendu, point décimal, sans espace ni symbole (par ex. 47800.20)",
    "boolean": "« oui » ou « non » attendu (en minuscules)",
}


def message(name: str, kind: str, cell: str) -> str:
    """The French message of one frictionless error on field ``name``."""
    spec = schema.spec(name)
    c = spec.constraints
    if kind == "type-error" and spec.type == "date":
        return date_message(cell)
    if kind == "type-error":
        return _TYPE_HINTS.get(spec.type, f"valeur illisible pour « {spec.title} »")
    if not cell.strip() and c.get("required"):
        return "valeur obligatoire manquante"
    if "enum" in c and cell not in c["enum"]:
        return "valeur hors liste ; valeurs admises : " + " ; ".join(c["enum"])
    if "maxLength" in c and len(cell) > c["maxLength"]:
        return f"texte trop long ({len(cell)} caractères, {c['maxLength']} au plus)"
    if "pattern" in c:
        return _PATTERN_HINTS.get(name, f"forme attendue : {c['pattern']}")
    if "minimum" in c or "maximum" in c:
        return (f"valeur entre {c.get('minimum')} et {c.get('maximum')} attendue "
                "(1.00 pour un bénéficiaire unique, 0.45 pour une part de 45 %)")
    return f"valeur refusée par le schéma ({kind})"


def date_message(cell: str) -> str:
    """Why a date cell is refused: a day the calendar lacks, a French JJ/MM/AAAA date
    (with the value to write instead) or anything else."""
    text = cell.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"date inexistante : le calendrier n'a pas de {text} (AAAA-MM-JJ)"
    french = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if french:
        day, month, year = (int(g) for g in french.groups())
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            return f"date inexistante, et au format JJ/MM/AAAA : {_TYPE_HINTS['date']}"
        return f"date au format JJ/MM/AAAA : le schéma veut AAAA-MM-JJ, soit {iso}"
    return _TYPE_HINTS["date"]
