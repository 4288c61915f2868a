"""The livret map as a print file: PNG (A4/A3, portrait/landscape, 150/300 dpi), PDF and
SVG with vector boundaries, points and real text.

Every page follows one model (:mod:`geo.export.page_model`, filled by
:mod:`geo.export.map_page`): title (EPCI or « Département du Pas-de-Calais ») and
subtitle stating the filters, then the map (Lambert-93, scale bar, north arrow) over most
of the page, legend columns beside or below it, notes, the sources and attribution line,
the Département's name and the date; lists too long for the page go on « suite » pages.
Rendering is deterministic: same data, filters and date -> same bytes.

    >>> from geo.atlas import Atlas
    >>> png = render_map(Atlas.load(), ProjectFilter(epci="200033579"), PrintOptions())
"""
from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from geo.model import style
from geo.export import mime
from geo.atlas import Atlas
from geo.export import map_content
from geo.export.frame import TextMeter
from geo.export.map_page import layout_pages
from geo.export.paper import PrintOptions
from geo.analysis.filters import ProjectFilter

# Saved files: real text in SVG, TrueType fonts in PDF (printers and text extraction),
# a fixed SVG id salt so that two runs give the same bytes.
RC = {"svg.fonttype": "none", "svg.hashsalt": "atlas-pas-de-calais", "pdf.fonttype": 42,
      "font.family": "DejaVu Sans", "path.simplify": True}
MIME = mime.MAP


def render_map(atlas: Atlas, flt: ProjectFilter, options: PrintOptions) -> bytes:
    """The print map of ``flt`` (an EPCI when ``flt.epci`` is set, else the département)
    in ``options.fmt``: in PDF every page (the map, then its « suite » pages when the
    lists run longer than the map page); in PNG and SVG the map page (the others:
    :func:`render_pages`)."""
    pages = map_figures(atlas, flt, options)
    if options.fmt == "pdf":
        return figures_pdf(pages, _title_of(pages[0]))
    return figure_bytes(pages[0], options.fmt, options.dpi, title=_title_of(pages[0]))


def render_pages(atlas: Atlas, flt: ProjectFilter, options: PrintOptions) -> list[bytes]:
    """One file per page (PNG or SVG; PDF: one file of every page)."""
    pages = map_figures(atlas, flt, options)
    if options.fmt == "pdf":
        return [figures_pdf(pages, _title_of(pages[0]))]
    return [figure_bytes(p, options.fmt, options.dpi, title=_title_of(p)) for p in pages]


def map_figures(atlas: Atlas, flt: ProjectFilter, options: PrintOptions) -> list[Figure]:
    """The map page and its continuation pages, as figures."""
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=options.figsize_in, dpi=options.dpi)
        FigureCanvasAgg(fig)
        meter = TextMeter(fig)
        if flt.epci:
            content = map_content.epci_content(atlas, flt, options)
        else:
            content = map_content.departement_content(atlas, flt, options)
        return layout_pages(fig, meter, content, options)


def map_figure(atlas: Atlas, flt: ProjectFilter, options: PrintOptions) -> Figure:
    """The map page alone."""
    return map_figures(atlas, flt, options)[0]


def figures_pdf(figures: list[Figure], title: str) -> bytes:
    """Pages in one PDF, without timestamps (same input -> same bytes)."""
    buffer = io.BytesIO()
    metadata = {"Title": title, "Author": style.PRODUCER, "Creator": "Atlas du Pas-de-Calais",
                "CreationDate": None}
    with matplotlib.rc_context(RC), PdfPages(buffer, metadata=metadata) as pdf:
        for fig in figures:
            pdf.savefig(fig, facecolor="white")
    return buffer.getvalue()


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
