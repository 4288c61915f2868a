"""No project silently dropped from a printed livret map: every project the map cannot
place at a commune is listed beside it, by theme, with its amount; and a reader finds his
way: the four largest communes are named. For the 20 EPCI."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from geo import off_map
from geo.atlas import Atlas
from geo.export.paper import PrintOptions
from geo.export.print_map import render_map
from geo.filters import ProjectFilter


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


def _words(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("siren", sorted(Atlas.load().epci_names))
def test_every_off_map_project_is_listed_on_the_print_map(atlas, siren):
    flt = ProjectFilter(epci=siren)
    groups = off_map.groups(atlas.projects_for(flt), atlas.commune_names, 50)
    data = render_map(atlas, flt, PrintOptions(fmt="pdf"))
    text = _words("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    for theme, items in groups:
        assert f"Hors carte — {theme}" in text, siren
        for item in items:
            start = _words(item.text)[:25]
            assert start in text, (siren, item.text)
    unplaced = atlas.projects_for(flt)["lon"].isna().sum()
    assert off_map.count(groups) == unplaced
    communes = atlas.communes[atlas.communes["epci_siren"] == siren]
    for name in communes.nlargest(4, "population")["nom"]:
        assert name in text, (siren, name)


def test_a3_landscape_lists_them_too(atlas):
    flt = ProjectFilter(epci="200069029")
    data = render_map(atlas, flt, PrintOptions(fmt="pdf", paper="A3", orientation="landscape"))
    text = _words(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    assert "Hors carte — Aménagement" in text and "Soutien au dispositif Rezo Pouce" in text
