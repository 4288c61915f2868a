"""The benchmark's own logic, without a browser: the synthetic projects are valid and
reproducible, the filter's expected symbol counts match the data, the targets are judged
on the right figures and the README is only rewritten between its markers."""
from __future__ import annotations

import geopandas as gpd
import pytest

from bench import measure, report
from bench.synthetic import COMMUNES, SHIPPED_PROJECTS, synthetic_projects
from geo.model import schemas
from geo.data.contracts import read_table

SEPT_VALLEES = "200044030"


@pytest.fixture(scope="module")
def tenfold():
    return synthetic_projects(10)


def test_synthetic_projects_are_valid_copies_spread_over_real_communes(tenfold):
    shipped = read_table(SHIPPED_PROJECTS)
    assert len(tenfold) == 10 * len(shipped)
    assert tenfold["project_id"].is_unique
    schemas.validate(tenfold.copy(), schemas.PROJECTS, "project_id")     # raises if invalid
    communes = gpd.read_file(COMMUNES)
    epci_of = dict(zip(communes["code_insee"].astype(str), communes["epci_siren"].astype(str)))
    assert (tenfold["commune_insee"].map(epci_of) == tenfold["epci_siren"]).all()
    assert tenfold["commune_insee"].nunique() > 600          # spread, not piled on a few
    assert set(tenfold["theme"]) == set(schemas.THEMES)
    assert set(tenfold["amount_cents"].dropna()) <= set(shipped["amount_cents"].dropna())


def test_synthetic_projects_are_reproducible(tenfold):
    assert synthetic_projects(10).equals(tenfold)
    assert not synthetic_projects(2).head(10)["commune_insee"].equals(
        tenfold.head(10)["commune_insee"])


def test_filter_threshold_removes_some_symbols_but_not_all():
    drawn = measure.located_in(SHIPPED_PROJECTS, SEPT_VALLEES)
    threshold = measure.threshold_eur(drawn)
    assert 0 < measure.expected_count(drawn, threshold) < measure.expected_count(drawn, None)
    assert measure.expected_count(drawn, None) == len(drawn)
    known = int(drawn["amount_cents"].notna().sum())
    assert measure.expected_count(drawn, 0) == known      # 0 € keeps the known amounts


def _results(trivial=1.0, dashboard=1.2, naive=9.0, payload=(3e6, 12e6), redraw=(0.3, 1.0)):
    case = lambda s, b: {"first_map_s": {"median": s}, "bytes": {"median": b}}  # noqa: E731
    cases = {"trivial": case(trivial, 3e6), "naive-100x": case(naive, payload[1])}
    for view in ("departement", "epci"):
        cases[f"dashboard-{view}-1x"] = case(dashboard, 5e6)
        cases[f"dashboard-{view}-100x"] = case(2.0, payload[0])
    return {"cases": cases, "filter_redraw": {"1x": {"median": redraw[0]},
                                              "100x": {"median": redraw[1]}}}


def test_targets_compare_medians_with_the_issue_limits():
    verdicts = {t["name"]: t["pass"] for t in report.targets(_results())}
    assert verdicts == {name: True for name in verdicts} and len(verdicts) == 10
    failing = {t["name"] for t in report.targets(
        _results(dashboard=1.6, payload=(5e6, 12e6), redraw=(0.6, 1.6))) if not t["pass"]}
    assert failing == {"first_map_vs_floor_departement", "first_map_vs_floor_epci",
                       "first_map_ratio_departement", "first_map_ratio_epci",
                       "payload_100x_departement", "payload_100x_epci",
                       "filter_redraw_1x", "filter_redraw_100x"}
    # 0.4 s over a 1 s floor: within the gap, not within 1.25 times the floor
    failing = {t["name"] for t in report.targets(_results(dashboard=1.4)) if not t["pass"]}
    assert failing == {"first_map_ratio_departement", "first_map_ratio_epci"}


def test_readme_is_rewritten_between_its_markers_only(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Titre\n\n{report.START}\nancien\n{report.END}\n\nFin.\n",
                      encoding="utf-8")
    monkeypatch.setattr(report, "RESULTS_DOC", readme)
    monkeypatch.setattr(report, "readme_block", lambda results: "nouveau")
    report.update_readme({})
    assert readme.read_text(encoding="utf-8") == (
        f"# Titre\n\n{report.START}\nnouveau\n{report.END}\n\nFin.\n")
