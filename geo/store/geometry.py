"""The position of an imported project row in PostGIS (``projects.geom``, WGS 84).

The same rule as the atlas's map (:func:`geo.atlas.locate_projects`): the row's own
longitude/latitude when it gives them, else the point where the atlas places its commune
(mairie, :func:`geo.data.territory.commune_points`) when the row is placed at a commune; an
EPCI-wide or unplaced row has no geometry (NULL). This is the row as imported: a staff
correction of its commune does not move it.
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.engine import Connection

from geo.store.model import StoreError


@lru_cache(maxsize=1)
def _commune_points() -> dict[str, tuple[float, float]]:
    from geo.data import territory

    points = territory.commune_points()
    return {code: (float(lon), float(lat)) for code, lon, lat in
            zip(points["code_insee"], points["mairie_lon"], points["mairie_lat"])}


def point_of(values: dict) -> tuple[float, float] | None:
    """(lon, lat) of a project row (its SQL values), None when the atlas does not place it."""
    lon, lat = values.get("longitude"), values.get("latitude")
    if lon is not None and lat is not None:
        return float(lon), float(lat)
    if values.get("location_precision") != "commune":
        return None
    return _commune_points().get(values.get("commune_insee"))


def add_column(conn: Connection, prefix: str) -> None:
    """The ``geom`` column, its GIST index, and the positions of rows already stored."""
    found = conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").first()
    if found is None:
        raise StoreError("l'extension PostGIS est absente de la base : un administrateur doit "
                         "y exécuter « CREATE EXTENSION postgis; »")
    conn.exec_driver_sql(f"ALTER TABLE {prefix}projects ADD COLUMN IF NOT EXISTS "
                         "geom geometry(Point, 4326)")
    conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS projects_geom ON {prefix}projects "
                         "USING GIST (geom)")
    rows = conn.exec_driver_sql(
        f'SELECT version_id, "row", longitude, latitude, location_precision, commune_insee '
        f"FROM {prefix}projects WHERE geom IS NULL").mappings().all()
    update = text(f'UPDATE {prefix}projects SET geom = ST_SetSRID(ST_MakePoint(:lon, :lat), '
                  f'4326) WHERE version_id = :version_id AND "row" = :row')
    placed = [{"version_id": row["version_id"], "row": row["row"], "lon": point[0],
               "lat": point[1]} for row in rows if (point := point_of(dict(row)))]
    if placed:
        conn.execute(update, placed)


def problems(conn: Connection, schema: str) -> list[str]:
    """What is missing for GIS clients: PostGIS, the geometry column, its index."""
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").first() is None:
        return ["extension PostGIS absente"]
    out = []
    column = conn.execute(text(
        "SELECT 1 FROM geometry_columns WHERE f_table_schema = :s AND f_table_name = "
        "'projects' AND f_geometry_column = 'geom' AND srid = 4326 AND type = 'POINT'"),
        {"s": schema}).first()
    if column is None:
        out.append("colonne geom (Point, 4326) absente de projects")
    index = conn.execute(text(
        "SELECT 1 FROM pg_indexes WHERE schemaname = :s AND tablename = 'projects' "
        "AND indexdef ILIKE '%USING gist (geom)%'"), {"s": schema}).first()
    if index is None:
        out.append("index GIST de projects.geom absent")
    return out
