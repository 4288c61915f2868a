"""What is drawn inside the map frame of a print map: background polygons, rivers,
project symbols (theme colour, theme letter, filled or hollow dashed by period, area
proportional to the amount), presence symbols, "name – amount" labels placed without
overlap, commune names where room is left, scale bar and north arrow.

Every colour, letter and symbol comes from :mod:`geo.model.style` (the interactive map reads
the same module). Sizes are in points and multiplied by the paper scale (1 on A4).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.patches import Polygon, Rectangle

from geo.model import style
from geo.export.frame import MapFrame, TextMeter, font
from geo.export.mpl_geo import lines, points_l93, polygons, rivers_l93, within
from geo.model.labels import declutter, label_text, nearest_point, spread_points

PX_TO_PT = style.PX_TO_PT
LABEL_SIZE = 6.2                    # points, on A4
LABEL_PAD = 1.2                     # points of white box around a label
LEADER_COLOR = "#555555"
Box = tuple[float, float, float, float]


def draw_rivers(frame: MapFrame, scale: float) -> None:
    rivers = within(rivers_l93(), frame.bounds)
    if len(rivers):
        frame.ax.add_collection(lines(rivers.geometry, colors=style.RIVER.color,
                                      linewidths=style.RIVER.width_pt * scale, alpha=0.85,
                                      zorder=3,
                                      capstyle="round"))


def draw_polygons(frame: MapFrame, geometries, zorder: float, **style_kw) -> None:
    if len(geometries):
        frame.ax.add_collection(polygons(list(geometries), zorder=zorder, **style_kw))


# ---------------------------------------------------------------------------------------
# Project symbols

def symbol_radii(amounts: pd.Series, scale: float) -> np.ndarray:
    """Radius in points of each project symbol (area proportional to the amount)."""
    top = float(amounts.max()) if amounts.notna().any() else 0.0
    return np.array([style.project_radius(None if pd.isna(a) else a, top)
                     for a in amounts]) * PX_TO_PT * scale


def _key(x: float, y: float) -> tuple[float, float]:
    return (round(float(x), 1), round(float(y), 1))


def spread(frame: MapFrame, x: np.ndarray, y: np.ndarray, radii: np.ndarray,
           keep_clear: dict[tuple[float, float], float] | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
    """Fan out projects sharing a mairie point on a circle wide enough for their symbols.
    Where a presence site sits at that point (``keep_clear``: point -> the extent of the
    sites there, in points), even a lone project moves onto a ring around it, as on
    screen, so that the site stays visible."""
    x, y = x.copy(), y.copy()
    keep_clear = keep_clear or {}
    keys = pd.Series([_key(a, b) for a, b in zip(x, y)])
    for key, rows in keys.groupby(keys).groups.items():
        rows = np.asarray(rows)
        clear = keep_clear.get(key)
        if len(rows) < 2 and clear is None:
            continue
        biggest = radii[rows].max()
        # symbols on the ring do not overlap: the chord between two neighbours is 2 r
        r_pt = biggest * 1.05 / (math.sin(math.pi / len(rows)) if len(rows) > 1 else 1)
        if clear is not None:
            r_pt = max(r_pt, radii[rows].max() + clear)
        for k, row in enumerate(rows):
            angle = math.pi / 4 + 2 * math.pi * k / len(rows)
            x[row] += r_pt * frame.m_per_pt * math.cos(angle)
            y[row] += r_pt * frame.m_per_pt * math.sin(angle)
    return x, y


def presence_positions(frame: MapFrame, presence: pd.DataFrame, kinds: tuple[str, ...],
                       scale: float) -> tuple[pd.DataFrame, dict[tuple[float, float], float]]:
    """The sites of ``kinds`` with their drawn position (co-located ones fanned on a small
    ring) and, per mairie point, how far they reach (points) for the projects to avoid."""
    shown = presence[presence["kind"].isin(kinds)].dropna(subset=["lon", "lat"]).copy()
    half = style.PRESENCE_SQUARE_PT / 2 * scale
    if shown.empty:
        return shown.assign(px=[], py=[]), {}
    x, y = points_l93(shown)
    keys = pd.Series([_key(a, b) for a, b in zip(x, y)])
    reach = {}
    for key, rows in keys.groupby(keys).groups.items():
        ring = 0.0 if len(rows) < 2 else half * 1.25 / math.sin(math.pi / max(len(rows), 2))
        reach[key] = ring + half * 1.6
    sx, sy = spread_points(pd.Series(x), pd.Series(y), half * 1.25 / math.sin(math.pi / 3)
                           * frame.m_per_pt)
    return shown.assign(px=sx, py=sy), reach


def draw_projects(frame: MapFrame, projects: pd.DataFrame, scale: float,
                  keep_clear: dict | None = None, radii: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw the symbols of located projects (their letters or numbers come later, from
    :func:`draw_marks`); returns their positions (metres) and radii (points; given for
    an inset, whose symbols keep the map's sizes)."""
    radii = symbol_radii(projects["amount_cents"], scale) if radii is None else radii
    x, y = spread(frame, *points_l93(projects), radii, keep_clear)
    order = np.argsort(-radii, kind="stable")            # big ones below small ones
    colors = [style.THEME_COLORS[t] for t in projects["theme"]]
    periods = [style.PERIOD_STYLES[p] for p in projects["period"]]
    frame.ax.scatter(
        x[order], y[order], s=(2 * radii[order]) ** 2, marker="o",
        facecolors=[periods[i].face(colors[i]) for i in order],
        edgecolors=[style.THEME_OUTLINES[t] for t in projects["theme"].iloc[order]],
        linewidths=[(0.6 if periods[i].filled else 1.0) * scale for i in order],
        linestyles=[periods[i].mpl_linestyle for i in order], alpha=0.92, zorder=10)
    return x, y, radii


