"""The map frame of a print layout: an axes in Lambert-93 metres with a known scale,
and the text measuring every placement step needs.

Coordinates come in two flavours: map metres (what is drawn) and *points* measured from
the lower-left corner of the frame (what labels are placed in: 1 pt = 1/72 inch on
paper, whatever the dpi). ``MapFrame`` converts between them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from geo.export.paper import PT_PER_MM

FONT = "DejaVu Sans"


def font(size: float, weight: str = "normal", style: str = "normal") -> FontProperties:
    return FontProperties(family=FONT, size=size, weight=weight, style=style)


class TextMeter:
    """Text extents in points, computed by the figure's own renderer (the same layout
    matplotlib uses to draw, multi-line text included)."""

    def __init__(self, fig: Figure):
        self._renderer = fig.canvas.get_renderer()
        self._to_pt = 72.0 / fig.dpi
        self._probe = Text(0, 0, "")
        self._probe.set_figure(fig)
        self._cache: dict[tuple, tuple[float, float]] = {}

    def size(self, text: str, prop: FontProperties) -> tuple[float, float]:
        """Width and height (points) of ``text``, one or several lines."""
        key = (text, prop.get_size_in_points(), prop.get_weight(), prop.get_style())
        if key not in self._cache:
            self._probe.set_text(text)
            self._probe.set_fontproperties(prop)
            box = self._probe.get_window_extent(self._renderer)
            self._cache[key] = (box.width * self._to_pt, box.height * self._to_pt)
        return self._cache[key]

    def wrap(self, text: str, width_pt: float, prop: FontProperties) -> list[str]:
        """Greedy word wrap so that each line fits ``width_pt``."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if current and self.size(candidate, prop)[0] > width_pt:
                    lines.append(current)
                    current = word
                else:
                    current = candidate
                while self.size(current, prop)[0] > width_pt and len(current) > 1:
                    head = self._longest_prefix(current, width_pt, prop)
                    lines.append(head)
                    current = current[len(head):]
            lines.append(current)
        return lines

    def _longest_prefix(self, text: str, width_pt: float, prop: FontProperties) -> str:
        """Longest start of a word too long for one line (at least one character), cut
        after a hyphen or an apostrophe when there is one ("Neuville-sous-" / "Montreuil"),
        never in the middle of a word part."""
        low, high = 1, len(text) - 1
        while low < high:
            mid = (low + high + 1) // 2
            if self.size(text[:mid], prop)[0] <= width_pt:
                low = mid
            else:
                high = mid - 1
        cut = max(text.rfind("-", 0, low), text.rfind("'", 0, low), text.rfind("’", 0, low))
        return text[:cut + 1] if cut > 0 else text[:low]


@dataclass
class MapFrame:
    """An axes showing ``extent`` (metres) at a uniform scale."""

    ax: Axes
    x0: float
    y0: float
    m_per_pt: float
    width_pt: float
    height_pt: float
    box_mm: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)   # on the page
    paper_mm: tuple[float, float] = (0.0, 0.0)

    @staticmethod
    def metres_per_point(box_mm, bounds, margin: float = 0.04) -> float:
        """The scale ``create`` would give ``bounds`` in ``box_mm`` (inf: no room)."""
        w, h = box_mm[2] * PT_PER_MM, box_mm[3] * PT_PER_MM
        if w <= 0 or h <= 0:
            return float("inf")
        minx, miny, maxx, maxy = bounds
        return max((maxx - minx) * (1 + 2 * margin) / w, (maxy - miny) * (1 + 2 * margin) / h)

    @staticmethod
    def create(fig: Figure, box_mm: tuple[float, float, float, float],
               paper_mm: tuple[float, float], bounds: tuple[float, float, float, float],
               margin: float = 0.04) -> "MapFrame":
        """Axes at ``box_mm`` (x, y, w, h from the lower-left corner of the page) showing
        ``bounds`` (minx, miny, maxx, maxy) with a relative margin, centred."""
        x, y, w, h = box_mm
        pw, ph = paper_mm
        ax = fig.add_axes((x / pw, y / ph, w / pw, h / ph))
        width_pt, height_pt = w * PT_PER_MM, h * PT_PER_MM
        minx, miny, maxx, maxy = bounds
        m_per_pt = MapFrame.metres_per_point(box_mm, bounds, margin)
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        x0, y0 = cx - width_pt * m_per_pt / 2, cy - height_pt * m_per_pt / 2
        ax.set_xlim(x0, x0 + width_pt * m_per_pt)
        ax.set_ylim(y0, y0 + height_pt * m_per_pt)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor("white")
        for spine in ax.spines.values():
            spine.set_linewidth(0.6)
            spine.set_edgecolor("#444444")
        return MapFrame(ax, x0, y0, m_per_pt, width_pt, height_pt, tuple(box_mm), paper_mm)

    def to_pt(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        return ((np.asarray(x, dtype=float) - self.x0) / self.m_per_pt,
                (np.asarray(y, dtype=float) - self.y0) / self.m_per_pt)

    def to_map(self, x_pt, y_pt) -> tuple[np.ndarray, np.ndarray]:
        return (self.x0 + np.asarray(x_pt, dtype=float) * self.m_per_pt,
                self.y0 + np.asarray(y_pt, dtype=float) * self.m_per_pt)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x0 + self.width_pt * self.m_per_pt,
                self.y0 + self.height_pt * self.m_per_pt)

    def outside_boxes(self, pad: float = 2.0) -> list[tuple[float, float, float, float]]:
        """Four boxes around the frame (points): labels placed with these as obstacles
        stay inside, ``pad`` points from the border."""
        w, h, big = self.width_pt, self.height_pt, 1e6
        return [(-big, -big, pad, big), (w - pad, -big, big, big),
                (-big, -big, big, pad), (-big, h - pad, big, big)]
