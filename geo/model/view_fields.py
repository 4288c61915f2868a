"""The fields of a view, declared once (after datasette's filters): each says its URL key
and slugs, how a raw value reads, how it filters the projects, how it describes itself in
French and how the command line spells it. The URL (:mod:`components.url_state`), the
sidebar (:mod:`components.filters_panel`), the filter (:mod:`geo.analysis.filters`) and the export
command line (:mod:`geo.export.cli`) all iterate :data:`FIELDS`; adding a field (a
commune, a generation, a stage) is one entry here plus, if it filters, one mask.

A raw value is text (a URL parameter, a command-line option); :meth:`Field.read` returns
the value and the French problems found (the URL ignores a bad item with a notice, the
command line refuses it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from geo.model import vocabulary
from geo.model.names import normalize_name

NO_LAYER = "aucune"


@dataclass(frozen=True)
class Context:
    """What a field's choices depend on (the data the atlas loaded)."""

    epci_names: dict[str, str] = field(default_factory=dict)      # SIREN -> name
    mdadt_names: list[str] = field(default_factory=list)
    indicators: dict[str, str] = field(default_factory=dict)      # key -> French label
    default_indicator: str = ""
    commune_names: dict[str, str] = field(default_factory=dict)   # INSEE -> name


def slug(text: str) -> str:
    return normalize_name(text).replace(" ", "-")


