"""What only the PostGIS store has: the projects' geometry (GIS clients read it), its own
schema beside the SIG team's tables, and the checks of its integrity."""
from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point
from sqlalchemy import create_engine, text

from geo.data import territory
from geo.store import PG_SCHEMA, Store, StoreError, dispose_engines
from geo.importer.validate import validate_bytes

FILE = ("intitule;montant;commune;epci;thematique;periode;longitude;latitude\n"
        "Salle A;1000;Arras;;Sport;2024;;\n"            # placed at its commune
        "Route B;2000;;200033579;Sport;2024;;\n"        # EPCI-wide: no point
        "Pont C;3000;Arras;;Sport;2024;2,80;50,30\n"    # its own position
        ).encode()


@pytest.fixture
def pg_store(postgis_url):
    yield Store(url=postgis_url)
    dispose_engines()


@pytest.fixture
def engine(postgis_url):
    engine = create_engine(postgis_url)
    yield engine
    engine.dispose()


def import_file(store: Store, data: bytes = FILE, name: str = "projets.csv"):
    return store.import_validation(validate_bytes(data, name), data, "Agent SIG")


def test_projects_carry_the_point_the_atlas_places_them_at(pg_store, engine):
    import_file(pg_store)
    frame = gpd.read_postgis(f'SELECT title, geom FROM {PG_SCHEMA}.projects ORDER BY "row"',
                             engine, geom_col="geom")
    assert frame.crs.to_epsg() == 4326
    arras = territory.commune_points().set_index("code_insee").loc["62041"]
    salle, route, pont = frame["geom"]
    assert salle.equals_exact(Point(arras["mairie_lon"], arras["mairie_lat"]), 1e-9)
    assert route is None
    assert pont.equals_exact(Point(2.80, 50.30), 1e-9)
    with engine.connect() as conn:
        column = conn.execute(text(
            "SELECT type, srid FROM geometry_columns WHERE f_table_schema = :s AND "
            "f_table_name = 'projects'"), {"s": PG_SCHEMA}).all()
        index = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE schemaname = :s AND "
                                  "indexname = 'projects_geom'"), {"s": PG_SCHEMA}).scalar()
    assert column == [("POINT", 4326)] and "USING gist (geom)" in index


def test_a_spatial_query_finds_the_projects_near_a_point(pg_store, engine):
    import_file(pg_store)
    with engine.connect() as conn:
        near = conn.execute(text(
            f"SELECT title FROM {PG_SCHEMA}.projects WHERE ST_DWithin(geom::geography, "
            "ST_SetSRID(ST_MakePoint(2.80, 50.30), 4326)::geography, 100)")).scalars().all()
    assert near == ["Pont C"]


def test_the_store_keeps_to_its_schema_beside_tables_of_the_same_names(pg_store, engine):
    """The SIG database may hold its own versions, projects or schema_version tables."""
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE public.versions (id int, who text)")
        conn.exec_driver_sql("CREATE TABLE public.schema_version (version int)")
        conn.exec_driver_sql("INSERT INTO public.schema_version VALUES (999)")
    assert pg_store.versions() == []
    version = import_file(pg_store)
    assert (version.id, pg_store.current().id, len(pg_store.projects())) == (1, 1, 3)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM public.versions").scalar() == 0
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"),
                              {"s": PG_SCHEMA}).scalars().all()
    assert set(tables) == {"versions", "originals", "projects", "corrections", "stages",
                           "current", "schema_version"}


def test_integrity_says_what_is_missing(pg_store, engine):
    import_file(pg_store)
    assert pg_store.integrity() == "ok"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP INDEX {PG_SCHEMA}.projects_geom")
        conn.exec_driver_sql(f"DELETE FROM {PG_SCHEMA}.originals")
    found = pg_store.integrity()
    assert "index GIST de projects.geom absent" in found
    assert "fichiers d'origine manquants : versions 1" in found


def test_a_database_without_postgis_is_refused_in_french(postgis_cluster):
    postgis_cluster.psql('DROP DATABASE IF EXISTS "sans_postgis" WITH (FORCE)')
    postgis_cluster.psql('CREATE DATABASE "sans_postgis"')
    store = Store(url=postgis_cluster.url("sans_postgis"))
    try:
        with pytest.raises(StoreError, match="extension PostGIS est absente"):
            import_file(store)
        assert store.versions() == []                  # nothing was created
    finally:
        dispose_engines()
        postgis_cluster.psql('DROP DATABASE IF EXISTS "sans_postgis" WITH (FORCE)')


def test_a_role_without_create_works_in_a_schema_made_for_it(postgis_cluster, postgis_url):
    """The SIG's DBA creates atlas_imports for the atlas's role, which may create nothing
    else in the database."""
    database = postgis_url.split("@/")[1].split("?")[0]
    postgis_cluster.psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                         "'atlas_role') THEN CREATE ROLE atlas_role LOGIN; END IF; END $$")
    postgis_cluster.psql(f'REVOKE CREATE ON DATABASE "{database}" FROM PUBLIC; '
                         f"CREATE SCHEMA {PG_SCHEMA} AUTHORIZATION atlas_role", database)
    store = Store(url=postgis_url.replace("postgres@", "atlas_role@"))
    try:
        version = import_file(store)
        assert (version.id, len(store.projects()), store.integrity()) == (1, 3, "ok")
    finally:
        dispose_engines()
