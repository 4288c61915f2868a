"""Map polygons travel as static files the browser caches (components/geo_files.py), not
inside each map's HTML: what is published, under which name, and what the maps still carry."""
from __future__ import annotations

import json

import pytest

from components import geo_files, map_view
from geo.data import territory
from geo.atlas import Atlas
from geo.analysis.filters import ProjectFilter

SEPT_VALLEES = "200044030"


def _read(url: str) -> dict:
    assert url.startswith(geo_files.STATIC_DATA_URL)
    return json.loads((geo_files.STATIC_DATA_DIR / url.rsplit("/", 1)[1]).read_text("utf-8"))


def test_epci_communes_file_holds_exactly_that_epci(tmp_path):
    data = _read(geo_files.epci_communes_url(SEPT_VALLEES))
    communes = territory.load_communes()
    expected = set(communes.loc[communes["epci_siren"] == SEPT_VALLEES, "code_insee"])
    assert {f["properties"]["code_insee"] for f in data["features"]} == expected
    assert set(data["features"][0]["properties"]) == {"code_insee", "nom", "population",
                                                      "epci_siren"}


def test_grands_territoires_cover_the_departement():
    atlas = Atlas.load()
    pairs = tuple(atlas.groupings[["epci_siren", "grand_territoire"]]
                  .itertuples(index=False, name=None))
    data = _read(geo_files.grands_territoires_url("moyen", pairs))
    names = sorted(f["properties"]["grand_territoire"] for f in data["features"])
    assert names == ["Artois-Gohelle", "Cœur rural", "Littoral-Côte d'Opale"]
    text = json.dumps(data)
    assert "50.383270000" not in text and len(text) < 60_000   # rounded like the shipped files


def test_publish_names_files_by_content_and_drops_stale_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(geo_files, "STATIC_DATA_DIR", tmp_path)
    point = {"type": "Feature", "properties": {"nom": "A"},
             "geometry": {"type": "Point", "coordinates": [2.5, 50.5]}}
    first = geo_files.publish("essai", [point])
    assert geo_files.publish("essai", [point]) == first          # same content, same file
    moved = {**point, "geometry": {"type": "Point", "coordinates": [2.6, 50.5]}}
    second = geo_files.publish("essai", [moved])
    assert second != first
    assert [p.name for p in tmp_path.iterdir()] == [second.rsplit("/", 1)[1]]
    assert json.loads((tmp_path / second.rsplit("/", 1)[1]).read_text())["features"] == [moved]


@pytest.mark.parametrize("view", ["departement", "epci"])
def test_maps_carry_no_polygon(view):
    """A filter change or another indicator resends a small map, not the territory."""
    atlas = Atlas.load()
    if view == "epci":
        m = map_view.epci_map(atlas, SEPT_VALLEES)
    else:
        m = map_view.departement_map(atlas, atlas.choropleth("montant_contrat",
                                                             ProjectFilter()))
    sent = json.dumps(m.to_json(), ensure_ascii=False)       # what the browser receives
    assert '"coordinates"' not in sent
    assert len(sent) < 40_000
    assert sent.count(geo_files.STATIC_DATA_URL) >= 3
