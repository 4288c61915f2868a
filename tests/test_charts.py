"""Every chart the atlas draws is valid Vega-Lite. The page builds its specs without
Altair's schema check (it costs more than the chart: components/charts._to_spec); this
file is where each kind of chart is checked, on the shipped data, in every view."""
import jsonschema
import pytest

from components import charts
from components.generations_panel import generations_chart
from geo.analysis import generation_compare as gc
from geo.analysis import investment
from geo.atlas import Atlas
from geo.analysis.equity import NEEDS
from geo.analysis.filters import ProjectFilter

ARRAS, TERNOIS = "200033579", "200069672"


@pytest.fixture(scope="module")
def atlas():
    return Atlas.load(None)


def _builds(atlas):
    projects = atlas.projects_for(ProjectFilter(epci=TERNOIS))
    every = atlas.projects_for(ProjectFilter())
    yield "ranking", lambda: charts.ranking_chart(
        atlas.ranking(investment.KEY_PER_INHABITANT, ProjectFilter()))
    yield "ranking, one EPCI in red", lambda: charts.ranking_chart(
        atlas.ranking(investment.KEY_PER_INHABITANT, ProjectFilter(), ARRAS))
    for need in NEEDS:
        yield f"equity {need}", lambda need=need: charts.equity_scatter(atlas.equity(need), ARRAS)
    yield "themes", lambda: charts.themes_chart(projects)
    yield "standing", lambda: charts.standing_chart(atlas.standings(ARRAS), atlas.ratio_table,
                                                    ARRAS)
    yield "generations, EPCI", lambda: generations_chart(gc.by_generation(projects, TERNOIS))
    yield "generations, département", lambda: generations_chart(gc.by_generation(every))


def test_every_chart_is_valid_vega_lite(atlas):
    checked = []
    for name, build in _builds(atlas):
        try:
            spec = charts._to_spec(build(), validate=True)     # Altair's schema check
        except jsonschema.ValidationError as exc:
            pytest.fail(f"{name}: {exc.message}")
        assert spec and spec["datasets"], name
        checked.append(name)
    assert len(checked) >= 8


def test_a_spec_built_without_the_check_is_the_same(atlas):
    """Skipping the check changes nothing in what is sent."""
    build = lambda: charts.themes_chart(atlas.projects_for(ProjectFilter(epci=TERNOIS)))  # noqa: E731
    checked, unchecked = charts._to_spec(build(), validate=True), charts._to_spec(build())
    strip = lambda spec: {k: v for k, v in spec.items() if k != "datasets"}  # noqa: E731
    assert strip(checked) == strip(unchecked)
    assert list(checked["datasets"].values()) == list(unchecked["datasets"].values())


def test_an_invalid_chart_is_caught_by_the_check():
    """The check this file relies on does fail on a bad spec (a mark that does not exist)."""
    import altair as alt
    import pandas as pd

    bad = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q")
    bad.mark = "barre"
    with pytest.raises(jsonschema.ValidationError):
        charts._to_spec(bad, validate=True)
    assert charts._to_spec(bad)["mark"] == {"type": "barre"}     # unchecked: sent as it is
