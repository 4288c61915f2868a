"""The booklet's comparisons page: where the EPCI stands among the 19 ranked EPCI on the
Département's investment 2015-2018 per inhabitant (:mod:`geo.analysis.ranking`), and the equity
scatter of that investment against the RSA households per 1 000 inhabitants
(:mod:`geo.analysis.equity`).

Every figure printed comes from ``atlas.ranking`` / ``atlas.equity``; colours from
:mod:`geo.model.style` only. The EPCI without a figure (the CA du Pays de Saint-Omer has no
contract in the recueil) is listed with its reason, never drawn as a bar of 0 or a point.
The scatter's names are placed by :func:`geo.model.chart_labels.place` (a leader line when one is
moved away from its point); a name that finds no room is numbered and listed under it.
"""
from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import (Affine2D, Transform, blended_transform_factory,
                                   offset_copy)

from geo.model import chart_labels
from geo.analysis import equity as equity_module
from geo.analysis import investment
from geo.model import style
from geo.model.amounts import format_number
from geo.export.frame import TextMeter, font
from geo.export.pages import MARGIN, Page, flow_paragraph
from geo.analysis.filters import ProjectFilter
from geo.analysis.indicators import format_value
from geo.model.names import short_epci_name

SUBTITLE = "Livret de l'intercommunalité — comparaisons"
NEED = equity_module.DEFAULT_NEED
INK = style.CHART_REFERENCE
ROW_PT = 8.2               # pitch of a ranking bar
NAME_SIZE, VALUE_SIZE, SMALL_SIZE = 7.0, 6.5, 6.3
POINT_PT, SELECTED_PT = 2.8, 4.2       # marker radius
PAD = 3.0
QUADRANT_TEXT = {(True, False): "Besoin élevé,\ninvestissement faible",
                 (True, True): "Besoin élevé,\ninvestissement élevé",
                 (False, True): "Besoin faible,\ninvestissement élevé",
                 (False, False): "Besoin faible,\ninvestissement faible"}
LABEL_GID, POINT_GID = "equity-name", "equity-point"
# Name placement (geo.model.chart_labels): the selected EPCI is named first, then the points
# with fewest neighbours within CROWD_PT; leader lengths in points.
FAR_PT = chart_labels.FAR
CROWD_PT = 60.0
CHART_MARGINS = (40.0, 52.0, 12.0, 30.0)     # scatter: left, right, top, bottom (points)
_METERS: dict[int, TextMeter] = {}
EQUITY_MIN_PT = 330.0      # room the equity section needs, else it starts a new page


def comparison_pages(atlas, siren: str, title: str, sources: str) -> list[Page]:
    """The comparisons page(s) of ``siren``'s booklet: ranking, then equity."""
    ranking = atlas.ranking(investment.KEY_PER_INHABITANT, ProjectFilter(), selected=siren)
    fairness = atlas.equity(NEED)
    name = atlas.epci_names[siren]
    pages = [Page(title, SUBTITLE, sources)]

    def new_page() -> None:
        pages.append(Page(title, SUBTITLE + " (suite)", sources))

    label = ranking.indicator.label
    pages[0].heading(f"Classement : {label[0].lower()}{label[1:]}")
    ranking_chart(pages[0], ranking, siren)
    flow_paragraph(pages, new_page, ranking_sentence(ranking, siren, name), font(8))
    if pages[-1].room() < EQUITY_MIN_PT:
        new_page()
    pages[-1].heading("Équité : investissement par habitant et besoin social")
    notes = [(t, font(6.8, style="italic")) for t in (equity_module.DEFINITION,
                                                     equity_module.SOURCES)]
    below = CHART_MARGINS[2] + CHART_MARGINS[3] + 8 + sum(
        _height(pages[-1], t, p) for t, p in notes) + class_block(
        pages[-1], fairness, siren, name, draw=False)
    equity_chart(pages[-1], fairness, siren, min(270.0, pages[-1].room() - below))
    class_block(pages[-1], fairness, siren, name)
    for text, prop in notes:                  # the same on every booklet: wrapped once
        if pages[-1].room() < _height(pages[-1], text, prop):
            new_page()
        lines = _meter(pages[-1]).wrap(text, pages[-1].width, prop)
        pages[-1].text(MARGIN, pages[-1].cursor, "\n".join(lines), prop, linespacing=1.3)
        pages[-1].cursor -= _height(pages[-1], text, prop)
    return pages


