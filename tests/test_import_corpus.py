"""Each file of tests/corpus gives exactly the expected report: which rows and columns are in
error (the set must match, nothing more, nothing less), with a reason naming the problem.

The corpus is written by tests/corpus/build_corpus.py; tests/corpus/README.md says what it
covers and what it does not.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo.model import schemas
from geo.importer.report import Report, issue
from geo.importer.validate import validate_bytes

CORPUS = Path(__file__).resolve().parent / "corpus"

# file -> (rows, valid rows, {(row, column): fragment of the French reason})
FILE_ERRORS = {
    "empty.csv": "fichier vide",
    "blank_only.csv": "fichier vide",
    "header_only.csv": "aucune ligne de données",
    "binary.bin": "fichier binaire",
    "truncated.xlsx": "XLSX tronqué ou endommagé",
    "html_export.xls": "page HTML",
    "old_excel.xls": "Excel 97-2003",
    "document.pdf": "PDF",
    "not_geojson.json": "pas un GeoJSON",
    "truncated.geojson": "JSON illisible",
    "bad_utf8_bom.csv": "se déclare UTF-8",
    "archive.zip": "archive ZIP",
}

ROW_ERRORS = {
    "good_utf8_semicolon.csv": (7, 7, {}),
    "good_utf8_bom_comma.csv": (3, 3, {}),
    "good_cp1252.csv": (2, 2, {}),
    "good_latin1.csv": (2, 2, {}),
    "good_utf16_tab.txt": (2, 2, {}),
    "good_sep_line.csv": (1, 1, {}),
    "good_title_line.csv": (2, 2, {}),
    "good.xlsx": (3, 3, {}),
    "good.geojson": (3, 3, {}),
    "good_lambert93.gpkg": (3, 3, {}),
    "extra_columns.csv": (1, 1, {}),
    "hostile_names.csv": (4, 4, {}),
    "formulas_cached.xlsx": (3, 3, {}),
    "blank_lines.csv": (3, 2, {(7, "montant"): "négatif"}),
    "formulas_uncalculated.xlsx": (3, 1, {
        (2, "montant"): "formule sans valeur calculée",
        (3, "periode"): "formule sans valeur calculée"}),
    "unknown_communes.csv": (9, 2, {
        (2, "commune"): "commune inconnue dans le Pas-de-Calais",
        (3, "commune"): "vouliez-vous dire : Boulogne-sur-Mer",
        (4, "commune"): "hors du Pas-de-Calais (code INSEE 59350)",
        (5, "commune"): "62000 est un code postal (Arras",
        (6, "commune"): "vouliez-vous dire : Arras",
        (7, "commune"): "code INSEE inconnu",
        (10, "commune"): "commune ou EPCI obligatoire"}),
    "duplicates.csv": (5, 3, {
        (4, None): "doublon de la ligne 2",
        (5, None): "doublon de la ligne 2"}),
    "coordinates_outside.csv": (8, 2, {
        (2, "longitude"): "hors du Pas-de-Calais",
        (3, "longitude"): "hors du Pas-de-Calais",
        (4, "longitude"): "inversées",
        (5, "latitude"): "coordonnée manquante",
        (6, "longitude"): "hors du Pas-de-Calais",
        (7, "longitude"): "nombre illisible"}),
    "geo_outside_and_polygon.geojson": (2, 0, {
        (2, "longitude"): "hors du Pas-de-Calais",
        (3, "longitude"): "un point est attendu"}),
    "impossible_dates.csv": (9, 2, {
        (2, "date_vote"): "il n'y a pas de 31 février 2020",
        (3, "date_vote"): "il n'y a pas de 29 février 2023",
        (5, "date_vote"): "pas de mois 13",
        (6, "date_vote"): "il n'y a pas de 30 février 2020",
        (7, "date_vote"): "deux chiffres",
        (8, "date_vote"): "invraisemblable",
        (9, "date_vote"): "date illisible"}),
    "bad_amounts.csv": (7, 1, {
        (2, "montant"): "négatif",
        (3, "montant"): "invraisemblable",
        (4, "montant"): "illisible",
        (5, "montant"): "centime",
        (6, "montant"): "supérieur au coût total",
        (8, "montant"): "obligatoire"}),
    "bad_categories.csv": (6, 1, {
        (2, "thematique"): "thématique inconnue",
        (3, "periode"): "période inconnue",
        (4, "periode"): "hors de la plage 2015-2030",
        (5, "nature"): "nature inconnue",
        (6, "intitule"): "obligatoire"}),
    "commune_not_in_epci.csv": (6, 3, {
        (2, "epci"): "n'appartient pas à CA de Lens - Liévin mais à CU d'Arras",
        (4, "epci"): "SIREN 123456789",
        (6, "epci"): "EPCI inconnu"}),
    "ragged.csv": (4, 2, {
        (3, None): "ligne trop longue",
        (4, None): "ligne incomplète"}),
    "missing_columns.csv": (1, 0, {
        (None, "montant"): "colonne obligatoire absente",
        (None, "periode"): "colonne obligatoire absente"}),
}


def validate(name: str):
    return validate_bytes((CORPUS / name).read_bytes(), name)


def test_every_corpus_file_has_an_expectation():
    files = {p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix not in (".py", ".md")}
    assert files == set(FILE_ERRORS) | set(ROW_ERRORS)


@pytest.mark.parametrize("name", sorted(FILE_ERRORS))
def test_files_refused_as_a_whole(name):
    report = validate(name).report
    assert not report.ok and report.valid_rows == 0
    assert [e.row for e in report.errors] == [None]
    assert FILE_ERRORS[name] in report.errors[0].message


@pytest.mark.parametrize("name", sorted(ROW_ERRORS))
def test_row_level_errors(name):
    rows, valid, expected = ROW_ERRORS[name]
    result = validate(name)
    report = result.report
    found = {(e.row, e.column): e.message for e in report.errors}
    assert set(found) == set(expected), report.to_json()
    for where, fragment in expected.items():
        assert fragment in found[where], (where, found[where])
    assert (report.rows, report.valid_rows, report.ok) == (rows, valid, not expected)
    assert len(result.projects) == valid
    assert set(result.projects["row"]).isdisjoint(report.invalid_rows)


@pytest.mark.parametrize("name", sorted(n for n, (_, valid, _) in ROW_ERRORS.items() if valid))
def test_valid_rows_fit_the_contract_schema(name):
    """Imported rows have the shape of data/contracts/projects.csv (same pandera schema)."""
    projects = validate(name).projects.copy()
    projects["project_id"] = [f"import-0-{row}" for row in projects["row"]]
    schemas.validate(projects, schemas.PROJECTS, "project_id")
    assert (projects["sources"] == "import").all()
    assert projects["source_refs"].str.fullmatch(rf"{name}:\d+").all()


def values(name: str, column: str) -> list:
    return validate(name).projects[column].tolist()


def test_every_amount_form_of_the_good_file():
    assert values("good_utf8_semicolon.csv", "amount_cents") == [
        30_000_000, 30_000_000, 150_000_000, 144_000_000, 1_000_000_000, 123_456_789, 4_500_000]


def test_encodings_and_separators_give_the_same_text():
    assert values("good_cp1252.csv", "title") == ["Écomusée de l’Œuf",
                                                  "Rénovation énergétique « Éperlecques »"]
    assert values("good_latin1.csv", "title")[0] == "Théâtre à l'italienne"
    assert values("good_utf16_tab.txt", "commune_insee") == ["62041", "62510"]
    assert values("good_utf8_bom_comma.csv", "title")[:2] == ["Halle, marché couvert",
                                                              'Stade "Bollaert" : vestiaires']
    assert values("good_sep_line.csv", "amount_cents") == [350_000_000]


def test_row_numbers_are_the_spreadsheet_ones():
    assert values("blank_lines.csv", "row") == [3, 5]         # blank lines count, as in Excel
    assert values("blank_lines.csv", "title")[1] == "Pôle multi-accueil (petite enfance)"
    assert values("good_title_line.csv", "row") == [4, 5]     # header found on row 3
    assert values("good.xlsx", "row") == [2, 3, 5]            # empty sheet row 4 skipped


def test_xlsx_typed_cells():
    projects = validate("good.xlsx").projects
    assert projects["commune_insee"].tolist() == ["62041", "62498", "62119"]
    assert projects["amount_cents"].tolist() == [30_000_000, 123_456_789, 150_000_000]
    assert projects["date_vote"].tolist() == ["2024-03-12", "2019-11-05", "2023-06-30"]
    assert projects["total_cost_cents"].iloc[0] == 120_000_050


def test_formulas_use_their_computed_value_and_say_so():
    result = validate("formulas_cached.xlsx")
    assert result.projects["amount_cents"].tolist()[0] == 30_000_000
    assert [(w.row, w.column) for w in result.report.warnings] == [(2, "montant"), (3, "periode")]


def test_locations_epci_wide_projects_and_coordinates():
    projects = validate("good_utf8_semicolon.csv").projects.set_index("row")
    assert projects.loc[5, "location_precision"] == "epci"
    assert pd.isna(projects.loc[5, "commune_insee"]) and projects.loc[5, "epci_siren"] == "200033579"
    assert projects.loc[3, "epci_siren"] == "246200364"      # commune in the given EPCI: ok
    assert (projects.loc[6, "longitude"], projects.loc[6, "latitude"]) == (1.858688, 50.951292)
    geo = validate("good_lambert93.gpkg").projects
    assert geo["longitude"].round(4).tolist() == [1.6134, 1.611, 1.577]  # back from Lambert-93


def test_periods_years_and_future_amounts():
    projects = validate("good_utf8_semicolon.csv").projects.set_index("row")
    assert projects.loc[2, ["period", "year"]].tolist() == ["2023-2026", 2024]
    assert projects.loc[7, ["period", "year"]].tolist() == ["à venir", 2027]
    assert projects.loc[7, "amount_a_venir_cents"] == projects.loc[7, "amount_cents"]
    assert pd.isna(projects.loc[2, "amount_a_venir_cents"])
    assert validate("bad_categories.csv").projects["period"].tolist() == ["2019-2021"]  # 2022


def test_unknown_columns_are_kept_aside_with_a_warning():
    result = validate("extra_columns.csv")
    assert {w.column for w in result.report.warnings} == {"Commentaire interne", "Référent"}
    assert result.kept_aside[2] == {"Commentaire interne": "à relancer", "Référent": "M. Dupont"}


def test_hostile_names_are_kept_verbatim():
    assert values("hostile_names.csv", "title") == [
        "<img src=x onerror=alert(1)>", '<script>alert("x")</script>',
        '=HYPERLINK("http://example.invalid","clic")', "'; DROP TABLE projects; --"]


def test_a_far_point_is_only_a_warning():
    report = validate("coordinates_outside.csv").report
    assert [(w.row, w.column) for w in report.warnings] == [(9, "longitude")]
    assert "hors de la commune Arras" in report.warnings[0].message


def test_the_report_download_is_excel_safe():
    report = Report(rows=1, errors=[issue(2, "intitule", '=HYPERLINK("http://x")', "essai"),
                                    issue(3, "montant", "-5 €", "montant négatif")])
    text = report.to_csv_bytes().decode("utf-8-sig")
    assert text.splitlines()[1:] == ["erreur;2;intitule;\"'=HYPERLINK(\"\"http://x\"\")\";essai",
                                     "erreur;3;montant;'-5 €;montant négatif"]


def test_a_user_mapping_overrides_the_guess():
    data = "Nom;Somme;Lieu;Domaine;Quand\nSalle;300 000 €;Arras;Sport;2024\n".encode()
    guessed = validate_bytes(data, "x.csv")
    assert not guessed.report.ok
    assert {e.column for e in guessed.report.errors} == {"intitule", "montant", "periode"}
    mapping = {0: "intitule", 1: "montant", 2: "commune", 3: "thematique", 4: "periode"}
    assert validate_bytes(data, "x.csv", mapping).report.ok
    both = validate_bytes(data, "x.csv", {**mapping, 3: "montant"})
    assert any("deux colonnes" in e.message for e in both.report.errors)
