"""The comparisons on real shipped data: the EPCI ranking, the equity view, where an EPCI
stands on each key figure, the nearest sites of a commune, and names placed beside the
points of a scatter without overlaps."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.model import chart_labels
from geo.analysis import equity, investment, nearest, standing
from geo.atlas import Atlas
from geo.analysis.filters import ProjectFilter
from geo.model.labels import _overlap

SAINT_OMER = "200069037"
TERNOIS = "200069672"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


def test_saint_omer_has_no_contract(atlas):
    assert SAINT_OMER not in atlas.coverage.with_contract


def test_ranking_ranks_the_19_contracts_and_says_why_not_the_20th(atlas):
    ranking = atlas.ranking(investment.KEY_PER_INHABITANT, ProjectFilter(), TERNOIS)
    assert len(ranking.rows) == 19
    values = [r.value for r in ranking.rows]
    assert values == sorted(values, reverse=True)
    assert [r.rank for r in ranking.rows] == list(range(1, 20))
    assert [r.siren for r in ranking.rows if r.selected] == [TERNOIS]
    assert ranking.left_out == [(SAINT_OMER, "CA du Pays de Saint-Omer",
                                 "pas de contrat dans le recueil de mai 2019 : pas de chiffre")]
    assert ranking.position(SAINT_OMER).startswith("pas de contrat")
    # per inhabitant: the département's ratio (total ÷ population), not a mean of ratios
    totals = investment.values(atlas.investment).drop(SAINT_OMER)
    people = atlas.population.reindex(totals.index)
    assert ranking.reference == pytest.approx(totals.sum() / people.sum())
    assert ranking.reference != pytest.approx(np.mean(values))
    assert "total des 19 EPCI classés ÷ leur population" in ranking.reference_label


def test_ranking_of_a_sum_uses_the_mean_and_filters_the_territory(atlas):
    flt = ProjectFilter(grand_territoire="Cœur rural")
    ranking = atlas.ranking(investment.KEY, flt)
    scope = set(atlas.scope(flt)) - {SAINT_OMER}
    assert {r.siren for r in ranking.rows} == scope
    assert ranking.reference == pytest.approx(np.mean([r.value for r in ranking.rows]))
    assert all(why == "hors du territoire choisi" for s, _, why in ranking.left_out
               if s not in atlas.scope(flt))


def test_partial_project_amounts_are_never_ranked(atlas):
    ranking = atlas.ranking("montant_contrat", ProjectFilter())
    ranked = {r.siren for r in ranking.rows}
    assert ranked.isdisjoint(atlas.coverage.lost)
    lost = [why for s, _, why in ranking.left_out if s in atlas.coverage.lost]
    assert lost and all("illisible" in why for why in lost)


@pytest.mark.parametrize("need", list(equity.NEEDS))
def test_equity_points_quadrants_and_thirds(atlas, need):
    data = atlas.equity(need)
    table = data.table
    assert len(table) == 19 and data.left_out == ["CA du Pays de Saint-Omer"]
    counts = atlas.key_figures_wide[need].reindex(table["siren"]).to_numpy()
    people = atlas.population.reindex(table["siren"]).to_numpy()
    assert np.allclose(table["need_per_1000"], counts / people * 1000)
    assert data.y_reference == pytest.approx(counts.sum() / people.sum() * 1000)
    # every EPCI is named in exactly one quadrant sentence
    sentences = data.quadrant_sentences()
    assert len(sentences) == 4
    for name in table["name"]:
        assert sum(name in s for s in sentences) == 1
    assert sorted(pd.Series(equity.thirds(table["need_per_1000"])).value_counts()) == [6, 6, 7]


def test_unknown_need_is_refused_in_french(atlas):
    with pytest.raises(ValueError, match="besoin social inconnu"):
        atlas.equity("chomage")


def test_standings_compare_per_unit_and_rank_among_those_printing(atlas):
    rows = {s.ratio.key: s for s in atlas.standings(TERNOIS)}
    wide = atlas.key_figures_wide
    rsa = rows["rsa_foyers_1000"]
    assert rsa.value == pytest.approx(wide.at[TERNOIS, "rsa_foyers"]
                                      / atlas.population[TERNOIS] * 1000)
    assert rsa.count == 19 and 1 <= rsa.rank <= 19 and rsa.low <= rsa.value <= rsa.high
    per_pupil = rows["colleges_fonct_eleve"]
    assert per_pupil.value == pytest.approx(wide.at[TERNOIS, "colleges_fonctionnement_eur"]
                                            / wide.at[TERNOIS, "eleves"])
    # a figure printed by 14 contracts is ranked among 14, never among 19
    assert rows["assainissement_hab"].count == int(
        wide["assainissement_invest_2015_2018_eur"].notna().sum())
    assert atlas.standings(SAINT_OMER) == []
    assert standing.format_value(26.13, "pour 1 000 hab.") == "26,1\u00a0pour 1 000 hab."


def test_nearest_sites_of_saint_pol(atlas):
    lon, lat = atlas.commune_point("62767")
    sites = {s.kind: s for s in nearest.nearest_sites(
        atlas.presence, lon, lat, {"mds": "Ternois", "mdadt": "Montreuillois - Ternois"})}
    assert list(sites) == ["college", "mds", "mdadt", "cis"]
    assert sites["college"].name == "Collège Roger Salengro"
    assert "carte scolaire" in sites["college"].why
    assert sites["mdadt"].commune_insee == "62550" and 20 < sites["mdadt"].km < 25
    reach = nearest.reach_km(atlas.communes.loc[atlas.communes["code_insee"] == "62767",
                                                "geometry"], lon, lat)
    assert 1 < reach < 10
    assert sites["mds"].distance_text("62767", reach).startswith("dans la commune, à moins de")
    assert sites["college"].distance_text("62767", reach) == "0,4\u00a0km"


def test_nearest_falls_back_to_the_closest_maison_without_a_territory(atlas):
    lon, lat = atlas.commune_point("62767")
    sites = {s.kind: s for s in nearest.nearest_sites(atlas.presence, lon, lat, {})}
    assert "la plus proche" in sites["mdadt"].why


@pytest.mark.parametrize("need", list(equity.NEEDS))
def test_scatter_names_fit_without_overlaps(atlas, need):
    from components.charts import NAME_PX, POINT_PX, SCATTER_PX
    from geo.model.names import short_epci_name as short_name

    data = atlas.equity(need)
    table, lines = data.table, (data.x_reference, data.y_reference)
    frame, names = chart_labels.fit_names(
        table["investment_per_inhabitant"], table["need_per_1000"],
        table["name"].map(short_name), *SCATTER_PX, NAME_PX, POINT_PX, lines=lines)
    assert names["placed"].all()
    # the quadrant lines cross at most one name (measured: 1 for each need)
    assert chart_labels.crossings(frame, names, table["name"].map(short_name), NAME_PX,
                                  lines) <= 1
    boxes = []
    for (i, row), name in zip(names.iterrows(), table["name"].map(short_name)):
        x, y = frame.to_px(np.array([row.label_x]), np.array([row.label_y]))
        w = len(name) * NAME_PX * chart_labels.CHAR_WIDTH
        boxes.append((x[0], y[0], x[0] + w, y[0] + NAME_PX * chart_labels.LINE_HEIGHT))
        assert 0 <= x[0] and x[0] + w <= SCATTER_PX[0] + 0.01
    px, py = frame.to_px(table["investment_per_inhabitant"], table["need_per_1000"])
    points = [(a - 5.5, b - 5.5, a + 5.5, b + 5.5) for a, b in zip(px, py)]
    for k, box in enumerate(boxes):
        assert not any(_overlap(box, other, 0) for other in boxes[k + 1:])
        assert not any(_overlap(box, p, 0) for p in points)


def test_themes_chart_keeps_a_theme_whose_amounts_the_text_never_gives(atlas):
    from components.charts import themes_chart

    arras = atlas.projects_for(ProjectFilter(epci="200033579"))      # CU d'Arras
    unknown = arras.groupby("theme")["amount_cents"].apply(lambda a: a.isna().all())
    assert unknown.sum() >= 2            # Culture, Solidarité, Sport: no amount in the text
    spec = themes_chart(arras).to_dict()
    counts = next(rows for rows in spec["datasets"].values() if rows and "label" in rows[0])
    assert [r["theme"] for r in counts] == [t for t in ["Aménagement", "Solidarité",
                                            "Education", "Culture", "Sport"]
                                            if t in set(arras["theme"])]
    for row in counts:
        own = arras[arras["theme"] == row["theme"]]
        assert row["label"].startswith(f"{len(own)} projet")
        if unknown[row["theme"]]:                     # no bar: its count, never « 0 € »
            assert row["amount"] == 0 and f"({len(own)} sans montant)" in row["label"]
