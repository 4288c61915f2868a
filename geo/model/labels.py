"""Placing "name – amount" labels and project symbols without pile-ups.

Shared by the interactive map and the print export. Two steps, both deterministic:

1. ``spread_points``: projects located at the same commune share its mairie point; they
   are fanned out on a small circle around it so each symbol stays visible.
2. ``declutter``: labels are placed greedily, biggest amount first, trying a few
   positions around their point (right, left, above, below), then further away with a
   leader line; a label that fits nowhere without overlapping an already placed label,
   leader line or obstacle is returned unplaced, for the caller to give its symbol a
   number and list it beside the map (:mod:`geo.export.map_layers`).

Why hand-written (measured 2026-12-01 on the 20 EPCI print maps, A4 and A3, 330 located
projects, final layouts): adjustText 1.4.0 leaves overlaps (3-6 label-label and 10-19
label-symbol on the Deux Baies map), never reports a label it could not place (nothing
to number) and, with its default time limit, changes the PDF from run to run; textalloc
1.2.4 places about as many (250 labels against 245 here), deterministically, but
only avoids points and segments (the scale bar, north arrow and commune names must be
tiled with squares), takes one margin for label-label and label-symbol gaps as a
fraction of the axes, draws a leader for every label and costs ~50 ms per map against
~1 ms. The adapter it needs is longer than this module, for no measured gain. The web
map's placer (static/atlas/atlas-labels.js) says the same of rbush and labelgun.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.model.amounts import format_eur


def label_text(title: str, amount_cents: float | None, max_chars: int = 48) -> str:
    """The livret label: "Centre aquatique de l'Aa – 1 000 000 €" (title shortened);
    an amount the text does not give reads "montant non précisé", never 0 €."""
    short = title if len(title) <= max_chars else title[: max_chars - 1].rstrip() + "…"
    if amount_cents is None or pd.isna(amount_cents):
        return f"{short} – montant non précisé"
    return f"{short} – {format_eur(amount_cents)}"


def spread_points(x: pd.Series, y: pd.Series, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Fan out points that share the same coordinates on a circle of ``radius``
    (same unit as x/y). Order of the input decides the position: stable output."""
    xs, ys = x.to_numpy(dtype=float).copy(), y.to_numpy(dtype=float).copy()
    keys = pd.Series(list(zip(np.round(xs, 9), np.round(ys, 9))))
    for _, positions in keys.groupby(keys).groups.items():
        n = len(positions)
        if n < 2:
            continue
        for rank, pos in enumerate(positions):
            angle = 2 * math.pi * rank / n + math.pi / 2
            xs[pos] += radius * math.cos(angle)
            ys[pos] += radius * math.sin(angle)
    return xs, ys


@dataclass(frozen=True)
class Placement:
    index: int       # row position in the input
    x: float         # anchor of the text box, lower-left corner
    y: float
    ha: str          # "left" | "right" | "center"
    va: str          # "bottom" | "top" | "center"
    leader: bool = False   # moved away from its point: a line leads back to it


def declutter(x: np.ndarray, y: np.ndarray, widths: np.ndarray, heights: np.ndarray,
              priority: np.ndarray, gap: float = 2.0, offset: float | np.ndarray = 6.0,
              obstacles=(), far: tuple[float, ...] = ()) -> list[Placement]:
    """Greedy label placement in a y-up coordinate system (pixels or points).

    ``widths``/``heights`` are the text box sizes; ``priority`` orders the labels
    (highest first, e.g. the amount). ``offset`` may be one value per label (e.g. the
    symbol radius plus a margin); ``obstacles`` are boxes ``(x0, y0, x1, y1)`` no label
    may cover (symbols, map frame). A label that fits nowhere next to its point may move
    ``far`` further away (distances beyond ``offset``, in eight directions), with a
    leader line back to its point that crosses no placed label. Returns the labels that
    could be placed; the others are for the caller to number."""
    placed_boxes: list[tuple[float, float, float, float]] = []
    leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
    blocked = [tuple(b) for b in obstacles]
    offsets = np.broadcast_to(np.asarray(offset, dtype=float), np.shape(x))
    result = []
    for i in np.argsort(-np.asarray(priority, dtype=float), kind="stable"):
        for dx, dy, ha, va, leader in _candidates(widths[i], heights[i], offsets[i], far):
            box = (x[i] + dx, y[i] + dy, x[i] + dx + widths[i], y[i] + dy + heights[i])
            if any(_overlap(box, other, gap) for other in placed_boxes) or any(
                    _overlap(box, other, 0.0) for other in blocked):
                continue
            line = ((x[i], y[i]), nearest_point(box, x[i], y[i]))
            if any(segment_hits_box(*segment, box) for segment in leaders) or (
                    leader and any(segment_hits_box(*line, b) for b in placed_boxes)):
                continue
            placed_boxes.append(box)
            if leader:
                leaders.append(line)
            result.append(Placement(int(i), box[0], box[1], ha, va, leader))
            break
    return sorted(result, key=lambda p: p.index)


def _candidates(width: float, height: float, offset: float, far: tuple[float, ...]):
    """Offsets of the box's lower-left corner: right, left, above, below the point; then,
    for each distance of ``far``, eight directions, the box's nearest side or corner at
    that distance (these need a leader line)."""
    yield offset, -height / 2, "left", "center", False
    yield -offset - width, -height / 2, "right", "center", False
    yield -width / 2, offset, "center", "bottom", False
    yield -width / 2, -offset - height, "center", "top", False
    diagonal = math.sqrt(0.5)
    for extra in far:
        d = offset + extra
        yield d, -height / 2, "left", "center", True
        yield -d - width, -height / 2, "right", "center", True
        yield -width / 2, d, "center", "bottom", True
        yield -width / 2, -d - height, "center", "top", True
        yield d * diagonal, d * diagonal, "left", "bottom", True
        yield -d * diagonal - width, d * diagonal, "right", "bottom", True
        yield d * diagonal, -d * diagonal - height, "left", "top", True
        yield -d * diagonal - width, -d * diagonal - height, "right", "top", True


def nearest_point(box, x: float, y: float) -> tuple[float, float]:
    """The point of ``box`` nearest to (x, y): where a leader line meets its label."""
    return (min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3]))


def segment_hits_box(p, q, box) -> bool:
    """Whether the segment p-q passes through the inside of ``box`` (Liang-Barsky
    clipping; touching its border does not count)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for step, distance in ((-dx, x0 - box[0]), (dx, box[2] - x0),
                           (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if step == 0:
            if distance <= 0:
                return False
            continue
        t = distance / step
        if step < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


def _overlap(a, b, gap: float) -> bool:
    return not (a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1]
                or b[3] + gap <= a[1])
