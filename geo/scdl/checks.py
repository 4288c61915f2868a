"""The rules of the SCDL schema that frictionless does not run (its ``custom_checks``):
``french-siret-value`` on idAttribuant and idBeneficiaire, ``one-of-required`` on
idBeneficiaire / rnaBeneficiaire; and the dates inside ``datesPeriodeVersement``, which
the schema's pattern checks only for shape (2024-13-45 matches it).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

# La Poste's establishments share SIREN 356000000; their SIRET key is a sum multiple of 5.
LA_POSTE_SIREN = "356000000"
SIRET_SHAPE = "SIRET de 14 chiffres attendu (SIREN à 9 chiffres + NIC à 5 chiffres, sans espace)"


def luhn_ok(digits: str) -> bool:
    """The Luhn key (SIREN and SIRET numbers)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        n = int(char) * (2 if position % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def siret_problem(value: str) -> str | None:
    """None when ``value`` is a SIRET (14 digits, valid key), else the French reason."""
    text = value.strip()
    if not re.fullmatch(r"\d{14}", text):
        return SIRET_SHAPE
    if text.startswith(LA_POSTE_SIREN):
        ok = sum(int(c) for c in text) % 5 == 0
    else:
        ok = luhn_ok(text)
    return None if ok else "SIRET invalide : la clé de contrôle est fausse (chiffre mal recopié ?)"


def period_problem(value: str) -> str | None:
    """None when each date of "AAAA-MM-JJ[/AAAA-MM-JJ]" exists and the period is in order."""
    parts = value.strip().split("/")
    dates = []
    for part in parts:
        try:
            dates.append(dt.date.fromisoformat(part))
        except ValueError:
            return f"date inexistante dans la période : {part}"
    if len(dates) == 2 and dates[1] < dates[0]:
        return "période à l'envers : la date de fin précède la date de début"
    return None


def finite_problem(value: str) -> str | None:
    """None unless ``value`` is a number the schema's type lets through without being one
    (« NaN », « inf »: frictionless accepts them, no amount is either)."""
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None      # not a number at all: the schema's type check says so
    if number.is_finite():
        return None
    return "nombre attendu : « NaN » ou « infini » n'est pas une valeur"
