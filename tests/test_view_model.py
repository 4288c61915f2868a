"""The EPCI view model (geo.views.epci): one object per view state and data version,
each slice computed once, and the EPCI view's components reading it instead of asking
the atlas slice by slice."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geo.analysis.filters import ProjectFilter
from geo.atlas import Atlas
from geo.views.departement import DepartementView
from geo.views.epci import EpciView

ROOT = Path(__file__).resolve().parents[1]
DEUX_BAIES = "200069029"
# What the EPCI view reads from its view model, never from the atlas directly.
SLICES = {"presence_of", "key_figure_rows", "standings", "follow_up", "epci_notice"}
DEPARTEMENT_SLICES = {"choropleth", "equity", "ranking", "epci_totals", "projects_for",
                      "unplaced"}


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


def test_one_view_per_state_and_each_slice_built_once(atlas):
    flt = ProjectFilter(epci=DEUX_BAIES)
    view = EpciView.of(atlas, flt)
    assert EpciView.of(atlas, ProjectFilter(epci=DEUX_BAIES)) is view
    assert view.projects is atlas.projects_for(flt)
    for name in ("presence", "off_map", "key_figures", "standings", "by_generation",
                 "follow_up", "ranking"):
        assert getattr(view, name) is getattr(view, name), name
    other = EpciView.of(atlas, ProjectFilter(epci=DEUX_BAIES, themes=("sport",)))
    assert other is not view and len(other.projects) < len(view.projects)


def test_the_view_says_what_the_sources_say(atlas):
    view = EpciView.of(atlas, ProjectFilter(epci=DEUX_BAIES))
    assert view.name == "CA des Deux Baies en Montreuillois"
    assert set(view.presence["epci_siren"]) == {DEUX_BAIES}
    assert view.ranking.position(DEUX_BAIES)
    assert not view.map_lost
    lost = [s for s in atlas.epci_names if atlas.coverage.state(s) == "lost"]
    assert lost and all(EpciView.of(atlas, ProjectFilter(epci=s)).map_lost for s in lost)


def test_the_epci_view_reads_its_slices_from_the_view_model():
    """dashboard.py and the EPCI view's components do not ask the atlas for a slice the
    view model holds (the commune view shares its EPCI's view model)."""
    files = ["dashboard.py", "components/compare.py", "components/panels.py",
             "components/generations_panel.py", "components/follow_up_panel.py",
             "components/commune_view.py"]
    asked = []
    for name in files:
        for node in ast.walk(ast.parse((ROOT / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in SLICES \
                    and ast.unparse(node.value) in {"atlas", "atlas.coverage"}:
                asked.append(f"{name}:{node.lineno} {ast.unparse(node)}")
    assert not asked, asked


# ---------------------------------------------------------------------------------------
# The département view (geo.views.departement)

def test_one_departement_view_per_state_its_slices_built_once(atlas):
    key = atlas.indicators[0].key
    view = DepartementView.of(atlas, ProjectFilter(), key)
    assert DepartementView.of(atlas, ProjectFilter(), key) is view
    assert view.projects is atlas.projects_for(ProjectFilter())
    for name in ("choropleth", "ranking", "epci_totals", "by_generation"):
        assert getattr(view, name) is getattr(view, name), name
    assert view.choropleth is atlas.choropleth(key, ProjectFilter(), "quantiles")
    assert view.equity is None
    sport = DepartementView.of(atlas, ProjectFilter(themes=("sport",)), key)
    assert sport is not view and len(sport.projects) < len(view.projects)
    equity = DepartementView.of(atlas, ProjectFilter(), key, need="rsa_foyers")
    assert equity is not view and equity.equity is atlas.equity("rsa_foyers")
    assert not equity.shows_investment


def test_the_departement_view_reads_its_slices_from_the_view_model():
    """dashboard.py's département view asks the atlas for none of the slices its view
    model holds."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
                 and n.name in {"departement_view", "_departement_map_block"}]
    asked = [f"{f.name}:{node.lineno} {ast.unparse(node)}" for f in functions
             for node in ast.walk(f) if isinstance(node, ast.Attribute)
             and node.attr in DEPARTEMENT_SLICES and ast.unparse(node.value) == "atlas"]
    assert len(functions) == 2 and not asked, asked
