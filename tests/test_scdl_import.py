"""SCDL « Subventions » 2.1.1 files (tests/corpus/scdl, described in its README.md): the exact
report of each one (row as in the spreadsheet, column as the file writes it, value, French
reason), through ``validate_bytes`` and through ``python -m geo validate --json``; and the
project rows of the valid ones (place, amount, period and generation, theme, stage)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from geo.importer.validate import validate_bytes
from geo.scdl import schema

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus" / "scdl"
GOOD = "bon.csv"

UNPLACED = "ni une commune ni un EPCI du Pas-de-Calais"
TO_CLASS = "thématique « à classer » : aucune règle ne s'applique"
SHAPE = "SIRET de 14 chiffres attendu (SIREN à 9 chiffres + NIC à 5 chiffres"
KEY = "SIRET invalide : la clé de contrôle est fausse"
RANGE = "valeur entre 0.01 et 1 attendue"
TOO_LONG = "texte trop long (257 caractères, 256 au plus)"
# Warnings of the good file: its association (RNA only) and its syndicate are not placed,
# nothing classes the syndicate's « Programme d'actions 2025 ».
GOOD_WARNINGS = [(6, "rnaBeneficiaire", "W623001234", UNPLACED),
                 (7, "idBeneficiaire", "78123456700019", UNPLACED),
                 (7, "objet", "Programme d'actions 2025", TO_CLASS)]


def corpus_cell(name: str, row: int, column: str) -> str:
    """A cell of a corpus file as written (row numbered as in the spreadsheet)."""
    records = list(csv.DictReader(io.StringIO((CORPUS / name).read_text("utf-8"))))
    return records[row - 2][column]


def shown(text: str) -> str:
    """A value as the report shows it: 200 characters, then « … »."""
    return text if len(text) <= 200 else text[:200] + "…"


def validate(name: str):
    return validate_bytes((CORPUS / name).read_bytes(), name)


def assert_issues(found, expected) -> None:
    """``found`` Issues are exactly ``expected`` (row, column, value, message fragment)."""
    got = [(i.row, i.column, i.value, i.message) for i in found]
    assert [g[:3] for g in got] == [e[:3] for e in expected], got
    for (_, _, _, message), (*_, fragment) in zip(got, expected):
        assert fragment in message, (message, fragment)


def assert_report(report, ok, rows, valid_rows, errors, warnings=()) -> None:
    assert (report.ok, report.rows, report.valid_rows) == (ok, rows, valid_rows)
    assert_issues(report.errors, errors)
    assert_issues(report.warnings, list(warnings))


# --- one file per rule, each broken once (row 2 is a good row, row 3 the broken one) ----

ROW_ERRORS = {
    "siret-beneficiaire-13-chiffres.csv": ("idBeneficiaire", "2000626770001", SHAPE),
    "siret-attribuant-13-chiffres.csv": ("idAttribuant", "2262000120001", SHAPE),
    "siret-beneficiaire-cle.csv": ("idBeneficiaire", "20006267700015", KEY),
    "siret-attribuant-cle.csv": ("idAttribuant", "22620001200013", KEY),
    "date-inexistante.csv": ("dateConvention", "2024-02-30",
                             "date inexistante : le calendrier n'a pas de 2024-02-30"),
    "date-jj-mm-aaaa.csv": ("dateConvention", "15/03/2024",
                            "date au format JJ/MM/AAAA : le schéma veut AAAA-MM-JJ, soit "
                            "2024-03-15"),
    "periode-mal-ecrite.csv": ("datesPeriodeVersement", "2023-09-01 au 2024-08-31",
                               "date AAAA-MM-JJ ou période AAAA-MM-JJ/AAAA-MM-JJ attendue"),
    "periode-date-inexistante.csv": ("datesPeriodeVersement", "2023-09-01/2024-02-30",
                                     "date inexistante dans la période : 2024-02-30"),
    "nature-hors-liste.csv": ("nature", "subvention",
                              "valeur hors liste ; valeurs admises : aide en numéraire ; "
                              "aide en nature"),
    "conditions-trop-longues.csv": (
        "conditionsVersement",
        shown(corpus_cell("conditions-trop-longues.csv", 3, "conditionsVersement")), TOO_LONG),
    "objet-trop-long.csv": ("objet", shown(corpus_cell("objet-trop-long.csv", 3, "objet")),
                            TOO_LONG),
    "montant-virgule.csv": ("montant", "1 000,50", "nombre attendu, point décimal, sans espace"),
    "montant-nan.csv": ("montant", "NaN", "« NaN » ou « infini » n'est pas une valeur"),
    "montant-negatif.csv": ("montant", "-180000.50", "montant négatif"),
    "pourcentage-zero.csv": ("pourcentageSubvention", "0", RANGE),
    "pourcentage-trop-grand.csv": ("pourcentageSubvention", "1.5", RANGE),
    "notification-ue.csv": ("notificationUE", "peut-être", "« oui » ou « non » attendu"),
    "rna-mal-forme.csv": ("rnaBeneficiaire", "W62300123",
                          "numéro RNA attendu : W suivi de 9 chiffres"),
    "sans-identifiant.csv": ("idBeneficiaire", None,
                             "bénéficiaire sans identifiant : renseignez son SIRET "
                             "(idBeneficiaire) ou, pour une association, son numéro RNA"),
    "autre-attribuant.csv": ("idAttribuant", "20005374200017",
                             "attribuant autre que le Département du Pas-de-Calais (SIREN "
                             "226200012)"),
}


@pytest.mark.parametrize("name", sorted(ROW_ERRORS))
def test_a_rule_broken_once_gives_one_error_on_its_row_and_column(name):
    column, value, fragment = ROW_ERRORS[name]
    result = validate(name)
    assert_report(result.report, False, 2, 1, [(3, column, value, fragment)])
    assert result.projects["row"].tolist() == [2]     # the good row is still valid


def test_the_broken_long_texts_really_are_257_characters():
    assert len(corpus_cell("objet-trop-long.csv", 3, "objet")) == 257
    assert len(corpus_cell("conditions-trop-longues.csv", 3, "conditionsVersement")) == 257


def test_a_missing_required_column_is_a_file_error_naming_it():
    result = validate("colonne-absente.csv")
    assert_report(result.report, False, 2, 0, [
        (None, "dateConvention", None,
         "colonne obligatoire absente : dateConvention (Date de la convention de subvention), "
         "exigée par le schéma SCDL Subventions 2.1.1")])
    assert result.projects.empty


def test_a_duplicate_row_is_refused_naming_the_first():
    result = validate("doublon.csv")
    assert_report(result.report, False, 3, 2, [
        (4, None, None, "doublon de la ligne 2 (même attribuant, date, décision, "
                        "bénéficiaire et objet)")])
    assert result.projects["row"].tolist() == [2, 3]


def test_an_unknown_commune_in_the_commune_column_names_the_column_as_written():
    result = validate("colonne-commune-inconnue.csv")
    assert_report(result.report, False, 1, 0,
                  [(2, "Commune", "Atlantide", "commune inconnue dans le Pas-de-Calais")],
                  [(None, "Commune", None, "lue comme la commune du bénéficiaire")])


def test_a_row_filled_only_outside_the_schema_is_one_error():
    data = (CORPUS / "colonne-commune.csv").read_bytes() + ("," * 16 + "Arras\r\n").encode()
    assert_report(validate_bytes(data, "t.csv").report, False, 4, 3,
                  [(5, None, None, "ligne sans aucune valeur dans les colonnes du schéma SCDL")],
                  [(None, "Commune", None, "lue comme la commune du bénéficiaire"),
                   (3, "objet", "Programme d'actions 2025", TO_CLASS)])


# --- the good file, in every encoding and as a workbook ----------------------------------

PLACES = {   # row: (commune_insee, epci_siren, location_precision, partner_kind)
    2: ("62041", "200033579", "commune", "commune"),      # Arras
    3: ("62471", "200069037", "commune", "commune"),      # Bellinghem, commune nouvelle
    4: ("62119", "200072460", "commune", "commune"),      # Béthune, shifted SIREN
    5: (None, "200069672", "epci", "epci"),               # CC du Ternois
    6: (None, None, "inconnue", "association"),           # RNA only
    7: (None, None, "inconnue", "syndicat"),              # outside the table
}
WHAT = {     # row: (amount_cents, period, generation, theme, fund)
    2: (25_000_000, "2023-2026", "2023-2026", "Culture", "FIT"),        # médiathèque
    3: (18_000_050, "2023-2026", "2023-2026", "Sport", None),           # terrain synthétique
    4: (20_000_000, "2019-2021", "2019-2021", "Aménagement", "FARDA"),  # 400 000 × 0.5, 2022
    5: (6_000_000, "2023-2026", "2023-2026", "Aménagement", None),      # mobilité
    6: (2_400_000, "2023-2026", "2023-2026", "Culture", None),          # lecture
    7: (3_500_000, "2023-2026", "2023-2026", "à classer", None),
}


def by_row(projects) -> dict:
    return {int(r["row"]): r for r in projects.to_dict("records")}


def text_or_none(value):
    return None if value is None or value != value else value


def test_the_good_file_is_valid_and_every_row_is_where_its_siren_says():
    result = validate(GOOD)
    assert_report(result.report, True, 6, 6, [], GOOD_WARNINGS)
    rows = by_row(result.projects)
    assert sorted(rows) == sorted(PLACES)
    for number, (insee, epci, precision, kind) in PLACES.items():
        r = rows[number]
        got = (text_or_none(r["commune_insee"]), text_or_none(r["epci_siren"]),
               r["location_precision"], r["partner_kind"])
        assert got == (insee, epci, precision, kind), number


def test_amount_period_generation_theme_fund_and_stage_of_the_good_file():
    rows = by_row(validate(GOOD).projects)
    for number, (cents, period, generation, theme, fund) in WHAT.items():
        r = rows[number]
        assert (r["amount_cents"], r["period"], r["generation"], r["theme"],
                text_or_none(r["fund"])) == (cents, period, generation, theme, fund), number
        date = corpus_cell(GOOD, number, "dateConvention")
        assert (r["stage"], r["stage_date"], r["convention_date"], r["year"]) == \
            ("conventionnée", date, date, int(date[:4]))
        assert text_or_none(r["decision_ref"]) == (
            corpus_cell(GOOD, number, "referenceDecision") or None)
    assert "2022-317" in rows[4]["generation_rule"]         # 2022: counted « en 4 années »
    assert rows[4]["amount_rule"] == "montant 400000 € × pourcentageSubvention 0.5"
    assert "aucune règle" in rows[7]["theme_rule"]


def test_project_ids_are_distinct_and_keep_the_original_row():
    projects = validate(GOOD).projects
    ids = projects["project_id"].tolist()
    assert len(set(ids)) == 6 and all(re.fullmatch(r"SUB-[0-9a-f]{12}", i) for i in ids)
    originals = list(csv.DictReader(io.StringIO((CORPUS / GOOD).read_text("utf-8"))))
    assert [json.loads(s) for s in projects["scdl"]] == originals


def key_columns(projects):
    columns = ["row", "project_id", "commune_insee", "epci_siren", "location_precision",
               "amount_cents", "period", "generation", "theme", "stage", "partner_id"]
    return projects[columns].astype(object).where(projects[columns].notna(), None) \
        .to_dict("records")


@pytest.mark.parametrize("name, notes", [
    ("bon-point-virgule-bom.csv", []),
    ("bon-cp1252.csv", [(None, None, None, "fichier lu en encodage Windows-1252")]),
])
def test_the_good_file_with_semicolons_bom_or_windows_encoding_reads_the_same(name, notes):
    data = (CORPUS / name).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == ("bom" in name)
    assert data.splitlines()[0].count(b";") == 15
    result = validate(name)
    assert_report(result.report, True, 6, 6, [], notes + GOOD_WARNINGS)
    assert key_columns(result.projects) == key_columns(validate(GOOD).projects)
    assert result.projects["title"].tolist() == validate(GOOD).projects["title"].tolist()


def good_workbook() -> bytes:
    """The good file as an XLSX: dates as date cells, amounts and shares as numbers, one
    SIRET typed as a number (as Excel does when nobody formats the column as text)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(schema.names())
    for record in csv.DictReader(io.StringIO((CORPUS / GOOD).read_text("utf-8"))):
        cells = dict(record)
        cells["dateConvention"] = dt.date.fromisoformat(record["dateConvention"])
        if "/" not in record["datesPeriodeVersement"]:
            cells["datesPeriodeVersement"] = dt.date.fromisoformat(
                record["datesPeriodeVersement"])
        cells["montant"] = float(record["montant"])
        cells["pourcentageSubvention"] = float(record["pourcentageSubvention"])
        if record["nomBeneficiaire"] == "Commune d'Arras":
            cells["idBeneficiaire"] = int(record["idBeneficiaire"])
        sheet.append([cells[n] for n in schema.names()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_good_file_as_a_workbook_with_date_cells_reads_the_same():
    data = good_workbook()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["C2"].is_date and sheet["L3"].is_date          # really typed dates
    assert isinstance(sheet["I3"].value, float) and isinstance(sheet["F2"].value, int)
    result = validate_bytes(data, "bon.xlsx")
    assert result.kind == "xlsx"
    assert_report(result.report, True, 6, 6, [], GOOD_WARNINGS)
    assert key_columns(result.projects) == key_columns(validate(GOOD).projects)
    scdl = [json.loads(s) for s in result.projects["scdl"]]
    assert scdl[0]["dateConvention"] == "2024-03-15" and scdl[1]["montant"] == "180000.5"
    assert scdl[1]["datesPeriodeVersement"] == "2023-09-01"


def test_a_workbook_date_that_is_text_in_the_french_format_is_refused():
    data = good_workbook()
    book = openpyxl.load_workbook(io.BytesIO(data))
    book.active["C3"] = "12/06/2023"
    out = io.BytesIO()
    book.save(out)
    assert_report(validate_bytes(out.getvalue(), "bon.xlsx").report, False, 6, 5,
                  [(3, "dateConvention", "12/06/2023", "soit 2023-06-12")], GOOD_WARNINGS)


# --- beneficiaries: RNA only, EPCI, commune nouvelle, a « commune » column --------------

def test_a_beneficiary_by_rna_only_is_valid_listed_without_place_with_a_warning():
    result = validate("association-rna.csv")
    assert_report(result.report, True, 1, 1, [],
                  [(2, "rnaBeneficiaire", "W623001234",
                    "subvention listée « sans lieu », pas sur la carte")])
    (row,) = result.projects.to_dict("records")
    assert text_or_none(row["commune_insee"]) is None and text_or_none(row["epci_siren"]) is None
    assert (row["location_precision"], row["partner_kind"], row["partner_id"]) == \
        ("inconnue", "association", "W623001234")


def test_an_epci_beneficiary_is_placed_over_its_epci():
    result = validate("epci.csv")
    assert_report(result.report, True, 1, 1, [])
    (row,) = result.projects.to_dict("records")
    assert (text_or_none(row["commune_insee"]), row["epci_siren"], row["location_precision"],
            row["partner_kind"]) == (None, "200069672", "epci", "epci")
    assert "SIREN 200069672" in row["location_evidence"]


def test_a_commune_nouvelle_is_found_by_its_own_siren_not_by_its_insee_code():
    result = validate("commune-nouvelle.csv")
    assert_report(result.report, True, 1, 1, [])
    (row,) = result.projects.to_dict("records")
    assert (row["commune_insee"], row["epci_siren"], row["location_precision"]) == \
        ("62471", "200069037", "commune")
    assert "SIREN 200062677" in row["location_evidence"] and "Bellinghem" in \
        row["location_evidence"]
    assert not row["partner_id"].startswith("2162471")     # not « 21 » + INSEE


def test_a_commune_column_places_associations_and_the_siren_still_places_communes():
    result = validate("colonne-commune.csv")
    assert_report(result.report, True, 3, 3, [], [
        (None, "Commune", None, "colonne hors schéma SCDL : lue comme la commune du "
                                "bénéficiaire"),
        (3, "objet", "Programme d'actions 2025", TO_CLASS)])
    rows = by_row(result.projects)
    got = {n: (r["commune_insee"], r["epci_siren"], r["location_precision"], r["partner_kind"])
           for n, r in rows.items()}
    assert got == {2: ("62767", "200069672", "commune", "association"),   # by name
                   3: ("62119", "200072460", "commune", "syndicat"),      # by INSEE code
                   4: ("62041", "200033579", "commune", "commune")}       # by its SIREN
    assert rows[2]["location_evidence"] == "SCDL : colonne commune « Saint-Pol-sur-Ternoise »"
    assert "SIREN 216200410" in rows[4]["location_evidence"]


# --- themes from the documented rules ----------------------------------------------------

def good_with(**changes) -> bytes:
    """The good file's first row alone, with some fields changed."""
    record = next(csv.DictReader(io.StringIO((CORPUS / GOOD).read_text("utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, schema.names(), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow({**record, **changes})
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("objet, dispositif, theme, warning", [
    ("Construction d'une médiathèque", "", "Culture", None),
    ("Terrain synthétique du stade", "", "Sport", None),
    ("Extension de l'école maternelle", "", "Education", None),
    ("Création d'une crèche", "", "Solidarité", None),
    ("Aide au projet communal", "Fonds d'équipements sportifs", "Sport", None),
    ("Terrain de sport et médiathèque", "", "Sport",
     "thématique Sport retenue par la première règle ; l'objet évoque aussi Culture"),
    ("Rénovation de la salle des fêtes", "", "à classer", TO_CLASS),
])
def test_theme_comes_from_the_rules_or_is_to_be_classed_with_a_warning(objet, dispositif,
                                                                     theme, warning):
    result = validate_bytes(good_with(objet=objet, dispositifAide=dispositif), "t.csv")
    assert_report(result.report, True, 1, 1, [],
                  [(2, "objet", objet, warning)] if warning else [])
    assert result.projects["theme"].tolist() == [theme]


@pytest.mark.parametrize("montant, share, cents", [
    ("250000", "1", 25_000_000), ("180000.50", "0.5", 9_000_025), ("100000", "0.333", 3_330_000),
    ("47800.20", "0.45", 2_151_009),
])
def test_amount_is_montant_times_the_share_in_cents(montant, share, cents):
    result = validate_bytes(good_with(montant=montant, pourcentageSubvention=share), "t.csv")
    assert result.report.ok
    assert result.projects["amount_cents"].tolist() == [cents]


@pytest.mark.parametrize("montant, error, warning", [
    ("1e20", "montant invraisemblable : plus de 100 M€", None),
    ("inf", "« NaN » ou « infini » n'est pas une valeur", None),
    ("0", None, "montant nul"),
])
def test_amounts_the_schema_lets_through_but_the_atlas_cannot_count(montant, error, warning):
    report = validate_bytes(good_with(montant=montant), "t.csv").report
    assert_report(report, error is None, 1, 0 if error else 1,
                  [(2, "montant", montant, error)] if error else [],
                  [(2, "montant", montant, warning)] if warning else [])


# --- the same reports through the command line --------------------------------------------

@pytest.mark.parametrize("name, code", [(GOOD, 0), ("date-inexistante.csv", 1),
                                        ("colonne-absente.csv", 1)])
def test_the_command_line_prints_the_same_report_and_exit_code(name, code, tmp_path):
    done = subprocess.run([sys.executable, "-m", "geo", "validate", str(CORPUS / name), "--json"],
                          cwd=REPO, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO),
                               "ATLAS_STORE_DIR": str(tmp_path)})
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout) == validate(name).report.to_dict()
