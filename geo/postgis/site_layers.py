"""The Département's sites (collèges, CER, CIS, MDS, MDADT), the key figures « Au-delà du
contrat » of each contract, and the points the data asks staff to check."""
from __future__ import annotations

import pandas as pd

from geo.model import vocabulary
from geo.analysis.indicators import KEY_FIGURE_LABELS
from geo.postgis.model import Column, Context, ForeignKey, Layer, frame, points, texts
from geo.postgis.territory_layers import RECUEIL

COLLEGES = ("ministère de l'Éducation nationale – annuaire des collèges publics "
            "(data/sources/geodata/colleges_publics_62.geojson, Licence Ouverte 2.0)")
KIND_LABELS = {k.value: k.label for k in vocabulary.PRESENCE_KINDS}


# ---------------------------------------------------------------------------------------
# Presence

PRESENCE_COLUMNS = (
    Column("identifiant", "text", "Identifiant du site dans l'atlas (data/presence/presence.csv)",
           not_null=True),
    Column("type", "text", "Type de site : college, cer, cis, mds, mdadt", not_null=True),
    Column("type_libelle", "text", "Type de site en toutes lettres (Collèges publics, Centres "
           "d'exploitation routière, Centres d'incendie et de secours, Maisons du Département "
           "Solidarité, Maisons du Département Aménagement et Développement Territorial)"),
    Column("nom", "text", "Nom du site", not_null=True),
    Column("commune_insee", "text", "Code INSEE de sa commune"),
    Column("adresse", "text", "Adresse, quand la source la donne (collèges, Maisons du "
           "Département)"),
    Column("localisation", "text", "Ce que vaut le point : adresse (position de l'annuaire) "
           "ou mairie (la source ne nomme que la commune : le site est placé à sa mairie)"),
    Column("epci_siren", "text", "SIREN de l'EPCI où se trouve le site"),
    Column("attributs", "jsonb", "Autres informations de la source (nom imprimé, UAI du "
           "collège, autres mentions…), en JSON"),
    Column("source", "text", "La source du site, en toutes lettres"),
    Column("reference", "text", "Référence de la source (« document:lignes » du recueil, ou "
           "identifiant de l'annuaire)"),
    Column("geom", "geometry(Point,4326)", "Position du site en WGS 84 (EPSG:4326) ; vide "
           "quand la source ne permet pas de le placer"),
)


def build_presence(ctx: Context) -> pd.DataFrame:
    sites = ctx.atlas.presence.reset_index(drop=True)
    return frame(PRESENCE_COLUMNS, {
        "identifiant": sites["presence_id"], "type": sites["kind"],
        "type_libelle": sites["kind"].map(KIND_LABELS), "nom": sites["name"],
        "commune_insee": texts(sites["commune_insee"]), "adresse": texts(sites["address"]),
        "localisation": texts(sites["precision"]), "epci_siren": texts(sites["epci_siren"]),
        "attributs": texts(sites["attributes"]), "source": texts(sites["source"]),
        "reference": texts(sites["source_ref"]),
    }, points(sites["lon"], sites["lat"]))


PRESENCE = Layer(
    table="presence",
    title="Présence du Département : collèges publics, CER, CIS, MDS et MDADT",
    description="Une ligne par site : les 125 collèges publics (annuaire de l'Éducation "
                "nationale), les Maisons du Département (adresses du recueil), les centres "
                "d'incendie et de secours et le centre d'exploitation routière que les "
                "contrats nomment (placés à la mairie de leur commune : seuls ceux que les "
                "contrats nomment sont connus).",
    source=f"{COLLEGES} ; {RECUEIL} (Maisons du Département, CIS, CER)",
    columns=PRESENCE_COLUMNS,
    primary_key=("identifiant",),
    build=build_presence,
    foreign_keys=(ForeignKey(("epci_siren",), "epci", ("epci_siren",)),),
    indexes=("type", "epci_siren"),
)


# ---------------------------------------------------------------------------------------
# Key figures

KEY_FIGURE_COLUMNS = (
    Column("epci_siren", "text", "SIREN de l'EPCI du contrat (table epci)", not_null=True),
    Column("indicateur", "text", "Code de l'indicateur (rsa_foyers, apa_eur, "
           "colleges_invest_2015_2018_eur…)", not_null=True),
    Column("libelle", "text", "Nom de l'indicateur, tel que l'atlas l'affiche"),
    Column("valeur", "double precision", "Valeur imprimée par le contrat, en nombre ; vide "
           "quand le texte n'en donne pas"),
    Column("unite", "text", "Unité de la valeur (€, foyers, bénéficiaires, agents…)"),
    Column("qualificatif", "text", "« plus de », « près de » : la valeur est une borne"),
    Column("annee_reference", "text", "Année ou période à laquelle se rapporte la valeur"),
    Column("echelle", "text", "Échelle du chiffre : intercommunalité, ou le territoire plus "
           "large que le contrat cite (MDS, MDADT…)"),
    Column("texte", "text", "La phrase du contrat qui donne le chiffre"),
    Column("texte_imprime", "text", "Le chiffre tel qu'il est imprimé"),
    Column("note", "text", "Remarque de lecture"),
    Column("reference", "text", "Lignes du recueil (« document:lignes »)"),
)


