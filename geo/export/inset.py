"""Insets of dense centres, as atlases draw them: where more than ``DENSE_NUMBERED``
projects would have to be numbered within ``DENSE_RADIUS_M`` of each other (Lens-Liévin,
Hénin-Carvin, Boulogne…), a corner of the map frame shows that centre at a larger scale,
with its own labels; its area is outlined on the map, whose labels leave it to the inset.

The inset goes in the corner of the frame that covers no symbol, no scale bar or north
arrow and the least of the territory; with no such corner there is no inset (the
projects stay numbered on the map, as before).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import shapely
from matplotlib.patches import Rectangle

from geo.export import map_layers as ml
from geo.export.frame import MapFrame, font
from geo.export.paper import PT_PER_MM

DENSE_RADIUS_M = 2500     # "within a few km"
DENSE_NUMBERED = 2        # more numbered symbols than this near one another: an inset
SIDE_SHARE = 0.50         # the inset's shorter side at most, of the frame's shorter side
SIZES = (1.0, 0.85, 0.7, 0.6, 0.5, 0.42)    # tried from the largest
RATIOS = (1.0, 1.4, 1.9, 2.6, 1 / 1.4, 1 / 1.9)  # width over height of the inset's box
MIN_HALF_M = 1200         # the least half-width of an inset's area
MIN_ZOOM = 1.5            # an inset at less than this enlargement is not worth it
EDGE_PT = 6.0             # from the frame's border
INSET_ZORDER = 40


@dataclass(frozen=True)
class Inset:
    bounds: tuple[float, float, float, float]   # metres shown
    box: tuple[float, float, float, float]      # x0, y0, x1, y1: points in the main frame
    rows: tuple[int, ...]                       # located rows labelled in the inset


def plan(frame: MapFrame, x, y, numbered: list[int], occupied, territory, scale: float
         ) -> Inset | None:
    """The inset of the densest centre of ``numbered`` rows, or None."""
    if len(numbered) <= DENSE_NUMBERED:
        return None
    nx, ny = np.asarray(x)[numbered], np.asarray(y)[numbered]
    near = np.hypot(nx[:, None] - nx[None], ny[:, None] - ny[None]) < DENSE_RADIUS_M
    best = int(near.sum(axis=1).argmax())
    if near[best].sum() <= DENSE_NUMBERED:
        return None
    cx, cy = nx[near[best]].mean(), ny[near[best]].mean()
    half = max(MIN_HALF_M, np.abs(np.r_[nx[near[best]] - cx, ny[near[best]] - cy]).max()) * 1.2
    area = (cx - half, cy - half, cx + half, cy + half)
    box = _corner(frame, half, occupied + [_area_box(frame, area)], territory, scale)
    if box is None:
        return None
    w, h = box[2] - box[0], box[3] - box[1]
    m_per_pt = 2 * half / min(w, h)
    bounds = (cx - w / 2 * m_per_pt, cy - h / 2 * m_per_pt,
              cx + w / 2 * m_per_pt, cy + h / 2 * m_per_pt)
    x, y = np.asarray(x), np.asarray(y)
    inside = ((x > bounds[0]) & (x < bounds[2]) & (y > bounds[1]) & (y < bounds[3]))
    return Inset(bounds, box, tuple(int(i) for i in np.flatnonzero(inside)))


def _area_box(frame: MapFrame, bounds):
    (x0, x1), (y0, y1) = frame.to_pt([bounds[0], bounds[2]], [bounds[1], bounds[3]])
    return (x0, y0, x1, y1)


def _corner(frame: MapFrame, half: float, occupied, territory, scale: float):
    """The largest free box along the frame's border (square or oblong) showing the
    centre at least ``MIN_ZOOM`` times larger; of equal ones, the one covering the least
    of ``territory`` (a polygon, metres)."""
    e, w, h = EDGE_PT * scale, frame.width_pt, frame.height_pt
    most = SIDE_SHARE * min(w, h)
    least = 2 * half / (frame.m_per_pt / MIN_ZOOM)        # the shorter side, in points
    blocked = np.array([b for b in occupied if b[2] > 0 and b[0] < w and b[3] > 0
                        and b[1] < h] or [(-1.0, -1.0, -1.0, -1.0)])
    for share in SIZES:
        free = []
        for ratio in RATIOS:
            bw, bh = most * share * max(ratio, 1), most * share / min(ratio, 1)
            if min(bw, bh) < least or bw > w - 2 * e or bh > h - 2 * e:
                continue
            for box in _along_border(e, w, h, bw, bh):
                if not _hits(box, blocked):
                    free.append(box)
        if free:
            return min(free, key=lambda box: _covered(frame, box, territory))
    return None


def _along_border(e: float, w: float, h: float, bw: float, bh: float):
    """Boxes of ``bw`` × ``bh`` against each side of the frame, corners first."""
    xs, ys = np.linspace(e, w - e - bw, 9), np.linspace(e, h - e - bh, 9)
    for x0 in xs:
        for y0 in (h - e - bh, e):
            yield (x0, y0, x0 + bw, y0 + bh)
    for y0 in ys[1:-1]:
        for x0 in (e, w - e - bw):
            yield (x0, y0, x0 + bw, y0 + bh)


def _hits(box, blocked: np.ndarray) -> bool:
    return bool(((blocked[:, 0] < box[2]) & (box[0] < blocked[:, 2])
                 & (blocked[:, 1] < box[3]) & (box[1] < blocked[:, 3])).any())


def _covered(frame: MapFrame, box, territory) -> float:
    (mx0, mx1), (my0, my1) = frame.to_map([box[0], box[2]], [box[1], box[3]])
    return territory.intersection(shapely.box(mx0, my0, mx1, my1)).area


def draw(inset: Inset, frame: MapFrame, title: str, base: Callable[[MapFrame], list],
         symbols: Callable[[MapFrame, list[int]], tuple], scale: float) -> MapFrame:
    """The inset's frame on the page, its background and presence (``base``, returns
    the obstacles it drew), its symbols and labels (``symbols``), the outline of its
    area on the map and its title; returns the inset's frame."""
    x, y, x1, y1 = inset.box
    w, h = x1 - x, y1 - y
    box_mm = (frame.box_mm[0] + x / PT_PER_MM, frame.box_mm[1] + y / PT_PER_MM,
              w / PT_PER_MM, h / PT_PER_MM)
    (ax0, ax1), (ay0, ay1) = frame.to_map([x, x + w], [y, y + h])
    frame.ax.add_patch(Rectangle((ax0, ay0), ax1 - ax0, ay1 - ay0, facecolor="white",
                                 edgecolor="none", zorder=INSET_ZORDER - 1))
    sub = MapFrame.create(frame.ax.figure, box_mm, frame.paper_mm, inset.bounds, margin=0.0)
    sub.ax.set_zorder(frame.ax.get_zorder() + 1)
    for spine in sub.ax.spines.values():
        spine.set_linewidth(0.9 * scale)
    bx0, by0, bx1, by1 = inset.bounds
    frame.ax.add_patch(Rectangle((bx0, by0), bx1 - bx0, by1 - by0, facecolor="none",
                                 edgecolor="#333333", linewidth=0.8 * scale,
                                 linestyle="--", zorder=25))
    obstacles = base(sub)
    prop = font(6.4 * scale, "bold")
    tx, ty = sub.to_map(4 * scale, sub.height_pt - 4 * scale)
    sub.ax.text(tx, ty, title, ha="left", va="top", fontproperties=prop, color="#111111",
                zorder=40, bbox=dict(boxstyle="square,pad=0.25", facecolor="white",
                                     edgecolor="none", alpha=0.9))
    obstacles.append((0, sub.height_pt - 16 * scale, sub.width_pt, sub.height_pt))
    symbols(sub, obstacles)
    x0, x1, y0, y1 = (*sub.ax.get_xlim(), *sub.ax.get_ylim())
    for text in list(sub.ax.texts):       # letters of sites outside the view: not printed
        tx, ty = text.get_position()
        if not (x0 <= tx <= x1 and y0 <= ty <= y1):
            text.remove()
    return sub
