"""Side panels and tables: key figures beside the département average, the sortable
project table with its source references, the projects without a known commune, the
map's table equivalent. Every figure shown names where it comes from."""
from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from geo.model.amounts import format_eur
from geo.atlas import Atlas
from geo.analysis.indicators import format_value
from geo.analysis.key_figures import AVERAGE_NOTE
from geo.analysis.off_map import candidate_names
from geo.views.epci import EpciView

PROJECT_COLUMNS = {
    "title": "Projet", "commune_nom": "Commune", "epci_nom": "EPCI", "theme": "Thématique",
    "period": "Période", "nature": "Nature", "amount_eur": "Montant Département",
    "a_venir_eur": "Part « à venir »", "maitre_ouvrage": "Maître d'ouvrage",
    "location_precision": "Localisation", "source_refs": "Sources (lignes des actes)",
}


PRECISION_LABELS = {"commune": "commune", "epci": "tout l'EPCI",
                    "communes candidates": "une de plusieurs communes nommées",
                    "inconnue": "non établie par le texte"}


EMPTY = "—"     # an empty cell, never "None"


def _euros_fr(value) -> str:
    return "non précisé" if pd.isna(value) else format_eur(value * 100)


def project_table(projects: pd.DataFrame, *, with_epci: bool, key: str,
                  max_rows: int | None = None) -> str | None:
    """Sortable table (amounts sort as numbers, display in French format); with
    ``max_rows`` only the largest amounts are sent to the browser, the rest is in the
    exports (CSV, XLSX). Below it, a project can be chosen to read its sources: returns
    that project's id (None when none is chosen)."""
    if projects.empty:
        st.info("Aucun projet ne correspond aux filtres.")
        return None
    if max_rows is not None and len(projects) > max_rows:
        st.caption(f"Les {max_rows} projets aux montants les plus élevés sur {len(projects)} ; "
                   "le tableau complet se télécharge dans « Exporter » (CSV, XLSX).")
        projects = projects.nlargest(max_rows, "amount_cents", keep="first")
    table = projects.assign(amount_eur=projects["amount_cents"] / 100,
                            a_venir_eur=projects["amount_a_venir_cents"] / 100)
    columns = [c for c in PROJECT_COLUMNS if with_epci or c != "epci_nom"]
    if "corrections" in table and table["corrections"].notna().any():
        columns.append("corrections")
    if table["a_venir_eur"].isna().all():   # no "à venir" part in this selection
        columns.remove("a_venir_eur")
    table = table.sort_values("amount_cents", ascending=False, na_position="last")
    ids = list(table["project_id"])
    table = table[columns].assign(location_precision=lambda t: t["location_precision"].map(
        PRECISION_LABELS).fillna(t["location_precision"]))
    table = table.rename(columns={**PROJECT_COLUMNS, "corrections": "Correction des agents"}
                         ).reset_index(drop=True)
    text = table.select_dtypes(exclude="number").columns
    table[text] = table[text].astype(object).fillna(EMPTY)
    money = [PROJECT_COLUMNS["amount_eur"], PROJECT_COLUMNS["a_venir_eur"]]
    styled = table.style.format({c: _euros_fr for c in money}, na_rep=EMPTY)
    st.dataframe(
        styled, width="stretch", hide_index=True, key=key,
        column_config={PROJECT_COLUMNS["source_refs"]: st.column_config.TextColumn(width="large"),
                       PROJECT_COLUMNS["title"]: st.column_config.TextColumn(width="large"),
                       PROJECT_COLUMNS["amount_eur"]: st.column_config.TextColumn(width="medium"),
                       PROJECT_COLUMNS["a_venir_eur"]: st.column_config.TextColumn(
                           width="medium")})
    labels = {p: f"{t} ({_euros_fr(a / 100)})" for p, t, a in
              zip(projects["project_id"], projects["title"], projects["amount_cents"])}
    return st.selectbox("Lire les passages des actes cités par un projet", [None, *ids],
                        format_func=lambda p: "— choisir un projet —" if p is None else labels[p],
                        key=f"{key}_sources")


