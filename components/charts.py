"""The atlas's charts, as Altair (Vega-Lite) specifications that Streamlit draws itself
(nothing fetched from the internet). Colours come from :mod:`geo.model.style`, numbers are
formatted in French (the Vega locale below, and the texts built in :mod:`geo`), and
every chart has a table equivalent drawn next to it by the caller.

- ``ranking_chart``: the EPCI ranked on the département map's indicator (a click on a
  bar selects its SIREN: the caller opens that EPCI);
- ``equity_scatter``: investment per inhabitant against social need, EPCI named;
- ``themes_chart``: an EPCI's projects by theme and period;
- ``standing_chart``: where an EPCI stands on each key figure among the others.
"""
from __future__ import annotations

import copy
from typing import Callable

import altair as alt
import pandas as pd
import streamlit as st

from geo.model import style

from geo.model import vocabulary
from geo.model.chart_labels import fit_names
from geo.analysis.equity import Equity, X_LABEL
from geo.model.names import short_epci_name
from geo.analysis.ranking import Ranking
from geo.model.memo import Memo
from geo.analysis.standing import Standing

STRIP_PX = 26               # one key figure's strip
SELECTION = "epci"          # the selection parameter a click on a bar fills
FRENCH = alt.Locale(number={"decimal": ",", "thousands": "\u202f", "grouping": [3],
                            "currency": ["", "\u00a0€"]})
BAR_PX = 22                 # height of one EPCI's bar (its name at 12 px fits)
EUROS_AXIS = ("datum.value >= 1e6 ? format(datum.value / 1e6, ',.0f') + '\u00a0M€' : "
              "format(datum.value, ',.0f') + '\u00a0€'")


_SPECS = Memo(512)      # Vega-Lite specs, built once per process and shared by all sessions


def _to_spec(chart: alt.TopLevelMixin | None, validate: bool = False) -> dict | None:
    """The chart's Vega-Lite spec, from Altair's public ``to_dict`` (its data inline, as
    named datasets), for ``st.vega_lite_chart``. Not validated against the Vega-Lite schema
    by default: validation costs more than the rest of a chart (tests/test_charts.py
    validates every chart the atlas draws)."""
    if chart is None:
        return None
    return chart.to_dict(validate=validate)


def spec_of(kind: str, source: object, build: Callable[[], alt.TopLevelMixin | None],
            *extra) -> dict | None:
    """The Vega-Lite spec of the chart ``build()`` draws from ``source`` (a memoised data
    object of the atlas) and ``extra``: built and validated by Altair once per process,
    then reused by every rerun of every session (None when there is nothing to draw)."""
    return _SPECS.by_object(kind, source, lambda: _to_spec(build()), *extra)


def draw(spec: dict, **options):
    """Draw a spec of :func:`spec_of` (``options``: those of ``st.altair_chart``)."""
    return st.vega_lite_chart(spec=spec, **options)


# The charts' shared look, as Vega-Lite config (set as is: Altair's configure_* copy the
# whole chart once per call)
CONFIG = {"locale": FRENCH.to_dict(), "font": "sans-serif",
          "axis": {"labelFontSize": style.CHART_FONT_PX, "titleFontSize": style.CHART_FONT_PX,
                   "labelLimit": 190},
          "view": {"stroke": None}}


