"""The legend of a print map, drawn with matplotlib: the sections of the shared legend
model (:mod:`geo.model.legend_model`, the same as the web map's) as rows wrapped to one column
width, flowed into the columns of the page model (:mod:`geo.export.page_model`); what
does not fit goes on to a continuation page.
"""
from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from geo.model import style
from geo.export.frame import TextMeter, font
from geo.export.paper import PT_PER_MM
from geo.model.legend_model import Entry, Section


# ---------------------------------------------------------------------------------------
# Layout and drawing

@dataclass
class _Row:
    section: int
    entry: Entry | None        # None: the section title
    lines: list[str]
    height: float              # points


class Legend:
    """Sections as rows of one column width, flowed into columns of given heights (the
    frames of :mod:`geo.export.page_model`), the rest left for a continuation page."""

    def __init__(self, sections: list[Section], meter: TextMeter, width_mm: float,
                 scale: float):
        self.scale = scale
        self.col_width = width_mm * PT_PER_MM
        self.meter = meter
        self.title_font = font(7.5 * scale, "bold")
        self.text_font = font(6.8 * scale)
        self.note_font = font(6.3 * scale, style="italic")
        self.symbol_w = 16 * scale
        self.sections = [s for s in sections if s.entries]
        self.rows = self._rows(self.sections)

    def _rows(self, sections: list[Section]) -> list[_Row]:
        rows = []
        for k, section in enumerate(sections):
            rows.append(self.title_row(k, section.title, first=not k))
            for entry in section.entries:
                rows.append(self.entry_row(k, entry))
        return rows

    def title_row(self, section: int, title: str, first: bool) -> _Row:
        lines = self.meter.wrap(title, self.col_width - 4 * self.scale, self.title_font)
        return _Row(section, None, lines, 8.6 * self.scale * len(lines) + 3 * self.scale
                    + (0 if first else 5 * self.scale))

    def entry_row(self, section: int, entry: Entry) -> _Row:
        prop = self.note_font if entry.kind == "note" else self.text_font
        text_w = self.col_width - self.symbol_w - 6 * self.scale
        lines = self.meter.wrap(entry.label, text_w, prop)
        own = (2 * entry.radius_pt + 3) * self.scale if entry.kind == "circle" else 0
        return _Row(section, entry, lines, max(8.6 * self.scale * len(lines), own,
                                               10 * self.scale))

    def flow(self, rows: list[_Row], heights_mm: list[float]
             ) -> tuple[list[list[_Row]], list[_Row]]:
        """``rows`` filled top to bottom into columns of ``heights_mm``; returns the
        columns and the rows left over. A section title is never left alone at the foot
        of a column; a column that starts inside a section repeats its title, « (suite) »."""
        columns: list[list[_Row]] = []
        k = 0
        for height in heights_mm:
            room, column = height * PT_PER_MM, []
            while k < len(rows):
                head = [rows[k]] if column else self._opening(rows[k])
                need = sum(r.height for r in head)
                if rows[k].entry is None and k + 1 < len(rows):
                    need += rows[k + 1].height          # a title stays with its first entry
                if need > room and (column or need <= height * PT_PER_MM):
                    break                               # (a row taller than a column goes alone)
                column += head
                room -= sum(r.height for r in head)
                k += 1
            columns.append(column)
        return columns, rows[k:]

    def _opening(self, row: _Row) -> list[_Row]:
        """The rows a column starts with for ``row``: a title without its top gap, or an
        entry under its section's title marked « (suite) »."""
        title = self.sections[row.section].title
        if row.entry is None:
            return [self.title_row(row.section, title, first=True)]
        return [self.title_row(row.section, f"{title} (suite)", first=True), row]

    def note_row(self, text: str) -> _Row:
        return self.entry_row(-1, Entry(text, "note"))

    def draw_column(self, fig: Figure, rows: list[_Row], box_mm, paper_mm) -> None:
        """One column of rows from the top of ``box_mm``."""
        x, y, w, h = box_mm
        ax = fig.add_axes((x / paper_mm[0], y / paper_mm[1], w / paper_mm[0], h / paper_mm[1]))
        ax.set_xlim(0, w * PT_PER_MM)
        ax.set_ylim(0, h * PT_PER_MM)
        ax.set_axis_off()
        cursor = h * PT_PER_MM
        for row in rows:
            self._draw_row(ax, row, 0.0, cursor)
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
