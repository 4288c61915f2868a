"""The Département's investment 2015-2018 per EPCI, from each contract's section 7
"Au-delà du contrat": the atlas's default, complete and comparable indicator.

Every one of the 19 contracts prints the same blocks of 2015-2018 investment; the
indicator adds those that cannot overlap, because each is a separate departmental
policy with its own budget:

* roads (``routes_invest_2015_2018_eur``), sanitation (``assainissement_…``, printed by
  14 contracts: a contract that does not print it adds nothing for it, said in the
  breakdown), collèges (``colleges_…``), culture (``culture_…``, not printed by Flandre
  Lys), sport (``sport_…``).

Shown beside, never added:

* the FARDA (``farda_eur``): the fund for rural communes finances their equipment,
  churches and sports grounds included, so its projects may be counted under culture
  or sport as well; the text does not let us separate them;
* the CIS investment (``cis_invest_2015_2018_eur``): printed by one contract only
  (Hénin-Carvin), so adding it would make that EPCI incomparable.

"Plus de" / "près de" figures are lower or approximate bounds: an EPCI whose sum
includes one is marked ``lower_bound`` ("au moins"). The CA du Pays de Saint-Omer has
no contract in the recueil: no figure, never 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.model import vocabulary

COMPONENTS = {
    "routes_invest_2015_2018_eur": "Routes",
    "assainissement_invest_2015_2018_eur": "Assainissement",
    "colleges_invest_2015_2018_eur": "Collèges",
    "culture_invest_2015_2018_eur": "Culture",
    "sport_invest_2015_2018_eur": "Sport",
}
BESIDE = {
    "farda_eur": ("FARDA", "non additionné : le fonds finance aussi des équipements "
                           "communaux, il peut recouper culture et sport"),
    "cis_invest_2015_2018_eur": ("CIS", "non additionné : cité par un seul contrat"),
}
KEY = vocabulary.INDICATOR_INVESTMENT
KEY_PER_INHABITANT = vocabulary.INDICATOR_INVESTMENT_PER_INHABITANT
LABEL = "Investissement du Département 2015-2018 (« Au-delà du contrat »)"
DEFINITION = ("Somme, pour chaque contrat, des investissements 2015-2018 que sa section 7 "
              "« Au-delà du contrat » imprime : routes, assainissement, collèges, culture, "
              "sport. Le FARDA (qui peut recouper culture et sport) et les CIS (cités par un "
              "seul contrat) sont montrés à côté, sans être additionnés. « Plus de » : "
              "valeur minimale. CA du Pays de Saint-Omer : pas de contrat dans le recueil.")
NO_CONTRACT = "pas de contrat dans le recueil de mai 2019"


@dataclass(frozen=True)
class Breakdown:
    """One EPCI's figure with what it is made of."""

    epci_siren: str
    total_eur: float | None
    lower_bound: bool
    parts: list[tuple[str, float, str]]       # (label, euros, printed text)
    missing: list[str]                         # components its contract does not print
    beside: list[tuple[str, float, str]]       # (label, euros, why not added)
    refs: list[str]                            # source references of the parts
    reason: str = ""                           # why there is no figure


def breakdowns(key_figures: pd.DataFrame, sirens: list[str]) -> dict[str, Breakdown]:
    """The indicator for each of ``sirens`` (long key-figure rows of key_figures.csv)."""
    out = {}
    for siren in sirens:
        rows = key_figures[key_figures["epci_siren"] == siren].set_index("indicator")
        parts = [(label, float(rows.at[k, "value"]), rows.at[k, "raw_text"])
                 for k, label in COMPONENTS.items() if k in rows.index]
        if not parts:
            out[siren] = Breakdown(siren, None, False, [], [], [], [], NO_CONTRACT)
            continue
        present = [k for k in COMPONENTS if k in rows.index]
        qualifiers = rows.loc[present, "qualifier"].fillna("")
        out[siren] = Breakdown(
            siren, sum(v for _, v, _ in parts), bool((qualifiers != "").any()), parts,
            [COMPONENTS[k] for k in COMPONENTS if k not in rows.index],
            [(BESIDE[k][0], float(rows.at[k, "value"]), BESIDE[k][1])
             for k in BESIDE if k in rows.index],
            [rows.at[k, "source_ref"] for k in present])
    return out


def values(table: dict[str, Breakdown], population: pd.Series | None = None) -> pd.Series:
    """Euros per EPCI (NaN where no figure); per inhabitant with ``population``."""
    series = pd.Series({s: (b.total_eur if b.total_eur is not None else float("nan"))
                        for s, b in table.items()}, dtype=float)
    if population is not None:
        series = series / population.reindex(series.index)
    return series


def describe(b: Breakdown) -> str:
    """French one-line breakdown: "au moins 21,96 M€ : Routes 18,11 M€ + ..."."""
    from geo.model.amounts import format_eur

    if b.total_eur is None:
        return f"Sans donnée : {b.reason}"
    parts = " + ".join(f"{label} {format_eur(v * 100)}" for label, v, _ in b.parts)
    text = f"{'au moins ' if b.lower_bound else ''}{format_eur(b.total_eur * 100)} = {parts}"
    if b.missing:
        text += f" (non imprimé : {', '.join(b.missing).lower()})"
    if b.beside:
        text += "".join(f" ; à côté : {label} {format_eur(v * 100)}, {why}"
                        for label, v, why in b.beside)
    return text
