"""What an import file may contain and what an imported project row looks like.

The canonical import columns are the ones of the downloadable template; the header
variants people really type ("Intitulé du projet", "Montant (€)", "Code INSEE"...) are
recognised through ``HEADER_ALIASES`` (compared after ``normalize_name``).
"""
from __future__ import annotations

from geo.model.names import normalize_name
from geo.model.schemas import NATURES, PERIODS, THEMES  # noqa: F401

# Canonical columns of an import file, in template order.
IMPORT_COLUMNS = [
    "intitule", "montant", "commune", "epci", "thematique", "periode", "nature",
    "maitre_ouvrage", "date_vote", "cout_total", "longitude", "latitude", "source",
]
# Always required in the header. A row also needs a commune or an EPCI (see LOCATION_COLUMNS).
REQUIRED_COLUMNS = ["intitule", "montant", "thematique", "periode"]
LOCATION_COLUMNS = ["commune", "epci"]

COLUMN_LABELS = {
    "intitule": "Intitulé du projet", "montant": "Montant du Département",
    "commune": "Commune (code INSEE ou nom)", "epci": "EPCI (SIREN ou nom)",
    "thematique": "Thématique", "periode": "Période ou année", "nature": "Nature",
    "maitre_ouvrage": "Maître d'ouvrage", "date_vote": "Date du vote",
    "cout_total": "Coût total", "longitude": "Longitude (ou X Lambert-93)",
    "latitude": "Latitude (ou Y Lambert-93)", "source": "Source",
}

# Header variants, written naturally; keys are normalised at import time.
_ALIASES = {
    "intitule": ["intitulé", "intitulé du projet", "intitule projet", "projet", "nom du projet",
                 "libellé", "libellé du projet", "titre", "opération", "objet", "title"],
    "montant": ["montant", "montant (€)", "montant €", "montant en euros", "montant (euros)",
                "montant du département", "montant département", "montant cd62",
                "subvention", "subvention départementale", "participation du département",
                "aide départementale", "montant fit", "amount"],
    "commune": ["commune", "code insee", "insee", "code commune", "nom de la commune",
                "commune (code insee ou nom)", "ville", "localisation", "lieu"],
    "epci": ["epci", "siren epci", "epci (siren ou nom)", "intercommunalité",
             "intercommunalite", "communauté", "territoire", "siren"],
    "thematique": ["thématique", "thème", "theme", "thèmes", "thématiques", "domaine"],
    "periode": ["période", "periode", "période ou année", "génération", "generation",
                "année", "annee", "exercice", "period"],
    "nature": ["nature", "nature de la dépense", "type de dépense", "section"],
    "maitre_ouvrage": ["maître d'ouvrage", "maitre d'ouvrage", "maîtrise d'ouvrage",
                       "maitrise d'ouvrage", "porteur", "porteur de projet", "bénéficiaire",
                       "beneficiaire"],
    "date_vote": ["date de vote", "date du vote", "date vote", "date de la délibération",
                  "date de délibération", "date", "vote"],
    "cout_total": ["coût total", "cout total", "coût total (€)", "coût du projet",
                   "coût total du projet", "coût", "cout"],
    "longitude": ["longitude", "lon", "lng", "long", "x", "coord x", "x (lambert 93)",
                  "longitude (ou x lambert-93)"],
    "latitude": ["latitude", "lat", "y", "coord y", "y (lambert 93)",
                 "latitude (ou y lambert-93)"],
    "source": ["source", "sources", "référence", "reference", "origine"],
}

HEADER_ALIASES: dict[str, str] = {
    normalize_name(variant): column
    for column, variants in _ALIASES.items()
    for variant in [column, *variants]
}

YEAR_MIN, YEAR_MAX = 2015, 2030
