"""The EPCI view (the livret map and what comes with it) as one object.

``EpciView.of(atlas, flt)`` is built once per filter and data version and shared by every
session showing that state; each slice is computed the first time a component reads it
(the map comes first: its first polygon waits for nothing it does not draw), then kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from geo.analysis import generation_compare, investment, off_map
from geo.analysis.filters import ProjectFilter
from geo.atlas import Atlas


@dataclass(eq=False)
class EpciView:
    atlas: Atlas = field(repr=False)
    flt: ProjectFilter
    projects: pd.DataFrame = field(repr=False)

    @classmethod
    def of(cls, atlas: Atlas, flt: ProjectFilter) -> "EpciView":
        """The view of ``flt.epci`` with the projects ``flt`` keeps, one per state."""
        return atlas.memo.get(("epci_view", flt),
                              lambda: cls(atlas, flt, atlas.projects_for(flt)))

    @property
    def siren(self) -> str:
        return self.flt.epci

    @cached_property
    def name(self) -> str:
        return self.atlas.epci_names[self.siren]

    @cached_property
    def notice(self) -> str | None:
        """Why this EPCI's figures are partial (its livret map illegible), if they are."""
        return self.atlas.coverage.epci_notice(self.siren)

    @cached_property
    def map_lost(self) -> bool:
        """The livret map could not be read in the source: amounts are partial."""
        return self.atlas.coverage.state(self.siren) == "lost"

    @cached_property
    def presence(self) -> pd.DataFrame:
        """The Département's sites in the EPCI (map layers, legend, table)."""
        return self.atlas.presence_of(self.siren)

    @cached_property
    def off_map(self) -> list:
        """The projects without a place on the map, by group (:mod:`geo.analysis.off_map`)."""
        return off_map.groups(self.projects, self.atlas.commune_names)

    @cached_property
    def key_figures(self) -> list:
        """The contract's « Au-delà du contrat » figures beside the average EPCI."""
        return self.atlas.key_figure_rows(self.siren)

    @cached_property
    def cis_text(self) -> str | None:
        """The CIS the contract names, as its text writes them."""
        figures = self.atlas.key_figures
        cis = figures[(figures["epci_siren"] == self.siren) & (figures["indicator"] == "cis")]
        text = cis["text"].iloc[0] if len(cis) else None
        return text if isinstance(text, str) else None

    @cached_property
    def standings(self) -> list:
        """Where the EPCI stands on each key figure made comparable."""
        return self.atlas.standings(self.siren)

    @property
    def ratio_table(self) -> pd.DataFrame:
        """Every EPCI's key figures made comparable (the standing chart's strips)."""
        return self.atlas.ratio_table

    @cached_property
    def ranking(self):
        """The EPCI ranked on the 2015-2018 investment per inhabitant, this one selected."""
        return self.atlas.ranking(investment.KEY_PER_INHABITANT, ProjectFilter(), self.siren)

    @cached_property
    def by_generation(self) -> pd.DataFrame:
        """Its projects (those serving it, shared ones in full) by contract generation."""
        return generation_compare.by_generation(self.projects, self.siren)

    @cached_property
    def follow_up(self):
        """The « Suivi du contrat »: operations by stage, voted and paid."""
        return self.atlas.follow_up(self.siren)
