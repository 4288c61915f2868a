"""Every print layout (A4 and A3, portrait and landscape) of the 20 EPCI maps, each
rendered once (PDF, 150 dpi figures) and shared by the checks: the map frame takes at
least 55 % of the printable area and the EPCI fills it; the main communes (the four
largest and every one with a project) are named in the PDF text, their name boxes
covering no symbol or label; every located project of at least 300 000 € is labelled or
numbered on the map page; no text runs off the page or over the title or the sources."""
from __future__ import annotations

import io
import re

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.text import Text
from pypdf import PdfReader

from geo.analysis import off_map
from geo.model import style
from geo.atlas import Atlas
from geo.export.map_content import MAIN_GID, _commune_layers
from geo.export.mpl_geo import layer_l93
from geo.export.paper import PrintOptions
from geo.export.print_map import figures_pdf, map_figures
from geo.analysis.filters import ProjectFilter
from geo.model.labels import label_text

# 80 renders (20 EPCI × A4/A3 × portrait/landscape): in `make test`, not `make test-fast`.
pytestmark = pytest.mark.sweep

ATLAS = Atlas.load()
SIRENS = sorted(ATLAS.epci_names)
LAYOUTS = [(p, o) for p in ("A4", "A3") for o in ("portrait", "landscape")]
BIG_CENTS = 300_000 * 100


