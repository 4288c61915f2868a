"""The two livret maps, as map specs for the atlas's map component.

- ``departement_map``: the 20 EPCI as a choropleth of the chosen indicator, the three
  grands territoires outlined, communes appearing from zoom 10 (loaded on demand), the
  main rivers.
- ``epci_map``: one EPCI, its communes and neighbours, the rivers.
- ``project_group`` / ``presence_group``: the filtered layers, sent beside the base map
  (:mod:`components.map_component`) so a filter change redraws them without rebuilding or
  resending the base map (zoom and pan are kept).

Polygons are not sent inside the maps: the browser fetches them as static files
(:mod:`components.geo_files`); a map carries only the values and styles that join them.

Styles (colours, symbols, legend text) come from :mod:`geo.model.style` only.
"""
from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd

from components import geo_files, legend_html
from components import map_elements as el
from components.map_spec import Layer, MapSpec, Tile
from geo.model import legend_model, style, vocabulary
from geo.data import territory
from geo.atlas import Atlas
from geo.analysis.choropleth import Choropleth
from geo.analysis.equity import NEED_NOUNS, Equity
from geo.analysis.filters import ProjectFilter
from geo.model.amounts import format_number
from geo.analysis.indicators import format_value
from geo.model.labels import label_text

MAX_ZOOM = 16
COMMUNES_FROM_ZOOM = 10
LEGEND_WIDTH_PX = 260  # the département legend, kept clear of the territory...
NARROW_MAP_PX = 700    # ...on maps at least this wide; narrower ones start it closed
ATTRIBUTION_HEIGHT_PX = 50  # the sources line at the bottom of every map
LIST_OPEN_FROM_PX = 1200  # the numbered list starts open on maps this wide (else its summary)
RING_PX = 16           # gap between a mairie and the ring of its project symbols (px)
# Drawing order of the fetched polygon layers (Leaflet panes; points are drawn above, in
# the overlay pane at 400 and the marker pane at 600).
PANES = {"areas": 350, "communes": 360, "lines": 380, "outlines": 390}


# Online backgrounds, off by default: the atlas's own layers are the background, so
# nothing shows a broken tile grid offline.
TILES = [
    Tile("Fond OpenStreetMap (en ligne)", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
         '© les contributeurs d\'<a href="https://www.openstreetmap.org/copyright">'
         'OpenStreetMap</a>', MAX_ZOOM),
    Tile("Fond Plan IGN (en ligne)",
         "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
         "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png"
         "&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
         "© IGN – Plan IGN", MAX_ZOOM),
]


def _base_map(bounds: list[list[float]], min_zoom: int = 7,
              legend_width_px: int = 0, imported: bool = False,
              title: str = el.MAP_TITLE) -> MapSpec:
    """A map whose online backgrounds (OSM, IGN Plan) are optional layers, off at first.
    ``title``: its document's title and level-one heading (for screen readers)."""
    m = MapSpec(min_zoom=min_zoom, max_zoom=MAX_ZOOM, tiles=list(TILES))
    m.add(el.metric_scale())
    m.add(el.map_controls(title))  # in French, titled; notice when online tiles fail
    # keep the territory clear of the legend box in the bottom-right corner
    m.add(el.fit_bounds(bounds, bottom_right=(legend_width_px + 10, ATTRIBUTION_HEIGHT_PX),
                        narrow_px=NARROW_MAP_PX if legend_width_px else 0))
    m.add(el.attribution(style.attribution(imported)))
    return m


def _bounds(frame: gpd.GeoDataFrame) -> list[list[float]]:
    minx, miny, maxx, maxy = frame.total_bounds
    return [[miny, minx], [maxy, maxx]]


def _file_layer(m: MapSpec, name: str, url: str, pane: str, **options) -> None:
    """A named layer (listed in the layer control) whose polygons the browser fetches."""
    m.layer(name, el.geojson_file(url, pane=f"atlas-{pane}", z_index=PANES[pane], **options))


def _rivers(m: MapSpec) -> None:
    _file_layer(m, "Cours d'eau principaux", geo_files.rivers_url(), "lines", key="nom",
                styles=[{**style.RIVER.leaflet(), "opacity": 0.8}],
                tooltip_fields=[("nom", "Cours d'eau")])


# ---------------------------------------------------------------------------------------
# Département view

