"""A reference for the benchmark: the trivial map with the dashboard's kinds of controls
around it (the sidebar's selectboxes, multiselects, number and text inputs, radio,
checkboxes, button) and a small table below, so the report can tell what Streamlit's own
frontend costs for a filter panel and a table from what the atlas's map costs.
No data read; the map is ``trivial_app``'s single polygon.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import folium  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from components.assets import st_folium_local  # noqa: E402

TRIANGLE = [[50.95, 1.60], [50.05, 1.80], [50.40, 3.15]]

st.set_page_config(page_title="Référence : contrôles", layout="wide")
sb = st.sidebar
for label in ("Intercommunalité (EPCI)", "Grand territoire", "Territoire MDADT"):
    sb.selectbox(label, ["Tous", "Un", "Deux"])
for label in ("Thématiques", "Période", "Nature"):
    sb.multiselect(label, ["Un", "Deux", "Trois"], placeholder="Toutes")
low, high = sb.columns(2)
low.number_input("Minimum", min_value=0, step=10_000)
high.number_input("Maximum", min_value=0, step=10_000)
sb.text_input("Recherche")
sb.selectbox("Indicateur", ["Montant", "Montant par habitant"])
sb.radio("Classes", ["Quantiles", "Seuils naturels"], horizontal=True)
for kind in ("Collèges", "MDS", "MDADT", "CIS", "CER"):
    sb.checkbox(kind, value=True)
sb.button("Réinitialiser la vue")
st.title("Référence : carte triviale et contrôles")
m = folium.Map(location=[50.5, 2.3], zoom_start=8, tiles=None)
folium.Polygon(TRIANGLE, color="#0b5394", fill=True).add_to(m)
st_folium_local(m, key="controls", height=620, use_container_width=True, returned_objects=[])
st.dataframe(pd.DataFrame({"Projet": [f"Projet {i}" for i in range(20)],
                           "Montant": [10_000 * i for i in range(20)]}), hide_index=True)