def _words(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def rendered():
    """(siren, paper, orientation) -> (figures, text of each PDF page), rendered once."""
    cache = {}

    def get(siren, paper, orientation):
        key = (siren, paper, orientation)
        if key not in cache:
            options = PrintOptions(paper=paper, orientation=orientation, fmt="pdf", dpi=150)
            figures = map_figures(ATLAS, ProjectFilter(epci=siren), options)
            reader = PdfReader(io.BytesIO(figures_pdf(figures, "")))
            cache[key] = (figures, [_words(p.extract_text()) for p in reader.pages])
        return cache[key]
    return get


def _boxes(fig):
    """Main names (text -> box), label boxes and symbol boxes of the map frame, pixels."""
    fig.canvas.draw()
    renderer, ax = fig.canvas.get_renderer(), fig.axes[0]
    names = {t.get_text(): t.get_window_extent(renderer).extents for t in ax.findobj(Text)
             if t.get_gid() == MAIN_GID}
    labels = [t.get_bbox_patch().get_window_extent(renderer).extents
              for t in ax.findobj(Text) if t.get_bbox_patch() is not None
              and t.get_zorder() == 20]
    symbols = []
    for c in ax.findobj(PathCollection):
        if c.get_zorder() in (8, 10):
            centres = ax.transData.transform(c.get_offsets())
            halves = np.sqrt(np.broadcast_to(c.get_sizes(), len(centres))) / 2 * fig.dpi / 72
            symbols += [(x - h, y - h, x + h, y + h) for (x, y), h in zip(centres, halves)]
    return names, labels, symbols


def _overlap(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


@pytest.mark.parametrize("paper,orientation", LAYOUTS)
@pytest.mark.parametrize("siren", SIRENS)
def test_map_dominates_and_fills_with_the_epci(rendered, siren, paper, orientation):
    figures, _ = rendered(siren, paper, orientation)
    fig = figures[0]
    frames = fig.map_frames
    x, y, w, h = fig.axes[0].get_position().bounds          # the drawn frame, page share
    pw, ph = frames.paper
    printable = frames.printable[2] * frames.printable[3]
    assert w * pw * h * ph / printable >= 0.55, (siren, paper, orientation)
    assert frames.map_share == pytest.approx(w * pw * h * ph / printable, rel=1e-6)
    own = layer_l93("epci", "detail").set_index("epci_siren").loc[siren].geometry.bounds
    (x0, x1), (y0, y1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    fill = max((own[2] - own[0]) / (x1 - x0), (own[3] - own[1]) / (y1 - y0))
    assert fill >= 0.9, (siren, paper, orientation, fill)
    if orientation == "landscape":       # map on the left at full height, column right
        assert all(c[0] >= frames.map[0] + frames.map[2] for c in frames.columns)


@pytest.mark.parametrize("paper,orientation", LAYOUTS)
@pytest.mark.parametrize("siren", SIRENS)
def test_main_towns_named_and_uncovered(rendered, siren, paper, orientation):
    figures, pages = rendered(siren, paper, orientation)
    names, labels, symbols = _boxes(figures[0])
    projects = ATLAS.projects_for(ProjectFilter(epci=siren))
    main, _ = _commune_layers(siren, set(projects["commune_insee"].dropna()))
    largest = ATLAS.communes[ATLAS.communes["epci_siren"] == siren].nlargest(
        style.MAIN_COMMUNES, "population")["nom"]
    assert set(largest) <= set(main["nom"])
    for name in main["nom"]:
        assert name in names, (siren, paper, orientation, name)
        assert _words(name) in pages[0], (siren, paper, orientation, name)
        hits = [b for b in labels + symbols if _overlap(names[name], b)]
        assert hits == [], (siren, paper, orientation, name)


@pytest.mark.parametrize("paper,orientation", LAYOUTS)
@pytest.mark.parametrize("siren", SIRENS)
def test_big_projects_named_or_numbered_on_the_map_page(rendered, siren, paper,
                                                        orientation):
    figures, pages = rendered(siren, paper, orientation)
    numbers = {t.get_text() for ax in figures[0].axes for t in ax.texts
               if t.get_zorder() == 11}
    located = ATLAS.projects_for(ProjectFilter(epci=siren)).dropna(subset=["lon"])
    big = located[located["amount_cents"] >= BIG_CENTS]
    for _, p in big.iterrows():
        long, short = (_words(label_text(p["title"], p["amount_cents"], n)) for n in (42, 24))
        labelled = long in pages[0] or short.split(" – ")[0] in pages[0]
        assert labelled or any(n.isdigit() for n in numbers), (siren, paper, p["title"])
        if not labelled:                  # numbered: listed under its number
            assert _words(p["title"])[:20] in " ".join(pages), (siren, paper, p["title"])


@pytest.mark.parametrize("paper,orientation", LAYOUTS)
def test_no_text_off_the_page_or_over_title_and_sources(rendered, paper, orientation):
    """Checked on every EPCI for this layout, every page (map and « suite »)."""
    for siren in SIRENS:
        figures, pages = rendered(siren, paper, orientation)
        for k, fig in enumerate(figures):
            renderer = fig.canvas.get_renderer()
            texts = [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]
            boxes = [(t, t.get_window_extent(renderer)) for t in texts]
            page = fig.bbox
            for t, b in boxes:
                assert page.x0 - 0.5 <= b.x0 and b.x1 <= page.x1 + 0.5 and \
                    page.y0 - 0.5 <= b.y0 and b.y1 <= page.y1 + 0.5, (siren, t.get_text())
            guarded = [(t, b) for t, b in boxes if t in fig.texts and (
                t.get_text().startswith("Sources")
                or b.y1 >= page.y1 * 0.9)]
            for t, b in guarded:
                others = [u.get_text() for u, c in boxes if u is not t and b.overlaps(c)]
                assert others == [], (siren, paper, orientation, k, t.get_text()[:40])
            assert "Sources : IGN" in pages[k], (siren, paper, orientation, k)
        assert len(figures) == 1 or "suite" in pages[1]


@pytest.mark.parametrize("paper,orientation", LAYOUTS)
@pytest.mark.parametrize("siren", SIRENS)
def test_every_project_is_labelled_numbered_or_listed(rendered, siren, paper, orientation):
    """Every project in the PDF text (label, numbered list or off-map list, on the map
    page or its « suite »), and the note counting them says how."""
    figures, pages = rendered(siren, paper, orientation)
    text = " ".join(pages)
    flt = ProjectFilter(epci=siren)
    projects = ATLAS.projects_for(flt)
    for title in projects["title"]:
        assert _words(title)[:25] in text or _words(title)[:21] in text, (siren, paper, title)
    for theme, _ in off_map.groups(projects, ATLAS.commune_names, 50):
        assert f"Hors carte — {theme}" in text, (siren, theme)
    located = int(projects["lon"].notna().sum())
    if located:
        said = re.search(r"(\d+) projets? placés? à la mairie de leur commune : (\d+) avec "
                         r"leur étiquette[^,;]*(?:, (\d+) numérotés?)?", text)
        assert said, (siren, paper, orientation)
        assert int(said[1]) == located
        assert int(said[2]) + int(said[3] or 0) == located
        assert (said[3] is not None) == ("Projets numérotés sur la carte" in text)