def departement_map(atlas: Atlas, data: Choropleth, equity: Equity | None = None
                    ) -> MapSpec:
    """Choropleth of ``data`` over the 20 EPCI (EPCI whose livret map is lost hatched), or
    with ``equity`` the bivariate map of investment and social need. Only the values
    travel with the map; the polygons are static files the browser keeps in its cache."""
    epci = territory.load_epci("moyen").merge(atlas.groupings, on="epci_siren", how="left")
    m = _base_map(_bounds(epci), legend_width_px=LEGEND_WIDTH_PX,
                  imported=atlas.version is not None,
                  title="Carte des 20 intercommunalités du Pas-de-Calais")
    fills, pick, value_text, label, legend = (
        _bivariate(equity) if equity else _classes(data))
    gts = epci["grand_territoire"].fillna("")
    _file_layer(
        m, "Intercommunalités (EPCI)", geo_files.layer_url("epci", "moyen"), "areas",
        key="epci_siren",
        styles=[{**f, **style.EPCI_BORDER.leaflet()} for f in fills],
        pick={s: int(pick.get(s, 0)) for s in epci["epci_siren"]},
        extra={s: {"grand_territoire": gt, "valeur_txt": value_text(s)}
               for s, gt in zip(epci["epci_siren"], gts)},
        tooltip_fields=[("nom", "EPCI"), ("grand_territoire", "Grand territoire"),
                        ("valeur_txt", label)],
        # Tab reaches each EPCI; Enter opens it as a click does (at a point inside it)
        keyboard={"name": "nom", "value": "valeur_txt", "action": "ouvrir sa carte"})
    _grands_territoires(m, atlas)
    _names(m, "Noms des intercommunalités", epci, "nom", "epci")
    _file_layer(m, f"Communes (à partir du zoom {COMMUNES_FROM_ZOOM})",
                geo_files.layer_url("communes", "moyen"), "communes", key="code_insee",
                # filled, but transparent: a click inside a commune opens its view
                styles=[{"fillOpacity": 0, "color": style.COMMUNE_OUTLINE, "weight": 0.7}],
                tooltip_fields=[("nom", "Commune"), ("code_insee", "Code INSEE"),
                                ("population", "Population 2023")],
                min_zoom=COMMUNES_FROM_ZOOM)
    _rivers(m)
    m.add(el.html_control(legend, "bottomright", summary="Légende",
                          collapse_below_px=NARROW_MAP_PX))
    return m


def _classes(data: Choropleth):
    """Fills, class of each EPCI, tooltip text, label and legend of the choropleth."""
    classes = data.classes
    colors = style.CHOROPLETH_COLORS[-len(classes.bins):] if classes.bins else []
    fills = [{"fillColor": c, "fillOpacity": 0.75} for c in [style.NO_DATA_COLOR, *colors]]
    fills.append({"fillColor": "url(#atlas-hatch)", "fillOpacity": 1,
                  "hatch": {"fill": style.LOST_FILL, "stroke": style.LOST_HATCH}})
    return (fills, data.fill_index(), lambda s: data.value_text(s, format_value),
            data.indicator.label, _choropleth_legend(data, colors))


def _bivariate(equity: Equity):
    """The same for the bivariate map: 9 fills (need third × investment third)."""
    fills = [{"fillColor": style.NO_DATA_COLOR, "fillOpacity": 0.75}] + [
        {"fillColor": c, "fillOpacity": 0.85} for row in style.BIVARIATE_COLORS for c in row]
    table = equity.table.set_index("siren")
    pick = {s: 1 + 3 * int(r.need_third) + int(r.investment_third) for s, r in table.iterrows()}

    def text(siren: str) -> str:
        if siren not in table.index:
            return "pas de contrat dans le recueil : sans donnée"
        r = table.loc[siren]
        return (f"{format_value(r.investment_per_inhabitant, '€/hab.')} ; "
                f"{format_number(r.need_per_1000, 1)} {NEED_NOUNS[equity.need]} "
                "pour 1 000 hab.")
    return (fills, pick, text, "Investissement ; besoin social",
            legend_html.bivariate(equity))


def _names(m: MapSpec, layer_name: str, frame: gpd.GeoDataFrame, column: str,
           css_class: str, min_zoom: int | None = None) -> None:
    """Permanent names at each area's representative point (inside it, unlike a centroid),
    the most populated first (they win the declutter)."""
    order = "population_62" if "population_62" in frame else "population"
    frame = frame.sort_values(order, ascending=False, kind="mergesort")
    points = frame.to_crs(2154).geometry.representative_point().to_crs(4326)
    m.layer(layer_name, el.place_names(
        {"lat": [round(p.y, 5) for p in points], "lon": [round(p.x, 5) for p in points],
         "text": [str(t) for t in frame[column]]}, css_class, min_zoom))


