"""The territory tables: the 887 communes and the 20 EPCI with their groupings, what the
recueil holds for each, the Département's investment 2015-2018 and the projects' totals
the département map shows."""
from __future__ import annotations

import pandas as pd

from geo.analysis import aggregate, investment
from geo.data import territory
from geo.postgis.model import (Column, Context, ForeignKey, Layer, euros, frame,
                               multipolygons, texts)

OPEN_DATA = ("IGN – ADMIN EXPRESS COG ; Insee – COG et populations légales 2023 ; DGCL – "
             "composition des EPCI (copies dans data/sources/geodata, Licence Ouverte 2.0)")
RECUEIL = ("Département du Pas-de-Calais – recueil des actes administratifs n° 5, mai 2019 "
           "(document administratif public ; réutilisation : code des relations entre le "
           "public et l'administration, art. L321-1)")
AREA = ("Superficie en km², calculée en Lambert-93 (EPSG:2154) sur le contour publié "
        "(et non sur la géométrie en degrés)")
MAP_LABELS = {"read": "lues", "lost": "illisibles dans la source",
              "none": "pas de contrat dans le recueil"}


def _area(geometry) -> pd.Series:
    return territory.area_km2(geometry).round(6)


# ---------------------------------------------------------------------------------------
# Communes

COMMUNE_COLUMNS = (
    Column("code_insee", "text", "Code officiel géographique (INSEE) de la commune, COG "
           "2025 (IGN – ADMIN EXPRESS COG, Insee)", not_null=True),
    Column("nom", "text", "Nom de la commune (COG 2025)", not_null=True),
    Column("epci_siren", "text", "SIREN de l'intercommunalité (EPCI) de la commune "
           "(DGCL – composition des EPCI) ; clé de la table epci", not_null=True),
    Column("epci_nom", "text", "Nom court de l'intercommunalité, tel que l'atlas l'affiche"),
    Column("population", "integer", "Population municipale légale 2023 (Insee, publiée au "
           "1er janvier 2026)"),
    Column("superficie_km2", "double precision", AREA),
    Column("geom", "geometry(MultiPolygon,4326)", "Contour de la commune en WGS 84 (EPSG:4326), "
           "niveau de détail « detail » de l'atlas (géométrie de la source arrondie à 5 "
           "décimales, environ 1 m ; data/territory/communes_detail.geojson)"),
)


def build_communes(ctx: Context) -> pd.DataFrame:
    communes = ctx.atlas.communes
    return frame(COMMUNE_COLUMNS, {
        "code_insee": communes["code_insee"], "nom": communes["nom"],
        "epci_siren": communes["epci_siren"],
        "epci_nom": communes["epci_siren"].map(ctx.atlas.epci_names),
        "population": communes["population"].astype("Int64"),
        "superficie_km2": _area(communes.geometry),
    }, multipolygons(communes.geometry))


COMMUNES = Layer(
    table="communes",
    title="Communes du Pas-de-Calais (887) : contour, code INSEE, EPCI, population légale 2023",
    description="Une ligne par commune du département, avec son intercommunalité et sa "
                "superficie. Les projets d'une commune sont dans la table projets "
                "(colonne commune_insee).",
    source=OPEN_DATA,
    columns=COMMUNE_COLUMNS,
    primary_key=("code_insee",),
    build=build_communes,
    foreign_keys=(ForeignKey(("epci_siren",), "epci", ("epci_siren",)),),
    indexes=("epci_siren",),
)


# ---------------------------------------------------------------------------------------
# EPCI

