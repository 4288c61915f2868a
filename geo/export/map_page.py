"""The pages of a print map, laid out by :mod:`geo.export.page_model`: the map page
(title and subtitle, the map, legend columns, the footer with notes, sources, the
Département's name and the date) and, when the legend and lists run longer than its
columns, continuation pages headed « suite » with the same sources line.
"""
from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo.model import style
from geo.export.frame import MapFrame, TextMeter, font
from geo.export.legend import Legend
from geo.export.map_content import MapContent
from geo.export.page_model import (BAND_COLUMNS, PageFrames, column_width, map_page_frames,
                                   notes_in_columns, printable, suite_frames)
from geo.export.paper import PT_PER_MM, PrintOptions, french_date
from geo.model.legend_model import Entry, Section

NOTES_TITLE = "À savoir"
SUITE_NOTE = "Suite des listes page suivante."
SUITE_SUBTITLE = "Carte — suite des listes (page {page})"


def layout_pages(fig: Figure, meter: TextMeter, content: MapContent, options: PrintOptions
                 ) -> list[Figure]:
    """Lay out the map page on ``fig`` and return it with its continuation pages.

    The projects the map has to number (their label did not fit) are listed in the
    legend and counted in the footer's note: the page is laid out again with that
    list until the numbered projects are those listed. A project numbered once stays
    numbered, so the list only grows and this ends."""
    numbered: tuple[str, ...] = ()
    while True:
        frames = _map_page(fig, meter, content, options, numbered)
        frame = MapFrame.create(fig, frames.map, options.size_mm, content.bounds)
        drawn = content.draw(frame, meter, options.scale, frozenset(numbered))
        if drawn == numbered:
            break
        numbered = drawn
        fig.clear()
    fig.set_label(content.title)
    fig.map_frames = frames                              # for the layout tests
    sections = content.legend_sections(numbered)
    if notes_in_columns(options):
        key = len(content.sections)
        sections = sections[:key] + [_notes_section(content, numbered)] + sections[key:]
    legend = Legend(sections, meter, column_width(options), options.scale)
    rest = _fill_columns(fig, legend, legend.rows, frames.columns, options)
    pages = [fig]
    while rest:
        page = _suite_page(content.title, len(pages) + 1, options)
        columns = suite_frames(options, page.header_mm, page.footer_mm)
        rest = _fill_columns(page, legend, rest, columns, options)
        pages.append(page)
    return pages


def _map_page(fig, meter, content, options, numbered) -> PageFrames:
    """Header and footer drawn, the frames of the map and its legend columns returned."""
    header = _header(fig, meter, content.title, content.subtitle, options)
    notes = [] if notes_in_columns(options) else [n for n in content.page_notes(numbered)
                                                     if n]
    frames = map_page_frames(options, header,
                             lambda width: _footer(None, meter, notes, options, width),
                             content.bounds, _key_height(meter, content, options))
    _footer(fig, meter, notes, options, frames.footer[2], frames.footer[:2])
    return frames


def _notes_section(content: MapContent, numbered) -> Section:
    return Section(NOTES_TITLE, [Entry(n, "note") for n in content.page_notes(numbered) if n])


def _key_height(meter, content: MapContent, options: PrintOptions) -> float:
    """The least band height (mm) holding the key in the band's columns."""
    key = Legend(content.sections, meter, column_width(options), options.scale)
    height = sum(r.height for r in key.rows) / PT_PER_MM / BAND_COLUMNS
    while key.flow(key.rows, [height] * BAND_COLUMNS)[1]:
        height += 2 * options.scale
    return height


def _fill_columns(fig, legend: Legend, rows, columns, options) -> list:
    """Draw ``rows`` into ``columns``; returns the rows left for a next page, after a
    line saying so at the foot of the last column. Every column takes at least one row
    (:meth:`Legend.flow`), so the pages end."""
    heights = [c[3] for c in columns]
    placed, rest = legend.flow(rows, heights)
    if rest and columns:
        note = legend.note_row(SUITE_NOTE)
        heights[-1] -= note.height / PT_PER_MM
        placed, rest = legend.flow(rows, heights)
        if rest:
            placed[-1] = placed[-1] + [note]
    for column, box in zip(placed, columns):
        legend.draw_column(fig, column, box, options.size_mm)
    return rest


