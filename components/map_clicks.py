"""What a click on a map opens, and whether a map has reached the browser.

A click comes back from the map component (:mod:`components.map_component`) as its point
and the tooltip of what was under it (``last_object_clicked_tooltip``). Inside a commune (its tooltip names its code
INSEE: the communes of the département map from zoom 10, those of a livret map) it
opens the commune view; elsewhere, the livret map of the EPCI under the point. A click
is handled once: the browser may send a map's last value again when its view comes back.

A map whose first value has arrived (``map_ready``) is drawn in the browser: the charts
of a view are drawn from that run on, so their code (Vega-Lite) reaches the browser after
the map, not beside it (``bench/``: the first map is no slower with the charts).

The same holds for the whole page on a session's first map: the first run draws the
title and the map only; the filters, lists and exports follow once the map has reported
(``note_drawn``), so the code of their controls does not queue in front of the map's in
the browser (``page_complete``). Should a map never report, the page completes anyway
after ``FALLBACK_S`` (``complete_later``).
"""
from __future__ import annotations

import re

import streamlit as st

from components.profiling import fragment_only_run
from geo.data import territory
from geo.atlas import Atlas
from geo.model.view_fields import BY_NAME

INSEE = re.compile(r"Code INSEE : ?(\w{5})")
EPCI_KEY, COMMUNE_KEY = BY_NAME["epci"].key, BY_NAME["commune"].key   # their controls


def open_epci(siren: str) -> None:
    """Open the livret map of ``siren`` (leaving any commune view), if not shown already."""
    ss = st.session_state
    if siren != ss.get(EPCI_KEY) or ss.get(COMMUNE_KEY):
        ss[EPCI_KEY], ss[COMMUNE_KEY] = siren, None
        st.rerun()


def open_commune(code: str, atlas: Atlas) -> None:
    """Open the commune view of ``code`` (on its EPCI's map), if not shown already."""
    ss = st.session_state
    if ss.get(COMMUNE_KEY) != code:
        ss[COMMUNE_KEY], ss[EPCI_KEY] = code, atlas.commune_epci[code]
        st.rerun()


PAGE_COMPLETE = "_page_complete"
FALLBACK_S = 3.0


def map_ready(key: str) -> bool:
    """The map of widget key ``key`` has sent its first value (it is in the browser)."""
    return st.session_state.get(key) is not None


def page_complete() -> bool:
    """A map of this session has reached the browser: draw the whole page."""
    return bool(st.session_state.get(PAGE_COMPLETE))


def note_drawn(key: str) -> None:
    """Call after drawing map ``key``: once it has reported, the page is complete (from a
    fragment's own run, the whole page is drawn again at once)."""
    if page_complete() or not map_ready(key):
        return
    st.session_state[PAGE_COMPLETE] = True
    if fragment_only_run():
        st.rerun(scope="app")


@st.fragment(run_every=FALLBACK_S)
def complete_later() -> None:
    """Draw the whole page after ``FALLBACK_S`` even if no map reports (a browser that
    blocks the map's frame); not drawn once the page is complete, so it stops."""
    if fragment_only_run() and not page_complete():
        st.session_state[PAGE_COMPLETE] = True
        st.rerun(scope="app")


def open_clicked(atlas: Atlas, clicked: dict | None, key: str) -> None:
    """Open what the click of map ``key`` points at (a rerun when the view changes)."""
    point = (clicked or {}).get("last_object_clicked")
    if not point:
        return
    click = (point["lat"], point["lng"], clicked.get("last_object_clicked_count"))
    handled = st.session_state.setdefault("_handled_clicks", {})
    if handled.get(key) == click:
        return
    handled[key] = click
    code = INSEE.search(clicked.get("last_object_clicked_tooltip") or "")
    if code and code.group(1) in atlas.commune_epci:
        open_commune(code.group(1), atlas)
        return
    siren = territory.epci_at(point["lng"], point["lat"])
    if siren and siren != st.session_state.get(EPCI_KEY):
        open_epci(siren)
