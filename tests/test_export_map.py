"""Print maps (geo.export.print_map): exact pixel sizes, real content, French text in the
PDF, a valid vector SVG, exports that follow the filters, reproducible bytes."""
from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from geo.model import style
from geo.model.amounts import format_eur
from geo.atlas import Atlas
from geo.export.paper import PrintOptions
from geo.export.print_map import render_map
from geo.analysis.filters import ProjectFilter

DAY = dt.date(2026, 11, 22)
SEPT_VALLEES = "200044030"      # CC des 7 Vallées: 24 projects, several themes
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


@pytest.fixture(scope="module")
def sept_pdf(atlas) -> bytes:
    return render_map(atlas, ProjectFilter(epci=SEPT_VALLEES), options(fmt="pdf"))


def options(**kw) -> PrintOptions:
    return PrintOptions(date=DAY, **kw)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def plain(text: str) -> str:
    """French spaces (narrow no-break, no-break) as plain spaces, for comparisons."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize("paper,orientation,dpi,expected", [
    ("A4", "portrait", 300, (2480, 3508)),
    ("A4", "landscape", 150, (1754, 1240)),
    ("A3", "portrait", 150, (1754, 2480)),
    ("A3", "landscape", 300, (4961, 3508)),
])
def test_paper_size_in_pixels(paper, orientation, dpi, expected):
    assert options(paper=paper, orientation=orientation, dpi=dpi).size_px == expected


@pytest.mark.parametrize("paper,orientation,dpi", [("A4", "portrait", 300),
                                                   ("A3", "landscape", 150)])
def test_png_has_exact_pixel_size_and_real_content(atlas, paper, orientation, dpi):
    opts = options(paper=paper, orientation=orientation, dpi=dpi)
    image = Image.open(io.BytesIO(render_map(atlas, ProjectFilter(epci=SEPT_VALLEES), opts)))
    assert image.size == opts.size_px
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3).astype(int)
    assert pixels.std() > 20, "image almost uniform"
    for color in [*style.THEME_COLORS.values(), style.COMMUNE_FILL, style.RIVER_COLOR]:
        rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)])
        close = (np.abs(pixels - rgb).sum(axis=1) <= 12).sum()
        assert close > 50, f"colour {color} of geo.model.style missing from the map"


def test_pdf_text_has_title_legend_sources_and_french_amounts(atlas, sept_pdf):
    flt = ProjectFilter(epci=SEPT_VALLEES)
    text = pdf_text(sept_pdf)
    assert "Communauté de communes des 7 Vallées" in text
    for entry in ["Projets : thématiques", *style.THEME_COLORS, "Présence du Département",
                  style.PRESENCE_STYLES["college"].label, "Cours d'eau principaux"]:
        assert entry in text, entry
    assert "Sources : IGN" in plain(text) and "recueil des actes administratifs" in text
    assert "Département du Pas-de-Calais" in text and "22 novembre 2026" in text
    total = atlas.projects_for(flt)["amount_cents"].sum()
    assert format_eur(total) in text                       # "21 460 626 €", narrow spaces
    assert re.search(r"\d\u202f\d{3}\u00a0€", text)
    assert "km" in text and "\nN\n" in text                 # scale bar, north arrow


def test_labels_show_name_and_amount_of_located_projects(atlas, sept_pdf):
    projects = atlas.projects_for(ProjectFilter(epci=SEPT_VALLEES)).dropna(subset=["lon"])
    assert len(projects) > 0
    text = pdf_text(sept_pdf)
    biggest = projects.dropna(subset=["amount_cents"]).sort_values("amount_cents").iloc[-1]
    assert f"{biggest['title'][:20]}" in text
    assert f"– {format_eur(biggest['amount_cents'])}" in text


def test_theme_filter_changes_the_map_text(atlas):
    everything = atlas.projects_for(ProjectFilter(epci=SEPT_VALLEES))
    located = everything.dropna(subset=["lon"])
    theme = located.dropna(subset=["amount_cents"]).sort_values("amount_cents")["theme"].iloc[-1]
    assert located["theme"].nunique() >= 2, "the test needs located projects of 2 themes"
    flt = ProjectFilter(epci=SEPT_VALLEES, themes=(theme,))
    text = pdf_text(render_map(atlas, flt, options(fmt="pdf")))
    only = atlas.projects_for(flt)
    assert f"Thèmes : {theme}" in text
    assert format_eur(only["amount_cents"].sum()) in text
    assert format_eur(everything["amount_cents"].sum()) not in text
    for _, p in located.dropna(subset=["amount_cents"]).iterrows():
        shown = f"– {format_eur(p['amount_cents'])}" in text
        assert shown == (p["theme"] == theme), p["title"]
    legend = [t for t, letter in style.THEME_LETTERS.items() if f"{letter} {t}\n" in text]
    assert legend == [theme]


def test_departement_map_values_follow_the_filters(atlas):
    flt = ProjectFilter(themes=("Culture",))
    text = plain(pdf_text(render_map(atlas, flt, options(fmt="pdf",
                                                         indicator="montant_contrat"))))
    assert "Département du Pas-de-Calais" in text and "Thèmes : Culture" in text
    values = atlas.indicator_values("montant_contrat", flt)
    culture = values[values > 0]
    assert len(culture) >= 2
    shown = sum(plain(format_eur(v * 100)) in text for v in culture)
    assert shown == len(culture)             # every EPCI labelled, moved inside if needed
    assert "Grands territoires" in text and "Sans donnée" in text
    all_values = atlas.indicator_values("montant_contrat", ProjectFilter())
    top = all_values.idxmax()
    assert plain(format_eur(all_values[top] * 100)) not in text


def test_svg_is_valid_xml_with_vector_paths_and_real_text(atlas):
    data = render_map(atlas, ProjectFilter(epci=SEPT_VALLEES), options(fmt="svg"))
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("width") == "297pt" or root.get("height").startswith("841")
    paths = root.findall(f".//{SVG_NS}path")
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    assert len(paths) > 100
    assert "Communauté de communes des 7 Vallées" in texts
    assert any("Projets : thématiques" in t for t in texts)
    assert root.find(f".//{SVG_NS}image") is None          # no raster inside


def test_same_view_same_bytes(atlas, sept_pdf):
    assert render_map(atlas, ProjectFilter(epci=SEPT_VALLEES), options(fmt="pdf")) == sept_pdf
    svg = options(fmt="svg")
    flt = ProjectFilter(epci=SEPT_VALLEES, themes=("Culture",))
    assert render_map(atlas, flt, svg) == render_map(atlas, flt, svg)


def test_bad_options_are_refused_in_french():
    with pytest.raises(ValueError, match="format de papier inconnu"):
        PrintOptions(paper="A5")
    with pytest.raises(ValueError, match="résolution inconnue"):
        PrintOptions(dpi=72)
