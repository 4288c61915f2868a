"""The staff corrections kept in the store, applied to the projects they correct.

A corrections file (a filled-in "Points à vérifier", validated by
:mod:`geo.importer.corrections`) is stored as a version; :func:`apply` gives the projects
with its rows applied, each saying who corrected what and why.
"""
from __future__ import annotations

import pandas as pd

# The fields a correction may change, as the staff read them
FIELD_NAMES = {"period": "Période", "theme": "Thématique", "nature": "Nature",
               "commune_insee": "Commune", "amount_cents": "Montant"}


def apply(projects: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """``projects`` with each correction applied (rows of ``Store.corrections``: the last
    one of a field wins), saying so in the rule column of the field and in the
    ``corrections`` column (French, for the tables and exports)."""
    if corrections.empty:
        return projects
    out = projects.copy()
    notes: dict[str, list[str]] = {}
    index = {pid: i for i, pid in zip(out.index, out["project_id"])}
    for c in corrections.itertuples():
        if c.project_id not in index:
            continue
        i = index[c.project_id]
        said = f"correction des agents (version {c.version}, {c.who}" + \
            (f" : {c.reason})" if c.reason else ")")
        if c.field == "amount_cents":
            out.at[i, "amount_cents"] = int(c.value)
            out.at[i, "amount_rule"] = said
        else:
            out.at[i, c.field] = c.value
            rule = {"period": "period_rule", "theme": "theme_rule", "nature": "nature_rule",
                    "commune_insee": "location_evidence"}[c.field]
            out.at[i, rule] = said
            if c.field == "commune_insee":
                out.at[i, "location_precision"] = "commune"
        notes.setdefault(c.project_id, []).append(f"{FIELD_NAMES[c.field]} : {said}")
    out["corrections"] = out["project_id"].map(lambda p: " ; ".join(notes.get(p, [])) or None)
    return out