def unlocated(projects: pd.DataFrame, commune_names: dict[str, str], *, with_table: bool
              ) -> None:
    """Projects the text does not place in one commune: always counted, listed on demand,
    never dropped."""
    if not with_table:     # they are listed beside the map (components.off_map_box)
        return
    missing = projects[projects["lon"].isna()]
    if missing.empty:
        return
    st.markdown(f"**{len(missing)} projet(s) sans commune connue** (à l'échelle de l'EPCI ou "
                "localisation non établie par le texte), avec les indices du texte :")
    rows = missing.assign(
        montant=[format_eur(a) if pd.notna(a) else "non précisé" for a in missing["amount_cents"]],
        location_precision=missing["location_precision"].map(PRECISION_LABELS),
        candidates=missing.get("candidate_communes", pd.Series(None, index=missing.index)).map(
            lambda codes: ", ".join(candidate_names(codes, commune_names)) or EMPTY))
    st.dataframe(rows[["title", "montant", "location_precision", "candidates",
                       "location_evidence", "source_refs"]].fillna(EMPTY).rename(columns={
                           "title": "Projet", "montant": "Montant",
                           "location_precision": "Précision", "candidates": "Communes candidates",
                           "location_evidence": "Indice", "source_refs": "Sources"}),
                 width="stretch", hide_index=True)


def unplaced_subsidies(unplaced: pd.DataFrame | None) -> None:
    """Imported subsidies whose beneficiary is neither a commune nor an EPCI of the
    département: counted and listed, never placed on the map."""
    if unplaced is None or unplaced.empty:
        return
    total = unplaced["amount_cents"].dropna().sum()
    st.markdown(f"**{len(unplaced)} subvention(s) sans lieu dans le département** "
                f"({format_eur(total)}) : le bénéficiaire (association, syndicat…) n'est ni "
                "une commune ni un EPCI du Pas-de-Calais et le fichier ne donne pas de commune. "
                "Elles ne sont pas sur la carte ni dans les totaux des EPCI.")
    if not st.toggle("Afficher les subventions sans lieu", key="show_unplaced"):
        return
    st.dataframe(pd.DataFrame({
        "Objet": unplaced["title"], "Bénéficiaire": unplaced["partner_name"],
        "Identifiant": unplaced["partner_id"], "Thématique": unplaced["theme"],
        "Génération": unplaced["generation"],
        "Montant": [format_eur(a) if pd.notna(a) else "non précisé" for a in unplaced["amount_cents"]],
        "Source": unplaced["source_refs"]}), width="stretch", hide_index=True)


def key_figures_panel(view: EpciView) -> None:
    """The EPCI's "Au-delà du contrat" figures beside the average EPCI of the département;
    département-wide figures apart (rows of :func:`Atlas.key_figure_rows`)."""
    st.header("Au-delà du contrat")
    rows = view.key_figures
    if not rows:
        st.info("Pas de chiffres clés : cet EPCI n'a pas de contrat dans le recueil de mai "
                "2019 (source des chiffres).")
        return
    own = [r for r in rows if not r.departement_wide]
    st.html(html_table([{"Indicateur": r.label, "EPCI": r.value_text,
                          "Moyenne des EPCI": r.mean_text} for r in own],
                        caption="Chiffres clés de l'EPCI et moyenne des EPCI"))
    for r in rows:
        if r.departement_wide:
            st.caption(f"À l'échelle du département (même chiffre dans chaque contrat) : "
                       f"{r.label}, {r.value_text}.")
    if view.cis_text:
        st.caption(f"CIS cités par le contrat : {view.cis_text}")
    with st.expander("Sources de chaque chiffre"):
        st.markdown("\n".join(f"- {r.label} : « {r.raw_text} » — `{r.source_ref}`"
                               for r in rows))
    st.caption(AVERAGE_NOTE)


