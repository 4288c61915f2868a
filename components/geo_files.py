"""Geometry the browser fetches as files instead of receiving it inside every map.

A map's HTML travels through Streamlit's websocket, uncompressed, on every rerun. Its base
geometry (EPCI, communes, rivers, grands territoires) goes instead to ``static/data/``
(gitignored, written on first use), which Streamlit serves gzip-compressed at
``/app/static/data/``: the browser fetches each file once per map and then revalidates it
from its cache, so a filter change or a new indicator sends no polygon again.

File names carry a hash of their content (``epci_detail.3f1c2a9b0d4e.geojson``): an
updated dataset never meets a stale browser cache, and two servers writing the same file
write the same bytes. Only the properties the maps use are kept; EPCI features also carry
``label_lat``/``label_lon``, a point inside the polygon (not its centroid, which can fall
outside a concave EPCI) where a keyboard "click" on it lands.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from functools import lru_cache
import geopandas as gpd
import numpy as np
import shapely

from geo.data import territory
from geo.model.paths import ROOT

STATIC_DATA_DIR = ROOT / "static" / "data"
STATIC_DATA_URL = "/app/static/data/"
COORDINATE_DECIMALS = 5          # as the shipped layers (about 1 m)
PROPERTIES = {
    "communes": ("code_insee", "nom", "population", "epci_siren"),
    "epci": ("epci_siren", "nom"),
}
LABEL_POINT_LAYERS = frozenset({"epci"})    # features with label_lat / label_lon


def publish(stem: str, features: list[dict]) -> str:
    """Write ``features`` as ``static/data/<stem>.<hash>.geojson`` (if not there yet) and
    return its URL. Older files of the same stem are removed."""
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    name = f"{stem}.{digest}.geojson"
    target = STATIC_DATA_DIR / name
    if not target.exists():
        STATIC_DATA_DIR.mkdir(parents=True, exist_ok=True)
        # one temporary file per writer: sessions and servers may publish it at once
        tmp = target.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        for old in STATIC_DATA_DIR.glob(f"{stem}.*.geojson"):
            if old.name != name and old.name.count(".") == 2:
                old.unlink(missing_ok=True)
    return STATIC_DATA_URL + name


@lru_cache(maxsize=None)
def layer_url(layer: str, level: str) -> str:
    """All communes or all EPCI at one level of detail."""
    frame, columns = territory.load_layer(layer, level), PROPERTIES[layer]
    if layer in LABEL_POINT_LAYERS:
        frame, columns = with_label_points(frame), columns + ("label_lat", "label_lon")
    return publish(f"{layer}_{level}", _features(frame, columns))


def with_label_points(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` with ``label_lat``/``label_lon``: a point on each polygon's surface
    (shapely's representative point, in the frame's WGS 84 coordinates, as
    ``territory.epci_at`` reads them), rounded as the coordinates."""
    points = frame.geometry.representative_point()
    return frame.assign(label_lat=np.round(points.y.to_numpy(), COORDINATE_DECIMALS),
                        label_lon=np.round(points.x.to_numpy(), COORDINATE_DECIMALS))


@lru_cache(maxsize=None)
def epci_communes_url(siren: str, level: str = "detail") -> str:
    """The communes of one EPCI (its livret map), a few dozen kB instead of all 887."""
    communes = territory.load_layer("communes", level)
    return publish(f"communes_{level}_{siren}",
                   _features(communes[communes["epci_siren"] == siren], PROPERTIES["communes"]))


@lru_cache(maxsize=1)
def rivers_url() -> str:
    return publish("cours_eau", _features(territory.load_rivers(), ("nom",)))


@lru_cache(maxsize=None)
def grands_territoires_url(level: str, groupings: tuple[tuple[str, str], ...]) -> str:
    """Outlines of the grands territoires: the EPCI of ``level`` dissolved by
    ``groupings`` ((SIREN, grand territoire) pairs)."""
    epci = territory.load_epci(level)
    epci["grand_territoire"] = epci["epci_siren"].map(dict(groupings))
    outlines = epci.dropna(subset=["grand_territoire"]).dissolve("grand_territoire",
                                                                 as_index=False)
    return publish(f"grands_territoires_{level}", _features(outlines, ("grand_territoire",)))


def _features(frame: gpd.GeoDataFrame, columns: tuple[str, ...]) -> list[dict]:
    """GeoJSON features of ``frame`` (only ``columns`` as properties), coordinates rounded
    as in the shipped files."""
    geometries = shapely.transform(frame.geometry.values,
                                   lambda xy: np.round(xy, COORDINATE_DECIMALS))
    properties = frame[list(columns)].to_dict("records")     # Python types, JSON-ready
    return [{"type": "Feature", "geometry": json.loads(shapely.to_geojson(geometry)),
             "properties": props} for geometry, props in zip(geometries, properties)]
