"""Every table ``publish-postgis`` writes, in the order it writes them, as declarative data
(:class:`geo.postgis.model.Layer`: table name, French comments, primary key, foreign keys,
frame builder). A new layer is one ``Layer`` here or in one of the modules it gathers.

The last table, ``publication``, says when the layers were written and which import
version of the atlas they reflect (its builder reads the row counts of the others).
"""
from __future__ import annotations

import pandas as pd

from geo.model import style
from geo.postgis.model import Column, Context, Layer, frame
from geo.postgis.project_layers import PROJECT_SOURCES, PROJECTS
from geo.postgis.site_layers import KEY_FIGURES, LOCATION_REVIEW, PRESENCE, REVIEW_POINTS
from geo.postgis.territory_layers import COMMUNES, EPCI

PUBLICATION_COLUMNS = (
    Column("id", "integer", "Toujours 1 : la table a une seule ligne", not_null=True),
    Column("publie_le", "timestamp with time zone", "Date et heure de la publication",
           not_null=True),
    Column("version_import", "integer", "Version du stockage des imports que les tables "
           "reflètent (celle que l'atlas affiche) ; vide : données livrées seules"),
    Column("donnees", "text", "Ce que les tables reflètent, en toutes lettres", not_null=True),
    Column("tables", "text", "Les tables publiées et leur nombre de lignes", not_null=True),
    Column("sources", "text", "La ligne d'attribution que portent les cartes de l'atlas "
           "(geo/model/style.py)", not_null=True),
    Column("provenance", "text", "Où lire la provenance et la licence de chaque fichier",
           not_null=True),
)
PROVENANCE = ("data/PROVENANCE.md du dépôt de l'atlas : sources, licences (Licence Ouverte "
              "2.0 pour les données ouvertes ; documents administratifs publics pour le "
              "recueil), dérivation de chaque fichier")


def build_publication(ctx: Context) -> pd.DataFrame:
    tables = " ; ".join(f"{name} : {count} ligne{'s' if count > 1 else ''}"
                        for name, count in ctx.counts.items())
    return frame(PUBLICATION_COLUMNS, {
        "id": [1], "publie_le": [ctx.published_at],
        "version_import": pd.array([ctx.import_version], dtype="Int64"),
        "donnees": [ctx.import_text], "tables": [tables],
        "sources": [style.attribution(ctx.import_version is not None)],
        "provenance": [PROVENANCE],
    })


PUBLICATION = Layer(
    table="publication",
    title="Publication : quand ces tables ont été écrites, et ce qu'elles reflètent",
    description="Une seule ligne : la date de publication, la version d'import de l'atlas "
                "que les tables reflètent, le nombre de lignes de chaque table, la ligne "
                "d'attribution des cartes.",
    source="l'atlas de l'investissement du Département du Pas-de-Calais "
           "(python -m geo publish-postgis)",
    columns=PUBLICATION_COLUMNS,
    primary_key=("id",),
    build=build_publication,
)

LAYERS: tuple[Layer, ...] = (EPCI, COMMUNES, PROJECTS, PROJECT_SOURCES, PRESENCE, KEY_FIGURES,
                             REVIEW_POINTS, LOCATION_REVIEW, PUBLICATION)
