"""Colour arithmetic for accessibility, used by :mod:`geo.model.style` and its tests: WCAG 2.1
relative luminance and contrast ratio, a readable ink for text on a fill, a colour darkened
until it reads on a background, and colour-vision deficiency simulated (Machado, Oliveira
& Fernandes 2009, severity 1) with CIELAB distances to compare colours as seen.
"""
from __future__ import annotations

import math

DARK_INK = "#1a1a1a"
LIGHT_INK = "#ffffff"
TEXT_CONTRAST = 4.5       # WCAG 1.4.3 (AA), normal text: the letters in the symbols
GRAPHIC_CONTRAST = 3.0    # WCAG 1.4.11 (AA), graphical objects: a symbol's outline

# Machado et al. 2009, severity 1.0, in linear RGB
CVD_MATRICES = {
    "protanopie": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deutéranopie": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopie": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def rgb(color: str) -> tuple[float, float, float]:
    """'#rrggbb' or '#rgb' (alpha digits ignored) -> sRGB components in 0..1."""
    h = color.lstrip("#")
    if len(h) in (3, 4):
        h = "".join(d * 2 for d in h)
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def hex_color(components) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in components)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def luminance(color: str) -> float:
    r, g, b = (_linear(c) for c in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(color: str, alpha: float, background: str = "#ffffff") -> str:
    """``color`` at opacity ``alpha`` over ``background``."""
    return hex_color(a * alpha + b * (1 - alpha) for a, b in zip(rgb(color), rgb(background)))


def readable_ink(fill: str) -> str:
    """White letters where they reach 4.5:1 on ``fill``, else near-black ones."""
    return LIGHT_INK if contrast(LIGHT_INK, fill) >= TEXT_CONTRAST else DARK_INK


def darkened(color: str, background: str = "#ffffff", ratio: float = TEXT_CONTRAST) -> str:
    """``color`` mixed with black, the least, until it has ``ratio`` on ``background``
    (its hue kept): a theme colour's letters on a white symbol, its outline on the map."""
    for step in range(101):
        candidate = hex_color(c * (1 - step / 100) for c in rgb(color))
        if contrast(candidate, background) >= ratio:
            return candidate
    return "#000000"


def simulate(color: str, deficiency: str) -> str:
    """``color`` as seen with a dichromacy (a key of CVD_MATRICES)."""
    linear = [_linear(c) for c in rgb(color)]
    matrix = CVD_MATRICES[deficiency]
    return hex_color(_gamma(sum(m * c for m, c in zip(row, linear))) for row in matrix)


def lab(color: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = (_linear(c) for c in rgb(color))
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
         for t in (v / w for v, w in zip(xyz, (0.95047, 1.0, 1.08883)))]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def distance(first: str, second: str) -> float:
    """CIE76 ΔE between two colours (about 2.3: just noticeable; over 10: distinct)."""
    return math.dist(lab(first), lab(second))