EPCI_COLUMNS = (
    Column("epci_siren", "text", "SIREN de l'intercommunalité (DGCL)", not_null=True),
    Column("nom", "text", "Nom court de l'intercommunalité, tel que l'atlas l'affiche",
           not_null=True),
    Column("nom_long", "text", "Nom complet de l'intercommunalité (DGCL)"),
    Column("type", "text", "Nature juridique : CA (communauté d'agglomération), CC "
           "(communauté de communes), CU (communauté urbaine)"),
    Column("population", "integer", "Population légale 2023 de ses communes du "
           "Pas-de-Calais (Insee)"),
    Column("communes_62", "integer", "Nombre de ses communes dans le Pas-de-Calais"),
    Column("communes_total", "integer", "Nombre total de ses communes (tous départements)"),
    Column("interdepartemental", "boolean", "Vrai si l'EPCI a des communes hors du "
           "Pas-de-Calais (seules celles du département sont publiées)"),
    Column("grand_territoire", "text", "Grand territoire des Assises (Artois-Gohelle, "
           "Littoral-Côte d'Opale, Cœur rural), lu dans le contrat "
           "(data/territory/epci_groupings.csv)"),
    Column("grand_territoire_ref", "text", "Lignes du recueil qui établissent le grand "
           "territoire (« document:lignes »)"),
    Column("mdadt", "text", "Territoire de la Maison du Département Aménagement et "
           "Développement Territorial (MDADT) dont relève l'EPCI (epci_groupings.csv)"),
    Column("mdadt_ref", "text", "Lignes du recueil qui établissent le territoire MDADT"),
    Column("mds", "text", "Territoire de la Maison du Département Solidarité (MDS) dont "
           "relève l'EPCI (epci_groupings.csv)"),
    Column("mds_ref", "text", "Lignes du recueil qui établissent le territoire MDS"),
    Column("regroupements_justification", "text", "Comment les trois regroupements ont été "
           "lus dans le recueil (epci_groupings.csv, colonne evidence)"),
    Column("contrat_dans_recueil", "boolean", "Vrai si le contrat territorial 2019-2021 de "
           "l'EPCI est dans le recueil de mai 2019 (data/contracts/coverage.csv)"),
    Column("lignes_contrat", "text", "Lignes du contrat dans la copie texte du recueil"),
    Column("etiquettes_carte", "text", "État des étiquettes de la carte du livret dans la "
           "source : lues, illisibles dans la source, pas de contrat dans le recueil"),
    Column("couverture", "text", "Ce que couvrent les montants de projets de l'EPCI, en "
           "toutes lettres (la phrase que l'atlas affiche)"),
    Column("totaux_comparables", "boolean", "Vrai si le total des projets de l'EPCI est "
           "comparable aux autres (carte du livret lue) ; faux : total partiel, jamais classé"),
    Column("projets", "integer", "Nombre de projets de l'atlas qui concernent l'EPCI (un "
           "projet partagé compte dans chacun de ses EPCI)"),
    Column("projets_sans_montant", "integer", "Projets de l'EPCI sans montant dans la "
           "source (non comptés, jamais à 0 €)"),
    Column("projets_montant_eur", "numeric(14,2)", "Somme des montants connus de ses projets, "
           "en euros (montants principaux, hors parts « à venir ») ; vide si aucun montant "
           "n'est connu"),
    Column("investissement_2015_2018_eur", "numeric(14,2)", "Investissement du Département "
           "2015-2018 (section 7 « Au-delà du contrat » : routes + assainissement + collèges + "
           "culture + sport), l'indicateur par défaut de la carte ; vide sans contrat"),
    Column("investissement_au_moins", "boolean", "Vrai si le texte dit « plus de » : "
           "l'investissement est une valeur minimale"),
    Column("investissement_par_habitant_eur", "double precision", "Investissement 2015-2018 "
           "divisé par la population légale 2023 de l'EPCI"),
    Column("investissement_detail", "text", "Détail de l'investissement 2015-2018 : ses "
           "parts, ce qui n'est pas imprimé, ce qui est montré à côté sans être additionné"),
    Column("investissement_refs", "text", "Lignes du recueil des parts de l'investissement "
           "(« document:lignes », séparées par « ; »)"),
    Column("superficie_km2", "double precision", AREA),
    Column("geom", "geometry(MultiPolygon,4326)", "Contour de l'EPCI en WGS 84 (EPSG:4326) : "
           "union des contours de ses communes du Pas-de-Calais "
           "(data/territory/epci_detail.geojson)"),
)


