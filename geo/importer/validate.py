"""Validate an import file row by row and build the project rows of the valid ones.

``validate_bytes(data, file_name)`` never raises: whatever the bytes, the outcome is a
``Validation`` whose ``report`` names each problem (row as in the spreadsheet, column as
the user wrote it, the value, a French reason) and whose ``projects`` holds the valid rows
in the project schema (:data:`geo.store.rows.ALL_COLUMNS`).
"""
from __future__ import annotations

import hashlib
import re

import pandas as pd

from geo.analysis import generations
from geo.importer import corrections, parsers, stages
from geo.importer.follow_up import validate_scdl, validate_stages
from geo.importer.mapping import duplicate_columns, guess_mapping, missing_columns
from geo.importer.readers import FileProblem, Table, read_table
from geo.importer.referential import Territory, territory
from geo.importer.report import Issue, Report, issue
from geo.importer.schema import COLUMN_LABELS
from geo.importer.validation import Validation
from geo.model.names import normalize_name
from geo.scdl.schema import is_scdl_header
from geo.store.rows import empty_projects, projects_frame

MIN_TITLE, MAX_TITLE = 2, 300
FAR_FROM_COMMUNE_DEG = 0.02  # about 1.5 to 2 km


def clean_file_name(name: object) -> str:
    """The uploaded name as a label only: last path part, no control characters, short."""
    text = re.split(r"[\\/]", str(name or ""))[-1]
    text = re.sub(r"[\x00-\x1f\x7f]", "", text).strip() or "fichier"
    return text[:120]


