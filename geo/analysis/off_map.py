"""The projects a livret map cannot place at a commune (EPCI-wide, in one of a few named
communes, or without a commune in the text): listed beside the map, grouped by theme,
with their amounts, on screen and on paper, so that no project is silently left out."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.model import vocabulary
from geo.model.labels import label_text


@dataclass(frozen=True)
class OffMapItem:
    project_id: str
    text: str           # "Soutien au dispositif Rezo Pouce – 40 000 €"
    where: str          # "tout l'EPCI", "une de : Ardres, Guînes", "commune non établie"


def candidate_names(codes, commune_names: dict[str, str]) -> list[str]:
    """The names of a project's candidate communes (``candidate_communes``: INSEE codes
    separated by ``;``, empty or missing when it has none)."""
    if not isinstance(codes, str):
        return []
    return [commune_names.get(c, c) for c in codes.split(";") if c]


def _where(project: pd.Series, commune_names: dict[str, str]) -> str:
    precision = project.get("location_precision")
    if precision == "epci":
        return "tout l'EPCI"
    names = candidate_names(project.get("candidate_communes"), commune_names)
    if precision == "communes candidates" and names:
        return "une de : " + ", ".join(names)
    return "sans commune dans le texte"


def groups(projects: pd.DataFrame, commune_names: dict[str, str], max_chars: int = 60
           ) -> list[tuple[str, list[OffMapItem]]]:
    """(theme, items) in the vocabulary's order, items by amount (largest first)."""
    off = projects[projects["lon"].isna()]
    off = off.sort_values(["amount_cents", "title"], ascending=[False, True],
                          na_position="last", kind="mergesort")
    out = []
    for theme in vocabulary.values(vocabulary.THEMES):
        rows = off[off["theme"] == theme]
        if len(rows):
            out.append((theme, [OffMapItem(p["project_id"],
                                           label_text(p["title"], p["amount_cents"], max_chars),
                                           _where(p, commune_names))
                                for _, p in rows.iterrows()]))
    return out


def count(groups_: list[tuple[str, list[OffMapItem]]]) -> int:
    return sum(len(items) for _, items in groups_)
