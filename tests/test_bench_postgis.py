"""The PostGIS publication benchmark's own logic, without a server: the scaled atlas keeps
the shipped projects and adds placed, cited copies; the README is only rewritten between
its markers."""
from __future__ import annotations

import pytest

from bench import bench_postgis
from geo.atlas import Atlas


@pytest.fixture(scope="module")
def shipped() -> Atlas:
    return Atlas.load(None)


def test_scaled_atlas_keeps_the_shipped_projects_and_places_every_copy(shipped):
    scaled = bench_postgis.scaled_atlas(shipped, 3)
    projects = scaled.projects
    assert len(projects) == 3 * len(shipped.projects) and projects["project_id"].is_unique
    assert projects.head(len(shipped.projects))[shipped.projects.columns].equals(shipped.projects)
    assert projects.head(len(shipped.projects))["import_version"].isna().all()
    copies = projects.iloc[len(shipped.projects):]
    assert copies[["lon", "lat"]].notna().all().all()
    assert (copies["epci_siren"].map(shipped.epci_names).notna()).all()
    assert (copies["commune_insee"].map(shipped.commune_epci) == copies["epci_siren"]).all()
    assert copies["source_refs"].str.match(r"^banc\.csv:\d+$").all()
    assert bench_postgis.scaled_atlas(shipped, 1) is shipped


def _results() -> dict:
    rows = {"epci": 20, "communes": 887, "projets": 288}
    case = {"projects": 288, "rows": rows, "first_s": 0.8, "size_mib": 2.0,
            "republish_s": {"median": 0.5, "min": 0.4, "max": 0.6, "runs": [0.5]}}
    return {"generated": "2026-12-01T18:00:00+00:00", "atlas_load_s": 0.2, "repeats": 5,
            "machine": {"cpus": 2, "postgresql": "15.14", "postgis": "3.3.2"},
            "publish": {"1x": case}, "cli_s": {"median": 2.1, "runs": [2.1, 2.0, 2.2]}}


def test_readme_block_is_written_between_its_markers_only(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"avant\n{bench_postgis.START}\nancien\n{bench_postgis.END}\naprès\n",
                      encoding="utf-8")
    monkeypatch.setattr(bench_postgis, "README", readme)
    bench_postgis.update_readme(_results())
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(f"avant\n{bench_postgis.START}\n") and text.endswith(
        f"{bench_postgis.END}\naprès\n")
    assert "ancien" not in text and "| 1× : 288 | 1\u202f195 | 0,80 s | 0,50 s (0,40 – 0,60) |" in text
    assert "PostgreSQL 15.14, PostGIS 3.3.2" in text and "2,10 s (médiane de 3)" in text
