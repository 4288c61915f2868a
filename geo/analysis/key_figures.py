"""An EPCI's "Au-delà du contrat" figures beside the département, as rows every view
reads (the key-figures panel, the booklet): one place decides what a row says.

A figure the contracts print at the département's scale (the SDIS running cost, the same
78 M€ in each contract) is a département figure, shown apart, never compared with "the
average EPCI" (it would read "78 M€ vs 78 M€, 0 %").
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.analysis import aggregate
from geo.analysis.indicators import KEY_FIGURE_LABELS, NOT_MAPPED, format_value

AVERAGE_NOTE = ("Moyenne des EPCI : moyenne simple des EPCI dont le contrat donne le chiffre. "
                "Source : recueil des actes administratifs du Département, mai 2019, section "
                "« 7. Au-delà du contrat » de chaque contrat.")


@dataclass(frozen=True)
class KeyFigureRow:
    key: str
    label: str
    unit: str
    value: float
    value_text: str          # "plus de 4 860 000 €" (the qualifier the text prints)
    mean: float | None       # mean of the EPCI that print it; None for département figures
    mean_text: str
    gap_text: str            # "+12 %" against the mean, "–" when none
    year: str                # reference year or period the text states, "" if none
    raw_text: str            # the figure as printed
    source_ref: str
    note: str
    departement_wide: bool


def _gap(value: float, mean: float | None) -> str:
    if mean is None or mean != mean or not mean:
        return "–"
    share = (value / mean - 1) * 100
    sign = "+" if share > 0 else ("−" if share < 0 else "")
    return f"{sign}{format_value(abs(share), '')}\u00a0%"


def rows_for(long: pd.DataFrame, wide: pd.DataFrame, siren: str) -> list[KeyFigureRow]:
    """The figures of ``siren`` in the order of :data:`KEY_FIGURE_LABELS` (``long``: the
    rows of key_figures.csv; ``wide``: one column per indicator, for the means)."""
    own = long[long["epci_siren"] == siren].set_index("indicator")
    means = aggregate.department_average(wide)
    printed_by = wide.notna().sum()          # how many contracts print each figure
    out = []
    for key, (label, unit) in KEY_FIGURE_LABELS.items():
        if key not in own.index or pd.isna(own.at[key, "value"]):
            continue
        fig = own.loc[key]
        qualifier = f"{fig['qualifier']} " if isinstance(fig.get("qualifier"), str) else ""
        wide_scope = key in NOT_MAPPED
        # a mean of one contract is its own figure: nothing to compare with
        alone = printed_by.get(key, 0) < 2
        mean = None if wide_scope or alone else means.get(key)
        mean_text = ("seul contrat à le citer" if alone and not wide_scope else
                     "–" if mean is None else format_value(mean, unit))
        out.append(KeyFigureRow(
            key, label, unit, float(fig["value"]), qualifier + format_value(fig["value"], unit),
            mean, mean_text,
            "–" if mean is None else _gap(fig["value"], mean),
            fig["reference_year"] if isinstance(fig.get("reference_year"), str) else "",
            fig["raw_text"], fig["source_ref"],
            fig["note"] if isinstance(fig.get("note"), str) else "", wide_scope))
    return out
