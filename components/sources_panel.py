"""The acts behind one project: each source as a citation a person can check, with the
quoted passage of the shipped act (escaped: Streamlit shows it as plain text)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.model.amounts import format_eur
from geo.atlas import Atlas
from geo.model.vocabulary import SOURCE_KINDS, by_value

KIND_LABELS = {k: t.label for k, t in by_value(SOURCE_KINDS).items()}


def render(atlas: Atlas, project_id: str | None) -> None:
    if not project_id:
        return
    found = atlas.projects[atlas.projects["project_id"] == project_id]
    if found.empty:
        return
    project = found.iloc[0]
    st.markdown(f"**Sources de « {_plain(project['title'])} »**")
    sources = atlas.project_sources(project_id)
    if sources.empty:
        st.caption(f"Projet importé par les agents : {_plain(project['source_refs'])}.")
        return
    for s in sources.itertuples():
        amount = "montant non précisé" if pd.isna(s.amount_cents) else format_eur(s.amount_cents)
        st.markdown(f"- {KIND_LABELS.get(s.source_kind, s.source_kind)} — {amount} — "
                    f"{_plain(s.citation)}")
        st.code(s.passage or s.raw_text, language=None, wrap_lines=True)


def _plain(text) -> str:
    """Text shown in Markdown as typed (no link, emphasis or HTML)."""
    from components.auth import markdown_escape
    return markdown_escape(str(text))
