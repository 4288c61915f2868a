"""« Ma commune »: one commune on its EPCI's livret map (outlined), its projects, the
projects of its EPCI that concern the whole EPCI, the Département's nearest sites with
their straight-line distance, and the EPCI's key figures.

Opened by ``?commune=<INSEE>`` or the « Ma commune » finder; the filters (theme, period,
amount...) still apply to the projects listed."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import legend_html, map_clicks, map_view, panels
from components.map_component import atlas_map
from components.url_state import ViewState
from geo.analysis import nearest
from geo.data.citations import short_refs
from geo.model.amounts import format_eur, format_number
from geo.atlas import Atlas
from geo.views.epci import EpciView

MAP_HEIGHT = 560


def render(atlas: Atlas, state: ViewState, projects: pd.DataFrame) -> None:
    """``projects``: the filtered projects of the commune's EPCI."""
    code, siren = state.commune, state.flt.epci
    view = EpciView.of(atlas, state.flt)       # the commune's EPCI, as its own view shows it
    name = atlas.commune_names[code]
    population = int(atlas.communes.set_index("code_insee").at[code, "population"])
    st.header(f"{name} — ma commune")
    st.caption(f"Code INSEE {code} · {format_number(population, 0)} habitants (population "
               f"légale 2023) · intercommunalité : {atlas.epci_names[siren]}")
    layers = list(state.layers or ())
    key = f"map_commune_{code}"
    # rendered once per commune and set of layers, shared by every session (as the EPCI map)
    clicked = atlas_map(
        (atlas, lambda: map_view.epci_map(atlas, siren, outline=code), (siren, code)),
        (projects, lambda: [map_view.project_group(projects, labels=True, icons=True),
                            map_view.presence_group(view.presence, layers)],
         (siren, code, tuple(layers))),
        key=key, height=MAP_HEIGHT)
    map_clicks.open_clicked(atlas, clicked, key)       # another commune, a neighbour EPCI
    map_clicks.note_drawn(key)
    st.caption(f"En jaune, cernée de noir : la commune de {name}, sur la carte de son "
               "intercommunalité (cadrée à 3 km autour ; dézoomez pour voir tout l'EPCI).")
    col_left, col_right = st.columns([3, 2])
    with col_left:
        _projects(projects, code, name)
    with col_right:
        _nearest(atlas, code, siren)
    shown = view.presence
    kinds = set(shown.loc[shown["kind"].isin(state.layers or ()), "kind"])
    st.html(legend_html.render(map_view.project_legend_sections(projects, kinds),
                               "atlas-legend atlas-legend-inline", heading="h3"))
    panels.key_figures_panel(view)


def _projects(projects: pd.DataFrame, code: str, name: str) -> None:
    own = projects[(projects["commune_insee"] == code)
                   & (projects["location_precision"] == "commune")]
    wide = projects[projects["location_precision"] == "epci"]
    maybe = projects[projects["location_precision"].eq("communes candidates")
                     & projects.get("candidate_communes", pd.Series("", index=projects.index))
                     .fillna("").str.contains(code)]
    st.markdown(f"**Projets à {name}** ({len(own)})")
    _list(own, "Aucun projet de la sélection n'est situé dans la commune par le texte.")
    if len(maybe):
        st.markdown(f"**Projets qui pourraient la concerner** ({len(maybe)}) — le texte "
                    "nomme plusieurs communes, dont celle-ci, sans dire laquelle :")
        _list(maybe, "")
    st.markdown(f"**Projets de l'intercommunalité entière** ({len(wide)})")
    _list(wide, "Aucun projet de la sélection ne concerne toute l'intercommunalité.")


def _list(projects: pd.DataFrame, empty: str) -> None:
    if projects.empty:
        if empty:
            st.caption(empty)
        return
    rows = projects.sort_values("amount_cents", ascending=False, na_position="last")
    st.markdown("\n".join(
        f"- {_md(p.title)} — {_amount(p.amount_cents)} · {p.theme} · {p.period} · "
        f"{short_refs(p.source_refs)}" for p in rows.itertuples()))


def _amount(cents) -> str:
    return format_eur(cents) if pd.notna(cents) else "montant non précisé"


def _md(text: str) -> str:
    from components.auth import markdown_escape
    return markdown_escape(str(text))


def _nearest(atlas: Atlas, code: str, siren: str) -> None:
    """The nearest collège, MDS, MDADT and CIS, as a table with the reason of each."""
    point = atlas.commune_point(code)
    groupings = atlas.groupings.set_index("epci_siren")
    territories = {k: groupings.at[siren, f"{k}_territoire"] if siren in groupings.index
                   else None for k in ("mds", "mdadt")}
    sites = nearest.nearest_sites(atlas.presence, point[0], point[1], territories)
    st.markdown("**Sites du Département les plus proches** (à vol d'oiseau, depuis la "
                "mairie de la commune)")
    if not sites:
        st.info("Aucun site du Département n'est recensé.")
        return
    reach = nearest.reach_km(atlas.communes.loc[atlas.communes["code_insee"] == code,
                                                "geometry"], *point)
    names = atlas.commune_names
    st.html(panels.html_table([
        {"Site": f"{_kind(s.kind)} : {s.name} ({names.get(s.commune_insee, s.commune_insee)})",
         "Distance": s.distance_text(code, reach)} for s in sites],
        caption=f"Sites du Département les plus proches de {names[code]}"))
    with st.expander("Pourquoi ces sites, et d'où viennent leurs positions"):
        st.markdown("\n".join(f"- {_kind(s.kind)} : {s.why} ; placé {s.position} "
                               f"(source : `{s.source_ref}`)." for s in sites))


KIND_NAMES = {"college": "Collège", "mds": "MDS (solidarité)",
              "mdadt": "MDADT (aménagement)", "cis": "Centre d'incendie et de secours"}


def _kind(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)
