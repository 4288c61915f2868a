"""Matching commune names the way people write them.

"St-Omer", "SAINT OMER" and "Saint-Omer" are the same commune; so are "Écuires" and
"Ecuires". Used by the seed importer and by the spreadsheet import.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

_ABBREVIATIONS = [
    (re.compile(r"\bste\b"), "sainte"),
    (re.compile(r"\bst\b"), "saint"),
]


def normalize_name(name: str) -> str:
    """Lower case, no accents, no punctuation, "St"/"Ste" expanded, single spaces.

    >>> normalize_name("St-Martin-Boulogne")
    'saint martin boulogne'
    >>> normalize_name("  ÉCUIRES ")
    'ecuires'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    return re.sub(r"\s+", " ", text)


@dataclass
class CommuneIndex:
    """Look up INSEE codes by commune name (accent, case, hyphen and "St" insensitive)."""

    names: dict[str, str]  # INSEE code -> official name
    _by_key: dict[str, list[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {}
        for code, name in self.names.items():
            for key in {normalize_name(name), normalize_name(_without_article(name))}:
                self._by_key.setdefault(key, []).append(code)

    def codes(self, name: str) -> list[str]:
        """All INSEE codes whose name matches (usually one; empty when unknown)."""
        return sorted(set(self._by_key.get(normalize_name(name), [])))

    def code(self, name: str) -> str | None:
        """The INSEE code when the name designates exactly one commune."""
        found = self.codes(name)
        return found[0] if len(found) == 1 else None

    def suggestions(self, name: str, n: int = 3) -> list[str]:
        """Official names close to ``name``, for "did you mean" messages."""
        keys = difflib.get_close_matches(normalize_name(name), list(self._by_key), n=n, cutoff=0.75)
        return [self.names[self._by_key[key][0]] for key in keys]


def _without_article(name: str) -> str:
    return re.sub(r"^(Le|La|Les|L')\s*", "", name)


_EPCI_FORM = re.compile(r"^(CC|CA|CU)\s+")
_EPCI_ARTICLE = re.compile(r"^(de la |du |des |de l'|de |d')")


def short_epci_name(name: str, first_part: bool = True) -> str:
    """An EPCI's name without its legal form and article, for chart labels:
    "CC du Ternois" -> "Ternois"; with ``first_part``, cut at its first comma ("CA de
    Béthune-Bruay, Artois-Lys Romane" -> "Béthune-Bruay")."""
    rest = _EPCI_ARTICLE.sub("", _EPCI_FORM.sub("", name), count=1)
    return rest.split(",")[0].strip() if first_part else rest
