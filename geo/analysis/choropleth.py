"""The département choropleth as data: values, the state of each EPCI, classes computed
over the comparable EPCI only, and the sentence saying what the map covers. The web map
(:mod:`components.map_view`) and the print map (:mod:`geo.export.map_content`) both draw
this object, so they cannot disagree.

State of an EPCI (``status``):

* ``classe`` — its value is comparable: it is placed in a class;
* ``illisible`` — a project-amount indicator for an EPCI whose livret map lost its labels
  in the source: drawn as its own hatched class, its partial value only in the tooltip,
  never 0 € and never in the lowest class;
* ``sans_donnee`` — no figure (no contract in the recueil), or outside the filters'
  territory.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.analysis.coverage import LOST_LABEL, Coverage
from geo.analysis.indicators import Classes, Indicator, classify

CLASSED, LOST, NO_DATA = "classe", "illisible", "sans_donnee"


@dataclass(frozen=True)
class Choropleth:
    indicator: Indicator
    values: pd.Series           # per SIREN (all EPCI), NaN where no figure
    status: pd.Series           # per SIREN: CLASSED | LOST | NO_DATA
    classes: Classes            # over the CLASSED values only
    covers: str                 # French: what the figures cover
    lower_bounds: frozenset = frozenset()   # SIRENs whose figure is a minimum ("plus de")

    def fill_index(self) -> pd.Series:
        """Per SIREN: 0 no data, 1..k the class, k+1 the hatched lost class."""
        k = len(self.classes.bins)
        klass = self.classes.index(self.values.where(self.status == CLASSED))
        out = klass + 1
        out[self.status == LOST] = k + 1
        out[self.status == NO_DATA] = 0
        return out.astype(int)

    @property
    def has_lost(self) -> bool:
        return bool((self.status == LOST).any())

    def value_text(self, siren: str, format_value, short: bool = False) -> str:
        """Tooltip / label text of one EPCI's value, saying when it is a minimum ("au
        moins") or partial (``short``: "(partiel)", for the print map's labels)."""
        state = self.status.get(siren, NO_DATA)
        value = self.values.get(siren, float("nan"))
        text = format_value(value, self.indicator.unit)
        if siren in self.lower_bounds and state != NO_DATA:
            text = f"au moins {text}"
        if state == LOST:
            return f"{text} (partiel)" if short else f"{text} (partiel : {LOST_LABEL.lower()})"
        return text


def build(indicator: Indicator, values: pd.Series, scope: list[str], coverage: Coverage,
          method: str = "quantiles", lower_bounds: frozenset = frozenset()) -> Choropleth:
    """``values`` per SIREN for every EPCI; ``scope`` the EPCI the filters keep."""
    status = pd.Series(CLASSED, index=values.index, dtype=object)
    in_scope = values.index.isin(scope)
    status[values.isna() | ~in_scope] = NO_DATA
    if indicator.source == "projects":
        # hatched whatever its partial value, even when no project amount is known
        status[values.index.isin(coverage.lost) & in_scope] = LOST
        no_contract = ~values.index.isin(coverage.with_contract)
        status[no_contract] = NO_DATA
        covers = ("Montants de projets lus dans les sources : "
                  f"{coverage.sources_sentence()}. Classes calculées sur les "
                  f"{int((status == CLASSED).sum())} EPCI dont la carte a été lue ; les "
                  "cartes illisibles sont hachurées.")
    else:
        covers = ("Chiffres « Au-delà du contrat » imprimés par chaque contrat (recueil de "
                  "mai 2019) ; CA du Pays de Saint-Omer : pas de contrat dans le recueil.")
    classes = classify(values.where(status == CLASSED), indicator.unit, method=method)
    if lower_bounds:
        covers += " « Au moins » : le contrat écrit « plus de »."
    return Choropleth(indicator, values, status, classes, covers, frozenset(lower_bounds))
