"""Everything the dashboard and the exports read, loaded once and joined.

``Atlas.load()`` gathers the territory layers, the groupings, the contract projects
(with their position: the mairie of their commune), the key figures and the presence
points. Views then ask for slices: ``projects_for(flt)``, ``epci_names``...
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import geopandas as gpd
import pandas as pd

from geo.analysis import aggregate, choropleth, filters, follow_up, generations, investment
from geo.analysis.coverage import Coverage
from geo.analysis.indicators import (INVESTMENT_INDICATORS, PROJECT_INDICATORS, Indicator,
                                     key_figure_indicators)
from geo.data import contracts, territory
from geo.model import vocabulary
from geo.model.memo import Memo


@dataclass(frozen=True)
class Atlas:
    communes: gpd.GeoDataFrame        # detail level, WGS 84
    epci: gpd.GeoDataFrame            # detail level + groupings
    groupings: pd.DataFrame
    projects: pd.DataFrame            # + lon, lat, commune_nom, epci_nom
    key_figures: pd.DataFrame         # long
    presence: gpd.GeoDataFrame
    coverage: Coverage                # what the recueil holds per EPCI
    review_points: pd.DataFrame       # the judgements staff are asked to check
    version: int | None = None        # the import store version shown (None: shipped only)
    unplaced: pd.DataFrame | None = None        # imported subsidies with no place (SCDL)
    previous_stages: pd.DataFrame | None = None  # stages before the last stage file

    @staticmethod
    @lru_cache(maxsize=4)
    def load(import_version: int | None = None) -> "Atlas":
        """The shipped data, plus the projects of store version ``import_version`` (the
        staff's spreadsheet imports) shown alongside; None: shipped data only."""
        communes = territory.load_communes("detail")
        groupings = contracts.load_groupings()
        epci = territory.load_epci("detail").merge(groupings, on="epci_siren", how="left")
        projects, previous = projects_in_force(import_version)
        placed = projects["epci_siren"].notna()
        return Atlas(communes, epci, groupings, locate_projects(projects[placed], epci),
                     contracts.load_key_figures(), contracts.load_presence(),
                     Coverage(contracts.load_coverage()), contracts.load_review_points(),
                     import_version, projects[~placed].reset_index(drop=True), previous)

    @cached_property
    def epci_names(self) -> dict[str, str]:
        return dict(zip(self.epci["epci_siren"], self.epci["nom"]))

    @cached_property
    def commune_names(self) -> dict[str, str]:
        return dict(zip(self.communes["code_insee"], self.communes["nom"]))

    @cached_property
    def commune_epci(self) -> dict[str, str]:
        """INSEE code -> SIREN of the commune's EPCI."""
        return dict(zip(self.communes["code_insee"], self.communes["epci_siren"]))

    @cached_property
    def _commune_points(self) -> pd.DataFrame:
        return territory.commune_points().set_index("code_insee")

    def commune_point(self, code: str) -> tuple[float, float]:
        """(lon, lat) where the atlas places a commune's projects (its mairie)."""
        row = self._commune_points.loc[code]
        return float(row["mairie_lon"]), float(row["mairie_lat"])

    @cached_property
    def key_figures_wide(self) -> pd.DataFrame:
        return contracts.key_figures_wide()

    @cached_property
    def sources(self) -> pd.DataFrame:
        """Every appearance of every shipped project in the acts (project_sources.csv)."""
        return contracts.load_project_sources()

    @cached_property
    def contract_lines(self) -> dict[str, tuple[int, int]]:
        """EPCI long name -> the lines of its contract in the recueil."""
        long_names = dict(zip(self.epci["epci_siren"], self.epci["nom_long"]))
        lines = self.coverage.table["contract_lines"].dropna()
        return {long_names[s]: tuple(int(x) for x in span.split("-")) for s, span in lines.items()}

    def citation(self, ref: str, kind: str = "", title: str = "") -> str:
        """A source reference as a reader's citation (:mod:`geo.data.citations`)."""
        from geo.data import citations
        return citations.citation(ref, kind, title, self.contract_lines)

    def with_citations(self, projects: pd.DataFrame) -> pd.DataFrame:
        """``projects`` with ``source_citations``: every reference as a citation (exports)."""
        kinds = {(r.project_id, r.source_ref): (r.source_kind, str(r.source_title))
                 for r in self.sources.itertuples()}

        def cite(project_id: str, refs) -> str:
            return " ; ".join(self.citation(ref, *kinds.get((project_id, ref), ("", "")))
                              for ref in str(refs or "").split(";") if ref)
        return projects.assign(source_citations=[
            cite(p, refs) for p, refs in zip(projects["project_id"], projects["source_refs"])])

    def project_sources(self, project_id: str) -> pd.DataFrame:
        """The sources of one project with their citation and the quoted passage."""
        from geo.data import citations
        own = self.sources[self.sources["project_id"] == project_id]
        return own.assign(
            citation=[self.citation(r.source_ref, r.source_kind, str(r.source_title))
                      for r in own.itertuples()],
            passage=[citations.passage(r) for r in own["source_ref"]])

    def key_figure_rows(self, siren: str):
        """The EPCI's "Au-delà du contrat" figures beside the average EPCI (one list for
        the panel and the booklet, :mod:`geo.analysis.key_figures`)."""
        from geo.analysis.key_figures import rows_for
        return self.memo.get(("key_figure_rows", siren), lambda: rows_for(
            self.key_figures, self.key_figures_wide, siren))

    def presence_of(self, siren: str) -> gpd.GeoDataFrame:
        """The Département's sites in an EPCI."""
        return self.memo.get(("presence", siren),
                             lambda: self.presence[self.presence["epci_siren"] == siren])

    @cached_property
    def mdadt_names(self) -> list[str]:
        return sorted(self.groupings["mdadt_territoire"].dropna().unique())

    def scope(self, flt: filters.ProjectFilter) -> list[str]:
        """SIRENs of the EPCI the filter's territory (EPCI, grand territoire, MDADT) keeps."""
        return flt.epci_scope(list(self.epci_names), self.groupings)

    @cached_property
    def filter_context(self) -> filters.Context:
        return filters.Context(self.groupings, self.commune_names)

    @cached_property
    def memo(self) -> Memo:
        """Answers computed once per process and data version, shared by every session
        (a rerun, its map, its figures and its exports ask the same questions)."""
        return Memo(4096)

    def projects_for(self, flt: filters.ProjectFilter) -> pd.DataFrame:
        """The projects ``flt`` keeps (the same frame object for the same filter)."""
        return self.memo.get(("projects", flt),
                             lambda: filters.apply(self.projects, flt, self.filter_context))

    def covers(self, flt: filters.ProjectFilter, projects: pd.DataFrame) -> str:
        """What the total of ``projects`` (filtered by ``flt``) covers, in French."""
        return self.memo.by_object("covers", projects, lambda: self.coverage.total_sentence(
            projects, self.scope(flt)), flt)

    def epci_totals(self, projects: pd.DataFrame) -> pd.DataFrame:
        return self.memo.by_object("epci_totals", projects,
                                   lambda: aggregate.totals_by_epci(projects, self.epci))

    @cached_property
    def indicators(self) -> list[Indicator]:
        """Indicators of the département choropleth: the Département's investment
        2015-2018 (the default: complete and comparable), project totals, key figures."""
        return (INVESTMENT_INDICATORS + PROJECT_INDICATORS
                + key_figure_indicators(sorted(self.key_figures_wide.columns)))

    def indicator(self, key: str) -> Indicator:
        found = next((i for i in self.indicators if i.key == key), None)
        if found is None:
            raise ValueError(f"indicateur inconnu : « {key} »")
        return found

    @cached_property
    def investment(self) -> dict[str, investment.Breakdown]:
        """The default indicator per EPCI, with its components (section 7)."""
        return investment.breakdowns(self.key_figures, sorted(self.epci_names))

    def indicator_values(self, key: str, flt: filters.ProjectFilter) -> pd.Series:
        """Value of indicator ``key`` per EPCI (index: SIREN) for the filtered projects;
        EPCI outside the filter's territory (EPCI, grand territoire, MDADT) get NaN."""
        totals = self.epci_totals(self.projects_for(flt)).set_index("epci_siren")
        population = totals["population_62"].astype(float)
        # an EPCI whose projects all lack an amount has no known total (never 0 €)
        unknown = (totals["count"] > 0) & (totals["amount_known"] == 0)
        if key == vocabulary.INDICATOR_PROJECT_AMOUNT:
            values = (totals["amount_cents"] / 100).mask(unknown)
        elif key == vocabulary.INDICATOR_PROJECT_AMOUNT_PER_INHABITANT:
            values = totals["eur_per_inhabitant"].mask(unknown)
        elif key == vocabulary.INDICATOR_PROJECT_COUNT:
            values = totals["count"].astype(float)
        elif key == investment.KEY:
            values = investment.values(self.investment).reindex(totals.index)
        elif key == investment.KEY_PER_INHABITANT:
            values = investment.values(self.investment, population).reindex(totals.index)
        else:
            values = self.key_figures_wide[self.indicator(key).key].reindex(totals.index)
        scope = self.scope(flt)
        return values.where(values.index.isin(scope))

    def choropleth(self, key: str, flt: filters.ProjectFilter,
                   method: str = "quantiles") -> choropleth.Choropleth:
        """The département map's data: values, each EPCI's state, comparable classes."""
        return self.memo.get(("choropleth", key, flt, method),
                             lambda: self._choropleth(key, flt, method))

    def _choropleth(self, key: str, flt: filters.ProjectFilter, method: str
                    ) -> choropleth.Choropleth:
        scope = self.scope(flt)
        lower = frozenset(s for s, b in self.investment.items() if b.lower_bound) \
            if key.startswith(investment.KEY) else frozenset()
        return choropleth.build(self.indicator(key), self.indicator_values(key, flt), scope,
                                self.coverage, method, lower)

    @cached_property
    def population(self) -> pd.Series:
        """Population 2023 of each EPCI's communes in the département (index: SIREN)."""
        return self.epci.set_index("epci_siren")["population_62"].astype(float)

    def ranking(self, key: str, flt: filters.ProjectFilter, selected: str | None = None,
                data: choropleth.Choropleth | None = None):
        """The EPCI ranked on indicator ``key`` (:mod:`geo.analysis.ranking`): the chart beside the
        département map and the booklet's ranking page; ``data``: the map's choropleth for
        the same indicator and filter, when the caller has built it already."""
        from geo.analysis import ranking
        data = data if data is not None else self.choropleth(key, flt)
        return self.memo.by_object("ranking", data, lambda: ranking.build(
            data, self.epci_names, self.population, self.coverage, self.scope(flt), selected),
            selected)

    def equity(self, need: str):
        """Investment per inhabitant against social need ``need`` (:mod:`geo.analysis.equity`)."""
        from geo.analysis import equity
        return self.memo.get(("equity", need), lambda: equity.build(
            self.investment, self.key_figures_wide, self.population, self.epci_names, need))

    def follow_up(self, siren: str) -> follow_up.FollowUp:
        """The « Suivi du contrat » of an EPCI (:mod:`geo.analysis.follow_up`)."""
        previous = self.previous_stages if self.previous_stages is not None else pd.DataFrame()
        return self.memo.get(("follow_up", siren), lambda: follow_up.build(
            self.projects, siren, self.epci_names[siren], self.commune_names, previous))

    def standings(self, siren: str):
        """Where the EPCI stands on each key figure made comparable (:mod:`geo.analysis.standing`)."""
        from geo.analysis import standing
        return self.memo.get(("standings", siren),
                             lambda: standing.standings(self.ratio_table, siren))

    @cached_property
    def ratio_table(self) -> pd.DataFrame:
        from geo.analysis import standing
        return standing.ratio_table(self.key_figures_wide, self.population)


def locate_projects(projects: pd.DataFrame, epci: pd.DataFrame) -> pd.DataFrame:
    """Add ``lon``/``lat`` (mairie of the commune, for commune-level projects only),
    ``commune_nom`` and ``epci_nom``. Other projects keep empty coordinates: the app
    lists them instead of placing them somewhere the text does not say."""
    points = territory.commune_points().rename(columns={
        "code_insee": "commune_insee", "nom": "commune_nom", "mairie_lon": "lon",
        "mairie_lat": "lat"})[["commune_insee", "commune_nom", "lon", "lat"]]
    out = projects.merge(points, on="commune_insee", how="left")
    not_located = out["location_precision"] != "commune"
    out.loc[not_located, ["lon", "lat"]] = None
    if "longitude" in out:  # imported rows may give their own WGS 84 position
        given = out["longitude"].notna() & out["latitude"].notna()
        out.loc[given, "lon"] = out.loc[given, "longitude"].astype(float)
        out.loc[given, "lat"] = out.loc[given, "latitude"].astype(float)
    names = dict(zip(epci["epci_siren"], epci["nom"]))
    # a project shared by several EPCI names them all (its own EPCI first)
    out["epci_nom"] = aggregate.served_epci(out).map(
        lambda each: ", ".join(names.get(s, s) for s in each))
    return out


def projects_in_force(import_version: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every project shown, placed or not, with its generation and stage in force; the
    stages before the last stage file) at store version ``import_version`` (None: the
    shipped projects only). What the importer checks a stage file against."""
    projects = contracts.load_projects()
    stages = previous = pd.DataFrame(columns=["project_id"])
    if import_version is not None:
        from geo.store import Store, corrections  # imported here: the store is optional

        store = Store()
        projects = pd.concat([projects, store.projects(import_version)], ignore_index=True)
        projects = corrections.apply(projects, store.corrections(import_version))
        stages = store.stage_state(import_version)
        previous = store.stage_state(import_version, previous=True)
    projects = follow_up.apply_stages(follow_up.with_columns(generations.assign(projects)),
                                      stages)
    return projects, previous
