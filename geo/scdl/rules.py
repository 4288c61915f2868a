"""Theme, fund and nature of a published subsidy, from documented rules only.

The theme comes from the words of ``objet`` (then of ``dispositifAide``), accent- and
case-insensitive, with the keyword table the recueil's projects are classed by
(:data:`geo.seed.themes.THEME_RULES`: roads and mobility first, then sport, culture,
education, solidarity) followed by :data:`EXTRA_RULES`. The first matching rule wins and
is quoted in ``theme_rule`` (« sport : « terrain » »); when rules of other themes also
match, the row says so in a warning. **No rule, no theme**: the subsidy is « à classer »
(a warning, never a default theme). The fund (FIT, FARDA) and the nature (investissement,
fonctionnement) are read only where the text names them.
"""
from __future__ import annotations

import re

from geo.model.names import normalize_name
from geo.seed.themes import THEME_RULES
from geo.model.vocabulary import THEME_TO_CLASS

# Words the recueil's table lacks because its projects default to Aménagement.
EXTRA_RULES: list[tuple[str, str, str]] = [
    ("solidarité", "Solidarité", r"solidair|solidarite|handicap|personnes agees|creche|"
                                 r"centre social|maison de sante|logement d urgence"),
    ("aménagement", "Aménagement", r"amenagement|requalification|centre bourg|centre ville|"
                                   r"espaces? publics?|assainissement|eau potable|friche|"
                                   r"tiers lieu|numerique|parking|renovation urbaine|"
                                   r"mobilite|revitalisation"),
]
RULES = [(name, theme, re.compile(pattern)) for name, theme, pattern in
         [*THEME_RULES, *EXTRA_RULES]]
FUND_RULES = [("FIT", re.compile(r"\bfit\b|fonds d innovation territorial")),
              ("FARDA", re.compile(r"\bfarda\b"))]
NATURE_RULES = [("fonctionnement", re.compile(r"\bfonctionnement\b")),
                ("investissement", re.compile(r"\binvestissements?\b"))]


def theme_of(objet: str, dispositif: str = "") -> tuple[str, str, list[str]]:
    """(theme, rule quoted, other themes that matched too); « à classer » without rule."""
    for where, text in (("objet", objet), ("dispositifAide", dispositif)):
        key = normalize_name(text or "")
        hits = [(name, theme, m.group(0)) for name, theme, p in RULES
                if (m := p.search(key))]
        if hits:
            name, theme, word = hits[0]
            others = sorted({t for _, t, _ in hits if t != theme})
            return theme, f"{where}, règle {name} : « {word} »", others
    return THEME_TO_CLASS, "aucune règle ne s'applique à l'objet ni au dispositif", []


def fund_of(objet: str, dispositif: str = "") -> str | None:
    key = normalize_name(f"{objet or ''} {dispositif or ''}")
    return next((fund for fund, p in FUND_RULES if p.search(key)), None)


def nature_of(objet: str) -> tuple[str, str]:
    """(nature, rule): only the words "investissement"/"fonctionnement" of ``objet``."""
    key = normalize_name(objet or "")
    for nature, pattern in NATURE_RULES:
        if pattern.search(key):
            return nature, f"objet : « {nature} »"
    return "non précisé", "objet muet sur la nature (la nature SCDL dit numéraire ou nature)"
