"""The département map's default indicator: complete for the 19 contracts, held to the
section 7 figures, never 0 for a missing figure; project amounts classed only where the
livret map was read."""
from __future__ import annotations

import pandas as pd
import pytest

from geo.analysis import investment
from geo.atlas import Atlas
from geo.analysis.choropleth import CLASSED, LOST, NO_DATA
from geo.analysis.filters import ProjectFilter
from geo.analysis.indicators import DEFAULT_INDICATOR

SAINT_OMER, HENIN, FLANDRE_LYS = "200069037", "246200299", "245900758"


@pytest.fixture(scope="module")
def atlas():
    return Atlas.load()


def test_the_default_is_the_investment_of_section_7(atlas):
    assert DEFAULT_INDICATOR == investment.KEY
    values = atlas.indicator_values(DEFAULT_INDICATOR, ProjectFilter())
    assert values.notna().sum() == 19 and pd.isna(values[SAINT_OMER])
    figures = atlas.key_figures.set_index(["epci_siren", "indicator"])["value"]
    for siren, value in values.dropna().items():
        parts = [figures.get((siren, k)) for k in investment.COMPONENTS]
        assert value == sum(p for p in parts if p is not None and pd.notna(p)), siren
    # Hénin-Carvin, lines 12687-12766: 4,86 M€ roads + 23,32 M€ collèges + 1,87 M€
    # culture + 1,87 M€ sport; the CIS (5,48 M€, one contract only) stays beside
    assert values[HENIN] == 4_860_000 + 23_320_000 + 1_870_000 + 1_870_000
    henin = atlas.investment[HENIN]
    assert [b[0] for b in henin.beside] == ["CIS"] and "Assainissement" in henin.missing
    assert henin.lower_bound                           # "Plus de 4,86 millions d'euros"
    assert FLANDRE_LYS in atlas.investment and "Culture" in atlas.investment[FLANDRE_LYS].missing


def test_farda_is_shown_beside_never_added(atlas):
    lumbres = atlas.investment["246201016"]
    assert ("FARDA", 940_200.0) in [(label, value) for label, value, _ in lumbres.beside]
    assert lumbres.total_eur == 6_900_000 + 420_600 + 205_500 + 748_700 + 1_370_000


def test_default_map_has_no_epci_at_zero_and_no_hatching(atlas):
    data = atlas.choropleth(DEFAULT_INDICATOR, ProjectFilter())
    assert (data.status == CLASSED).sum() == 19 and data.status[SAINT_OMER] == NO_DATA
    assert not data.has_lost and (data.values.dropna() > 0).all()
    assert "au moins" in data.value_text(HENIN, lambda v, u: f"{v:.0f} {u}")


def test_project_amounts_keep_lost_maps_out_of_the_classes(atlas):
    """Before: four EPCI coloured at 0 € and Lens-Liévin at 50 000 € for lack of labels.
    Now a lost livret map is its own hatched class; classes come from the 7 read maps."""
    data = atlas.choropleth("montant_contrat", ProjectFilter())
    lost = set(atlas.coverage.lost)
    assert set(data.status[data.status == LOST].index) == lost
    classed = data.values[data.status == CLASSED]
    assert len(classed) == 7 and (classed > 0).all()
    assert data.classes.bins[0] >= classed.min() and max(data.classes.bins) == classed.max()
    fills = data.fill_index()
    assert set(fills[list(lost)]) == {len(data.classes.bins) + 1}
    assert "partiel" in data.value_text(HENIN, lambda v, u: f"{v} {u}")
    # an EPCI whose projects all lack an amount has no total, not 0 €
    values = atlas.indicator_values("montant_contrat", ProjectFilter())
    assert (values.dropna() > 0).all()
