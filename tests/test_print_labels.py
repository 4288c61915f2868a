"""Labels of the printed livret maps, measured on the drawn figure (Deux Baies, Ternois,
7 Vallées; A4 and A3): no label covers a symbol (project or presence) or another label,
and a label moved away from its symbol has a leader line ending on it."""
from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from geo.atlas import Atlas
from geo.export.paper import PrintOptions
from geo.export.print_map import map_figure
from geo.analysis.filters import ProjectFilter

MAPS = {"200069029": "Deux Baies", "200069672": "Ternois", "200044030": "7 Vallées"}


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


def _drawn(fig):
    """Label boxes, symbol discs/squares (centre, half size) and leader segments, in
    points of the page."""
    fig.canvas.draw()                      # lays out the label boxes
    renderer = fig.canvas.get_renderer()
    to_pt = 72.0 / fig.dpi
    ax = fig.axes[0]                                     # the map frame comes first
    labels = [t.get_bbox_patch().get_window_extent(renderer) for t in ax.findobj(Text)
              if t.get_bbox_patch() is not None and t.get_zorder() == 20]
    labels = [np.array([b.x0, b.y0, b.x1, b.y1]) * to_pt for b in labels]
    symbols = []
    for c in ax.findobj(PathCollection):
        if c.get_zorder() not in (8, 10):
            continue
        centres = ax.transData.transform(c.get_offsets()) * to_pt
        halves = np.sqrt(np.broadcast_to(c.get_sizes(), len(centres))) / 2
        symbols += list(zip(centres, halves))
    leaders = [ax.transData.transform(np.column_stack(line.get_data())) * to_pt
               for line in ax.findobj(Line2D) if line.get_zorder() == 19]
    return labels, symbols, leaders


def _overlap(a, b, tolerance=0.05) -> bool:
    return not (a[2] <= b[0] + tolerance or b[2] <= a[0] + tolerance
                or a[3] <= b[1] + tolerance or b[3] <= a[1] + tolerance)


def _distance(box, point) -> float:
    dx = max(box[0] - point[0], 0, point[0] - box[2])
    dy = max(box[1] - point[1], 0, point[1] - box[3])
    return math.hypot(dx, dy)


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("siren", list(MAPS))
def test_labels_cover_no_symbol_no_label_and_moved_ones_have_leaders(atlas, siren, paper):
    options = PrintOptions(paper=paper, fmt="pdf")
    labels, symbols, leaders = _drawn(map_figure(atlas, ProjectFilter(epci=siren), options))
    assert labels, MAPS[siren]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _overlap(a, b), (MAPS[siren], paper, a, b)
        for centre, half in symbols:
            disc = (centre[0] - half, centre[1] - half, centre[0] + half, centre[1] + half)
            assert not _overlap(a, disc, tolerance=0.3), (MAPS[siren], paper, a, centre)
    beside = (1.0 + 1.0) * options.scale + 0.5     # the gap map_layers leaves, plus slack
    ends = [segment[-1] for segment in leaders]
    for box in labels:
        near = min(_distance(box, c) - h for c, h in symbols)
        led = any(_distance(box, end) < 0.5 for end in ends)
        assert near <= beside or led, (MAPS[siren], paper, box)
    assert len(leaders) <= len(labels)
