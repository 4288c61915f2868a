"""Sidebar controls, one per field of the registry (:data:`geo.model.view_fields.FIELDS`).
Their state is initialised from the URL once per session, then the URL is rewritten from
the controls after each change (see components.url_state).

Every control has a session key (``Field.key``), so the view is read from those keys
(``current_state``) before the controls are drawn: the dashboard draws its map first and
the sidebar last, and the browser starts loading the map while it builds the controls."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components import url_state
from geo.atlas import Atlas
from geo.analysis.filters import ProjectFilter
from geo.model.amounts import format_eur, format_number
from geo.analysis.equity import NEEDS
from geo.analysis.indicators import METHODS, Indicator
from geo.model.style import PRESENCE_STYLES
from geo.model.view_fields import FIELDS, Context, Field

ALL = "Tout le département"
ANY = "Tous"
LAYERS = next(f for f in FIELDS if f.name == "layers")
WIDGET_KEYS = tuple(f.key for f in FIELDS if f is not LAYERS)
LAST_VIEW = "_view_params"
COMMUNE_KEY = next(f.key for f in FIELDS if f.name == "commune")
EPCI_KEY = next(f.key for f in FIELDS if f.name == "epci")    # the view's URL parameters, kept when the widgets' state is not


def view_context(atlas: Atlas, indicators: list[Indicator]) -> Context:
    return Context(epci_names=atlas.epci_names, mdadt_names=atlas.mdadt_names,
                   indicators={i.key: i.label for i in indicators},
                   default_indicator=indicators[0].key, commune_names=atlas.commune_names)


def _to_widget(f: Field, value):
    """A field's value as its control holds it."""
    if f.kind == "one" and f.name in ("epci", "grand_territoire", "mdadt"):
        return value or (ALL if f.name == "epci" else ANY)
    if f.kind == "many":
        return list(value or ())
    if f.kind == "euros":              # empty: no bound (never 0 for "no maximum")
        return None if value is None else value // 100
    if f.name == "commune":
        return value
    return value if value is not None else (f.default if f.default is not None else "")


def _from_widget(f: Field, raw):
    if f.kind == "one" and f.name in ("epci", "grand_territoire", "mdadt"):
        return None if raw in (ALL, ANY) else raw
    if f.kind == "many":
        return tuple(raw)
    if f.kind == "euros":
        return None if raw is None else int(raw) * 100
    return raw


def init_from_url(atlas: Atlas, indicators: list[Indicator], presence_counts: dict) -> None:
    """Copy the URL's state into the widgets' session keys: on the first run of a session;
    after the browser's Back or Forward (the URL is no longer the one the app wrote: the
    URL wins); and back from another page (Streamlit drops the state of the widgets a run
    did not draw), from the last view's parameters, so the user finds the view they left."""
    ss = st.session_state
    returning = bool(ss.get("_url_loaded"))
    url = st.query_params.to_dict()
    widgets_kept = all(key in ss for key in WIDGET_KEYS)
    moved_in_history = (returning and widgets_kept and _history_navigation()
                        and url != ss.get(LAST_VIEW, url))
    if returning and widgets_kept and not moved_in_history:
        return
    params = ss.get(LAST_VIEW, {}) if returning and not moved_in_history else url
    state = url_state.parse(params, epci_sirens=set(atlas.epci_names),
                            mdadt_names=atlas.mdadt_names,
                            indicators=[i.key for i in indicators],
                            commune_names=atlas.commune_names)
    _commune_sets_epci(atlas, state)
    for f in FIELDS:
        if f is LAYERS:
            continue
        value = getattr(state.flt, f.name) if f.in_filter else getattr(state, f.name)
        if f.name == "indicator":
            value = value or indicators[0].key
        ss[f.key] = _to_widget(f, value)
    layers = state.layers if state.layers is not None else LAYERS.default
    for kind in PRESENCE_STYLES:
        ss[LAYERS.key + kind] = kind in layers and presence_counts.get(kind, 0) > 0
    ss["url_notices"] = state.notices if moved_in_history or not returning else []
    ss["_url_loaded"] = True


def _history_navigation() -> bool:
    """This run comes from the browser's Back or Forward. Only then does the URL win over
    the controls: any other rerun may carry an address the browser has not updated yet
    (a click sent while the new address was on its way), which must not undo the view."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and getattr(ctx, "is_history_navigation", False))


def _commune_sets_epci(atlas: Atlas, state: url_state.ViewState) -> None:
    """``?commune=`` opens its EPCI's map; an ``epci`` that disagrees gives way, said."""
    if not state.commune:
        return
    own = atlas.commune_epci.get(state.commune)
    if state.flt.epci and state.flt.epci != own:
        state.notices.append(
            f"La commune {atlas.commune_names[state.commune]} appartient à "
            f"{atlas.epci_names.get(own, own)} : l'EPCI demandé ({state.flt.epci}) est "
            "remplacé par le sien.")
    state.flt = replace(state.flt, epci=own)


def reset() -> None:
    st.query_params.clear()
    st.session_state["_url_loaded"] = False