def draw_marks(frame: MapFrame, projects: pd.DataFrame, x, y, radii, numbers: dict[int, int],
               scale: float) -> None:
    """Inside each symbol its theme letter, or its number when its label could not be
    placed (``numbers``: row position -> number in the list beside the map)."""
    for i in range(len(projects)):
        theme = projects["theme"].iloc[i]
        period = style.PERIOD_STYLES[projects["period"].iloc[i]]
        mark = str(numbers[i]) if i in numbers else style.THEME_LETTERS[theme]
        size = max(3.6 * scale, min(radii[i] * (1.0 if len(mark) == 1 else 0.8), 9 * scale))
        if i in numbers:
            size = max(size, 5.0 * scale)
        frame.ax.text(x[i], y[i], mark, ha="center", va="center_baseline",
                      fontproperties=font(size, "bold"), zorder=11,
                      color=period.ink(style.THEME_COLORS[theme]))


def symbol_boxes(frame: MapFrame, x, y, radii) -> list[Box]:
    px, py = frame.to_pt(x, y)
    return [(a - r, b - r, a + r, b + r) for a, b, r in zip(px, py, radii)]


# ---------------------------------------------------------------------------------------
# Presence symbols

def draw_presence(frame: MapFrame, shown: pd.DataFrame, kinds: tuple[str, ...],
                  scale: float) -> list[Box]:
    """Presence sites (from :func:`presence_positions`): squares in their colour with their
    letters, as on screen; returns their boxes."""
    boxes: list[Box] = []
    half = style.PRESENCE_SQUARE_PT / 2 * scale
    for kind in kinds:
        rows = shown[shown["kind"] == kind]
        if rows.empty:
            continue
        s = style.PRESENCE_STYLES[kind]
        x, y = rows["px"].to_numpy(), rows["py"].to_numpy()
        frame.ax.scatter(x, y, s=(2 * half) ** 2, marker="s", facecolors=s.color,
                         edgecolors="white", linewidths=0.5 * scale, zorder=8)
        size = half * (1.0 if len(s.letter) == 1 else 0.8)
        for px, py in zip(x, y):
            frame.ax.text(px, py, s.letter, ha="center", va="center_baseline",
                          color=style.PRESENCE_INK,
                          fontproperties=font(size, "bold"), zorder=9)
        boxes += symbol_boxes(frame, x, y, np.full(len(x), half))
    return boxes


