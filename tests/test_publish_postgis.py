"""``python -m geo publish-postgis``: the atlas's layers as PostGIS tables for QGIS, on a
real server (the ``postgis_url`` fixture: a fresh database per test, no mock).

What is published: every table read back matches the shipped files row for row; keys,
GIST indexes and French comments are there; an import in force (a staff file, an SCDL
file) is published with the shipped rows. Republication, failures, a killed publication
and the command line's errors: tests/test_publish_postgis_safety.py (which uses the
fixtures and helpers of this file)."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
import sqlalchemy as sa

from geo.data import territory
from geo.atlas import Atlas
from geo.data.contracts import read_table
from geo.postgis.layers import LAYERS
from geo.postgis.publish import publish

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SPATIAL = {layer.table for layer in LAYERS if layer.geometry is not None}
TOLERANCE = 1e-9          # degrees: what comes back is what was written (WKB doubles)
HEADER = "intitule;montant;commune;thematique;periode\n"


@pytest.fixture(scope="module")
def shipped() -> Atlas:
    return Atlas.load(None)


@pytest.fixture
def engine(postgis_url):
    eng = sa.create_engine(postgis_url, poolclass=sa.pool.NullPool)
    yield eng
    eng.dispose()


@pytest.fixture
def published(postgis_url, shipped, engine):
    """The shipped atlas published once into ``atlas``."""
    return publish(postgis_url, atlas=shipped)


def read(engine, table: str, schema: str = "atlas") -> pd.DataFrame:
    query = f'SELECT * FROM "{schema}"."{table}"'
    if table in SPATIAL:      # numeric read as Decimal: amounts are checked exactly
        return gpd.read_postgis(query, engine, geom_col="geom", coerce_float=False)
    return pd.read_sql(query, engine, coerce_float=False)


def scalar(engine, query: str, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(query), params).scalar()


def rows(engine, query: str, **params) -> list:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(query), params)]


def cents(value) -> int | None:
    if value is None or pd.isna(value):
        return None
    assert isinstance(value, Decimal)            # numeric(14,2), never a float
    return int(value * 100)


def csv_cents(value) -> int | None:
    return None if pd.isna(value) else int(value)


def same_geometries(a, b) -> bool:
    promote = lambda g: shapely.MultiPolygon([g]) if g.geom_type == "Polygon" else g  # noqa
    return all(shapely.equals_exact(promote(x), promote(y), tolerance=TOLERANCE)
               for x, y in zip(a, b))


def cli_process(*args: str, env: dict | None = None, **kwargs) -> subprocess.Popen:
    base = {k: v for k, v in os.environ.items() if k != "ATLAS_DATABASE_URL"}
    return subprocess.Popen([sys.executable, "-m", "geo", "publish-postgis", *args], cwd=REPO,
                            env={**base, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


# ---------------------------------------------------------------------------------------
# Row for row against the shipped files

def test_communes_and_epci_are_the_shipped_territory(published, engine):
    communes = read(engine, "communes").set_index("code_insee")
    source = gpd.read_file(DATA / "territory" / "communes_detail.geojson")
    source = source.astype({"code_insee": str, "epci_siren": str}).set_index("code_insee")
    assert communes.crs.to_epsg() == 4326 and len(communes) == len(source) == 887
    assert sorted(communes.index) == sorted(source.index)
    source = source.loc[communes.index]
    assert (communes["nom"] == source["nom"]).all()
    assert (communes["epci_siren"] == source["epci_siren"]).all()
    assert (communes["population"] == source["population"]).all()
    assert same_geometries(communes.geometry, source.geometry)
    assert set(communes.geom_type) == {"MultiPolygon"}

    epci = read(engine, "epci").set_index("epci_siren")
    source = gpd.read_file(DATA / "territory" / "epci_detail.geojson").astype(
        {"epci_siren": str}).set_index("epci_siren")
    groupings = read_table(DATA / "territory" / "epci_groupings.csv").set_index("epci_siren")
    assert sorted(epci.index) == sorted(source.index) == sorted(groupings.index)
    source, groupings = source.loc[epci.index], groupings.loc[epci.index]
    assert (epci["nom"] == source["nom"]).all() and (epci["type"] == source["type"]).all()
    assert (epci["population"] == source["population_62"]).all()
    assert same_geometries(epci.geometry, source.geometry)
    for ours, theirs in (("grand_territoire", "grand_territoire"), ("mdadt", "mdadt_territoire"),
                         ("mds", "mds_territoire"), ("mdadt_ref", "mdadt_ref")):
        assert (epci[ours].fillna("") == groupings[theirs].fillna("")).all(), ours


def test_areas_are_computed_in_lambert_93(published, engine):
    for table in ("communes", "epci"):
        worst = scalar(engine, f"SELECT max(abs(superficie_km2 - ST_Area(ST_Transform(geom, "
                               f"2154)) / 1e6) / superficie_km2) FROM atlas.{table}")
        assert worst < 1e-6, table
    total = scalar(engine, "SELECT sum(superficie_km2) FROM atlas.communes")
    shipped = territory.area_km2(gpd.read_file(DATA / "territory" / "communes_detail.geojson"))
    assert total == pytest.approx(shipped.sum(), rel=1e-9)
    assert 6600 < total < 6800            # ADMIN EXPRESS's Pas-de-Calais, foreshore included


def test_projects_are_the_shipped_ones_placed_where_the_map_places_them(published, engine):
    projects = read(engine, "projets").set_index("identifiant")
    source = read_table(DATA / "contracts" / "projects.csv").set_index("project_id")
    assert projects.crs.to_epsg() == 4326
    assert sorted(projects.index) == sorted(source.index) and len(projects) == 288
    source = source.loc[projects.index]
    assert (projects["titre"] == source["title"]).all()
    assert (projects["thematique"] == source["theme"]).all()
    assert (projects["periode"] == source["period"]).all()
    assert [cents(v) for v in projects["montant_eur"]] == [
        csv_cents(v) for v in pd.to_numeric(source["amount_cents"])]
    assert (projects["montant_regle"].fillna("") == source["amount_rule"].fillna("")).all()
    assert (projects["epci_sirens"] == source["epci_sirens"].str.replace(";", ", ")).all()
    assert projects["montant_eur"].isna().sum() == 138          # never 0 €
    assert set(projects["generation"]) <= {"2015-2018", "2019-2021", "2023-2026",
                                           "non établie"}

    mairies = territory.commune_points().set_index("code_insee")
    at_commune = source["location_precision"] == "commune"
    placed = projects[at_commune]
    expected = gpd.points_from_xy(mairies.loc[source.loc[at_commune, "commune_insee"],
                                              "mairie_lon"],
                                  mairies.loc[source.loc[at_commune, "commune_insee"],
                                              "mairie_lat"])
    assert shapely.equals_exact(placed.geometry.values, expected, tolerance=TOLERANCE).all()
    assert set(placed.geom_type) == {"Point"}
    assert projects.loc[~at_commune, "geom"].isna().all()        # never an invented place
    assert int(at_commune.sum()) == 165


def test_project_sources_are_the_shipped_appearances_with_their_citation(published, engine):
    sources = read(engine, "projets_sources").set_index(["projet", "reference"])
    shipped = read_table(DATA / "contracts" / "project_sources.csv").set_index(
        ["project_id", "source_ref"])
    assert sorted(sources.index) == sorted(shipped.index) and len(sources) == 355
    shipped = shipped.loc[sources.index]
    assert (sources["texte_cite"] == shipped["raw_text"]).all()
    assert (sources["type_source"] == shipped["source_kind"]).all()
    assert [cents(v) for v in sources["montant_eur"]] == [
        csv_cents(v) for v in pd.to_numeric(shipped["amount_cents"])]
    first = sources.loc[("P-200018083-aire-de-covoiturage-de-desvres",
                         "004_e1a7153a0531ec73.txt:4236")]
    assert first["document"] == "004_e1a7153a0531ec73.txt"
    assert first["document_titre"] == "Recueil des actes administratifs n° 5, mai 2019"
    assert (first["ligne_debut"], first["ligne_fin"]) == (4236, 4236)
    assert "Desvres-Samer" in first["citation"] and first["citation"].endswith("ligne 4236")
    assert first["type_source_libelle"] == "texte du contrat"


def test_presence_key_figures_and_points_to_check_are_the_shipped_rows(published, engine):
    presence = read(engine, "presence").set_index("identifiant")
    source = read_table(DATA / "presence" / "presence.csv").set_index("presence_id")
    assert sorted(presence.index) == sorted(source.index) and len(presence) == 185
    source = source.loc[presence.index]
    assert (presence["nom"] == source["name"]).all() and (presence["type"] == source["kind"]).all()
    known = source["lon"].notna()
    assert shapely.equals_exact(presence.geometry[known].values, gpd.points_from_xy(
        source.loc[known, "lon"].astype(float), source.loc[known, "lat"].astype(float)),
        tolerance=TOLERANCE).all()
    assert presence.loc[~known, "geom"].isna().all() and (~known).sum() == 2
    assert presence["type"].value_counts().to_dict() == {"college": 125, "cis": 43, "mds": 9,
                                                         "mdadt": 7, "cer": 1}

    figures = read(engine, "chiffres_cles").set_index(["epci_siren", "indicateur"])
    shipped = read_table(DATA / "contracts" / "key_figures.csv").set_index(
        ["epci_siren", "indicator"])
    assert sorted(figures.index) == sorted(shipped.index) and len(figures) == 491
    shipped = shipped.loc[figures.index]
    assert (figures["valeur"].fillna(-1) == pd.to_numeric(shipped["value"]).fillna(-1)).all()
    assert (figures["reference"] == shipped["source_ref"]).all()

    points = read(engine, "points_a_verifier").set_index("identifiant")
    shipped = read_table(DATA / "contracts" / "review_points.csv").set_index("point_id")
    assert sorted(points.index) == sorted(shipped.index) and len(points) == 98
    shipped = shipped.loc[points.index]
    assert (points["question"] == shipped["question"]).all()
    assert (points["projet"].fillna("") == shipped["project_id"].fillna("")).all()

    review = read(engine, "revue_localisations").set_index("projet")
    shipped = read_table(DATA / "contracts" / "location_review.csv").set_index("project_id")
    assert sorted(review.index) == sorted(shipped.index) and len(review) == 11
    assert (review["decision"] == shipped.loc[review.index, "decision"]).all()


def test_epci_carry_what_the_departement_map_shows(published, engine, shipped):
    epci = read(engine, "epci").set_index("epci_siren")
    for siren, breakdown in shipped.investment.items():
        value = epci.at[siren, "investissement_2015_2018_eur"]
        if breakdown.total_eur is None:
            assert pd.isna(value) and not epci.at[siren, "contrat_dans_recueil"]
        else:
            assert cents(value) == round(breakdown.total_eur * 100)
    totals = shipped.epci_totals(shipped.projects).set_index("epci_siren")
    assert (epci["projets"] == totals.loc[epci.index, "count"]).all()
    assert epci["etiquettes_carte"].value_counts().to_dict() == {
        "illisibles dans la source": 12, "lues": 7, "pas de contrat dans le recueil": 1}


# ---------------------------------------------------------------------------------------
# Keys, indexes, geometry types, comments

def test_primary_keys_foreign_keys_and_gist_indexes(published, engine):
    keys = dict(rows(engine, """
        SELECT c.conrelid::regclass::text, string_agg(a.attname, ',' ORDER BY k.n)
        FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(att, n)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att
        WHERE c.contype = 'p' AND c.connamespace = 'atlas'::regnamespace
        GROUP BY 1"""))
    assert keys == {f"atlas.{layer.table}": ",".join(layer.primary_key) for layer in LAYERS}
    gist = {table for table, definition in rows(
        engine, "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'atlas'")
        if "USING gist (geom)" in definition}
    assert gist == SPATIAL == {"communes", "epci", "projets", "presence"}
    types = set(rows(engine, "SELECT f_table_name, type, srid FROM geometry_columns "
                             "WHERE f_table_schema = 'atlas'"))
    assert types == {("communes", "MULTIPOLYGON", 4326), ("epci", "MULTIPOLYGON", 4326),
                     ("projets", "POINT", 4326), ("presence", "POINT", 4326)}
    foreign = set(rows(engine, "SELECT conrelid::regclass::text, confrelid::regclass::text "
                               "FROM pg_constraint WHERE contype = 'f' "
                               "AND connamespace = 'atlas'::regnamespace"))
    assert ("atlas.projets_sources", "atlas.projets") in foreign
    assert ("atlas.communes", "atlas.epci") in foreign
    assert scalar(engine, "SELECT count(*) FROM pg_namespace WHERE nspname = "
                          "'atlas_publication'") == 0


def test_every_table_and_column_has_its_french_comment(published, engine):
    missing = rows(engine, """
        SELECT c.relname, a.attname FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = 'atlas'::regnamespace AND c.relkind = 'r'
          AND coalesce(col_description(c.oid, a.attnum), '') = ''""")
    assert missing == []
    for layer in LAYERS:
        comment = scalar(engine, "SELECT obj_description(CAST(:t AS regclass), 'pg_class')",
                         t=f"atlas.{layer.table}")
        assert comment.startswith(layer.title), layer.table
        assert "Sources : " in comment and "Licence Ouverte 2.0" in comment
        assert "Reflète : données livrées avec l'atlas" in comment
        assert "sans import des agents" in comment
        for column in layer.columns:
            assert scalar(engine, "SELECT col_description(CAST(:t AS regclass), attnum) FROM "
                                  "pg_attribute WHERE attrelid = CAST(:t AS regclass) AND "
                                  "attname = :c", t=f"atlas.{layer.table}", c=column.name
                          ) == column.comment
    assert "Licence Ouverte 2.0" in scalar(engine, "SELECT obj_description(CAST('atlas.communes'"
                                                   " AS regclass), 'pg_class')")
    assert "publish-postgis" in scalar(engine, "SELECT obj_description('atlas'::regnamespace, "
                                               "'pg_namespace')")
    publication = read(engine, "publication")
    assert len(publication) == 1 and publication.at[0, "version_import"] is None
    assert "projets : 288 lignes" in publication.at[0, "tables"]


# ---------------------------------------------------------------------------------------
# An import in force, published

def test_the_command_publishes_the_import_the_atlas_shows(postgis_url, engine, tmp_path):
    """The SIG team's database holds the import store (``$ATLAS_DATABASE_URL``) and the
    published layers: an imported project is in ``atlas.projets`` at its commune."""
    from geo.store import Store
    from geo.importer.validate import validate_bytes

    data = (HEADER + "Salle Alpha;1000;Arras;Sport;2024\n").encode()
    version = Store(url=postgis_url).import_validation(validate_bytes(data, "mdadt.csv"),
                                                       data, "Agent Test")
    process = cli_process(env={"ATLAS_DATABASE_URL": postgis_url,
                               "ATLAS_STORE_DIR": str(tmp_path)})
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert f"version d'import n° {version.id}" in out and "atlas.projets : 289 lignes" in out
    row = read(engine, "projets").set_index("identifiant").loc[f"import-{version.id}-2"]
    assert row["titre"] == "Salle Alpha" and row["version_import"] == version.id
    assert cents(row["montant_eur"]) == 100_000 and row["commune_insee"] == "62041"
    mairie = territory.commune_points().set_index("code_insee").loc["62041"]
    assert shapely.equals_exact(row["geom"], shapely.Point(mairie["mairie_lon"],
                                                           mairie["mairie_lat"]), TOLERANCE)
    source = rows(engine, "SELECT reference, type_source, document, ligne_debut FROM "
                          "atlas.projets_sources WHERE projet = :p", p=f"import-{version.id}-2")
    assert source == [("mdadt.csv:2", "import", "mdadt.csv", 2)]
    assert scalar(engine, "SELECT version_import FROM atlas.publication") == version.id
    comment = scalar(engine, "SELECT obj_description('atlas.projets'::regclass, 'pg_class')")
    assert f"version d'import n° {version.id}" in comment and "mdadt.csv" in comment
    assert "Données importées par les agents" in comment        # the maps' sources line
    assert scalar(engine, "SELECT count(*) FROM pg_namespace WHERE nspname = "
                          "'atlas_imports'") == 1             # the store, left alone


def test_published_subsidies_without_a_place_keep_no_point(store, postgis_url, engine):
    """An SCDL file imported in the store (SQLite, or the same PostGIS database): its
    subsidies are published with their convention date and stage; those whose beneficiary
    has no place stay without a point."""
    from geo.importer.validate import validate_bytes

    data = (REPO / "tests" / "corpus" / "scdl" / "bon.csv").read_bytes()
    version = store.import_validation(validate_bytes(data, "bon.csv"), data, "test")
    done = publish(postgis_url)                   # the atlas the current version shows
    assert done.import_version == version.id and done.counts["projets"] == 288 + 6
    scdl = read(engine, "projets").query("version_import == @version.id")
    assert len(scdl) == 6 and set(scdl["stade"]) == {"conventionnée"}
    assert all(isinstance(d, dt.date) for d in scdl["date_convention"])
    unplaced = scdl[scdl["epci_siren"].isna()]
    assert len(unplaced) == 2 and unplaced["geom"].isna().all()
    assert set(unplaced["localisation"]) <= {"inconnue"}
    kinds = rows(engine, "SELECT DISTINCT s.type_source, s.document FROM atlas.projets_sources s "
                         "JOIN atlas.projets p ON p.identifiant = s.projet "
                         "WHERE p.version_import IS NOT NULL")
    assert kinds == [("scdl", "bon.csv")]
