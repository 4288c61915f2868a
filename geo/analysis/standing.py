"""Where an EPCI stands among the others on each key figure, made comparable.

EPCI differ in size by a factor of 20, so a raw figure beside "the average EPCI" says
little. Each key figure of section 7 is divided by what it serves (inhabitants, pupils,
beneficiaries) before the EPCI are compared: the panel and the chart of the EPCI view
show its value, its rank among the EPCI that print the figure, and the spread (lowest,
median, highest). A figure printed by fewer than three contracts is not compared.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.model.amounts import format_number
from geo.analysis.indicators import KEY_FIGURE_LABELS, format_value as _format_value
from geo.analysis.ranking import ordinal

POPULATION = "population"
MIN_COMPARED = 3


@dataclass(frozen=True)
class Ratio:
    """A key figure (``numerator``) divided by ``denominator`` (a key figure or the
    population), times ``scale``."""

    key: str
    label: str
    unit: str
    numerator: str
    denominator: str = POPULATION
    scale: float = 1.0


RATIOS = [
    Ratio("rsa_foyers_1000", "Foyers au RSA", "pour 1 000 hab.", "rsa_foyers", scale=1000),
    Ratio("rsa_eur_foyer", "RSA versé par foyer", "€/foyer", "rsa_eur", "rsa_foyers"),
    Ratio("apa_1000", "Bénéficiaires de l'APA", "pour 1 000 hab.", "apa_beneficiaires",
          scale=1000),
    Ratio("apa_eur_benef", "APA versée par bénéficiaire", "€/bénéf.", "apa_eur",
          "apa_beneficiaires"),
    Ratio("pch_1000", "Bénéficiaires de la PCH", "pour 1 000 hab.", "pch_beneficiaires",
          scale=1000),
    Ratio("pch_eur_benef", "PCH versée par bénéficiaire", "€/bénéf.", "pch_eur",
          "pch_beneficiaires"),
    Ratio("routes_hab", "Routes : investissement 2015-2018", "€/hab.",
          "routes_invest_2015_2018_eur"),
    Ratio("assainissement_hab", "Assainissement : investissement 2015-2018", "€/hab.",
          "assainissement_invest_2015_2018_eur"),
    Ratio("colleges_invest_eleve", "Collèges : investissement 2015-2018", "€/élève",
          "colleges_invest_2015_2018_eur", "eleves"),
    Ratio("colleges_fonct_eleve", "Collèges : fonctionnement par an", "€/élève",
          "colleges_fonctionnement_eur", "eleves"),
    Ratio("demi_pension", "Collégiens demi-pensionnaires", "%", "demi_pensionnaires_pct",
          denominator=""),
    Ratio("culture_hab", "Culture : investissement 2015-2018", "€/hab.",
          "culture_invest_2015_2018_eur"),
    Ratio("sport_hab", "Sport : investissement 2015-2018", "€/hab.",
          "sport_invest_2015_2018_eur"),
    Ratio("subventions_hab", "Subventions sport et culture (2017-2018)", "€/hab.",
          "subventions_fonctionnement_sport_culture_eur"),
    Ratio("farda_hab", "FARDA 2015-2018", "€/hab.", "farda_eur"),
    Ratio("assistantes_10000", "Assistantes familiales", "pour 10 000 hab.",
          "assistantes_familiales", scale=10000),
]
assert all(r.numerator in KEY_FIGURE_LABELS for r in RATIOS)


def format_value(value: float, unit: str) -> str:
    """A rate "pour 1 000 hab." keeps one decimal below 100 (26,1), else as elsewhere."""
    if unit.startswith("pour") and value == value and abs(value) < 100:
        return f"{format_number(value, 1)}\u00a0{unit}"
    return _format_value(value, unit)


@dataclass(frozen=True)
class Standing:
    ratio: Ratio
    value: float
    value_text: str
    rank: int              # 1 = highest
    count: int             # EPCI that print the figure
    low: float
    median: float
    high: float

    @property
    def rank_text(self) -> str:
        return f"{ordinal(self.rank)} sur {self.count}"

    def spread_text(self) -> str:
        unit = self.ratio.unit
        return (f"de {format_value(self.low, unit)} à {format_value(self.high, unit)}, "
                f"médiane {format_value(self.median, unit)}")


def ratio_table(wide: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """One column per ratio, one row per SIREN (NaN where the contract lacks a figure)."""
    people = population.reindex(wide.index).astype(float)
    columns = {}
    for r in RATIOS:
        if r.numerator not in wide:
            continue
        top = wide[r.numerator].astype(float)
        if r.denominator == POPULATION:
            bottom = people
        elif r.denominator:
            bottom = wide[r.denominator].astype(float) if r.denominator in wide else None
        else:
            bottom = pd.Series(1.0, index=wide.index)
        if bottom is not None:
            columns[r.key] = top / bottom.where(bottom > 0) * r.scale
    return pd.DataFrame(columns, index=wide.index)


def standings(table: pd.DataFrame, siren: str) -> list[Standing]:
    """The EPCI's position on every ratio it and at least two others have."""
    out = []
    for r in RATIOS:
        if r.key not in table or siren not in table.index:
            continue
        column = table[r.key].dropna()
        if siren not in column.index or len(column) < MIN_COMPARED:
            continue
        value = float(column[siren])
        rank = int((column > value).sum()) + 1
        out.append(Standing(r, value, format_value(value, r.unit), rank, len(column),
                            float(column.min()), float(column.median()),
                            float(column.max())))
    return out
