"""Names beside the points of a scatter chart, without overlaps (web and print).

:func:`place` is the one placer of both: in a frame whose size is known (the web chart
is drawn at a fixed size with explicit axis domains, the print chart in points), the
livret maps' :func:`geo.model.labels.declutter` puts each name right, left, above or below its
point, or further away with a leader line, never on another name or point, off the
reference lines while it can. A name that fits nowhere is returned unplaced for the
caller to number or list (its point keeps its tooltip on screen).

Measured on the 20 booklets (380 names, print): all placed, 67 with a leader line, 1
across a dashed line (68 when the lines are not avoided); placing the most isolated
points first, not the most crowded (that left 16 names unplaced)."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo.model.labels import declutter, nearest_point, segment_hits_box

CHAR_WIDTH = 0.58        # average width of a character, in font sizes (sans-serif)
LINE_HEIGHT = 1.25


@dataclass(frozen=True)
class Frame:
    """The plot area: its size in pixels (or points) and its data domains."""

    width: float
    height: float
    x_domain: tuple[float, float]
    y_domain: tuple[float, float]

    def to_px(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        (x0, x1), (y0, y1) = self.x_domain, self.y_domain
        return ((np.asarray(x, float) - x0) / (x1 - x0) * self.width,
                (np.asarray(y, float) - y0) / (y1 - y0) * self.height)

    def to_data(self, px: float, py: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.x_domain, self.y_domain
        return x0 + px / self.width * (x1 - x0), y0 + py / self.height * (y1 - y0)


@dataclass(frozen=True)
class Names:
    """Names to place beside points, in a y-up frame of ``size`` (pixels or points):
    anchors, text boxes, point radii and priorities (highest placed first)."""

    px: np.ndarray
    py: np.ndarray
    widths: np.ndarray
    heights: np.ndarray
    radius: np.ndarray
    priority: np.ndarray
    size: tuple[float, float]


# Tried in turn for the names still unplaced: (keep off the reference lines, room kept
# around the other points). Leader lengths beyond the point's own offset.
LEVELS = ((True, 2.0), (False, 2.0), (False, 0.8))
FAR = (5, 10, 16, 24, 34, 46, 60)


def place(names: Names, lines: list[tuple] = (), obstacles: list[tuple] = (),
          levels=LEVELS, far=FAR) -> list:
    """Placements (:class:`geo.model.labels.Placement`) of the names that fit: never on another
    name, point or obstacle, nor outside the frame; off the reference ``lines`` (boxes)
    while a level says so; a later name's leader line crosses no earlier name."""
    px, py = names.px, names.py
    big, (width, height) = 1e6, names.size
    frame = [(-big, -big, 1.0, big), (width - 1.0, -big, big, big),
             (-big, -big, big, 1.0), (-big, height - 1.0, big, big)]
    placed: list = []
    for off_lines, room in levels:
        todo = np.array([i not in {p.index for p in placed} for i in range(len(px))])
        if not todo.any():
            break
        near = names.radius + room
        blocked = [(a - r, b - r, a + r, b + r) for a, b, r in zip(px, py, near)] + \
            list(obstacles) + frame + (list(lines) if off_lines else [])
        placed += _place_more(placed, todo, names, near + 0.5, blocked, far)
    return placed


def _place_more(placed: list, todo, names: Names, offset, obstacles, far) -> list:
    """Placements of the ``todo`` names around the ``placed`` ones: those keep their
    boxes and leader lines; a new leader line may not cross them either."""
    px, py, w, h = names.px, names.py, names.widths, names.heights
    taken = [(p.x - 1.5, p.y - 1.5, p.x + w[p.index] + 1.5, p.y + h[p.index] + 1.5)
             for p in placed]
    trails = [b for p in placed if p.leader
              for b in _segment_boxes((px[p.index], py[p.index]), leader_end(p, names))]
    found = declutter(px[todo], py[todo], w[todo], h[todo], names.priority[todo], gap=1.5,
                      offset=offset[todo], obstacles=obstacles + taken + trails, far=far)
    index, out = np.flatnonzero(todo), []
    for p in found:
        p = replace(p, index=int(index[p.index]))
        end = leader_end(p, names)
        if not (p.leader and any(segment_hits_box((px[p.index], py[p.index]), end, b)
                                 for b in taken)):
            out.append(p)
    return out


def leader_end(p, names: Names) -> tuple[float, float]:
    """Where the leader line of placement ``p`` meets its name."""
    i = p.index
    box = (p.x, p.y, p.x + names.widths[i], p.y + names.heights[i])
    return nearest_point(box, names.px[i], names.py[i])