def current_state(indicators: list[Indicator]) -> url_state.ViewState:
    """The view the controls describe, from their session keys (set from the URL on the
    first run, by the widgets afterwards)."""
    ss = st.session_state
    values = {f.name: _from_widget(f, ss[f.key]) for f in FIELDS if f is not LAYERS}
    if values["indicator"] not in {i.key for i in indicators}:
        values["indicator"] = indicators[0].key
    flt = ProjectFilter(**{f.name: values[f.name] for f in FIELDS if f.in_filter})
    layers = tuple(kind for kind in PRESENCE_STYLES if ss.get(LAYERS.key + kind))
    return url_state.ViewState(flt=flt, indicator=values["indicator"],
                               method=values["method"] or "quantiles", layers=layers,
                               commune=values["commune"] if flt.epci else None,
                               map_mode=values["map_mode"] or "indicator",
                               need=values["need"] or "rsa_foyers")


def sidebar(atlas: Atlas, indicators: list[Indicator], presence_counts: dict) -> None:
    """Draw the controls, section by section, in the registry's order (their values are
    the session keys ``current_state`` reads)."""
    ctx = view_context(atlas, indicators)
    section = None
    row = None
    for f in FIELDS:
        if f.section != section:
            section = f.section
            (st.sidebar.subheader if f is LAYERS else st.sidebar.header)(section)
        if f is LAYERS:
            _layer_toggles(presence_counts)
        elif f.kind == "euros":       # the two amounts side by side
            row = row or st.sidebar.columns(2)
            _amount(row[0 if f.name == "amount_min_cents" else 1], f, atlas)
        elif f.name == "commune":
            _commune(atlas)
        else:
            _control(f, ctx)
    st.sidebar.button("Réinitialiser la vue", on_click=reset, width="stretch")


def _control(f: Field, ctx: Context) -> None:
    sb = st.sidebar
    if f.name == "epci":
        names = ctx.epci_names
        sb.selectbox(f.label, [ALL] + sorted(names, key=lambda s: names[s]), key=f.key,
                     format_func=lambda s: s if s == ALL else names[s],
                     on_change=_epci_changed,
                     help="Choisir un EPCI ouvre sa carte de livret.")
    elif f.name in ("grand_territoire", "mdadt"):
        sb.selectbox(f.label, [ANY, *f.choices(ctx).values()], key=f.key)
    elif f.kind == "many":
        sb.multiselect(f.label, list(f.choices(ctx).values()), key=f.key, placeholder="Toutes")
    elif f.kind == "text":
        sb.text_input(f.label, key=f.key, max_chars=100)
    elif f.name == "indicator":
        sb.selectbox(f.label, list(ctx.indicators), key=f.key, format_func=ctx.indicators.get)
    elif f.name == "method":
        sb.radio(f.label, list(METHODS), key=f.key, format_func=METHODS.get, horizontal=True)
    elif f.name == "map_mode":
        sb.radio(f.label, list(MAP_MODES), key=f.key, format_func=MAP_MODES.get,
                 help="Équité : l'investissement par habitant face au besoin social, "
                      "en nuage de points et en carte bivariée.")
    elif f.name == "need":
        sb.selectbox(f.label, list(NEEDS), key=f.key, format_func=NEEDS.get)


MAP_MODES = {"indicator": "Indicateur", "equity": "Équité : investissement et besoin social"}


def _epci_changed() -> None:
    """Another EPCI (or the département) leaves the commune view."""
    st.session_state[COMMUNE_KEY] = None


def _commune(atlas: Atlas) -> None:
    """The finder (accents and "St"/"Saint" ignored), then the commune shown, if any, with
    a button back to its EPCI's map."""
    from components import commune_finder

    commune_finder.render(atlas, COMMUNE_KEY, EPCI_KEY)
    code = st.session_state.get(COMMUNE_KEY)
    if code:
        st.sidebar.caption(f"Commune affichée : {atlas.commune_names[code]} ({code})")
        st.sidebar.button("Quitter la vue commune", on_click=_epci_changed,
                          key="leave_commune")


def _amount(column, f: Field, atlas: Atlas) -> None:
    """An amount bound; empty means no bound, and the placeholder gives the data's own
    bounds (the smallest and the largest known amount)."""
    low, high = atlas.memo.get("amount_bounds", lambda: _amount_bounds(atlas))
    is_min = f.name == "amount_min_cents"
    column.number_input(f.label, min_value=0, max_value=high, value=None, step=10_000,
                        key=f.key, placeholder=("≥ " if is_min else "≤ ") +
                                               _compact_eur(low if is_min else high),
                        help=f"Montants connus des projets : de {format_eur(low * 100)} à "
                             f"{format_eur(high * 100)}. Vide : pas de limite.")


def _amount_bounds(atlas: Atlas) -> tuple[int, int]:
    """The smallest and the largest known amount, in whole euros (rounded outwards)."""
    known = atlas.projects["amount_cents"].dropna()
    return int(known.min()) // 100, -(-int(known.max()) // 100)


def _compact_eur(euros: int) -> str:
    """"80 M€", "3 000 €": short enough for the narrow amount fields."""
    if euros >= 1_000_000:
        return f"{format_number(euros / 1e6, 0 if euros % 1_000_000 == 0 else 1)}\u00a0M€"
    return format_eur(euros * 100)


def _layer_toggles(presence_counts: dict) -> None:
    for kind, s in PRESENCE_STYLES.items():
        count = presence_counts.get(kind, 0)
        label = f"{s.label} ({count})" if count else f"{s.label} — aucune donnée disponible"
        st.sidebar.checkbox(label, key=LAYERS.key + kind, disabled=count == 0,
                            help=None if count else "Aucune source ouverte ne recense "
                            "encore ces sites : la couche est vide.")


def write_url(state: url_state.ViewState, ctx: Context | None = None) -> None:
    params = url_state.encode(state, ctx)
    st.session_state[LAST_VIEW] = params
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