def _epci_investment(ctx: Context, sirens: pd.Series, population: pd.Series) -> dict:
    table = ctx.atlas.investment
    rows = [table.get(s) for s in sirens]
    totals = pd.Series([b.total_eur if b else None for b in rows], index=sirens.index,
                       dtype="Float64")
    return {
        "investissement_2015_2018_eur": euros((totals * 100).round().astype("Int64")),
        "investissement_au_moins": [bool(b.lower_bound) if b and b.total_eur is not None
                                    else None for b in rows],
        "investissement_par_habitant_eur": (totals / population.astype(float)).astype(object)
        .where(totals.notna(), None),
        "investissement_detail": [investment.describe(b) if b else None for b in rows],
        "investissement_refs": [" ; ".join(b.refs) if b and b.refs else None for b in rows],
    }


def _epci_projects(ctx: Context, epci: pd.DataFrame) -> dict:
    totals = aggregate.totals_by_epci(ctx.atlas.projects, epci).set_index("epci_siren")
    totals = totals.reindex(epci["epci_siren"])
    known = totals["amount_known"].to_numpy() > 0
    amounts = totals["amount_cents"].astype("Int64").where(known)
    return {"projets": totals["count"].astype("Int64").to_numpy(),
            "projets_sans_montant": (totals["count"] - totals["amount_known"]).astype("Int64")
            .to_numpy(),
            "projets_montant_eur": euros(amounts.reset_index(drop=True)).to_numpy()}


def _epci_coverage(ctx: Context, sirens: pd.Series) -> dict:
    coverage = ctx.atlas.coverage
    table = coverage.table.reindex(sirens)
    return {
        "contrat_dans_recueil": table["contract"].astype("boolean").to_numpy(),
        "lignes_contrat": texts(table["contract_lines"]).to_numpy(),
        "etiquettes_carte": table["map_labels"].map(MAP_LABELS).to_numpy(),
        "couverture": [coverage.epci_sentence(s) for s in sirens],
        "totaux_comparables": table["comparable"].astype("boolean").to_numpy(),
    }


def build_epci(ctx: Context) -> pd.DataFrame:
    epci = ctx.atlas.epci.reset_index(drop=True)
    data = {
        "epci_siren": epci["epci_siren"], "nom": epci["nom"], "nom_long": epci["nom_long"],
        "type": epci["type"], "population": epci["population_62"].astype("Int64"),
        "communes_62": epci["n_communes_62"].astype("Int64"),
        "communes_total": epci["n_communes_total"].astype("Int64"),
        "interdepartemental": epci["interdepartemental"].astype(bool),
        "grand_territoire": texts(epci["grand_territoire"]),
        "grand_territoire_ref": texts(epci["grand_territoire_ref"]),
        "mdadt": texts(epci["mdadt_territoire"]), "mdadt_ref": texts(epci["mdadt_ref"]),
        "mds": texts(epci["mds_territoire"]), "mds_ref": texts(epci["mds_ref"]),
        "regroupements_justification": texts(epci["evidence"]),
        **_epci_coverage(ctx, epci["epci_siren"]),
        **_epci_projects(ctx, epci),
        **_epci_investment(ctx, epci["epci_siren"], epci["population_62"]),
        "superficie_km2": _area(epci.geometry),
    }
    return frame(EPCI_COLUMNS, data, multipolygons(epci.geometry))


EPCI = Layer(
    table="epci",
    title="Intercommunalités (EPCI) du Pas-de-Calais (20) : contour, regroupements, "
          "couverture du recueil, investissement 2015-2018 et projets",
    description="Une ligne par EPCI : son grand territoire des Assises, ses territoires "
                "MDADT et MDS, ce que le recueil de mai 2019 contient pour lui (contrat, "
                "carte du livret lue ou illisible), l'investissement du Département 2015-2018 "
                "et les totaux de ses projets tels que la carte du département les montre. "
                "Un total partiel (carte du livret illisible) n'est jamais comparable.",
    source=f"{OPEN_DATA} ; {RECUEIL} (regroupements, couverture, investissement, projets)",
    columns=EPCI_COLUMNS,
    primary_key=("epci_siren",),
    build=build_epci,
)
