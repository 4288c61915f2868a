"""Territory layers: communes, EPCI, département, rivers; display geometries in levels of detail.

Build (``python -m geo build-territory``) reads the boundaries copied from the open
sources into ``data/sources/geodata`` and writes compact display files into
``data/territory``. Simplification runs in Lambert-93 (EPSG:2154) with
``shapely.coverage_simplify`` so neighbours keep one shared border (no slivers, no gaps);
EPCI and département outlines are unions of the simplified communes, so every level is
one consistent coverage. Areas are always computed in Lambert-93.
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from geo.model.paths import GEODATA_SOURCES, TERRITORY

LAMBERT93 = 2154
WGS84 = 4326

# Level of detail -> simplification tolerance in metres (Lambert-93). "detail" keeps the
# source geometry (about 23 vertices per commune); the others are for the département view.
LEVELS = {"detail": 0.0, "moyen": 250.0, "simple": 600.0}
# Coordinates written with 5 decimals (about 1 m): enough for display, compact on the wire.
COORDINATE_PRECISION = 5

COMMUNE_COLUMNS = ["code_insee", "nom", "population", "epci_siren"]
EPCI_COLUMNS = ["epci_siren", "nom", "nom_long", "type", "population_62",
                "n_communes_62", "n_communes_total", "interdepartemental"]


def read_source_communes() -> gpd.GeoDataFrame:
    communes = gpd.read_file(GEODATA_SOURCES / "communes_62.geojson")
    communes["population"] = communes["population"].astype("int64")
    return communes


def read_source_epci() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_SOURCES / "epci_62.geojson")


def simplify_coverage(communes_l93: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify all communes together, keeping shared borders shared."""
    out = communes_l93.copy()
    if tolerance > 0:
        out.geometry = shapely.coverage_simplify(out.geometry.values, tolerance)
    out.geometry = shapely.make_valid(out.geometry.values)
    return out


def dissolve_coverage(communes_l93: gpd.GeoDataFrame, by: str) -> gpd.GeoDataFrame:
    """Union communes into larger areas (EPCI, grand territoire...) by an attribute.

    ``union_all`` rather than ``coverage_union_all``: the source coverage has four tiny
    overlaps (PROVENANCE.md), on which the coverage union returns nested shells."""
    parts = [
        (key, shapely.union_all(group.geometry.values))
        for key, group in communes_l93.groupby(by, sort=True)
    ]
    return gpd.GeoDataFrame({by: [k for k, _ in parts]}, geometry=[g for _, g in parts],
                            crs=communes_l93.crs)


def build_level(level: str) -> dict[str, gpd.GeoDataFrame]:
    """Communes, EPCI and département display layers of one level, in WGS 84."""
    communes = read_source_communes().to_crs(LAMBERT93)
    simple = simplify_coverage(communes, LEVELS[level])
    epci_attrs = read_source_epci().drop(columns="geometry")
    epci = dissolve_coverage(simple, "epci_siren").merge(epci_attrs, on="epci_siren")
    simple["dep"] = "62"
    departement = dissolve_coverage(simple, "dep").rename(columns={"dep": "code"})
    departement["nom"] = "Pas-de-Calais"
    return {
        "communes": _to_display(simple[COMMUNE_COLUMNS + ["geometry"]]),
        "epci": _to_display(epci[EPCI_COLUMNS + ["geometry"]]),
        "departement": _to_display(departement),
    }


