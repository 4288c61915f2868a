"""What the two print maps show: the EPCI livret map (projects, presence, communes) and
the département choropleth (an indicator per EPCI). Each builder returns a
:class:`MapContent`: texts, extent, legend and a ``draw`` step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


import pandas as pd

from geo.analysis import filters
from geo.model import style
from geo.model.amounts import format_eur
from geo.model.labels import label_text
from geo.atlas import Atlas
from geo.model import legend_model as lg
from geo.analysis import off_map
from geo.export import map_layers as ml
from geo.export.epci_map import EpciMap
from geo.export.frame import MapFrame, TextMeter
from geo.export.mpl_geo import layer_l93, within
from geo.export.paper import PrintOptions
from geo.analysis.indicators import format_value
from geo.model.schemas import PERIODS, THEMES

NO_CONTRACT = "Pas de contrat de territoire dans le recueil des actes de mai 2019."


@dataclass
class MapContent:
    """What a map shows; ``draw`` fills the frame once the layout is known."""

    title: str
    subtitle: str
    bounds: tuple[float, float, float, float]          # Lambert-93 metres
    draw: Callable[..., tuple[str, ...]]   # (frame, meter, scale, numbered_before) -> numbered
    sections: list[lg.Section]
    notes: list[str] = field(default_factory=list)
    listed: list[lg.Section] = field(default_factory=list)     # projects off the map
    numbered_list: Callable[[tuple[str, ...]], list[lg.Section]] | None = None
    count_note: Callable[[tuple[str, ...]], str] | None = None

    def legend_sections(self, numbered: tuple[str, ...]) -> list[lg.Section]:
        """The legend, then the projects numbered on the map, then those beside it."""
        own = self.numbered_list(numbered) if self.numbered_list else []
        return self.sections + own + self.listed

    def page_notes(self, numbered: tuple[str, ...]) -> list[str]:
        return self.notes + ([self.count_note(numbered)] if self.count_note else [])


# ---------------------------------------------------------------------------------------
# EPCI livret map

def epci_content(atlas: Atlas, flt: filters.ProjectFilter, options: PrintOptions):
    siren = flt.epci
    if siren not in atlas.epci_names:
        raise ValueError(f"EPCI inconnu : « {siren} »")
    epci = layer_l93("epci", "detail")
    own = epci[epci["epci_siren"] == siren]
    projects = atlas.projects_for(flt)
    located = projects.dropna(subset=["lon", "lat"]).reset_index(drop=True)
    has_contract = siren in atlas.coverage.with_contract
    presence = atlas.presence_of(siren)

    main, others = _commune_layers(siren, set(located["commune_insee"].dropna()))
    drawing = EpciMap(siren, located, presence, tuple(options.layers), main, others,
                      own.geometry.union_all(), _epci_background, _names)

    return MapContent(
        title=own["nom_long"].iloc[0],
        subtitle=_epci_subtitle(atlas, flt, projects, has_contract),
        bounds=tuple(own.total_bounds),
        draw=drawing.draw,
        sections=_epci_sections(flt, located, options, set(presence["kind"])),
        listed=lg.off_map_sections(off_map.groups(projects, atlas.commune_names, 50)),
        notes=[atlas.covers(flt, projects)] + _empty_notes(flt, projects) + _import_note(atlas),
        numbered_list=lambda ids: [lg.numbered_section(_numbered_items(located, ids))],
        count_note=lambda ids: _count_note(projects, located, ids),
    )


def _epci_subtitle(atlas, flt, projects, has_contract: bool) -> str:
    what = filters.describe(flt.with_(epci=None), atlas.epci_names)
    total = format_eur(projects["amount_cents"].fillna(0).sum())
    count = len(projects)
    text = (f"Projets soutenus par le Département — {what} — "
            f"{count_fr(count, 'projet', 'projets')}, {total} de financement départemental.")
    if not has_contract:
        return f"{NO_CONTRACT} {text}"
    if atlas.coverage.state(flt.epci) == "lost":
        return f"{text} Carte du livret illisible dans la source : montants partiels."
    return text


def _epci_background(frame: MapFrame, siren: str, s: float) -> None:
    epci = within(layer_l93("epci", "detail"), frame.bounds)
    communes = layer_l93("communes", "detail")
    ml.draw_polygons(frame, epci[epci["epci_siren"] != siren].geometry, 1,
                     facecolors=style.NEIGHBOUR_FILL, edgecolors=style.NEIGHBOUR_OUTLINE,
                     linewidths=0.6 * s)
    ml.draw_polygons(frame, communes[communes["epci_siren"] == siren].geometry, 2,
                     facecolors=style.COMMUNE_FILL, edgecolors=style.COMMUNE_BORDER.color,
                     linewidths=style.COMMUNE_BORDER.width_pt * s)
    ml.draw_rivers(frame, s)
    ml.draw_polygons(frame, epci[epci["epci_siren"] == siren].geometry, 4,
                     facecolors="none", edgecolors=style.EPCI_LIMIT.color,
                     linewidths=style.EPCI_LIMIT.width_pt * s)


def _commune_layers(siren: str, with_projects: set[str]):
    """The EPCI's communes split in two: the main ones (the four largest and every commune
    with a project), always named, and the others, named where room is left."""
    communes = layer_l93("communes", "detail")
    own = communes[communes["epci_siren"] == siren]
    largest = set(own.nlargest(style.MAIN_COMMUNES, "population")["code_insee"])
    main = own["code_insee"].isin(largest | with_projects)
    return own[main], own[~main]


MAIN_GID = "main-commune"    # the names a reader finds his way by (tests look them up)
NAME_REACH_M = 3000    # a main commune's name may sit this far outside its commune


def _names(frame, meter, communes, occupied, size: float, color: str, shift: bool,
           gid: str | None = MAIN_GID) -> list:
    points = communes.geometry.representative_point()
    areas = list(communes.geometry.buffer(NAME_REACH_M)) if shift else None
    return ml.place_names(frame, meter, list(communes["nom"]), points.x.to_numpy(),
                          points.y.to_numpy(), communes["population"].to_numpy(), occupied,
                          size, color=color, areas=areas, far=shift,
                          gid=gid if shift else None)


def _epci_sections(flt, located: pd.DataFrame, options: PrintOptions, kinds: set[str]
                   ) -> list[lg.Section]:
    """Legend of what the map shows (no project part when no project is drawn, no
    presence entry for a kind the EPCI has none of)."""
    sections = []
    if len(located):
        themes = [t for t in THEMES if not flt.themes or t in flt.themes]
        present = set(located["period"])
        periods = [p for p in PERIODS if (p in flt.periods if flt.periods else p in present)]
        sections += [lg.theme_section(themes), lg.period_section(periods or PERIODS)]
        if located["amount_cents"].notna().any():
            sections.append(lg.size_section(list(located["amount_cents"].dropna())))
    shown = tuple(k for k in options.layers if k in kinds)
    if shown:
        sections.append(lg.presence_section(shown))
    sections.append(lg.epci_background_section())
    return sections


def _import_note(atlas) -> list[str]:
    """The imports' sources, under the shipped sources line, when the atlas shows them."""
    return [style.IMPORTED_SOURCES + "."] if atlas.version is not None else []


