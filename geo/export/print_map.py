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

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo import style
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
MIME = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml"}


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
    paper = options.size_mm
    s = options.scale
    margin = 10 * s
    inner_w = paper[0] - 2 * margin
    top = paper[1] - margin - _header(fig, meter, content, paper, margin, inner_w, s)
    bottom = margin + _footer(fig, meter, content, options, paper, margin, inner_w, s)
    gap = 4 * s
    if options.orientation == "landscape":
        legend_w = 70 * s
        legend = Legend(content.sections, meter, legend_w, 1, s)
        if legend.height_mm > top - bottom:
            legend_w = 2 * 62 * s
            legend = Legend(content.sections, meter, legend_w, 2, s)
        map_box = (margin, bottom, inner_w - legend_w - gap, top - bottom)
        legend_box = (paper[0] - margin - legend_w, top - legend.height_mm, legend_w,
                      legend.height_mm)
    else:
        legend = Legend(content.sections, meter, inner_w, 3, s)
        legend_box = (margin, bottom, inner_w, legend.height_mm)
        map_y = bottom + legend.height_mm + gap
        map_box = (margin, map_y, inner_w, top - map_y)
    frame = MapFrame.create(fig, map_box, paper, content.bounds)
    content.draw(frame, meter, s)
    legend.draw(fig, legend_box, paper)
    fig.set_label(content.title)


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


def _footer(fig, meter, content, options, paper, margin, width, s) -> float:
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
                       ("\n".join(content.notes), note_font)):
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
