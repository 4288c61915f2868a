"""A livret map's base and its layers are rendered apart (components.assets.
st_folium_layered): what reaches the browser is the same as the map rendered whole."""
import re

import pytest

from components import assets, map_view
from geo.atlas import Atlas
from geo.analysis.filters import ProjectFilter

TERNOIS, ARRAS = "200069672", "200033579"
KWARGS = dict(key="map", height=620, use_container_width=True,
              returned_objects=["last_object_clicked", "last_object_clicked_tooltip"])
SENT = ["script", "header", "html", "key", "default", "feature_group", "js_links",
        "css_links", "returned_objects", "height", "width"]


def _ids_out(value) -> str:
    return re.sub(r"[0-9a-f]{32}", "<id>", str(value))


@pytest.mark.parametrize("siren,themes,layers", [
    (TERNOIS, (), ["college", "mds", "cis"]),
    (TERNOIS, ("Sport",), []),
    (ARRAS, ("Culture", "Education"), ["mdadt"]),
])
def test_base_and_layers_apart_send_what_the_whole_map_sends(siren, themes, layers):
    atlas = Atlas.load(None)
    projects = atlas.projects_for(ProjectFilter(epci=siren, themes=themes))

    def groups():
        return [map_view.project_group(projects, labels=True, icons=True),
                map_view.presence_group(atlas.presence_of(siren), layers)]

    whole = assets._render(lambda: (map_view.epci_map(atlas, siren),
                                    {"feature_group_to_add": groups()}), KWARGS)
    base = assets._render(lambda: map_view.epci_map(atlas, siren), KWARGS)
    apart = {**base, "feature_group": assets._render_layers(groups, KWARGS)["feature_group"]}
    apart["js_links"] = assets._union(base["js_links"], whole["js_links"])
    assert len(projects) and whole["feature_group"]
    for name in SENT:
        assert _ids_out(apart[name]) == _ids_out(whole[name]), name
    # the layers' own links add nothing the base map does not load
    layer_links = assets._render_layers(groups, KWARGS)["js_links"]
    assert assets._union(base["js_links"], layer_links) == whole["js_links"]


def test_a_filter_changes_the_layers_not_the_map():
    atlas = Atlas.load(None)
    sport = atlas.projects_for(ProjectFilter(epci=TERNOIS, themes=("Sport",)))
    every = atlas.projects_for(ProjectFilter(epci=TERNOIS))
    a, b = (assets._render_layers(lambda p=p: [map_view.project_group(p, labels=True, icons=True)], KWARGS)
            for p in (sport, every))
    assert a["feature_group"] != b["feature_group"]
    # the projects travel as data for the atlas's map module (one "name – amount" label
    # each): the filtered ones only
    labels = [fg["feature_group"].count(" \u2013 ") for fg in (a, b)]
    assert 0 < labels[0] < labels[1]
