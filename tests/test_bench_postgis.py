"""The PostGIS publication benchmark's own logic: the scaled atlas keeps the shipped
projects and adds placed, cited copies; the README is only rewritten between its markers;
the import store's benchmark (bench/bench_store.py) builds a valid SCDL file of the
Département whose every row is a real commune or EPCI, and measures it on both stores
(a few rows, on the test session's throw-away server)."""
from __future__ import annotations

import pandas as pd
import pytest

from bench import bench_postgis, bench_store
from geo.atlas import Atlas
from geo.importer.validate import validate_bytes
from geo.data.sirens import SIRENS_CSV


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


def test_the_scdl_file_is_the_departements_every_row_valid_and_at_a_real_commune_or_epci():
    data = bench_store.scdl_file(60)
    assert data == bench_store.scdl_file(60)                   # fixed seed
    validation = validate_bytes(data, bench_store.FILE_NAME)
    report, projects = validation.report, validation.projects
    assert (validation.content, report.ok, report.rows, report.valid_rows) == ("scdl", True,
                                                                               60, 60)
    assert not [w for w in report.warnings if "à classer" in w.message or "sans lieu" in
                w.message]
    assert projects["project_id"].is_unique and projects["epci_siren"].notna().all()
    bodies = pd.read_csv(SIRENS_CSV, dtype=str, keep_default_na=False).set_index("siren")
    found = bodies.loc[projects["partner_id"].str[:9]]
    assert (found["epci_siren"].to_numpy() == projects["epci_siren"].to_numpy()).all()
    communes = (found["kind"] == "commune").to_numpy()
    assert (found["code_insee"].to_numpy()[communes]
            == projects["commune_insee"].to_numpy()[communes]).all()
    assert set(projects["source_note"].str.split(",").str[0]) == {"Département du Pas-de-Calais"}
    assert bench_store.siret("226200012") == "22620001200012"
    assert [bench_store.commune_name(n) for n in ("Arras", "Le Portel", "Béthune")] == [
        "Commune d'Arras", "Commune du Portel", "Commune de Béthune"]


def test_the_store_benchmark_imports_reads_and_publishes_on_both_stores(postgis_cluster):
    found = bench_store.store_import_cases(postgis_cluster, 30, imports=2, reads=2,
                                           publishes=1, command=False)
    assert (found["rows"], found["valid_rows"], found["placed"]) == (30, 30, 30)
    shipped = len(Atlas.load(None).projects)
    for name, backend in (("sqlite", "sqlite"), ("postgis", "postgresql")):
        case = found["stores"][name]
        assert case["backend"] == backend and len(case["import_s"]["runs"]) == 2
        assert len(case["projects_s"]["runs"]) == len(case["current_ms"]["runs"]) == 2
        assert case["size_mib"] > 0 and "command_s" not in case["publish"]
        assert case["publish"]["import_version"] == 1
        assert case["publish"]["projects"] == shipped + 30
    for database in ("bench_store_sqlite", "bench_store_0", "bench_store_1"):
        postgis_cluster.psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _store_case(import_s: float, size: float) -> dict:
    spread = {"median": import_s, "min": import_s - 0.1, "max": import_s + 0.1, "runs": [1] * 3}
    return {"import_s": spread, "projects_s": spread, "size_mib": size,
            "current_ms": {"median": 0.52, "min": 0.3, "max": 1.25, "runs": [1] * 5},
            "publish": {"projects": 20_288, "rows": 42_336, "atlas_load_s": 0.9,
                        "first_s": 3.5, "republish_s": spread, "command_s": 5.25}}


def test_the_store_table_has_one_row_per_measure_and_a_column_per_store():
    store = {"rows": 20_000, "file_mib": 4.0, "valid_rows": 20_000, "placed": 20_000,
             "validate_s": 6.2, "stores": {"sqlite": _store_case(1.5, 12.3),
                                           "postgis": _store_case(2.25, 20.0)}}
    block = bench_postgis.store_block(store)
    assert block.startswith("#### Import de 20\u202f000 lignes : SQLite et PostGIS\n")
    assert "validation (`validate_bytes`, la même pour les deux stockages) : 6,20 s" in block
    assert "l'atlas montre 20\u202f288 projets" in block and "Import 3 fois" in block
    rows = [line for line in block.splitlines() if line.startswith("| ") and "Mesure" not in line]
    assert len(rows) == len(bench_postgis.STORE_ROWS)
    assert rows[0].endswith("| 1,50 s (1,40 – 1,60) | 2,25 s (2,15 – 2,35) |")
    assert rows[2].endswith("| 0,5 ms (0,3 – 1,2) | 0,5 ms (0,3 – 1,2) |")
    assert rows[3].endswith("| 12,3 Mio | 20,0 Mio |") and rows[-1].endswith("| 5,25 s | 5,25 s |")
    with_store = bench_postgis.readme_block({**_results(), "store_import": store})
    assert with_store.endswith(block) and "#### Import de" not in bench_postgis.readme_block(
        _results())


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
    monkeypatch.setattr(bench_postgis, "RESULTS_DOC", readme)
    bench_postgis.update_readme(_results())
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(f"avant\n{bench_postgis.START}\n") and text.endswith(
        f"{bench_postgis.END}\naprès\n")
    assert "ancien" not in text and "| 1× : 288 | 1\u202f195 | 0,80 s | 0,50 s (0,40 – 0,60) |" in text
    assert "PostgreSQL 15.14, PostGIS 3.3.2" in text and "2,10 s (médiane de 3)" in text
