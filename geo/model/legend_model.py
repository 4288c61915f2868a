"""One legend model for the web map and the print export: sections of entries, each
entry describing its symbol with :mod:`geo.model.style` values. :mod:`components.legend_html`
renders it to HTML, :mod:`geo.export.legend` draws it with matplotlib; neither decides
what a legend says.

Entry kinds: ``circle`` (a project symbol: fill, outline style, letter), ``square`` (a
presence site: colour and letters), ``patch`` (an area fill, optionally hatched),
``line`` (a stroke), ``note`` (a line of text).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from geo.model import style


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str                    # circle | square | patch | line | note
    color: str = "#555555"       # outline / stroke / square colour
    face: str | None = None      # fill colour (circle, patch); None: hollow
    dashed: bool = False         # a dashed line or patch outline
    border: str = "solid"        # outline of a circle: solid | dashed | dotted
    letter: str = ""
    ink: str = "#ffffff"         # colour of the letter
    radius_pt: float = 5.0       # circles: radius at A4 (the web uses pixels = points)
    linewidth: float = 1.0
    hatch: bool = False          # a patch drawn with the "illegible map" hatching


@dataclass
class Section:
    title: str
    entries: list[Entry] = field(default_factory=list)


def theme_section(themes: list[str]) -> Section:
    return Section("Projets : thématiques", [
        Entry(t, "circle", style.THEME_OUTLINES[t], style.THEME_COLORS[t],
              letter=style.THEME_LETTERS[t], ink=style.THEME_INKS[t]) for t in themes])


def period_section(periods: list[str]) -> Section:
    """One entry per period: each has its own fill and outline."""
    grey = "#555555"
    return Section("Projets : périodes", [
        Entry(style.PERIOD_STYLES[p].label, "circle", grey, style.PERIOD_STYLES[p].face(grey),
              border=style.PERIOD_STYLES[p].border) for p in periods])


def size_section(amounts: list[float]) -> Section:
    """Reference symbol sizes: the largest amount and a round fraction of it."""
    from geo.model.amounts import format_eur

    top = max(amounts)
    refs = [top]
    quarter = top / 4
    if quarter >= 100:
        magnitude = 10 ** math.floor(math.log10(quarter))
        refs.append(round(quarter / magnitude) * magnitude)
    return Section("Taille du symbole : montant", [
        Entry(format_eur(a), "circle", "#555555", None,
              radius_pt=style.project_radius(a, top) * style.PX_TO_PT) for a in refs])


def presence_section(kinds: list[str]) -> Section:
    return Section("Présence du Département", [
        Entry(style.PRESENCE_STYLES[k].label, "square", style.PRESENCE_STYLES[k].color,
              style.PRESENCE_STYLES[k].color, letter=style.PRESENCE_STYLES[k].letter,
              ink=style.PRESENCE_INK)
        for k in kinds])


def off_map_sections(groups) -> list[Section]:
    """The projects listed beside the map, one section per theme (:mod:`geo.analysis.off_map`)."""
    return [Section(f"Hors carte — {theme}", [
        Entry(f"{item.text} ({item.where})", "circle", style.THEME_OUTLINES[theme],
              style.THEME_COLORS[theme], letter=style.THEME_LETTERS[theme],
              ink=style.THEME_INKS[theme], radius_pt=3.6)
        for item in items]) for theme, items in groups]


@dataclass(frozen=True)
class NumberedItem:
    """A project whose label did not fit on the map: its number there, and its line."""

    number: int
    text: str            # "Requalification du Palais des Congrès – 1 000 000 € (Le Touquet)"
    theme: str
    period: str


NUMBERED_TITLE = "Projets numérotés sur la carte"


def numbered_section(items: list[NumberedItem]) -> Section:
    """The numbered list: each line led by the project's own symbol with its number."""
    return Section(NUMBERED_TITLE, [
        Entry(item.text, "circle", style.THEME_OUTLINES[item.theme],
              style.PERIOD_STYLES[item.period].face(style.THEME_COLORS[item.theme]),
              border=style.PERIOD_STYLES[item.period].border, letter=str(item.number),
              ink=style.PERIOD_STYLES[item.period].ink(style.THEME_COLORS[item.theme]),
              radius_pt=4.6) for item in items])


def choropleth_section(title: str, labels: list[str], colors: list[str], method: str,
                       lost: bool = False, lower_bound: bool = False) -> Section:
    entries = [Entry(text, "patch", style.EPCI_OUTLINE, color) for text, color in
               zip(labels, colors)]
    if lost:
        entries.append(Entry("Carte du livret illisible dans la source (montants partiels, "
                             "hors classes)", "patch", style.LOST_HATCH, style.LOST_FILL,
                             hatch=True))
    entries.append(Entry("Sans donnée (pas de contrat dans le recueil, ou hors filtres)",
                         "patch", style.EPCI_OUTLINE, style.NO_DATA_COLOR))
    entries.append(Entry(f"Classes : {method.lower()}", "note"))
    if lower_bound:
        entries.append(Entry("« au moins » : le contrat écrit « plus de »", "note"))
    return Section(title, entries)


def grands_territoires_section() -> Section:
    return Section("Grands territoires", [
        Entry(name, "line", color, dashed=True, linewidth=style.GRAND_TERRITOIRE_STROKE_PT)
        for name, color in style.GRAND_TERRITOIRE_COLORS.items()])


def epci_background_section() -> Section:
    return Section("Fond de carte", [
        Entry("Limite de l'intercommunalité", "line", style.EPCI_LIMIT.color,
              linewidth=style.EPCI_LIMIT.width_pt),
        Entry("Communes de l'intercommunalité", "patch", style.COMMUNE_OUTLINE,
              style.COMMUNE_FILL),
        Entry("Intercommunalités voisines", "patch", style.NEIGHBOUR_OUTLINE,
              style.NEIGHBOUR_FILL),
        Entry("Cours d'eau principaux", "line", style.RIVER.color, linewidth=style.RIVER.width_pt),
    ])


def departement_background_section() -> Section:
    return Section("Fond de carte", [
        Entry("Limite d'intercommunalité", "line", style.EPCI_BORDER.color,
              linewidth=style.EPCI_BORDER.width_pt),
        Entry("Limite de commune", "line", style.COMMUNE_OUTLINE, linewidth=0.4),
        Entry("Cours d'eau principaux", "line", style.RIVER.color, linewidth=style.RIVER.width_pt),
    ])
