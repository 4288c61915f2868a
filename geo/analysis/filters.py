"""Filtering the projects: one declarative object shared by the map, the tables, the
figures, the exports and the URL.

``ProjectFilter`` holds the user's choices (values only: one attribute per filtering
field of :data:`geo.model.view_fields.FIELDS`); ``apply`` returns the projects that match, as
the intersection of one mask per field (:data:`MASKS`); ``describe`` says in French what
is filtered ("Thèmes : Sport, Culture · Période : 2015-2018").
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

import pandas as pd

from geo.model import vocabulary
from geo.analysis.aggregate import served_epci
from geo.model.amounts import format_eur
from geo.model.names import normalize_name
from geo.model.view_fields import FILTER_FIELDS

# URL / command-line slugs of the list fields (from the one vocabulary)
THEME_SLUGS = vocabulary.slugs(vocabulary.THEMES)
PERIOD_SLUGS = vocabulary.slugs(vocabulary.PERIODS)
NATURE_SLUGS = vocabulary.slugs(vocabulary.NATURES)


@dataclass(frozen=True)
class ProjectFilter:
    """Empty tuples / None mean "no restriction"."""

    themes: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    generations: tuple[str, ...] = ()
    natures: tuple[str, ...] = ()
    epci: str | None = None                 # SIREN
    grand_territoire: str | None = None
    mdadt: str | None = None                # MDADT territory name
    amount_min_cents: int | None = None
    amount_max_cents: int | None = None
    text: str = ""

    def with_(self, **changes) -> "ProjectFilter":
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "", ()) for f in fields(self))

    def epci_scope(self, all_epci: list[str], groupings: pd.DataFrame | None = None
                   ) -> list[str]:
        """SIRENs the territory filters (EPCI, grand territoire, MDADT) leave in view
        (``groupings``: the EPCI's grand territoire and MDADT territory)."""
        scope = list(all_epci)
        if self.epci:
            scope = [s for s in scope if s == self.epci]
        if groupings is not None:
            g = groupings.set_index("epci_siren")
            if self.grand_territoire:
                scope = [s for s in scope if g.at[s, "grand_territoire"] == self.grand_territoire]
            if self.mdadt:
                scope = [s for s in scope if g.at[s, "mdadt_territoire"] == self.mdadt]
        return scope


assert [f.name for f in fields(ProjectFilter)] == [
    "themes", "periods", "generations", "natures", "epci", "grand_territoire", "mdadt", "amount_min_cents",
    "amount_max_cents", "text"] and {f.name for f in fields(ProjectFilter)} == {
    f.name for f in FILTER_FIELDS}


@dataclass(frozen=True)
class Context:
    """What filtering needs beyond the projects: the EPCI groupings, the commune names."""

    groupings: pd.DataFrame | None = None
    commune_names: dict[str, str] | None = None


def _territory(projects: pd.DataFrame, flt: ProjectFilter, ctx: Context) -> pd.Series:
    lists = served_epci(projects)      # a shared project is in each EPCI it serves
    scope = set(flt.epci_scope(sorted({s for each in lists for s in each}), ctx.groupings))
    return lists.map(lambda each: bool(scope.intersection(each)))


def _text(projects: pd.DataFrame, text: str, ctx: Context) -> pd.Series:
    needle = normalize_name(text)
    haystack = (projects["title"].fillna("") + " " +
                projects["commune_insee"].map(ctx.commune_names or {}).fillna("") + " " +
                projects["maitre_ouvrage"].fillna(""))
    return haystack.map(normalize_name).str.contains(needle, regex=False)


# field -> mask of the projects it keeps (called only when the field restricts)
MASKS = {
    "themes": lambda p, v, flt, ctx: p["theme"].isin(v),
    "periods": lambda p, v, flt, ctx: p["period"].isin(v),
    "generations": lambda p, v, flt, ctx: p["generation"].isin(v),
    "natures": lambda p, v, flt, ctx: p["nature"].isin(v),
    "epci": lambda p, v, flt, ctx: _territory(p, flt.with_(grand_territoire=None, mdadt=None),
                                              ctx),
    "grand_territoire": lambda p, v, flt, ctx: _territory(
        p, ProjectFilter(grand_territoire=v), ctx),
    "mdadt": lambda p, v, flt, ctx: _territory(p, ProjectFilter(mdadt=v), ctx),
    "amount_min_cents": lambda p, v, flt, ctx: p["amount_cents"].fillna(-1) >= v,
    "amount_max_cents": lambda p, v, flt, ctx: (p["amount_cents"].fillna(-1).le(v)
                                                & p["amount_cents"].notna()),
    "text": lambda p, v, flt, ctx: _text(p, v, ctx) if v.strip() else True,
}


def apply(projects: pd.DataFrame, flt: ProjectFilter, ctx: Context | None = None
          ) -> pd.DataFrame:
    """Projects matching every restriction of ``flt`` (order kept)."""
    ctx = ctx or Context()
    mask = pd.Series(True, index=projects.index)
    for f in FILTER_FIELDS:
        value = getattr(flt, f.name)
        if value not in (None, "", ()):
            mask &= MASKS[f.name](projects, value, flt, ctx)
    return projects[mask]


def describe(flt: ProjectFilter, epci_names: dict[str, str] | None = None) -> str:
    """French sentence stating what is filtered ("Aucun filtre" when nothing is)."""
    if flt.is_empty:
        return "Aucun filtre : tous les projets sont affichés."
    shown = flt.with_(epci=(epci_names or {}).get(flt.epci, flt.epci) if flt.epci else None,
                      text=f"« {flt.text.strip()} »" if flt.text.strip() else "")
    order = ["epci", "grand_territoire", "mdadt", "themes", "periods", "generations", "natures"]
    by_name = {f.name: f for f in FILTER_FIELDS}
    parts = [p for p in (by_name[n].describe(getattr(shown, n)) for n in order) if p]
    if flt.amount_min_cents is not None or flt.amount_max_cents is not None:
        low = format_eur(flt.amount_min_cents or 0)
        high = format_eur(flt.amount_max_cents) if flt.amount_max_cents is not None else "∞"
        parts.append(f"Montant : {low} à {high}")
    if shown.text:
        parts.append(by_name["text"].describe(shown.text))
    return "Filtres actifs — " + " · ".join(parts)
