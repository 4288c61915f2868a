"""The legend of a print map: sections of entries (symbol + French text), laid out in
one or more columns of a box, text wrapped to the column width.

Entries describe their symbol with :mod:`geo.style` values; the same module styles the
map, so the legend cannot drift from what is drawn.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from geo import style
from geo.export.frame import TextMeter, font
from geo.export.paper import PT_PER_MM


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str                    # circle | marker | patch | line | note
    color: str = "#555555"
    face: str | None = None      # fill colour (circle, patch); None: hollow
    dashed: bool = False
    border: str = "solid"        # outline of a circle: solid | dashed | dotted
    hatch: str | None = None     # hatching of a patch (matplotlib pattern, e.g. "///")
    letter: str = ""
    marker: str = "o"
    radius_pt: float = 5.0
    linewidth: float = 1.0


@dataclass
class Section:
    title: str
    entries: list[Entry] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Standard sections

def theme_section(themes: list[str]) -> Section:
    entries = [Entry(t, "circle", style.THEME_COLORS[t], style.THEME_COLORS[t],
                     letter=style.THEME_LETTERS[t]) for t in themes]
    return Section("Projets : thématiques", entries)


def period_section(periods: list[str]) -> Section:
    """One entry per period: each has its own fill and outline (:class:`geo.style.PeriodStyle`)."""
    entries = [Entry(style.PERIOD_STYLES[p].label, "circle", "#555555",
                     style.PERIOD_STYLES[p].face("#555555"),
                     border=style.PERIOD_STYLES[p].border) for p in periods]
    return Section("Projets : périodes", entries)


def size_section(amount_texts: list[tuple[str, float]]) -> Section:
    """Reference symbol sizes, e.g. [("1 000 000 €", 16.5), ("250 000 €", 9)] (radius
    in points on A4, like every size here: the legend multiplies by the paper scale)."""
    entries = [Entry(text, "circle", "#555555", None, radius_pt=r) for text, r in amount_texts]
    return Section("Taille du symbole : montant", entries)


def presence_section(kinds: tuple[str, ...]) -> Section:
    entries = [Entry(style.PRESENCE_STYLES[k].label, "marker", style.PRESENCE_STYLES[k].color,
                     style.PRESENCE_STYLES[k].color, marker=style.PRESENCE_STYLES[k].marker,
                     radius_pt=4.2) for k in kinds]
    return Section("Présence du Département", entries)


def choropleth_section(title: str, labels: list[str], colors: list[str], method: str,
                       lost: bool = False) -> Section:
    entries = [Entry(text, "patch", style.EPCI_OUTLINE, color) for text, color in
               zip(labels, colors)]
    if lost:
        entries.append(Entry("Carte du livret illisible dans la source (montants partiels, "
                             "hors classes)", "patch", style.LOST_HATCH, style.LOST_FILL,
                             hatch=style.LOST_HATCH_MPL))
    entries.append(Entry("Sans donnée (pas de contrat dans le recueil, ou hors filtres)",
                         "patch", style.EPCI_OUTLINE, style.NO_DATA_COLOR))
    entries.append(Entry(f"Classes : {method.lower()}", "note"))
    return Section(title, entries)


def grands_territoires_section() -> Section:
    return Section("Grands territoires", [
        Entry(name, "line", color, dashed=True, linewidth=2.2)
        for name, color in style.GRAND_TERRITOIRE_COLORS.items()])


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
        """Whole sections per column, balanced greedily."""
        sections: list[list[_Row]] = []
        for row in self.rows:
            if row.entry is None:
                sections.append([])
            sections[-1].append(row)
        total = sum(r.height for r in self.rows)
        target = total / self.columns
        columns: list[list[_Row]] = [[]]
        for rows in sections:
            height = sum(r.height for r in columns[-1])
            if (columns[-1] and len(columns) < self.columns
                    and height + sum(r.height for r in rows) / 2 > target):
                columns.append([])
            columns[-1].extend(rows)
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
                            linestyle="--" if entry.dashed else entry.border))
        if entry.letter:
            ax.text(cx, cy, entry.letter, ha="center", va="center_baseline",
                    fontproperties=font(min(r, 7 * s) * (1 if len(entry.letter) == 1 else 0.8),
                                        "bold"), color="white")
    elif entry.kind == "marker":
        ax.scatter([cx], [cy], s=(2 * entry.radius_pt * s) ** 2, marker=entry.marker,
                   facecolors=entry.face, edgecolors="white", linewidths=0.5 * s)
    elif entry.kind == "patch":
        ax.add_patch(Rectangle((cx - 6 * s, cy - 4 * s), 12 * s, 8 * s,
                               facecolor=entry.face or "none", edgecolor=entry.color,
                               linewidth=entry.linewidth * 0.6 * s,
                               linestyle="--" if entry.dashed else "-",
                               hatch=entry.hatch))
    elif entry.kind == "line":
        ax.add_line(Line2D([cx - 7 * s, cx + 7 * s], [cy, cy], color=entry.color,
                           linewidth=entry.linewidth * s,
                           linestyle="--" if entry.dashed else "-"))