def _finish(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    chart.config = copy.deepcopy(CONFIG)
    return chart


def ranking_chart(ranking: Ranking) -> alt.TopLevelMixin:
    """Horizontal bars, highest first, the reference as a dashed line, the selected EPCI
    in the highlight colour; clicking a bar selects its ``siren``."""
    frame = ranking.frame().assign(short=lambda f: f["name"].map(short_epci_name))
    unit = ranking.indicator.unit
    pick = alt.selection_point(name=SELECTION, fields=["siren"], on="click")
    order = list(frame["short"])
    axis = alt.Axis(labelExpr=EUROS_AXIS, tickCount=4) if unit == "€" else \
        alt.Axis(format=",.0f", tickCount=4)
    bars = alt.Chart(frame).mark_bar(cursor="pointer").encode(
        y=alt.Y("short:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False)),
        x=alt.X("value:Q", title=unit, axis=axis),
        color=alt.condition("datum.selected", alt.value(style.CHART_HIGHLIGHT),
                            alt.value(style.CHART_BAR)),
        tooltip=[alt.Tooltip("name:N", title="EPCI"),
                 alt.Tooltip("value_text:N", title=ranking.indicator.label),
                 alt.Tooltip("rank:Q", title="Rang")],
    ).add_params(pick)
    layers = [bars]
    if ranking.reference is not None:
        rule = pd.DataFrame({"value": [ranking.reference], "label": [ranking.reference_label]})
        layers.append(alt.Chart(rule).mark_rule(color=style.CHART_REFERENCE, strokeDash=[5, 3],
                                                strokeWidth=1.5).encode(
            x="value:Q", tooltip=alt.Tooltip("label:N", title="Référence")))
    return _finish(alt.layer(*layers).properties(height=chart_height(ranking),
                                                 width="container"))


def chart_height(ranking: Ranking) -> int:
    return max(120, BAR_PX * len(ranking.rows))


SCATTER_PX = (560, 400)      # plot area of the equity scatter (names placed for it)
NAME_PX, POINT_PX = 11, 9


def equity_scatter(equity: Equity, selected: str | None = None) -> alt.TopLevelMixin:
    """One named point per EPCI (names placed without overlaps, :mod:`geo.model.chart_labels`);
    the département's two ratios as dashed lines."""
    table = equity.table.assign(short=equity.table["name"].map(short_epci_name))
    frame, names = fit_names(table["investment_per_inhabitant"], table["need_per_1000"],
                             table["short"], *SCATTER_PX, NAME_PX, POINT_PX,
                             lines=(equity.x_reference, equity.y_reference))
    data = pd.concat([table, names], axis=1).assign(
        selected=lambda t: t["siren"] == selected,
        fill=[style.BIVARIATE_COLORS[n][i] for n, i in
              zip(table["need_third"], table["investment_third"])])
    x_scale = alt.Scale(domain=list(frame.x_domain), nice=False)
    y_scale = alt.Scale(domain=list(frame.y_domain), nice=False)
    x = alt.X("investment_per_inhabitant:Q", title=X_LABEL, scale=x_scale)
    y = alt.Y("need_per_1000:Q", title=equity.need_label, scale=y_scale)
    tooltip = [alt.Tooltip("name:N", title="EPCI"),
               alt.Tooltip("investment_per_inhabitant:Q", title="Investissement (€/hab.)",
                           format=",.0f"),
               alt.Tooltip("need_per_1000:Q", title=equity.need_label, format=",.1f")]
    # each point in its colour of the bivariate map, outlined (the palest is near white)
    outline = alt.condition("datum.selected", alt.value(style.CHART_HIGHLIGHT),
                            alt.value(style.CHART_REFERENCE))
    points = alt.Chart(data).mark_circle(size=POINT_PX ** 2, opacity=1).encode(
        x=x, y=y, fill=alt.Fill("fill:N", scale=None), stroke=outline,
        strokeWidth=alt.condition("datum.selected", alt.value(2.5), alt.value(1)),
        tooltip=tooltip)
    placed = alt.Chart(data).transform_filter("datum.placed")
    labels = placed.mark_text(align="left", baseline="bottom", fontSize=NAME_PX).encode(
        x=alt.X("label_x:Q", scale=x_scale), y=alt.Y("label_y:Q", scale=y_scale),
        text="short:N", tooltip=tooltip,
        color=alt.condition("datum.selected", alt.value(style.CHART_HIGHLIGHT),
                            alt.value("#333333")))
    leaders = placed.transform_filter("isValid(datum.leader_x)").mark_rule(
        color=style.CHART_OTHERS, strokeWidth=0.8).encode(
        x=alt.X("investment_per_inhabitant:Q", scale=x_scale), y=alt.Y(
            "need_per_1000:Q", scale=y_scale), x2="leader_x:Q", y2="leader_y:Q")
    refs = pd.DataFrame({"x": [equity.x_reference], "y": [equity.y_reference]})
    rule = alt.Chart(refs).mark_rule(color=style.CHART_REFERENCE, strokeDash=[5, 3])
    layers = [rule.encode(x=alt.X("x:Q", scale=x_scale)),
              rule.encode(y=alt.Y("y:Q", scale=y_scale)), leaders, points, labels]
    return _finish(alt.layer(*layers).properties(width=SCATTER_PX[0], height=SCATTER_PX[1]))


def themes_chart(projects: pd.DataFrame) -> alt.TopLevelMixin | None:
    """Known amounts per theme, stacked by period (each period with its map fill: solid,
    pale, none), each theme's count at the end of its bar (a theme with no known amount
    has no bar, only its count); None when no project has a known amount."""
    known = projects.dropna(subset=["amount_cents"])
    if known.empty:
        return None
    sums = known.groupby(["theme", "period"], as_index=False).agg(
        amount=("amount_cents", lambda s: s.sum() / 100), count=("project_id", "size"))
    periods = [p for p in vocabulary.values(vocabulary.PERIODS) if p in set(sums["period"])]
    # every theme of the selection, those whose amounts the text never gives included
    themes = [t for t in vocabulary.values(vocabulary.THEMES) if t in set(projects["theme"])]
    opacity = {p: style.PERIOD_STYLES[p].fill_opacity + 0.2 for p in periods}
    theme_scale = alt.Scale(domain=themes, range=[style.THEME_COLORS[t] for t in themes])
    counts = _theme_counts(projects, sums, themes)
    x_scale = alt.Scale(domain=[0, float(counts["amount"].max()) * 1.45])
    chart = alt.Chart(sums).mark_bar(strokeWidth=1.2).encode(
        y=alt.Y("theme:N", sort=themes, title=None),
        x=alt.X("amount:Q", title="Montant connu", scale=x_scale,
                axis=alt.Axis(labelExpr=EUROS_AXIS, tickCount=4)),
        color=alt.Color("theme:N", legend=None, scale=theme_scale),
        stroke=alt.Stroke("theme:N", legend=None, scale=theme_scale),
        opacity=alt.Opacity("period:N", title="Période", sort=periods, scale=alt.Scale(
            domain=periods, range=[min(1.0, opacity[p]) for p in periods]),
            legend=alt.Legend(orient="bottom")),
        order=alt.Order("period:N"),
        tooltip=[alt.Tooltip("theme:N", title="Thématique"),
                 alt.Tooltip("period:N", title="Période"),
                 alt.Tooltip("amount:Q", title="Montant connu (€)", format=",.0f"),
                 alt.Tooltip("count:Q", title="Projets")])
    # each theme's count at the end of its bar, unknown amounts included (never as 0 €)
    text = alt.Chart(counts).mark_text(align="left", dx=5, fontSize=11, color="#333333"
                                       ).encode(y=alt.Y("theme:N", sort=themes),
                                                x=alt.X("amount:Q", scale=x_scale),
                                                text="label:N")
    return _finish(alt.layer(chart, text).properties(height=themes_height(projects),
                                                     width="container"))


def _theme_counts(projects: pd.DataFrame, sums: pd.DataFrame, themes: list[str]
                  ) -> pd.DataFrame:
    """Per theme: its known amount and « 5 projets (1 sans montant) »."""
    rows = []
    for theme in themes:
        own = projects[projects["theme"] == theme]
        unknown = int(own["amount_cents"].isna().sum())
        label = f"{len(own)} projet{'s' if len(own) > 1 else ''}" + (
            f" ({unknown} sans montant)" if unknown else "")
        rows.append({"theme": theme, "amount": float(sums.loc[sums["theme"] == theme,
                                                              "amount"].sum()),
                     "label": label})
    return pd.DataFrame(rows)


def themes_height(projects: pd.DataFrame) -> int:
    """Height of :func:`themes_chart` for ``projects`` (one row per theme)."""
    n_themes = projects["theme"].nunique()
    return max(90, 38 * n_themes)


def standing_chart(standings: list[Standing], others: pd.DataFrame, siren: str
                   ) -> alt.TopLevelMixin:
    """Each key figure as a strip from the lowest EPCI (left) to the highest (right): the
    others in grey, this EPCI in the highlight colour (``others``: the ratio table)."""
    rows = []
    for s in standings:
        column = others[s.ratio.key].dropna()
        span = (s.high - s.low) or 1.0
        for epci, value in column.items():
            rows.append({"figure": s.ratio.label, "position": (value - s.low) / span,
                         "own": epci == siren,
                         "text": _value_text(s, value, own=epci == siren)})
    frame = pd.DataFrame(rows)
    order = [s.ratio.label for s in standings]
    base = alt.Chart(frame).encode(
        y=alt.Y("figure:N", sort=order, title=None),
        x=alt.X("position:Q", title="Du plus bas (à gauche) au plus haut (à droite) des EPCI",
                axis=alt.Axis(labels=False, ticks=False), scale=alt.Scale(domain=[0, 1])),
        tooltip=alt.Tooltip("text:N", title="Valeur"))
    others_marks = base.transform_filter("!datum.own").mark_tick(
        color=style.CHART_OTHERS, thickness=2, size=14)
    own = base.transform_filter("datum.own").mark_point(
        filled=True, size=110, shape="diamond", color=style.CHART_HIGHLIGHT)
    return _finish(alt.layer(others_marks, own).properties(
        height=STRIP_PX * len(order), width="container"))


def _value_text(s: Standing, value: float, own: bool) -> str:
    from geo.analysis.standing import format_value
    text = format_value(value, s.ratio.unit)
    return f"{text} — cet EPCI, {s.rank_text}" if own else text