def _meter(page: Page) -> TextMeter:
    """A text meter kept from one booklet to the next (the same texts and names are
    measured on every comparisons page), for pages of the same dpi."""
    dpi = int(page.fig.dpi)
    if dpi not in _METERS:
        fig = Figure(dpi=dpi)
        FigureCanvasAgg(fig)
        _METERS[dpi] = TextMeter(fig)
    return _METERS[dpi]


def _height(page: Page, text: str, prop, width: float | None = None) -> float:
    """Height a paragraph takes on ``page`` (with its spacing)."""
    lines = _meter(page).wrap(text, width or page.width, prop)
    return page.height_of(lines, prop, 1.3) + 5


def short_name(name: str) -> str:
    """"CC du Ternois" -> "Ternois"; the whole name after its legal form (the page has
    room for "Béthune-Bruay, Artois-Lys Romane")."""
    return short_epci_name(name, first_part=False)


# ---------------------------------------------------------------------------------------
# Ranking

def ranking_sentence(ranking, siren: str, name: str) -> str:
    """Where the EPCI stands ("CC du Ternois : 4e sur 19."), then the EPCI left out."""
    others = [f"{n} ({why})" for s, n, why in ranking.left_out if s != siren]
    return f"{name} : {ranking.position(siren)}." + (
        " Non classé : " + " ; ".join(others) + "." if others else "")


def ranking_chart(page: Page, ranking, siren: str) -> None:
    """Horizontal bars, highest first, names left, value texts at the bar ends, the
    reference dashed; the EPCI left out in rows of their own, with their reason."""
    rows = [(r.name, r.selected, r.value, r.value_text) for r in ranking.rows] + [
        (n, s == siren, None, why) for s, n, why in ranking.left_out]
    names_w = max(_meter(page).size(n, font(NAME_SIZE, "bold"))[0] for n, *_ in rows) + 2 * PAD
    values_w = max(_meter(page).size(r.value_text, font(VALUE_SIZE))[0] for r in ranking.rows)
    label_h = _meter(page).size("Ég", font(VALUE_SIZE))[1] + 4
    width, height = page.width - names_w, ROW_PT * len(rows)
    ax = page.axes(MARGIN + names_w, page.cursor - label_h - height, width, height)
    page.cursor -= label_h + height + 8
    top = max((r.value for r in ranking.rows), default=1.0)
    xmax = top / (1 - (values_w + 2 * PAD) / width)
    ax.set_xlim(0, xmax)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_axis_off()
    ax.axvline(0, color=INK, linewidth=0.6)
    names = blended_transform_factory(ax.transAxes, ax.transData)
    pad = PAD * xmax / width
    for k, (name, selected, value, text) in enumerate(rows):
        weight = "bold" if selected else "normal"
        ax.text(-PAD / width, k, name, transform=names, ha="right", va="center",
                fontproperties=font(NAME_SIZE, weight), color=INK)
        if value is None:
            ax.text(pad, k, text, ha="left", va="center", color=INK,
                    fontproperties=font(VALUE_SIZE, weight, "italic"))
            continue
        ax.barh(k, value, height=0.72, linewidth=0, zorder=2,
                color=style.CHART_HIGHLIGHT if selected else style.CHART_BAR)
        ax.text(value + pad, k, text, ha="left", va="center", zorder=4, color=INK,
                fontproperties=font(VALUE_SIZE, weight))
    if ranking.reference is not None:
        _reference_line(page, ax, ranking, width, xmax)


def _reference_line(page: Page, ax: Axes, ranking, width: float, xmax: float) -> None:
    """The reference dashed down the ranked rows, broken where a value text crosses it,
    and its label above the bars."""
    at = ranking.reference / xmax * width
    pad = PAD * xmax / width
    for k, r in enumerate(ranking.rows):
        text_w = _meter(page).size(r.value_text, font(VALUE_SIZE, "bold"))[0] * xmax / width
        if not r.value + pad / 2 <= ranking.reference <= r.value + pad + text_w:
            ax.plot([ranking.reference] * 2, [k - 0.5, k + 0.5], color=INK, zorder=3,
                    linestyle="--", linewidth=0.8)
    label_w = _meter(page).size(ranking.reference_label, font(VALUE_SIZE))[0]
    ha, dx = ("left", PAD) if at + PAD + label_w <= width else ("right", -PAD)
    ax.text(ranking.reference + dx * xmax / width, 1.0, ranking.reference_label, ha=ha,
            va="bottom", transform=blended_transform_factory(ax.transData, ax.transAxes),
            fontproperties=font(VALUE_SIZE), color=INK)


