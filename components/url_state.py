"""The view lives in the URL: ``?epci=<SIREN>&theme=sport,culture&period=2015-2018``.

``parse`` turns query parameters into a :class:`ViewState` (the filter, the choropleth's
indicator and classification method, the presence layers), with a French notice for every
unknown or malformed parameter (ignored, never a crash). ``encode`` is the inverse, so the
URL is rewritten from the state after each change and a copied link reopens the same view.
Both only iterate the field registry :data:`geo.model.view_fields.FIELDS`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from geo.analysis.filters import ProjectFilter
from geo.model.view_fields import BY_URL, FIELDS, NO_LAYER, Context  # noqa: F401  (NO_LAYER: tests)

KNOWN = tuple(f.url for f in FIELDS)
DEFAULT_LAYERS = next(f for f in FIELDS if f.name == "layers").default


@dataclass
class ViewState:
    flt: ProjectFilter = field(default_factory=ProjectFilter)
    indicator: str | None = None
    method: str = "quantiles"
    layers: tuple[str, ...] | None = None   # presence layers shown (None: default)
    commune: str | None = None              # INSEE code of the "ma commune" view
    map_mode: str = "indicator"             # département map: "indicator" | "equity"
    need: str = "rsa_foyers"                # social need of the equity view
    notices: list[str] = field(default_factory=list)


def context(epci_sirens, mdadt_names, indicators, default_indicator: str = "",
            epci_names: dict[str, str] | None = None,
            commune_names: dict[str, str] | None = None) -> Context:
    from geo.analysis.indicators import DEFAULT_INDICATOR

    return Context(epci_names=epci_names or {s: s for s in epci_sirens},
                   mdadt_names=list(mdadt_names),
                   indicators={k: k for k in indicators},
                   default_indicator=default_indicator or DEFAULT_INDICATOR,
                   commune_names=dict(commune_names or {}))


def parse(params: dict[str, str | list[str]], *, epci_sirens: set[str], mdadt_names: list[str],
          indicators: list[str], layer_kinds: list[str] | None = None,
          commune_names: dict[str, str] | None = None) -> ViewState:
    """The view a URL describes (``layer_kinds``: kept for callers; the kinds are the
    vocabulary's; ``commune_names``: INSEE -> name, the communes ``?commune=`` accepts)."""
    ctx = context(epci_sirens, mdadt_names, indicators, commune_names=commune_names)
    get = {k: (v[-1] if isinstance(v, list) else v) for k, v in params.items()}
    state, values = ViewState(), {}
    for key in sorted(set(get) - set(KNOWN)):
        state.notices.append(f"Paramètre d'adresse inconnu ignoré : « {key} ».")
    for key, raw in get.items():
        f = BY_URL.get(key)
        if f is None:
            continue
        value, bad = f.read(raw, ctx)
        for item in bad:
            state.notices.append(f"{f.unknown[:1].upper()}{f.unknown[1:]} ignoré(e) : "
                                 f"« {item} » (attendu : {f.expected(ctx)}).")
        # a bad value is ignored; a list keeps its good items, and one made only of bad
        # items changes nothing (``?layers=x`` does not switch every layer off)
        if value is not None and not (bad and (f.kind != "many" or not value)):
            values[f.name] = value
    state.flt = ProjectFilter(**{f.name: values[f.name] for f in FIELDS
                                 if f.in_filter and f.name in values})
    state.indicator = values.get("indicator")
    state.method = values.get("method", "quantiles")
    state.layers = values.get("layers")
    state.commune = values.get("commune")
    state.map_mode = values.get("map_mode", "indicator")
    state.need = values.get("need", "rsa_foyers")
    return state


def encode(state: ViewState, ctx: Context | None = None) -> dict[str, str]:
    """Query parameters for a state (defaults and empty filters are left out)."""
    ctx = ctx or _context_of(state)
    params = {}
    for f in FIELDS:
        value = getattr(state.flt, f.name) if f.in_filter else getattr(state, f.name)
        text = f.write(value, ctx)
        if text:
            params[f.url] = text
    if state.commune:           # the commune says its EPCI: ?commune=62767 alone
        params.pop("epci", None)
    return params


def _context_of(state: ViewState) -> Context:
    """Enough context to write a state: its own EPCI, MDADT and indicator are known."""
    from geo.analysis.indicators import DEFAULT_INDICATOR

    flt = state.flt
    return Context(epci_names={flt.epci: flt.epci} if flt.epci else {},
                   mdadt_names=[flt.mdadt] if flt.mdadt else [],
                   indicators={state.indicator: state.indicator} if state.indicator else {},
                   default_indicator=DEFAULT_INDICATOR,
                   commune_names={state.commune: state.commune} if state.commune else {})
