"""Comparisons beside the maps: the ranking of the EPCI (a click on a bar opens that
EPCI, like a click on the map), the equity view (scatter, quadrant sentences,
definitions), an EPCI's projects by theme and period and where it stands on each key
figure. Each chart has its table equivalent on demand; the figures come from
:mod:`geo.analysis.ranking`, :mod:`geo.analysis.equity` and :mod:`geo.analysis.standing`."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts, map_clicks
from geo.analysis import equity as equity_mod
from geo.model.amounts import format_eur
from geo.analysis.indicators import format_value
from geo.analysis.ranking import Ranking
from geo.views.epci import EpciView

CLICKS = "_ranking_clicks"      # handled clicks: a new chart key after each one


def ranking_panel(ranking: Ranking, key: str = "departement") -> None:
    """The EPCI as ``ranking`` ranks them (its selected EPCI highlighted); clicking a bar
    opens that EPCI. ``key`` tells the panels of one page apart."""
    st.markdown(f"**Classement des EPCI** — {ranking.indicator.label}")
    if not ranking.rows:
        st.info("Aucun EPCI n'a de chiffre comparable pour cet indicateur et ces filtres.")
        return
    spec = charts.spec_of("ranking", ranking, lambda: charts.ranking_chart(ranking))
    event = charts.draw(spec, on_select="rerun",
                            selection_mode=charts.SELECTION, width="stretch",
                            key=f"ranking_{key}_{st.session_state.get(CLICKS, 0)}",
                            height=charts.chart_height(ranking) + 70,
                            alt=f"Classement des EPCI : {ranking.indicator.label}. "
                                "Le tableau du classement en donne chaque valeur.")
    _open_chosen(event)
    st.caption(f"{ranking.reference_label}. Cliquez sur une barre pour ouvrir la carte de "
               "l'EPCI." + "".join(f" {name} : {why}." for _, name, why in ranking.left_out))
    if st.toggle("Afficher le tableau du classement", key=f"show_ranking_table_{key}"):
        st.dataframe(pd.DataFrame({"Rang": [r.rank for r in ranking.rows],
                                   "EPCI": [r.name for r in ranking.rows],
                                   ranking.indicator.label: [r.value_text for r in ranking.rows]}),
                     hide_index=True, width="stretch")


def _open_chosen(event) -> None:
    chosen = ((event or {}).get("selection") or {}).get(charts.SELECTION) or []
    siren = next((p.get("siren") for p in chosen if p.get("siren")), None)
    if siren:
        st.session_state[CLICKS] = st.session_state.get(CLICKS, 0) + 1
        map_clicks.open_epci(siren)


def equity_panel(data: equity_mod.Equity, selected: str | None = None) -> None:
    """The scatter of investment per inhabitant against the chosen social need."""
    st.markdown(f"**Équité** — investissement du Département par habitant et "
                f"{equity_mod.NEED_NOUNS[data.need]} pour 1 000 habitants")
    spec = charts.spec_of("equity", data, lambda: charts.equity_scatter(data, selected), selected)
    charts.draw(spec, width="content",
                    key="equity_scatter",
                    alt=f"Nuage de points des {len(data.table)} EPCI : investissement par "
                        f"habitant et {data.need_label}. Le tableau de l'équité en "
                        "donne chaque valeur.")
    st.caption(data.references_text())


def equity_details(data: equity_mod.Equity) -> None:
    """What each quadrant holds, the definitions and the sources."""
    st.markdown(f"**{data.need_label}** face à l'investissement du Département par habitant")
    st.markdown("\n".join(f"- {s}" for s in data.quadrant_sentences()))
    with st.expander("Définitions et sources"):
        st.markdown(equity_mod.DEFINITION)
        st.caption(f"Sources : {equity_mod.SOURCES}")


def equity_table(data: equity_mod.Equity) -> None:
    """The scatter's table equivalent, on demand."""
    if st.toggle("Afficher le tableau de l'équité (équivalent accessible)",
                 key="show_equity_table"):
        table = data.table.sort_values("need_per_1000", ascending=False)
        st.dataframe(pd.DataFrame({
            "EPCI": table["name"],
            "Investissement 2015-2018 (€/hab.)": [format_value(v, "€/hab.") for v in
                                                  table["investment_per_inhabitant"]],
            data.need_label: [f"{v:.1f}".replace(".", ",") for v in table["need_per_1000"]],
            "Quadrant": [equity_mod.QUADRANTS[q] for q in table["quadrant"]],
        }), hide_index=True, width="stretch")


