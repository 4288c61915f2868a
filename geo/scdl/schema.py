"""The SCDL « Subventions » schema shipped with the atlas, and how a file is recognised.

``data/schemas/scdl-subventions-2.1.1.json`` is the published Table Schema, unmodified
(provenance in ``data/PROVENANCE.md``). A file is an SCDL file when its header names at
least :data:`MIN_FIELDS` of the schema's fields (case and spaces ignored: portals export
``nomattribuant``). Everything the atlas says about a field (title, required) comes from
the schema.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from geo.model.paths import DATA

SCHEMA_PATH = DATA / "schemas" / "scdl-subventions-2.1.1.json"
VERSION = "2.1.1"
MIN_FIELDS = 5
# Its custom checks (frictionless ignores them, geo.scdl.checks runs them): at least one
# of these identifies the beneficiary.
BENEFICIARY_IDS = ("idBeneficiaire", "rnaBeneficiaire")
SIRET_FIELDS = ("idAttribuant", "idBeneficiaire")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str
    type: str
    required: bool
    constraints: dict


@lru_cache(maxsize=1)
def descriptor() -> dict:
    """The schema JSON as published."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def table_schema() -> dict:
    """The descriptor frictionless validates with (its ``custom_checks`` left to
    :mod:`geo.scdl.checks`)."""
    return {k: v for k, v in descriptor().items() if k != "custom_checks"}


@lru_cache(maxsize=1)
def fields() -> tuple[FieldSpec, ...]:
    out = []
    for f in descriptor()["fields"]:
        constraints = dict(f.get("constraints", {}))
        out.append(FieldSpec(f["name"], f.get("title", f["name"]), f.get("type", "string"),
                             bool(constraints.get("required")), constraints))
    return tuple(out)


def names() -> list[str]:
    return [f.name for f in fields()]


def spec(name: str) -> FieldSpec:
    return next(f for f in fields() if f.name == name)


def required_names() -> list[str]:
    return [f.name for f in fields() if f.required]


def _key(text: object) -> str:
    return "".join(str(text or "").split()).lower().lstrip("\ufeff")


def header_fields(header: list[str]) -> dict[int, str]:
    """{column index: schema field} for the header cells naming a schema field (the
    first column naming a field wins it)."""
    by_key = {_key(n): n for n in names()}
    found: dict[int, str] = {}
    for index, cell in enumerate(header):
        name = by_key.get(_key(cell))
        if name and name not in found.values():
            found[index] = name
    return found


def is_scdl_header(header: list[object]) -> bool:
    return len(header_fields([str(c or "") for c in header])) >= MIN_FIELDS