def _segment_boxes(start, end, step: float = 2.0) -> list[tuple]:
    """Small boxes along a leader line, for later names to keep off it."""
    n = max(1, int(np.hypot(*np.subtract(end, start)) / step))
    return [(x - 0.4, y - 0.4, x + 0.4, y + 0.4) for x, y in np.linspace(start, end, n + 1)]


def padded_domain(values: pd.Series, share: float = 0.08) -> tuple[float, float]:
    """The values' range widened by ``share`` on each side (room for the names)."""
    low, high = float(values.min()), float(values.max())
    pad = (high - low) * share or 1.0
    return low - pad, high + pad


def place_names(x: pd.Series, y: pd.Series, names: pd.Series, frame: Frame,
                font_px: float, point_px: float, priority: pd.Series | None = None,
                lines: tuple[float | None, float | None] = (None, None)) -> pd.DataFrame:
    """Per point: ``label_x``/``label_y`` (lower-left corner of its name, data units),
    ``leader_x``/``leader_y`` (where its leader line meets the name, NaN when none) and
    ``placed``. Names stay inside the plot area and off the reference ``lines`` (a
    vertical line at x, a horizontal one at y) while they can (:func:`place`); widths are
    estimated from the number of characters (the browser measures nothing here)."""
    px, py = frame.to_px(x.to_numpy(), y.to_numpy())
    n = len(px)
    # the most isolated first; ties: the later point first
    order = priority.to_numpy() if priority is not None else \
        np.arange(len(px)) / (len(px) + 1) - crowding(px, py)
    todo = Names(px, py, np.array([len(str(t)) * font_px * CHAR_WIDTH for t in names]),
                 np.full(n, font_px * LINE_HEIGHT), np.full(n, point_px / 2 + 1.0), order,
                 (frame.width, frame.height))
    placements = place(todo, _line_boxes(frame, *lines))
    out = pd.DataFrame({"label_x": np.nan, "label_y": np.nan, "leader_x": np.nan,
                        "leader_y": np.nan, "placed": False}, index=x.index)
    for p in placements:
        row = x.index[p.index]
        out.loc[row, ["label_x", "label_y"]] = frame.to_data(p.x, p.y)
        out.loc[row, "placed"] = True
        if p.leader:
            out.loc[row, ["leader_x", "leader_y"]] = frame.to_data(*leader_end(p, todo))
    return out


def _line_boxes(frame: Frame, x: float | None, y: float | None) -> list[tuple]:
    """Thin boxes along the reference lines (names must not be crossed by them)."""
    boxes = []
    if x is not None:
        px, _ = frame.to_px(np.array([x]), np.array([frame.y_domain[0]]))
        boxes.append((px[0] - 1, 0, px[0] + 1, frame.height))
    if y is not None:
        _, py = frame.to_px(np.array([frame.x_domain[0]]), np.array([y]))
        boxes.append((0, py[0] - 1, frame.width, py[0] + 1))
    return boxes


def crowding(px: np.ndarray, py: np.ndarray, radius: float = 60.0) -> np.ndarray:
    """How many points (itself included) lie within ``radius`` of each point: callers
    name the most isolated points first (see the module's measurements)."""
    d = np.hypot(px[:, None] - px[None, :], py[:, None] - py[None, :])
    return (d < radius).sum(axis=1)


def fit_names(x: pd.Series, y: pd.Series, names: pd.Series, width: float, height: float,
              font_px: float, point_px: float,
              lines: tuple[float | None, float | None] = (None, None)
              ) -> tuple[Frame, pd.DataFrame]:
    """The frame and names of a scatter: the axis domains are widened step by step until
    every name fits (the try that places most names, then crosses fewest lines)."""
    best, best_key = None, None
    for share in (0.08, 0.14, 0.2, 0.28):
        frame = Frame(width, height, padded_domain(x, share), padded_domain(y, share))
        names_at = place_names(x, y, names, frame, font_px, point_px, lines=lines)
        key = (int(names_at["placed"].sum()), -crossings(frame, names_at, names, font_px,
                                                           lines))
        if best_key is None or key > best_key:
            best, best_key = (frame, names_at), key
        if key == (len(names), 0):
            break
    return best


def crossings(frame: Frame, names_at: pd.DataFrame, names: pd.Series, font_px: float,
               lines) -> int:
    """How many placed names a reference line crosses."""
    from geo.model.labels import _overlap

    rules = _line_boxes(frame, *lines)
    count = 0
    for (_, row), name in zip(names_at.iterrows(), names):
        if not row["placed"]:
            continue
        x0, y0 = frame.to_px(np.array([row["label_x"]]), np.array([row["label_y"]]))
        box = (x0[0], y0[0], x0[0] + len(str(name)) * font_px * CHAR_WIDTH,
               y0[0] + font_px * LINE_HEIGHT)
        count += sum(_overlap(box, rule, 0.0) for rule in rules)
    return count