def epci_table(atlas: Atlas, totals: pd.DataFrame, data) -> None:
    """Table equivalent of the département choropleth, with each EPCI's state (class,
    livret map illegible in the source, no data) as on the map."""
    from geo.analysis.choropleth import CLASSED, LOST

    unit, label = data.indicator.unit, data.indicator.label
    states = {CLASSED: "comparable", LOST: "carte du livret illisible (partiel)"}
    table = totals.assign(valeur=totals["epci_siren"].map(data.values),
                          etat=totals["epci_siren"].map(data.status).map(states)
                          .fillna("sans donnée"))
    table = table.sort_values("valeur", ascending=False, na_position="last")
    out = pd.DataFrame({
        "EPCI": table["nom"], "SIREN": table["epci_siren"], label: table["valeur"],
        "État": table["etat"],
        "Projets": table["count"], "Montant connu des projets": table["amount_cents"] / 100,
        "Population 2023 (62)": table["population_62"],
    })
    styled = out.style.format({label: lambda v: format_value(v, unit),
                               "Montant connu des projets": _euros_fr,
                               "Population 2023 (62)": lambda v: format_value(v, "")})
    st.dataframe(styled, hide_index=True, width="stretch")
    st.caption(data.covers)


def investment_definition(atlas: Atlas) -> None:
    """What the default indicator adds up, per EPCI, with its sources (on demand)."""
    from geo.analysis import investment

    st.caption(investment.DEFINITION)
    with st.expander("Détail par EPCI : composantes, bornes « plus de », sources"):
        rows = [{"EPCI": atlas.epci_names[s], "Investissement 2015-2018": investment.describe(b),
                 "Sources": " ; ".join(b.refs) or "–"}
                for s, b in sorted(atlas.investment.items(),
                                   key=lambda kv: -(kv[1].total_eur or -1))]
        st.html(html_table(rows, caption="Investissement 2015-2018 par EPCI et ses "
                                          "composantes (section 7 de chaque contrat)"))


def presence_table(presence: pd.DataFrame, commune_names: dict[str, str]) -> None:
    """Table equivalent of the presence layers of the map (all kinds, positioned or not)."""
    from geo.model.style import PRESENCE_STYLES

    if presence.empty:
        st.info("Aucun site du Département recensé dans cet EPCI.")
        return
    kinds = {k: s.label for k, s in PRESENCE_STYLES.items()}
    table = pd.DataFrame({
        "Type": presence["kind"].map(kinds),
        "Nom": presence["name"],
        "Commune": presence["commune_insee"].map(commune_names).fillna("–"),
        "Adresse": presence["address"].fillna("–"),
        "Position": presence["precision"].map({"adresse": "adresse",
                                               "mairie": "mairie de la commune"}).fillna(
                                                   "inconnue (non placé sur la carte)"),
        "Source": presence["source_ref"],
    }).sort_values(["Type", "Nom"])
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("Centres d'exploitation routière (CER) : aucun jeu de données ouvert ne les "
               "recense ; seuls figurent ceux que les contrats nomment (CER d'Audruicq).")


def html_table(rows: list[dict], caption: str) -> str:
    """A plain, accessible HTML table (every cell escaped); lighter for the browser than
    a data grid, which matters on the livret view's first load."""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in rows[0])
    body = "".join(
        "<tr>" + "".join(
            (f'<th scope="row">{html.escape(str(v))}</th>' if i == 0
             else f'<td class="num" data-label="{html.escape(column)}">'
                  f'{html.escape(_unit_may_wrap(str(v)))}</td>')
            for i, (column, v) in enumerate(row.items())) + "</tr>"
        for row in rows)
    return (f'<div class="atlas-figures-box"><table class="atlas-figures">'
            f"<caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def _unit_may_wrap(text: str) -> str:
    """"1 385 bénéficiaires" may break before its word unit on a narrow screen (tablet);
    a number and its symbol ("2 315 512 €", "82,0 %") stay together."""
    return re.sub("\u00a0(?=[^\\W\\d_][^\u00a0]*$)", " ", text)
