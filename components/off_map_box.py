"""Beside the livret map: the projects it cannot place at a commune, grouped by theme with
their amounts (:mod:`geo.analysis.off_map`), so that every project is on the map or beside it."""
from __future__ import annotations

import html

import streamlit as st

from geo.analysis import off_map
from geo.model import style


def count_sentence(projects) -> str:
    """Under the map: how its projects are shown (the map's own box counts, for the view
    on screen, how many carry their label and how many a number)."""
    located = int(projects["lon"].notna().sum())
    off = len(projects) - located
    parts = []
    if located:
        parts.append(f"{located} projet(s) placé(s) sur la carte, chacun avec son étiquette "
                     "« projet – montant » ou, faute de place, un numéro (liste « Projets "
                     "numérotés » sur la carte ; survoler une ligne montre son symbole)")
    if off:
        parts.append(f"{off} projet(s) à l'échelle de l'EPCI ou sans commune, listés hors "
                     "carte ci-dessous")
    return (" ; ".join(parts) + ".") if parts else "Aucun projet à montrer."


def render(groups) -> None:
    total = off_map.count(groups)
    if not total:
        return
    parts = [f'<div class="atlas-offmap"><h3>Hors carte : {total} projet(s) à l\'échelle de '
             "l'EPCI ou sans commune dans le texte</h3>"]
    for theme, items in groups:
        color, letter = style.THEME_COLORS[theme], style.THEME_LETTERS[theme]
        parts.append(f'<div class="theme"><span class="dot" style="background:{color};'
                     f'color:{style.THEME_INKS[theme]};border:1.5px solid '
                     f'{style.THEME_OUTLINES[theme]}">'
                     f"{html.escape(letter)}</span>{html.escape(theme)} ({len(items)})</div><ul>")
        parts += [f"<li>{html.escape(i.text)} <span class=\"where\">— {html.escape(i.where)}"
                  "</span></li>" for i in items]
        parts.append("</ul>")
    st.html("".join(parts) + "</div>")
