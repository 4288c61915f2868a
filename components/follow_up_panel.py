"""« Suivi du contrat » in the EPCI view: the operations by stage, the amounts voted and
paid, what changed since the last point, and the files for the yearly comité de pilotage
(XLSX, PDF: produced only when clicked, :mod:`geo.export.follow_up`)."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from geo.model.amounts import format_eur
from geo.views.epci import EpciView
from geo.analysis.follow_up import FollowUp

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render(view: EpciView) -> None:
    fu, siren = view.follow_up, view.siren
    st.header("Suivi du contrat")
    st.caption(fu.covers + " Changements : " + fu.last_point + ".")
    if fu.operations.empty:
        return
    st.markdown(" · ".join(_stage_line(r) for r in fu.by_stage.itertuples()))
    if st.toggle(f"Afficher les {len(fu.operations)} opérations suivies (par stade)",
                 key="show_follow_up"):
        st.dataframe(_summary(fu), hide_index=True, width="content")
        st.dataframe(_operations(fu), hide_index=True, width="stretch")
    c1, c2 = st.columns(2)
    c1.download_button("Suivi du contrat (XLSX)", data=partial(_file, fu, "xlsx"),
                       file_name=f"suivi-{siren}.xlsx", mime=XLSX_MIME, key="fu_xlsx")
    c2.download_button("Suivi du contrat (PDF)", data=partial(_file, fu, "pdf"),
                       file_name=f"suivi-{siren}.pdf", mime="application/pdf", key="fu_pdf")


def _file(fu: FollowUp, fmt: str) -> bytes:
    from geo.export import follow_up as export

    return export.follow_up_xlsx(fu) if fmt == "xlsx" else export.follow_up_pdf(fu)


def _eur(value) -> str:
    return "" if value is None or pd.isna(value) else format_eur(value)


def _stage_line(r) -> str:
    """"**Votée** : 2 opérations, 569 630 € votés" (amounts only where known)."""
    parts = [f"{r.operations} opération{'s' if r.operations > 1 else ''}"]
    if not pd.isna(r.voted_cents):
        parts.append(f"{_eur(r.voted_cents)} votés")
    if not pd.isna(r.paid_cents):
        parts.append(f"{_eur(r.paid_cents)} versés")
    return f"**{r.stage.capitalize()}** : " + ", ".join(parts)


def _summary(fu: FollowUp) -> pd.DataFrame:
    s = fu.by_stage
    return pd.DataFrame({"Stade": s["stage"], "Opérations": s["operations"],
                         "Montant voté": s["voted_cents"].map(_eur),
                         "Montant versé": s["paid_cents"].map(_eur)})


def _operations(fu: FollowUp) -> pd.DataFrame:
    o = fu.operations
    return pd.DataFrame({
        "Opération": o["title"], "Partenaire": o["partner"], "Commune": o["commune"],
        "Thématique": o["theme"], "Génération": o["generation"], "Stade": o["stage"],
        "Date du stade": o["stage_date"], "Décision": o["decision_ref"],
        "Montant": o["amount_cents"].map(_eur), "Versé": o["amount_paid_cents"].map(_eur),
        "Changement depuis le dernier point": o["change"], "Identifiant": o["project_id"],
        "Source": o["source_refs"]})
