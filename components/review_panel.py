"""The "Points à vérifier" section: every judgement the data makes, for MDADT staff to
confirm or correct, on screen (on demand) and as CSV / XLSX to fill in and import back."""
from __future__ import annotations

from functools import partial

import streamlit as st

from geo.analysis.aggregate import served_epci
from geo.atlas import Atlas
from geo.export import review


def _rows(atlas: Atlas, siren: str | None):
    return atlas.memo.get(("review_rows", siren), lambda: _build_rows(atlas, siren))


def _build_rows(atlas: Atlas, siren: str | None):
    projects = atlas.projects
    titles = dict(zip(projects["project_id"], projects["title"]))
    serves = dict(zip(projects["project_id"], served_epci(projects)))
    corrected = (dict(zip(projects["project_id"], projects["corrections"]))
                 if "corrections" in projects else {})
    corrected = {k: v for k, v in corrected.items() if isinstance(v, str)}
    return review.review_rows(atlas.review_points, titles, atlas.epci_names, siren, serves,
                              corrected)


def render(atlas: Atlas, siren: str | None) -> None:
    rows = _rows(atlas, siren)
    where = "de cet EPCI" if siren else "du département"
    st.header("Points à vérifier")
    st.caption(f"{len(rows)} jugement(s) des données {where} (période en conflit, commune "
               "déduite, thématique par défaut, texte contradictoire…), chacun avec sa citation. "
               "Remplissez « Valeur corrigée » dans le fichier et importez-le (page « Données "
               "importées ») : la correction remplace ce champ de ce projet, versionnée.")
    if rows.empty:
        return
    if st.toggle(f"Afficher les {len(rows)} points à vérifier", key="show_review"):
        st.dataframe(rows.drop(columns=[review.HEADERS["correction"], review.HEADERS["reason"]]),
                     hide_index=True, width="stretch")
    name = f"points-a-verifier-{siren or 'departement'}"
    c1, c2 = st.columns(2)
    c1.download_button("Points à vérifier (CSV)", partial(review.csv_bytes, rows),
                       f"{name}.csv", "text/csv", key="review_csv")
    c2.download_button("Points à vérifier (XLSX)", partial(review.xlsx_bytes, rows),
                       f"{name}.xlsx", "application/vnd.openxmlformats-officedocument."
                       "spreadsheetml.sheet", key="review_xlsx")
