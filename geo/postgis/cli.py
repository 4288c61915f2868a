"""``python -m geo publish-postgis [--url URL] [--schema atlas] [--grant-select RÔLE]``.

Writes the atlas's layers into a PostGIS schema of their own (:mod:`geo.postgis.publish`);
prints what it wrote. Every error is one French line on stderr, exit code 2.
"""
from __future__ import annotations

import sys

from geo.postgis.publish import DEFAULT_SCHEMA, URL_ENV, PublishError, publish

EXIT_ERROR = 2


def add_subcommands(sub) -> None:
    p = sub.add_parser(
        "publish-postgis", help="publier les couches de l'atlas dans PostGIS (pour QGIS)",
        description="Écrit les couches de l'atlas (communes, EPCI, projets et leurs sources, "
                    "présence, chiffres clés, points à vérifier) en tables PostGIS dans un "
                    "schéma à part, en une transaction : une republication remplace les "
                    "tables, un échec laisse en place celles d'avant.")
    p.add_argument("--url", help=f"base PostGIS, postgresql://utilisateur@hôte:5432/base "
                                 f"(défaut : ${URL_ENV})")
    p.add_argument("--schema", default=DEFAULT_SCHEMA,
                   help=f"schéma des tables (défaut : {DEFAULT_SCHEMA})")
    p.add_argument("--grant-select", action="append", default=[], metavar="RÔLE",
                   help="donner la lecture des tables à ce rôle (répétable), par ex. le rôle "
                        "des utilisateurs QGIS")
    p.set_defaults(func=cmd_publish_postgis)


def cmd_publish_postgis(args) -> int:
    try:
        done = publish(args.url, args.schema, grant_select=tuple(args.grant_select))
    except PublishError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_ERROR
    version = ("données livrées seules, aucun import" if done.import_version is None
               else f"version d'import n° {done.import_version}")
    print(f"Publié dans le schéma « {done.schema} » de {done.url} ({version}), "
          f"en {_seconds(done.seconds)} :")
    for table, count in done.counts.items():
        print(f"  {done.schema}.{table} : {count} ligne{'s' if count > 1 else ''}")
    return 0


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"
