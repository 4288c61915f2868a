"""Booklets: one PDF per EPCI and one combined PDF (``python -m geo livrets``).

An EPCI booklet has a map page (the A4 portrait livret map), a key-figures page (the
projects per theme, then the EPCI's "Au-delà du contrat" figures beside the average of
the EPCI, each with its source lines), a comparisons page (its rank among the EPCI on
the investment per inhabitant, the equity scatter: :mod:`geo.export.charts`) and the
project table with its sources. The CA du Pays de Saint-Omer has no contract in the 2019
recueil: its booklet says so where the key figures, its bar and its point would be. The
combined PDF starts with a contents page and has bookmarks.
"""
from __future__ import annotations

import datetime as dt
import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from geo.analysis import aggregate, investment
from geo.model import style
from geo.model.amounts import format_eur
from geo.atlas import Atlas
from geo.export.charts import comparison_pages
from geo.export.frame import font
from geo.export.map_content import count_fr
from geo.export.pages import Column, Page, Table, flow_paragraph, flow_table
from geo.export.paper import PrintOptions, french_date
from geo.export.print_map import figures_pdf, map_figures
from geo.analysis.filters import ProjectFilter

from geo.model.names import normalize_name
from geo.data.citations import DOCUMENT_LABELS, short_refs  # noqa: F401 (booklet.short_refs)
from geo.model.paths import RECUEIL_2019
from geo.model.schemas import THEMES

TEXT_SOURCES = (
    "Sources : Département du Pas-de-Calais – recueil des actes administratifs n° 5, mai "
    f"2019 (« recueil 2019, l. » : numéros de ligne du fichier {RECUEIL_2019.name}, "
    "copie texte du recueil) ; Insee – populations légales 2023 ; DGCL – composition des EPCI.")
PRECISION_TEXT = {"epci": "toute l'intercommunalité", "inconnue": "non précisée"}
COMBINED_NAME = "livrets_pas-de-calais.pdf"
NO_KEY_FIGURES = (
    "Pas de chiffres clés : cette intercommunalité n'a pas de contrat de territoire dans le "
    "recueil des actes de mai 2019, source des chiffres « Au-delà du contrat ». Les projets "
    "de ce livret viennent des délibérations du même recueil.")
AVERAGE_NOTE = (
    "Moyenne des EPCI : moyenne simple des intercommunalités dont le contrat donne le "
    "chiffre. Écart : différence relative à cette moyenne. Chiffres tirés de la section "
    "« 7. Au-delà du contrat » du contrat de l'intercommunalité.")


def file_name(siren: str, name: str) -> str:
    return f"livret_{siren}_{normalize_name(name).replace(' ', '-')}.pdf"


# ---------------------------------------------------------------------------------------
# One booklet

def booklet_figures(atlas: Atlas, siren: str, date: dt.date | None = None) -> list[Figure]:
    """The pages of the EPCI's booklet, numbered."""
    if siren not in atlas.epci_names:
        raise ValueError(f"EPCI inconnu : « {siren} »")
    title = _long_name(atlas, siren)
    options = PrintOptions(fmt="pdf", dpi=150, date=date)
    pages: list[Figure] = map_figures(atlas, ProjectFilter(epci=siren), options)
    map_pages = len(pages)                  # the map page model's footer: number centred
    projects = atlas.projects_for(ProjectFilter(epci=siren))
    pages += [p.fig for p in _figures_pages(atlas, siren, title, projects)]
    pages += [p.fig for p in comparison_pages(atlas, siren, title, TEXT_SOURCES)]
    if not projects.empty:                  # else the key-figures page says so
        pages += [p.fig for p in _project_pages(title, projects)]
    for k, fig in enumerate(pages, start=1):
        label = f"page {k}/{len(pages)}"
        if k <= map_pages:
            fig.text(0.5, 10 / 297, label, ha="center", va="bottom", fontsize=7.5,
                     color="#333333")
        else:
            _number(fig, label)
    return pages


def _number(fig: Figure, label: str) -> None:
    fig.text(1 - 15 / 210, 15 / 297, label, ha="right", va="bottom", fontsize=7.5,
             color="#333333")


def booklet_pdf(atlas: Atlas, siren: str, date: dt.date | None = None) -> bytes:
    figures = booklet_figures(atlas, siren, date)
    return pdf_bytes(figures, f"Livret – {_long_name(atlas, siren)}")


pdf_bytes = figures_pdf        # pages in one PDF, without timestamps


def _long_name(atlas: Atlas, siren: str) -> str:
    row = atlas.epci[atlas.epci["epci_siren"] == siren]
    return str(row["nom_long"].iloc[0])


# ---------------------------------------------------------------------------------------
# Key figures page

