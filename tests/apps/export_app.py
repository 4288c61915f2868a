"""Fixture app for tests/test_export_ui.py: the "Exporter" panel alone, for the view given
in the URL (``?epci=<SIREN>&theme=<slug>&q=<text>``), as the dashboard calls it."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st  # noqa: E402

from components.exports import render_exports  # noqa: E402
from components.url_state import ViewState  # noqa: E402
from geo.atlas import Atlas  # noqa: E402
from geo.analysis.filters import THEME_SLUGS, ProjectFilter  # noqa: E402

atlas = Atlas.load()
params = st.query_params.to_dict()
themes = tuple(THEME_SLUGS[s] for s in params.get("theme", "").split(",") if s in THEME_SLUGS)
flt = ProjectFilter(epci=params.get("epci") or None, themes=themes, text=params.get("q", ""))
st.header("Exporter")
render_exports(atlas, flt, ViewState(flt=flt))
