"""Geometries to matplotlib artists, in Lambert-93, with no geopandas plotting.

Polygons become one compound :class:`~matplotlib.path.Path` each (holes kept), lines a
:class:`~matplotlib.collections.LineCollection`; both are vector paths in PDF and SVG.
The territory layers are projected once per process and cached.
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.path import Path
from pyproj import Transformer

from geo.data import territory
from geo.data.territory import LAMBERT93


@lru_cache(maxsize=1)
def _to_l93() -> Transformer:
    return Transformer.from_crs(4326, LAMBERT93, always_xy=True)


def lonlat_to_l93(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    x, y = _to_l93().transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


@lru_cache(maxsize=None)
def layer_l93(layer: str, level: str) -> gpd.GeoDataFrame:
    """A shipped territory layer (``communes``, ``epci``, ``departement``) in Lambert-93."""
    return territory.load_layer(layer, level).to_crs(LAMBERT93)


@lru_cache(maxsize=1)
def rivers_l93() -> gpd.GeoDataFrame:
    return territory.load_rivers().to_crs(LAMBERT93)


def polygon_path(geometry) -> Path:
    """One compound path for a (multi)polygon, every ring closed."""
    vertices, codes = [], []
    for polygon in shapely.get_parts(geometry):
        rings = [polygon.exterior, *polygon.interiors]
        for ring in rings:
            coords = shapely.get_coordinates(ring)
            if len(coords) < 3:
                continue
            ring_codes = np.full(len(coords), Path.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            vertices.append(coords)
            codes.append(ring_codes)
    if not vertices:
        return Path(np.zeros((0, 2)))
    return Path(np.concatenate(vertices), np.concatenate(codes))


def polygons(geometries, **style) -> PathCollection:
    """Polygons as one collection; ``style`` goes to PathCollection (facecolors...)."""
    paths = [polygon_path(g) for g in geometries]
    return PathCollection(paths, **style)


def lines(geometries, **style) -> LineCollection:
    segments = []
    for geometry in geometries:
        for part in shapely.get_parts(geometry):
            segments.append(shapely.get_coordinates(part))
    return LineCollection(segments, **style)


def within(frame: gpd.GeoDataFrame, bounds: tuple[float, float, float, float]
           ) -> gpd.GeoDataFrame:
    """Rows whose bounding box meets ``bounds`` (cheap pre-clip for big layers)."""
    minx, miny, maxx, maxy = bounds
    return frame.cx[minx:maxx, miny:maxy]


def points_l93(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Lambert-93 coordinates of a frame with ``lon``/``lat`` columns."""
    return lonlat_to_l93(frame["lon"].to_numpy(dtype=float), frame["lat"].to_numpy(dtype=float))
