"""The atlas's map as its own Streamlit component (``streamlit.components.v1``): a thin
bridge between a :class:`~components.map_spec.MapSpec` and the frontend module
``static/atlas/atlas-component.js`` (page ``static/map-component/index.html``), which
builds the Leaflet map with ``static/atlas/atlas-map.js``.

What Python sends: the base map (``base``) and the filtered layers (``layers``), each
with a digest, so the browser rebuilds the map only when the base changes and swaps the
layers when a filter changes (zoom and pan kept); the script and style files (served
locally, a content hash in their URL); the frame's height.

What comes back (the component's value, ``None`` until the map is drawn): the first
value once the map is drawn, then one per click on a map object:
``last_object_clicked`` ({lat, lng}), ``last_object_clicked_tooltip`` (the text of the
object's tooltip), ``last_object_clicked_count`` (clicks so far, so the same point
clicked twice is two clicks) and ``bounds`` (the map's view then). Panning and zooming
send nothing: they do not rerun the script.

Each map is built once per process (:data:`_BUILT`): later runs send the same arguments.
"""
from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any, Callable

import streamlit.components.v1 as components

from components.map_elements import asset_url, static_url
from components.map_spec import Layer, MapSpec
from geo.model.memo import Memo
from geo.model.paths import ROOT

FRONTEND_DIR = ROOT / "static" / "map-component"


@cache
def _component():
    """The component, declared on first use: Streamlit registers a component declared
    during a script run (a module imported outside one would leave it unknown)."""
    return components.declare_component("atlas_map", path=str(FRONTEND_DIR))


# The map arguments of a view (its spec and digests), shared by every session.
_BUILT = Memo(160)


def assets() -> dict[str, list[str]]:
    """The files the frame loads, in order: Leaflet, then the atlas's module."""
    return {"js": [static_url("vendor/leaflet/leaflet.js"), asset_url("atlas-map.js"),
                   asset_url("atlas-component.js")],
            "css": [static_url("vendor/leaflet/leaflet.css"), asset_url("atlas-map.css")]}


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _base_args(build: Callable[[], MapSpec]) -> dict:
    spec = build().to_json()
    return {"base": spec, "base_key": _digest(spec)}


def _layer_args(build: Callable[[], list[Layer]]) -> dict:
    layers = [layer.to_json() for layer in build()]
    return {"layers": layers, "layers_key": _digest(layers)}


# (source, build, naming): a memoised data object, what builds from it, what else names it
Part = tuple[object, Callable[[], Any], tuple]


def atlas_map(base: Part, layers: Part | None = None, *, key: str, height: int
              ) -> dict | None:
    """Draw a map and return its value (see the module's docstring). ``base``: the map
    spec's (source, build, naming), ``layers``: its filtered layers'. Each is built once
    per source object and naming: a new choice of layers does not rebuild the base."""
    source, build, naming = base
    args = dict(_BUILT.by_object("map_base", source, lambda: _base_args(build), *naming))
    if layers is not None:
        source, build, naming = layers
        args.update(_BUILT.by_object("map_layers", source, lambda: _layer_args(build),
                                     *naming))
    else:
        args.update(layers=[], layers_key="")
    return _component()(**args, assets=assets(), height=int(height), key=key, default=None)
