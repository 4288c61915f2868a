"""Atlas de l'investissement du Département du Pas-de-Calais — Streamlit entry point.

Run with ``make run``. Two views share the sidebar filters:
- the département: the 20 EPCI as a choropleth of a chosen indicator (a click on an EPCI
  opens its livret map);
- an EPCI (the livret map): its projects, the Département's presence, its key figures.
The view lives in the URL (``?epci=<SIREN>&theme=sport,culture&period=2015-2018``).
The map reaches the browser first: a session's first run draws the title and the map, the
rest follows once the map has reported (``components.map_clicks``); the sidebar comes last.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import (commune_view, compare, filters_panel, follow_up_panel, profiling,
                        generations_panel, legend_html, map_clicks, map_view, off_map_box,
                        panels, review_panel, sources_panel)
from components.assets import page_css
from components.map_component import atlas_map
from components.auth import markdown_escape
from components.exports import render_exports
from components.url_state import ViewState
from components.import_page import render_import_page
from geo.analysis import filters
from geo.model.amounts import format_eur
from geo.atlas import Atlas
from geo.store import current_import_version
from geo.model.style import attribution
from geo.views.departement import DepartementView
from geo.views.epci import EpciView

MAP_HEIGHT = 620
TABLE_ROWS = 500   # rows of a project table sent to the browser; the full table is exported


def main() -> None:
    st.set_page_config(page_title="Atlas du Pas-de-Calais", page_icon="🗺️", layout="wide")
    pages = [st.Page(atlas_page, title="Atlas", icon=":material/map:", default=True),
             st.Page(render_import_page, title="Données importées (agents)",
                     icon=":material/upload_file:",
                     url_path="donnees")]
    profiling.page_run(st.navigation(pages, position="sidebar").run)


def atlas_page() -> None:
    atlas = Atlas.load(current_import_version())
    indicators = atlas.indicators
    presence_counts = atlas.presence["kind"].value_counts().to_dict()
    filters_panel.init_from_url(atlas, indicators, presence_counts)
    state = filters_panel.current_state(indicators)
    filters_panel.write_url(state, filters_panel.view_context(atlas, indicators))

    st.html(page_css())
    st.title("Atlas de l'investissement du Département du Pas-de-Calais")
    for notice in st.session_state.get("url_notices", []):
        st.warning(notice, icon="⚠️")
    projects = atlas.projects_for(state.flt)
    # markdown_escape: the search text is the user's, shown as typed
    st.markdown(f"**{markdown_escape(filters.describe(state.flt, atlas.epci_names))}** — "
                f"{len(projects)} projet(s), {_known_amount(projects)}.")
    st.caption(atlas.covers(state.flt, projects))
    if state.commune:
        commune_view.render(atlas, state, projects)
    elif state.flt.epci:
        epci_view(atlas, state, projects)
    else:
        departement_view(atlas, state, projects)
    if not map_clicks.page_complete():    # the map first: the controls once it is drawn
        st.caption("Les filtres, les listes et les exports s'affichent dès que la carte "
                   "est dessinée.")
        map_clicks.complete_later()
        return
    st.header("Exporter")
    render_exports(atlas, state.flt, state)
    st.caption(attribution(atlas.version is not None))
    # last: the browser gets the map before it starts loading the controls' code
    filters_panel.sidebar(atlas, indicators, presence_counts)


def _known_amount(projects: pd.DataFrame) -> str:
    """The Département's financing the sources give for ``projects``; none given is said
    as such, never as 0 €."""
    known = projects["amount_cents"].dropna()
    if projects.empty or len(known):
        return f"{format_eur(known.sum())} de financement départemental connu"
    return "aucun montant de financement départemental dans les sources"


def departement_view(atlas: Atlas, state: ViewState, projects: pd.DataFrame) -> None:
    """The 20 EPCI's map and everything about it, read from its view model."""
    view = DepartementView.of(atlas, state.flt, state.indicator, state.method,
                              state.need if state.map_mode == "equity" else None)
    st.header("Le département : équité de l'investissement" if view.equity else
              f"Le département : {view.choropleth.indicator.label}")
    _departement_map_block(view)
    if not map_clicks.page_complete():
        return
    st.header("Projets")
    if st.toggle(f"Afficher la liste des {len(view.projects)} projets", key="show_projects"):
        chosen = panels.project_table(view.projects, with_epci=True, key="table_departement",
                                      max_rows=TABLE_ROWS)
        sources_panel.render(atlas, chosen)
    panels.unplaced_subsidies(view.unplaced)
    review_panel.render(atlas, None)


