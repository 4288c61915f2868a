"""The folium map's browser assets, served from this machine instead of CDNs.

folium, its plugins and streamlit-folium link Leaflet, jQuery, Bootstrap, icon fonts and d3 on
CDNs: offline, the map stays blank. ``scripts/vendor_assets.sh`` copies pinned npm releases of
those files into ``static/vendor/``, which Streamlit serves at ``/app/static/vendor/``
(``[server] enableStaticServing``). ``localize`` points a map's links there; ``st_folium_local``
also covers the d3 links that streamlit-folium adds by itself for branca colormaps.

A CDN URL missing from ``LOCAL_ASSETS`` raises ``UnknownAssetError``, so a new plugin cannot
bring an off-machine dependency back unnoticed: vendor its files, then map its URLs here.
"""
from __future__ import annotations

import contextvars
import re
from functools import lru_cache
from typing import Any, Callable, Iterator

import branca.element
import folium
import streamlit_folium

from geo.model.memo import Memo
from geo.model.paths import ROOT

VENDOR_DIR = ROOT / "static" / "vendor"
VENDOR_URL = "/app/static/vendor/"

# URL named by folium 0.20, branca 0.8 or streamlit-folium 0.27 -> its file under static/vendor/.
LOCAL_ASSETS: dict[str, str] = {
    # folium.Map. Leaflet 1.9.3 there, its bug-fix release 1.9.4 here.
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js":
        "bootstrap/js/bootstrap.bundle.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css":
        "bootstrap/css/bootstrap.min.css",
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css":
        "glyphicons/css/bootstrap-glyphicons.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css":
        "fontawesome/css/all.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js":
        "awesome-markers/leaflet.awesome-markers.js",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css":
        "awesome-markers/leaflet.awesome-markers.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css":
        "awesome-markers/leaflet.awesome.rotate.min.css",
    # folium.plugins.MarkerCluster and FastMarkerCluster. 1.1.0 there, 1.5.3 here.
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js":
        "markercluster/leaflet.markercluster.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css":
        "markercluster/MarkerCluster.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css":
        "markercluster/MarkerCluster.Default.css",
    # branca colormaps: branca's own d3 v3, and the v4 that streamlit-folium loads before it.
    "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js": "d3/d3.v3.min.js",
    "https://d3js.org/d3.v4.min.js": "d3/d3.v4.min.js",
}
# Not a CDN copy: sets Leaflet's marker image folder (see scripts/vendor_assets.sh). Added to
# each folium.Map's scripts, so it runs after Leaflet and before the map's own script.
ICON_PATH_JS = ("leaflet_icon_path", VENDOR_URL + "leaflet/leaflet-icon-path.js")


class UnknownAssetError(ValueError):
    """A JS/CSS link with no copy in static/vendor/."""


def local_url(url: str, owner: str = "") -> str:
    """The /app/static/vendor/ URL of ``url``'s file. A path on this server ("/app/static/...")
    is returned as is; any other URL raises UnknownAssetError."""
    if url.startswith("/") and not url.startswith("//"):
        return url
    if url in LOCAL_ASSETS:
        return VENDOR_URL + LOCAL_ASSETS[url]
    where = f" (lien de {owner})" if owner else ""
    raise UnknownAssetError(
        f"Ressource de la carte sans copie locale{where} : {url}. Ajoutez son paquet à "
        "package.json, copiez le fichier dans scripts/vendor_assets.sh et l'URL dans "
        "LOCAL_ASSETS (components/assets.py)."
    )


def localize(element: Any) -> Any:
    """Point every JS/CSS link of ``element``, of its descendants and of its Figure's header
    to static/vendor/, in place (instance attributes: folium's class lists stay untouched).

    Returns ``element``. Raises UnknownAssetError on a link with no local copy.
    """
    for elem in _walk(element):
        for attr in ("default_js", "default_css"):
            links = getattr(elem, attr, None)
            if links:
                owner = type(elem).__name__
                setattr(elem, attr, [(name, local_url(url, owner)) for name, url in links])
        if isinstance(elem, folium.Map):
            elem.default_js = _with_icon_path(elem.default_js)
    root = element.get_root()
    if isinstance(root, branca.element.Figure):
        for child in root.header._children.values():
            if isinstance(child, (branca.element.JavascriptLink, branca.element.CssLink)):
                child.url = local_url(child.url, "l'en-tête de la page")
    return element


def st_folium_local(fig: Any, **kwargs: Any) -> Any:
    """``streamlit_folium.st_folium`` with every JS/CSS link the browser gets served locally,
    those of ``feature_group_to_add`` and ``layer_control`` included."""
    _guard_component_links()
    extras = kwargs.get("feature_group_to_add")
    extras = list(extras) if isinstance(extras, (list, tuple)) else [extras]
    for extra in [*extras, kwargs.get("layer_control")]:
        if extra is not None:
            localize(extra)
    return streamlit_folium.st_folium(localize(fig), **kwargs)


# The component arguments of a rendered map (its HTML and script), shared by every session.
_RENDERED = Memo(160)
_CAPTURE: contextvars.ContextVar[dict | None] = contextvars.ContextVar("_capture", default=None)


