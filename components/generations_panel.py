"""The contract generations side by side: known amounts by theme, one bar per generation,
each bar's projects written at its end (those without an amount included, never as 0 €),
the table equivalent on demand and a caption saying what the figures cover. The
département version also sets the 2022 report's figures on the 2019-2021 generation
beside what the atlas holds, with their citations and the gap sentences
(:mod:`geo.analysis.generation_compare`).

Generation colours are derived here from :mod:`geo.model.style` (nothing added there): the
choropleth's sequential blues for the three dated generations, light to dark in time
order, and the grey of the other EPCI for « non établie ». Colour is never alone: each
bar's text starts with its generation.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components import charts
from geo.data import citations
from geo.analysis import generations
from geo.model import style
from geo.analysis import generation_compare as gc
from geo.atlas import Atlas
from geo.views.departement import DepartementView
from geo.views.epci import EpciView
from geo.model.memo import Memo

_TEXTS = Memo(512)     # what a tidy table says and needs (computed once per table)

GENERATION_COLORS = {
    "2015-2018": style.CHOROPLETH_COLORS[1],
    "2019-2021": style.CHOROPLETH_COLORS[2],
    "2023-2026": style.CHOROPLETH_COLORS[4],
    generations.UNKNOWN: style.CHART_OTHERS,
}
BAR_PX = 17                 # one generation's bar
THEME_GAP_PX = 14           # between two themes
X_TITLE = "Financement du Département connu"
_WHOLE: dict[int, tuple[Atlas, pd.DataFrame, list[str], pd.DataFrame]] = {}


def chart_data(tidy: pd.DataFrame) -> pd.DataFrame:
    """The chart's rows: amount in euros (NaN when none known), the text at the bar end
    (« 2019-2021 : 9 projets (2 sans montant) ») and where it sits."""
    amount = tidy["amount_cents"].astype("Float64").astype(float) / 100
    return tidy.assign(
        amount=amount, x=amount.fillna(0.0),
        label=[f"{g} : {gc.count_text(int(c), int(u))}"
               for g, c, u in zip(tidy["generation"], tidy["count"], tidy["unknown"])],
        amount_text=[gc.amount_text(a) for a in tidy["amount_cents"]],
        generation_label=tidy["generation"].map(gc.GENERATION_LABELS).fillna(
            tidy["generation"]))


def generations_chart(tidy: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Known amounts per theme, the generations side by side within each theme; every
    (generation, theme) the scope holds has its text, a bar only when an amount is
    known. None when no amount at all is known."""
    data = chart_data(tidy)
    if data["amount"].isna().all():
        return None
    gens = list(dict.fromkeys(data["generation"]))
    themes = gc.ordered_themes(data["theme"])
    x_scale = alt.Scale(domain=[0, float(data["amount"].max()) * 1.8])
    y = alt.Y("theme:N", sort=themes, title=None, axis=alt.Axis(labelFontWeight="bold"))
    offset = alt.YOffset("generation:N", sort=gens, scale=alt.Scale(domain=gens))
    tooltip = [alt.Tooltip("theme:N", title="Thématique"),
               alt.Tooltip("generation_label:N", title="Génération"),
               alt.Tooltip("label:N", title="Projets"),
               alt.Tooltip("amount_text:N", title="Montant connu")]
    bars = alt.Chart(data).transform_filter("isValid(datum.amount)").mark_bar(
        stroke=style.CHART_REFERENCE, strokeWidth=0.5).encode(
        y=y, yOffset=offset, tooltip=tooltip,
        x=alt.X("amount:Q", title=X_TITLE, scale=x_scale,
                axis=alt.Axis(labelExpr=charts.EUROS_AXIS, tickCount=4)),
        color=alt.Color("generation:N", title="Génération", sort=gens, scale=alt.Scale(
            domain=gens, range=[GENERATION_COLORS.get(g, style.CHART_OTHERS) for g in gens]),
            legend=alt.Legend(orient="bottom")))
    text = alt.Chart(data).mark_text(align="left", dx=4, fontSize=11, color="#333333").encode(
        y=y, yOffset=offset, x=alt.X("x:Q", title=X_TITLE, scale=x_scale), text="label:N",
        tooltip=tooltip)       # the same title: the layers share one axis
    return charts._finish(alt.layer(bars, text).properties(   # the charts' shared look
        height=chart_height(tidy), width="container"))