def build_key_figures(ctx: Context) -> pd.DataFrame:
    k = ctx.atlas.key_figures.reset_index(drop=True)
    return frame(KEY_FIGURE_COLUMNS, {
        "epci_siren": k["epci_siren"], "indicateur": k["indicator"],
        "libelle": k["indicator"].map(lambda i: KEY_FIGURE_LABELS.get(i, (None,))[0]),
        "valeur": k["value"].astype(object).where(k["value"].notna(), None),
        "unite": texts(k["unit"]), "qualificatif": texts(k["qualifier"]),
        "annee_reference": texts(k["reference_year"]), "echelle": texts(k["scale"]),
        "texte": texts(k["text"]), "texte_imprime": texts(k["raw_text"]),
        "note": texts(k["note"]), "reference": texts(k["source_ref"]),
    })


KEY_FIGURES = Layer(
    table="chiffres_cles",
    title="Chiffres clés « Au-delà du contrat » de chaque contrat (section 7)",
    description="Une ligne par (EPCI, indicateur) : RSA, APA, PCH, collèges, "
                "investissements 2015-2018 par politique, agents du Département… tels que "
                "la section 7 de chaque contrat les imprime. Sans géométrie : se joint à la "
                "table epci par epci_siren. La CA du Pays de Saint-Omer n'a pas de contrat "
                "dans le recueil : aucun chiffre (jamais 0).",
    source=f"{RECUEIL} (data/contracts/key_figures.csv)",
    columns=KEY_FIGURE_COLUMNS,
    primary_key=("epci_siren", "indicateur"),
    build=build_key_figures,
    foreign_keys=(ForeignKey(("epci_siren",), "epci", ("epci_siren",)),),
)


# ---------------------------------------------------------------------------------------
# Points to check

REVIEW_COLUMNS = (
    Column("identifiant", "text", "Identifiant du point (type:projet:champ)", not_null=True),
    Column("type", "text", "Type de jugement : commune, communes, theme, periode, montant, "
           "texte, grand_territoire", not_null=True),
    Column("projet", "text", "Identifiant du projet concerné (table projets), s'il y en a un"),
    Column("epci_siren", "text", "SIREN de l'EPCI concerné"),
    Column("champ", "text", "Le champ jugé (commune_insee, theme, period…)"),
    Column("valeur", "text", "La valeur que l'atlas a retenue"),
    Column("justification", "text", "Le passage cité qui fonde ce jugement"),
    Column("reference", "text", "Lignes du recueil (« document:lignes »)"),
    Column("question", "text", "La question posée aux agents"),
)


def build_review_points(ctx: Context) -> pd.DataFrame:
    r = ctx.atlas.review_points.reset_index(drop=True)
    return frame(REVIEW_COLUMNS, {
        "identifiant": r["point_id"], "type": r["kind"], "projet": texts(r["project_id"]),
        "epci_siren": texts(r["epci_siren"]), "champ": texts(r["field"]),
        "valeur": texts(r["value"]), "justification": texts(r["evidence"]),
        "reference": texts(r["source_ref"]), "question": texts(r["question"]),
    })


REVIEW_POINTS = Layer(
    table="points_a_verifier",
    title="Points à vérifier : chaque jugement que font les données, avec sa citation",
    description="Période en conflit avec la section 7, commune déduite, thématique par "
                "défaut, montants différents selon les sources, texte contradictoire, grand "
                "territoire lu de deux façons : une ligne par jugement, avec la question "
                "posée aux agents (la colonne « Valeur corrigée » de l'export CSV/XLSX, "
                "importée, corrige le projet). Sans géométrie : se joint à projets par projet.",
    source=f"{RECUEIL} (data/contracts/review_points.csv)",
    columns=REVIEW_COLUMNS,
    primary_key=("identifiant",),
    build=build_review_points,
    foreign_keys=(ForeignKey(("projet",), "projets", ("identifiant",)),
                  ForeignKey(("epci_siren",), "epci", ("epci_siren",))),
)


LOCATION_REVIEW_COLUMNS = (
    Column("projet", "text", "Identifiant du projet (table projets)", not_null=True),
    Column("communes_candidates", "text", "Les communes que le texte rend possibles"),
    Column("decision", "text", "Le code INSEE retenu, ou « inconnue » (le projet n'est pas "
           "placé)", not_null=True),
    Column("lignes", "text", "Lignes du recueil lues pour décider, séparées par « ; »"),
    Column("raison", "text", "La raison de la décision, avec les passages cités"),
)


def build_location_review(ctx: Context) -> pd.DataFrame:
    from geo.data.contracts import CONTRACTS, read_table

    r = read_table(CONTRACTS / "location_review.csv")
    return frame(LOCATION_REVIEW_COLUMNS, {
        "projet": r["project_id"], "communes_candidates": texts(r["candidates"]),
        "decision": r["decision"], "lignes": texts(r["lines"]), "raison": texts(r["reason"]),
    })


LOCATION_REVIEW = Layer(
    table="revue_localisations",
    title="Revue des localisations : les projets dont le texte rend une commune probable "
          "sans la nommer seule",
    description="Une ligne par projet revu à la main : les communes candidates, la décision "
                "(une commune, ou « inconnue » : le projet reste sans point) et sa raison. "
                "Ces décisions sont aussi des points à vérifier.",
    source=f"{RECUEIL}, relu à la main (data/contracts/location_review.csv)",
    columns=LOCATION_REVIEW_COLUMNS,
    primary_key=("projet",),
    build=build_location_review,
    foreign_keys=(ForeignKey(("projet",), "projets", ("identifiant",)),),
)