def _empty_notes(flt, projects) -> list[str]:
    if not projects.empty:
        return []
    return ["Aucun projet ne correspond aux filtres." if not flt.with_(epci=None).is_empty
            else "Aucun projet de cette intercommunalité dans les données de l'atlas."]


def _numbered_items(located: pd.DataFrame, ids: tuple[str, ...]) -> list[lg.NumberedItem]:
    rows = located.set_index("project_id")
    return [lg.NumberedItem(k + 1, label_text(rows.at[i, "title"], rows.at[i, "amount_cents"],
                                              70) + f" ({rows.at[i, 'commune_nom']})",
                            rows.at[i, "theme"], rows.at[i, "period"])
            for k, i in enumerate(ids)]


def _count_note(projects, located, numbered: tuple[str, ...]) -> str:
    """How every project of the map is shown: labelled, numbered or listed beside it."""
    if projects.empty:
        return ""
    off = len(projects) - len(located)
    parts = []
    if len(located):
        shown = [f"{len(located) - len(numbered)} avec leur étiquette « projet – montant » "
                 "(montants les plus élevés d'abord)"]
        if numbered:
            shown.append(f"{count_fr(len(numbered), 'numéroté', 'numérotés')} (liste "
                         f"« {lg.NUMBERED_TITLE} »)")
        parts.append(f"{count_fr(len(located), 'projet placé', 'projets placés')} à la "
                     "mairie de leur commune : " + ", ".join(shown))
    if off:
        parts.append(f"{count_fr(off, 'projet', 'projets')} à l'échelle de l'EPCI ou sans "
                     "commune connue, listés hors carte par thématique")
    return " ; ".join(parts) + "."


def count_fr(n: int, singular: str, plural: str) -> str:
    """``count_fr(0, "projet", "projets") == "aucun projet"``, "1 projet", "3 projets"."""
    if n == 0:
        return f"aucun {singular}"
    return f"{n} {singular if n == 1 else plural}"


