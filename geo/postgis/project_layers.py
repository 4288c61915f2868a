"""The project tables: every project the atlas shows (the recueil's, and the staff's
imported rows of the version shown, with their corrections and stages), placed at the
point the web map uses or not placed at all, and every appearance of each project in its
sources, with the citation and the quoted text."""
from __future__ import annotations

import re

import pandas as pd

from geo.analysis import aggregate
from geo.data import citations
from geo.model import vocabulary
from geo.postgis.model import (Column, Context, ForeignKey, Layer, euros, frame, integers,
                               iso_dates, points, texts)
from geo.postgis.territory_layers import MAP_LABELS, RECUEIL

IMPORTS = ("fichiers importés par les agents du Département (tableurs des MDADT, subventions "
           "publiées au format SCDL « Subventions » 2.1.1), chaque ligne citant son fichier "
           "et sa ligne")
SOURCE_LABELS = {t.value: t.label for t in vocabulary.SOURCE_KINDS}
PRECISION_LABELS = {t.value: t.label for t in vocabulary.PRECISIONS}
_REF = re.compile(r"^(?P<doc>.+):(?P<first>\d+)(?:-(?P<last>\d+))?$")


def shown_projects(ctx: Context) -> pd.DataFrame:
    """The projects the atlas shows: placed in an EPCI, then the imported subsidies with no
    place (listed by the département view, never drawn)."""
    frames = [f for f in (ctx.atlas.projects, ctx.atlas.unplaced) if f is not None and len(f)]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(
        drop=True)


# ---------------------------------------------------------------------------------------
# Projects

