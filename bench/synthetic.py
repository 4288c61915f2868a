"""Synthetic project tables for the benchmark: the shipped projects, ``factor`` times over.

Each copy of a shipped row gets a new ``project_id`` and a random real commune of the
887 (its INSEE code and the SIREN of its EPCI, from ``data/territory/communes_detail.geojson``),
``location_precision`` "commune", a random theme and period among the valid values, and an
amount drawn from the real amounts. The seed is fixed: the same factor gives the same file.
The app reads the file through ``ATLAS_PROJECTS_CSV`` (see ``geo/data/contracts.py``).

    .venv/bin/python -m bench.synthetic 100 /tmp/projects_100x.csv
"""
from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.data.contracts import read_table
from geo.model.paths import CONTRACTS, TERRITORY
from geo.model.schemas import PERIODS, THEMES

SHIPPED_PROJECTS = CONTRACTS / "projects.csv"
COMMUNES = TERRITORY / "communes_detail.geojson"
SEED = 20190529          # the recueil's month: fixed, so every run benchmarks the same data


def synthetic_projects(factor: int, seed: int = SEED) -> pd.DataFrame:
    """``factor`` copies of every shipped row, spread over the real communes."""
    if factor < 1:
        raise ValueError(f"facteur de multiplication invalide : {factor} (attendu ≥ 1)")
    shipped = read_table(SHIPPED_PROJECTS)
    communes = gpd.read_file(COMMUNES, engine="pyogrio")[["code_insee", "epci_siren"]]
    rng = np.random.default_rng(seed + factor)
    out = pd.concat([shipped] * factor, ignore_index=True)
    n = len(out)
    picked = communes.iloc[rng.integers(0, len(communes), n)].reset_index(drop=True)
    amounts = shipped["amount_cents"].dropna().to_numpy()
    out["project_id"] = [f"S{factor}-{i:06d}" for i in range(n)]
    out["commune_insee"] = picked["code_insee"].astype(str).to_numpy()
    out["epci_siren"] = picked["epci_siren"].astype(str).to_numpy()
    out["epci_sirens"] = out["epci_siren"]
    out["location_precision"] = "commune"
    out["location_evidence"] = "synthétique (banc de mesure)"
    out["theme"] = rng.choice(THEMES, n)
    out["period"] = rng.choice(PERIODS, n)
    out["amount_cents"] = rng.choice(amounts, n)
    return out


def write_synthetic(factor: int, path: Path, seed: int = SEED) -> Path:
    """Write the synthetic table as a CSV the app's loader accepts; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    synthetic_projects(factor, seed).to_csv(path, index=False, encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage : python -m bench.synthetic FACTEUR FICHIER.csv")
    print(write_synthetic(int(sys.argv[1]), Path(sys.argv[2])))
