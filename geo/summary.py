"""``python -m geo summary --json``: the data in figures, one JSON object.

Used by the README's "what is in the data" section and by other tools. Amounts are in
euros (main amounts only: the "à venir" part of a map label is never included).
"""
from __future__ import annotations

import pandas as pd

from geo import contracts, territory
from geo.schemas import PRESENCE_KINDS

SOURCE_KINDS = ("map_label", "fiche_action", "deliberation")


def _euros(cents: int) -> int | float:
    return cents // 100 if cents % 100 == 0 else cents / 100


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def source_summary(sources: pd.DataFrame, projects: pd.DataFrame) -> dict:
    """Count and amount of the distinct projects found in one source, also per EPCI."""
    distinct = sources.drop_duplicates(["project_id"]).merge(
        projects[["project_id", "epci_siren"]], on="project_id", how="left")
    amounts = distinct["amount_cents"].fillna(0).astype("int64")
    by_epci = {}
    for siren, group in distinct.assign(cents=amounts).groupby("epci_siren", sort=True):
        by_epci[siren] = {"count": int(len(group)), "amount_eur": _euros(int(group["cents"].sum()))}
    return {"count": int(len(distinct)), "amount_eur": _euros(int(amounts.sum())),
            "by_epci": by_epci}


def build_summary() -> dict:
    communes = territory.load_communes()
    groupings = contracts.load_groupings()
    presence = contracts.load_presence()
    projects = contracts.load_projects()
    sources = contracts.load_project_sources()
    grands = {name: sorted(group["epci_siren"])
              for name, group in groupings.groupby("grand_territoire", sort=True)}
    presence_counts = presence["kind"].value_counts()
    by_source = {kind: source_summary(sources[sources["source_kind"] == kind], projects)
                 for kind in SOURCE_KINDS}
    wide = contracts.key_figures_wide()
    key_figures = {siren: {k: _number(v) for k, v in row.dropna().items()}
                   for siren, row in wide.sort_index().iterrows()}
    return {
        "communes": int(len(communes)),
        "epcis": int(communes["epci_siren"].nunique()),
        "population": int(communes["population"].sum()),
        "grands_territoires": grands,
        "presence": {kind: int(presence_counts.get(kind, 0)) for kind in PRESENCE_KINDS},
        "projects": {
            "count": int(len(projects)),
            "amount_eur": _euros(int(projects["amount_cents"].fillna(0).sum())),
            "by_source": by_source,
        },
        "key_figures": key_figures,
    }
