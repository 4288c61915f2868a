"""The "Points à vérifier" table for staff: screen rows and CSV / XLSX downloads.

Each row is a judgement the data makes (:mod:`geo.seed.review_points`) with its quoted
evidence. The file has a column "Valeur corrigée" to fill in: imported back through the
staff import page (or ``python -m geo import``), a filled row overrides that field of
that project (:mod:`geo.importer.corrections`), versioned like every import.
"""
from __future__ import annotations

import io

import pandas as pd

from geo.model import style
from geo.export.tables import neutralise
from geo.seed.review_points import KIND_LABELS

FIELD_LABELS = {"period": "Période", "theme": "Thématique", "nature": "Nature",
                "commune_insee": "Commune (code INSEE)", "amount_cents": "Montant (€)",
                "grand_territoire": "Grand territoire"}
HEADERS = {"point_id": "Point", "kind": "Type", "project_id": "Identifiant du projet",
           "title": "Projet", "epci": "EPCI", "field": "Champ", "value": "Valeur retenue",
           "evidence": "Indice (citation)", "source_ref": "Source", "question": "Question",
           "applied": "Déjà corrigé", "correction": "Valeur corrigée", "reason": "Raison"}


def review_rows(points: pd.DataFrame, titles: dict[str, str], epci_names: dict[str, str],
                siren: str | None = None, project_epcis: dict[str, list[str]] | None = None,
                corrected: dict[str, str] | None = None) -> pd.DataFrame:
    """The points (of one EPCI when ``siren`` is given), French headers, empty
    "Valeur corrigée" and "Raison" columns for staff to fill in; ``corrected``: project id
    -> the corrections already applied to it (said in "Déjà corrigé")."""
    if siren is not None:
        serves = points["project_id"].map(lambda p: siren in (project_epcis or {}).get(p, []))
        points = points[(points["epci_siren"] == siren) | serves]
    out = pd.DataFrame({
        "point_id": points["point_id"],
        "kind": points["kind"].map(KIND_LABELS).fillna(points["kind"]),
        "project_id": points["project_id"].fillna(""),
        "title": points["project_id"].map(titles).fillna(""),
        "epci": points["epci_siren"].map(epci_names).fillna(""),
        "field": points["field"].map(lambda f: FIELD_LABELS.get(f.split(":")[0], f)),
        "value": points["value"].fillna(""),
        "evidence": points["evidence"], "source_ref": points["source_ref"],
        "question": points["question"],
        "applied": points["project_id"].map(lambda p: (corrected or {}).get(p, "")),
        "correction": "", "reason": "",
    })
    return out.rename(columns=HEADERS).reset_index(drop=True)


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """For French Excel: UTF-8 with BOM, ``;``, CRLF, formula-like cells neutralised."""
    safe = rows.map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return safe.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(rows: pd.DataFrame) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    sheet = wb.active
    sheet.title = "Points à vérifier"
    sheet.append(list(rows.columns))
    for record in rows.itertuples(index=False):
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in record])
    widths = {"Indice (citation)": 80, "Question": 60, "Projet": 40}
    editable = {HEADERS["correction"], HEADERS["reason"]}
    for k, header in enumerate(rows.columns, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = widths.get(header, 18)
        sheet.cell(1, k).font = Font(bold=True)
        if header in editable:
            for cell in sheet[get_column_letter(k)][1:]:
                cell.fill = PatternFill("solid", fgColor="FFF7D6")
    sheet.freeze_panes = "A2"
    wb.properties.creator = style.PRODUCER
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
