"""Choropleth classes: French labels, classes that follow each other without overlap."""
import pandas as pd

from geo.analysis.indicators import classify


def test_quantile_classes_cover_all_values_with_french_labels():
    values = pd.Series([0, 0, 0, 40_000, 100_000, 1_016_000, 7_840_156, 92_992_750, None])
    classes = classify(values, "€")
    assert classes.labels[0] == "0\u00a0€"
    assert all(label.startswith("> ") for label in classes.labels[1:])
    assert classes.labels[-1].endswith("92\u202f992\u202f750\u00a0€")
    index = classes.index(values)
    assert index.iloc[-1] == -1                       # missing value: no class
    assert index.iloc[:-1].is_monotonic_increasing    # sorted input, sorted classes
    assert index.max() == len(classes.bins) - 1


def test_natural_breaks_and_few_distinct_values():
    jenks = classify(pd.Series([1, 2, 3, 50, 60, 70, 500.0]), "€/hab.", k=3,
                     method="seuils_naturels")
    assert jenks.method == "Seuils naturels (Jenks)" and len(jenks.bins) == 3
    few = classify(pd.Series([5.0, 5.0, 9.0]), "projets")
    assert few.labels == ["5\u00a0projets", "> 5\u00a0projets – 9\u00a0projets"]


def test_quantile_classes_are_those_of_mapclassify():
    """The atlas computes quantile classes itself (no mapclassify import on a page): the
    same bounds as mapclassify.Quantiles for every indicator of the département map."""
    import warnings

    import mapclassify
    import numpy as np

    from geo.atlas import Atlas
    from geo.analysis.filters import ProjectFilter
    from geo.analysis.indicators import quantile_bins

    atlas = Atlas.load(None)
    checked = 0
    for indicator in atlas.indicators:
        data = atlas.indicator_values(indicator.key, ProjectFilter()).dropna().to_numpy(float)
        if len(np.unique(data)) <= 5:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = list(mapclassify.Quantiles(data, k=5).bins)
        assert quantile_bins(data, 5) == expected, indicator.key
        checked += 1
    assert checked >= 10
