"""The atlas's map component (components.map_component, map_spec, map_elements): what
Python sends the browser. Each call of every map names a function the frontend module
exports, with the map and layer it takes; the base map does not change with a filter,
its layers do; the files the frame loads exist. The browser side is tested with the real
app (tests/*_browser.py) and in node (tests/js/atlas-component.test.js)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from components import map_component, map_view
from components import map_elements as el
from components.map_spec import Layer, MapSpec
from geo.analysis.filters import ProjectFilter
from geo.atlas import Atlas
from geo.model.paths import ROOT

TERNOIS, ARRAS = "200069672", "200033579"
MODULE = (ROOT / "static" / "atlas" / "atlas-map.js").read_text(encoding="utf-8")


def _exported() -> dict[str, int]:
    """AtlasMap's exported functions and how many parameters each takes."""
    block = MODULE[MODULE.rindex("return {"):]
    names = re.findall(r"(\w+): (\w+)", block[:block.index("}")])
    params = {}
    for _, fn in names:
        found = re.search(rf"function {fn}\(([^)]*)\)", MODULE)
        params[fn] = len([p for p in found.group(1).split(",") if p.strip()])
    return params


def _calls(spec: dict) -> list[dict]:
    calls = []
    for item in spec["items"]:
        calls += [item["call"]] if "call" in item else item["layer"]["calls"]
    return calls


def _maps(atlas: Atlas) -> list[dict]:
    projects = atlas.projects_for(ProjectFilter(epci=TERNOIS))
    layers = Layer("x")
    for group in (map_view.project_group(projects, labels=True, icons=True),
                  map_view.presence_group(atlas.presence_of(TERNOIS), ["college", "mds"])):
        layers.calls += group.calls
    data = atlas.choropleth(atlas.indicators[0].key, ProjectFilter())
    return [map_view.departement_map(atlas, data).to_json(),
            map_view.epci_map(atlas, TERNOIS).to_json(),
            map_view.epci_map(atlas, TERNOIS, outline="62767").to_json(),
            {"items": [{"layer": layers.to_json()}]}]


def test_every_call_names_an_exported_function_with_its_map_and_layer():
    exported = _exported()
    arity = {"map": 2, "layer": 2, "map+layer": 3}
    seen = set()
    for spec in _maps(Atlas.load(None)):
        json.dumps(spec)                                    # what the browser receives
        for call in _calls(spec):
            assert call["fn"] in exported, call["fn"]
            assert exported[call["fn"]] <= arity[call["target"]], call
            seen.add(call["fn"])
    assert {"pointLayer", "geoJsonFile", "placeNames", "htmlControl", "fitBounds",
            "attribution", "mapControls"} <= seen


def test_a_filter_changes_the_layers_not_the_map():
    atlas = Atlas.load(None)
    sport = atlas.projects_for(ProjectFilter(epci=TERNOIS, themes=("Sport",)))
    every = atlas.projects_for(ProjectFilter(epci=TERNOIS))
    bases = [map_component._base_args(lambda: map_view.epci_map(atlas, TERNOIS))
             for _ in (sport, every)]
    layers = [map_component._layer_args(lambda p=p: [
        map_view.project_group(p, labels=True, icons=True)]) for p in (sport, every)]
    assert bases[0]["base_key"] == bases[1]["base_key"]
    assert layers[0]["layers_key"] != layers[1]["layers_key"]
    # the projects travel as columns for the atlas's map module: the filtered ones only
    texts = [lay["layers"][0]["calls"][0]["options"]["points"]["text"] for lay in layers]
    assert 0 < len(texts[0]) < len(texts[1])
    assert all(" – " in t for t in texts[1] if "montant" not in t)


def test_an_epci_map_shows_the_epci_and_its_communes_only():
    spec = map_view.epci_map(Atlas.load(None), ARRAS).to_json()
    files = {c["options"]["url"]: c["options"] for c in _calls(spec) if c["fn"] == "geoJsonFile"}
    limits = [o for o in files.values() if o.get("only") == [ARRAS]]
    assert limits and all(o["interactive"] is False for o in limits)
    assert any(ARRAS in url for url in files)                   # its communes' own file
    assert spec["layerControl"] and [t["name"] for t in spec["tiles"]] == [
        "Fond OpenStreetMap (en ligne)", "Fond Plan IGN (en ligne)"]


def test_the_frame_loads_files_of_this_machine_leaflet_first():
    files = map_component.assets()
    assert files["js"][0].startswith("/app/static/vendor/leaflet/leaflet.js?v=")
    for url in files["js"] + files["css"]:
        path = urlsplit(url).path.removeprefix("/app/")
        assert (ROOT / path).is_file(), url
    assert (map_component.FRONTEND_DIR / "index.html").is_file()


def test_a_call_goes_where_it_draws():
    with pytest.raises(ValueError, match="pointLayer draws in a layer"):
        MapSpec(min_zoom=7, max_zoom=16).add(el.point_layer({}, []))
    with pytest.raises(ValueError, match="fitBounds draws on the map"):
        Layer("Projets").add(el.fit_bounds([[50, 2], [51, 3]]))
