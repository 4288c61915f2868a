"""« Ma commune »: the type-ahead finder of the sidebar, a thin bridge to its frontend
module ``static/atlas/atlas-finder.js`` (a Streamlit components v2 element: no iframe,
nothing fetched). It sends the 887 communes once per run; choosing one sets the commune
and its EPCI, and the page reruns on the commune view."""
from __future__ import annotations

from functools import lru_cache

import streamlit as st

from geo.atlas import Atlas
from geo.model.paths import ROOT

SOURCE = ROOT / "static" / "atlas" / "atlas-finder.js"
KEY = "commune_finder"
CSS = """
.atlas-finder { font-family: inherit; font-size: 14px; color: var(--st-text-color, #31333f); }
.atlas-finder label { display: block; margin-bottom: 0.4rem; font-size: 14px; }
.atlas-finder input { box-sizing: border-box; width: 100%; height: 2.5rem; padding: 0 0.75rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; font: inherit;
  background: var(--st-secondary-background-color, #f0f2f6); color: inherit; }
.atlas-finder input:focus { outline: 2px solid #1F4E79; outline-offset: 1px; }
.atlas-finder ul { list-style: none; margin: 0.25rem 0 0; padding: 0.25rem 0;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; background: #fff; }
.atlas-finder li { padding: 0.35rem 0.75rem; cursor: pointer; }
.atlas-finder li[aria-selected="true"], .atlas-finder li:hover { background: #e8eef6; }
.atlas-finder-status { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); }
"""


@lru_cache(maxsize=1)
def _component():
    js = SOURCE.read_text(encoding="utf-8") + (
        "\nexport default function (component) { return self.AtlasFinder.mount(component); }\n")
    return st.components.v2.component("atlas_commune_finder", js=js, css=CSS)


def _rows(atlas: Atlas) -> list[list]:
    return atlas.memo.get(("finder_rows",), lambda: _build_rows(atlas))


def _build_rows(atlas: Atlas) -> list[list]:
    communes = atlas.communes.sort_values("nom")
    return [[c, n, int(p)] for c, n, p in
            zip(communes["code_insee"], communes["nom"], communes["population"])]


def render(atlas: Atlas, commune_key: str, epci_key: str) -> None:
    """The finder in the sidebar; a chosen commune opens its view (in the callback, which
    runs before the script draws the EPCI control)."""
    def chosen() -> None:
        state = st.session_state.get(KEY)
        code = state.get("chosen") if isinstance(state, dict) else getattr(state, "chosen", None)
        if code in atlas.commune_epci:
            st.session_state[commune_key] = code
            st.session_state[epci_key] = atlas.commune_epci[code]

    with st.sidebar:
        _component()(key=KEY, on_chosen_change=chosen,
                     data={"label": "Ma commune", "rows": _rows(atlas),
                           "placeholder": "Nom ou code INSEE (ex. : st pol)"})
