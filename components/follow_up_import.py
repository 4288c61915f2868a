"""The follow-up files on the staff page: what an SCDL file or a stage file was read as,
their previews, and the SCDL publication of the atlas's subsidies.

Called by :mod:`components.import_page`; user strings go through ``st.dataframe`` (text).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.model.amounts import format_eur
from geo.importer.validate import Validation

NOTICES = {
    "scdl": "Fichier au format national SCDL « Subventions » 2.1.1 reconnu (en-tête "
            "nomAttribuant, idBeneficiaire, objet, montant…) : validé contre le schéma publié. "
            "Chaque subvention va à la commune ou à l'EPCI dont le SIREN est celui du "
            "bénéficiaire ; les autres bénéficiaires sont listés « sans lieu ».",
    "stages": "Fichier de stades reconnu (colonnes « Identifiant du projet », « Stade », "
              "« Date ») : chaque ligne fait passer une opération à un nouveau stade. Le "
              "« Suivi du contrat » de chaque EPCI compare ensuite avec le point précédent.",
}


def notice(validation: Validation) -> bool:
    """Say what the file was recognised as; True when it is a follow-up file."""
    text = NOTICES.get(validation.content)
    if text:
        st.info(text)
    return text is not None


def preview(validation: Validation) -> bool:
    """Preview of a stage file or an SCDL file; True when drawn (else the caller's)."""
    if validation.is_stages:
        rows = validation.stages
        if not rows.empty:
            st.header("Aperçu des stades valides")
            st.dataframe(pd.DataFrame({
                "ligne": rows["row"], "opération": rows["project_id"], "stade": rows["stage"],
                "date": rows["stage_date"], "décision": rows["decision_ref"],
                "versé": [format_eur(c) if pd.notna(c) else "" for c in rows["amount_paid_cents"]],
                "commentaire": rows["comment"]}), hide_index=True, width="stretch")
        return True
    if validation.content != "scdl" or validation.projects.empty:
        return False
    p = validation.projects
    st.header("Aperçu des subventions valides")
    st.dataframe(pd.DataFrame({
        "ligne": p["row"], "objet": p["title"], "bénéficiaire": p["partner_name"],
        "lieu": p["location_evidence"], "thème": p["theme"], "génération": p["generation"],
        "montant retenu": [format_eur(c) for c in p["amount_cents"]],
        "règle du montant": p["amount_rule"]}).head(500), hide_index=True, width="stretch")
    unplaced = int(p["epci_siren"].isna().sum())
    if unplaced:
        st.caption(f"{unplaced} subvention(s) sans lieu dans le département (bénéficiaire ni "
                   "commune ni EPCI) : listées sur la carte du département, jamais placées.")
    return True


def publish_button(projects: pd.DataFrame) -> None:
    """Download of the atlas's subsidies in SCDL 2.1.1, validated before it is offered."""
    from geo.scdl.publish import scdl_csv

    st.header("Publier les subventions (SCDL)")
    try:
        result = scdl_csv(projects)
    except ValueError as exc:
        st.error(f"Export SCDL impossible : {exc}")
        return
    if not result.rows:
        st.caption("Aucune subvention importée au format SCDL : rien à publier.")
        return
    st.download_button(f"Télécharger les {result.rows} subventions au format SCDL 2.1.1 (CSV)",
                       result.data, "subventions-scdl.csv", "text/csv", key="scdl_publish")
    st.caption("Fichier validé contre le schéma SCDL « Subventions » 2.1.1 avant le "
               f"téléchargement ; {len(result.left_out)} projet(s) de l'atlas n'ont pas les "
               "champs obligatoires du format (SIRET, date de convention…) et n'y sont pas.")
