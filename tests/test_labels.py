"""Livret labels: no two placed labels overlap; co-located symbols are fanned out."""
import numpy as np
import pandas as pd

from geo.model.labels import _overlap, declutter, label_text, spread_points


def test_label_text_french_amount():
    assert label_text("RD 208", 41_700_000) == "RD 208 – 417\u202f000\u00a0€"
    assert label_text("x" * 60, 100).startswith("x" * 47 + "… – ")
    # an amount the text does not give is said, never shown as 0 €
    assert label_text("RD 939 à Le Parcq", None) == "RD 939 à Le Parcq – montant non précisé"
    assert label_text("RD 939", pd.NA) == "RD 939 – montant non précisé"


def test_declutter_never_overlaps_and_prefers_big_amounts():
    rng = np.random.default_rng(1)
    n = 60
    x, y = rng.uniform(0, 300, n), rng.uniform(0, 300, n)
    w, h = rng.uniform(40, 120, n), np.full(n, 14.0)
    priority = rng.uniform(0, 1e6, n)
    placed = declutter(x, y, w, h, priority)
    boxes = [(p.x, p.y, p.x + w[p.index], p.y + h[p.index]) for p in placed]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not _overlap(boxes[i], boxes[j], 0.0)
    assert 0 < len(placed) < n
    assert int(np.argmax(priority)) in {p.index for p in placed}


def test_spread_points_separates_duplicates_only():
    xs, ys = spread_points(pd.Series([1.0, 1.0, 1.0, 5.0]), pd.Series([2.0, 2.0, 2.0, 5.0]), 0.1)
    assert len({(round(a, 6), round(b, 6)) for a, b in zip(xs[:3], ys[:3])}) == 3
    assert (xs[3], ys[3]) == (5.0, 5.0)
    assert np.allclose(np.hypot(xs[:3] - 1, ys[:3] - 2), 0.1)
