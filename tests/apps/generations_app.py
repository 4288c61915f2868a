"""Fixture app for tests/test_generations.py: the generations panel alone, for the
département (no query) or one EPCI (``?epci=<SIREN>``), for the shipped data or with store
version ``?version=<n>`` (its imports), as the dashboard would call it."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st  # noqa: E402

from components import generations_panel  # noqa: E402
from geo.atlas import Atlas  # noqa: E402
from geo.analysis.filters import ProjectFilter  # noqa: E402
from geo.views.departement import DepartementView  # noqa: E402
from geo.views.epci import EpciView  # noqa: E402

version = st.query_params.get("version")
atlas = Atlas.load(int(version) if version else None)
siren = st.query_params.get("epci") or None
if siren:
    generations_panel.render_epci(EpciView.of(atlas, ProjectFilter(epci=siren)))
else:
    generations_panel.render_departement(DepartementView.of(atlas, ProjectFilter(),
                                                            atlas.indicators[0].key))