# ---------------------------------------------------------------------------------------
# Labels

LEADER_STEPS_PT = (8.0, 18.0, 30.0)   # how far a label may move, with a leader line


@dataclass(frozen=True)
class LabelOutcome:
    """What became of the located projects' labels: the placed boxes (points) and the
    row positions left without a label, in number order (largest amounts first)."""

    boxes: list[Box]
    numbered: list[int]


def place_project_labels(frame: MapFrame, meter: TextMeter, projects: pd.DataFrame,
                         x: np.ndarray, y: np.ndarray, radii: np.ndarray,
                         obstacles: list[Box], scale: float, numbered_before=frozenset(),
                         skip=frozenset(), dry_run: bool = False, max_chars: int = 42
                         ) -> LabelOutcome:
    """"Name – amount" labels, biggest amounts first, never overlapping each other, a
    symbol or the frame; moved away with a leader line when they do not fit beside their
    symbol. Projects whose id is in ``numbered_before`` (an earlier layout pass) are
    numbered without trying, so that a second pass never loses a listed number. Rows in
    ``skip`` (labelled in an inset) are neither tried nor numbered; ``dry_run`` only
    measures what would be numbered."""
    prop = font(LABEL_SIZE * scale)
    texts = [label_text(t, a, max_chars=max_chars) for t, a in
             zip(projects["title"], projects["amount_cents"])]
    if max_chars < 42:                      # a short label: name above amount
        texts = [t.replace(" – ", "\n", 1) for t in texts]
    pad = LABEL_PAD * scale
    sizes = np.array([meter.size(t, prop) for t in texts]).reshape(-1, 2)
    widths, heights = sizes[:, 0] + 2 * pad, sizes[:, 1] + 2 * pad
    px, py = frame.to_pt(x, y)
    priority = projects["amount_cents"].fillna(0).to_numpy(dtype=float)
    tried = ~projects["project_id"].isin(numbered_before).to_numpy()
    rows = np.flatnonzero(tried & ~np.isin(np.arange(len(projects)), list(skip)))
    placed = declutter(px[rows], py[rows], widths[rows], heights[rows], priority[rows],
                       gap=1.0 * scale, offset=radii[rows] + 1.0 * scale,
                       obstacles=obstacles, far=tuple(d * scale for d in LEADER_STEPS_PT))
    boxes = []
    for p in placed:
        i = rows[p.index]
        box = (p.x, p.y, p.x + widths[i], p.y + heights[i])
        boxes.append(box)
        if dry_run:
            continue
        _draw_label(frame, texts[i], box, pad, prop, scale)
        if p.leader:
            _draw_leader(frame, (px[i], py[i]), radii[i], box, scale)
    labelled = {rows[p.index] for p in placed} | set(skip)
    left = [i for i in np.argsort(-priority, kind="stable") if i not in labelled]
    return LabelOutcome(boxes, [int(i) for i in left])


def _draw_label(frame: MapFrame, text: str, box: Box, pad: float, prop, scale: float) -> None:
    bx, by = frame.to_map(box[0] + pad, box[1] + pad)
    frame.ax.text(bx, by, text, ha="left", va="bottom", fontproperties=prop,
                  color="#111111", zorder=20,
                  bbox=dict(boxstyle=f"square,pad={LABEL_PAD / LABEL_SIZE:.3f}",
                            facecolor="white", edgecolor="#9A9A9A", alpha=0.88,
                            linewidth=0.3 * scale))


