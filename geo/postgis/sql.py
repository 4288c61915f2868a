"""The SQL of a publication: table, keys, indexes, comments and privileges of a layer.

Identifiers are checked (lower-case letters, digits, ``_``) and quoted; comments are
string literals quoted here (``COMMENT ON`` takes no bind parameter).
"""
from __future__ import annotations

import re

from geo.postgis.model import Layer

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")


def ident(name: str) -> str:
    if not IDENTIFIER.match(name):
        raise ValueError(f"nom SQL refusé : « {name} » (lettres minuscules, chiffres et _, "
                         "40 caractères au plus)")
    return f'"{name}"'


def literal(text: str) -> str:
    """A string literal (standard_conforming_strings, on since PostgreSQL 9.1)."""
    return "'" + str(text).replace("\x00", "").replace("'", "''") + "'"


def qualified(schema: str, table: str) -> str:
    return f"{ident(schema)}.{ident(table)}"


def create_table(schema: str, layer: Layer) -> str:
    columns = [f"{ident(c.name)} {c.sql_type}{' NOT NULL' if c.not_null else ''}"
               for c in layer.columns]
    key = ", ".join(ident(c) for c in layer.primary_key)
    columns.append(f"CONSTRAINT {ident(layer.table + '_pkey')} PRIMARY KEY ({key})")
    return f"CREATE TABLE {qualified(schema, layer.table)} (\n  " + ",\n  ".join(columns) + "\n)"


def indexes(schema: str, layer: Layer) -> list[str]:
    """A GIST index on the geometry, a btree index on each join or filter column."""
    table = qualified(schema, layer.table)
    out = []
    if layer.geometry is not None:
        name = ident(f"{layer.table}_{layer.geometry.name}_gist")
        out.append(f"CREATE INDEX {name} ON {table} USING GIST ({ident(layer.geometry.name)})")
    for column in layer.indexes:
        out.append(f"CREATE INDEX {ident(f'{layer.table}_{column}_idx')} ON {table} "
                   f"({ident(column)})")
    return out


def foreign_keys(schema: str, layer: Layer) -> list[str]:
    out = []
    for fk in layer.foreign_keys:
        name = ident(f"{layer.table}_{'_'.join(fk.columns)}_fkey")
        out.append(f"ALTER TABLE {qualified(schema, layer.table)} ADD CONSTRAINT {name} "
                   f"FOREIGN KEY ({', '.join(ident(c) for c in fk.columns)}) REFERENCES "
                   f"{qualified(schema, fk.table)} ({', '.join(ident(c) for c in fk.ref_columns)})")
    return out


def comments(schema: str, layer: Layer, table_comment: str) -> list[str]:
    table = qualified(schema, layer.table)
    out = [f"COMMENT ON TABLE {table} IS {literal(table_comment)}"]
    out += [f"COMMENT ON COLUMN {table}.{ident(c.name)} IS {literal(c.comment)}"
            for c in layer.columns]
    out.append(f"COMMENT ON CONSTRAINT {ident(layer.table + '_pkey')} ON {table} IS "
               f"{literal('Clé primaire : ' + ', '.join(layer.primary_key))}")
    return out


# Privileges granted on a table (other than its owner's), to give them again to the table
# that replaces it: a republication keeps what the SIG team granted (QGIS readers).
GRANTS_QUERY = """
SELECT a.privilege_type,
       CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee,
       a.is_grantable
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(c.relacl) AS a
WHERE n.nspname = :schema AND c.relname = :table AND a.grantee <> c.relowner
ORDER BY 2, 1
"""


def grant(schema: str, table: str, privilege: str, grantee: str, grantable: bool) -> str:
    who = "PUBLIC" if grantee == "PUBLIC" else '"' + grantee.replace('"', '""') + '"'
    return (f"GRANT {privilege} ON {qualified(schema, table)} TO {who}"
            + (" WITH GRANT OPTION" if grantable else ""))


def role(name: str) -> str:
    """A role name given on the command line, quoted (any name PostgreSQL accepts)."""
    if not name or len(name) > 63 or "\x00" in name:
        raise ValueError(f"nom de rôle refusé : « {name} »")
    return '"' + name.replace('"', '""') + '"'
