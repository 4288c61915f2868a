"""Data downloads (geo.export.tables): CSV for French Excel, XLSX, GeoJSON and GeoPackage
of the filtered project table, with formula cells neutralised."""
from __future__ import annotations

import io
import re

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.atlas import Atlas
from geo.export import tables
from geo.analysis.filters import ProjectFilter

SEPT_VALLEES = "200044030"
ATTACKS = ['=HYPERLINK("http://evil.example","clic")', "+33 1 23", "-2+3", "@SUM(A1)",
           "\tcaché", "\rretour"]


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


@pytest.fixture(scope="module")
def projects(atlas) -> pd.DataFrame:
    return atlas.projects_for(ProjectFilter(epci=SEPT_VALLEES))


def hostile(projects: pd.DataFrame) -> pd.DataFrame:
    """Real rows whose titles are formula injections (a synthetic frame)."""
    rows = projects.head(len(ATTACKS)).copy()
    rows["title"] = ATTACKS
    rows["maitre_ouvrage"] = "=1+1"
    return rows


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig",
                       dtype={"Code INSEE": str, "SIREN de l'intercommunalité": str})


def test_csv_is_for_french_excel(projects):
    data = tables.csv_bytes(projects)
    assert data.startswith(b"\xef\xbb\xbf")                 # UTF-8 BOM
    header = data[3:].split(b"\r\n")[0].decode("utf-8")
    assert header.startswith("Identifiant;Projet;Commune;") and "Montant Département (€)" in header
    back = read_csv(data)
    assert len(back) == len(projects)
    assert back["Montant Département (€)"].sum() * 100 == projects["amount_cents"].sum()
    located = back.dropna(subset=["Longitude (mairie)"])
    assert len(located) and 1.3 < located["Longitude (mairie)"].iloc[0] < 3.3
    assert re.search(rb";[12],\d{6};50,\d{6};", data)      # decimal comma in coordinates
    # every row serves the 7 Vallées; a shared project lists every EPCI it serves, once
    sirens = back["SIREN de l'intercommunalité"].str.split(", ")
    assert all(SEPT_VALLEES in each for each in sirens)
    shared = back[sirens.map(len) > 1]
    assert "Soutien au dispositif Rezo Pouce" in set(shared["Projet"])


def test_departement_csv_has_one_row_per_project_and_adds_up(atlas):
    """The export keeps one row per distinct project (a shared project once, listing all
    its EPCI): its amounts add up to the summary's projects.amount_eur."""
    from geo.analysis.summary import build_summary

    back = read_csv(tables.export_table(atlas.projects_for(ProjectFilter()), "csv"))
    assert back["Identifiant"].is_unique and len(back) == len(atlas.projects)
    assert back["Montant Département (€)"].sum() == build_summary()["projects"]["amount_eur"]
    rezo = back[back["Projet"] == "Soutien au dispositif Rezo Pouce"].iloc[0]
    assert rezo["SIREN de l'intercommunalité"] == "200069029, 200044030, 200069235"
    # no amount where the text gives none: an empty cell, never 0
    assert back["Montant Département (€)"].isna().sum() == atlas.projects["amount_cents"].isna().sum()
    assert (back["Montant Département (€)"] != 0).all()
    assert set(back["Période"]) <= {"2015-2018", "2019-2021", "à venir", "non daté"}


def test_csv_amounts_keep_cents_without_float_noise():
    frame = pd.DataFrame({"project_id": ["a", "b"], "title": ["x", "y"],
                          "amount_cents": pd.array([5_235_720, 100_000_000], dtype="Int64")})
    text = tables.csv_bytes(frame).decode("utf-8-sig")
    assert "a;x;52357,20\r\n" in text and "b;y;1000000\r\n" in text


def test_csv_neutralises_formula_cells(projects):
    back = read_csv(tables.csv_bytes(hostile(projects)))
    assert list(back["Projet"]) == ["'" + a for a in ATTACKS]
    assert set(back["Maître d'ouvrage"]) == {"'=1+1"}


def test_xlsx_neutralises_formulas_and_keeps_numbers(projects, atlas):
    frame = pd.concat([hostile(projects), projects])
    data = tables.xlsx_bytes(frame, "Filtres actifs — EPCI : CC des 7 Vallées")
    book = load_workbook(io.BytesIO(data))
    sheet = book["Projets"]
    header = [c.value for c in sheet[1]]
    title_col = header.index("Projet") + 1
    amount_col = header.index("Montant Département (€)") + 1
    cells = [sheet.cell(row, title_col) for row in range(2, 2 + len(ATTACKS))]
    # (XML stores a lone carriage return as a line feed: compare modulo that)
    assert [c.value for c in cells] == ["'" + a.replace("\r", "\n") for a in ATTACKS]
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    amounts = [sheet.cell(r, amount_col).value for r in range(2, sheet.max_row + 1)]
    assert sum(a for a in amounts if a is not None) * 100 == pytest.approx(
        frame["amount_cents"].sum())
    about = {row[0].value: row[1].value for row in book["À propos"].iter_rows()}
    assert about["Filtres"].startswith("Filtres actifs")
    assert about["Sources"].startswith("Sources : IGN")


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_gis_files_open_with_points_and_french_fields(projects, fmt, tmp_path):
    path = tmp_path / f"projets.{fmt}"
    path.write_bytes(tables.export_table(projects, fmt))
    back = gpd.read_file(path)
    assert len(back) == len(projects)
    assert back.crs.to_epsg() == 4326
    assert {"projet", "commune", "thematique", "montant_eur", "sources"} <= set(back.columns)
    located = projects["lon"].notna().sum()
    assert back.geometry.notna().sum() == located and located > 0
    assert back["montant_eur"].sum() * 100 == pytest.approx(projects["amount_cents"].sum())


def test_tables_follow_the_filters(atlas):
    flt = ProjectFilter(themes=("Sport",))
    back = read_csv(tables.export_table(atlas.projects_for(flt), "csv", flt))
    assert len(back) == (atlas.projects["theme"] == "Sport").sum() > 0
    assert set(back["Thématique"]) == {"Sport"}


def test_empty_selection_still_gives_valid_files(projects, tmp_path):
    empty = projects.iloc[:0]
    assert read_csv(tables.csv_bytes(empty)).empty
    path = tmp_path / "vide.gpkg"
    path.write_bytes(tables.gpkg_bytes(empty))
    assert gpd.read_file(path).empty


def test_unknown_format_is_refused(projects):
    with pytest.raises(ValueError, match="format de données inconnu"):
        tables.export_table(projects, "ods")
