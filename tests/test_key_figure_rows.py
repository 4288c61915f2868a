"""One list of key-figure rows for the panel and the booklet; département-wide figures
apart, never compared with an EPCI mean."""
from geo.atlas import Atlas


def test_rows_compare_the_epci_with_the_mean_and_keep_departement_figures_apart():
    atlas = Atlas.load()
    rows = {r.key: r for r in atlas.key_figure_rows("246200299")}
    sdis = rows["sdis_fonctionnement_eur"]
    assert sdis.departement_wide and sdis.mean is None and sdis.gap_text == "–"
    routes = rows["routes_invest_2015_2018_eur"]
    assert routes.value_text.startswith("plus de ") and routes.mean is not None
    assert routes.gap_text.endswith("%") and routes.source_ref.startswith("004_")
    assert atlas.key_figure_rows("200069037") == []          # Saint-Omer: no contract


def test_a_figure_one_contract_prints_is_not_compared_with_itself():
    """Only Hénin-Carvin prints a CIS investment: no "5 480 000 € vs 5 480 000 €, 0 %"."""
    cis = {r.key: r for r in Atlas.load().key_figure_rows("246200299")}["cis_invest_2015_2018_eur"]
    assert cis.mean is None and cis.gap_text == "–"
    assert cis.mean_text == "seul contrat à le citer"