def _draw_leader(frame: MapFrame, centre, radius: float, box: Box, scale: float) -> None:
    """A thin line from the symbol's edge to the nearest point of its moved label."""
    end = nearest_point(box, *centre)
    dx, dy = end[0] - centre[0], end[1] - centre[1]
    length = math.hypot(dx, dy) or 1.0
    start = (centre[0] + dx / length * radius, centre[1] + dy / length * radius)
    xs, ys = frame.to_map([start[0], end[0]], [start[1], end[1]])
    frame.ax.plot(xs, ys, color=LEADER_COLOR, linewidth=0.45 * scale, zorder=19,
                  solid_capstyle="round")


def place_names(frame: MapFrame, meter: TextMeter, names: list[str], x, y,
                priority, occupied: list[Box], size: float, color: str = "#6B6B6B",
                style_: str = "italic", weight: str = "normal", boxed: bool = False,
                areas=None, far: bool = False, gid: str | None = None) -> list[Box]:
    """Centred names (communes, EPCI) drawn only where they cover nothing placed.

    With ``areas`` (one polygon per name, map metres) a name that does not fit at its
    point may move around it, as long as its centre stays inside its area. ``boxed``
    puts names on a light box, legible on dark fills. With ``far`` (the main communes,
    crowded with symbols, always named) a name may go further around its point, its
    centre within ``areas``; failing that, anywhere near it in the frame with a leader
    line back to its point; it gets a white halo (a stroke drawn under the real text, so
    that the PDF and SVG keep the name as text)."""
    prop = font(size, weight, style_)
    pad = LABEL_PAD * size / LABEL_SIZE if boxed else 0.0
    box_style = dict(boxstyle=f"round,pad={pad / size:.3f}", facecolor="white", alpha=0.75,
                     edgecolor="none") if boxed else None
    px, py = frame.to_pt(x, y)
    placed: list[Box] = []
    for i in np.argsort(-np.asarray(priority, dtype=float), kind="stable"):
        w, h = meter.size(names[i], prop)
        w, h = w + 2 * pad, h + 2 * pad
        shifts = _name_shifts(w, h, far) if areas is not None else [(0.0, 0.0)]
        spot = _free_spot(frame, (px[i], py[i]), w, h, shifts, occupied + placed,
                          areas[i] if areas is not None else None)
        if spot is None and far:
            spot = _free_spot(frame, (px[i], py[i]), w, h, _name_shifts(w, h, far, 3),
                              occupied + placed, None)
            if spot is not None:
                _draw_leader(frame, (px[i], py[i]), 0.0, spot, size / LABEL_SIZE)
        if spot is None:
            continue
        placed.append(spot)
        mx, my = frame.to_map((spot[0] + spot[2]) / 2, (spot[1] + spot[3]) / 2)
        kw = dict(ha="center", va="center", fontproperties=prop, zorder=6, linespacing=1.1)
        if far:
            frame.ax.text(mx, my, names[i], color="white", path_effects=[
                patheffects.Stroke(linewidth=2.2 * size / LABEL_SIZE, foreground="white")],
                **kw)
        frame.ax.text(mx, my, names[i], color=color, bbox=box_style, gid=gid, **kw)
    return placed


def _free_spot(frame, point, w: float, h: float, shifts, occupied, area) -> Box | None:
    """The first box of ``w`` × ``h`` around ``point`` (points), shifted by ``shifts``,
    that overlaps nothing in ``occupied`` and, with ``area``, is centred inside it."""
    for dx, dy in shifts:
        cx, cy = point[0] + dx, point[1] + dy
        box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        if any(_overlap(box, other) for other in occupied):
            continue
        if area is not None and not area.contains(shapely.Point(*frame.to_map(cx, cy))):
            continue
        return box
    return None


