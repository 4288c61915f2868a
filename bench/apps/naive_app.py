"""The benchmark's naive baseline: the atlas's layers done the obvious way.

Plain ``folium.GeoJson`` of the source boundaries at full detail (communes and EPCI, with
every attribute), the main rivers, every located project as a ``folium.Marker`` in a
``MarkerCluster``; no caching (the files are read again on every run), ``st_folium`` with its
default ``returned_objects`` (the map reports pans and zooms back to the script). Only the
assets are local (``st_folium_local``), or nothing would draw offline. Projects come from
``ATLAS_PROJECTS_CSV`` when set, as in the dashboard.
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import folium  # noqa: E402
import folium.plugins  # noqa: E402
import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from components.assets import st_folium_local  # noqa: E402
from geo.model.paths import CONTRACTS, GEODATA_SOURCES  # noqa: E402

PROJECTS_CSV = Path(os.environ.get("ATLAS_PROJECTS_CSV", CONTRACTS / "projects.csv"))

st.set_page_config(page_title="Référence naïve", layout="wide")
st.title("Atlas — version naïve")
communes = gpd.read_file(GEODATA_SOURCES / "communes_62.geojson")
epci = gpd.read_file(GEODATA_SOURCES / "epci_62.geojson")
rivers = gpd.read_file(GEODATA_SOURCES / "cours_eau_principaux_62.geojson")
projects = pd.read_csv(PROJECTS_CSV, dtype=str)
mairies = communes[["code_insee", "nom", "mairie_lon", "mairie_lat"]]
located = projects[projects["location_precision"] == "commune"].merge(
    mairies, left_on="commune_insee", right_on="code_insee").dropna(subset=["mairie_lat"])

# tiles=None: max_zoom must reach L.map itself, or MarkerCluster fails ("no maxZoom").
m = folium.Map(location=[50.5, 2.3], zoom_start=8, tiles=None, maxZoom=16)
folium.GeoJson(epci, name="EPCI", tooltip=folium.GeoJsonTooltip(["nom"])).add_to(m)
folium.GeoJson(communes, name="Communes",
               tooltip=folium.GeoJsonTooltip(["nom", "code_insee", "population"])).add_to(m)
folium.GeoJson(rivers, name="Cours d'eau", tooltip=folium.GeoJsonTooltip(["nom"])).add_to(m)
cluster = folium.plugins.MarkerCluster(name="Projets").add_to(m)
for p in located.itertuples():
    folium.Marker([float(p.mairie_lat), float(p.mairie_lon)],
                  tooltip=f"{p.title} – {p.amount_cents} c € ({p.nom})").add_to(cluster)
folium.LayerControl().add_to(m)
st_folium_local(m, height=620, use_container_width=True)
st.caption(f"{len(located)} projets localisés sur {len(projects)}.")