def _figures_pages(atlas: Atlas, siren: str, title: str, projects: pd.DataFrame
                   ) -> list[Page]:
    subtitle = "Livret de l'intercommunalité — chiffres clés"
    pages = [Page(title, subtitle, TEXT_SOURCES)]

    def new_page() -> None:
        pages.append(Page(title, subtitle + " (suite)", TEXT_SOURCES))

    pages[0].heading("Projets soutenus par le Département, par thématique")
    notice = atlas.coverage.epci_notice(siren)
    if notice:
        pages[0].paragraph(notice, _small())
    pages[0].paragraph(atlas.covers(ProjectFilter(epci=siren), projects), _small())
    if projects.empty:
        pages[0].paragraph("Aucun projet de cette intercommunalité dans les données de "
                           "l'atlas : le livret n'a pas de liste de projets.")
    else:
        flow_table(pages, new_page, _theme_table(projects))
    pages[-1].heading("Au-delà du contrat : l'action quotidienne du Département")
    rows = atlas.key_figure_rows(siren)
    if siren not in atlas.coverage.with_contract or not rows:
        pages[-1].paragraph(NO_KEY_FIGURES)
        return pages
    table, remarks = _key_figures_table(atlas, siren, rows)
    flow_table(pages, new_page, table)
    pages[-1].cursor -= 6
    for remark in [AVERAGE_NOTE] + remarks:
        flow_paragraph(pages, new_page, remark, _small())
    return pages


def _small():
    return font(7.5, style="italic")


def _theme_table(projects: pd.DataFrame) -> Table:
    totals = aggregate.totals(projects, "theme").set_index("theme")
    rows = [[theme, str(int(totals.at[theme, "count"])),
             format_eur(totals.at[theme, "amount_cents"]) if totals.at[theme, "amount_known"]
             else "non précisé"]
            for theme in THEMES if theme in totals.index]
    total = ["Total", str(len(projects)), format_eur(projects["amount_cents"].fillna(0).sum())]
    return Table([Column("Thématique", 60), Column("Projets", 30, "right"),
                  Column("Montant Département", 50, "right")], rows, total)


def _key_figures_table(atlas: Atlas, siren: str, rows) -> tuple[Table, list[str]]:
    """The EPCI's figures beside the average EPCI; département-wide figures said apart."""
    table_rows, remarks = [], []
    for r in rows:
        if r.departement_wide:
            remarks.append(f"À l'échelle du département (même chiffre dans chaque contrat) : "
                           f"{r.label}, {r.value_text} ({short_refs(r.source_ref)}).")
            continue
        table_rows.append([r.label, r.year, r.value_text, r.mean_text, r.gap_text,
                           short_refs(r.source_ref)])
        if r.note:
            remarks.append(f"{r.label} : {r.note}.")
    cis = atlas.key_figures[(atlas.key_figures["epci_siren"] == siren)
                            & (atlas.key_figures["indicator"] == "cis")]
    if len(cis) and isinstance(cis["text"].iloc[0], str):
        remarks.append(f"Centres d'incendie et de secours cités : {cis['text'].iloc[0]} "
                       f"({short_refs(cis['source_ref'].iloc[0])}).")
    columns = [Column("Indicateur", 58), Column("Année", 17), Column("EPCI", 27, "right"),
               Column("Moyenne des EPCI", 27, "right"), Column("Écart", 14, "right"),
               Column("Source", 37)]
    return Table(columns, table_rows, size=6.9), remarks


# ---------------------------------------------------------------------------------------
# Project table pages

def _project_pages(title: str, projects: pd.DataFrame) -> list[Page]:
    subtitle = "Livret de l'intercommunalité — projets soutenus par le Département"
    pages = [Page(title, subtitle, TEXT_SOURCES)]
    pages[0].paragraph(
        f"{count_fr(len(projects), 'projet', 'projets')}, du plus gros montant au plus petit. "
        "Montant : participation du Département ; la part « à venir » est indiquée à part, "
        "elle n'est pas comptée dans le total. Source : lignes du recueil où figure le projet.",
        _small())
    table = _project_table(projects)

    def new_page() -> None:
        pages.append(Page(title, subtitle + " (suite)", TEXT_SOURCES))

    flow_table(pages, new_page, table)
    return pages


def _project_table(projects: pd.DataFrame) -> Table:
    ordered = projects.sort_values(["amount_cents", "title"], ascending=[False, True],
                                   na_position="last")
    rows = []
    for _, p in ordered.iterrows():
        amount = format_eur(p["amount_cents"]) if pd.notna(p["amount_cents"]) else "non précisé"
        if pd.notna(p["amount_a_venir_cents"]):
            amount += f"\n+ {format_eur(p['amount_a_venir_cents'])} à venir"
        commune = (p["commune_nom"] if isinstance(p["commune_nom"], str)
                   else PRECISION_TEXT.get(p["location_precision"], "–"))
        rows.append([p["title"], commune, p["theme"], p["period"], amount,
                     short_refs(p["source_refs"])])
    total = ["Total", "", "", "", format_eur(projects["amount_cents"].fillna(0).sum()), ""]
    columns = [Column("Projet", 58), Column("Commune", 27), Column("Thématique", 22),
               Column("Période", 18), Column("Montant", 24, "right"), Column("Source", 31)]
    return Table(columns, rows, total)