def _grands_territoires(m: MapSpec, atlas: Atlas) -> None:
    pairs = tuple(sorted(atlas.groupings[["epci_siren", "grand_territoire"]]
                         .dropna().itertuples(index=False, name=None)))
    names = list(style.GRAND_TERRITOIRE_COLORS)
    _file_layer(m, "Grands territoires des Assises",
                geo_files.grands_territoires_url("moyen", pairs), "outlines",
                key="grand_territoire",
                styles=[{"fill": False, "weight": 0}] +
                       [{"fill": False, **style.grand_territoire_stroke(n).leaflet()}
                        for n in names],
                pick={name: i + 1 for i, name in enumerate(names)}, interactive=False)


def _choropleth_legend(data: Choropleth, colors: list[str]) -> str:
    return legend_html.render([
        legend_model.choropleth_section(data.indicator.label, data.classes.labels, colors,
                                        data.classes.method, lost=data.has_lost,
                                        lower_bound=bool(data.lower_bounds)),
        legend_model.grands_territoires_section()])


# ---------------------------------------------------------------------------------------
# EPCI view

def epci_map(atlas: Atlas, siren: str, outline: str | None = None) -> MapSpec:
    """One EPCI's communes, its outline, its neighbours and the rivers (fetched files);
    ``outline``: the INSEE code of a commune drawn with a thick line ("ma commune")."""
    communes = atlas.communes
    shown = communes[communes["code_insee"] == outline] if outline else \
        communes[communes["epci_siren"] == siren]
    # a commune is framed with its surroundings (3 km around), inside its EPCI's map
    frame = shown.to_crs(2154).buffer(3000 if outline else 0).to_crs(4326)
    m = _base_map(_bounds(frame), min_zoom=8, imported=atlas.version is not None,
                  title=f"Carte : {atlas.epci_names[siren]}" + (
                      f", commune de {atlas.commune_names[outline]}" if outline else ""))
    epci_url = geo_files.layer_url("epci", "detail")
    _file_layer(m, "EPCI voisins", epci_url, "areas", key="epci_siren", exclude=[siren],
                styles=[{"fillColor": style.NEIGHBOUR_FILL, "fillOpacity": 0.8,
                         "color": style.NEIGHBOUR_OUTLINE, "weight": 1}],
                tooltip_fields=[("nom", "EPCI voisin")])
    _file_layer(m, "Communes", geo_files.epci_communes_url(siren), "communes",
                key="code_insee",
                styles=[{"fillColor": style.COMMUNE_FILL, "fillOpacity": 0.9,
                         **style.COMMUNE_BORDER.leaflet()}],
                tooltip_fields=[("nom", "Commune"), ("code_insee", "Code INSEE"),
                                ("population", "Population 2023")])
    _file_layer(m, "Limite de l'EPCI", epci_url, "outlines", key="epci_siren", only=[siren],
                styles=[{"fill": False, **style.EPCI_LIMIT.leaflet()}],
                interactive=False)
    if outline:
        _file_layer(m, f"Ma commune : {atlas.commune_names[outline]}",
                    geo_files.epci_communes_url(siren), "outlines", key="code_insee",
                    only=[outline], styles=[{"fillColor": style.COMMUNE_HIGHLIGHT_FILL,
                                             "fillOpacity": 0.55,
                                             **style.COMMUNE_HIGHLIGHT.leaflet()}],
                    interactive=False)
    _rivers(m)
    own = communes[communes["epci_siren"] == siren]
    main = own.nlargest(style.MAIN_COMMUNES, "population")
    _names(m, "Noms des principales communes", main, "nom", "commune")
    m.add(el.html_control(project_legend(atlas.projects_for(ProjectFilter(epci=siren)),
                                         set(atlas.presence_of(siren)["kind"])),
                          "bottomright", summary="Légende", open_=False))
    return m


def project_legend(projects: pd.DataFrame | None = None, kinds=None) -> str:
    """Themes (colour + letter), periods (fill and outline), presence symbols: the same
    legend model as the print map's."""
    return legend_html.render(project_legend_sections(projects, kinds))


def project_legend_sections(projects: pd.DataFrame | None = None, kinds=None
                            ) -> list[legend_model.Section]:
    """The legend of what a livret map draws: only the themes and periods of its located
    ``projects`` and the presence ``kinds`` it shows (all of them when not given), so
    that every entry matches a symbol on the map."""
    located = projects.dropna(subset=["lon", "lat"]) if projects is not None else None

    def present(terms, column):
        values = vocabulary.values(terms)
        return values if located is None else [v for v in values if v in set(located[column])]

    sections = [legend_model.theme_section(present(vocabulary.THEMES, "theme")),
                legend_model.period_section(present(vocabulary.PERIODS, "period")),
                legend_model.Section("Taille du symbole : montant", [legend_model.Entry(
                    "plus le disque est grand, plus le montant est élevé", "note")])]
    if located is not None and located.empty:
        sections = []
    shown = vocabulary.values(vocabulary.PRESENCE_KINDS) if kinds is None else \
        [k for k in vocabulary.values(vocabulary.PRESENCE_KINDS) if k in set(kinds)]
    return sections + [legend_model.presence_section(shown)]


