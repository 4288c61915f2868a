"""No project silently dropped from a printed livret map: the check over the 20 EPCI in
every layout is in tests/test_print_layouts.py (one render per layout shared by all the
layout checks); here the A3 landscape lists of the Deux Baies."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from geo.atlas import Atlas
from geo.export.paper import PrintOptions
from geo.export.print_map import figures_pdf, map_figures
from geo.analysis.filters import ProjectFilter


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


def _words(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def test_a3_landscape_lists_them_too(atlas):
    flt = ProjectFilter(epci="200069029")
    figures = map_figures(atlas, flt, PrintOptions(fmt="pdf", paper="A3", orientation="landscape"))
    text = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        figures_pdf(figures, ""))).pages))
    assert "Hors carte — Aménagement" in text and "Soutien au dispositif Rezo Pouce" in text
    assert "Requalification du Palais" in text and "Port d'Étaples" in text
