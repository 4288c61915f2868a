"""The département view (the 20 EPCI's map and what comes with it) as one object.

``DepartementView.of(atlas, flt, indicator, method, need)`` is built once per view state
and data version and shared by every session showing it; each slice is computed the first
time a component reads it (the map first), then kept. ``need`` is given in the equity
mode only (the bivariate map of investment and social need).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from geo.analysis import generation_compare, investment
from geo.analysis.filters import ProjectFilter
from geo.atlas import Atlas


@dataclass(eq=False)
class DepartementView:
    atlas: Atlas = field(repr=False)
    flt: ProjectFilter
    indicator: str
    method: str
    need: str | None
    projects: pd.DataFrame = field(repr=False)

    @classmethod
    def of(cls, atlas: Atlas, flt: ProjectFilter, indicator: str, method: str = "quantiles",
           need: str | None = None) -> "DepartementView":
        """The view of ``flt`` on the map of ``indicator`` (or, with ``need``, equity)."""
        return atlas.memo.get(("departement_view", flt, indicator, method, need),
                              lambda: cls(atlas, flt, indicator, method, need,
                                          atlas.projects_for(flt)))

    @cached_property
    def choropleth(self):
        """The map's data: each EPCI's value, state and class (:mod:`geo.analysis.choropleth`)."""
        return self.atlas.choropleth(self.indicator, self.flt, self.method)

    @cached_property
    def equity(self):
        """Investment against social need (equity mode), else None."""
        return self.atlas.equity(self.need) if self.need else None

    @cached_property
    def ranking(self):
        """The EPCI ranked on the map's indicator (the chart beside the map)."""
        return self.atlas.ranking(self.indicator, self.flt, data=self.choropleth)

    @cached_property
    def epci_totals(self) -> pd.DataFrame:
        """The map's table: each EPCI's projects and amounts under the filter."""
        return self.atlas.epci_totals(self.projects)

    @cached_property
    def by_generation(self) -> pd.DataFrame:
        """The filtered projects by contract generation."""
        return generation_compare.by_generation(self.projects)

    @property
    def unplaced(self) -> pd.DataFrame | None:
        """Imported subsidies no EPCI could be given (listed, never drawn)."""
        return self.atlas.unplaced

    @property
    def shows_investment(self) -> bool:
        """The map shows the default investment indicator (its definition comes with it)."""
        return self.equity is None and self.indicator.startswith(investment.KEY)
