"""The « Suivi du contrat » of one EPCI for the yearly comité de pilotage, as a workbook
(XLSX, sheet « Suivi ») and as a printable PDF (A4 landscape).

Both carry the same content as :class:`geo.analysis.follow_up.FollowUp`: what the table covers,
what « since the last point » compares, the summary by stage (operations, amount voted,
amount paid), then one row per operation with its stage, its amounts, what changed
since the last point and its source. Amounts come from integer cents; an unknown amount
is an empty cell (XLSX) or « – » (PDF), never 0. Text cells a spreadsheet would run as a
formula are neutralised (:func:`geo.export.tables.neutralise`). Every PDF page repeats
the table header, the sources and the attribution line, and is numbered « page k/n ».
"""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from matplotlib.figure import Figure

from geo.model import style
from geo.model.amounts import format_eur
from geo.data.citations import short_refs
from geo.export.booklet import pdf_bytes
from geo.export.frame import font
from geo.export.pages import MARGIN, Column, Page, Table, flow_paragraph, flow_table
from geo.export.paper import french_date
from geo.export.tables import neutralise
from geo.analysis.follow_up import FollowUp

SHEET = "Suivi"
EUR_FORMAT = "#,##0.00\\ \"€\""
DATE_FORMAT = "DD/MM/YYYY"
LANDSCAPE_MM = (297.0, 210.0)
HEADING_ROOM = 90          # points: a heading, the table header and a row or two
SOURCES = (
    "Sources du suivi : subventions publiées au format SCDL « Subventions » et fichiers de "
    "stades des agents importés dans l'atlas (colonne Source : fichier, l. = ligne du "
    "fichier) ; délibération 2019-117 du 29 avril 2019, recueil des actes administratifs "
    "n° 5, mai 2019 (« recueil 2019, l. » : lignes de sa copie texte). Stade « non "
    "renseigné » : aucune source ne le donne, jamais supposé.")
AMOUNTS_NOTE = ("Montants en euros (participation du Département) ; montant inconnu : case "
                "vide (« – » à l'impression), jamais compté 0. « Voté » : montant des "
                "opérations votées, conventionnées, en cours ou soldées.")
EMPTY = "Aucune opération à suivre pour cette intercommunalité : le suivi est vide."

# operation column -> (header, kind, XLSX width, PDF width in mm)
OPERATION_COLUMNS = [
    ("title", "Opération", "text", 48, 37),
    ("partner", "Partenaire", "text", 30, 23),
    ("commune", "Commune", "text", 22, 20),
    ("theme", "Thématique", "text", 16, 20),
    ("generation", "Génération", "text", 12, 17),
    ("stage", "Stade", "text", 14, 21),
    ("stage_date", "Date du stade", "date", 13, 16),
    ("decision_ref", "Décision", "text", 24, 18),
    ("amount_cents", "Montant", "cents", 14, 18),
    ("voted_cents", "Voté", "cents", 14, 18),
    ("amount_paid_cents", "Versé", "cents", 14, 18),
    ("change", "Changement depuis le dernier point", "text", 36, 22),
    ("source_refs", "Source", "refs", 30, 19),
]
ID_HEADER = "Identifiant du projet"     # XLSX only: what the next stage file names
SUMMARY_HEADERS = ["Stade", "Opérations", "Montant voté", "Montant versé"]


def title_of(fu: FollowUp, day: dt.date) -> str:
    return f"Suivi du contrat – {fu.name} – point au {french_date(day)}"


def changes_sentence(fu: FollowUp) -> str:
    """« Changements : depuis le fichier de stades précédent. » (as the EPCI panel says)."""
    return f"Changements : {fu.last_point}."


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _cents_sum(values: pd.Series):
    """Sum of the known amounts, None when none is known (never 0 for « unknown »)."""
    known = values.dropna()
    return int(known.sum()) if len(known) else None


def _summary_rows(fu: FollowUp) -> list[list]:
    """[stage, operations, voted cents, paid cents] per stage, then the total."""
    rows = [[r.stage, int(r.operations), None if _missing(r.voted_cents) else int(r.voted_cents),
             None if _missing(r.paid_cents) else int(r.paid_cents)]
            for r in fu.by_stage.itertuples()]
    ops = fu.operations
    rows.append(["Total", len(ops), _cents_sum(ops["voted_cents"]),
                 _cents_sum(ops["amount_paid_cents"])])
    return rows


# ---------------------------------------------------------------------------------------
# XLSX

def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _xlsx_cell(value, kind: str):
    if _missing(value) or value == "":
        return None
    if kind == "cents":
        return int(value) / 100
    if kind == "date" and _day(value):
        return _day(value)
    if kind == "refs":
        return neutralise(short_refs(value))
    return neutralise(str(value))


