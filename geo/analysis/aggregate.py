"""Totals the app and the exports show: per EPCI, per commune, per inhabitant.

All sums are over integer cents (main amounts only; the "à venir" part of a label is a
separate column and never added). Population is the 2023 population légale of the
communes in Pas-de-Calais, so per-inhabitant figures of the two inter-départemental EPCI
relate to their part in the département.
"""
from __future__ import annotations

import pandas as pd


def totals(projects: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Count and sum of main amounts (cents) grouped by ``by`` (e.g. "epci_siren",
    ["epci_siren", "theme"])."""
    keys = [by] if isinstance(by, str) else list(by)
    grouped = projects.groupby(keys, dropna=False, sort=True)
    out = grouped.agg(
        count=("project_id", "size"),
        amount_cents=("amount_cents", lambda s: int(s.fillna(0).sum())),
        amount_a_venir_cents=("amount_a_venir_cents", lambda s: int(s.fillna(0).sum())),
        amount_known=("amount_cents", "count"),
    )
    return out.reset_index()


def served_epci(projects: pd.DataFrame) -> pd.Series:
    """The SIRENs of the EPCI each project serves, its own first (``epci_sirens``: Rezo
    Pouce, Euralens serve several; an imported row has only ``epci_siren``)."""
    sirens = (projects["epci_sirens"].fillna(projects["epci_siren"])
              if "epci_sirens" in projects else projects["epci_siren"])
    return sirens.str.split(";")


def by_each_epci(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per (project, EPCI it serves): a project shared by several EPCI counts in
    each of them. Sum over this frame per EPCI, never for the département (there each
    project counts once)."""
    return projects.assign(epci_siren=served_epci(projects)).explode("epci_siren")


def totals_by_epci(projects: pd.DataFrame, epci: pd.DataFrame) -> pd.DataFrame:
    """One row per EPCI of ``epci`` (all 20, zero where no project), with per-inhabitant
    amount in euros (``eur_per_inhabitant``). A shared project counts in each of its EPCI
    (:func:`by_each_epci`), so these rows may add up to more than the département total."""
    base = epci[["epci_siren", "nom", "population_62"]].copy()
    sums = totals(by_each_epci(projects), "epci_siren")
    out = base.merge(sums, on="epci_siren", how="left")
    for column in ("count", "amount_cents", "amount_a_venir_cents", "amount_known"):
        out[column] = out[column].fillna(0).astype("int64")
    out["eur_per_inhabitant"] = out["amount_cents"] / 100 / out["population_62"]
    return out


def totals_by_commune(projects: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Projects located at commune level, summed per commune (others are not counted)."""
    located = projects[projects["location_precision"] == "commune"]
    sums = totals(located, "commune_insee").rename(columns={"commune_insee": "code_insee"})
    out = communes[["code_insee", "nom", "population", "epci_siren"]].merge(
        sums, on="code_insee", how="inner")
    out["eur_per_inhabitant"] = out["amount_cents"] / 100 / out["population"]
    return out


def pivot_themes(projects: pd.DataFrame, index: str = "epci_siren") -> pd.DataFrame:
    """Amount (cents) per ``index`` × theme, zeros filled."""
    table = totals(projects, [index, "theme"]).pivot(index=index, columns="theme",
                                                      values="amount_cents")
    return table.fillna(0).astype("int64")


def department_average(wide: pd.DataFrame) -> pd.Series:
    """Département reference for each key figure: the mean over the EPCI that report it
    (the figures are per-EPCI totals, so this is "an average EPCI")."""
    return wide.mean(numeric_only=True, skipna=True)
