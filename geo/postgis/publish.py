"""Publish the atlas's layers (:data:`geo.postgis.layers.LAYERS`) as PostGIS tables in a
schema of their own, in one transaction.

What is published is what the atlas shows: ``Atlas.load(current_import_version())``, the
shipped data plus the staff import in force. Each table is built in a staging schema
(``<schema>_publication``) — created, loaded with geopandas ``to_postgis`` (GeoAlchemy2)
or pandas ``to_sql`` on the transaction's own connection (neither commits when the
connection is already in a transaction), keyed, indexed (GIST on the geometry), commented
in French — then, still in the same transaction, the previous tables are dropped and the
new ones moved into the schema, with the privileges granted on the previous ones. A failure
anywhere (a builder, a constraint, a killed process) rolls everything back: the previous
tables stay as they were, and readers see them until the commit. Publications of the same
schema queue on an advisory lock.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass

import pandas as pd
import psycopg
import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url

from geo.store.model import DATABASE_ENV, psycopg_url
from geo.postgis import sql
from geo.postgis.layers import LAYERS
from geo.postgis.model import Context, Layer

URL_ENV = DATABASE_ENV         # the import store's variable: one SIG database for both
DEFAULT_SCHEMA = "atlas"
STAGING_SUFFIX = "_publication"
RESERVED_SCHEMAS = {"public", "information_schema", "topology", "tiger"}
SWAP_LOCK_TIMEOUT = "60s"     # readers holding the old tables longer: the publication fails
PRODUCER = ("l'atlas de l'investissement du Département du Pas-de-Calais "
            "(python -m geo publish-postgis)")


class PublishError(ValueError):
    """A publication that cannot be done; the message is French, for the user."""


@dataclass(frozen=True)
class Published:
    schema: str
    counts: dict[str, int]
    import_version: int | None
    published_at: dt.datetime
    seconds: float
    url: str                  # password hidden


# ---------------------------------------------------------------------------------------
# Arguments

def database_url(given: str | None = None) -> str:
    """``--url``, else ``$ATLAS_DATABASE_URL``; ``postgresql://`` goes through psycopg 3."""
    url = (given or os.environ.get(URL_ENV) or "").strip()
    if not url:
        raise PublishError(
            "aucune base PostGIS indiquée : donnez --url postgresql://utilisateur@hôte:5432/base "
            f"ou définissez la variable d'environnement {URL_ENV}")
    url = psycopg_url(url)
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise PublishError(f"adresse de base illisible : « {_hide(url)} » (attendu : "
                           "postgresql://utilisateur@hôte:5432/base)") from None
    if parsed.get_backend_name() != "postgresql":
        raise PublishError(f"la base doit être PostgreSQL/PostGIS, pas « {parsed.drivername} »")
    return url


def check_schema(name: str) -> str:
    if not sql.IDENTIFIER.match(name or "") or len(name) > 40:
        raise PublishError(f"nom de schéma refusé : « {name} » (lettres minuscules, chiffres "
                           "et _, 40 caractères au plus, par ex. atlas)")
    from geo.store import PG_SCHEMA     # the import store's own schema
    if name in RESERVED_SCHEMAS | {PG_SCHEMA} or name.startswith("pg_"):
        raise PublishError(f"le schéma « {name} » n'est pas un schéma à part : les couches "
                           "de l'atlas ont le leur (par défaut : atlas)")
    return name


