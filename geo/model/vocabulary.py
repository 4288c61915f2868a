"""The atlas's vocabulary, declared once: every theme, period, contract generation, nature,
location precision, source kind and presence kind, with its stored value, URL slug,
French label and look.

Everything else is derived from here: the table schemas (:mod:`geo.model.schemas`), the URL
slugs (:mod:`geo.analysis.filters`), the styles of the web map, the charts and the print export
(:mod:`geo.model.style`), the legends and the column lists. Adding a period or a presence kind
is one line below.

Symbols never rely on colour alone: a project is a circle with its theme's letter, its
period is its fill and outline; a presence site is a square with its own letters, none of
them a theme letter (the MDS carried "S" like Solidarité, the MDADT "A" like
Aménagement).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    value: str          # what the data stores ("Aménagement", "2015-2018", "college")
    slug: str           # what the URL and the command line carry ("amenagement")
    label: str          # what a person reads (French)


@dataclass(frozen=True)
class Theme(Term):
    color: str          # colour-blind-safe palette (Okabe-Ito based)
    letter: str         # drawn inside the project symbol


@dataclass(frozen=True)
class Period(Term):
    fill: str           # "solid" | "pale" | "none": how the symbol is filled
    border: str         # "solid" | "dashed" | "dotted": its outline


@dataclass(frozen=True)
class PresenceKind(Term):
    color: str
    letters: str        # drawn inside the square symbol (web and print)
    short: str          # short French name ("MDS")


THEMES = (
    Theme("Aménagement", "amenagement", "Aménagement", "#0072B2", "A"),
    Theme("Solidarité", "solidarite", "Solidarité", "#D55E00", "S"),
    Theme("Education", "education", "Education", "#009E73", "E"),
    Theme("Culture", "culture", "Culture", "#CC79A7", "C"),
    Theme("Sport", "sport", "Sport", "#E69F00", "Sp"),
    # an imported subsidy no documented rule classes (geo.scdl.rules): shown, never guessed
    Theme("à classer", "a-classer", "À classer (aucune règle ne s'applique)", "#3A3A3A", "?"),
)
THEME_TO_CLASS = "à classer"
PERIODS = (
    Period("2015-2018", "2015-2018", "Financements 2015-2018", "solid", "solid"),
    Period("2019-2021", "2019-2021", "Contrat 2019-2021", "pale", "solid"),
    Period("2023-2026", "2023-2026", "Contrat 2023-2026", "pale", "dashed"),
    Period("à venir", "a-venir", "Financements à venir", "none", "dashed"),
    Period("non daté", "non-date", "Non daté (aucune année dans le texte)", "none", "dotted"),
)
# The contract generations (2015-2018 is the financing before the 2019 contracts).
GENERATIONS = (
    Term("2015-2018", "2015-2018", "Avant les contrats (2015-2018)"),
    Term("2019-2021", "2019-2021", "Contrats 2019-2021 (3e génération)"),
    Term("2023-2026", "2023-2026", "Contrats 2023-2026 (4e génération)"),
    Term("non établie", "non-etablie", "Génération non établie par la source"),
)
# The stages of an operation of the 2023-2026 contracts (deliberation 2022-317: a fiche
# voted by the Département, a convention, then the works and the payments), in order;
# "abandonnée" may follow any of them. A project whose stage no source gives has none.
STAGES = (
    Term("proposée", "proposee", "Proposée"),
    Term("votée", "votee", "Votée"),
    Term("conventionnée", "conventionnee", "Conventionnée"),
    Term("en cours", "en-cours", "En cours"),
    Term("soldée", "soldee", "Soldée"),
    Term("abandonnée", "abandonnee", "Abandonnée"),
)
STAGE_UNKNOWN = "non renseigné"
# Who signs a 2023-2026 contract or receives the subsidy (deliberation 2022-317).
PARTNER_KINDS = (
    Term("epci", "epci", "EPCI"),
    Term("commune", "commune", "commune"),
    Term("association", "association", "association"),
    Term("syndicat", "syndicat", "syndicat"),
    Term("autre", "autre", "autre organisme"),
)
# Funds an imported subsidy may name (geo.scdl.rules).
FUNDS = (
    Term("FIT", "fit", "Fonds d'Innovation Territorial (FIT)"),
    Term("FARDA", "farda", "FARDA"),
)
NATURES = (
    Term("investissement", "investissement", "investissement"),
    Term("fonctionnement", "fonctionnement", "fonctionnement"),
    Term("non précisé", "non-precise", "non précisé"),
)
PRECISIONS = (
    Term("commune", "commune", "commune"),
    Term("communes candidates", "communes-candidates", "une de plusieurs communes nommées"),
    Term("epci", "epci", "tout l'EPCI"),
    Term("inconnue", "inconnue", "non établie par le texte"),
)
SOURCE_KINDS = (
    Term("map_label", "etiquette", "étiquette de la carte du livret"),
    Term("fiche_action", "fiche", "fiche action"),
    Term("deliberation", "deliberation", "délibération 2019-117"),
    Term("contract_text", "texte", "texte du contrat"),
    Term("import", "import", "import des agents"),
    Term("scdl", "scdl", "subventions publiées (format SCDL)"),
)
PRESENCE_KINDS = (
    PresenceKind("college", "college", "Collèges publics", "#5B3A8E", "Co", "collège"),
    PresenceKind("mds", "mds", "Maisons du Département Solidarité (MDS)", "#B8002E", "MS",
                 "MDS"),
    PresenceKind("mdadt", "mdadt", "Maisons du Département Aménagement et Développement "
                 "Territorial (MDADT)", "#1B5E20", "MA", "MDADT"),
    PresenceKind("cis", "cis", "Centres d'Incendie et de Secours (CIS)", "#C62828", "F", "CIS"),
    PresenceKind("cer", "cer", "Centres d'exploitation routière (CER)", "#6D4C41", "R", "CER"),
)
GRANDS_TERRITOIRES = (
    Term("Artois-Gohelle", "artois-gohelle", "Artois-Gohelle"),
    Term("Littoral-Côte d'Opale", "littoral-cote-d-opale", "Littoral-Côte d'Opale"),
    Term("Cœur rural", "coeur-rural", "Cœur rural"),
)

# The département map's indicators named in code (the others come from key_figures.csv).
INDICATOR_PROJECT_AMOUNT = "montant_contrat"
INDICATOR_PROJECT_AMOUNT_PER_INHABITANT = "montant_par_habitant"
INDICATOR_PROJECT_COUNT = "nombre_projets"
INDICATOR_INVESTMENT = "investissement_2015_2018"          # the default (geo.analysis.investment)
INDICATOR_INVESTMENT_PER_INHABITANT = "investissement_2015_2018_par_habitant"


def values(terms) -> list[str]:
    """Stored values, in declaration order (the order of legends and lists)."""
    return [t.value for t in terms]


def slugs(terms) -> dict[str, str]:
    """URL slug -> stored value."""
    return {t.slug: t.value for t in terms}


def by_value(terms) -> dict[str, Term]:
    return {t.value: t for t in terms}
