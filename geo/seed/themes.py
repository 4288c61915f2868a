"""Theme of a project: one ordered keyword table, then reviewed overrides.

The five themes are the map legend's "Thématiques" (Aménagement, Solidarité, Education,
Culture, Sport). The legend colour of each label is not in the text, so the theme is
derived from the project's title with :data:`THEME_RULES` (first matching rule wins, on
the accent- and case-insensitive title), default ``Aménagement``. Road and mobility words
come first so that "Giratoire d'accès au collège" or "Liaison douce de la piscine au
collège" are Aménagement, not Education or Sport.

``data/contracts/theme_overrides.csv`` (``project_id,theme,reason``) holds the decisions
taken by reading each project where the table is wrong; ``theme_rule`` is then
``override``. An override naming an unknown project id is an error (no silent drift).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from geo.model.names import normalize_name
from geo.model.paths import CONTRACTS

THEME_OVERRIDES_CSV = CONTRACTS / "theme_overrides.csv"
THEMES = ("Aménagement", "Solidarité", "Education", "Culture", "Sport")
DEFAULT_THEME = "Aménagement"

# (rule name, theme, regex on normalize_name(title)) - order matters
THEME_RULES: list[tuple[str, str, str]] = [
    ("route/mobilité", "Aménagement",
     r"\brd ?\d|\bgiratoire|\bvoiries?\b|\bchaussees?\b|\bcontournement|passage a niveau|"
     r"liaison douce|pistes? cyclables?|covoiturage|autopartage|quai bus|multimodal|"
     r"rezo pouce|trafic|2x2 voies"),
    ("sport", "Sport",
     r"\bsport|piscine|aquatique|\bstade|terrains?\b|multisports|football|tir a l arc|"
     r"sauts d obstacles|skate"),
    ("culture/patrimoine", "Culture",
     r"\beglise|collegiale|clocher|donjon|\bfort\b|chartreuse|centre historique|patrimoine|"
     r"cultur|musique|auditorium|mediatheque|bibliotheque|lecture|cinematographique|"
     r"festival|oeuvres"),
    ("éducation", "Education",
     r"\becoles?\b|\bcolleges?\b|scolaire|periscolaire|cantine|educati"),
    ("solidarité", "Solidarité",
     r"social|sociale|\bclic\b|gerontolog|autis|msap|services au public|sante|enfance|"
     r"enfants|familles|ehpad|\bpmi\b|insertion|mission locale|jeunesse"),
]
_COMPILED = [(name, theme, re.compile(pattern)) for name, theme, pattern in THEME_RULES]


def theme_by_rule(title: str) -> tuple[str, str]:
    """(theme, rule name) from the keyword table; default Aménagement."""
    key = normalize_name(title)
    for name, theme, pattern in _COMPILED:
        match = pattern.search(key)
        if match:
            return theme, f"{name} : « {match.group(0)} »"
    return DEFAULT_THEME, "défaut"


def read_overrides(path: Path = THEME_OVERRIDES_CSV) -> dict[str, tuple[str, str]]:
    """project_id -> (theme, reason)."""
    if not path.exists():
        return {}
    out: dict[str, tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["theme"] not in THEMES:
                raise ValueError(f"theme_overrides.csv : thème inconnu {row['theme']!r} "
                                 f"pour {row['project_id']}")
            if row["project_id"] in out:
                raise ValueError(f"theme_overrides.csv : {row['project_id']} en double")
            out[row["project_id"]] = (row["theme"], row["reason"])
    return out
