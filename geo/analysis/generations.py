"""The contract generation of every project, with the rule that gave it.

Generations (:data:`geo.model.vocabulary.GENERATIONS`):

- "2015-2018": financed before the 2019 contracts (section 7 "Au-delà du contrat" and the
  livret maps' full symbols);
- "2019-2021": the third generation, voted on 12 November 2018. The 2022 framework
  (report n° 2022-317, lines 122-125 of ``002_97c6f9649ae06488.txt``) counts it "en 4
  années": an operation engaged in 2022 belongs to it;
- "2023-2026": the fourth generation (deliberation 2022-317);
- "non établie": the source gives no year and no period (never guessed).

A project of the May 2019 recueil announced "à venir" is an engagement of the 2019-2021
contract that names it ("De participer", "Il sera proposé"): it belongs to that
generation, whenever it is paid.
"""
from __future__ import annotations

import pandas as pd

from geo.model.paths import FRAMEWORK_2022

UNKNOWN = "non établie"
FRAMEWORK_REF = f"{FRAMEWORK_2022.name}:122-125"

_BY_PERIOD = {
    "2015-2018": ("2015-2018", "période 2015-2018 de la source"),
    "2019-2021": ("2019-2021", "période du contrat 2019-2021 dans la source"),
    "2023-2026": ("2023-2026", "période du contrat 2023-2026 dans la source"),
    "à venir": ("2019-2021", "annoncé « à venir » par le contrat 2019-2021 qui le nomme"),
    "non daté": (UNKNOWN, "aucune année ni période dans la source"),
}


def of_year(year: int) -> str:
    """The generation of an operation engaged (voted, signed) in ``year``."""
    if year <= 2018:
        return "2015-2018"
    if year <= 2022:      # "en 4 années" (report 2022-317): 2019 to 2022
        return "2019-2021"
    return "2023-2026" if year <= 2026 else UNKNOWN


def year_rule(year: int, what: str = "année") -> str:
    """Why ``of_year(year)`` is what it is, in French."""
    generation = of_year(year)
    if year == 2022:
        return (f"{what} 2022 : génération 2019-2021, comptée « en 4 années » par le "
                f"rapport 2022-317 ({FRAMEWORK_REF})")
    if generation == UNKNOWN:
        return f"{what} {year} : après le contrat 2023-2026, génération non établie"
    return f"{what} {year} : génération {generation}"


def of_project(period: object, year: object) -> tuple[str, str]:
    """(generation, rule) of a project from its year when known, else its period."""
    if year is not None and not pd.isna(year):
        return of_year(int(year)), year_rule(int(year))
    return _BY_PERIOD.get(str(period), (UNKNOWN, "période inconnue"))


def assign(projects: pd.DataFrame) -> pd.DataFrame:
    """``projects`` with ``generation`` and ``generation_rule`` (kept when already set,
    as imported rows carry the generation of their convention date)."""
    pairs = [of_project(p, y) for p, y in zip(projects["period"], projects["year"])]
    derived = pd.DataFrame(pairs, columns=["generation", "generation_rule"],
                           index=projects.index)
    out = projects.copy()
    for column in ("generation", "generation_rule"):
        if column in out:
            given = out[column].notna() & (out[column].astype(str) != "")
            out[column] = out[column].where(given, derived[column])
        else:
            out[column] = derived[column]
    return out
