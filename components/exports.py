"""The "Exporter" panel: download the current view (filters included) as a print map
(PNG A4/A3, portrait/landscape, 150/300 dpi; PDF; SVG), the filtered project table (CSV
for French Excel, XLSX, GeoJSON, GeoPackage) and, in an EPCI view, its booklet.

Files are produced only when a button is clicked (deferred download data) and cached,
so the panel costs nothing on an ordinary rerun. Usage, from the dashboard::

    from components.exports import render_exports
    render_exports(atlas, state.flt, state)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import fields
from functools import partial

import streamlit as st

from geo.analysis import filters
from geo.atlas import Atlas
from geo.export.paper import DEFAULT_LAYERS, PrintOptions
from geo.export.mime import MAP as MAP_MIME
from geo.export.mime import TABLE as TABLE_MIME
from geo.analysis.indicators import DEFAULT_INDICATOR
from geo.model.names import normalize_name

ORIENTATION_LABELS = {"portrait": "Portrait", "landscape": "Paysage"}
DATA_BUTTONS = [("csv", "CSV (Excel)"), ("xlsx", "Excel (XLSX)"), ("geojson", "GeoJSON (QGIS)"),
                ("gpkg", "GeoPackage (QGIS)")]


def render_exports(atlas: Atlas, flt: filters.ProjectFilter, state) -> None:
    """Download buttons for the view described by ``flt`` and ``state`` (a
    ``components.url_state.ViewState``: choropleth indicator and presence layers)."""
    key = filter_key(flt)
    indicator = getattr(state, "indicator", None) or DEFAULT_INDICATOR
    layers = getattr(state, "layers", None)
    layers = tuple(DEFAULT_LAYERS if layers is None else layers)
    method = getattr(state, "method", "quantiles")
    _panel(atlas, key, indicator, layers, method)


@st.fragment
def _panel(atlas: Atlas, key: tuple, indicator: str, layers: tuple, method: str) -> None:
    """A fragment: changing the paper or the resolution reruns this panel only."""
    flt = filter_from_key(key)
    st.caption("Les fichiers reprennent la vue affichée — "
               + filters.describe(flt, atlas.epci_names))
    c1, c2, c3 = st.columns(3)
    paper = c1.radio("Papier", ["A4", "A3"], horizontal=True, key="exp_paper")
    orientation = c2.radio("Orientation", list(ORIENTATION_LABELS), horizontal=True,
                           format_func=ORIENTATION_LABELS.get, key="exp_orientation")
    dpi = c3.radio("Résolution (PNG)", [150, 300], index=1, horizontal=True,
                   format_func=lambda d: f"{d} dpi", key="exp_dpi")
    base = base_name(atlas, flt)
    today = dt.date.today().isoformat()           # part of the cache key: the printed date
    st.markdown("**Carte imprimable**")
    for col, fmt in zip(st.columns(3), ("png", "pdf", "svg")):
        col.download_button(
            f"Carte {fmt.upper()}", data=partial(map_bytes, atlas, atlas.version, key, fmt, paper,
                                                 orientation, dpi, indicator, layers, method,
                                                 today),
            file_name=map_file_name(base, fmt, paper, orientation, dpi), mime=MAP_MIME[fmt],
            on_click="ignore", key=f"exp_map_{fmt}", icon=":material/map:", width="stretch")
    _table_buttons(atlas, key, base, len(atlas.projects_for(flt)))
    if flt.epci:
        st.download_button(
            "Livret de l'intercommunalité (PDF : carte, chiffres clés, projets)",
            data=partial(booklet_bytes, atlas, atlas.version, flt.epci, today),
            file_name=f"livret_{base}.pdf",
            mime="application/pdf", on_click="ignore", key="exp_booklet",
            icon=":material/menu_book:")


def _table_buttons(atlas: Atlas, key: tuple, base: str, rows: int) -> None:
    st.markdown(f"**Tableau des projets** ({rows} ligne{'s' * (rows > 1)})")
    for col, (fmt, label) in zip(st.columns(len(DATA_BUTTONS)), DATA_BUTTONS):
        col.download_button(label, data=partial(table_bytes, atlas, atlas.version, key, fmt),
                            file_name=f"projets_{base}.{fmt}", mime=TABLE_MIME[fmt],
                            on_click="ignore", key=f"exp_table_{fmt}", icon=":material/table:",
                            width="stretch", disabled=rows == 0)


# ---------------------------------------------------------------------------------------
# File producers (called on click, cached; no Streamlit element inside). Streamlit leaves
# the ``_atlas`` argument out of the cache key: ``version`` (the import store version the
# atlas shows) is in it, so a staff import or a restore never serves the previous files.

def filter_key(flt: filters.ProjectFilter) -> tuple:
    """The filter as a hashable tuple (the groupings frame is left out)."""
    return tuple((f.name, getattr(flt, f.name)) for f in fields(flt) if f.name != "groupings")


def filter_from_key(key: tuple) -> filters.ProjectFilter:
    return filters.ProjectFilter(**dict(key))


def base_name(atlas: Atlas, flt: filters.ProjectFilter) -> str:
    if flt.epci and flt.epci in atlas.epci_names:
        return normalize_name(atlas.epci_names[flt.epci]).replace(" ", "-")
    return "departement"


def map_file_name(base: str, fmt: str, paper: str, orientation: str, dpi: int) -> str:
    """``carte_cu-d-arras_A4_portrait_300dpi.png`` (no dpi for the vector formats)."""
    suffix = f"_{paper}_{orientation}" + (f"_{dpi}dpi" if fmt == "png" else "")
    return f"carte_{base}{suffix}.{fmt}"


@st.cache_data(max_entries=24, show_spinner=False)
def map_bytes(_atlas: Atlas, version: int | None, key: tuple, fmt: str, paper: str, orientation: str, dpi: int,
              indicator: str, layers: tuple, method: str, day: str) -> bytes:
    from geo.export.print_map import render_map
    options = PrintOptions(paper=paper, orientation=orientation, dpi=dpi, fmt=fmt,
                           layers=layers, indicator=indicator, method=method,
                           date=dt.date.fromisoformat(day))
    return render_map(_atlas, filter_from_key(key), options)


@st.cache_data(max_entries=24, show_spinner=False)
def table_bytes(_atlas: Atlas, version: int | None, key: tuple, fmt: str) -> bytes:
    from geo.export.tables import export_table
    flt = filter_from_key(key)
    projects = _atlas.with_citations(_atlas.projects_for(flt))
    return export_table(projects, fmt, flt, _atlas.epci_names,
                        covers=_atlas.covers(flt, projects))


@st.cache_data(max_entries=8, show_spinner=False)
def booklet_bytes(_atlas: Atlas, version: int | None, siren: str, day: str) -> bytes:
    from geo.export.booklet import booklet_pdf
    return booklet_pdf(_atlas, siren, dt.date.fromisoformat(day))
