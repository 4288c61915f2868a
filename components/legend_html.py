"""The shared legend model (:mod:`geo.model.legend_model`) as HTML, for the web map's legend
box and the legend under the livret map. Every text is escaped; the look of each symbol
comes from the entry (hence from :mod:`geo.model.style`), the CSS classes from
``static/atlas/atlas-map.css`` (inside the map) or ``static/atlas/page.css`` (the page)."""
from __future__ import annotations

import html

from geo.model import style
from geo.model.legend_model import Entry, Section


def _symbol(entry: Entry) -> str:
    if entry.kind == "circle":
        size = max(12, min(2 * entry.radius_pt / style.PX_TO_PT, 44))
        return (f'<span class="dot" style="width:{size:.0f}px;height:{size:.0f}px;'
                f"background:{entry.face or '#fff'};color:{entry.ink};"
                f'border:2px {entry.border} {entry.color}">{html.escape(entry.letter)}</span>')
    if entry.kind == "square":
        return (f'<span class="sq" style="background:{entry.face}">'
                f"{html.escape(entry.letter)}</span>")
    if entry.kind == "patch":
        fill = style.LOST_HATCH_CSS if entry.hatch else (entry.face or "none")
        return (f'<span class="sw" style="background:{fill};border-color:{entry.color}">'
                "</span>")
    if entry.kind == "line":
        return (f'<span class="ln" style="border-top:{max(entry.linewidth / style.PX_TO_PT, 1):.1f}px '
                f'{"dashed" if entry.dashed else "solid"} {entry.color}"></span>')
    return ""


def _entry(entry: Entry) -> str:
    if entry.kind == "note":
        return f'<div class="note">{html.escape(entry.label)}</div>'
    return f"<div>{_symbol(entry)}{html.escape(entry.label)}</div>"


def render(sections: list[Section], css_class: str = "atlas-legend", heading: str = "h2"
           ) -> str:
    """The legend as HTML, each section under a ``heading`` (h2 in the map's own document,
    under its h1; h3 on the page, under the section of its map)."""
    body = "".join(f"<{heading}>{html.escape(s.title)}</{heading}>"
                   + "".join(_entry(e) for e in s.entries) for s in sections if s.entries)
    return f'<div class="{css_class}">{body}</div>'


def bivariate(equity) -> str:
    """The bivariate map's legend: a 3 × 3 grid (social need upwards, investment per
    inhabitant rightwards), each third with its bounds, and the no-data patch."""
    from geo.model.amounts import format_number
    from geo.analysis.equity import NEED_NOUNS, THIRDS, third_bounds

    need = third_bounds(equity.table["need_per_1000"])
    invest = third_bounds(equity.table["investment_per_inhabitant"])
    cell = ('<td title="{title}" style="width:22px;height:22px;background:{color};'
            'border:1px solid #fff"></td>')
    rows = []
    for n in (2, 1, 0):                    # the highest need on top
        cells = "".join(cell.format(color=style.BIVARIATE_COLORS[n][i], title=html.escape(
            f"Besoin {THIRDS[n]}, investissement {THIRDS[i]}")) for i in range(3))
        low, high = need[n]
        rows.append(f'<tr><th scope="row" style="font-weight:normal;text-align:right;'
                    f'padding-right:4px">{format_number(low, 1)}–{format_number(high, 1)}</th>'
                    f"{cells}</tr>")
    columns = "".join(f'<th scope="col" style="font-weight:normal;font-size:10px">'
                      f"{format_number(lo, 0)}–{format_number(hi, 0)}</th>" for lo, hi in invest)
    need_name = html.escape(f"{NEED_NOUNS[equity.need]} pour 1 000 hab.")
    return (f'<div class="atlas-legend"><h2>Équité : besoin et investissement</h2>'
            f'<div class="note">↑ {need_name}</div>'
            f'<table style="border-collapse:collapse;font-size:11px">{"".join(rows)}'
            f"<tr><td></td>{columns}</tr></table>"
            '<div class="note">→ investissement 2015-2018 (€/hab.)</div>'
            f'<div><span class="sw" style="background:{style.NO_DATA_COLOR}"></span>'
            "sans donnée (pas de contrat)</div></div>")
