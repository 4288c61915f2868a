"""The livret map as a print file: PNG (A4/A3, portrait/landscape, 150/300 dpi), PDF and
SVG with vector boundaries, points and real text.

Page layout, top to bottom: title (EPCI or « Département du Pas-de-Calais »), subtitle
stating the filters, the map (Lambert-93, scale bar, north arrow), the legend (beside
the map in landscape), notes, the sources and attribution line, the Département's name
and the date. Rendering is deterministic: same data, filters and date -> same bytes.

    >>> from geo.atlas import Atlas
    >>> png = render_map(Atlas.load(), ProjectFilter(epci="200033579"), PrintOptions())
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo import style
from geo.export import mime
from geo.atlas import Atlas
from geo.export import map_content
from geo.export.frame import MapFrame, TextMeter, font
from geo.export.legend import Legend
from geo.export.map_content import MapContent
from geo.export.paper import PT_PER_MM, PrintOptions, french_date
from geo.filters import ProjectFilter

# Saved files: real text in SVG, TrueType fonts in PDF (printers and text extraction),
# a fixed SVG id salt so that two runs give the same bytes.
RC = {"svg.fonttype": "none", "svg.hashsalt": "atlas-pas-de-calais", "pdf.fonttype": 42,
      "font.family": "DejaVu Sans", "path.simplify": True}
MIME = mime.MAP


def render_map(atlas: Atlas, flt: ProjectFilter, options: PrintOptions) -> bytes:
    """The print map of ``flt`` (an EPCI when ``flt.epci`` is set, else the département)
    in ``options.fmt``."""
    fig = map_figure(atlas, flt, options)
    return figure_bytes(fig, options.fmt, options.dpi, title=_title_of(fig))


def map_figure(atlas: Atlas, flt: ProjectFilter, options: PrintOptions) -> Figure:
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=options.figsize_in, dpi=options.dpi)
        FigureCanvasAgg(fig)
        meter = TextMeter(fig)
        if flt.epci:
            content = map_content.epci_content(atlas, flt, options)
        else:
            content = map_content.departement_content(atlas, flt, options)
        layout_page(fig, meter, content, options)
    return fig


def figure_bytes(fig: Figure, fmt: str, dpi: int, title: str = "") -> bytes:
    """Save without timestamps (PDF CreationDate, SVG Date) so output is reproducible."""
    metadata = {
        "png": {"Title": title, "Author": style.PRODUCER, "Software": None},
        "pdf": {"Title": title, "Author": style.PRODUCER, "CreationDate": None,
                "Creator": "Atlas du Pas-de-Calais"},
        "svg": {"Title": title, "Creator": style.PRODUCER, "Date": None},
    }[fmt]
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def _title_of(fig: Figure) -> str:
    return fig.get_label()


# ---------------------------------------------------------------------------------------
# Page layout (millimetres from the lower-left corner of the page)

def layout_page(fig: Figure, meter: TextMeter, content: MapContent, options: PrintOptions
                ) -> None:
    """Header, footer, legend and map. The projects the map has to number (their label
    did not fit) are listed in the legend, which takes room from the map: the page is
    laid out again with that list until the numbered projects are those listed. A
    project numbered once stays numbered, so the list only grows and this ends."""
    numbered: tuple[str, ...] = ()
    while True:
        frame, legends = _layout(fig, meter, content, options, numbered)
        drawn = content.draw(frame, meter, options.scale, frozenset(numbered))
        if drawn == numbered:
            break
        numbered = drawn
        fig.clear()
    for legend, box in legends:
        legend.draw(fig, box, options.size_mm)
    fig.set_label(content.title)


@dataclass(frozen=True)
class Arrangement:
    """Where the legend goes: ``beside`` the map (top right, so many columns) and/or
    ``below`` it (full width); ``split`` puts the key beside and the lists below."""

    beside: int = 0          # columns beside the map (0: none)
    below: int = 0           # columns below the map (0: none)
    split: bool = False


ARRANGEMENTS = (Arrangement(below=3), Arrangement(beside=1), Arrangement(beside=2),
                Arrangement(beside=1, below=3, split=True))
BESIDE_MM = {1: 70, 2: 124}
MIN_MAP_MM = 40


def _layout(fig, meter, content, options, numbered):
    """Title, footer and the boxes of the map and its legend(s); returns the map frame
    and the (legend, box) pairs. Of the arrangements that fit, the one drawing the
    territory largest wins: a tall EPCI gets its legend beside it, a long list of
    projects goes below the map, not a strip of map above a page of text."""
    paper, s = options.size_mm, options.scale
    margin = 10 * s
    inner_w = paper[0] - 2 * margin
    top = paper[1] - margin - _header(fig, meter, content, paper, margin, inner_w, s)
    bottom = margin + _footer(fig, meter, content.page_notes(numbered), options, paper,
                              margin, inner_w, s)
    page = (margin, bottom, inner_w, top - bottom)
    options_ = [_arrange(a, content, numbered, meter, s, page) for a in ARRANGEMENTS]
    fitting = [o for o in options_ if o[0][3] >= MIN_MAP_MM * s] or [
        max(options_, key=lambda o: o[0][3])]
    map_box, legends = min(fitting, key=lambda o: MapFrame.metres_per_point(o[0],
                                                                              content.bounds))
    return MapFrame.create(fig, map_box, paper, content.bounds), legends


def _arrange(arrangement: Arrangement, content, numbered, meter, s, page):
    """(map box, [(legend, box)]) for one arrangement in ``page`` (x, y, w, h in mm); a
    map box of no height when the legend does not fit."""
    x, y, w, h = page
    gap = 4 * s
    sections = content.legend_sections(numbered)
    key, lists = sections[:len(content.sections)], sections[len(content.sections):]
    if arrangement.split and not lists:
        return (x, y, w, 0), []
    beside_sections = key if arrangement.split else (sections if arrangement.beside else [])
    below_sections = lists if arrangement.split else (sections if arrangement.below else [])
    legends, map_y, map_w = [], y, w
    if below_sections:
        below = Legend(below_sections, meter, w, arrangement.below, s)
        legends.append((below, (x, y, w, below.height_mm)))
        map_y = y + below.height_mm + gap
    map_h = y + h - map_y
    if beside_sections:
        width = BESIDE_MM[arrangement.beside] * s
        beside = Legend(beside_sections, meter, width, arrangement.beside, s)
        legends.append((beside, (x + w - width, y + h - beside.height_mm, width,
                                 beside.height_mm)))
        map_w = w - width - gap
        if beside.height_mm > map_h:
            map_h = 0
    return (x, map_y, map_w, max(map_h, 0)), legends


def _header(fig, meter, content, paper, margin, width, s) -> float:
    """Title and subtitle at the top; returns the height used (mm) plus a gap."""
    title_font, sub_font = font(17 * s, "bold"), font(8.8 * s)
    title = "\n".join(meter.wrap(content.title, width * PT_PER_MM, title_font))
    subtitle = "\n".join(meter.wrap(content.subtitle, width * PT_PER_MM, sub_font))
    y = paper[1] - margin
    fig.text(margin / paper[0], y / paper[1], title, ha="left", va="top",
             fontproperties=title_font, color="#111111")
    y -= meter.size(title, title_font)[1] / PT_PER_MM + 2.2 * s
    fig.text(margin / paper[0], y / paper[1], subtitle, ha="left", va="top",
             fontproperties=sub_font, color="#333333", linespacing=1.25)
    y -= _height_mm(meter, subtitle, sub_font, 1.25)
    return paper[1] - margin - y + 4 * s


def _footer(fig, meter, notes: list[str], options, paper, margin, width, s) -> float:
    """Notes, sources line, Département and date at the bottom; returns the height."""
    note_font, source_font = font(6.4 * s, style="italic"), font(6.0 * s)
    sign_font, date_font = font(8.5 * s, "bold"), font(7 * s)
    left = margin / paper[0]
    y = margin
    fig.text(left, y / paper[1], style.PRODUCER, ha="left", va="bottom",
             fontproperties=sign_font, color=style.DEPARTEMENT_OUTLINE)
    fig.text((paper[0] - margin) / paper[0], y / paper[1],
             f"Carte éditée le {french_date(options.printed_on)}", ha="right", va="bottom",
             fontproperties=date_font, color="#333333")
    y += meter.size(style.PRODUCER, sign_font)[1] / PT_PER_MM + 2 * s
    for text, prop in ((style.ATTRIBUTION, source_font),
                       ("\n".join(n for n in notes if n), note_font)):
        if not text:
            continue
        wrapped = "\n".join(meter.wrap(text, width * PT_PER_MM, prop))
        fig.text(left, y / paper[1], wrapped, ha="left", va="bottom", fontproperties=prop,
                 color="#333333", linespacing=1.2)
        y += _height_mm(meter, wrapped, prop, 1.2) + 1.5 * s
    return y - margin + 2 * s


def _height_mm(meter: TextMeter, text: str, prop, linespacing: float) -> float:
    """Height of a multi-line text drawn with ``linespacing``."""
    lines = text.count("\n") + 1
    one = meter.size("Ég", prop)[1]
    return one * (1 + linespacing * (lines - 1)) / PT_PER_MM