# ---------------------------------------------------------------------------------------
# Equity scatter

def equity_chart(page: Page, fairness, siren: str, height: float) -> None:
    """Investment per inhabitant (x) against need per 1 000 inhabitants (y), one named
    point per EPCI, the département's ratios dashed, the four quadrants tinted and
    labelled in their corners."""
    table = fairness.table.reset_index(drop=True)
    left, right, top, bottom = CHART_MARGINS
    width = page.width - left - right
    ax = page.axes(MARGIN + left, page.cursor - top - height, width, height)
    page.cursor -= top + height + bottom
    x, y = table["investment_per_inhabitant"].to_numpy(), table["need_per_1000"].to_numpy()
    selected = (table["siren"] == siren).to_numpy()
    xlim = _span(x, width, SELECTED_PT + 6)
    corners = _corner_texts(page, fairness, xlim, (width, height))
    band = {up: max(b[3] - b[1] for (u, _), (_, _, b) in corners.items() if u == up)
            + 2 * PAD for up in (True, False)}
    ylim = _span(y, height, SELECTED_PT + 4, band[False], band[True])
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    _quadrants(ax, fairness, corners, xlim, ylim)
    _frame(ax, fairness)
    for chosen in (False, True):
        ax.scatter(x[selected == chosen], y[selected == chosen], zorder=5, gid=POINT_GID,
                   s=(2 * (SELECTED_PT if chosen else POINT_PT)) ** 2, linewidths=0.6,
                   color=style.CHART_HIGHLIGHT if chosen else style.CHART_BAR,
                   edgecolors=INK if chosen else ax.get_facecolor())
    unplaced = place_names(page, ax, table, selected, [b for *_, b in corners.values()],
                           (fairness.x_reference, fairness.y_reference))
    if unplaced:
        page.cursor -= 4
        page.paragraph("Points numérotés : " + " ; ".join(
            f"{k} {short_name(n)}" for k, n in unplaced) + ".", font(SMALL_SIZE))


def _span(values: np.ndarray, length: float, margin: float, low: float = 0.0,
          high: float = 0.0) -> tuple[float, float]:
    """Limits putting the values ``margin`` points inside the axis, ``low``/``high``
    more points free below/above them."""
    lo, hi = float(values.min()), float(values.max())
    spread = (hi - lo) or 1.0
    per_pt = spread / (length - 2 * margin - low - high)
    return lo - (margin + low) * per_pt, hi + (margin + high) * per_pt


def _corner_texts(page: Page, fairness, xlim, size) -> dict:
    """Each quadrant's short label, wrapped to its side of the vertical reference, its
    alignment and the box it covers in its corner (axes points)."""
    at = (fairness.x_reference - xlim[0]) / (xlim[1] - xlim[0]) * size[0]
    out, prop = {}, font(SMALL_SIZE, style="italic")
    for (up, high), text in QUADRANT_TEXT.items():
        room = (size[0] - at if high else at) - 2 * PAD
        text = "\n".join(_meter(page).wrap(text, max(room, 40.0), prop))
        w, h = _meter(page).size(text, prop)
        x0, y0 = size[0] - PAD - w if high else PAD, size[1] - PAD - h if up else PAD
        out[(up, high)] = (text, "right" if high else "left", (x0, y0, x0 + w, y0 + h))
    return out


def _quadrants(ax: Axes, fairness, corners: dict, xlim, ylim) -> None:
    """Very light tints (the corners of the bivariate scheme) and the corner labels."""
    xr, yr = fairness.x_reference, fairness.y_reference
    for (up, high), (text, ha, _) in corners.items():
        x0, x1 = (xr, xlim[1]) if high else (xlim[0], xr)
        y0, y1 = (yr, ylim[1]) if up else (ylim[0], yr)
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, linewidth=0, zorder=0,
                               facecolor=style.BIVARIATE_COLORS[2 * up][2 * high],
                               alpha=0.11))
        shift = offset_copy(ax.transAxes, ax.figure, PAD if ha == "left" else -PAD,
                            -PAD if up else PAD, units="points")
        ax.text(0.0 if ha == "left" else 1.0, 1.0 if up else 0.0, text, ha=ha,
                va="top" if up else "bottom", transform=shift, zorder=6,
                fontproperties=font(SMALL_SIZE, style="italic"), color=INK, alpha=0.85,
                multialignment=ha, gid="equity-quadrant")


