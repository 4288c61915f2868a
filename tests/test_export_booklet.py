"""EPCI booklets (geo.export.booklet): map, key figures beside the average, projects with
their sources; the EPCI without a contract says so; the combined PDF has bookmarks."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from geo.model.amounts import format_eur
from geo.atlas import Atlas
from geo.export import booklet
from geo.analysis.filters import ProjectFilter
from geo.analysis.indicators import KEY_FIGURE_LABELS

DAY = dt.date(2026, 11, 22)
SEPT_VALLEES = "200044030"
SAINT_OMER = "200069037"        # no contract in the 2019 recueil


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.load()


@pytest.fixture(scope="module")
def sept_vallees(atlas) -> bytes:
    return booklet.booklet_pdf(atlas, SEPT_VALLEES, DAY)


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def after_map(pages: list[str]) -> list[str]:
    """The pages after the map page and its « suite » pages."""
    return [p for p in pages[1:] if "Carte — suite des listes" not in p]


def test_booklet_has_map_key_figures_and_project_pages(atlas, sept_vallees):
    pages = pages_text(sept_vallees)
    assert len(pages) >= 3
    assert all("Communauté de communes des 7 Vallées" in p for p in pages)
    assert "Projets : thématiques" in pages[0] and "Sources : IGN" in pages[0].replace(
        "\u00a0", " ")
    assert f"page 1/{len(pages)}" in pages[0] and f"page {len(pages)}/{len(pages)}" in pages[-1]
    figures = after_map(pages)[0]
    assert "Au-delà du contrat" in figures and "Moyenne des EPCI" in figures
    assert KEY_FIGURE_LABELS["rsa_eur"][0] in figures
    assert "recueil 2019, l.\u00a0" in figures


def test_key_figures_show_the_epci_value_beside_the_average(atlas, sept_vallees):
    figures = after_map(pages_text(sept_vallees))[0]
    wide = atlas.key_figures_wide
    own = format_eur(wide.at[SEPT_VALLEES, "apa_eur"] * 100)
    mean = format_eur(round(wide["apa_eur"].mean()) * 100)
    line = next(l for l in figures.splitlines() if l.startswith("APA : montant versé"))
    assert own in line and mean in line and "%" in line


def test_project_pages_list_every_project_with_amount_and_source(atlas, sept_vallees):
    text = "\n".join(after_map(pages_text(sept_vallees))[1:])
    projects = atlas.projects_for(ProjectFilter(epci=SEPT_VALLEES))
    for _, p in projects.iterrows():
        assert p["title"].split()[0] in text
        assert format_eur(p["amount_cents"]) in text
    assert format_eur(projects["amount_cents"].sum()) in text          # total row
    first_ref = projects["source_refs"].iloc[0].split(";")[0].rpartition(":")[2]
    assert first_ref in text


def test_booklet_without_contract_says_so(atlas):
    pages = pages_text(booklet.booklet_pdf(atlas, SAINT_OMER, DAY))
    assert "Pas de contrat de territoire" in pages[0]
    assert "Pas de chiffres clés" in after_map(pages)[0]
    assert "Moyenne des EPCI" not in "\n".join(pages)


def test_combined_pdf_has_contents_and_one_bookmark_per_epci(atlas):
    parts = [(s, booklet.booklet_pdf(atlas, s, DAY)) for s in (SEPT_VALLEES, SAINT_OMER)]
    reader = PdfReader(io.BytesIO(booklet.combined_pdf(atlas, parts, DAY)))
    sizes = [len(PdfReader(io.BytesIO(data)).pages) for _, data in parts]
    assert len(reader.pages) == 1 + sum(sizes)
    contents = reader.pages[0].extract_text()
    assert "Livrets des intercommunalités" in contents
    assert "Communauté de communes des 7 Vallées 200044030" in contents
    assert "Communauté d'agglomération du Pays de Saint-Omer 200069037" in contents
    assert contents.count("\n") >= 4
    assert [o.title for o in reader.outline] == [atlas.epci_names[s] for s, _ in parts]
    assert reader.get_destination_page_number(reader.outline[1]) == 1 + sizes[0]


def test_short_refs_groups_lines_by_document():
    refs = "004_e1a7153a0531ec73.txt:18707-18824;004_e1a7153a0531ec73.txt:272-274;autre.csv:3"
    assert booklet.short_refs(refs) == ("recueil 2019, l.\u00a018707-18824, 272-274 ; "
                                        "autre.csv, l.\u00a03")


def test_unknown_epci_is_refused(atlas):
    with pytest.raises(ValueError, match="EPCI inconnu"):
        booklet.booklet_pdf(atlas, "123456789")


def test_deux_baies_booklet_reads_right(atlas):
    """Unknown amounts are "non précisé", never 0 € (Solidarité has only operations the
    text names without amount); no word is broken mid-word; the département-wide SDIS
    figure is said apart, not compared with an EPCI mean; every page says its coverage."""
    pages = pages_text(booklet.booklet_pdf(atlas, "200069029", DAY))
    figures = next(p for p in pages if "Projets soutenus par le Département, par thématique" in p)
    solidarite = figures.split("Solidarité", 1)[1].split("\n", 1)[0]
    assert "non précisé" in solidarite and "0 €" not in solidarite.replace("\u202f", " ")
    assert "Montants lus dans les sources : carte du livret lue (29 étiquettes)" in " ".join(
        figures.split())
    text = "\n".join(pages)
    assert "Montr\neuil" not in text and "Neuville-sous-\nMontreuil" in text or \
        "Neuville-sous-Montreuil" in text
    assert "À l'échelle du département (même chiffre dans chaque contrat) : SDIS" in " ".join(
        text.split())
    assert "78 000 000 €" not in " ".join(
        line for line in text.split("\n") if line.startswith("SDIS"))
