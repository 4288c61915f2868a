"""Browser assets served from this machine instead of CDNs, and the page's stylesheet.

folium, its plugins and streamlit-folium link Leaflet, jQuery, Bootstrap, icon fonts and d3 on
CDNs: offline, a folium map stays blank. ``scripts/vendor_assets.sh`` copies pinned npm
releases of those files into ``static/vendor/``, which Streamlit serves at
``/app/static/vendor/`` (``[server] enableStaticServing``). ``localize`` points a folium map's
links there; ``st_folium_local`` draws one with streamlit-folium's public ``st_folium`` (the
reference apps of ``bench/``; the atlas's own map is :mod:`components.map_component`).

A CDN URL missing from ``LOCAL_ASSETS`` raises ``UnknownAssetError``, so a new plugin cannot
bring an off-machine dependency back unnoticed: vendor its files, then map its URLs here.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

import branca.colormap
import branca.element
import folium
import streamlit_folium

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
    """``streamlit_folium.st_folium`` with every JS/CSS link of the map, of its
    ``feature_group_to_add`` and ``layer_control`` served locally. For the reference apps
    of ``bench/`` (the atlas's own map is :mod:`components.map_component`). A branca
    colormap is refused: streamlit-folium adds a d3 CDN link for it by itself."""
    extras = kwargs.get("feature_group_to_add")
    extras = list(extras) if isinstance(extras, (list, tuple)) else [extras]
    for extra in [fig, *extras, kwargs.get("layer_control")]:
        if extra is not None and any(isinstance(e, branca.colormap.ColorMap)
                                     for e in _walk(extra)):
            raise UnknownAssetError("Une échelle de couleurs branca ajoute un lien d3 en "
                                    "ligne (streamlit-folium) : légende à construire en HTML.")
        if extra is not None and extra is not fig:
            localize(extra)
    return streamlit_folium.st_folium(localize(fig), **kwargs)


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


@lru_cache(maxsize=1)
def page_css() -> str:
    """``static/atlas/page.css`` as a <style> block for ``st.html`` (the page around the
    maps: header, legend under the livret map, key-figure table)."""
    return "<style>" + (ROOT / "static" / "atlas" / "page.css").read_text(encoding="utf-8") \
        + "</style>"
