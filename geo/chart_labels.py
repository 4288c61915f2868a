"""Names beside the points of a scatter chart, without overlaps (web and print).

The chart is drawn at a fixed size with explicit axis domains, so a point's position in
pixels is known here: :func:`geo.labels.declutter` (the livret maps' placer) puts each
name right, left, above or below its point, or further away with a leader line, never on
another name or point. A name that fits nowhere is returned unplaced for the caller to
list beside the chart (its point keeps its tooltip)."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo.labels import declutter, nearest_point

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
    vertical line at x, a horizontal one at y); a name with no room off the lines may
    cross one, never another name or a point."""
    px, py = frame.to_px(x.to_numpy(), y.to_numpy())
    widths = np.array([len(str(n)) * font_px * CHAR_WIDTH for n in names])
    heights = np.full(len(names), font_px * LINE_HEIGHT)
    r = point_px / 2 + 1
    points = [(a - r, b - r, a + r, b + r) for a, b in zip(px, py)]
    edges = [(-1e4, -1e4, 0, 1e4 + frame.height), (frame.width, -1e4, 1e4, 1e4),
             (-1e4, -1e4, 1e4, 0), (-1e4, frame.height, 1e4, 1e4)]
    order = priority.to_numpy() if priority is not None else _crowding(px, py)

    def place(keep: np.ndarray, obstacles: list) -> list:
        found = declutter(px[keep], py[keep], widths[keep], heights[keep], order[keep],
                          gap=1.5, offset=r + 2, obstacles=obstacles,
                          far=(10.0, 22.0, 36.0, 52.0, 70.0))
        index = np.flatnonzero(keep)
        return [replace(p, index=int(index[p.index])) for p in found]

    first = place(np.ones(len(px), bool), points + edges + _line_boxes(frame, *lines))
    left = np.ones(len(px), bool)
    left[[p.index for p in first]] = False
    boxes = [(p.x, p.y, p.x + widths[p.index], p.y + heights[p.index]) for p in first]
    second = place(left, points + edges + boxes) if left.any() else []
    return _frame_of(first + second, x.index, frame, widths, heights, px, py)


def _frame_of(placements, index, frame: Frame, widths, heights, px, py) -> pd.DataFrame:
    out = pd.DataFrame({"label_x": np.nan, "label_y": np.nan, "leader_x": np.nan,
                        "leader_y": np.nan, "placed": False}, index=index)
    for p in placements:
        row = index[p.index]
        out.loc[row, ["label_x", "label_y"]] = frame.to_data(p.x, p.y)
        out.loc[row, "placed"] = True
        if p.leader:
            box = (p.x, p.y, p.x + widths[p.index], p.y + heights[p.index])
            out.loc[row, ["leader_x", "leader_y"]] = frame.to_data(
                *nearest_point(box, px[p.index], py[p.index]))
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


def _crowding(px: np.ndarray, py: np.ndarray, radius: float = 60.0) -> np.ndarray:
    """How many other points lie within ``radius`` pixels: the most crowded names are
    placed first, while there is still room around them (ties: input order)."""
    d = np.hypot(px[:, None] - px[None, :], py[:, None] - py[None, :])
    return (d < radius).sum(axis=1) - np.arange(len(px)) / (len(px) + 1)


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
    from geo.labels import _overlap

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
