"""Text pages of the booklets (A4 portrait, vector; A4 landscape for the follow-up): a header, tables that flow over as
many pages as needed (header row repeated, text wrapped to the column width), notes,
and a footer with the sources and the page number.

Positions are in points from the lower-left corner of the page.
"""
from __future__ import annotations

from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from geo.model import style
from geo.export.frame import TextMeter, font
from geo.export.paper import MM_PER_INCH, PT_PER_MM

MARGIN = 15 * PT_PER_MM
CELL_PAD = 2.5
LINE = 1.22          # line spacing of table cells


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float
    align: str = "left"          # left | right


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]]
    total: list[str] | None = None          # a last bold row
    size: float = 7.2


class Page:
    """One page (A4 portrait; a subclass may change ``SIZE_MM`` and the title sizes)
    being filled from the top; ``cursor`` is the next free height.

    The footer (sources, the Département's name) is drawn first so its height is known;
    ``number`` adds the page number once the booklet is complete."""

    SIZE_MM = (210.0, 297.0)
    TITLE_PT, SUBTITLE_PT = 15, 9.5

    def __init__(self, title: str, subtitle: str, sources: str, dpi: int = 150):
        self.size_pt = (self.SIZE_MM[0] * PT_PER_MM, self.SIZE_MM[1] * PT_PER_MM)
        self.fig = Figure(figsize=tuple(v / MM_PER_INCH for v in self.SIZE_MM), dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.fig.set_label(title)
        self.meter = TextMeter(self.fig)
        self.width = self.size_pt[0] - 2 * MARGIN
        self.bottom = self._footer(sources)
        self.cursor = self.size_pt[1] - MARGIN
        title_font = font(self.TITLE_PT, "bold")
        lines = self.meter.wrap(title, self.width, title_font)   # within the margins
        self.text(MARGIN, self.cursor, "\n".join(lines), title_font, "#111111",
                  linespacing=1.15)
        self.cursor -= self.height_of(lines, title_font, 1.15) + 5
        if subtitle:
            self.paragraph(subtitle, font(self.SUBTITLE_PT), "#333333")
        self.cursor -= 2
        self.fig.add_artist(_hline(self, self.cursor + 2))
        self.cursor -= 8

    def text(self, x: float, y: float, text: str, prop, color="#222222", ha="left",
              va="top", **kw) -> None:
        self.fig.text(x / self.size_pt[0], y / self.size_pt[1], text, ha=ha, va=va,
                      fontproperties=prop, color=color, **kw)

    def axes(self, left: float, bottom: float, width: float, height: float):
        """Axes at a position in points (a chart drawn on the page)."""
        w, h = self.size_pt
        return self.fig.add_axes((left / w, bottom / h, width / w, height / h))

    def room(self) -> float:
        return self.cursor - self.bottom

    def paragraph(self, text: str, prop=None, color: str = "#222222") -> None:
        prop = prop or font(8.5)
        lines = self.meter.wrap(text, self.width, prop)
        self.text(MARGIN, self.cursor, "\n".join(lines), prop, color, linespacing=1.3)
        self.cursor -= self.height_of(lines, prop, 1.3) + 5

    def heading(self, text: str) -> None:
        self.cursor -= 12
        self.text(MARGIN, self.cursor, text, font(11, "bold"), "#111111")
        self.cursor -= self.meter.size(text, font(11, "bold"))[1] + 6

    def height_of(self, lines: list[str], prop, spacing: float) -> float:
        one = self.meter.size("Ég", prop)[1]
        return one * (1 + spacing * (len(lines) - 1))

    def _footer(self, sources: str) -> float:
        """Sources and the Département's name; returns the top of the footer."""
        prop = font(6.2)
        lines = self.meter.wrap(sources, self.width, prop)
        self.text(MARGIN, MARGIN + 13, "\n".join(lines), prop, "#444444", va="bottom",
                   linespacing=1.2)
        self.text(MARGIN, MARGIN, style.PRODUCER, font(7.5, "bold"),
                   style.DEPARTEMENT_OUTLINE, va="bottom")
        return MARGIN + 13 + self.height_of(lines, prop, 1.2) + 10


def _hline(page: Page, y: float) -> Line2D:
    w, h = page.size_pt
    return Line2D([MARGIN / w, 1 - MARGIN / w], [y / h] * 2,
                  transform=page.fig.transFigure, color="#999999", linewidth=0.6)


# ---------------------------------------------------------------------------------------
# Tables

def table_rows_height(page: Page, table: Table, cells: list[str], bold: bool = False
                      ) -> tuple[list[list[str]], float]:
    """Wrapped lines of each cell of a row and the row height (points)."""
    prop = font(table.size, "bold" if bold else "normal")
    wrapped = [page.meter.wrap(text, c.width_mm * PT_PER_MM - 2 * CELL_PAD, prop)
               for text, c in zip(cells, table.columns)]
    lines = max(len(w) for w in wrapped)
    return wrapped, page.height_of(["x"] * lines, prop, LINE) + 2 * CELL_PAD


def draw_row(page: Page, table: Table, wrapped: list[list[str]], height: float, *,
             bold: bool = False, fill: str | None = None) -> None:
    prop = font(table.size, "bold" if bold else "normal")
    x = MARGIN
    top = page.cursor
    if fill:
        w, h = page.size_pt
        page.fig.add_artist(Rectangle((MARGIN / w, (top - height) / h),
                                      sum(c.width_mm for c in table.columns) * PT_PER_MM
                                      / w, height / h,
                                      transform=page.fig.transFigure, facecolor=fill,
                                      edgecolor="none", zorder=0))
    for lines, column in zip(wrapped, table.columns):
        width = column.width_mm * PT_PER_MM
        tx = x + (width - CELL_PAD if column.align == "right" else CELL_PAD)
        page.text(tx, top - CELL_PAD, "\n".join(lines), prop, "#1A1A1A",
                   ha=column.align, linespacing=LINE)
        x += width
    page.cursor -= height


def flow_paragraph(pages: list[Page], new_page, text: str, prop=None) -> None:
    """A paragraph on ``pages[-1]``, or on a new page when it would run into the footer."""
    page = pages[-1]
    lines = page.meter.wrap(text, page.width, prop or font(8.5))
    if page.room() < page.height_of(lines, prop or font(8.5), 1.3) + 5:
        new_page()
    pages[-1].paragraph(text, prop)


def flow_table(pages: list[Page], new_page, table: Table) -> None:
    """Draw ``table`` on ``pages[-1]`` and as many new pages as needed (``new_page()``
    appends one); the header row is repeated on every page."""
    header, header_h = table_rows_height(pages[-1], table, [c.title for c in table.columns],
                                         bold=True)
    bodies = [table_rows_height(pages[-1], table, row) for row in table.rows]
    if table.total:
        bodies.append(table_rows_height(pages[-1], table, table.total, bold=True))
    started = False
    for k, (wrapped, height) in enumerate(bodies):
        page = pages[-1]
        if not started or page.room() < height:
            if started or page.room() < header_h + height:
                new_page()
                page = pages[-1]
            draw_row(page, table, header, header_h, bold=True, fill="#DCE3EA")
            started = True
        is_total = table.total is not None and k == len(bodies) - 1
        draw_row(page, table, wrapped, height, bold=is_total,
                 fill="#EEF1F4" if is_total else ("#F6F6F6" if k % 2 else None))