def _name_shifts(w: float, h: float, far: bool = False, reach: int = 1
                 ) -> list[tuple[float, float]]:
    """The point itself, then positions around it, nearest first (``reach`` times
    further with ``far``)."""
    steps = [(0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1),
             (0, 2), (0, -2), (2, 0), (-2, 0)]
    if far:
        ring = sorted({(a, b) for a in range(-4 * reach, 4 * reach + 1)
                       for b in range(-7 * reach, 7 * reach + 1)} - set(steps),
                      key=lambda ab: (abs(ab[0]) * w / 2) ** 2 + (abs(ab[1]) * h) ** 2)
        steps = steps + ring
    return [(a * w / 2, b * h) for a, b in steps]


def _overlap(a: Box, b: Box, gap: float = 1.0) -> bool:
    return not (a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1]
                or b[3] + gap <= a[1])


# ---------------------------------------------------------------------------------------
# Scale bar and north arrow

def scale_bar(frame: MapFrame, scale: float) -> Box:
    """Scale bar in the lower-left corner (km, French labels); returns its box (points)."""
    target_km = frame.width_pt * frame.m_per_pt / 1000 * 0.22
    length_km = max([k for k in (0.5, 1, 2, 5, 10, 20, 25, 50) if k <= target_km] or [0.5])
    length_pt = length_km * 1000 / frame.m_per_pt
    x0, y0, bar_h = 12 * scale, 10 * scale, 3.2 * scale
    prop = font(6.5 * scale)
    background = (x0 - 6 * scale, y0 - 5 * scale, x0 + length_pt + 20 * scale,
                  y0 + bar_h + 12 * scale)
    _rect_pt(frame, background, facecolor="white", edgecolor="none", alpha=0.85, zorder=30)
    for k in range(4):
        seg = (x0 + k * length_pt / 4, y0, x0 + (k + 1) * length_pt / 4, y0 + bar_h)
        _rect_pt(frame, seg, facecolor="#222222" if k % 2 == 0 else "white",
                 edgecolor="#222222", linewidth=0.5 * scale, zorder=31)
    for value, frac in ((0, 0.0), (length_km / 2, 0.5), (length_km, 1.0)):
        text = _km(value) + (" km" if frac == 1.0 else "")
        tx, ty = frame.to_map(x0 + frac * length_pt, y0 + bar_h + 2 * scale)
        frame.ax.text(tx, ty, text, ha="center", va="bottom",
                      fontproperties=prop, color="#222222", zorder=32)
    return background


def _km(value: float) -> str:
    return (f"{value:g}").replace(".", ",")


def north_arrow(frame: MapFrame, scale: float) -> Box:
    """North arrow in the upper-right corner (Lambert-93 grid north ≈ true north here)."""
    cx = frame.width_pt - 16 * scale
    top = frame.height_pt - 10 * scale
    h, w = 22 * scale, 8 * scale
    base = top - h
    left = [(cx, top), (cx - w / 2, base), (cx, base + h * 0.28)]
    right = [(cx, top), (cx + w / 2, base), (cx, base + h * 0.28)]
    for pts, face in ((left, "#222222"), (right, "white")):
        xs, ys = frame.to_map([p[0] for p in pts], [p[1] for p in pts])
        frame.ax.add_patch(Polygon(np.column_stack([xs, ys]), closed=True, facecolor=face,
                                   edgecolor="#222222", linewidth=0.6 * scale, zorder=31))
    nx, ny = frame.to_map(cx, base - 2 * scale)
    frame.ax.text(nx, ny, "N", ha="center", va="top", fontproperties=font(8 * scale, "bold"),
                  color="#222222", zorder=32)
    return (cx - w, base - 14 * scale, cx + w, top + 2 * scale)


def _rect_pt(frame: MapFrame, box: Box, **kw) -> None:
    (x0, x1), (y0, y1) = frame.to_map([box[0], box[2]], [box[1], box[3]])
    frame.ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, **kw))
