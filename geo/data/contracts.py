"""Loading the contract data, key figures, groupings and presence points, validated.

Every loader reads a shipped CSV produced by the seed importer (``python -m geo
import-seed``), checks it against its schema (:mod:`geo.model.schemas`) and returns typed
frames. Identifiers (INSEE, SIREN) stay strings.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.model import schemas
from geo.model.paths import CONTRACTS, PRESENCE, TERRITORY

# ATLAS_PROJECTS_CSV lets the benchmark run the app on synthetic projects.
PROJECTS_CSV = Path(os.environ.get("ATLAS_PROJECTS_CSV", CONTRACTS / "projects.csv"))
PROJECT_SOURCES_CSV = CONTRACTS / "project_sources.csv"
KEY_FIGURES_CSV = CONTRACTS / "key_figures.csv"
GROUPINGS_CSV = TERRITORY / "epci_groupings.csv"
PRESENCE_CSV = PRESENCE / "presence.csv"
COVERAGE_CSV = CONTRACTS / "coverage.csv"
REVIEW_POINTS_CSV = CONTRACTS / "review_points.csv"


def read_table(path: Path) -> pd.DataFrame:
    """Read a shipped CSV with every column as text (schemas coerce numbers)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                       encoding="utf-8")


@lru_cache(maxsize=1)
def load_projects() -> pd.DataFrame:
    return schemas.validate(read_table(PROJECTS_CSV), schemas.PROJECTS, "project_id")


@lru_cache(maxsize=1)
def load_project_sources() -> pd.DataFrame:
    return schemas.validate(read_table(PROJECT_SOURCES_CSV), schemas.PROJECT_SOURCES,
                            "project_id")


@lru_cache(maxsize=1)
def load_key_figures() -> pd.DataFrame:
    """Long table: one row per (EPCI, indicator) with value, unit, raw text and source."""
    return schemas.validate(read_table(KEY_FIGURES_CSV), schemas.KEY_FIGURES, "epci_siren")


def key_figures_wide() -> pd.DataFrame:
    """One row per EPCI (index: SIREN), one numeric column per indicator."""
    long = load_key_figures()
    numeric = long.dropna(subset=["value"])
    return numeric.pivot(index="epci_siren", columns="indicator", values="value")


@lru_cache(maxsize=1)
def load_coverage() -> pd.DataFrame:
    """What the recueil holds per EPCI (contract, map labels read or lost), index: SIREN."""
    frame = read_table(COVERAGE_CSV)
    frame["contract"] = frame["contract"] == "True"
    frame["comparable"] = frame["comparable"] == "True"
    return schemas.validate(frame, schemas.COVERAGE, "epci_siren").set_index(
        "epci_siren", drop=False)


@lru_cache(maxsize=1)
def load_review_points() -> pd.DataFrame:
    """The points to check (every judgement the data makes), with their evidence."""
    return schemas.validate(read_table(REVIEW_POINTS_CSV), schemas.REVIEW_POINTS, "point_id")


@lru_cache(maxsize=1)
def load_groupings() -> pd.DataFrame:
    return schemas.validate(read_table(GROUPINGS_CSV), schemas.GROUPINGS, "epci_siren")


@lru_cache(maxsize=1)
def load_presence() -> gpd.GeoDataFrame:
    """Presence points (collèges, MDS, MDADT, CIS, CER) as a GeoDataFrame in WGS 84.

    Rows whose position is unknown keep an empty geometry: they are listed, not drawn.
    """
    frame = schemas.validate(read_table(PRESENCE_CSV), schemas.PRESENCE, "presence_id")
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"], crs=4326)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)
