"""« Suivi du contrat » exports (geo.export.follow_up): a real store gets the SCDL example,
then a stage file moving two operations on; the workbook read back and the PDF text say
the stages, the amounts (unknown left empty, never 0), what changed since the last point
and the sources; a long follow-up paginates with its header on every page."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from geo.model import style
from geo.atlas import Atlas
from geo.export.follow_up import EMPTY, follow_up_pdf, follow_up_xlsx
from geo.store import Store
from geo.importer.validate import validate_bytes

SCDL = Path(__file__).parent / "corpus" / "scdl" / "valide.csv"
DAY = dt.date(2026, 11, 30)
TERNOIS, LENS_LIEVIN, DESVRES_SAMER = "200069672", "246200364", "200018083"
STUDY, LIBRARY = "Étude de mobilité rurale", "Construction d'une médiathèque"
STAGE_HEADER = ("Identifiant du projet;Stade;Date;Référence de la décision;Montant versé;"
                "Commentaire\n")
FORMULA = "=SOMME(A1:A9) et signalétique"
SCDL_HEADER = SCDL.read_text(encoding="utf-8").splitlines()[0]


def import_file(store: Store, data: bytes, name: str):
    validation = validate_bytes(data, name)
    assert not validation.report.errors, validation.report.errors
    return store.import_validation(validation, data, "Agent du suivi")


def ids_by_title(store: Store) -> dict[str, str]:
    projects = store.projects()
    return dict(zip(projects["title"], projects["project_id"]))


@pytest.fixture
def moved(store) -> Atlas:
    """The SCDL example, then the study « en cours » (20 000 € paid), the library
    « abandonnée »."""
    import_file(store, SCDL.read_bytes(), "valide.csv")
    ids = ids_by_title(store)
    stages = (STAGE_HEADER + f"{ids[STUDY]};en cours;15/01/2025;;20 000 €;premier acompte\n"
              f"{ids[LIBRARY]};abandonnée;01/02/2025;;;projet retiré\n")
    version = import_file(store, stages.encode("utf-8"), "stades-2025.csv")
    return Atlas.load(version.id)


def sheet_rows(data: bytes):
    sheet = load_workbook(io.BytesIO(data))["Suivi"]
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def operations(rows: list[list]) -> tuple[int, list[dict]]:
    """(1-based header row, the operation rows as {header: value})."""
    at = next(k for k, row in enumerate(rows) if row[0] == "Opération")
    header, out = rows[at], []
    for row in rows[at + 1:]:
        if row[0] is None:
            break
        out.append(dict(zip(header, row)))
    return at + 1, out


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_pages(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def test_workbook_has_title_sentences_summary_and_the_operations(moved):
    fu = moved.follow_up(TERNOIS)
    sheet, rows = sheet_rows(follow_up_xlsx(fu, DAY))
    assert rows[0][0] == "Suivi du contrat – CC du Ternois – point au 30 novembre 2026"
    texts = [row[0] for row in rows]
    assert fu.covers in texts and f"Changements : {fu.last_point}." in texts
    assert "premier fichier de stades" in fu.last_point
    header_row, ops = operations(rows)
    assert list(ops[0])[:13] == ["Opération", "Partenaire", "Commune", "Thématique",
                                 "Génération", "Stade", "Date du stade", "Décision", "Montant",
                                 "Voté", "Versé", "Changement depuis le dernier point",
                                 "Source"]
    assert sheet.freeze_panes == f"A{header_row + 1}"
    study = next(op for op in ops if op["Opération"] == STUDY)
    assert (study["Stade"], study["Montant"], study["Voté"], study["Versé"]) == (
        "en cours", 60000, 60000, 20000)
    assert study["Changement depuis le dernier point"].startswith("conventionnée → en cours")
    assert study["Date du stade"] == dt.datetime(2025, 1, 15)
    assert (study["Décision"], study["Source"], study["Commune"]) == (
        "CP 2024-188", "valide.csv, l.\u00a05", "EPCI entier")
    voted = [op for op in ops if op["Stade"] == "votée"]
    assert len(voted) == 2 and all(op["Versé"] is None for op in voted)   # unknown: empty
    assert all(op["Changement depuis le dernier point"] is None for op in voted)
    amount_cell = sheet.cell(header_row + 1, 9)
    assert "€" in amount_cell.number_format and isinstance(amount_cell.value, (int, float))


def test_workbook_summary_by_stage_leaves_unknown_amounts_empty(moved):
    _, rows = sheet_rows(follow_up_xlsx(moved.follow_up(LENS_LIEVIN), DAY))
    at = next(k for k, row in enumerate(rows) if row[0] == "Stade")
    summary = {row[0]: row[1:4] for row in rows[at + 1:at + 4]}
    assert summary == {"votée": [2, 135500, None], "abandonnée": [1, None, None],
                       "Total": [3, 135500, None]}
    _, ops = operations(rows)
    library = next(op for op in ops if op["Opération"] == LIBRARY)
    assert (library["Stade"], library["Montant"], library["Voté"], library["Versé"]) == (
        "abandonnée", 250000, None, None)
    assert library["Changement depuis le dernier point"] == "conventionnée → abandonnée"


def test_pdf_names_the_epci_every_operation_its_stage_and_the_sources(moved):
    fu = moved.follow_up(TERNOIS)
    pages = pdf_pages(follow_up_pdf(fu, DAY))
    text = " ".join(pages)
    assert "CC du Ternois" in text and "page 1/" in pages[0]
    for op in fu.operations.itertuples():
        assert flat(op.title) in text and op.stage in text
    assert "conventionnée → en cours" in text and "20 000 €" in text
    assert "Résumé par stade" in text and flat(style.ATTRIBUTION) in text
    assert flat(f"Changements : {fu.last_point}.") in text


def subsidies(n: int) -> bytes:
    """``n`` SCDL subsidies to the CC du Ternois, the first one with a long title, the
    second one with a title a spreadsheet would run as a formula."""
    rows = [SCDL_HEADER]
    for k in range(n):
        title = f"Opération numéro {k + 1} du contrat"
        if k == 0:
            title = ("Requalification complète des espaces publics du centre-bourg, création "
                     "d'une maison de santé pluriprofessionnelle et d'un tiers-lieu numérique")
        elif k == 1:
            title = FORMULA
        rows.append(f"Département du Pas-de-Calais,22620001200012,2024-0{1 + k % 9}-1{k % 10},"
                    f"CP 2024-{300 + k},Communauté de communes du Ternois,20006967200018,,"
                    f"\"{title}\",{10000 + 250 * k},aide en numéraire,unique,2024-10-01,,non,1,")
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_a_long_follow_up_paginates_with_its_header_on_every_page(store):
    import_file(store, subsidies(60), "subventions-ternois.csv")
    fu = Atlas.load(store.current().id).follow_up(TERNOIS)
    assert len(fu.operations) == 62               # 60 subsidies + the two of 2019
    pages = pdf_pages(follow_up_pdf(fu, DAY))
    assert len(pages) > 1
    for k, page in enumerate(pages, start=1):
        assert f"page {k}/{len(pages)}" in page
        assert "Opération Partenaire Commune" in page
        assert "Changement depuis le dernier point" in page
        assert flat(style.ATTRIBUTION) in page and "Sources du suivi" in page
    text = " ".join(pages)
    assert all(flat(title) in text for title in fu.operations["title"])
    _, ops = operations(sheet_rows(follow_up_xlsx(fu, DAY))[1])
    assert len(ops) == 62
    assert "'" + FORMULA in [op["Opération"] for op in ops]       # never run as a formula


def test_an_empty_follow_up_says_so(store):
    fu = Atlas.load(None).follow_up(DESVRES_SAMER)
    assert fu.operations.empty
    _, rows = sheet_rows(follow_up_xlsx(fu, DAY))
    texts = [row[0] for row in rows]
    assert EMPTY in texts and "Opération" not in texts and "Stade" not in texts
    pages = pdf_pages(follow_up_pdf(fu, DAY))
    assert len(pages) == 1 and flat(EMPTY) in pages[0] and "Résumé par stade" not in pages[0]
