"""Parse and format euro amounts the way French documents write them.

Amounts are held as integer **cents** everywhere in the data layer, so that sums never
drift ("52 357,20 €" is 5_235_720 cents). Formatting for display lives here too, so the
dashboard, the exports and the tests print "1 234 567 €" the same way.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NBSP = "\u00a0"
NNBSP = "\u202f"

_MULTIPLIERS = {
    "milliard": 1_000_000_000, "milliards": 1_000_000_000, "md€": 1_000_000_000,
    "million": 1_000_000, "millions": 1_000_000, "m€": 1_000_000, "m": 1_000_000,
    "k€": 1_000, "k": 1_000,
}

# number, optional multiplier word, optional euro sign / "d'euros" / "euros"
_AMOUNT_RE = re.compile(
    r"""^\s*(?P<num>\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?)\s*
        (?P<mult>milliards?|millions?|md€|m€|k€|k|m)?\s*
        (?:€|euros?|d['’]euros|eur)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


class AmountError(ValueError):
    """The text is not an amount we can read without guessing."""


def parse_amount_cents(text: str) -> int:
    """Return the amount written in ``text`` as integer cents.

    >>> parse_amount_cents("2 305 703 €")
    230570300
    >>> parse_amount_cents("10,36 millions €")
    1036000000
    >>> parse_amount_cents("52 357,20 €")
    5235720
    >>> parse_amount_cents("un million d'euros")
    100000000
    """
    cleaned = text.replace(NBSP, " ").replace(NNBSP, " ").replace("\u2009", " ").strip()
    cleaned = re.sub(r"\s+", " ", cleaned)
    cleaned = re.sub(r"^(?:un|une)\s+(?=milli)", "1 ", cleaned, flags=re.IGNORECASE)
    match = _AMOUNT_RE.match(cleaned)
    if not match:
        raise AmountError(f"montant illisible : {text!r}")
    num = match.group("num")
    mult_word = (match.group("mult") or "").lower()
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", num):
        num = num.replace(" ", "").replace(".", "")
    num = num.replace(",", ".")
    try:
        value = Decimal(num)
    except InvalidOperation as exc:  # pragma: no cover - regex guarantees digits
        raise AmountError(f"montant illisible : {text!r}") from exc
    value *= _MULTIPLIERS.get(mult_word, 1)
    cents = value * 100
    if cents != cents.to_integral_value():
        raise AmountError(f"montant plus précis que le centime : {text!r}")
    return int(cents)


def _missing(value) -> bool:
    """None, NaN or pandas' NA."""
    import pandas as pd  # here: the parser itself needs no pandas

    return value is None or bool(pd.isna(value))


def format_eur(cents: int | float | None, *, decimals: bool = False) -> str:
    """French display: ``format_eur(123456700) == '1 234 567 €'`` (narrow no-break spaces)."""
    if _missing(cents):
        return "–"
    euros = Decimal(int(round(cents))) / 100
    if decimals:
        text = f"{euros:,.2f}".replace(",", " ").replace(".", ",")
    else:
        text = f"{euros.quantize(Decimal(1)):,.0f}".replace(",", " ")
    return text.replace(" ", NNBSP) + NBSP + "€"


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """French number format with narrow no-break thousands separators."""
    if _missing(value):
        return "–"
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text.replace(" ", NNBSP)
