"""Colours that hold for everyone (geo.style, the one source of the web map, the charts and
the print export): the letters in the symbols and over the fills read at WCAG AA, the
symbols' outlines stand out from the map, and the theme, choropleth and bivariate colours
stay apart for protanopia, deuteranopia and tritanopia (Machado et al. 2009, simulated by
geo.contrast), compared as seen (CIELAB distance)."""
from __future__ import annotations

from itertools import combinations

import pytest

from geo.model import contrast, style, vocabulary

DEFICIENCIES = [None, *contrast.CVD_MATRICES]
APART = 15.0          # CIELAB ΔE between two classes a reader must tell apart
STEP = 12.0           # between two neighbouring classes of an ordered ramp
MAP_GROUNDS = [style.COMMUNE_FILL, style.NEIGHBOUR_FILL, "#ffffff"]


def seen(color: str, deficiency: str | None) -> str:
    return color if deficiency is None else contrast.simulate(color, deficiency)


def closest_pair(colors, deficiency) -> tuple[float, str, str]:
    return min((contrast.distance(seen(a, deficiency), seen(b, deficiency)), a, b)
               for a, b in combinations(colors, 2))


def test_the_simulation_is_the_published_one():
    """Pure red seen by a protanope is a dark olive, by a deuteranope a brighter one;
    grey stays grey (the matrices keep the white point)."""
    for deficiency in contrast.CVD_MATRICES:
        assert contrast.distance(contrast.simulate("#808080", deficiency), "#808080") < 1
    assert contrast.luminance(contrast.simulate("#ff0000", "protanopie")) < \
        contrast.luminance(contrast.simulate("#ff0000", "deutéranopie"))
    assert contrast.distance(contrast.simulate("#ff0000", "deutéranopie"),
                             contrast.simulate("#00a000", "deutéranopie")) < 25


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_theme_colours_stay_apart(deficiency):
    gap, a, b = closest_pair(list(style.THEME_COLORS.values()), deficiency)
    assert gap >= APART, (deficiency, a, b, gap)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_choropleth_classes_keep_their_order_and_steps(deficiency):
    ramp = [seen(c, deficiency) for c in style.CHOROPLETH_COLORS]
    lightness = [contrast.lab(c)[0] for c in ramp]
    assert lightness == sorted(lightness, reverse=True), (deficiency, lightness)
    steps = [contrast.distance(a, b) for a, b in zip(ramp, ramp[1:])]
    assert min(steps) >= STEP, (deficiency, steps)
    no_data = seen(style.NO_DATA_COLOR, deficiency)
    assert min(contrast.distance(no_data, c) for c in ramp) >= 9, deficiency


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_bivariate_classes_stay_apart(deficiency):
    cells = [c for row in style.BIVARIATE_COLORS for c in row]
    gap, a, b = closest_pair(cells, deficiency)
    assert gap >= APART, (deficiency, a, b, gap)


@pytest.mark.parametrize("period", list(style.PERIOD_STYLES))
@pytest.mark.parametrize("theme", list(style.THEME_COLORS))
def test_theme_letter_reads_on_its_symbol(theme, period):
    """The letter (A, S, E, C, Sp) on the symbol's face for every period's fill: 4.5:1.
    A pale face is the theme colour at PALE_ALPHA over the map, so it is checked over
    every ground the map has; a hollow symbol's face is white."""
    look = style.PERIOD_STYLES[period]
    color = style.THEME_COLORS[theme]
    ink = look.ink(color)
    alpha = int(style.PALE_ALPHA, 16) / 255
    faces = {"solid": [color], "none": ["#ffffff"],
             "pale": [contrast.blend(color, alpha, ground) for ground in MAP_GROUNDS]}
    for face in faces[look.fill]:
        assert contrast.contrast(ink, face) >= contrast.TEXT_CONTRAST, (theme, period, face)


@pytest.mark.parametrize("theme", list(style.THEME_COLORS))
def test_symbol_outlines_stand_out_from_the_map(theme):
    for ground in MAP_GROUNDS:
        ratio = contrast.contrast(style.THEME_OUTLINES[theme], ground)
        assert ratio >= contrast.GRAPHIC_CONTRAST, (theme, ground, ratio)


@pytest.mark.parametrize("kind", [k.value for k in vocabulary.PRESENCE_KINDS])
def test_presence_letters_read_in_white(kind):
    color = style.PRESENCE_STYLES[kind].color
    assert contrast.contrast(style.PRESENCE_INK, color) >= contrast.TEXT_CONTRAST, kind


def test_readable_ink_and_darkened_reach_their_ratio():
    for color in ["#ffffcc", "#E69F00", "#253494", "#F0E442", "#777777"]:
        assert contrast.contrast(contrast.readable_ink(color), color) >= 4.5 or \
            max(contrast.contrast("#ffffff", color), contrast.contrast("#1a1a1a", color)) < 4.5
        dark = contrast.darkened(color, "#ffffff", 4.5)
        assert contrast.contrast(dark, "#ffffff") >= 4.5, color


def test_a_palette_of_reds_and_greens_is_refused():
    """The check sees: red and green of the same lightness merge for a deuteranope."""
    gap, _, _ = closest_pair(["#d62728", "#2ca02c", "#1f77b4"], "deutéranopie")
    assert gap < APART
