"""The shared legend model (:mod:`geo.legend_model`) as HTML, for the web map's legend
box and the legend under the livret map. Every text is escaped; the look of each symbol
comes from the entry (hence from :mod:`geo.style`), the CSS classes from
``static/atlas/atlas-map.css`` (inside the map) or ``static/atlas/page.css`` (the page)."""
from __future__ import annotations

import html

from geo import style
from geo.legend_model import Entry, Section


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


def render(sections: list[Section], css_class: str = "atlas-legend") -> str:
    body = "".join(f"<h4>{html.escape(s.title)}</h4>" + "".join(_entry(e) for e in s.entries)
                   for s in sections if s.entries)
    return f'<div class="{css_class}">{body}</div>'
