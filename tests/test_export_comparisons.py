"""The booklet's comparisons page (geo.export.charts): the ranking of the 19 EPCI on the
investment per inhabitant with the booklet's EPCI highlighted, the equity scatter with
every point named and no name over another; the CA du Pays de Saint-Omer, without a
contract, has neither a bar nor a point nor a rank; the page adds exactly one page."""
from __future__ import annotations

import datetime as dt
import io
import itertools
import re

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from pypdf import PdfReader

from geo.analysis import investment
from geo.model import style
from geo.atlas import Atlas
from geo.export import booklet, charts
from geo.analysis.filters import ProjectFilter

DAY = dt.date(2026, 11, 22)
TERNOIS = "200069672"
SAINT_OMER = "200069037"        # no contract in the 2019 recueil
DEUX_BAIES = "200069029"
SUBTITLE = "Livret de l'intercommunalité — comparaisons"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


def _words(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def _comparison_text(atlas, siren: str) -> tuple[list[str], int]:
    """Text of every page of the booklet, and the index of the comparisons page."""
    reader = PdfReader(io.BytesIO(booklet.booklet_pdf(atlas, siren, DAY)))
    pages = [page.extract_text() for page in reader.pages]
    found = [k for k, text in enumerate(pages) if SUBTITLE in text]
    assert len(found) == 1, found
    return pages, found[0]


def _ranking(atlas, siren):
    return atlas.ranking(investment.KEY_PER_INHABITANT, ProjectFilter(), selected=siren)


def _page(atlas, siren: str):
    pages = charts.comparison_pages(atlas, siren, booklet._long_name(atlas, siren),
                                    booklet.TEXT_SOURCES)
    assert len(pages) == 1              # the section holds on one page
    return pages[0].fig


def _scatter_axes(fig):
    return next(ax for ax in fig.axes if any(c.get_gid() == charts.POINT_GID
                                             for c in ax.collections))


def test_ternois_page_ranks_it_4th_of_19_among_every_ranked_epci(atlas):
    ranking = _ranking(atlas, TERNOIS)
    assert ranking.position(TERNOIS) == "4e sur 19"
    pages, k = _comparison_text(atlas, TERNOIS)
    text = _words(pages[k])
    assert "CC du Ternois : 4e sur 19." in text
    assert len(ranking.rows) == 19
    for row in ranking.rows:
        assert row.name in text and _words(row.value_text) in text, row.name
    assert _words(ranking.reference_label) in text
    assert "Non classé : CA du Pays de Saint-Omer (pas de contrat dans le recueil" in text


def test_ternois_page_names_the_19_points_and_says_its_quadrant(atlas):
    fairness = atlas.equity(charts.NEED)
    pages, k = _comparison_text(atlas, TERNOIS)
    text = _words(pages[k])
    assert len(fairness.table) == 19
    for name in fairness.table["name"]:
        assert charts.short_name(name) in text, name
    row = fairness.table.set_index("siren").loc[TERNOIS]
    assert row["quadrant"] == (False, True)
    assert ("CC du Ternois : besoin social au-dessous du département, investissement par "
            "habitant au-dessus (au moins 594,2 €/hab. ; 26,1 foyers au RSA pour 1 000 "
            "habitants).") in text
    assert "tiers moyen des EPCI pour le besoin social, tiers haut" in text
    assert _words(fairness.need_label) in text and _words(charts.equity_module.X_LABEL) in text
    assert _words(charts.equity_module.DEFINITION) in text
    assert _words(charts.equity_module.SOURCES) in text


def test_saint_omer_has_no_bar_no_point_and_no_rank(atlas):
    pages, k = _comparison_text(atlas, SAINT_OMER)
    text = _words(pages[k])
    assert "CA du Pays de Saint-Omer : pas de contrat dans le recueil de mai 2019 : pas de " \
           "chiffre." in text
    assert "pas de point sur ce graphique" in text
    assert not re.search(r"\d+(er|e) sur \d+", text)
    assert "Non classé" not in text         # its own reason is said once, as its position
    fig = _page(atlas, SAINT_OMER)
    bars = [p for ax in fig.axes for p in ax.patches if type(p) is Rectangle
            and to_hex(p.get_facecolor()) in (style.CHART_BAR.lower(),
                                              style.CHART_HIGHLIGHT.lower())]
    assert len(bars) == 19                  # the 19 ranked, none for Saint-Omer
    assert all(to_hex(b.get_facecolor()) == style.CHART_BAR.lower() for b in bars)
    points = _scatter_axes(fig).collections
    assert sum(len(c.get_offsets()) for c in points if c.get_gid() == charts.POINT_GID) == 19
    assert [t for t in fig.findobj(Text) if t.get_gid() == charts.LABEL_GID
            and t.get_fontweight() == "bold"] == []


def test_only_the_booklets_epci_is_highlighted_at_its_value(atlas):
    fig = _page(atlas, TERNOIS)
    ranking = _ranking(atlas, TERNOIS)
    bars = [p for ax in fig.axes for p in ax.patches
            if to_hex(p.get_facecolor()) in (style.CHART_BAR.lower(),
                                             style.CHART_HIGHLIGHT.lower())
            and p.get_width() > 0 and p.get_height() < 1]
    highlighted = [b for b in bars if to_hex(b.get_facecolor()) == style.CHART_HIGHLIGHT.lower()]
    assert len(bars) == 19 and len(highlighted) == 1
    assert highlighted[0].get_width() == pytest.approx(ranking.rows[3].value)
    widths = [b.get_width() for b in sorted(bars, key=lambda b: b.get_y())]
    assert widths == sorted(widths, reverse=True)          # highest at the top
    ax = _scatter_axes(fig)
    chosen = [c for c in ax.collections if c.get_gid() == charts.POINT_GID
              and to_hex(c.get_facecolor()[0]) == style.CHART_HIGHLIGHT.lower()]
    assert len(chosen) == 1 and len(chosen[0].get_offsets()) == 1
    fairness = atlas.equity(charts.NEED).table.set_index("siren")
    assert tuple(chosen[0].get_offsets()[0]) == pytest.approx(
        (fairness.at[TERNOIS, "investment_per_inhabitant"],
         fairness.at[TERNOIS, "need_per_1000"]))


def _boxes(fig, gid):
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text)
            if t.get_gid() == gid and t.get_text()]


