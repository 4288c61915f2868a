"""Indicators of the département choropleth and of the key-figures panel.

Each indicator has a French label, a unit and a way to compute its value per EPCI from
the (filtered) projects or from the "Au-delà du contrat" key figures. Classes are
computed with mapclassify (quantiles by default, or Fisher-Jenks natural breaks) and
labelled in French number format.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.model import vocabulary
from geo.model.amounts import format_number


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str          # "€", "€/hab.", "bénéficiaires"...
    source: str        # "projects" or "key_figures"


INVESTMENT_INDICATORS = [
    Indicator(vocabulary.INDICATOR_INVESTMENT,
              "Investissement du Département 2015-2018 (« Au-delà du contrat »)", "€",
              "key_figures"),
    Indicator(vocabulary.INDICATOR_INVESTMENT_PER_INHABITANT,
              "Investissement du Département 2015-2018 par habitant", "€/hab.",
              "key_figures"),
]
DEFAULT_INDICATOR = INVESTMENT_INDICATORS[0].key

PROJECT_INDICATORS = [
    Indicator(vocabulary.INDICATOR_PROJECT_AMOUNT, "Montant des projets (filtres appliqués)",
              "€", "projects"),
    Indicator(vocabulary.INDICATOR_PROJECT_AMOUNT_PER_INHABITANT,
              "Montant des projets par habitant", "€/hab.", "projects"),
    Indicator(vocabulary.INDICATOR_PROJECT_COUNT, "Nombre de projets", "projets", "projects"),
]

# Key figures of section 7 "Au-delà du contrat" (indicator names of key_figures.csv).
KEY_FIGURE_LABELS = {
    "rsa_eur": ("RSA : montant versé", "€"),
    "rsa_foyers": ("RSA : foyers bénéficiaires", "foyers"),
    "apa_eur": ("APA : montant versé", "€"),
    "apa_beneficiaires": ("APA : bénéficiaires", "bénéficiaires"),
    "pch_eur": ("PCH : montant versé", "€"),
    "pch_beneficiaires": ("PCH : bénéficiaires", "bénéficiaires"),
    "assistantes_familiales": ("Assistantes familiales", "personnes"),
    "routes_invest_2015_2018_eur": ("Routes : investissement 2015-2018", "€"),
    "assainissement_invest_2015_2018_eur": ("Assainissement : investissement 2015-2018", "€"),
    "colleges": ("Collèges publics", "collèges"),
    "eleves": ("Collégiens", "élèves"),
    "colleges_fonctionnement_eur": ("Collèges : fonctionnement par an", "€"),
    "colleges_invest_2015_2018_eur": ("Collèges : investissement 2015-2018", "€"),
    "demi_pensionnaires_pct": ("Collégiens demi-pensionnaires", "%"),
    "repas_par_an": ("Repas servis par an", "repas"),
    "culture_invest_2015_2018_eur": ("Culture : investissement 2015-2018", "€"),
    "sport_invest_2015_2018_eur": ("Sport : investissement 2015-2018", "€"),
    "subventions_fonctionnement_sport_culture_eur": (
        "Subventions de fonctionnement sport et culture (2017-2018)", "€"),
    "farda_projets": ("FARDA : projets soutenus 2015-2018", "projets"),
    "farda_communes": ("FARDA : communes concernées", "communes"),
    "farda_eur": ("FARDA : montant 2015-2018", "€"),
    "agents_amenagement_territoire": ("Agents Aménagement du territoire (échelle MDADT)", "agents"),
    "agents_amenagement_epci": ("Agents Aménagement du territoire (intercommunalité)", "agents"),
    "agents_solidarite": ("Agents Solidarités humaines", "agents"),
    "sdis_fonctionnement_eur": ("SDIS : fonctionnement annuel (département)", "€"),
    "cis": ("Centres d'incendie et de secours cités", "CIS"),
    "cis_invest_2015_2018_eur": ("CIS : investissement 2015-2018", "€"),
    "agents_solidarite_additionnels": ("Agents Solidarités humaines (second chiffre, non "
                                       "libellé dans le texte)", "agents"),
}
# Département-wide figures repeated in every contract: shown in the panel, never mapped
# (a choropleth of one value repeated 19 times says nothing).
NOT_MAPPED = {"sdis_fonctionnement_eur"}


def key_figure_indicators(available: list[str]) -> list[Indicator]:
    """Indicators for the key figures present in the data, in the order above."""
    known = [Indicator(k, label, unit, "key_figures")
             for k, (label, unit) in KEY_FIGURE_LABELS.items()
             if k in available and k not in NOT_MAPPED]
    extra = [Indicator(k, k.replace("_", " "), "", "key_figures")
             for k in sorted(set(available) - set(KEY_FIGURE_LABELS) - NOT_MAPPED)]
    return known + extra


def format_value(value: float | None, unit: str) -> str:
    if value is None or pd.isna(value):
        return "–"
    decimals = 1 if unit in ("€/hab.", "%") and abs(value) < 1000 else 0
    text = format_number(value, decimals)
    return f"{text}\u00a0{unit}" if unit else text


@dataclass(frozen=True)
class Classes:
    bins: list[float]          # upper bounds, ascending
    labels: list[str]          # French legend text per class
    method: str

    def index(self, values: pd.Series) -> pd.Series:
        """Class number (0..k-1) of each value; -1 for missing."""
        out = np.searchsorted(np.asarray(self.bins), values.to_numpy(dtype=float), side="left")
        out = np.minimum(out, len(self.bins) - 1)
        return pd.Series(np.where(values.isna(), -1, out), index=values.index)


METHODS = {"quantiles": "Quantiles", "seuils_naturels": "Seuils naturels (Jenks)"}


def quantile_bins(data: np.ndarray, k: int) -> list[float]:
    """Upper bounds of ``k`` quantile classes, as ``mapclassify.Quantiles`` computes them
    (linear percentiles at 100/k, 200/k… 100, repeated bounds merged): written here so a
    page does not import mapclassify (with scikit-learn, SciPy and matplotlib: 115 MiB
    per server process); ``tests/test_indicators.py`` checks both agree."""
    step = 100.0 / k
    points = np.arange(step, 100 + step, step)
    points[-1] = min(points[-1], 100.0)
    ordered = np.sort(data)
    return list(np.unique([_score_at(ordered, p) for p in points]))


def _score_at(ordered: np.ndarray, percent: float) -> float:
    """SciPy's ``scoreatpercentile`` ("fraction"), operation for operation: the weighted
    sum of the two neighbours (NumPy's linear percentile differs in the last digits)."""
    index = percent / 100.0 * (len(ordered) - 1)
    low = int(index)
    if low == index:
        return float(ordered[low])
    weights = np.array([(low + 1 - index), (index - low)], float)
    return float(np.add.reduce(ordered[low:low + 2] * weights) / weights.sum())


def _natural_breaks(data: np.ndarray, k: int) -> list[float]:
    """Fisher-Jenks natural breaks (mapclassify, imported only when chosen)."""
    import warnings

    with warnings.catch_warnings():  # mapclassify warns about numba, and few unique values
        warnings.simplefilter("ignore")
        import mapclassify
        return list(mapclassify.FisherJenks(data, k=k).bins)


def classify(values: pd.Series, unit: str, k: int = 5, method: str = "quantiles") -> Classes:
    """Classes for ``values`` (NaN ignored). Fewer distinct values -> fewer classes."""
    data = values.dropna().to_numpy(dtype=float)
    distinct = np.unique(data)
    k = max(1, min(k, len(distinct)))
    if len(distinct) <= k:
        bins = list(distinct) or [0.0]
    elif method == "seuils_naturels":
        bins = _natural_breaks(data, k)
    else:
        bins = quantile_bins(data, k)
    bins = sorted(set(float(b) for b in bins))
    lowest = float(data.min()) if len(data) else 0.0
    labels = []
    for i, b in enumerate(bins):
        if i == 0:   # the first class includes its lower bound
            labels.append(format_value(b, unit) if b == lowest else
                          f"{format_value(lowest, unit)} – {format_value(b, unit)}")
        else:        # the others start just above the previous upper bound
            labels.append(f"> {format_value(bins[i - 1], unit)} – {format_value(b, unit)}")
    return Classes(bins, labels, METHODS.get(method, method))