def validate_bytes(data: bytes, file_name: str = "", mapping: dict[int, str] | None = None,
                   ) -> Validation:
    """Validate ``data``; ``mapping`` ({column index: canonical}) overrides the guess."""
    name = clean_file_name(file_name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        table = read_table(data)
    except FileProblem as problem:
        return _file_failure(name, digest, str(problem))
    except Exception as exc:  # a reader bug must still give a report, not a traceback
        return _file_failure(name, digest, f"fichier illisible (erreur interne {type(exc).__name__})")
    try:
        if corrections.columns_of(table.header) is not None:
            return _validate_corrections(table, name, digest)
        if stages.columns_of(table.header) is not None:
            from geo.atlas import projects_in_force
            from geo.store import current_import_version
            projects, _ = projects_in_force(current_import_version())
            return validate_stages(table, name, digest, projects)
        if is_scdl_header(table.header) and mapping is None:
            return validate_scdl(table, name, digest)
        return _validate_table(table, name, digest, mapping)
    except Exception as exc:
        return _file_failure(name, digest, f"erreur interne de validation ({type(exc).__name__})")


def _file_failure(name: str, digest: str, message: str) -> Validation:
    report = Report(errors=[issue(None, None, None, message)])
    return Validation(name, digest, report, empty_projects())


def _validate_corrections(table: Table, name: str, digest: str) -> Validation:
    """A filled-in "Points à vérifier" file: corrections of shipped projects' fields."""
    from geo.data.contracts import load_projects

    from geo.store import Store, current_import_version

    shipped = load_projects()
    known = dict(zip(shipped["project_id"], shipped["epci_siren"]))
    version = current_import_version()
    if version is not None:     # the imported subsidies may be corrected too (their theme)
        imported = Store().projects(version)
        known.update(zip(imported["project_id"], imported["epci_siren"].fillna("")))
    report, rows = corrections.validate_table(table, known)
    return Validation(name, digest, report, empty_projects(), table.header, {}, table.kind,
                      corrections=rows, content="corrections")


def _validate_table(table: Table, name: str, digest: str, mapping: dict[int, str] | None,
                    ) -> Validation:
    mapping = dict(guess_mapping(table.header) if mapping is None else mapping)
    report = Report(rows=len(table.rows))
    report.warnings += [issue(None, None, None, note) for note in table.notes]
    report.warnings += _column_warnings(table, mapping)
    result = Validation(name, digest, report, empty_projects(), table.header, mapping, table.kind)
    report.errors += _mapping_errors(table, mapping)
    if not table.rows:
        report.errors.append(issue(None, None, None, "aucune ligne de données sous l'en-tête"))
    if report.errors:
        return result
    records = _check_rows(table, mapping, name, report, result.kept_aside)
    result.projects = projects_frame(records)
    report.valid_rows = len(records)
    report.errors.sort(key=lambda e: (e.row or 0,))
    report.warnings.sort(key=lambda w: (w.row or 0,))
    return result


def _mapping_errors(table: Table, mapping: dict[int, str]) -> list[Issue]:
    errors = []
    for column in missing_columns(mapping):
        label = COLUMN_LABELS[column] + (" ou EPCI" if column == "commune" else "")
        errors.append(issue(None, column, None, f"colonne obligatoire absente : {label}"))
    seen: dict[str, int] = {}
    for index, column in sorted(mapping.items()):
        if column in seen:
            errors.append(issue(None, _column_name(table.header, index), None,
                                f"deux colonnes désignent « {column} »"))
        seen[column] = index
    return errors


def _column_warnings(table: Table, mapping: dict[int, str]) -> list[Issue]:
    warnings = []
    doubles = {h for h, _ in duplicate_columns(table.header, mapping)}
    for index, header in enumerate(table.header):
        if index in mapping:
            continue
        has_values = any(index < len(c) and not parsers.is_blank(c[index]) for _, c in table.rows)
        if not header and not has_values:
            continue
        reason = ("colonne en double : seule la première est utilisée, celle-ci est "
                  "conservée à part" if header in doubles
                  else "colonne non reconnue : conservée à part, non importée")
        warnings.append(issue(None, _column_name(table.header, index), None, reason))
    return warnings


def _column_name(header: list[str], index: int) -> str:
    if index < len(header) and header[index]:
        return header[index]
    return f"colonne {index + 1} (sans en-tête)"


def _check_rows(table: Table, mapping: dict[int, str], file_name: str, report: Report,
                kept_aside: dict[int, dict[str, str]]) -> list[dict]:
    land = territory()
    cell_errors = _cell_issues(table, table.cell_errors)
    report.warnings += [w for items in _cell_issues(table, table.cell_notes).values() for w in items]
    records, seen = [], {}
    for number, cells in table.rows:
        checker = RowCheck(number, cells, table.header, mapping, land)
        record = checker.run(ragged_allowed=table.kind != "csv")
        damaged = cell_errors.get(number, [])
        hidden = {e.column for e in damaged}  # a formula without value: say that, not "missing"
        errors = [e for e in checker.errors if e.column not in hidden] + damaged
        report.errors += errors
        report.warnings += checker.warnings
        if record is None or errors:
            continue
        key = _duplicate_key(record)
        if key in seen:
            report.errors.append(issue(number, None, None, f"doublon de la ligne {seen[key]} "
                                       "(même intitulé, lieu, montant et période)"))
            continue
        seen[key] = number
        record["source_refs"] = f"{file_name}:{number}"
        kept_aside[number] = checker.extras
        records.append(record)
    return records


def _cell_issues(table: Table, cells: list[tuple[int, int, str, str]]) -> dict[int, list[Issue]]:
    """Problems the reader found in single cells (formulas, geometries), by row."""
    found: dict[int, list[Issue]] = {}
    for row, col, value, message in cells:
        found.setdefault(row, []).append(issue(row, _column_name(table.header, col), value, message))
    return found


def _duplicate_key(record: dict) -> tuple:
    return (normalize_name(record["title"]), record["commune_insee"], record["epci_siren"],
            record["amount_cents"], record["amount_a_venir_cents"], record["period"], record["year"])


class RowCheck:
    """Checks one row; collects its errors and warnings; builds its project record."""

    def __init__(self, number: int, cells: list[object], header: list[str],
                 mapping: dict[int, str], land: Territory) -> None:
        self.number, self.cells, self.header = number, cells, header
        self.mapping, self.land = mapping, land
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.extras: dict[str, str] = {}
        self.columns = {canonical: index for index, canonical in mapping.items()}

    def run(self, ragged_allowed: bool) -> dict | None:
        if not ragged_allowed and not self._width_ok():
            return None
        self._keep_extras()
        record = self._fields()
        location = self._location()
        if self.errors or record is None or location is None:
            return None
        record.update(location)
        return record

    # --- helpers ------------------------------------------------------------------------

    def _width_ok(self) -> bool:
        width, n = len(self.header), len(self.cells)
        extra = [c for c in self.cells[width:] if not parsers.is_blank(c)]
        if n < width:
            self._row_error(f"ligne incomplète : {n} cellules au lieu de {width} "
                            "(séparateur manquant ou guillemet non fermé ?)")
        elif extra:
            self._row_error(f"ligne trop longue : {width + len(extra)} cellules remplies au lieu de "
                            f"{width} (séparateur dans une valeur non entourée de guillemets ?)")
        else:
            return True
        return False

    def _row_error(self, message: str) -> None:
        self.errors.append(issue(self.number, None, None, message))

    def _keep_extras(self) -> None:
        for index, value in enumerate(self.cells[:len(self.header)]):
            if index not in self.mapping and not parsers.is_blank(value):
                self.extras[_column_name(self.header, index)] = parsers.cell_text(value)

    def raw(self, column: str) -> object:
        index = self.columns.get(column)
        return None if index is None or index >= len(self.cells) else self.cells[index]

    def parse(self, column: str, parser, *, required: bool = False, **kwargs):
        """parser(raw value), or None; a ValueError becomes an error naming row and column."""
        value = self.raw(column)
        if parsers.is_blank(value):
            if required:
                self.error(column, value, "valeur obligatoire manquante")
            return None
        try:
            return parser(value, **kwargs)
        except ValueError as exc:
            self.error(column, value, str(exc))
            return None

    def error(self, column: str, value: object, message: str) -> None:
        self.errors.append(issue(self.number, self._header_of(column),
                                 None if value is None else parsers.cell_text(value), message))

    def warn(self, column: str | None, value: object, message: str) -> None:
        self.warnings.append(issue(self.number, self._header_of(column) if column else None,
                                   None if value is None else parsers.cell_text(value), message))

    def _header_of(self, column: str) -> str:
        index = self.columns.get(column)
        return column if index is None else _column_name(self.header, index)

    # --- fields ---------------------------------------------------------------------------

    def _fields(self) -> dict | None:
        title = self.parse("intitule", parsers.parse_text, required=True, max_length=MAX_TITLE)
        if title is not None and len(title) < MIN_TITLE:
            self.error("intitule", self.raw("intitule"),
                       f"intitulé trop court ({MIN_TITLE} caractères au moins)")
            title = None
        amount = self.parse("montant", parsers.parse_amount, required=True)
        theme = self.parse("thematique", parsers.parse_theme, required=True)
        period_year = self.parse("periode", parsers.parse_period, required=True)
        nature = self.parse("nature", parsers.parse_nature) or "non précisé"
        owner = self.parse("maitre_ouvrage", parsers.parse_text) or ""
        note = self.parse("source", parsers.parse_text) or ""
        voted = self.parse("date_vote", parsers.parse_date)
        total = self.parse("cout_total", parsers.parse_amount, maximum=parsers.MAX_TOTAL_COST_CENTS)
        if amount is not None and total is not None and amount > total:
            self.error("montant", self.raw("montant"), "montant supérieur au coût total du projet")
        if amount == 0:
            self.warn("montant", self.raw("montant"), "montant nul")
        if None in (title, amount, theme, period_year):
            return None
        period, year = period_year
        return {
            "title": title, "theme": theme, "theme_rule": "import : colonne thématique",
            "period": period, "nature": nature, **_amount_columns(period, amount),
            "period_rule": f"import : {'année ' + str(year) if year else 'colonne période'}",
            "nature_rule": "import : " + ("colonne nature" if self.raw("nature") else "non renseignée"),
            "year": year if year is not None else (voted.year if voted else None),
            "maitre_ouvrage": owner, "total_cost_cents": total, "calendar_start": None,
            "calendar_end": None, "sources": "import", "source_note": note,
            "date_vote": voted.isoformat() if voted else None, "row": self.number,
            **dict(zip(("generation", "generation_rule"),
                       generations.of_project(period, year if year else (voted.year if voted else None)))),
        }

    def _location(self) -> dict | None:
        commune = self.parse("commune", self.land.resolve_commune)
        epci = self.parse("epci", self.land.resolve_epci)
        if parsers.is_blank(self.raw("commune")) and parsers.is_blank(self.raw("epci")):
            self.error("commune", None, "commune ou EPCI obligatoire")
            return None
        if commune and epci and commune.epci_siren != epci.siren:
            home = self.land.epcis.get(commune.epci_siren)
            self.error("epci", self.raw("epci"), f"la commune {commune.name} n'appartient pas à "
                       f"{epci.name} mais à {home.name if home else commune.epci_siren}")
        point = self._point(commune)
        if self.errors:
            return None
        where = (f"import : commune « {parsers.cell_text(self.raw('commune'))} »" if commune
                 else f"import : EPCI « {parsers.cell_text(self.raw('epci'))} »")
        return {
            "epci_siren": commune.epci_siren if commune else epci.siren,
            "epci_sirens": commune.epci_siren if commune else epci.siren,
            "commune_insee": commune.code if commune else None,
            "location_precision": "commune" if commune else "epci",
            "location_evidence": where,
            "longitude": point[0] if point else None, "latitude": point[1] if point else None,
        }

    def _point(self, commune) -> tuple[float, float] | None:
        x, y = self.raw("longitude"), self.raw("latitude")
        if parsers.is_blank(x) and parsers.is_blank(y):
            return None
        if parsers.is_blank(x) or parsers.is_blank(y):
            missing = "longitude" if parsers.is_blank(x) else "latitude"
            self.error(missing, None, "coordonnée manquante : longitude et latitude vont ensemble")
            return None
        try:
            lon, lat, _crs = self.land.to_wgs84(x, y)
            self.land.check_in_departement(lon, lat)
        except ValueError as exc:
            self.error("longitude", f"{parsers.cell_text(x)} ; {parsers.cell_text(y)}", str(exc))
            return None
        if commune and self.land.distance_to_commune_deg(commune.code, lon, lat) > FAR_FROM_COMMUNE_DEG:
            self.warn("longitude", f"{parsers.cell_text(x)} ; {parsers.cell_text(y)}",
                      f"point situé hors de la commune {commune.name}")
        return lon, lat


def _amount_columns(period: str, cents: int) -> dict:
    """``amount_cents`` always; for "à venir" the whole amount is also its "part à venir"
    (as in the contracts, where ``amount_a_venir_cents`` is the future part of the amount)."""
    return {"amount_cents": cents, "amount_a_venir_cents": cents if period == "à venir" else None}