@pytest.mark.sweep
@pytest.mark.parametrize("siren", sorted(Atlas.load().epci_names))
def test_scatter_names_do_not_overlap(atlas, siren):
    """Measured by the renderer: every point named (no number), no name over another, over
    a corner label or over a point, every name inside the frame."""
    fig = _page(atlas, siren)
    names = _boxes(fig, charts.LABEL_GID)
    expected = {charts.short_name(n) for n in atlas.equity(charts.NEED).table["name"]}
    assert {text for text, _ in names} == expected
    corners = _boxes(fig, "equity-quadrant")
    assert len(corners) == 4
    for (a, box_a), (b, box_b) in itertools.combinations(names + corners, 2):
        assert not box_a.overlaps(box_b), (siren, a, b)
    ax = _scatter_axes(fig)
    frame = ax.get_window_extent(fig.canvas.get_renderer())
    points = ax.transData.transform(np.vstack([c.get_offsets() for c in ax.collections
                                               if c.get_gid() == charts.POINT_GID]))
    radius = charts.POINT_PT * fig.dpi / 72
    for text, box in names:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, (siren, text)
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, (siren, text)
        for x, y in points:
            gap = np.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))
            assert gap >= radius, (siren, text)


def test_scatter_ticks_are_french(atlas):
    fig = _page(atlas, TERNOIS)
    fig.canvas.draw()
    ax = _scatter_axes(fig)
    ticks = [t.get_text() for axis, (low, high) in ((ax.xaxis, ax.get_xlim()),
                                                    (ax.yaxis, ax.get_ylim()))
             for t in axis.get_ticklabels() if low <= t.get_position()[axis is ax.yaxis] <= high]
    assert "800" in ticks and "60" in ticks
    french = ax.xaxis.get_major_formatter()
    assert (french(1000, 0), french(12.5, 0)) == ("1\u202f000", "12,5")
    assert ticks and all(re.fullmatch(r"\d{1,3}(\u202f\d{3})*(,\d)?", t) for t in ticks), ticks


def test_charts_use_the_style_colours_only(atlas):
    allowed = {to_hex(c) for c in (style.CHART_BAR, style.CHART_HIGHLIGHT,
                                   style.CHART_REFERENCE, style.CHART_OTHERS,
                                   *itertools.chain(*style.BIVARIATE_COLORS))} | {"#ffffff"}
    fig = _page(atlas, TERNOIS)
    for ax in fig.axes:
        for patch in ax.patches:
            if patch.get_fill():
                assert to_hex(patch.get_facecolor()) in allowed
            if patch.get_linewidth() and patch.get_edgecolor()[3]:
                assert to_hex(patch.get_edgecolor()) in allowed
        for line in ax.lines:
            assert to_hex(line.get_color()) in allowed
        for collection in ax.collections:
            assert {to_hex(c) for c in collection.get_facecolor()} <= allowed
        for text in ax.texts:
            assert to_hex(text.get_color()) in allowed, text.get_text()


# Ternois in the edit-test loop; the contract-less and the longest booklets in the sweep
# (make test), each booklet rendered twice (tests/test_export_booklet.py covers both fast)
@pytest.mark.parametrize("siren", [TERNOIS, pytest.param(SAINT_OMER, marks=pytest.mark.sweep),
                                   pytest.param(DEUX_BAIES, marks=pytest.mark.sweep)])
def test_the_section_adds_one_page_between_key_figures_and_projects(atlas, siren,
                                                                     monkeypatch):
    pages, k = _comparison_text(atlas, siren)
    with_section = booklet.booklet_figures(atlas, siren, DAY)
    labels = [f.texts[-1].get_text() for f in with_section]
    monkeypatch.setattr(booklet, "comparison_pages", lambda *args: [])
    without = booklet.booklet_figures(atlas, siren, DAY)
    assert len(with_section) == len(without) + 1 == len(pages)
    assert labels[k] == f"page {k + 1}/{len(with_section)}"
    figures = [j for j, p in enumerate(pages)
               if "Livret de l'intercommunalité — chiffres clés" in p]
    projects = [j for j, p in enumerate(pages)
                if "Livret de l'intercommunalité — projets soutenus" in p]
    assert figures and max(figures) == k - 1          # right after the key figures
    assert projects == list(range(k + 1, len(pages)))  # then the project table