def chart_height(tidy: pd.DataFrame) -> int:
    themes, gens = tidy["theme"].nunique(), tidy["generation"].nunique()
    return max(90, themes * (gens * BAR_PX + THEME_GAP_PX))


def _chart_and_table(tidy: pd.DataFrame, siren: str | None, key: str) -> None:
    spec = charts.spec_of("generations", tidy, lambda: generations_chart(tidy))
    if spec is None:
        totals = gc.generation_totals(tidy)
        st.info("Aucun montant connu parmi ces projets : "
                + " ; ".join(f"{g} : {gc.count_text(int(c), int(c))}"
                             for g, c in zip(totals["generation"], totals["count"])) + ".")
    else:
        charts.draw(spec, width="stretch", key=f"generations_chart_{key}",
                        height=_TEXTS.by_object("height", tidy, lambda: chart_height(tidy)) + 110,
                        alt="Financement du Département connu par thématique, les "
                            "générations de contrat côte à côte. Le tableau par génération "
                            "en donne chaque valeur.")
    st.caption(_TEXTS.by_object("covers", tidy, lambda: gc.covers(tidy, siren), siren))
    if st.toggle("Afficher le tableau par génération (équivalent accessible)",
                 key=f"show_generations_table_{key}"):
        st.dataframe(gc.side_by_side(tidy), hide_index=True, width="stretch")


def render_epci(view: EpciView) -> None:
    """An EPCI's projects (those serving it, shared ones in full) by generation."""
    st.header("Projets par génération de contrat")
    tidy, siren = view.by_generation, view.siren
    if tidy.empty:
        st.info("Aucun projet de cet EPCI dans cette sélection.")
        return
    _chart_and_table(tidy, siren, key="epci")
    if view.map_lost:
        st.caption("Carte du livret illisible dans la source : ces montants sont partiels, "
                   "non comparables à ceux des EPCI dont la carte a été lue.")


def whole_atlas(atlas: Atlas) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """Every project of the atlas (the placed and the imported ones with no place), its
    gap sentences and its framework table, computed once per loaded atlas."""
    found = _WHOLE.get(id(atlas))
    if found is None or found[0] is not atlas:
        unplaced = atlas.unplaced if atlas.unplaced is not None else pd.DataFrame()
        every = pd.concat([atlas.projects, unplaced], ignore_index=True) \
            if len(unplaced) else atlas.projects
        if len(_WHOLE) >= 8:
            _WHOLE.clear()
        found = _WHOLE[id(atlas)] = (atlas, every, gc.gap_sentences(every),
                                     gc.framework_beside_atlas(every))
    return found[1:]


def render_departement(view: DepartementView) -> None:
    """The département's projects (each once) by generation, then the 2022 report's
    figures on the 2019-2021 generation beside what the whole atlas holds."""
    atlas, projects = view.atlas, view.projects
    st.header("Projets par génération de contrat")
    tidy = view.by_generation
    if tidy.empty:
        st.info("Aucun projet dans cette sélection.")
    else:
        _chart_and_table(tidy, None, key="departement")
    unplaced = 0 if atlas.unplaced is None else len(atlas.unplaced)
    if unplaced:
        st.caption(f"{unplaced} subvention(s) importée(s) sans lieu établi : hors de ce "
                   "graphique, comptée(s) dans la comparaison avec le rapport ci-dessous.")
    _framework(atlas, filtered=len(projects) != len(atlas.projects))


def _framework(atlas: Atlas, filtered: bool) -> None:
    every, sentences, table = whole_atlas(atlas)
    st.markdown(f"**La génération {gc.PREVIOUS} : ce qu'en dit le rapport 2022-317, ce "
                "qu'en connaît l'atlas**")
    st.table(table.set_index(table.columns[0]))     # a static table: its long cells wrap
    st.markdown("\n".join(f"- {s}" for s in sentences))
    st.caption(f"Comparaison sur les {len(every)} projets de l'atlas"
               + (", quels que soient les filtres choisis." if filtered else ".")
               + " Chaque projet compté une fois, même partagé entre plusieurs EPCI.")
    for ref in dict.fromkeys(f.source_ref for f in gc.framework_2022()):
        lines = citations.parse(ref).lines_text
        with st.expander(f"Source : {citations.citation(ref)}"):
            st.text(citations.passage(ref))
            st.caption(f"Texte de la délibération livré avec l'atlas ({ref}), {lines}.")