# ---------------------------------------------------------------------------------------
# Filtered layers (sent beside the base map)

def _style_index() -> tuple[list[dict], dict[tuple[str, str], int]]:
    styles, index = [], {}
    for theme, color in style.THEME_COLORS.items():
        for period, p in style.PERIOD_STYLES.items():
            index[(theme, period)] = len(styles)
            styles.append({"color": color, "outline": style.THEME_OUTLINES[theme],
                           "bg": p.face(color), "fg": p.ink(color),
                           "border": p.border, "dash": p.dash, "fill_opacity": p.fill_opacity,
                           "letter": style.THEME_LETTERS[theme], "shape": "circle",
                           "caption": f"{theme} · {p.label}"})
    return styles, index


def _columns(rows: list[dict]) -> dict[str, list]:
    """Point records as named columns (``{"lat": [...], "lon": [...], ...}``): named for
    the browser module, and each key sent once."""
    keys = ("lat", "lon", "style", "radius", "text", "more")
    return {k: [r[k] for r in rows] for k in keys}


def project_group(projects: pd.DataFrame, *, labels: bool, icons: bool) -> Layer:
    """Located projects (coloured by theme, styled by period, sized by amount); with
    ``labels`` the livret "name – amount" labels. Biggest amounts first: they win the
    label declutter. Fanning and declutter run in the browser at every zoom."""
    group = Layer("Projets")
    located = projects.dropna(subset=["lon", "lat"])
    located = located.sort_values("amount_cents", ascending=False, na_position="last",
                                  kind="mergesort")
    if located.empty:
        return group
    styles, index = _style_index()
    largest = located["amount_cents"].max()     # <NA> when no located project has an amount
    max_amount = 0.0 if pd.isna(largest) else float(largest)
    rows = [{"lat": round(p.lat, 5), "lon": round(p.lon, 5),
             "style": index[(p.theme, p.period)],
             "radius": round(style.project_radius(p.amount_cents, max_amount), 1),
             "text": label_text(p.title, p.amount_cents), "more": str(p.commune_nom)}
            for p in located.itertuples()]
    return group.add(el.point_layer(
        _columns(rows), styles, icons=icons, labels=labels, ring_px=RING_PX if icons else 0,
        always_ring=icons, css_class="atlas-project", list_collapse_below_px=LIST_OPEN_FROM_PX))


def presence_group(presence: gpd.GeoDataFrame, kinds: list[str]) -> Layer:
    """Presence points of the chosen kinds: squares with their letters (projects are
    circles), co-located ones fanned out in the browser."""
    group = Layer("Présence du Département")
    shown = presence[presence["kind"].isin(kinds)].dropna(subset=["lon", "lat"])
    styles = [{"color": s.color, "bg": s.color, "fg": style.PRESENCE_INK, "border": "solid",
               "dash": None, "fill_opacity": 0.8, "letter": s.letter, "caption": s.label,
               "shape": "square", "size": style.PRESENCE_SQUARE_PX}
              for s in style.PRESENCE_STYLES.values()]
    order = list(style.PRESENCE_STYLES)
    rows = []
    for _, p in shown.iterrows():
        precision = "à l'adresse" if p["precision"] == "adresse" else "à la mairie de la commune"
        details = _presence_details(p) + [f"Position : {precision}"]
        rows.append({"lat": round(p["lat"], 5), "lon": round(p["lon"], 5),
                     "style": order.index(p["kind"]), "radius": style.PRESENCE_SQUARE_PX / 2,
                     "text": str(p["name"]), "more": "\n".join(details)})
    return group.add(el.point_layer(_columns(rows), styles, icons=True, ring_px=9,
                                    css_class="atlas-presence"))


def _presence_details(point: pd.Series) -> list[str]:
    """Address and, for collèges, the éducation prioritaire status (2021)."""
    lines = []
    if isinstance(point.get("address"), str):
        lines.append(point["address"])
    try:
        attributes = json.loads(point.get("attributes") or "{}")
    except (TypeError, ValueError):
        attributes = {}
    if attributes.get("education_prioritaire_2021"):
        lines.append(f"Éducation prioritaire (2021) : {attributes['education_prioritaire_2021']}")
    return lines