def st_folium_cached(source: object, build: Callable[[], Any], *extra: Any, **kwargs: Any
                     ) -> Any:
    """``st_folium_local(build(), **kwargs)``, the map rendered once per process: ``source``
    (a memoised data object the map is drawn from) and ``extra`` name it. Later calls send
    the same component arguments again, so the browser sees the same map (same component
    key: it keeps its zoom) and the server does not rebuild folium objects nor their HTML."""
    naming = _naming(extra, kwargs)
    args = _RENDERED.by_object("map", source, lambda: _render(build, kwargs), *naming)
    _guard_component_links()
    return streamlit_folium._component_func(**args)


def st_folium_layered(base: tuple[object, Callable[[], Any]],
                      layers: tuple[object, Callable[[], list]], *extra: Any,
                      **kwargs: Any) -> Any:
    """A cached map (:func:`st_folium_cached`) whose base and layers are rendered apart:
    ``base`` = (source, build) of the map, ``layers`` = (source, build) of its feature
    groups. A new filter renders the layers again, not the base map (its communes, outline,
    neighbours): streamlit-folium sends the layers as their own script, which it writes
    against any map, so the browser keeps the map and swaps the layers."""
    naming = _naming(extra, kwargs)
    base_args = _RENDERED.by_object("map_base", base[0], lambda: _render(base[1], kwargs),
                                    *naming)
    layer_args = _RENDERED.by_object("map_layers", layers[0], lambda: _render_layers(
        layers[1], kwargs), *naming)
    _guard_component_links()
    return streamlit_folium._component_func(**{
        **base_args, "feature_group": layer_args["feature_group"],
        "js_links": _union(base_args["js_links"], layer_args["js_links"]),
        "css_links": _union(base_args["css_links"], layer_args["css_links"])})


def _render_layers(build: Callable[[], list], kwargs: dict) -> dict:
    """The component arguments of ``build()``'s feature groups on a blank atlas map (their
    script names the map ``map_div``, whichever it is)."""
    from components.map_view import blank_map

    return _render(lambda: (blank_map(), {"feature_group_to_add": build()}), kwargs)


def _naming(extra: tuple, kwargs: dict) -> tuple:
    """What names a rendered map in the cache besides its source: ``extra`` and the
    component's arguments."""
    return (*extra, tuple(sorted((k, repr(v)) for k, v in kwargs.items())))


def _union(first: list, second: list) -> list:
    return list(dict.fromkeys([*first, *second]))


def _render(build: Callable[[], Any], kwargs: dict) -> dict:
    """The component arguments ``st_folium_local`` would send for ``build()``'s map
    (captured, not sent: :func:`st_folium_cached` sends them)."""
    captured: dict = {}
    token = _CAPTURE.set(captured)
    try:
        fig = build()       # a map, or (a map, more st_folium arguments: its layers)
        if isinstance(fig, tuple):
            fig, more = fig
            kwargs = {**kwargs, **more}
        st_folium_local(fig, **kwargs)
    finally:
        _CAPTURE.reset(token)
    return captured


def _with_icon_path(js_links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``js_links`` ending with ICON_PATH_JS (once): after Leaflet, before the map's script."""
    return [link for link in js_links if link != ICON_PATH_JS] + [ICON_PATH_JS]


def _walk(element: Any) -> Iterator[Any]:
    """``element`` and its descendants, as st_folium walks them (DualMap: both maps)."""
    yield element
    for side in ("m1", "m2"):
        if isinstance(getattr(element, side, None), branca.element.Element):
            yield from _walk(getattr(element, side))
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _guard_component_links() -> None:
    """Wrap streamlit-folium's component function, once, so the ``js_links``/``css_links`` it
    hands the browser are local: it adds d3 CDN links itself for any branca colormap."""
    component = streamlit_folium._component_func
    if getattr(component, "links_localized", False):
        return

    def component_with_local_links(*args: Any, js_links=(), css_links=(), **kwargs: Any) -> Any:
        if isinstance(kwargs.get("header"), str):
            kwargs["header"] = zoomable(kwargs["header"])
        captured = _CAPTURE.get()
        if captured is not None:      # st_folium_cached: the arguments only, sent later
            captured.update(kwargs, js_links=js_links, css_links=css_links)
            return None
        return component(
            *args,
            js_links=_local_urls(js_links),
            css_links=_local_urls(css_links),
            **kwargs,
        )

    component_with_local_links.links_localized = True
    streamlit_folium._component_func = component_with_local_links


# folium's map header forbids zooming the page (maximum-scale=1.0, user-scalable=no): a
# visitor who enlarges text on a phone must be able to (WCAG 1.4.4, axe's meta-viewport).
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>', re.DOTALL)
ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


def zoomable(header: str) -> str:
    """The map's header with a viewport that lets the page be zoomed."""
    return _VIEWPORT.sub(ZOOMABLE_VIEWPORT, header)


def _local_urls(urls: Any) -> list[str]:
    """``urls`` made local, duplicates dropped, order kept."""
    return list(dict.fromkeys(local_url(url, "streamlit-folium") for url in urls))


@lru_cache(maxsize=1)
def page_css() -> str:
    """``static/atlas/page.css`` as a <style> block for ``st.html`` (the page around the
    maps: header, legend under the livret map, key-figure table)."""
    return "<style>" + (ROOT / "static" / "atlas" / "page.css").read_text(encoding="utf-8") \
        + "</style>"
