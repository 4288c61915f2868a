"""Data downloads of the filtered project table: CSV for French Excel, XLSX, GeoJSON and
GeoPackage (QGIS).

- CSV: UTF-8 with BOM, ``;`` separator, decimal comma, CRLF line ends: Excel in French
  opens it with accents and numbers right.
- CSV and XLSX cells that a spreadsheet would read as a formula (starting with ``=``,
  ``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``.
- GeoJSON / GeoPackage: one point per project (the mairie of its commune, WGS 84);
  projects without a known commune are kept with an empty geometry.

Amounts are written in euros from the integer cents of the data layer, never through a
float in CSV (``52357,20``).
"""
from __future__ import annotations

import datetime as dt
import io

import geopandas as gpd
import pandas as pd

from geo.analysis import filters
from geo.model import style
from geo.export import mime
from geo.analysis.aggregate import served_epci
from geo.model.amounts import format_eur
from geo.export.paper import french_date

DATA_FORMATS = ("csv", "xlsx", "geojson", "gpkg")
MIME = mime.TABLE
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# data-layer column -> (spreadsheet header, GIS field name, kind)
COLUMNS = [
    ("project_id", "Identifiant", "identifiant", "text"),
    ("title", "Projet", "projet", "text"),
    ("commune_nom", "Commune", "commune", "text"),
    ("commune_insee", "Code INSEE", "code_insee", "text"),
    ("epci_nom", "Intercommunalité", "epci", "text"),
    ("epci_sirens_list", "SIREN de l'intercommunalité", "siren_epci", "text"),
    ("theme", "Thématique", "thematique", "text"),
    ("period", "Période", "periode", "text"),
    ("nature", "Nature", "nature", "text"),
    ("amount_cents", "Montant Département (€)", "montant_eur", "cents"),
    ("amount_rule", "Origine du montant", "origine_montant", "text"),
    ("amount_a_venir_cents", "Part « à venir » (€)", "a_venir_eur", "cents"),
    ("total_cost_cents", "Coût total (€)", "cout_total_eur", "cents"),
    ("period_rule", "Origine de la période", "origine_periode", "text"),
    ("year", "Année", "annee", "int"),
    ("maitre_ouvrage", "Maître d'ouvrage", "maitre_ouvrage", "text"),
    ("location_precision", "Localisation", "localisation", "text"),
    ("lon", "Longitude (mairie)", "longitude", "float"),
    ("lat", "Latitude (mairie)", "latitude", "float"),
    ("source_refs", "Sources (document:lignes)", "sources", "text"),
    ("source_citations", "Sources (citations)", "citations", "text"),
    ("corrections", "Corrections des agents", "corrections", "text"),
]


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _present(projects: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    return [c for c in COLUMNS if c[0] in projects.columns]


def prepared(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct project, with every EPCI it serves in one cell (a project
    shared by several EPCI is one row: the amounts of the table add up to the total)."""
    if "epci_siren" not in projects:
        return projects
    return projects.assign(epci_sirens_list=served_epci(projects).str.join(", "))


# ---------------------------------------------------------------------------------------
# CSV

def _cents_fr(cents) -> str:
    """``5235720`` -> ``"52357,20"``; whole euros without decimals; empty when unknown."""
    if cents is None or pd.isna(cents):
        return ""
    cents = int(cents)
    sign, cents = ("-" if cents < 0 else ""), abs(cents)
    euros, rest = divmod(cents, 100)
    return f"{sign}{euros}" + (f",{rest:02d}" if rest else "")


def _float_fr(value) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.6f}".replace(".", ",")


def _int_text(value) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def csv_bytes(projects: pd.DataFrame) -> bytes:
    """The table for French Excel: UTF-8 with BOM, ``;``, decimal comma, CRLF."""
    projects = prepared(projects)
    columns = _present(projects)
    out = pd.DataFrame(index=projects.index)
    for key, header, _, kind in columns:
        values = projects[key]
        if kind == "cents":
            out[header] = values.map(_cents_fr)
        elif kind == "float":
            out[header] = values.map(_float_fr)
        elif kind == "int":
            out[header] = values.map(_int_text)
        else:
            out[header] = values.map(lambda v: "" if v is None or pd.isna(v) else neutralise(
                str(v)))
    text = out.to_csv(sep=";", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


# ---------------------------------------------------------------------------------------
# XLSX

def xlsx_bytes(projects: pd.DataFrame, description: str = "", date: dt.date | None = None,
               covers: str = "") -> bytes:
    """A workbook with the table (numbers as numbers, euros formatted) and a second sheet
    stating the filters and the sources."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    sheet = wb.active
    sheet.title = "Projets"
    projects = prepared(projects)
    columns = _present(projects)
    sheet.append([header for _, header, _, _ in columns])
    for _, row in projects.iterrows():
        sheet.append([_xlsx_value(row[key], kind) for key, _, _, kind in columns])
    for k, (_, header, _, kind) in enumerate(columns, start=1):
        letter = get_column_letter(k)
        sheet.column_dimensions[letter].width = min(max(len(header) + 2, 12), 48)
        sheet.cell(1, k).font = Font(bold=True)
        if kind in ("cents", "float"):
            fmt = "#,##0.00\\ \"€\"" if kind == "cents" else "0.000000"
            for cell in sheet[letter][1:]:
                cell.number_format = fmt
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _about_sheet(wb.create_sheet("À propos"), projects, description, date, covers)
    wb.properties.creator = style.PRODUCER
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value, kind: str):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "cents":
        return int(value) / 100
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    return neutralise(str(value))


def _about_sheet(sheet, projects: pd.DataFrame, description: str, date: dt.date | None,
                 covers: str = "") -> None:
    total = format_eur(projects["amount_cents"].sum()) if len(projects) else "0 €"
    rows = [
        ("Atlas de l'investissement du Département du Pas-de-Calais", ""),
        ("Filtres", description or "Aucun filtre"),
        ("Projets", len(projects)),
        ("Projets sans montant dans le texte", int(projects["amount_cents"].isna().sum())),
        ("Montant Département connu (total)", total),
        ("Ce que couvre le total", covers or "montants donnés par les sources ; un projet "
                                             "sans montant n'est pas compté (jamais 0 €)"),
        ("Export du", french_date(date or dt.date.today())),
        ("Sources", style.ATTRIBUTION),
        ("Références", "« document:lignes » : lignes de la copie texte du recueil des actes "
                       "(data/sources/seeds)."),
    ]
    for label, value in rows:
        sheet.append([label, neutralise(value) if isinstance(value, str) else value])
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100


# ---------------------------------------------------------------------------------------
# GeoJSON / GeoPackage

def gis_frame(projects: pd.DataFrame) -> gpd.GeoDataFrame:
    """Projects with French field names, euros as decimals, a point per located project."""
    columns = _present(projects)
    data = {}
    for key, _, field, kind in columns:
        values = projects[key]
        if kind == "cents":
            data[field] = values.astype("Float64") / 100
        elif kind == "int":
            data[field] = values.astype("Int64")
        elif kind == "float":
            data[field] = values.astype(float)
        else:
            data[field] = values.astype(object).where(values.notna(), None)
    frame = pd.DataFrame(data).reset_index(drop=True)
    if not {"lon", "lat"} <= set(projects.columns):
        return gpd.GeoDataFrame(frame, geometry=[None] * len(frame), crs=4326)
    located = (projects["lon"].notna() & projects["lat"].notna()).to_numpy()
    points = gpd.points_from_xy(projects["lon"].fillna(0), projects["lat"].fillna(0))
    geometry = [point if ok else None for point, ok in zip(points, located)]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)


def geojson_bytes(projects: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    gis_frame(projects).to_file(buffer, driver="GeoJSON", engine="pyogrio",
                                layer_options={"RFC7946": "YES", "WRITE_NAME": "NO"})
    return buffer.getvalue()


def gpkg_bytes(projects: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    gis_frame(projects).to_file(buffer, driver="GPKG", layer="projets", engine="pyogrio")
    return buffer.getvalue()


def export_table(projects: pd.DataFrame, fmt: str, flt: filters.ProjectFilter | None = None,
                 epci_names: dict[str, str] | None = None, date: dt.date | None = None,
                 covers: str = "") -> bytes:
    """``projects`` (already filtered) in ``fmt`` (csv, xlsx, geojson, gpkg)."""
    if fmt == "csv":
        return csv_bytes(projects)
    if fmt == "xlsx":
        description = filters.describe(flt, epci_names) if flt is not None else ""
        return xlsx_bytes(projects, description, date, covers)
    if fmt == "geojson":
        return geojson_bytes(projects)
    if fmt == "gpkg":
        return gpkg_bytes(projects)
    raise ValueError(f"format de données inconnu : « {fmt} » (attendu : "
                     f"{', '.join(DATA_FORMATS)})")
