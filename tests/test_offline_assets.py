"""A folium map (the reference apps of bench/) draws with no CDN: its assets come from
static/vendor/ (components/assets.py). The atlas's own map loads only files of this
machine too (tests/test_map_component.py, and every browser test blocks off-machine
requests).

A unit part (localize, the links st_folium hands its frontend) and a real-browser part in which
every request that would leave the machine is aborted and recorded.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import branca.colormap
import branca.element
import folium
import folium.plugins
import pytest
from streamlit.testing.v1 import AppTest

from components.assets import (
    ICON_PATH_JS, LOCAL_ASSETS, VENDOR_DIR, VENDOR_URL, UnknownAssetError, localize, local_url,
    st_folium_local)

APP = Path(__file__).parent / "apps" / "offline_map_app.py"
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
D3_V3 = VENDOR_URL + "d3/d3.v3.min.js"


def vendored_file(url: str):
    """The file under static/vendor/ that serves the local ``url``."""
    assert url.startswith(VENDOR_URL), url
    return VENDOR_DIR / url.removeprefix(VENDOR_URL)


def tree_links(element) -> list[str]:
    """Every default_js/default_css URL of ``element`` and its descendants."""
    pairs = getattr(element, "default_js", []) + getattr(element, "default_css", [])
    links = [url for _, url in pairs]
    for child in element._children.values():
        links += tree_links(child)
    return links


def header_links(m: folium.Map) -> list[str]:
    return [child.url for child in m.get_root().header._children.values()
            if isinstance(child, (branca.element.JavascriptLink, branca.element.CssLink))]


def clustered_map() -> folium.Map:
    m = folium.Map(location=[50.5, 2.3], zoom_start=8, tiles=None, maxZoom=18)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    folium.Marker((50.29, 2.78), icon=folium.Icon(icon="info-sign")).add_to(cluster)
    folium.plugins.FastMarkerCluster([(50.43, 2.83), (50.42, 2.78)]).add_to(m)
    branca.colormap.LinearColormap(["#deebf7", "#08519c"], vmin=0, vmax=1).add_to(m)
    return m


def test_every_mapped_asset_is_vendored():
    if not VENDOR_DIR.is_dir():
        pytest.fail(f"{VENDOR_DIR} missing: `make setup` runs scripts/vendor_assets.sh")
    paths = [*LOCAL_ASSETS.values(), ICON_PATH_JS[1].removeprefix(VENDOR_URL)]
    assert [path for path in paths if not (VENDOR_DIR / path).is_file()] == []


def test_localize_rewrites_every_link_of_map_plugins_and_colormap():
    m = clustered_map()
    before = tree_links(m)
    assert LOCAL_ASSETS.keys() >= set(before)
    assert any("markercluster" in url for url in before)

    assert localize(m) is m
    after = tree_links(m)
    assert len(after) == len(before) + 1  # Leaflet's marker image folder, set after Leaflet
    assert m.default_js[-1] == ICON_PATH_JS
    assert all(vendored_file(url).is_file() for url in after)
    assert tree_links(localize(m)) == after  # idempotent
    assert folium.Map.default_js[0][1].startswith("https://"), "folium's class lists changed"

    m.get_root().render()  # adds the header links, and branca's d3 link for the colormap
    assert any(url.startswith("https://") for url in header_links(m))
    localize(m)
    assert all(vendored_file(url).is_file() for url in header_links(m))
    assert D3_V3 in header_links(m)


def test_unknown_cdn_url_raises():
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(UnknownAssetError, match=r"Fullscreen\).*leaflet\.fullscreen@3\.0\.0"):
        localize(m)
    with pytest.raises(UnknownAssetError, match="leaflet@1.9.2"):  # only the exact URL maps
        local_url("https://cdn.jsdelivr.net/npm/leaflet@1.9.2/dist/leaflet.js")
    with pytest.raises(UnknownAssetError):  # protocol-relative: another machine too
        local_url("//cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
    assert local_url("/app/static/atlas.css") == "/app/static/atlas.css"  # this server


def test_unknown_link_in_figure_header_raises():
    m = folium.Map(tiles=None)
    m.get_root().header.add_child(branca.element.CssLink("https://example.org/extra.css"))
    with pytest.raises(UnknownAssetError, match="example.org/extra.css"):
        localize(m)


def test_st_folium_hands_its_frontend_only_local_links():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    protos = [getattr(node, "proto", None) for node in at.main]
    [component] = [p for p in protos if getattr(p, "component_name", "").endswith("st_folium")]
    args = json.loads(component.json_args)

    links = args["js_links"] + args["css_links"]
    assert all(vendored_file(url).is_file() for url in links)
    assert VENDOR_URL + "markercluster/leaflet.markercluster.js" in links
    assert "://" not in args["header"]  # no link left in the head it injects


def test_a_colormap_is_refused_by_st_folium_local():
    """streamlit-folium adds a d3 CDN link of its own for a branca colormap: refused, in
    French, rather than drawn with an off-machine request."""
    with pytest.raises(UnknownAssetError, match="échelle de couleurs branca"):
        st_folium_local(clustered_map(), key="x")


def wait_attached(locator, offmachine_requests: list[str], timeout_ms: int = 30_000) -> None:
    """Wait for ``locator``; on a timeout, fail naming the off-machine requests that were cut."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        locator.wait_for(state="attached", timeout=timeout_ms)
    except PlaywrightTimeout:
        pytest.fail(f"{locator} never appeared; off-machine requests cut: {offmachine_requests}")


def test_map_draws_with_every_offmachine_request_blocked(
        streamlit_server, page, request_log, offmachine_requests, save_screenshot):
    url = streamlit_server(APP)
    start = time.monotonic()
    page.goto(url)
    wait_attached(page.locator(IFRAME), offmachine_requests, timeout_ms=60_000)
    frame = page.frame_locator(IFRAME)
    wait_attached(frame.locator(".leaflet-container"), offmachine_requests)
    wait_attached(frame.locator("path.leaflet-interactive").first, offmachine_requests)
    first_polygon_s = time.monotonic() - start
    wait_attached(frame.locator(".marker-cluster").first, offmachine_requests)
    fonts = page.query_selector(IFRAME).content_frame().evaluate(
        "document.fonts.ready.then(set => [...set].filter(f => f.status === 'loaded')"
        ".map(f => f.family.replaceAll('\"', '')))")
    shot = save_screenshot("offline_map")
    print(f"first polygon after {first_polygon_s:.1f} s; screenshot {shot}")

    assert page.query_selector(IFRAME).bounding_box()["height"] > 400
    assert {"Glyphicons Halflings", "Font Awesome 6 Free"} <= set(fonts)
    assert any(u.endswith("/app/static/vendor/leaflet/leaflet.js") for u in request_log.local)
    assert request_log.local_failures == []
    assert offmachine_requests == []