def _hide(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "(adresse illisible)"


# ---------------------------------------------------------------------------------------
# What is published

def import_text(version: int | None) -> str:
    """The data the tables reflect, in French (table comments, publication table)."""
    if version is None:
        return ("données livrées avec l'atlas (recueil de mai 2019 et données ouvertes), "
                "sans import des agents")
    detail = ""
    try:
        from geo.store import Store
        v = Store().version(version)
        detail = (f" : {v.kind} du fichier « {v.file_name} » le {v.created_at[:10]} par "
                  f"{v.who}")
    except (ImportError, AttributeError, LookupError, RuntimeError):
        pass       # the number alone still says which version
    return (f"données livrées avec l'atlas et version d'import n° {version} du stockage des "
            f"imports, celle que l'atlas affiche{detail}")


def table_comment(layer: Layer, ctx: Context) -> str:
    from geo.model import style
    when = ctx.published_at.strftime("%d/%m/%Y à %H:%M UTC")
    return (f"{layer.title}\n\n{layer.description}\n\nSources : {layer.source}.\n\n"
            f"Reflète : {ctx.import_text}. Publié le {when} par {PRODUCER}.\n\n"
            f"Attribution (à reprendre sur toute carte) : "
            f"{style.attribution(ctx.import_version is not None)}.")


def context_for(atlas=None) -> Context:
    """The atlas shown (the current import version's), or ``atlas`` as given."""
    from geo.atlas import Atlas
    from geo.store import current_import_version
    if atlas is None:
        atlas = Atlas.load(current_import_version())
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return Context(atlas, now, atlas.version, import_text(atlas.version))


# ---------------------------------------------------------------------------------------
# Publishing

def publish(url: str | None = None, schema: str = DEFAULT_SCHEMA,
            layers: tuple[Layer, ...] = LAYERS, atlas=None,
            grant_select: tuple[str, ...] = ()) -> Published:
    """Write ``layers`` into ``schema`` in one transaction (see the module's doc)."""
    url, schema = database_url(url), check_schema(schema)
    start = time.perf_counter()
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect():
            pass                  # an unreachable server is said before the atlas loads
        ctx = context_for(atlas)
        with engine.begin() as conn:
            _publish_in(conn, schema, layers, ctx, grant_select)
    except (sa.exc.DBAPIError, pd.errors.DatabaseError, psycopg.Error) as exc:
        raise PublishError(_database_message(exc, url)) from None
    finally:
        engine.dispose()
    return Published(schema, dict(ctx.counts), ctx.import_version, ctx.published_at,
                     time.perf_counter() - start, _hide(url))


def _publish_in(conn: Connection, schema: str, layers: tuple[Layer, ...], ctx: Context,
                grant_select: tuple[str, ...]) -> None:
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                 {"key": f"atlas publish-postgis {schema}"})
    _check_postgis(conn)
    staging = schema + STAGING_SUFFIX
    conn.exec_driver_sql(f"CREATE SCHEMA {sql.ident(staging)}")
    for layer in layers:
        ctx.counts[layer.table] = write_layer(conn, staging, layer, ctx)
    for layer in layers:
        for statement in sql.foreign_keys(staging, layer):
            conn.exec_driver_sql(statement)
    _swap(conn, staging, schema, layers, grant_select)


def _check_postgis(conn: Connection) -> None:
    found = conn.execute(sa.text(
        "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")).scalar()
    if found is None:
        raise PublishError("PostGIS n'est pas installé dans cette base : un administrateur "
                           "doit y lancer CREATE EXTENSION postgis")


def write_layer(conn: Connection, schema: str, layer: Layer, ctx: Context) -> int:
    """Create, fill, index and comment one table; its number of rows."""
    data = layer.build(ctx)
    if list(data.columns) != layer.column_names:
        data = data[layer.column_names] if set(data.columns) == set(layer.column_names) else \
            _wrong_columns(layer, data)
    conn.exec_driver_sql(sql.create_table(schema, layer))
    geometry = layer.geometry
    if geometry is not None and data[geometry.name].notna().any():
        data.to_postgis(layer.table, conn, schema=schema, if_exists="append", index=False)
    elif len(data):
        plain = data.drop(columns=[geometry.name]) if geometry is not None else data
        pd.DataFrame(plain).to_sql(layer.table, conn, schema=schema, if_exists="append",
                                   index=False, method=copy_rows)
    for statement in sql.indexes(schema, layer) + sql.comments(
            schema, layer, table_comment(layer, ctx)):
        conn.exec_driver_sql(statement)
    return len(data)


