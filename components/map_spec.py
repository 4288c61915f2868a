"""What the atlas's web map is made of, declared as data: the map component
(:mod:`components.map_component`, frontend ``static/atlas/atlas-component.js``) builds a
Leaflet map from it with the functions of ``static/atlas/atlas-map.js``.

- ``Call``: one ``AtlasMap.<fn>`` call with its named options, on the map or on the layer
  it belongs to (``components.map_elements`` makes them).
- ``Layer``: a named layer the layer control lists, drawn by its calls.
- ``Tile``: an online background, listed in the layer control and off by default.
- ``MapSpec``: the map's options, its items in drawing order (calls and layers), its
  backgrounds; ``to_json`` is what the browser receives.

The filtered layers of a view (projects, presence) are ``Layer`` objects sent beside the
base map: a filter change sends them again, not the map.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Target = Literal["map", "layer", "map+layer"]


@dataclass(frozen=True)
class Call:
    """``AtlasMap.<fn>(<target>, <options>)``: ``target`` "map", "layer" (the layer that
    holds the call) or "map+layer" (both, in that order)."""

    fn: str
    options: Any
    target: Target = "map"

    def to_json(self) -> dict:
        return {"fn": self.fn, "options": self.options, "target": self.target}


@dataclass
class Layer:
    """A named layer (listed in the layer control) drawn by ``calls``."""

    name: str
    calls: list[Call] = field(default_factory=list)

    def add(self, call: Call) -> "Layer":
        if call.target == "map":
            raise ValueError(f"{call.fn} draws on the map, not in a layer")
        self.calls.append(call)
        return self

    def to_json(self) -> dict:
        return {"name": self.name, "calls": [c.to_json() for c in self.calls]}


@dataclass(frozen=True)
class Tile:
    """An online background (XYZ tile URL), off until chosen in the layer control."""

    name: str
    url: str
    attribution: str
    max_zoom: int

    def to_json(self) -> dict:
        return {"name": self.name, "url": self.url, "attribution": self.attribution,
                "maxZoom": self.max_zoom}


@dataclass
class MapSpec:
    """A map: zoom limits, items drawn in order, backgrounds, a layer control (added after
    the items, as the last control)."""

    min_zoom: int
    max_zoom: int
    zoom_snap: float = 0.5
    items: list[Call | Layer] = field(default_factory=list)
    tiles: list[Tile] = field(default_factory=list)
    layer_control: bool = True

    def add(self, item: Call | Layer) -> Call | Layer:
        if isinstance(item, Call) and item.target != "map":
            raise ValueError(f"{item.fn} draws in a layer: add it to a Layer")
        self.items.append(item)
        return item

    def layer(self, name: str, *calls: Call) -> Layer:
        layer = Layer(name)
        for call in calls:
            layer.add(call)
        self.add(layer)
        return layer

    def to_json(self) -> dict:
        return {"minZoom": self.min_zoom, "maxZoom": self.max_zoom,
                "zoomSnap": self.zoom_snap, "layerControl": self.layer_control,
                "tiles": [t.to_json() for t in self.tiles],
                "items": [{"layer": i.to_json()} if isinstance(i, Layer) else
                          {"call": i.to_json()} for i in self.items]}
