"""Beside the livret map: the projects it cannot place at a commune, grouped by theme with
their amounts (:mod:`geo.off_map`), so that every project is on the map or beside it."""
from __future__ import annotations

import html

import streamlit as st

from geo import off_map, style


def render(groups) -> None:
    total = off_map.count(groups)
    if not total:
        return
    parts = [f'<div class="atlas-offmap"><h4>Hors carte : {total} projet(s) à l\'échelle de '
             "l'EPCI ou sans commune dans le texte</h4>"]
    for theme, items in groups:
        color, letter = style.THEME_COLORS[theme], style.THEME_LETTERS[theme]
        parts.append(f'<div class="theme"><span class="dot" style="background:{color}">'
                     f"{html.escape(letter)}</span>{html.escape(theme)} ({len(items)})</div><ul>")
        parts += [f"<li>{html.escape(i.text)} <span class=\"where\">— {html.escape(i.where)}"
                  "</span></li>" for i in items]
        parts.append("</ul>")
    st.html("".join(parts) + "</div>")
