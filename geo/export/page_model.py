"""The one page model of every print map (A4 and A3, portrait and landscape, the single
map, the booklet's map page): where the map, the legend columns and the footer go.

The map comes first. It takes the top left of the page below the title, sized to the
territory's extent, and never less than ``MAP_SHARE`` of the printable area (the page
inside its margins). What is left becomes legend columns of one width per paper (a
third of the portrait printable width): beside the map when the territory leaves room
there, in a band below it when the map does not take the full height. In portrait the
footer (notes, sources, the Département, the date) runs under everything; in landscape
the map has the full height and the footer closes the right-hand column. Orientation and
paper change these frames, never the code that fills them; in landscape the notes
follow the key in the column instead of lengthening the footer. Legend rows that do not fit
flow to continuation pages (:func:`suite_frames`), never into the map.

Boxes are ``(x, y, w, h)`` in millimetres from the lower-left corner of the page.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from geo.export.paper import PrintOptions

Box = tuple[float, float, float, float]
MAP_SHARE = 0.60         # design target; the floor the tests hold every layout to is 55 %
FIT_MARGIN = 0.04        # the territory's extent plus 4 % on each side
MARGIN_MM = 10           # page margin on A4 (× the paper scale)
GAP_MM = 4               # between map, columns and footer on A4
BAND_COLUMNS = 3         # legend columns across a portrait page
MIN_BAND_MM = 30         # the least band worth drawing below a portrait map, on A4
SIDE_WIDEN = 1.35        # a landscape column is wider: it holds the footer too


@dataclass(frozen=True)
class PageFrames:
    """The frames of one map page: the map, the legend columns in reading order (beside
    the map top to bottom, left to right, then the band below) and the footer."""

    paper: tuple[float, float]
    printable: Box
    map: Box
    columns: tuple[Box, ...]
    footer: Box

    @property
    def map_share(self) -> float:
        return _area(self.map) / _area(self.printable)


def _area(box: Box) -> float:
    return max(box[2], 0.0) * max(box[3], 0.0)


def column_width(options: PrintOptions) -> float:
    """One legend column: a third of the printable width of the portrait page (wider in
    landscape, where the footer shares the column)."""
    s = options.scale
    inner = min(options.size_mm) - 2 * MARGIN_MM * s
    third = (inner - (BAND_COLUMNS - 1) * GAP_MM * s) / BAND_COLUMNS
    return third * (SIDE_WIDEN if options.orientation == "landscape" else 1.0)


def notes_in_columns(options: PrintOptions) -> bool:
    """Whether the page's notes open the legend columns (landscape, where the footer
    shares the map's side column) instead of running in the footer."""
    return options.orientation == "landscape"


def printable(options: PrintOptions) -> Box:
    m = MARGIN_MM * options.scale
    w, h = options.size_mm
    return (m, m, w - 2 * m, h - 2 * m)


def map_page_frames(options: PrintOptions, header_mm: float,
                    footer_height: Callable[[float], float], bounds,
                    key_mm: float = 0.0) -> PageFrames:
    """The frames of the map page. ``header_mm``: the height the title and subtitle take
    (gap below included); ``footer_height(width_mm)``: the footer's height at a width;
    ``bounds``: the territory's extent (metres); ``key_mm``: the height the key (what
    the symbols mean) needs in a portrait band, kept free below the map."""
    page = printable(options)
    x, y, w, h = page
    s, gap = options.scale, GAP_MM * options.scale
    col = column_width(options)
    top = y + h - header_mm
    aspect = _aspect(bounds)
    if options.orientation == "landscape":
        map_h = top - y
        fitted = max(map_h * aspect, MAP_SHARE * _area(page) / map_h)
        count = max(1, math.floor((w - fitted) / (col + gap)))
        map_w = w - count * (col + gap)
        block = (x + map_w + gap, y, w - map_w - gap)
        foot_h = footer_height(block[2])
        footer = (block[0], y, block[2], foot_h)
        columns = _stack(block[0], y + foot_h + gap, top, count, col, gap)
        return PageFrames(options.size_mm, page, (x, y, map_w, map_h), columns, footer)
    foot_h = footer_height(w)
    footer = (x, y, w, foot_h)
    body_bottom = y + foot_h + gap
    body_h = top - body_bottom
    least_h = MAP_SHARE * _area(page) / w
    most_h = max(body_h - max(MIN_BAND_MM * s, key_mm) - gap, least_h)
    map_h = min(max(w / aspect, least_h), most_h)
    count = max(0, math.floor((w - max(map_h * aspect, MAP_SHARE * _area(page) / map_h))
                              / (col + gap)))
    map_w = w - count * (col + gap)
    map_box = (x, top - map_h, map_w, map_h)
    beside = _stack(x + map_w + gap, top - map_h, top, count, col, gap)
    band_h = top - map_h - gap - body_bottom
    below = _stack(x, body_bottom, body_bottom + band_h, BAND_COLUMNS, col, gap) \
        if band_h > 0 else ()
    return PageFrames(options.size_mm, page, map_box, beside + below, footer)


def suite_frames(options: PrintOptions, header_mm: float, footer_mm: float) -> tuple[Box, ...]:
    """The legend columns of a continuation page: as many as the width takes, full
    height between the header and the footer."""
    x, y, w, h = printable(options)
    gap = GAP_MM * options.scale
    col = column_width(options)
    count = max(1, math.floor((w + gap) / (col + gap)))
    return _stack(x, y + footer_mm + gap, y + h - header_mm, count, col, gap)


def _stack(x: float, bottom: float, top: float, count: int, width: float, gap: float
           ) -> tuple[Box, ...]:
    """``count`` columns side by side from ``x``, each from ``bottom`` to ``top``."""
    return tuple((x + k * (width + gap), bottom, width, top - bottom) for k in range(count))


def _aspect(bounds) -> float:
    """Width over height of the extent with the fitting margin (1 for a point)."""
    minx, miny, maxx, maxy = bounds
    w, h = (maxx - minx), (maxy - miny)
    if w <= 0 or h <= 0:
        return 1.0
    return (w * (1 + 2 * FIT_MARGIN)) / (h * (1 + 2 * FIT_MARGIN))
