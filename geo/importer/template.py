"""The template offered for download: canonical columns and two example rows."""
from __future__ import annotations

import csv
import io

from geo.importer.schema import IMPORT_COLUMNS

EXAMPLE_ROWS = [
    {"intitule": "Réhabilitation de la salle des sports", "montant": "300 000 €",
     "commune": "62041", "epci": "", "thematique": "Sport", "periode": "2024",
     "nature": "investissement", "maitre_ouvrage": "Commune d'Arras",
     "date_vote": "12/03/2024", "cout_total": "1,2 M€", "longitude": "2,7775",
     "latitude": "50,2910", "source": "CP du 12/03/2024"},
    {"intitule": "Schéma intercommunal des mobilités douces", "montant": "45 k€",
     "commune": "", "epci": "200033579", "thematique": "Aménagement", "periode": "2023-2026",
     "nature": "fonctionnement", "maitre_ouvrage": "Communauté urbaine d'Arras",
     "date_vote": "", "cout_total": "", "longitude": "", "latitude": "", "source": ""},
]


def template_csv_bytes() -> bytes:
    """Semicolon-separated, UTF-8 with BOM: opens as columns in French Excel."""
    out = io.StringIO()
    writer = csv.DictWriter(out, IMPORT_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(EXAMPLE_ROWS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx_bytes() -> bytes:
    """The same as an XLSX workbook (every cell as text, so "62041" keeps its form)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "projets"
    sheet.append(IMPORT_COLUMNS)
    for row in EXAMPLE_ROWS:
        sheet.append([row[c] for c in IMPORT_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
