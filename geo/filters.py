"""Filtering the projects: one declarative object shared by the map, the tables, the
figures, the exports and the URL.

``ProjectFilter`` holds the user's choices; ``apply`` returns the projects that match;
``describe`` says in French what is filtered ("Thèmes : Sport, Culture · Période :
2015-2018"). Slugs (``amenagement``, ``solidarite``...) are what the URL carries.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from geo.amounts import format_eur
from geo.names import normalize_name
from geo.schemas import NATURES, PERIODS, THEMES

THEME_SLUGS = {
    "amenagement": "Aménagement",
    "solidarite": "Solidarité",
    "education": "Education",
    "culture": "Culture",
    "sport": "Sport",
}
PERIOD_SLUGS = {"2015-2018": "2015-2018", "2019-2021": "2019-2021", "2023-2026": "2023-2026",
                "a-venir": "à venir", "non-date": "non daté"}
NATURE_SLUGS = {"investissement": "investissement", "fonctionnement": "fonctionnement",
                "non-precise": "non précisé"}
assert set(THEME_SLUGS.values()) == set(THEMES)
assert set(PERIOD_SLUGS.values()) == set(PERIODS)
assert set(NATURE_SLUGS.values()) == set(NATURES)


@dataclass(frozen=True)
class ProjectFilter:
    """Empty tuples / None mean "no restriction"."""

    themes: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    natures: tuple[str, ...] = ()
    epci: str | None = None                 # SIREN
    grand_territoire: str | None = None
    mdadt: str | None = None                # MDADT territory name
    amount_min_cents: int | None = None
    amount_max_cents: int | None = None
    text: str = ""
    # filled by the caller: SIREN -> groupings, INSEE -> commune name (for the text search)
    groupings: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    def with_(self, **changes) -> "ProjectFilter":
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        return not (self.themes or self.periods or self.natures or self.epci
                    or self.grand_territoire or self.mdadt or self.text
                    or self.amount_min_cents is not None or self.amount_max_cents is not None)

    def epci_scope(self, all_epci: list[str]) -> list[str]:
        """SIRENs the territory filters (EPCI, grand territoire, MDADT) leave in view."""
        scope = list(all_epci)
        if self.epci:
            scope = [s for s in scope if s == self.epci]
        if self.groupings is not None:
            g = self.groupings.set_index("epci_siren")
            if self.grand_territoire:
                scope = [s for s in scope if g.at[s, "grand_territoire"] == self.grand_territoire]
            if self.mdadt:
                scope = [s for s in scope if g.at[s, "mdadt_territoire"] == self.mdadt]
        return scope


def apply(projects: pd.DataFrame, flt: ProjectFilter, commune_names: dict[str, str] | None = None
          ) -> pd.DataFrame:
    """Projects matching every restriction of ``flt`` (order kept)."""
    mask = pd.Series(True, index=projects.index)
    if flt.themes:
        mask &= projects["theme"].isin(flt.themes)
    if flt.periods:
        mask &= projects["period"].isin(flt.periods)
    if flt.natures:
        mask &= projects["nature"].isin(flt.natures)
    if flt.epci or flt.grand_territoire or flt.mdadt:
        mask &= _in_scope(projects, flt)
    amounts = projects["amount_cents"]
    if flt.amount_min_cents is not None:
        mask &= amounts.fillna(-1) >= flt.amount_min_cents
    if flt.amount_max_cents is not None:
        mask &= amounts.fillna(-1).le(flt.amount_max_cents) & amounts.notna()
    if flt.text.strip():
        mask &= _text_mask(projects, flt.text, commune_names or {})
    return projects[mask]


def _in_scope(projects: pd.DataFrame, flt: ProjectFilter) -> pd.Series:
    """A project is in a territory when any EPCI it serves is (``epci_sirens``: a project
    shared by several EPCI shows on each EPCI's map and table)."""
    sirens = (projects["epci_sirens"].fillna(projects["epci_siren"])
              if "epci_sirens" in projects else projects["epci_siren"])
    lists = sirens.str.split(";")
    scope = set(flt.epci_scope(sorted({s for each in lists for s in each})))
    return lists.map(lambda each: bool(scope.intersection(each)))


def _text_mask(projects: pd.DataFrame, text: str, commune_names: dict[str, str]) -> pd.Series:
    needle = normalize_name(text)
    haystack = (projects["title"].fillna("") + " " +
                projects["commune_insee"].map(commune_names).fillna("") + " " +
                projects["maitre_ouvrage"].fillna(""))
    return haystack.map(normalize_name).str.contains(needle, regex=False)


def describe(flt: ProjectFilter, epci_names: dict[str, str] | None = None) -> str:
    """French sentence stating what is filtered ("Aucun filtre" when nothing is)."""
    if flt.is_empty:
        return "Aucun filtre : tous les projets sont affichés."
    parts = []
    if flt.epci:
        parts.append(f"EPCI : {(epci_names or {}).get(flt.epci, flt.epci)}")
    if flt.grand_territoire:
        parts.append(f"Grand territoire : {flt.grand_territoire}")
    if flt.mdadt:
        parts.append(f"Territoire MDADT : {flt.mdadt}")
    if flt.themes:
        parts.append("Thèmes : " + ", ".join(flt.themes))
    if flt.periods:
        parts.append("Période : " + ", ".join(flt.periods))
    if flt.natures:
        parts.append("Nature : " + ", ".join(flt.natures))
    if flt.amount_min_cents is not None or flt.amount_max_cents is not None:
        low = format_eur(flt.amount_min_cents or 0)
        high = format_eur(flt.amount_max_cents) if flt.amount_max_cents is not None else "∞"
        parts.append(f"Montant : {low} à {high}")
    if flt.text.strip():
        parts.append(f"Recherche : « {flt.text.strip()} »")
    return "Filtres actifs — " + " · ".join(parts)
