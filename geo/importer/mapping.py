"""Which column of the user's file holds which canonical field.

``guess_mapping`` proposes one from the header ("Montant (€)" -> montant); the UI shows
it in its column-mapping step and the user may correct it. Columns mapped to nothing
are kept aside (stored with the row, reported as a warning), never an error.
"""
from __future__ import annotations

import re

from geo.importer.schema import HEADER_ALIASES, LOCATION_COLUMNS, REQUIRED_COLUMNS
from geo.model.names import normalize_name

# When no alias matches exactly: (pattern on the normalised header, column), first wins.
_FALLBACKS = [
    (re.compile(r"\bcout\b|^montant total"), "cout_total"),
    (re.compile(r"^(?:montant|subvention|aide|participation)\b"), "montant"),
    (re.compile(r"^(?:intitule|libelle|nom du projet|projet|operation)\b"), "intitule"),
    (re.compile(r"\binsee\b|^commune\b"), "commune"),
    (re.compile(r"^(?:epci|intercommunalite|communaute)\b"), "epci"),
    (re.compile(r"^(?:thematique|theme)\b"), "thematique"),
    (re.compile(r"^(?:periode|generation)\b"), "periode"),
    (re.compile(r"^maitr\w* d ouvrage\b"), "maitre_ouvrage"),
    (re.compile(r"^date\b.*\b(?:vote|deliberation|cp|commission)\b"), "date_vote"),
    (re.compile(r"^(?:longitude|lon)\b"), "longitude"),
    (re.compile(r"^(?:latitude|lat)\b"), "latitude"),
]


def canonical_of(header: object) -> str | None:
    """The canonical column a header designates, or None."""
    key = normalize_name(str(header or ""))
    if not key:
        return None
    if key in HEADER_ALIASES:
        return HEADER_ALIASES[key]
    for pattern, column in _FALLBACKS:
        if pattern.search(key):
            return column
    return None


def count_known_headers(cells: list[object]) -> int:
    """How many distinct canonical columns a candidate header row names."""
    return len({c for c in (canonical_of(cell) for cell in cells if isinstance(cell, str)) if c})


def guess_mapping(header: list[str]) -> dict[int, str]:
    """{column index: canonical name}; the first column naming a field wins it."""
    mapping: dict[int, str] = {}
    for index, cell in enumerate(header):
        column = canonical_of(cell)
        if column and column not in mapping.values():
            mapping[index] = column
    return mapping


def missing_columns(mapping: dict[int, str]) -> list[str]:
    """Required canonical columns absent from the mapping (commune/epci: one of them)."""
    present = set(mapping.values())
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if not present & set(LOCATION_COLUMNS):
        missing.append("commune")
    return missing


def duplicate_columns(header: list[str], mapping: dict[int, str]) -> list[tuple[str, str]]:
    """(header, canonical) of columns that would fill a field already taken by another."""
    taken = set(mapping.values())
    return [(cell, canonical_of(cell)) for index, cell in enumerate(header)
            if index not in mapping and canonical_of(cell) in taken]


# Header of a corrections file (the "Points à vérifier" export, filled in by staff).
CORRECTION_HEADERS = {
    "project_id": {"identifiant du projet", "project id", "identifiant"},
    "field": {"champ", "field"},
    "value": {"valeur corrigee", "correction", "nouvelle valeur"},
    "reason": {"raison", "motif", "commentaire"},
}


def _named_columns(header: list[str], names: dict[str, set[str]], required: set[str]
                   ) -> dict[str, int] | None:
    """{key: column index} of the header cells naming ``names``' keys (the first column
    naming a key wins it), when every ``required`` key is named; else None."""
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        key = normalize_name(str(text or ""))
        for name, variants in names.items():
            if key in variants and name not in found:
                found[name] = index
    return found if required <= set(found) else None


def corrections_columns(header: list[str]) -> dict[str, int] | None:
    """{key: column index} when ``header`` is a corrections file's, else None."""
    return _named_columns(header, CORRECTION_HEADERS, {"project_id", "field", "value"})


# Header of a stage file (the follow-up of the operations: one new stage per row).
STAGE_HEADERS = {
    "project_id": {"identifiant du projet", "project id", "identifiant", "id projet"},
    "stage": {"stade", "nouveau stade", "etape", "stade de l operation", "stage"},
    "date": {"date", "date du stade", "date de l etape", "date du changement"},
    "decision_ref": {"reference de la decision", "decision", "reference decision",
                     "referencedecision", "deliberation"},
    "amount_paid": {"montant verse", "montant paye", "verse", "paiements", "montant mandate"},
    "comment": {"commentaire", "remarque", "observations", "raison", "motif"},
}


def stage_columns(header: list[str]) -> dict[str, int] | None:
    """{key: column index} when ``header`` is a stage file's, else None."""
    return _named_columns(header, STAGE_HEADERS, {"project_id", "stage"})