PROJECT_COLUMNS = (
    Column("identifiant", "text", "Identifiant du projet dans l'atlas (P-<SIREN>-<titre> pour "
           "le recueil, import-<version>-<ligne> pour une ligne importée, SUB-… pour une "
           "subvention au format SCDL)", not_null=True),
    Column("titre", "text", "Intitulé du projet, tel que la source l'imprime", not_null=True),
    Column("epci_siren", "text", "SIREN de l'EPCI du projet ; vide pour une subvention "
           "importée sans lieu (bénéficiaire hors des communes et EPCI)"),
    Column("epci_sirens", "text", "SIREN de tous les EPCI que le projet concerne, le sien "
           "d'abord, séparés par « , » (un projet partagé est une seule ligne)"),
    Column("epci_nom", "text", "Nom des EPCI que le projet concerne"),
    Column("commune_insee", "text", "Code INSEE de la commune du projet, seulement quand la "
           "source l'établit"),
    Column("commune_nom", "text", "Nom de cette commune"),
    Column("localisation", "text", "Précision du lieu : commune, communes candidates (une de "
           "plusieurs communes nommées), epci (tout l'EPCI), inconnue (non établie par le "
           "texte)"),
    Column("localisation_regle", "text", "Ce qui établit le lieu"),
    Column("localisation_justification", "text", "Le passage de la source qui établit la "
           "commune, avec ses lignes"),
    Column("communes_candidates", "text", "Codes INSEE des communes entre lesquelles le texte "
           "hésite (le projet n'est alors pas placé)"),
    Column("thematique", "text", "Thématique : Aménagement, Solidarité, Education, Culture, "
           "Sport, ou « à classer » (subvention importée qu'aucune règle ne classe)"),
    Column("thematique_regle", "text", "La règle ou la lecture qui donne la thématique"),
    Column("periode", "text", "Période : 2015-2018, 2019-2021, 2023-2026, à venir, non daté "
           "(aucune année dans le texte : jamais devinée)"),
    Column("periode_regle", "text", "Ce qui établit la période"),
    Column("generation", "text", "Génération de contrats : 2015-2018 (avant les contrats), "
           "2019-2021, 2023-2026, non établie"),
    Column("generation_regle", "text", "La règle qui donne la génération (geo/analysis/generations.py)"),
    Column("nature", "text", "Nature de la dépense : investissement, fonctionnement, non "
           "précisé"),
    Column("nature_regle", "text", "Ce qui établit la nature"),
    Column("montant_eur", "numeric(14,2)", "Montant du Département en euros, tel que la "
           "source le donne ; vide quand elle n'en donne pas (jamais 0 €)"),
    Column("montant_regle", "text", "Ce que couvre le montant : quelle(s) décision(s) ou "
           "étiquette(s) il additionne, ou « montant non précisé dans le texte »"),
    Column("a_venir_eur", "numeric(14,2)", "Part « à venir » annoncée par la source, en euros "
           "(non comprise dans montant_eur)"),
    Column("cout_total_eur", "numeric(14,2)", "Coût total de l'opération quand la fiche "
           "action le donne, en euros"),
    Column("annee", "integer", "Année donnée par la source"),
    Column("maitre_ouvrage", "text", "Maître d'ouvrage nommé par la source"),
    Column("calendrier_debut", "text", "Début du calendrier de la fiche action"),
    Column("calendrier_fin", "text", "Fin du calendrier de la fiche action"),
    Column("stade", "text", "Stade de l'opération (proposée, votée, conventionnée, en cours, "
           "soldée, abandonnée) quand une source le donne ; vide : non renseigné"),
    Column("stade_date", "date", "Date de ce stade"),
    Column("decision_ref", "text", "Référence de la décision (délibération, commission "
           "permanente)"),
    Column("date_vote", "date", "Date du vote"),
    Column("date_convention", "date", "Date de la convention (subvention SCDL)"),
    Column("montant_verse_eur", "numeric(14,2)", "Montant versé, en euros (fichiers de "
           "stades)"),
    Column("fonds", "text", "Fonds nommé par la source (FIT, FARDA)"),
    Column("partenaire_type", "text", "Qui reçoit ou signe : epci, commune, association, "
           "syndicat, autre"),
    Column("partenaire_nom", "text", "Nom du bénéficiaire ou du signataire"),
    Column("partenaire_id", "text", "Son identifiant (SIRET, RNA)"),
    Column("sources", "text", "Types de sources du projet (étiquette de la carte du livret, "
           "fiche action, délibération 2019-117, texte du contrat, import des agents, "
           "subventions publiées au format SCDL), séparés par « ; »"),
    Column("references", "text", "Références des sources « document:lignes » (copie texte du "
           "recueil dans data/sources/seeds) ou « fichier:ligne » (import), séparées par "
           "« ; » ; détail dans la table projets_sources"),
    Column("citations", "text", "Les mêmes références en toutes lettres (document, contrat, "
           "livret, lignes)"),
    Column("carte_du_livret", "text", "État de la carte du livret de son EPCI dans la source "
           "(lues, illisibles dans la source : le total de l'EPCI est alors partiel)"),
    Column("corrections", "text", "Corrections des agents appliquées à ce projet (qui, "
           "quoi, pourquoi)"),
    Column("version_import", "integer", "Version du stockage des imports d'où vient la ligne "
           "(vide : projet du recueil livré avec l'atlas)"),
    Column("geom", "geometry(Point,4326)", "Point où la carte de l'atlas place le projet (WGS "
           "84, EPSG:4326) : la mairie de sa commune (un point dans la commune quand la "
           "position de la mairie est absente ou fausse), ou la position donnée par l'import ; "
           "vide quand la source n'établit pas de commune (jamais un lieu inventé)"),
)


def _column(projects: pd.DataFrame, name: str) -> pd.Series:
    return projects[name] if name in projects else pd.Series([None] * len(projects),
                                                             index=projects.index)


def _source_labels(kinds: pd.Series) -> pd.Series:
    return texts(kinds).map(lambda v: None if v is None else " ; ".join(
        SOURCE_LABELS.get(k, k) for k in v.split(";") if k))