def _frame(ax: Axes, fairness) -> None:
    """Reference lines and their labels, French ticks, axis titles."""
    xr, yr = fairness.x_reference, fairness.y_reference
    for line in (ax.axvline(xr), ax.axhline(yr)):
        line.set(color=INK, linestyle="--", linewidth=0.8, zorder=3)
    prop = font(SMALL_SIZE)
    ax.text(xr, 1.0, f"Département : {format_value(xr, '€/hab.')}", ha="center",
            va="bottom", fontproperties=prop, color=INK, transform=offset_copy(
                blended_transform_factory(ax.transData, ax.transAxes), ax.figure, y=2,
                units="points"))
    ax.text(1.0, yr, f"Département :\n{format_number(yr, 1)} pour\n1\u00a0000 habitants",
            ha="left", va="center", fontproperties=prop, color=INK, transform=offset_copy(
                blended_transform_factory(ax.transAxes, ax.transData), ax.figure, x=4,
                units="points"))
    for axis, label in ((ax.xaxis, equity_module.X_LABEL), (ax.yaxis, fairness.need_label)):
        axis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 2.5, 5, 10]))
        axis.set_major_formatter(FuncFormatter(
            lambda v, _: format_number(v, 0 if abs(v - round(v)) < 1e-9 else 1)))
        axis.set_label_text(label, fontproperties=font(7.5), color=INK)
    ax.tick_params(labelsize=6.5, labelcolor=INK, color=INK, width=0.6, length=3)
    for spine in ax.spines.values():
        spine.set(linewidth=0.6, edgecolor=INK)


def place_names(page: Page, ax: Axes, table, selected, boxes, references
                ) -> list[tuple[int, str]]:
    """Name every point without overlaps (:func:`geo.model.chart_labels.place`, the web
    scatter's placer, on measured text boxes in points); a name with no room at all gets
    a number, returned as (number, name) for a list under the chart."""
    to_pt = _points(ax)
    px, py = to_pt.transform(table[["investment_per_inhabitant", "need_per_1000"]]).T
    size = to_pt.transform([ax.get_xlim()[1], ax.get_ylim()[1]])
    props = [font(NAME_SIZE, "bold") if s else font(SMALL_SIZE) for s in selected]
    names = [short_name(n) for n in table["name"]]
    w, h = np.array([_meter(page).size(n, p) for n, p in zip(names, props)]).T
    radius = np.where(selected, SELECTED_PT, POINT_PT)
    big, (xr, yr) = 1e6, to_pt.transform(references)
    lines = [(xr - 1.5, -big, xr + 1.5, big), (-big, yr - 1.5, big, yr + 1.5)]
    crowd = chart_labels.crowding(px, py, CROWD_PT)
    todo = chart_labels.Names(px, py, w, h, radius, selected * 1e6 - crowd, tuple(size))
    placed = chart_labels.place(todo, lines, boxes, far=FAR_PT)
    _draw_names(ax, placed, names, props, selected, todo)
    missing = [i for i in range(len(names)) if i not in {p.index for p in placed}]
    for k, i in enumerate(missing, start=1):      # never so far on the 20 booklets
        ax.text(*to_pt.inverted().transform((px[i] + radius[i] + 1, py[i] + radius[i])),
                str(k), fontproperties=font(SMALL_SIZE, "bold"), color=INK, zorder=7,
                gid=LABEL_GID)
    return [(k, table["name"].iloc[i]) for k, i in enumerate(missing, start=1)]


def _points(ax: Axes) -> Transform:
    """Data -> points from the lower-left corner of the axes (where names are placed)."""
    box = ax.get_position().transformed(ax.figure.transFigure)
    return ax.transData + Affine2D().translate(-box.x0, -box.y0).scale(72 / ax.figure.dpi)