def copy_rows(table, conn: Connection, keys: list[str], data_iter) -> int:
    """pandas ``to_sql`` method: the rows through ``COPY … FROM STDIN`` on the connection's
    own psycopg cursor (same transaction), as geopandas does for the spatial tables."""
    columns = ", ".join(sql.ident(k) for k in keys)
    count = 0
    with conn.connection.cursor() as cursor:
        with cursor.copy(f"COPY {sql.qualified(table.schema, table.name)} ({columns}) "
                         "FROM STDIN") as copy:
            for row in data_iter:
                copy.write_row(row)
                count += 1
    return count


def _wrong_columns(layer: Layer, data: pd.DataFrame):
    missing = sorted(set(layer.column_names) - set(data.columns))
    extra = sorted(set(data.columns) - set(layer.column_names))
    raise PublishError(f"couche {layer.table} : colonnes manquantes {missing}, en trop {extra}")


def _swap(conn: Connection, staging: str, schema: str, layers: tuple[Layer, ...],
          grant_select: tuple[str, ...]) -> None:
    """Previous tables out, new ones in, with the privileges granted on the previous ones."""
    conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {sql.ident(schema)}")
    for layer in layers:
        for row in conn.execute(sa.text(sql.GRANTS_QUERY),
                                {"schema": schema, "table": layer.table}):
            conn.exec_driver_sql(sql.grant(staging, layer.table, *row))
        for who in grant_select:
            conn.exec_driver_sql(f"GRANT SELECT ON {sql.qualified(staging, layer.table)} TO "
                                 f"{sql.role(who)}")
    for who in grant_select:
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {sql.ident(schema)} TO {sql.role(who)}")
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
    tables = ", ".join(sql.qualified(schema, layer.table) for layer in layers)
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {tables}")       # never CASCADE
    for layer in layers:
        conn.exec_driver_sql(f"ALTER TABLE {sql.qualified(staging, layer.table)} "
                             f"SET SCHEMA {sql.ident(schema)}")
    conn.exec_driver_sql(f"DROP SCHEMA {sql.ident(staging)}")
    conn.exec_driver_sql(f"COMMENT ON SCHEMA {sql.ident(schema)} IS " + sql.literal(
        "Couches de l'atlas de l'investissement du Département du Pas-de-Calais, publiées "
        "par python -m geo publish-postgis (chaque publication remplace ces tables ; la table "
        "publication dit quand et ce qu'elles reflètent)"))
    for layer in layers:
        conn.exec_driver_sql(f"ANALYZE {sql.qualified(schema, layer.table)}")


def _driver_error(exc: BaseException) -> BaseException:
    """The psycopg error under SQLAlchemy's or pandas's wrapping (pandas wraps what an
    insert raises in its own ``DatabaseError``; geopandas's COPY raises psycopg's)."""
    seen = exc
    while seen is not None:
        if isinstance(seen, psycopg.Error):
            return seen
        seen = getattr(seen, "orig", None) or seen.__cause__
    return exc


def _database_message(exc: BaseException, url: str) -> str:
    """The French line for a database error; the previous tables are intact."""
    import psycopg.errors as pg

    orig = _driver_error(exc)
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if isinstance(orig, psycopg.OperationalError) and not getattr(orig, "sqlstate", None):
        return f"connexion impossible à {_hide(url)} : {first}"
    kept = "rien n'a été modifié, les tables publiées avant restent en place"
    if isinstance(orig, pg.DependentObjectsStillExist):
        detail = getattr(getattr(orig, "diag", None), "message_detail", None) or first
        return (f"des objets de la base dépendent des tables publiées ({detail}) : "
                f"supprimez-les avant de republier, puis recréez-les ; {kept}")
    if isinstance(orig, pg.LockNotAvailable):
        return (f"les tables publiées sont occupées depuis plus de {SWAP_LOCK_TIMEOUT} (une "
                f"lecture ou une transaction ouverte) : réessayez ; {kept}")
    if isinstance(orig, pg.UniqueViolation):
        return (f"deux lignes ont la même clé primaire "
                f"({getattr(orig.diag, 'message_detail', None) or first}) ; {kept}")
    if isinstance(orig, pg.InsufficientPrivilege):
        return f"droits insuffisants dans la base : {first} ; {kept}"
    return f"la publication a échoué : {first} ; {kept}"
