"""Fixture app for tests/test_offline_assets.py: a folium map that must draw with no CDN.

It carries every kind of asset the reference maps of ``bench/`` load through streamlit-folium:
Leaflet (polygon, default marker image), MarkerCluster (in a ``feature_group_to_add`` layer),
awesome-markers with a glyphicon and a Font Awesome icon (both icon fonts).
``static`` beside this file links to the repo's static/ folder: Streamlit serves the static/
folder next to the app it runs.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import folium  # noqa: E402
import folium.plugins  # noqa: E402
import geopandas as gpd  # noqa: E402
import streamlit as st  # noqa: E402

from components.assets import st_folium_local  # noqa: E402
from geo.model.paths import GEODATA_SOURCES  # noqa: E402

TOWNS = {  # (lat, lon) of a few town halls; Arras, Lens and Liévin cluster at zoom 8
    "Arras": (50.2910, 2.7775),
    "Lens": (50.4322, 2.8333),
    "Liévin": (50.4228, 2.7786),
    "Béthune": (50.5303, 2.6408),
}


def department_geojson() -> str:
    """The département outline, simplified to 200 m."""
    dept = gpd.read_file(GEODATA_SOURCES / "departement_62.geojson").to_crs(2154)
    dept["geometry"] = dept.geometry.simplify(200)
    return dept.to_crs(4326).to_json()


def build_map() -> folium.Map:
    """Base map: the outline, two awesome-markers and a default marker."""
    # With tiles=None, folium's max_zoom reaches no layer: maxZoom goes into L.map's options,
    # without which MarkerCluster throws "Map has no maxZoom specified".
    m = folium.Map(location=[50.5, 2.3], zoom_start=8, tiles=None, maxZoom=18)
    folium.GeoJson(department_geojson(), name="Pas-de-Calais").add_to(m)
    folium.Marker((50.7264, 1.6147), icon=folium.Icon(icon="info-sign")).add_to(m)
    folium.Marker((50.3, 1.75), icon=folium.Icon(icon="landmark", prefix="fa")).add_to(m)
    folium.Marker((50.9513, 1.8587), tooltip="Calais").add_to(m)
    return m


def town_cluster() -> folium.FeatureGroup:
    """The data layer, passed apart: a feature group holding a MarkerCluster."""
    group = folium.FeatureGroup(name="Communes")
    cluster = folium.plugins.MarkerCluster().add_to(group)
    for town, latlon in TOWNS.items():
        folium.Marker(latlon, tooltip=town).add_to(cluster)
    return group


st.title("Carte hors ligne")
st_folium_local(build_map(), height=520, returned_objects=[], use_container_width=True,
                feature_group_to_add=[town_cluster()])
