"""Streamlit's floor for the benchmark: one polygon in an st_folium map, nothing else.

No data read, no web tiles, local Leaflet assets (``st_folium_local``), ``returned_objects=[]``
(one script run per page load): whatever the dashboard takes beyond this is its own cost.
``static`` beside this file links to the repo's static/ folder (Streamlit serves it).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import folium  # noqa: E402

from components.assets import st_folium_local  # noqa: E402

TRIANGLE = [[50.95, 1.60], [50.05, 1.80], [50.40, 3.15]]  # roughly the Pas-de-Calais

m = folium.Map(location=[50.5, 2.3], zoom_start=8, tiles=None)
folium.Polygon(TRIANGLE, color="#0b5394", fill=True).add_to(m)
st_folium_local(m, key="trivial", height=620, use_container_width=True, returned_objects=[])