def follow_up_xlsx(fu: FollowUp, date: dt.date | None = None) -> bytes:
    """The workbook: sheet « Suivi » (title, sentences, summary by stage, operations)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    sheet = wb.active
    sheet.title = SHEET
    sheet.append([title_of(fu, date or dt.date.today())])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for text in (f"Intercommunalité : {fu.name} (SIREN {fu.siren})", fu.covers,
                 changes_sentence(fu)):
        sheet.append([neutralise(text)])
    sheet.append([])
    if fu.operations.empty:
        sheet.append([EMPTY])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    else:
        _xlsx_summary(sheet, fu)
        sheet.append([])
        _xlsx_operations(sheet, fu)
    sheet.append([])
    for text in (AMOUNTS_NOTE, SOURCES, style.ATTRIBUTION):
        sheet.append([neutralise(text)])
    wb.properties.creator = style.PRODUCER
    wb.properties.title = title_of(fu, date or dt.date.today())
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _xlsx_summary(sheet, fu: FollowUp) -> None:
    from openpyxl.styles import Font

    sheet.append(["Résumé par stade"])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    sheet.append(SUMMARY_HEADERS)
    for k in range(1, len(SUMMARY_HEADERS) + 1):
        sheet.cell(sheet.max_row, k).font = Font(bold=True)
    rows = _summary_rows(fu)
    for n, (stage, count, voted, paid) in enumerate(rows, start=1):
        sheet.append([stage, count, *(None if c is None else c / 100 for c in (voted, paid))])
        for k in (3, 4):
            sheet.cell(sheet.max_row, k).number_format = EUR_FORMAT
        if n == len(rows):
            for k in range(1, 5):
                sheet.cell(sheet.max_row, k).font = Font(bold=True)


def _xlsx_operations(sheet, fu: FollowUp) -> None:
    """The operation table: bold header frozen with the rows above, widths, formats."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(["Opérations"])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    sheet.append([header for _, header, *_ in OPERATION_COLUMNS] + [ID_HEADER])
    header_row = sheet.max_row
    for k in range(1, len(OPERATION_COLUMNS) + 2):
        sheet.cell(header_row, k).font = Font(bold=True)
        sheet.cell(header_row, k).alignment = Alignment(wrap_text=True, vertical="top")
    for row in fu.operations.to_dict("records"):
        cells = [_xlsx_cell(row[key], kind) for key, _, kind, *_ in OPERATION_COLUMNS]
        sheet.append(cells + [neutralise(str(row["project_id"]))])
        for k, (_, _, kind, *_) in enumerate(OPERATION_COLUMNS, start=1):
            cell = sheet.cell(sheet.max_row, k)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if kind in ("cents", "date"):
                cell.number_format = EUR_FORMAT if kind == "cents" else DATE_FORMAT
    widths = [width for *_, width, _ in OPERATION_COLUMNS] + [30]
    for k, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = width
    last = get_column_letter(len(widths))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{sheet.max_row}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


# ---------------------------------------------------------------------------------------
# PDF

class LandscapePage(Page):
    """A page of :mod:`geo.export.pages` (footer with the sources, paragraphs, headings,
    flowing tables) on A4 landscape, numbered at its foot."""

    SIZE_MM = LANDSCAPE_MM
    TITLE_PT, SUBTITLE_PT = 14, 9

    def number(self, label: str) -> None:
        self.text(self.size_pt[0] - MARGIN, MARGIN, label, font(7.5), "#333333", ha="right",
                  va="bottom")


def _eur(cents) -> str:
    if _missing(cents):
        return "–"
    return format_eur(cents, decimals=int(cents) % 100 != 0)


def _pdf_cell(value, kind: str) -> str:
    if kind == "cents":
        return _eur(value)
    if _missing(value):
        return ""
    if kind == "date" and _day(value):
        return _day(value).strftime("%d/%m/%Y")
    return short_refs(value) if kind == "refs" else str(value)


def operations_table(fu: FollowUp) -> Table:
    columns = [Column(header, pdf_mm, "right" if kind == "cents" else "left")
               for _, header, kind, _, pdf_mm in OPERATION_COLUMNS]
    rows = [[_pdf_cell(row[key], kind) for key, _, kind, *_ in OPERATION_COLUMNS]
            for row in fu.operations.to_dict("records")]
    return Table(columns, rows, size=6.5)


def summary_table(fu: FollowUp) -> Table:
    rows = [[stage, str(count), _eur(voted), _eur(paid)]
            for stage, count, voted, paid in _summary_rows(fu)]
    columns = [Column(SUMMARY_HEADERS[0], 40), Column(SUMMARY_HEADERS[1], 24, "right"),
               Column(SUMMARY_HEADERS[2], 34, "right"), Column(SUMMARY_HEADERS[3], 34, "right")]
    return Table(columns, rows[:-1], rows[-1], size=7.5)


def follow_up_figures(fu: FollowUp, date: dt.date | None = None) -> list[Figure]:
    """The numbered pages: title, sentences, summary by stage, then the operations."""
    title = title_of(fu, date or dt.date.today())
    subtitle = (f"Comité de pilotage annuel du contrat de territoire – intercommunalité "
                f"{fu.name} (SIREN {fu.siren})")
    sources = f"{SOURCES}\n{style.ATTRIBUTION}"
    pages = [LandscapePage(title, subtitle, sources)]

    def new_page() -> None:
        pages.append(LandscapePage(title, subtitle + " (suite)", sources))

    small = font(8, style="italic")
    for text in (fu.covers, changes_sentence(fu)):
        pages[0].paragraph(text, font(8.5))
    if fu.operations.empty:
        pages[0].paragraph(EMPTY, font(10, "bold"))
    else:
        pages[0].heading("Résumé par stade")
        flow_table(pages, new_page, summary_table(fu))
        pages[-1].cursor -= 4
        flow_paragraph(pages, new_page, AMOUNTS_NOTE, small)
        if pages[-1].room() < HEADING_ROOM:      # a heading never alone at a page's foot
            new_page()
        pages[-1].heading("Opérations")
        flow_table(pages, new_page, operations_table(fu))
    for k, page in enumerate(pages, start=1):
        page.number(f"page {k}/{len(pages)}")
    return [page.fig for page in pages]


def follow_up_pdf(fu: FollowUp, date: dt.date | None = None) -> bytes:
    """The printable follow-up (A4 landscape, as many pages as the table needs)."""
    return pdf_bytes(follow_up_figures(fu, date), title_of(fu, date or dt.date.today()))
