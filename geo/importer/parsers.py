"""Read one cell the way French office files write it.

Each parser takes a cell value (``str`` from CSV; ``int``/``float``/``datetime`` too from
XLSX or GeoPackage) and returns the typed value, or raises ``ValueError`` with a French
message meant to be shown next to the row and column.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from geo.model.amounts import AmountError, parse_amount_cents
from geo.importer.schema import NATURES, PERIODS, THEMES, YEAR_MAX, YEAR_MIN
from geo.model.names import normalize_name

MAX_AMOUNT_CENTS = 100_000_000 * 100        # 100 M€ for the Département's share
MAX_TOTAL_COST_CENTS = 2_000_000_000 * 100  # 2 Md€ for a project's total cost
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2035, 12, 31)
_EXCEL_EPOCH = dt.date(1899, 12, 30)

_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"]


def is_blank(value: object) -> bool:
    """True for None, NaN and strings made only of spaces."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def cell_text(value: object) -> str:
    """The cell as the user would read it: integers without ".0", dates as dd/mm/yyyy."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


# --- amounts -------------------------------------------------------------------------------

def parse_amount(value: object, *, maximum: int = MAX_AMOUNT_CENTS) -> int:
    """Integer cents from "300 000 €", "1,5 M€", 300000.0 ...; negative or absurd is an error."""
    if isinstance(value, bool):
        raise ValueError("montant illisible (valeur VRAI/FAUX)")
    if isinstance(value, (int, float)):
        cents = _number_cents(value)
    else:
        cents = _text_cents(str(value))
    if cents < 0:
        raise ValueError("montant négatif")
    if cents > maximum:
        raise ValueError(f"montant invraisemblable (plus de {maximum // 100_000_000} M€)")
    return cents


def _number_cents(value: float) -> int:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("montant illisible")
    if abs(value) > 1e13:  # beyond any budget, and beyond what Decimal quantizes here
        raise ValueError("montant négatif" if value < 0 else "montant invraisemblable")
    cents = Decimal(str(value)) * 100
    rounded = cents.quantize(Decimal(1))
    if abs(cents - rounded) > Decimal("0.000001"):  # beyond float noise (0.1 + 0.2 ...)
        raise ValueError("montant plus précis que le centime")
    return int(rounded)


def _text_cents(text: str) -> int:
    cleaned = text.strip()
    if cleaned[:1] in "-−–":
        raise ValueError("montant négatif")
    if cleaned.startswith("€"):  # "€ 300 000" as some office locales write it
        cleaned = cleaned[1:].strip() + " €"
    try:
        return parse_amount_cents(cleaned)
    except AmountError as exc:
        reason = str(exc).split(" :")[0]
        raise ValueError(f"{reason} (exemples acceptés : 300 000 €, 300 k€, 1,5 M€)") from None


# --- dates ---------------------------------------------------------------------------------

_DATE_PATTERNS = [
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"), ("y", "m", "d")),
]


def parse_date(value: object) -> dt.date:
    """A date from "dd/mm/yyyy" (also ``-`` or ``.``), ISO "yyyy-mm-dd", or a spreadsheet date."""
    if isinstance(value, dt.datetime):
        return _check_range(value.date())
    if isinstance(value, dt.date):
        return _check_range(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(value)
    text = str(value).strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            return _check_range(_make_date(parts["y"], parts["m"], parts["d"]))
    if re.match(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$", text):
        raise ValueError("année sur deux chiffres : écrivez jj/mm/aaaa")
    raise ValueError("date illisible : format jj/mm/aaaa attendu")


def _make_date(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"date impossible : il n'y a pas de mois {month}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        month_name = _MONTHS[month - 1]
        raise ValueError(f"date impossible : il n'y a pas de {day} {month_name} {year}") from None


def _excel_serial(value: float) -> dt.date:
    if not math.isfinite(value) or value != int(value) or not 20_000 <= value <= 60_000:
        raise ValueError("date illisible : format jj/mm/aaaa attendu")
    return _check_range(_EXCEL_EPOCH + dt.timedelta(days=int(value)))


def _check_range(date: dt.date) -> dt.date:
    if not DATE_MIN <= date <= DATE_MAX:
        raise ValueError(f"date invraisemblable (hors {DATE_MIN.year}-{DATE_MAX.year})")
    return date


# --- categories ----------------------------------------------------------------------------

_THEME_KEYS = {normalize_name(t): t for t in THEMES}
_THEME_KEYS.update({
    "solidarites": "Solidarité", "sports": "Sport", "amenagements": "Aménagement",
    "amenagement du territoire": "Aménagement", "educations": "Education",
    "cultures": "Culture", "culturel": "Culture", "sportif": "Sport",
})
_NATURE_KEYS = {
    "investissement": "investissement", "invest": "investissement", "inv": "investissement",
    "i": "investissement", "fonctionnement": "fonctionnement", "fonct": "fonctionnement",
    "fct": "fonctionnement", "f": "fonctionnement", "non precise": "non précisé",
    "np": "non précisé", "inconnu": "non précisé", "inconnue": "non précisé",
}


def parse_theme(value: object) -> str:
    """One of the five themes, whatever the case and accents."""
    theme = _THEME_KEYS.get(normalize_name(cell_text(value)))
    if theme is None:
        raise ValueError("thématique inconnue ; valeurs admises : " + ", ".join(THEMES))
    return theme


def parse_nature(value: object) -> str:
    """investissement / fonctionnement / non précisé (blank = non précisé)."""
    if is_blank(value):
        return "non précisé"
    nature = _NATURE_KEYS.get(normalize_name(cell_text(value)))
    if nature is None:
        raise ValueError("nature inconnue ; valeurs admises : " + ", ".join(NATURES))
    return nature


def parse_period(value: object) -> tuple[str, int | None]:
    """(period, year): "2019-2021" -> ("2019-2021", None); 2024 -> ("2023-2026", 2024)."""
    text = cell_text(value)
    if re.fullmatch(r"\d{4}", text):
        return period_of_year(int(text)), int(text)
    key = normalize_name(text)
    if key == "a venir":
        return "à venir", None
    if key == "non date":
        return "non daté", None
    match = re.fullmatch(r"(\d{4}) (?:a )?(\d{4})", key)
    if match and f"{match[1]}-{match[2]}" in PERIODS:
        return f"{match[1]}-{match[2]}", None
    raise ValueError("période inconnue ; valeurs admises : " + ", ".join(PERIODS)
                     + f", ou une année de {YEAR_MIN} à {YEAR_MAX}")


def period_of_year(year: int) -> str:
    """The contract generation a year belongs to.

    The 2019 generation was voted on 12 November 2018 and ran "en 4 années" (report
    n° 2022-317), so 2022 belongs to it; years after 2026 are "à venir".
    """
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"année hors de la plage {YEAR_MIN}-{YEAR_MAX}")
    if year <= 2018:
        return "2015-2018"
    if year <= 2022:
        return "2019-2021"
    return "2023-2026" if year <= 2026 else "à venir"


# --- text and numbers ----------------------------------------------------------------------

MAX_TEXT = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_text(value: object, *, max_length: int = MAX_TEXT) -> str:
    """Trimmed text; control characters and overlong values are errors."""
    text = re.sub(r"\s+", " ", cell_text(value)).strip()
    if _CONTROL.search(cell_text(value)):
        raise ValueError("caractères de contrôle dans le texte")
    if len(text) > max_length:
        raise ValueError(f"texte trop long ({len(text)} caractères, maximum {max_length})")
    return text


def parse_number(value: object) -> float:
    """A coordinate: "2,7773", "687 123,5", 2.7773."""
    if isinstance(value, bool):
        raise ValueError("nombre illisible")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if not re.fullmatch(r"[-+]?\d+(?:[.,]\d+)?", text):
            raise ValueError("nombre illisible")
        number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError("nombre illisible")
    return number
