"""Filters on projects: each restriction narrows, text search ignores accents and case."""
import pandas as pd

from geo.analysis.filters import Context, ProjectFilter, apply, describe


def _projects():
    return pd.DataFrame({
        "project_id": ["a", "b", "c", "d"],
        "title": ["Piscine de Lumbres", "RD 208", "Église Saint-Martin", "CLIC"],
        "epci_siren": ["246201016", "246201016", "200033579", "200033579"],
        "commune_insee": ["62534", None, "62041", None],
        "maitre_ouvrage": [None, "Département", None, None],
        "theme": ["Sport", "Aménagement", "Culture", "Solidarité"],
        "period": ["2015-2018", "à venir", "2015-2018", "2019-2021"],
        "nature": ["investissement", "investissement", "non précisé", "fonctionnement"],
        "amount_cents": pd.array([100_000_000, 41_700_000, None, 6_913_900], dtype="Int64"),
    })


def test_each_filter_narrows():
    p = _projects()
    assert list(apply(p, ProjectFilter())["project_id"]) == ["a", "b", "c", "d"]
    assert list(apply(p, ProjectFilter(themes=("Sport", "Culture")))["project_id"]) == ["a", "c"]
    assert list(apply(p, ProjectFilter(periods=("à venir",)))["project_id"]) == ["b"]
    assert list(apply(p, ProjectFilter(natures=("fonctionnement",)))["project_id"]) == ["d"]
    assert list(apply(p, ProjectFilter(epci="200033579"))["project_id"]) == ["c", "d"]
    assert list(apply(p, ProjectFilter(amount_min_cents=50_000_000))["project_id"]) == ["a"]
    # unknown amounts are excluded by an amount range, never counted as 0 € silently
    assert list(apply(p, ProjectFilter(amount_max_cents=50_000_000))["project_id"]) == ["b", "d"]


def test_text_search_on_titles_and_communes():
    p = _projects()
    names = Context(commune_names={"62534": "Lumbres", "62041": "Arras"})
    assert list(apply(p, ProjectFilter(text="eglise"), names)["project_id"]) == ["c"]
    assert list(apply(p, ProjectFilter(text="ARRAS"), names)["project_id"]) == ["c"]
    assert list(apply(p, ProjectFilter(text="département"), names)["project_id"]) == ["b"]


def test_territory_filters_use_groupings():
    groupings = pd.DataFrame({"epci_siren": ["246201016", "200033579"],
                              "grand_territoire": ["Littoral-Côte d'Opale", "Artois-Gohelle"],
                              "mdadt_territoire": ["Audomarois", "Arrageois"]})
    # the filter holds values; the groupings come with the data (filters.Context)
    ctx = Context(groupings=groupings)
    flt = ProjectFilter(grand_territoire="Artois-Gohelle")
    assert list(apply(_projects(), flt, ctx)["project_id"]) == ["c", "d"]
    flt = ProjectFilter(mdadt="Audomarois")
    assert list(apply(_projects(), flt, ctx)["project_id"]) == ["a", "b"]


def test_describe_in_french():
    assert describe(ProjectFilter()).startswith("Aucun filtre")
    text = describe(ProjectFilter(themes=("Sport",), periods=("2015-2018",),
                                  amount_min_cents=100_000), {"x": "X"})
    assert "Thèmes : Sport" in text and "Période : 2015-2018" in text and "1\u202f000" in text


def test_generation_filter_and_its_url_slug():
    from geo.atlas import Atlas
    from geo.model.view_fields import BY_NAME, Context as ViewContext

    atlas = Atlas.load(None)
    field = BY_NAME["generations"]
    value, bad = field.read("2019-2021,non-etablie,2031", ViewContext())
    assert value == ("2019-2021", "non établie") and bad == ["2031"]
    kept = atlas.projects_for(ProjectFilter(generations=("2019-2021",)))
    assert len(kept) == 72 and set(kept["generation"]) == {"2019-2021"}
    # « à venir » projects of the 2019 contracts belong to that generation, undated ones to none
    assert set(kept["period"]) == {"2019-2021", "à venir"}
    assert "Génération : 2019-2021" in describe(ProjectFilter(generations=("2019-2021",)))