@dataclass(frozen=True)
class Field:
    name: str                  # attribute of the filter or of the view state
    url: str                   # URL parameter
    label: str                 # French name (controls, notices, descriptions)
    kind: str                  # "one" | "many" | "euros" | "text"
    choices: Callable[[Context], dict[str, str]] | None = None   # slug -> value
    in_filter: bool = True     # part of geo.analysis.filters.ProjectFilter (else a view option)
    default: object = None     # the value when the URL says nothing (left out of it)
    cli: str | None = None     # command-line option of `python -m geo export`
    empty_token: str | None = None   # "many": the token meaning "none" (layers=aucune)
    unknown: str = ""          # French start of the message on a bad item ("thème inconnu")
    hint: str = ""             # what is expected, said after a bad item
    key: str = ""              # session key of its control in the sidebar
    section: str = ""          # sidebar section ("Territoire", "Projets", "Carte")
    short: str = ""            # name in the sentence saying what is filtered ("Thèmes")

    def describe(self, value) -> str | None:
        """"Thèmes : Sport, Culture" (None when the field does not restrict)."""
        if value in (None, "", ()) or not self.in_filter:
            return None
        shown = ", ".join(value) if self.kind == "many" else str(value)
        return f"{self.short or self.label} : {shown}"

    def read(self, raw: str, ctx: Context) -> tuple[object, list[str]]:
        """(value, the bad items) of a raw text; a bad item is left out of the value."""
        if self.kind == "many":
            return self._read_many(raw, ctx)
        if self.kind == "one":
            options = self.choices(ctx)
            key = raw if raw in options else slug(raw or "")
            return (options[key], []) if key in options else (None, [raw])
        if self.kind == "euros":
            text = (raw or "").strip()
            ok = re.fullmatch(r"[0-9]{1,12}", text) is not None    # "¹".isdigit() is True
            return (int(text) * 100, []) if ok else (None, [raw])
        return (raw or "")[:100], []

    def _read_many(self, raw: str, ctx: Context) -> tuple[tuple, list[str]]:
        options = self.choices(ctx)
        by_name = {slug(v): v for v in options.values()}
        values, bad = [], []
        for item in (x.strip() for x in (raw or "").split(",")):
            if not item or item == self.empty_token:
                continue
            value = options.get(item.lower()) or options.get(slug(item)) or by_name.get(slug(item))
            if value is None:
                bad.append(item)
            elif value not in values:
                values.append(value)
        return tuple(values), bad

    def expected(self, ctx: Context) -> str:
        """What a valid raw value is, in French."""
        if self.hint:
            return self.hint
        options = list(self.choices(ctx)) if self.choices else []
        if self.empty_token:
            options.append(self.empty_token)
        return ", ".join(options)

    def default_for(self, ctx: Context):
        return ctx.default_indicator if self.name == "indicator" else self.default

    def write(self, value, ctx: Context) -> str:
        """The URL text of a value ("" when it is the default: left out of the URL)."""
        default = self.default_for(ctx)
        if value is None or value == default or value == "" or (
                self.kind == "many" and default is None and not value):
            return ""
        if self.kind == "many":
            if self.default is not None and set(value) == set(self.default):
                return ""
            reverse = {v: k for k, v in self.choices(ctx).items()}
            return ",".join(reverse[v] for v in value) or (self.empty_token or "")
        if self.kind == "one":
            reverse = {v: k for k, v in self.choices(ctx).items()}
            return reverse.get(value, "")
        if self.kind == "euros":
            return str(value // 100)
        return str(value)


def _epci(ctx: Context) -> dict[str, str]:
    return {s: s for s in ctx.epci_names}


def _terms(terms) -> Callable[[Context], dict[str, str]]:
    return lambda ctx: vocabulary.slugs(terms)


def _communes(ctx: Context) -> dict[str, str]:
    return {c: c for c in ctx.commune_names}


AMOUNT_HINT = "un nombre entier d'euros"
MAP_MODES = {"indicateur": "indicator", "equite": "equity"}
NEED_SLUGS = {"rsa": "rsa_foyers", "apa": "apa_beneficiaires", "pch": "pch_beneficiaires"}
FIELDS = [
    Field("epci", "epci", "Intercommunalité (EPCI)", "one", _epci, cli="--epci",
          unknown="EPCI inconnu", key="f_epci", section="Territoire", short="EPCI",
          hint="le SIREN à 9 chiffres d'une des 20 intercommunalités du Pas-de-Calais, "
               "par ex. 200033579"),
    Field("commune", "commune", "Ma commune", "one", _communes, in_filter=False,
          unknown="commune inconnue", key="f_commune", section="Territoire",
          hint="le code INSEE à 5 caractères d'une des 887 communes du Pas-de-Calais, "
               "par ex. 62767 pour Saint-Pol-sur-Ternoise"),
    Field("grand_territoire", "gt", "Grand territoire des Assises", "one",
          _terms(vocabulary.GRANDS_TERRITOIRES), cli="--gt", short="Grand territoire",
          unknown="grand territoire inconnu", key="f_gt", section="Territoire"),
    Field("mdadt", "mdadt", "Territoire MDADT", "one",
          lambda ctx: {slug(n): n for n in ctx.mdadt_names}, cli="--mdadt",
          unknown="territoire MDADT inconnu", key="f_mdadt", section="Territoire"),
    Field("themes", "theme", "Thématiques", "many", _terms(vocabulary.THEMES), default=(),
          cli="--theme", short="Thèmes", unknown="thème inconnu", key="f_themes", section="Projets"),
    Field("periods", "period", "Période", "many", _terms(vocabulary.PERIODS), default=(),
          cli="--period", unknown="période inconnue", key="f_periods", section="Projets"),
    Field("generations", "generation", "Génération de contrats", "many",
          _terms(vocabulary.GENERATIONS), default=(), cli="--generation", short="Génération",
          unknown="génération inconnue", key="f_generations", section="Projets"),
    Field("natures", "nature", "Nature", "many", _terms(vocabulary.NATURES), default=(),
          cli="--nature", unknown="nature inconnue", key="f_natures", section="Projets"),
    Field("amount_min_cents", "min", "Montant min. (€)", "euros", cli="--min",
          unknown="montant « min » illisible", hint=AMOUNT_HINT, key="f_min", section="Projets"),
    Field("amount_max_cents", "max", "Montant max. (€)", "euros", cli="--max",
          unknown="montant « max » illisible", hint=AMOUNT_HINT, key="f_max", section="Projets"),
    Field("text", "q", "Recherche (titre, commune, maître d'ouvrage)", "text", default="",
          cli="--q", key="f_text", section="Projets", short="Recherche"),
    Field("map_mode", "vue", "Carte du département", "one", lambda ctx: MAP_MODES,
          in_filter=False, default="indicator", unknown="vue inconnue", key="f_map_mode",
          section="Carte"),
    Field("need", "besoin", "Besoin social (vue équité)", "one", lambda ctx: NEED_SLUGS,
          in_filter=False, default="rsa_foyers", unknown="besoin social inconnu",
          key="f_need", section="Carte"),
    Field("indicator", "indicator", "Indicateur de la carte du département", "one",
          lambda ctx: {k: k for k in ctx.indicators}, in_filter=False, cli="--indicator",
          unknown="indicateur inconnu", key="f_indicator", section="Carte"),
    Field("method", "method", "Classes", "one",
          lambda ctx: {"quantiles": "quantiles", "seuils-naturels": "seuils_naturels"},
          in_filter=False, default="quantiles", cli="--method",
          unknown="méthode de classes inconnue", key="f_method", section="Carte"),
    Field("layers", "layers", "Couche", "many", _terms(vocabulary.PRESENCE_KINDS),
          in_filter=False, default=("college", "mds", "mdadt", "cis", "cer"),
          cli="--layers", empty_token=NO_LAYER, unknown="couche inconnue", key="f_layer_",
          section="Présence du Département"),
]
BY_NAME = {f.name: f for f in FIELDS}
BY_URL = {f.url: f for f in FIELDS}
FILTER_FIELDS = [f for f in FIELDS if f.in_filter]
