"""Sidebar controls. Their state is initialised from the URL once per session, then the
URL is rewritten from the controls after each change (see components.url_state).

Every control has a session key, so the view is read from those keys (``current_state``)
before the controls are drawn: the dashboard draws its map first and the sidebar last,
and the browser starts loading the map while it builds the controls."""
from __future__ import annotations

import streamlit as st

from components import url_state
from geo.atlas import Atlas
from geo.filters import ProjectFilter
from geo.indicators import METHODS, Indicator
from geo.schemas import GRANDS_TERRITOIRES, NATURES, PERIODS, THEMES
from geo.style import PRESENCE_STYLES

ALL = "Tout le département"
ANY = "Tous"
WIDGET_KEYS = ("f_epci", "f_gt", "f_mdadt", "f_themes", "f_periods", "f_natures", "f_min",
               "f_max", "f_text", "f_indicator")
LAST_VIEW = "_view_params"    # the view's URL parameters, kept when the widgets' state is not


def init_from_url(atlas: Atlas, indicators: list[Indicator], presence_counts: dict) -> None:
    """Copy the URL's state into the widgets' session keys: on the first run of a session,
    and back from another page (Streamlit drops the state of the widgets a run did not
    draw), then from the last view's parameters, so the user finds the view they left."""
    ss = st.session_state
    returning = bool(ss.get("_url_loaded"))
    if returning and all(key in ss for key in WIDGET_KEYS):
        return
    params = ss.get(LAST_VIEW, {}) if returning else st.query_params.to_dict()
    state = url_state.parse(
        params, epci_sirens=set(atlas.epci_names),
        mdadt_names=atlas.mdadt_names, indicators=[i.key for i in indicators],
        layer_kinds=list(PRESENCE_STYLES))
    flt = state.flt
    ss["f_epci"] = flt.epci or ALL
    ss["f_gt"] = flt.grand_territoire or ANY
    ss["f_mdadt"] = flt.mdadt or ANY
    ss["f_themes"] = list(flt.themes)
    ss["f_periods"] = list(flt.periods)
    ss["f_natures"] = list(flt.natures)
    ss["f_min"] = (flt.amount_min_cents or 0) // 100
    ss["f_max"] = (flt.amount_max_cents // 100) if flt.amount_max_cents is not None else 0
    ss["f_text"] = flt.text
    ss["f_indicator"] = state.indicator or indicators[0].key
    layers = state.layers if state.layers is not None else url_state.DEFAULT_LAYERS
    for kind in PRESENCE_STYLES:
        ss[f"f_layer_{kind}"] = kind in layers and presence_counts.get(kind, 0) > 0
    ss["url_notices"] = [] if returning else state.notices
    ss["_url_loaded"] = True


def reset() -> None:
    st.query_params.clear()
    st.session_state["_url_loaded"] = False


def current_state(indicators: list[Indicator]) -> url_state.ViewState:
    """The view the controls describe, from their session keys (set from the URL on the
    first run, by the widgets afterwards)."""
    ss = st.session_state
    epci, gt, mdadt = ss["f_epci"], ss["f_gt"], ss["f_mdadt"]
    low, high = ss["f_min"], ss["f_max"]
    flt = ProjectFilter(
        themes=tuple(ss["f_themes"]), periods=tuple(ss["f_periods"]),
        natures=tuple(ss["f_natures"]), epci=None if epci == ALL else epci,
        grand_territoire=None if gt == ANY else gt, mdadt=None if mdadt == ANY else mdadt,
        amount_min_cents=int(low) * 100 if low else None,
        amount_max_cents=int(high) * 100 if high else None, text=ss["f_text"] or "")
    indicator = ss["f_indicator"]
    if indicator not in {i.key for i in indicators}:
        indicator = indicators[0].key
    layers = tuple(kind for kind in PRESENCE_STYLES if ss.get(f"f_layer_{kind}"))
    return url_state.ViewState(flt=flt, indicator=indicator, layers=layers)


def sidebar(atlas: Atlas, indicators: list[Indicator], presence_counts: dict) -> None:
    """Draw the controls (their values are the session keys ``current_state`` reads)."""
    names = atlas.epci_names
    sb = st.sidebar
    sb.header("Territoire")
    epci_options = [ALL] + sorted(names, key=lambda s: names[s])
    sb.selectbox("Intercommunalité (EPCI)", epci_options, key="f_epci",
                 format_func=lambda s: s if s == ALL else names[s],
                 help="Choisir un EPCI ouvre sa carte de livret.")
    sb.selectbox("Grand territoire des Assises", [ANY, *GRANDS_TERRITOIRES], key="f_gt")
    sb.selectbox("Territoire MDADT", [ANY, *atlas.mdadt_names], key="f_mdadt")
    sb.header("Projets")
    sb.multiselect("Thématiques", THEMES, key="f_themes", placeholder="Toutes")
    sb.multiselect("Période", PERIODS, key="f_periods", placeholder="Toutes")
    sb.multiselect("Nature", NATURES, key="f_natures", placeholder="Toutes")
    c1, c2 = sb.columns(2)
    c1.number_input("Montant min. (€)", min_value=0, step=10_000, key="f_min")
    c2.number_input("Montant max. (€)", min_value=0, step=10_000, key="f_max",
                    help="0 : pas de maximum")
    sb.text_input("Recherche (titre, commune, maître d'ouvrage)", key="f_text",
                  max_chars=100)
    sb.header("Carte")
    labels = {i.key: i.label for i in indicators}
    sb.selectbox("Indicateur de la carte du département", list(labels), key="f_indicator",
                 format_func=labels.get)
    sb.radio("Classes", list(METHODS), key="f_method", format_func=METHODS.get,
             horizontal=True)
    _layer_toggles(presence_counts)
    sb.button("Réinitialiser la vue", on_click=reset, width="stretch")


def _layer_toggles(presence_counts: dict) -> None:
    st.sidebar.subheader("Présence du Département")
    for kind, s in PRESENCE_STYLES.items():
        count = presence_counts.get(kind, 0)
        label = f"{s.label} ({count})" if count else f"{s.label} — aucune donnée disponible"
        st.sidebar.checkbox(label, key=f"f_layer_{kind}", disabled=count == 0,
                            help=None if count else "Aucune source ouverte ne recense "
                            "encore ces sites : la couche est vide.")


def write_url(state: url_state.ViewState) -> None:
    params = url_state.encode(state)
    st.session_state[LAST_VIEW] = params
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
