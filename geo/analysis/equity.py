"""The equity view: does the Département invest where the social need is?

For each EPCI with a contract in the recueil: the Département's investment 2015-2018 per
inhabitant (the complete, comparable indicator of :mod:`geo.analysis.investment`) against one
social need per 1 000 inhabitants — RSA households, APA or PCH beneficiaries, as each
contract's section 7 prints them (2017). Both are divided by the 2023 population légale
of the EPCI's communes in the Pas-de-Calais (the only population the atlas ships; the
figures are of 2017, so a ratio is an order of magnitude, not a statistic of 2017).

The reference lines are the département's ratios over the EPCI shown (their total
divided by their population), so each quadrant says "more / less than the département as
a whole". The bivariate map classes each axis in thirds (ranks: 6, 7 and 6 EPCI of 19).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.analysis import investment
from geo.model.amounts import format_number

NEEDS = {
    "rsa_foyers": "Foyers bénéficiaires du RSA",
    "apa_beneficiaires": "Bénéficiaires de l'APA",
    "pch_beneficiaires": "Bénéficiaires de la PCH",
}
NEED_NOUNS = {"rsa_foyers": "foyers au RSA", "apa_beneficiaires": "bénéficiaires de l'APA",
              "pch_beneficiaires": "bénéficiaires de la PCH"}
DEFAULT_NEED = "rsa_foyers"
X_LABEL = "Investissement du Département 2015-2018 par habitant (€/hab.)"
THIRDS = ("bas", "moyen", "haut")
DEFINITION = (
    "Investissement : somme des investissements 2015-2018 que la section 7 « Au-delà du "
    "contrat » de chaque contrat imprime (routes, assainissement, collèges, culture, sport), "
    "divisée par la population légale 2023 (Insee) des communes de l'EPCI dans le "
    "Pas-de-Calais. Besoin social : foyers bénéficiaires du RSA, bénéficiaires de l'APA "
    "(allocation personnalisée d'autonomie) ou de la PCH (prestation de compensation du "
    "handicap) en 2017, imprimés par la même section, pour 1 000 habitants (même "
    "population). Lignes : le ratio du département (total des EPCI ÷ leur population). "
    "CA du Pays de Saint-Omer : pas de contrat dans le recueil, pas de point.")
SOURCES = ("Recueil des actes administratifs du Département du Pas-de-Calais n° 5, mai 2019 "
           "(section 7 de chaque contrat) ; Insee, populations légales 2023.")


def need_label(key: str) -> str:
    return f"{NEEDS[key]} pour 1 000 habitants"


@dataclass(frozen=True)
class Equity:
    need: str                    # key of NEEDS
    table: pd.DataFrame          # siren, name, investment_per_inhabitant, need_per_1000,
                                 # lower_bound, quadrant, need_third, investment_third
    x_reference: float           # département investment per inhabitant
    y_reference: float           # département need per 1 000 inhabitants
    left_out: list[str]          # EPCI names without both figures

    @property
    def need_label(self) -> str:
        return need_label(self.need)

    def quadrant_sentences(self) -> list[str]:
        """One French sentence per quadrant naming its EPCI (empty quadrants said too)."""
        out = []
        for (need_high, invest_high), start in QUADRANTS.items():
            names = self.table.loc[self.table["quadrant"] == (need_high, invest_high), "name"]
            listed = " ; ".join(sorted(names)) if len(names) else "aucun"
            out.append(f"{start} : {len(names)} EPCI ({listed}).")
        return out

    def bivariate_class(self, siren: str) -> tuple[int, int] | None:
        """(need third, investment third), 0 = lowest; None when not shown."""
        row = self.table[self.table["siren"] == siren]
        if row.empty:
            return None
        return int(row["need_third"].iloc[0]), int(row["investment_third"].iloc[0])

    def references_text(self) -> str:
        return (f"Département : {format_number(self.x_reference, 0)} €/hab. investis, "
                f"{format_number(self.y_reference, 1)} {NEED_NOUNS[self.need]} "
                "pour 1 000 habitants.")


QUADRANTS = {
    (True, False): "Besoin social au-dessus du département, investissement par habitant "
                   "au-dessous",
    (True, True): "Besoin social et investissement par habitant au-dessus du département",
    (False, True): "Besoin social au-dessous du département, investissement par habitant "
                   "au-dessus",
    (False, False): "Besoin social et investissement par habitant au-dessous du département",
}


def build(breakdowns: dict[str, investment.Breakdown], key_figures_wide: pd.DataFrame,
          population: pd.Series, names: dict[str, str], need: str = DEFAULT_NEED) -> Equity:
    """The scatter's points for ``need`` (a key of :data:`NEEDS`); ``population`` per
    SIREN (part in the département)."""
    if need not in NEEDS:
        raise ValueError(f"besoin social inconnu : « {need} » (attendu : {', '.join(NEEDS)})")
    invested = investment.values(breakdowns)
    counts = key_figures_wide[need].reindex(invested.index) if need in key_figures_wide \
        else pd.Series(np.nan, index=invested.index)
    people = population.reindex(invested.index).astype(float)
    both = invested.notna() & counts.notna() & (people > 0)
    sirens = list(invested.index[both])
    table = pd.DataFrame({
        "siren": sirens, "name": [names.get(s, s) for s in sirens],
        "investment_per_inhabitant": (invested[both] / people[both]).to_numpy(),
        "need_per_1000": (counts[both] / people[both] * 1000).to_numpy(),
        "lower_bound": [breakdowns[s].lower_bound for s in sirens]})
    x_ref = float(invested[both].sum() / people[both].sum())
    y_ref = float(counts[both].sum() / people[both].sum() * 1000)
    table["quadrant"] = [(bool(y >= y_ref), bool(x >= x_ref)) for x, y in
                         zip(table["investment_per_inhabitant"], table["need_per_1000"])]
    table["need_third"] = thirds(table["need_per_1000"])
    table["investment_third"] = thirds(table["investment_per_inhabitant"])
    left_out = sorted(names.get(s, s) for s in invested.index[~both])
    return Equity(need, table, x_ref, y_ref, left_out)


def thirds(values: pd.Series) -> list[int]:
    """Class 0, 1 or 2 of each value by rank (lowest third first; ties share a class)."""
    if values.empty:
        return []
    ranks = values.rank(method="min").to_numpy() - 1
    return [int(min(2, r * 3 // len(values))) for r in ranks]


def third_bounds(values: pd.Series) -> list[tuple[float, float]]:
    """(lowest, highest) value of each third, for the bivariate legend."""
    classes = pd.Series(thirds(values), index=values.index)
    return [(float(values[classes == k].min()), float(values[classes == k].max()))
            if (classes == k).any() else (float("nan"), float("nan")) for k in range(3)]
