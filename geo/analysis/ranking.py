"""The EPCI ranked on the département map's indicator: the rows of the ranking chart
beside the choropleth, of its table equivalent and of the booklet's ranking page.

Only comparable figures are ranked (the choropleth's ``classe`` state). An EPCI with no
figure (no contract in the recueil, outside the filters' territory) or a partial one
(livret map illegible in the source) is listed apart with the reason, never drawn as a
bar of 0.

The reference line is said with what it is: for a per-inhabitant indicator the
département's ratio (the ranked EPCI's total divided by their population, so a small
EPCI weighs as much as its inhabitants), otherwise the simple mean of the ranked EPCI.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.analysis.choropleth import CLASSED, LOST, Choropleth
from geo.analysis.coverage import Coverage
from geo.analysis.indicators import Indicator, format_value

PER_INHABITANT = "€/hab."


@dataclass(frozen=True)
class RankRow:
    siren: str
    name: str
    value: float
    value_text: str        # "au moins 1 234 €/hab." (the choropleth's own text)
    rank: int              # 1 = highest
    selected: bool


@dataclass(frozen=True)
class Ranking:
    indicator: Indicator
    rows: list[RankRow]                     # ranked, highest first
    reference: float | None
    reference_label: str                    # "Département : 412 €/hab. (total ÷ population)"
    left_out: list[tuple[str, str, str]]    # (SIREN, EPCI name, why it is not ranked)

    def frame(self) -> pd.DataFrame:
        """One row per ranked EPCI (for the chart and the table)."""
        return pd.DataFrame([r.__dict__ for r in self.rows],
                            columns=["siren", "name", "value", "value_text", "rank",
                                     "selected"])

    def position(self, siren: str) -> str:
        """"3e sur 19" for a ranked EPCI, else why it is not ranked."""
        row = next((r for r in self.rows if r.siren == siren), None)
        if row is not None:
            return f"{ordinal(row.rank)} sur {len(self.rows)}"
        return next((why for s, _, why in self.left_out if s == siren), "non classé")


def ordinal(rank: int) -> str:
    return "1er" if rank == 1 else f"{rank}e"


def build(data: Choropleth, names: dict[str, str], population: pd.Series,
          coverage: Coverage, scope: list[str], selected: str | None = None) -> Ranking:
    """The ranking of ``data`` (the département choropleth) over its comparable EPCI;
    ``population`` per SIREN (part in the département), ``scope`` the filtered EPCI."""
    ranked = data.values[data.status == CLASSED].dropna().sort_values(ascending=False,
                                                                      kind="mergesort")
    rows = [RankRow(s, names.get(s, s), float(v), _value_text(data, s), i + 1, s == selected)
            for i, (s, v) in enumerate(ranked.items())]
    reference, label = _reference(data.indicator, ranked, population)
    left_out = [(s, names.get(s, s), _why(data, s, coverage, scope))
                for s in sorted(set(data.values.index) - set(ranked.index),
                                key=lambda s: names.get(s, s))]
    return Ranking(data.indicator, rows, reference, label, left_out)


def _value_text(data: Choropleth, siren: str) -> str:
    return data.value_text(siren, format_value).replace("\u202f", " ")


def _reference(indicator: Indicator, ranked: pd.Series, population: pd.Series
               ) -> tuple[float | None, str]:
    if ranked.empty:
        return None, ""
    if indicator.unit == PER_INHABITANT:
        people = population.reindex(ranked.index).astype(float)
        value = float((ranked * people).sum() / people.sum())
        return value, (f"Département : {format_value(value, indicator.unit)} "
                       f"(total des {len(ranked)} EPCI classés ÷ leur population)")
    value = float(ranked.mean())
    return value, (f"Moyenne des {len(ranked)} EPCI classés : "
                   f"{format_value(value, indicator.unit)}")


def _why(data: Choropleth, siren: str, coverage: Coverage, scope: list[str]) -> str:
    if siren not in scope:
        return "hors du territoire choisi"
    if data.status.get(siren) == LOST:
        return "carte du livret illisible dans la source : montant partiel, non classé"
    if siren not in coverage.with_contract:
        return "pas de contrat dans le recueil de mai 2019 : pas de chiffre"
    return "le contrat ne donne pas ce chiffre"