@profiling.fragment
def _departement_map_block(view: DepartementView) -> None:
    """The map and what comes with it (ranking or equity, the map's table, the
    generations). A fragment: the map's first value, a click on it that opens nothing, a
    table toggled here rerun this block only, not the whole page."""
    atlas, data, equity = view.atlas, view.choropleth, view.equity
    col_map, col_side = st.container(key="departement_row").columns([3, 2])
    with col_map:
        # only a click comes back (zoom and pan do not rerun the script): it opens that EPCI
        ready = map_clicks.map_ready("map_departement")
        clicked = atlas_map((data, lambda: map_view.departement_map(atlas, data, equity),
                             (view.need,)), key="map_departement", height=MAP_HEIGHT)
        map_clicks.open_clicked(atlas, clicked, "map_departement")
        map_clicks.note_drawn("map_departement")
    with col_side:      # the chart once the map is in the browser (it comes after it)
        if equity:
            compare.equity_details(equity)
        elif ready:
            compare.ranking_panel(view.ranking)
        else:
            st.caption("Classement des EPCI : il s'affiche juste après la carte.")
    st.caption(f"{'' if equity else data.covers + ' '}Cliquez sur une intercommunalité "
               "pour ouvrir sa carte de livret (ou choisissez-la dans le menu "
               "« Intercommunalité (EPCI) »).")
    if equity:
        if ready:
            compare.equity_panel(equity, view.flt.epci)
        compare.equity_table(equity)
    elif view.shows_investment:
        panels.investment_definition(atlas)
    # Tables on demand: the département view opens on its map, and the browser loads
    # the table code only when asked (a toggle is reachable by keyboard).
    if not equity and st.toggle("Afficher le tableau de la carte (équivalent accessible)",
                                key="show_map_table"):
        panels.epci_table(atlas, view.epci_totals, data)
    if ready:
        generations_panel.render_departement(view)


def _legend(view: EpciView, layers: tuple) -> str:
    """The livret map's legend (HTML): its themes and periods, the sites it shows."""
    shown = view.presence
    kinds = set(shown.loc[shown["kind"].isin(layers), "kind"])
    return legend_html.render(map_view.project_legend_sections(view.projects, kinds),
                              "atlas-legend atlas-legend-inline", heading="h3")


def _epci_layers(view: EpciView, state: ViewState) -> list:
    """The livret map's layers: the projects and the Département's sites."""
    return [map_view.project_group(view.projects, labels=True, icons=True),
            map_view.presence_group(view.presence, list(state.layers or ()))]


def epci_view(atlas: Atlas, state: ViewState, projects: pd.DataFrame) -> None:
    """The livret map of one EPCI and everything about it, read from its view model."""
    view = EpciView.of(atlas, state.flt)
    projects = view.projects
    st.header(f"{view.name} — carte du livret")
    if view.notice:
        st.warning(view.notice, icon="⚠️")
    _epci_map_block(atlas, state, view)
    if not map_clicks.page_complete():
        return
    st.header("Projets de l'EPCI")
    show = st.toggle(f"Afficher le tableau des {len(projects)} projets (triable, avec sources)",
                     key="show_projects")
    if show:
        chosen = panels.project_table(projects, with_epci=False, key="table_epci",
                                      max_rows=TABLE_ROWS)
        sources_panel.render(atlas, chosen)
    panels.unlocated(projects, atlas.commune_names, with_table=show)
    follow_up_panel.render(view)
    if st.toggle("Afficher les sites du Département dans l'EPCI (tableau de la carte)",
                 key="show_presence"):
        panels.presence_table(view.presence, atlas.commune_names)
    review_panel.render(atlas, view.siren)


@profiling.fragment
def _epci_map_block(atlas: Atlas, state: ViewState, view: EpciView) -> None:
    """The livret map, its legend, the projects off the map, the key figures and the
    charts. A fragment: the map's first value (the charts follow it) and a click on the
    map that opens nothing rerun this block only, not the whole page."""
    siren, projects = view.siren, view.projects
    # the livret map takes the page's width (its labels need room, on a tablet too);
    # its legend, the projects off the map and the key figures come below it
    key = f"map_epci_{siren}"
    ready = map_clicks.map_ready(key)
    # a click inside a commune opens its view, inside a neighbour its livret map
    clicked = atlas_map(
        (atlas, lambda: map_view.epci_map(atlas, siren), (siren,)),
        (projects, lambda: _epci_layers(view, state), (siren, tuple(state.layers or ()))),
        key=key, height=MAP_HEIGHT)
    map_clicks.open_clicked(atlas, clicked, key)
    map_clicks.note_drawn(key)
    st.caption(off_map_box.count_sentence(projects))
    col_map, col_side = st.columns([3, 2])
    with col_map:
        layers = tuple(state.layers or ())
        st.html(atlas.memo.by_object("legend", projects, lambda: _legend(view, layers),
                                     layers))
        off_map_box.render(view.off_map)
    with col_side:
        panels.key_figures_panel(view)
    if ready:           # the charts once the map is in the browser (they come after it)
        compare.epci_charts(view)
        generations_panel.render_epci(view)
    else:
        st.caption("Graphiques de l'EPCI : ils s'affichent juste après la carte.")

main()