# ---------------------------------------------------------------------------------------
# All booklets and the combined PDF

def write_booklets(out_dir: Path, atlas: Atlas, sirens: list[str] | None = None,
                   workers: int = 2, progress: bool = True, date: dt.date | None = None
                   ) -> list[Path]:
    """Write one booklet per EPCI (all 20 by default) and the combined PDF into
    ``out_dir``; returns the written paths (booklets in EPCI name order, then the
    combined file)."""
    sirens = sorted(sirens or atlas.epci_names, key=lambda s: normalize_name(
        atlas.epci_names[s]))
    unknown = [s for s in sirens if s not in atlas.epci_names]
    if unknown:
        raise ValueError(f"EPCI inconnu : « {unknown[0]} »")
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = dict(_render_all(atlas, sirens, workers, progress, date))
    written = []
    for siren in sirens:
        path = out_dir / file_name(siren, atlas.epci_names[siren])
        path.write_bytes(parts[siren])
        written.append(path)
    combined = out_dir / COMBINED_NAME
    combined.write_bytes(combined_pdf(atlas, [(s, parts[s]) for s in sirens], date))
    return written + [combined]


def _render_all(atlas: Atlas, sirens: list[str], workers: int, progress: bool,
                date: dt.date | None):
    """(SIREN, PDF bytes) for each EPCI, in a pool of ``workers`` processes (forked after
    the atlas is loaded, so workers start with it in memory)."""
    from tqdm import tqdm

    bar = tqdm(total=len(sirens), desc="Livrets", unit="livret", disable=not progress)
    if workers <= 1:
        for siren in sirens:
            yield siren, booklet_pdf(atlas, siren, date)
            bar.update()
        bar.close()
        return
    _warm()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        jobs = {pool.submit(_job, siren, date): siren for siren in sirens}
        for done in as_completed(jobs):
            yield jobs[done], done.result()
            bar.update()
    bar.close()


def _warm() -> None:
    """Load what every booklet reads, so forked workers inherit it instead of each
    reading it again."""
    from geo.export.mpl_geo import layer_l93, rivers_l93
    for layer in ("epci", "communes"):
        layer_l93(layer, "detail")
    rivers_l93()
    atlas = Atlas.load()
    atlas.ranking(investment.KEY_PER_INHABITANT, ProjectFilter())     # cached parts


def _job(siren: str, date: dt.date | None) -> bytes:
    return booklet_pdf(Atlas.load(), siren, date)


def combined_pdf(atlas: Atlas, parts: list[tuple[str, bytes]], date: dt.date | None = None
                 ) -> bytes:
    """Contents page, then every booklet, with one bookmark per EPCI."""
    from pypdf import PdfReader, PdfWriter

    readers = [(siren, PdfReader(io.BytesIO(data))) for siren, data in parts]
    contents = _contents_page(atlas, [(s, len(r.pages)) for s, r in readers], date)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes([contents], "Livrets"))))
    for siren, reader in readers:
        start = len(writer.pages)
        writer.append(reader)
        writer.add_outline_item(title=atlas.epci_names[siren], page_number=start)
    writer.add_metadata({"/Title": "Livrets des intercommunalités du Pas-de-Calais",
                         "/Author": style.PRODUCER, "/Creator": "Atlas du Pas-de-Calais"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _contents_page(atlas: Atlas, counts: list[tuple[str, int]], date: dt.date | None
                   ) -> Figure:
    day = date or dt.date.today()
    page = Page("Livrets des intercommunalités",
                f"Département du Pas-de-Calais — contrats de territoire et action du "
                f"Département ; édition du {french_date(day)}", TEXT_SOURCES)
    rows, first = [], 2
    totals = atlas.epci_totals(atlas.projects).set_index("epci_siren")
    for siren, n_pages in counts:
        rows.append([_long_name(atlas, siren), siren, str(int(totals.at[siren, "count"])),
                     format_eur(totals.at[siren, "amount_cents"]), str(first)])
        first += n_pages
    page.paragraph("Chaque livret : la carte des projets et de la présence du Département, "
                   "les chiffres clés « Au-delà du contrat » comparés à la moyenne des "
                   "intercommunalités, son rang parmi elles pour l'investissement par "
                   "habitant et l'équité de cet investissement face au besoin social, puis "
                   "la liste des projets avec leurs sources.", _small())
    flow_table([page], _contents_overflow, Table(
        [Column("Intercommunalité", 88), Column("SIREN", 22), Column("Projets", 18, "right"),
         Column("Montant", 32, "right"), Column("Page", 20, "right")], rows))
    _number(page.fig, "page 1")
    return page.fig


def _contents_overflow() -> None:
    raise ValueError("la table des matières dépasse une page")
