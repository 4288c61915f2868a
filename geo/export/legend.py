"""The legend of a print map, drawn with matplotlib: the sections of the shared legend
model (:mod:`geo.legend_model`, the same as the web map's), laid out in one or more
columns of a box, text wrapped to the column width.
"""
from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from geo import style
from geo.export.frame import TextMeter, font
from geo.export.paper import PT_PER_MM
from geo.legend_model import Entry, Section


# ---------------------------------------------------------------------------------------
# Layout and drawing

@dataclass
class _Row:
    section: int
    entry: Entry | None        # None: the section title
    lines: list[str]
    height: float              # points


class Legend:
    """Sections laid out in ``columns`` columns of a box ``width_mm`` wide."""

    def __init__(self, sections: list[Section], meter: TextMeter, width_mm: float,
                 columns: int, scale: float):
        self.scale = scale
        self.columns = columns
        self.col_width = width_mm * PT_PER_MM / columns
        self.title_font = font(7.5 * scale, "bold")
        self.text_font = font(6.8 * scale)
        self.note_font = font(6.3 * scale, style="italic")
        self.symbol_w = 16 * scale
        self.rows = self._rows([s for s in sections if s.entries], meter)
        self.placement = self._columns()

    def _rows(self, sections: list[Section], meter: TextMeter) -> list[_Row]:
        rows = []
        text_w = self.col_width - self.symbol_w - 6 * self.scale
        line_h = 8.6 * self.scale
        for k, section in enumerate(sections):
            lines = meter.wrap(section.title, self.col_width - 4 * self.scale, self.title_font)
            rows.append(_Row(k, None, lines, line_h * len(lines) + 3 * self.scale
                             + (5 * self.scale if k else 0)))
            for entry in section.entries:
                prop = self.note_font if entry.kind == "note" else self.text_font
                lines = meter.wrap(entry.label, text_w, prop)
                own = (2 * entry.radius_pt + 3) * self.scale if entry.kind == "circle" else 0
                rows.append(_Row(k, entry, lines, max(line_h * len(lines), own, 10 * self.scale)))
        return rows

    def _columns(self) -> list[list[_Row]]:
        """Rows in at most ``columns`` columns, as even as they go: the lowest height at
        which filling columns top to bottom uses no more columns. A long section (the
        numbered list, the projects off the map) flows on into the next column; a section
        title is never left alone at the foot of a column."""
        total = sum(r.height for r in self.rows)
        height = max([total / self.columns] + [r.height for r in self.rows])
        while True:
            columns = self._fill(height)
            if len(columns) <= self.columns:
                return columns
            height += 2 * self.scale

    def _fill(self, height: float) -> list[list[_Row]]:
        columns: list[list[_Row]] = [[]]
        used = 0.0
        for k, row in enumerate(self.rows):
            follows = self.rows[k + 1].height if (row.entry is None
                                                  and k + 1 < len(self.rows)) else 0.0
            if columns[-1] and used + row.height + follows > height:
                columns.append([])
                used = 0.0
            columns[-1].append(row)
            used += row.height
        return columns

    @property
    def height_mm(self) -> float:
        return max(sum(r.height for r in col) for col in self.placement) / PT_PER_MM

    def draw(self, fig: Figure, box_mm: tuple[float, float, float, float],
             paper_mm: tuple[float, float]) -> None:
        x, y, w, h = box_mm
        ax = fig.add_axes((x / paper_mm[0], y / paper_mm[1], w / paper_mm[0], h / paper_mm[1]))
        ax.set_xlim(0, w * PT_PER_MM)
        ax.set_ylim(0, h * PT_PER_MM)
        ax.set_axis_off()
        top = h * PT_PER_MM
        for c, column in enumerate(self.placement):
            cursor = top
            x0 = c * self.col_width
            for row in column:
                self._draw_row(ax, row, x0, cursor)
                cursor -= row.height

    def _draw_row(self, ax, row: _Row, x0: float, top: float) -> None:
        s = self.scale
        if row.entry is None:
            ax.text(x0, top - row.height + 3 * s, "\n".join(row.lines), ha="left",
                    va="bottom", fontproperties=self.title_font, color="#111111",
                    linespacing=1.15)
            return
        entry = row.entry
        cy = top - row.height / 2
        if entry.kind == "note":
            ax.text(x0, cy, "\n".join(row.lines), ha="left", va="center",
                    fontproperties=self.note_font, color="#444444", linespacing=1.15)
            return
        symbol_w = max(self.symbol_w, 2 * entry.radius_pt * s if entry.kind == "circle" else 0)
        _symbol(ax, entry, x0 + symbol_w / 2, cy, s)
        ax.text(x0 + symbol_w + 3 * s, cy, "\n".join(row.lines), ha="left", va="center",
                fontproperties=self.text_font, color="#222222", linespacing=1.15)


def _symbol(ax, entry: Entry, cx: float, cy: float, s: float) -> None:
    if entry.kind == "circle":
        r = entry.radius_pt * s
        ax.add_patch(Circle((cx, cy), r, facecolor=entry.face or "white",
                            edgecolor=entry.color, linewidth=(1.0 if entry.face is None
                                                              else 0.6) * s,
                            linestyle=entry.border))
        _letter(ax, entry, cx, cy, min(r, 7 * s))
    elif entry.kind == "square":
        side = style.PRESENCE_SQUARE_PT * s
        ax.add_patch(Rectangle((cx - side / 2, cy - side / 2), side, side, facecolor=entry.face,
                               edgecolor="white", linewidth=0.5 * s))
        _letter(ax, entry, cx, cy, side / 2)
    elif entry.kind == "patch":
        ax.add_patch(Rectangle((cx - 6 * s, cy - 4 * s), 12 * s, 8 * s,
                               facecolor=entry.face or "none", edgecolor=entry.color,
                               linewidth=entry.linewidth * 0.6 * s,
                               linestyle="--" if entry.dashed else "-",
                               hatch=style.LOST_HATCH_MPL if entry.hatch else None))
    elif entry.kind == "line":
        ax.add_line(Line2D([cx - 7 * s, cx + 7 * s], [cy, cy], color=entry.color,
                           linewidth=entry.linewidth * s,
                           linestyle="--" if entry.dashed else "-"))


def _letter(ax, entry: Entry, cx: float, cy: float, size: float) -> None:
    if entry.letter:
        ax.text(cx, cy, entry.letter, ha="center", va="center_baseline", color=entry.ink,
                fontproperties=font(size * (1 if len(entry.letter) == 1 else 0.8), "bold"))