def epci_charts(view: EpciView) -> None:
    """An EPCI's projects by theme and period, then its standing on each key figure."""
    projects = view.projects
    st.header("Projets par thématique et période")
    spec = charts.spec_of("themes", projects, lambda: charts.themes_chart(projects))
    if spec is None:
        st.info("Aucun montant connu parmi les projets de cette sélection.")
    else:
        charts.draw(spec, width="stretch", key="themes_chart",
                        height=charts.themes_height(projects) + 110,
                        alt="Montants connus des projets par thématique, empilés par période. "
                            "Le tableau par thématique et période en donne chaque valeur.")
        if view.map_lost:
            st.caption("Carte du livret illisible dans la source : ces montants sont "
                       "partiels (ceux que les fiches, la délibération et le texte du contrat "
                       "donnent encore), non comparables à ceux des EPCI dont la carte a été "
                       "lue.")
        unknown = int(projects["amount_cents"].isna().sum())
        if unknown:
            st.caption(f"{unknown} projet(s) sans montant dans le texte : comptés au bout des "
                       "barres et dans le tableau, absents des montants (jamais 0 €).")
    if st.toggle("Afficher le tableau par thématique et période", key="show_theme_table"):
        st.dataframe(_theme_period_table(projects), hide_index=True, width="stretch")
    _standing(view)


def _theme_period_table(projects: pd.DataFrame) -> pd.DataFrame:
    rows = projects.groupby(["theme", "period"], as_index=False).agg(
        count=("project_id", "size"), known=("amount_cents", "count"),
        amount=("amount_cents", lambda s: s.sum()))
    return pd.DataFrame({"Thématique": rows["theme"], "Période": rows["period"],
                         "Projets": rows["count"], "Dont montant connu": rows["known"],
                         "Montant connu": [format_eur(a) for a in rows["amount"]]})


def _standing(view: EpciView) -> None:
    standings, siren = view.standings, view.siren
    st.header("Où se situe l'EPCI parmi les autres")
    if not standings:
        st.info("Pas de chiffres clés à comparer : cet EPCI n'a pas de contrat dans le "
                "recueil de mai 2019.")
        return
    ranking = view.ranking
    st.markdown(f"Investissement du Département 2015-2018 par habitant : "
                f"**{ranking.position(siren)}**.")
    with st.expander("Voir le classement des EPCI (cet EPCI en rouge)"):
        ranking_panel(ranking, key="epci")
    spec = charts.spec_of("standing", standings,
                          lambda: charts.standing_chart(standings, view.ratio_table, siren))
    charts.draw(spec, width="stretch", key="standing_chart",
                    height=charts.STRIP_PX * len(standings) + 60,
                    alt="Position de l'EPCI parmi les autres sur chaque chiffre clé. Le "
                        "tableau des rangs en donne chaque valeur.")
    st.caption("Chaque chiffre clé rapporté à ce qu'il sert (habitants, collégiens, "
               "bénéficiaires) ; losange : cet EPCI, traits : les autres EPCI qui impriment "
               "le chiffre. Population : légale 2023 des communes de l'EPCI dans le "
               "Pas-de-Calais ; chiffres du recueil de mai 2019 (2017 pour la plupart).")
    if st.toggle("Afficher le tableau des rangs", key="show_standing_table"):
        st.dataframe(pd.DataFrame({
            "Chiffre clé": [s.ratio.label for s in standings],
            "EPCI": [s.value_text for s in standings],
            "Rang": [s.rank_text for s in standings],
            "Parmi les EPCI": [s.spread_text() for s in standings]}),
            hide_index=True, width="stretch")
