"""The view lives in the URL: ``?epci=<SIREN>&theme=sport,culture&period=2015-2018``.

``parse`` turns query parameters into a :class:`~geo.filters.ProjectFilter` plus the
indicator of the choropleth, and collects a French notice for every unknown or
malformed parameter (ignored, never a crash). ``encode`` is the inverse, so the URL is
rewritten from the state after each change and a copied link reopens the same view.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo.export.paper import DEFAULT_LAYERS
from geo.filters import NATURE_SLUGS, PERIOD_SLUGS, THEME_SLUGS, ProjectFilter
from geo.indicators import DEFAULT_INDICATOR
from geo.names import normalize_name
from geo.schemas import GRANDS_TERRITOIRES

NO_LAYER = "aucune"
KNOWN = ("epci", "theme", "period", "nature", "gt", "mdadt", "min", "max", "q", "indicator",
         "layers")


@dataclass
class ViewState:
    flt: ProjectFilter = field(default_factory=ProjectFilter)
    indicator: str | None = None
    layers: tuple[str, ...] | None = None   # presence layers shown (None: default)
    notices: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    return normalize_name(text).replace(" ", "-")


GT_SLUGS = {_slug(name): name for name in GRANDS_TERRITOIRES}


def parse(params: dict[str, str | list[str]], *, epci_sirens: set[str], mdadt_names: list[str],
          indicators: list[str], layer_kinds: list[str]) -> ViewState:
    state = ViewState()
    changes: dict = {}
    get = {k: (v[-1] if isinstance(v, list) else v) for k, v in params.items()}
    for key in sorted(set(get) - set(KNOWN)):
        state.notices.append(f"Paramètre d'adresse inconnu ignoré : « {key} ».")
    if "epci" in get:
        if get["epci"] in epci_sirens:
            changes["epci"] = get["epci"]
        else:
            state.notices.append(f"EPCI inconnu ignoré : « {get['epci']} » (SIREN à 9 chiffres "
                                 "d'une intercommunalité du Pas-de-Calais attendu).")
    for key, slugs, attr, label in (("theme", THEME_SLUGS, "themes", "Thème"),
                                    ("period", PERIOD_SLUGS, "periods", "Période"),
                                    ("nature", NATURE_SLUGS, "natures", "Nature")):
        if key in get:
            changes[attr] = _parse_list(get[key], slugs, label, state.notices)
    if "gt" in get:
        _parse_one(get["gt"], GT_SLUGS, "grand_territoire", "Grand territoire", changes, state)
    if "mdadt" in get:
        slugs = {_slug(name): name for name in mdadt_names}
        _parse_one(get["mdadt"], slugs, "mdadt", "Territoire MDADT", changes, state)
    for key, attr in (("min", "amount_min_cents"), ("max", "amount_max_cents")):
        if key in get:
            if re.fullmatch(r"\d{1,12}", get[key] or ""):
                changes[attr] = int(get[key]) * 100
            else:
                state.notices.append(f"Montant « {key} » illisible ignoré : « {get[key]} » "
                                     "(un nombre entier d'euros est attendu).")
    if "q" in get:
        changes["text"] = (get["q"] or "")[:100]
    if "indicator" in get:
        if get["indicator"] in indicators:
            state.indicator = get["indicator"]
        else:
            state.notices.append(f"Indicateur inconnu ignoré : « {get['indicator']} ».")
    if "layers" in get:
        wanted = [x for x in (get["layers"] or "").split(",") if x and x != NO_LAYER]
        unknown = [x for x in wanted if x not in layer_kinds]
        if unknown:
            state.notices.append("Couche inconnue ignorée : " + ", ".join(f"« {x} »" for x in unknown))
        state.layers = tuple(x for x in wanted if x in layer_kinds)
    state.flt = ProjectFilter(**changes)
    return state


def _parse_list(raw: str, slugs: dict[str, str], label: str, notices: list[str]) -> tuple:
    values, seen = [], set()
    for item in (raw or "").split(","):
        item = item.strip().lower()
        if not item:
            continue
        if item in slugs:
            if slugs[item] not in seen:
                seen.add(slugs[item])
                values.append(slugs[item])
        else:
            notices.append(f"{label} inconnu(e) ignoré(e) : « {item} » "
                           f"(valeurs possibles : {', '.join(slugs)}).")
    return tuple(values)


def _parse_one(raw: str, slugs: dict[str, str], attr: str, label: str, changes: dict,
               state: ViewState) -> None:
    key = _slug(raw or "")
    if key in slugs:
        changes[attr] = slugs[key]
    else:
        state.notices.append(f"{label} inconnu ignoré : « {raw} ».")


def encode(state: ViewState) -> dict[str, str]:
    """Query parameters for a state (empty filters are left out)."""
    flt = state.flt
    reverse = lambda slugs, values: ",".join(k for k, v in slugs.items() if v in values)  # noqa: E731
    params = {
        "epci": flt.epci or "",
        "theme": reverse(THEME_SLUGS, flt.themes),
        "period": reverse(PERIOD_SLUGS, flt.periods),
        "nature": reverse(NATURE_SLUGS, flt.natures),
        "gt": _slug(flt.grand_territoire) if flt.grand_territoire else "",
        "mdadt": _slug(flt.mdadt) if flt.mdadt else "",
        "min": str(flt.amount_min_cents // 100) if flt.amount_min_cents is not None else "",
        "max": str(flt.amount_max_cents // 100) if flt.amount_max_cents is not None else "",
        "q": flt.text,
        "indicator": "" if state.indicator == DEFAULT_INDICATOR else (state.indicator or ""),
        "layers": _encode_layers(state.layers),
    }
    return {k: v for k, v in params.items() if v}


def _encode_layers(layers: tuple[str, ...] | None) -> str:
    if layers is None or set(layers) == set(DEFAULT_LAYERS):
        return ""
    return ",".join(layers) if layers else NO_LAYER
