"""No project silently dropped from a printed livret map, for the 20 EPCI on A4 and A3:
every project of the EPCI is in the PDF's text (its label on the map, its line in the
numbered list, or its line in the box of projects off the map), the sentence under the
map counts them, a reader finds his way (the four largest communes are named) and no text
runs outside the page."""
from __future__ import annotations

import io
import re

import pytest
from matplotlib.text import Text
from pypdf import PdfReader

from geo import off_map
from geo.atlas import Atlas
from geo.export.paper import PrintOptions
from geo.export.print_map import figures_pdf, map_figures
from geo.filters import ProjectFilter


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


def _words(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def _texts_outside_page(fig) -> list[str]:
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    outside = []
    for text in fig.findobj(Text):
        if not text.get_text().strip() or not text.get_visible():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < page.x0 - 0.5 or box.x1 > page.x1 + 0.5 or box.y0 < page.y0 - 0.5 \
                or box.y1 > page.y1 + 0.5:
            outside.append(text.get_text())
    return outside


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("siren", sorted(Atlas.load().epci_names))
def test_every_project_is_labelled_numbered_or_listed(atlas, siren, paper):
    flt = ProjectFilter(epci=siren)
    options = PrintOptions(fmt="pdf", paper=paper)
    figures = map_figures(atlas, flt, options)
    assert all(_texts_outside_page(fig) == [] for fig in figures)
    text = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        figures_pdf(figures, ""))).pages))
    projects = atlas.projects_for(flt)
    for title in projects["title"]:
        assert _words(title)[:25] in text, (siren, paper, title)
    for theme, items in off_map.groups(projects, atlas.commune_names, 50):
        assert f"Hors carte — {theme}" in text, (siren, theme)
    located = int(projects["lon"].notna().sum())
    if located:
        said = re.search(r"(\d+) projets? placés? à la mairie de leur commune : (\d+) avec "
                         r"leur étiquette[^,;]*(?:, (\d+) numérotés?)?", text)
        assert said, (siren, paper)
        assert int(said[1]) == located
        assert int(said[2]) + int(said[3] or 0) == located
        assert (said[3] is not None) == ("Projets numérotés sur la carte" in text)
    communes = atlas.communes[atlas.communes["epci_siren"] == siren]
    for name in communes.nlargest(4, "population")["nom"]:
        assert name in text, (siren, paper, name)


def test_a3_landscape_lists_them_too(atlas):
    flt = ProjectFilter(epci="200069029")
    figures = map_figures(atlas, flt, PrintOptions(fmt="pdf", paper="A3", orientation="landscape"))
    text = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        figures_pdf(figures, ""))).pages))
    assert "Hors carte — Aménagement" in text and "Soutien au dispositif Rezo Pouce" in text
    assert "Requalification du Palais" in text and "Port d'Étaples" in text