def _to_display(frame_l93: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """WGS 84 snapped to the written precision, so the file's geometries stay valid."""
    out = frame_l93.to_crs(WGS84)
    out.geometry = shapely.set_precision(out.geometry.values, 10 ** -COORDINATE_PRECISION)
    return out


def level_path(layer: str, level: str):
    return TERRITORY / f"{layer}_{level}.geojson"


def build_all() -> list[str]:
    """Write every layer at every level; returns the written file names."""
    TERRITORY.mkdir(parents=True, exist_ok=True)
    written = []
    for level in LEVELS:
        for layer, frame in build_level(level).items():
            path = level_path(layer, level)
            tmp = path.with_suffix(".tmp.geojson")
            frame.to_file(tmp, driver="GeoJSON", engine="pyogrio",
                          layer_options={"COORDINATE_PRECISION": COORDINATE_PRECISION,
                                         "RFC7946": "YES", "WRITE_NAME": "NO"})
            tmp.replace(path)
            written.append(path.name)
    return written


# ---------------------------------------------------------------------------------------
# Loading (what the app, the exports and the tests read)

@lru_cache(maxsize=None)
def load_layer(layer: str, level: str = "detail") -> gpd.GeoDataFrame:
    """A shipped display layer (``communes``, ``epci``, ``departement``) in WGS 84."""
    if level not in LEVELS:
        raise ValueError(f"niveau de détail inconnu : {level!r} (attendu : {', '.join(LEVELS)})")
    frame = gpd.read_file(level_path(layer, level), engine="pyogrio")
    for column in ("code_insee", "epci_siren", "code"):
        if column in frame:
            frame[column] = frame[column].astype(str)
    return frame


def load_communes(level: str = "detail") -> gpd.GeoDataFrame:
    return load_layer("communes", level).copy()


def load_epci(level: str = "detail") -> gpd.GeoDataFrame:
    return load_layer("epci", level).copy()


def epci_at(lon: float, lat: float, level: str = "moyen") -> str | None:
    """SIREN of the EPCI whose display polygon at ``level`` (the one the user clicked on)
    contains the point, or None outside the 20 EPCI."""
    epci = load_layer("epci", level)
    inside = shapely.contains_xy(epci.geometry.values, lon, lat)
    return str(epci["epci_siren"].iloc[int(inside.argmax())]) if inside.any() else None


@lru_cache(maxsize=1)
def load_rivers() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_SOURCES / "cours_eau_principaux_62.geojson", engine="pyogrio")


# The source's mairie position is missing for one commune (La Herlière) and lies more than
# 500 m outside its commune for 72 others (up to 579 km for Rebergues: geocoding errors of
# the annuaire): those 73 get a point inside the commune (tests/test_territory.py).
MAIRIE_TOLERANCE_M = 500


@lru_cache(maxsize=1)
def commune_points() -> pd.DataFrame:
    """INSEE code -> position (lon, lat) where the atlas places a commune's projects: its
    mairie, or, where the source gives none or one outside the commune, a point inside the
    commune polygon (``position`` says which)."""
    src = read_source_communes()
    l93 = src.to_crs(LAMBERT93)
    known = src["mairie_lon"].notna()
    mairie = gpd.GeoSeries(gpd.points_from_xy(src.loc[known, "mairie_lon"],
                                              src.loc[known, "mairie_lat"]),
                           index=src.index[known], crs=WGS84).to_crs(LAMBERT93)
    distance = mairie.distance(l93.geometry[known]).reindex(src.index)
    usable = known & (distance <= MAIRIE_TOLERANCE_M)
    inside = gpd.GeoSeries(shapely.point_on_surface(l93.geometry.values), crs=LAMBERT93
                           ).to_crs(WGS84)
    out = src[["code_insee", "nom", "epci_siren", "mairie_lon", "mairie_lat",
               "codes_postaux"]].copy()
    out.loc[~usable, "mairie_lon"] = inside.x[~usable].round(6)
    out.loc[~usable, "mairie_lat"] = inside.y[~usable].round(6)
    out["position"] = usable.map({True: "mairie", False: "intérieur de la commune"})
    return out


def area_km2(frame: gpd.GeoDataFrame) -> pd.Series:
    """Areas in km², computed in Lambert-93 whatever the frame's CRS."""
    return frame.to_crs(LAMBERT93).area / 1e6