def _draw_names(ax: Axes, placed, names, props, selected, todo) -> None:
    back = _points(ax).inverted()
    for p in placed:
        i = p.index
        ax.text(*back.transform((p.x, p.y)), names[i], ha="left", va="bottom", zorder=7,
                fontproperties=props[i], gid=LABEL_GID,
                color=style.CHART_HIGHLIGHT if selected[i] else INK)
        if p.leader:
            line = back.transform([(todo.px[i], todo.py[i]), chart_labels.leader_end(p, todo)])
            ax.plot(line[:, 0], line[:, 1], zorder=4, color=style.CHART_OTHERS,
                    linewidth=0.5)


# ---------------------------------------------------------------------------------------
# Under the scatter

GRID_PT = 30.0            # side of the bivariate grid
TEXT_LEFT = GRID_PT + 30  # where the sentences beside it start


def class_texts(fairness, siren: str, name: str) -> list[tuple[str, object]]:
    """The EPCI's quadrant (with its two figures) and its bivariate class; or why it has
    no point."""
    row = fairness.table[fairness.table["siren"] == siren]
    if row.empty:
        return [(f"{name} : pas de point sur ce graphique, son contrat de territoire n'est "
                 "pas dans le recueil des actes de mai 2019 (pas de chiffres « Au-delà du "
                 "contrat »).", font(8.5))]
    r = row.iloc[0]
    quadrant = equity_module.QUADRANTS[r["quadrant"]]
    least = "au moins " if r["lower_bound"] else ""
    need, invest = fairness.bivariate_class(siren)
    thirds = equity_module.THIRDS
    return [(f"{name} : {quadrant[0].lower()}{quadrant[1:]} ({least}"
             f"{format_value(r['investment_per_inhabitant'], '€/hab.')} ; "
             f"{format_number(r['need_per_1000'], 1)} "
             f"{equity_module.NEED_NOUNS[fairness.need]} pour 1\u00a0000 habitants).",
             font(8.5)),
            (f"Carte bivariée de l'atlas : tiers {thirds[need]} des EPCI pour le besoin "
             f"social, tiers {thirds[invest]} pour l'investissement par habitant (case "
             "encadrée).", font(7.5))]


def class_block(page: Page, fairness, siren: str, name: str, draw: bool = True) -> float:
    """The class sentences, beside a 3 × 3 bivariate grid with the EPCI's cell outlined;
    returns the height they take (only measured when not ``draw``)."""
    texts = class_texts(fairness, siren, name)
    if len(texts) == 1:
        if draw:
            page.paragraph(*texts[0])
        return _height(page, *texts[0])
    lines = sum(_height(page, text, prop, page.width - TEXT_LEFT) for text, prop in texts)
    if not draw:
        return max(GRID_PT + 10, lines) + 4
    top = page.cursor
    _bivariate_grid(page, *fairness.bivariate_class(siren), GRID_PT)
    for text, prop in texts:
        lines = _meter(page).wrap(text, page.width - TEXT_LEFT, prop)
        page.text(MARGIN + TEXT_LEFT, page.cursor, "\n".join(lines), prop, INK,
                  linespacing=1.3)
        page.cursor -= page.height_of(lines, prop, 1.3) + 5
    page.cursor = min(page.cursor, top - GRID_PT - 10) - 4
    return top - page.cursor


def _bivariate_grid(page: Page, need: int, invest: int, side: float) -> None:
    ax = page.axes(MARGIN + 12, page.cursor - side - 1, side, side)
    for n in range(3):
        for i in range(3):
            ax.add_patch(Rectangle((i, n), 1, 1, facecolor=style.BIVARIATE_COLORS[n][i],
                                   edgecolor=ax.get_facecolor(), linewidth=0.8))
    ax.add_patch(Rectangle((invest, need), 1, 1, fill=False, edgecolor=INK,
                           linewidth=1.6, zorder=3))
    ax.set_xlim(0, 3)
    ax.set_ylim(0, 3)
    ax.set_axis_off()
    prop = font(5.5)
    ax.text(1.5, -0.15, "investissement →", ha="center", va="top", fontproperties=prop,
            color=INK)
    ax.text(-0.15, 1.5, "besoin →", ha="right", va="center", rotation=90,
            fontproperties=prop, color=INK)