def build_projects(ctx: Context) -> pd.DataFrame:
    p = ctx.atlas.with_citations(shown_projects(ctx))
    col = lambda name: _column(p, name)  # noqa: E731
    served = aggregate.served_epci(p.assign(epci_sirens=texts(col("epci_sirens"))))
    states = ctx.atlas.coverage.table["map_labels"].map(MAP_LABELS)
    return frame(PROJECT_COLUMNS, {
        "identifiant": p["project_id"], "titre": p["title"],
        "epci_siren": texts(col("epci_siren")),
        "epci_sirens": served.map(lambda s: ", ".join(s) if isinstance(s, list) else None),
        "epci_nom": texts(col("epci_nom")), "commune_insee": texts(col("commune_insee")),
        "commune_nom": texts(col("commune_nom")), "localisation": texts(col("location_precision")),
        "localisation_regle": texts(col("location_rule")),
        "localisation_justification": texts(col("location_evidence")),
        "communes_candidates": texts(col("candidate_communes")),
        "thematique": texts(col("theme")), "thematique_regle": texts(col("theme_rule")),
        "periode": texts(col("period")), "periode_regle": texts(col("period_rule")),
        "generation": texts(col("generation")), "generation_regle": texts(col("generation_rule")),
        "nature": texts(col("nature")), "nature_regle": texts(col("nature_rule")),
        "montant_eur": euros(col("amount_cents")), "montant_regle": texts(col("amount_rule")),
        "a_venir_eur": euros(col("amount_a_venir_cents")),
        "cout_total_eur": euros(col("total_cost_cents")), "annee": integers(col("year")),
        "maitre_ouvrage": texts(col("maitre_ouvrage")),
        "calendrier_debut": texts(col("calendar_start")),
        "calendrier_fin": texts(col("calendar_end")),
        "stade": texts(col("stage")), "stade_date": iso_dates(col("stage_date")),
        "decision_ref": texts(col("decision_ref")), "date_vote": iso_dates(col("vote_date")),
        "date_convention": iso_dates(col("convention_date")),
        "montant_verse_eur": euros(col("amount_paid_cents")), "fonds": texts(col("fund")),
        "partenaire_type": texts(col("partner_kind")),
        "partenaire_nom": texts(col("partner_name")), "partenaire_id": texts(col("partner_id")),
        "sources": _source_labels(col("sources")), "references": texts(col("source_refs")),
        "citations": texts(col("source_citations")),
        "carte_du_livret": texts(col("epci_siren")).map(lambda s: states.get(s) if s else None),
        "corrections": texts(col("corrections")),
        "version_import": integers(col("import_version")),
    }, points(col("lon"), col("lat")))


PROJECTS = Layer(
    table="projets",
    title="Projets financés par le Département (recueil de mai 2019 et imports des agents), "
          "avec leurs sources",
    description="Une ligne par projet distinct, comme la carte et le tableau de l'atlas les "
                "montrent (un projet partagé par plusieurs EPCI est une seule ligne). Un "
                "projet sans commune établie par la source n'a pas de point. Un montant vide "
                "est inconnu, jamais 0 €. Chaque projet renvoie à ses sources (colonnes "
                "references et citations, table projets_sources).",
    source=f"{RECUEIL} : étiquettes des cartes des livrets, fiches action, délibération "
           f"2019-117, texte des contrats (data/contracts/projects.csv) ; {IMPORTS}",
    columns=PROJECT_COLUMNS,
    primary_key=("identifiant",),
    build=build_projects,
    foreign_keys=(ForeignKey(("epci_siren",), "epci", ("epci_siren",)),),
    indexes=("epci_siren", "commune_insee", "thematique", "periode"),
)


# ---------------------------------------------------------------------------------------
# Sources of the projects

SOURCE_COLUMNS = (
    Column("projet", "text", "Identifiant du projet (table projets)", not_null=True),
    Column("reference", "text", "Référence de la source : « document:lignes » dans la copie "
           "texte du recueil, ou « fichier:ligne » pour un import", not_null=True),
    Column("type_source", "text", "Type de source : map_label, fiche_action, deliberation, "
           "contract_text, import, scdl", not_null=True),
    Column("type_source_libelle", "text", "Type de source en toutes lettres"),
    Column("document", "text", "Fichier de la source (copie texte du recueil dans "
           "data/sources/seeds, ou fichier importé)"),
    Column("document_titre", "text", "Titre du document (recueil des actes administratifs "
           "n° 5, mai 2019 ; délibération 2022-317)"),
    Column("ligne_debut", "integer", "Première ligne citée"),
    Column("ligne_fin", "integer", "Dernière ligne citée"),
    Column("citation", "text", "La référence en toutes lettres (document, contrat, livret, "
           "lignes), comme l'atlas la cite"),
    Column("texte_cite", "text", "Le passage imprimé par la source, tel que "
           "data/contracts/project_sources.csv le reprend"),
    Column("titre_source", "text", "L'intitulé du projet dans cette source"),
    Column("epci_source", "text", "SIREN de l'EPCI du contrat où la source se trouve"),
    Column("montant_eur", "numeric(14,2)", "Montant que donne cette source, en euros ; vide "
           "si elle n'en donne pas"),
    Column("a_venir_eur", "numeric(14,2)", "Part « à venir » que donne cette source, en euros"),
    Column("montant_texte", "text", "Le montant tel qu'il est imprimé"),
    Column("a_venir_texte", "text", "La part « à venir » telle qu'elle est imprimée"),
    Column("montant_detail", "text", "Ce que couvre le montant de cette source"),
    Column("references_doublons", "text", "Autres lignes où la même source est répétée"),
)