def _suite_page(title: str, number: int, options: PrintOptions) -> Figure:
    """A continuation page: the title, « suite », the sources line at the foot."""
    fig = Figure(figsize=options.figsize_in, dpi=options.dpi)
    FigureCanvasAgg(fig)
    fig.set_label(f"{title} (suite)")
    meter = TextMeter(fig)
    fig.header_mm = _header(fig, meter, f"{title} (suite)",
                            SUITE_SUBTITLE.format(page=number), options)
    x, y, w, _ = printable(options)
    fig.footer_mm = _footer(fig, meter, [], options, w, (x, y))
    return fig


# ---------------------------------------------------------------------------------------
# Header and footer (millimetres from the lower-left corner of the page)

def _header(fig, meter, title: str, subtitle: str, options: PrintOptions) -> float:
    """Title and subtitle at the top, the page's full width; returns the height used
    (mm) with the gap below."""
    s, (pw, ph) = options.scale, options.size_mm
    x, y0, width, height = printable(options)
    title_font, sub_font = font(17 * s, "bold"), font(8.8 * s)
    title = "\n".join(meter.wrap(title, width * PT_PER_MM, title_font))
    subtitle = "\n".join(meter.wrap(subtitle, width * PT_PER_MM, sub_font))
    y = y0 + height
    fig.text(x / pw, y / ph, title, ha="left", va="top", fontproperties=title_font,
             color="#111111")
    y -= meter.size(title, title_font)[1] / PT_PER_MM + 2.2 * s
    fig.text(x / pw, y / ph, subtitle, ha="left", va="top", fontproperties=sub_font,
             color="#333333", linespacing=1.25)
    y -= height_mm(meter, subtitle, sub_font, 1.25)
    return y0 + height - y + 4 * s


def _footer(fig, meter, notes: list[str], options: PrintOptions, width: float,
            origin: tuple[float, float] = (0.0, 0.0)) -> float:
    """Notes, the sources line, the Département and the date, from ``origin`` up, in
    ``width``; returns the height (mm). With no figure, only measures."""
    s, (pw, ph) = options.scale, options.size_mm
    note_font, source_font = font(6.4 * s, style="italic"), font(6.0 * s)
    sign_font, date_font = font(8.5 * s, "bold"), font(7 * s)
    date = f"Carte éditée le {french_date(options.printed_on)}"
    left, y = origin
    one_line = (meter.size(style.PRODUCER, sign_font)[0] + meter.size(date, date_font)[0]
                + 6 * s) / PT_PER_MM <= width
    blocks = [(style.PRODUCER, sign_font, "left")]
    if not one_line:
        blocks.insert(0, (date, date_font, "left"))
    blocks += [(style.ATTRIBUTION, source_font, "left"), ("\n".join(notes), note_font, "left")]
    if fig is not None and one_line:
        fig.text((left + width) / pw, y / ph, date, ha="right", va="bottom",
                 fontproperties=date_font, color="#333333")
    for text, prop, _ in blocks:
        if not text:
            continue
        wrapped = "\n".join(meter.wrap(text, width * PT_PER_MM, prop))
        if fig is not None:
            color = style.DEPARTEMENT_OUTLINE if text == style.PRODUCER else "#333333"
            fig.text(left / pw, y / ph, wrapped, ha="left", va="bottom", fontproperties=prop,
                     color=color, linespacing=1.2)
        y += height_mm(meter, wrapped, prop, 1.2) + 1.5 * s
    return y - origin[1] + 0.5 * s


def height_mm(meter: TextMeter, text: str, prop, linespacing: float) -> float:
    """Height of a multi-line text drawn with ``linespacing``."""
    lines = text.count("\n") + 1
    one = meter.size("Ég", prop)[1]
    return one * (1 + linespacing * (lines - 1)) / PT_PER_MM