# ---------------------------------------------------------------------------------------
# Département choropleth

def departement_content(atlas: Atlas, flt: filters.ProjectFilter, options: PrintOptions):
    data = atlas.choropleth(options.indicator, flt, options.method)
    indicator, classes = data.indicator, data.classes
    scope = atlas.scope(flt)
    colors = style.CHOROPLETH_COLORS[-len(classes.bins):] if classes.bins else []
    epci = layer_l93("epci", "moyen")
    in_scope = epci[epci["epci_siren"].isin(scope)]

    def draw(frame: MapFrame, meter: TextMeter, s: float, numbered_before=frozenset()
             ) -> tuple[str, ...]:
        _choropleth(frame, epci, data, colors, s)
        obstacles = frame.outside_boxes() + [ml.scale_bar(frame, s), ml.north_arrow(frame, s)]
        _epci_labels(frame, meter, in_scope, data, obstacles, s)
        return ()                   # no project symbol, nothing numbered

    what = filters.describe(flt, atlas.epci_names)
    return MapContent(
        title="Département du Pas-de-Calais",
        subtitle=f"{indicator.label} par intercommunalité — {what}",
        bounds=tuple(in_scope.total_bounds),
        draw=draw,
        sections=[lg.choropleth_section(f"{indicator.label} ({indicator.unit})",
                                        classes.labels, colors, classes.method,
                                        lost=data.has_lost,
                                        lower_bound=bool(data.lower_bounds)),
                  lg.grands_territoires_section(),
                  lg.departement_background_section()],
        notes=_departement_notes(data, len(atlas.projects_for(flt))) + _import_note(atlas),
    )


def _choropleth(frame, epci, data, colors, s: float) -> None:
    from geo.analysis.choropleth import LOST

    index = data.fill_index().reindex(epci["epci_siren"]).fillna(0).astype(int).to_numpy()
    fills = [([style.NO_DATA_COLOR, *colors, style.LOST_FILL])[k] for k in index]
    ml.draw_polygons(frame, epci.geometry, 1, facecolors=fills, edgecolors="none")
    lost = epci[epci["epci_siren"].map(data.status).eq(LOST).to_numpy()]
    if len(lost):
        ml.draw_polygons(frame, lost.geometry, 1, facecolors="none",
                         edgecolors=style.LOST_HATCH, linewidths=0, hatch=style.LOST_HATCH_MPL)
    communes = layer_l93("communes", "simple")
    ml.draw_polygons(frame, communes.geometry, 2, facecolors="none",
                     edgecolors=style.COMMUNE_OUTLINE, linewidths=0.2 * s, alpha=0.6)
    ml.draw_rivers(frame, s)
    ml.draw_polygons(frame, epci.geometry, 4, facecolors="none",
                     edgecolors=style.EPCI_BORDER.color, linewidths=style.EPCI_BORDER.width_pt * s)
    gt = epci.merge(_groupings(), on="epci_siren").dissolve("grand_territoire", as_index=False)
    for _, row in gt.iterrows():
        stroke = style.grand_territoire_stroke(row["grand_territoire"])
        ml.draw_polygons(frame, [row.geometry], 5, facecolors="none", edgecolors=stroke.color,
                         linewidths=stroke.width_pt * s, linestyles=stroke.mpl_linestyle)


def _groupings() -> pd.DataFrame:
    from geo.data import contracts
    return contracts.load_groupings()[["epci_siren", "grand_territoire"]]


def _epci_labels(frame, meter, epci, data, occupied, s: float) -> None:
    """EPCI name and value at its representative point, where room is left."""
    points = epci.geometry.representative_point()
    texts = [f"{name}\n{data.value_text(siren, format_value, short=True)}"
             for name, siren in zip(epci["nom"], epci["epci_siren"])]
    ml.place_names(frame, meter, texts, points.x.to_numpy(), points.y.to_numpy(),
                   epci["population_62"].to_numpy(), occupied, 5.6 * s, color="#111111",
                   style_="normal", boxed=True, areas=list(epci.geometry))


def _departement_notes(data, n_projects: int) -> list[str]:
    notes = [data.covers]
    if data.indicator.source == "projects":
        notes.append(f"Calcul sur les {n_projects} projets retenus par les filtres (recueil "
                     "des actes administratifs, mai 2019).")
    else:
        from geo.analysis import investment
        if data.indicator.key.startswith(investment.KEY):
            notes.append(investment.DEFINITION)
    return notes