def _split_ref(ref: str) -> tuple[str | None, int | None, int | None]:
    match = _REF.match(ref.strip())
    if not match:
        return None, None, None
    first = int(match["first"])
    return match["doc"], first, int(match["last"] or first)


def _shipped_sources(ctx: Context, ids: set[str]) -> pd.DataFrame:
    s = ctx.atlas.sources
    s = s[s["project_id"].isin(ids)].reset_index(drop=True)
    return pd.DataFrame({
        "projet": s["project_id"], "reference": s["source_ref"], "type_source": s["source_kind"],
        "citation": [ctx.atlas.citation(r.source_ref, r.source_kind, str(r.source_title))
                     for r in s.itertuples()],
        "texte_cite": texts(s["raw_text"]), "titre_source": texts(s["source_title"]),
        "epci_source": texts(s["source_epci_siren"]), "montant_eur": euros(s["amount_cents"]),
        "a_venir_eur": euros(s["amount_a_venir_cents"]),
        "montant_texte": texts(s["amount_text"]), "a_venir_texte": texts(s["amount_a_venir_text"]),
        "montant_detail": texts(s["amount_detail"]),
        "references_doublons": texts(s["duplicate_refs"])})


def _imported_sources(ctx: Context, projects: pd.DataFrame) -> pd.DataFrame:
    """One row per reference of each imported project (its file and line)."""
    rows = []
    versions = [None if pd.isna(v) else int(v)
                for v in integers(_column(projects, "import_version"))]
    for pid, refs, epci, kinds, amount, version in zip(
            projects["project_id"], texts(projects["source_refs"]),
            texts(projects["epci_siren"]), texts(_column(projects, "sources")),
            euros(projects["amount_cents"]), versions):
        where = "" if version is None else f" (version d'import n° {version})"
        for ref in filter(None, (refs or "").split(";")):
            document, line, _ = _split_ref(ref)
            rows.append({"projet": pid, "reference": ref,
                         "type_source": (kinds or "import").split(";")[0],
                         "citation": f"fichier importé « {document or ref} »"
                                     + (f", ligne {line}" if line else "") + where,
                         "epci_source": epci, "montant_eur": amount})
    return pd.DataFrame(rows, columns=["projet", "reference", "type_source", "citation",
                                       "epci_source", "montant_eur"])


def build_sources(ctx: Context) -> pd.DataFrame:
    projects = shown_projects(ctx)
    shipped_ids = set(ctx.atlas.sources["project_id"])
    imported = projects[~projects["project_id"].isin(shipped_ids)]
    out = pd.concat([_shipped_sources(ctx, set(projects["project_id"])),
                     _imported_sources(ctx, imported)], ignore_index=True)
    parts = [_split_ref(r) for r in out["reference"]]
    out["document"] = [d for d, _, _ in parts]
    out["ligne_debut"] = pd.array([f for _, f, _ in parts], dtype="Int64")
    out["ligne_fin"] = pd.array([last for _, _, last in parts], dtype="Int64")
    out["document_titre"] = out["document"].map(citations.DOCUMENTS)
    out["type_source_libelle"] = out["type_source"].map(SOURCE_LABELS)
    out = out.astype(object).where(out.notna(), None)
    return frame(SOURCE_COLUMNS, {c.name: out[c.name] if c.name in out else [None] * len(out)
                                  for c in SOURCE_COLUMNS})


PROJECT_SOURCES = Layer(
    table="projets_sources",
    title="Sources des projets : chaque apparition d'un projet dans le recueil ou dans un "
          "fichier importé, avec sa citation",
    description="Une ligne par (projet, référence) : le document, les lignes, la citation "
                "en toutes lettres, le passage imprimé et le montant que donne cette source. "
                "Un même projet cité par plusieurs sources a plusieurs lignes. Sans "
                "géométrie : se joint à la table projets par la colonne projet.",
    source=f"{RECUEIL} (data/contracts/project_sources.csv) ; {IMPORTS}",
    columns=SOURCE_COLUMNS,
    primary_key=("projet", "reference"),
    build=build_sources,
    foreign_keys=(ForeignKey(("projet",), "projets", ("identifiant",)),),
)
