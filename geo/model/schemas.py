"""Schemas of every table the atlas reads, checked with pandera on load.

A violation raises :class:`DataValidationError` whose message names the table, the row
(1-based data row, as in a spreadsheet without its header, plus the row's id when the
table has one) and the field, e.g.::

    projects.csv, ligne 12 (project_id=P-246201016-rd-208), champ « theme » :
    valeur 'Voirie' hors liste (Aménagement, Solidarité, Education, Culture, Sport)
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from geo.model import vocabulary

# The allowed values, from the one vocabulary (geo.model.vocabulary)
THEMES = vocabulary.values(vocabulary.THEMES)
PERIODS = vocabulary.values(vocabulary.PERIODS)
NATURES = vocabulary.values(vocabulary.NATURES)
PRECISIONS = vocabulary.values(vocabulary.PRECISIONS)
SOURCE_KINDS = vocabulary.values(vocabulary.SOURCE_KINDS)
PRESENCE_KINDS = vocabulary.values(vocabulary.PRESENCE_KINDS)
GRANDS_TERRITOIRES = vocabulary.values(vocabulary.GRANDS_TERRITOIRES)

# Columns of a project row (``projects.csv`` and imported rows alike) ...
PROJECT_CORE_COLUMNS = [
    "project_id", "title", "epci_siren", "commune_insee", "location_precision",
    "location_evidence", "theme", "theme_rule", "period", "nature", "amount_cents",
    "amount_a_venir_cents", "year", "maitre_ouvrage", "total_cost_cents", "calendar_start",
    "calendar_end", "sources", "source_refs",
]
# ... and the audit columns the seed importer adds (why each value was chosen).
PROJECT_AUDIT_COLUMNS = [
    "epci_sirens", "candidate_communes", "period_rule", "nature_rule", "amount_rule",
    "location_rule", "location_lines",
]

# Columns of an imported project row: those of data/contracts/projects.csv (core and
# audit columns, above) ...
PROJECT_COLUMNS = PROJECT_CORE_COLUMNS
CONTRACT_EXTRA_COLUMNS = PROJECT_AUDIT_COLUMNS
# ... and what only an import carries.
IMPORT_EXTRA_COLUMNS = ["longitude", "latitude", "date_vote", "source_note", "row",
                        "import_version"]
# ... and what the follow-up of the 2023-2026 contracts adds (published subsidies, stage
# files): generation, partner, stage with its dates, fund, the SCDL row as published.
FOLLOW_UP_COLUMNS = ["generation", "generation_rule", "partner_kind", "partner_name",
                     "partner_id", "stage", "stage_date", "decision_ref", "vote_date",
                     "convention_date", "amount_paid_cents", "fund", "scdl"]

INTEGER_COLUMNS = {"amount_cents", "amount_a_venir_cents", "year", "total_cost_cents",
                   "row", "import_version", "amount_paid_cents"}
FLOAT_COLUMNS = {"longitude", "latitude"}

INSEE = r"^(62\d{3}|62[AB]\d{2})$"
SIREN = r"^\d{9}$"


class DataValidationError(ValueError):
    """A shipped or imported table breaks its schema; the message says where."""


def _opt_str(**kwargs) -> pa.Column:
    return pa.Column(str, nullable=True, **kwargs)


def _cents(nullable: bool = True) -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0), nullable=nullable, coerce=True)


PROJECTS = pa.DataFrameSchema(
    {
        "project_id": pa.Column(str, unique=True),
        "title": pa.Column(str, pa.Check.str_length(min_value=2)),
        "epci_siren": pa.Column(str, pa.Check.str_matches(SIREN)),
        "commune_insee": _opt_str(checks=pa.Check.str_matches(INSEE)),
        "location_precision": pa.Column(str, pa.Check.isin(PRECISIONS)),
        "location_evidence": _opt_str(),
        "theme": pa.Column(str, pa.Check.isin(THEMES)),
        "theme_rule": _opt_str(),
        "period": pa.Column(str, pa.Check.isin(PERIODS)),
        "nature": pa.Column(str, pa.Check.isin(NATURES)),
        "amount_cents": _cents(),
        "amount_a_venir_cents": _cents(),
        "year": pa.Column("Int64", pa.Check.in_range(2010, 2035), nullable=True, coerce=True),
        "maitre_ouvrage": _opt_str(),
        "total_cost_cents": _cents(),
        "calendar_start": _opt_str(),
        "calendar_end": _opt_str(),
        "sources": pa.Column(str),
        "source_refs": pa.Column(str, pa.Check.str_length(min_value=3)),
    },
    strict=False,
    name="projects.csv",
)

PROJECT_SOURCES = pa.DataFrameSchema(
    {
        "project_id": pa.Column(str),
        "source_kind": pa.Column(str, pa.Check.isin(SOURCE_KINDS)),
        "source_ref": pa.Column(str),
        "raw_text": pa.Column(str),
        "amount_cents": _cents(),
        "amount_a_venir_cents": _cents(),
    },
    strict=False,
    name="project_sources.csv",
)

KEY_FIGURES = pa.DataFrameSchema(
    {
        "epci_siren": pa.Column(str, pa.Check.str_matches(SIREN)),
        "indicator": pa.Column(str),
        "value": pa.Column(float, nullable=True, coerce=True),
        "unit": _opt_str(),
        "raw_text": pa.Column(str),
        "source_ref": pa.Column(str),
    },
    strict=False,
    unique=["epci_siren", "indicator"],
    name="key_figures.csv",
)

GROUPINGS = pa.DataFrameSchema(
    {
        "epci_siren": pa.Column(str, pa.Check.str_matches(SIREN), unique=True),
        "grand_territoire": pa.Column(str, pa.Check.isin(GRANDS_TERRITOIRES)),
        "mdadt_territoire": pa.Column(str),
        "mds_territoire": pa.Column(str),
    },
    strict=False,
    name="epci_groupings.csv",
)

COVERAGE = pa.DataFrameSchema(
    {
        "epci_siren": pa.Column(str, pa.Check.str_matches(SIREN), unique=True),
        "contract": pa.Column(bool, coerce=True),
        "map_labels": pa.Column(str, pa.Check.isin(["read", "lost", "none"])),
        "map_labels_count": pa.Column(int, pa.Check.ge(0), coerce=True),
        "fiches_count": pa.Column(int, pa.Check.ge(0), coerce=True),
        "deliberation_count": pa.Column(int, pa.Check.ge(0), coerce=True),
        "contract_text_count": pa.Column(int, pa.Check.ge(0), coerce=True),
        "comparable": pa.Column(bool, coerce=True),
    },
    strict=False,
    name="coverage.csv",
)

REVIEW_POINTS = pa.DataFrameSchema(
    {
        "point_id": pa.Column(str, unique=True),
        "kind": pa.Column(str),
        "field": pa.Column(str),
        "evidence": pa.Column(str),
        "source_ref": pa.Column(str),
        "question": pa.Column(str),
    },
    strict=False,
    name="review_points.csv",
)

PRESENCE = pa.DataFrameSchema(
    {
        "presence_id": pa.Column(str, unique=True),
        "kind": pa.Column(str, pa.Check.isin(PRESENCE_KINDS)),
        "name": pa.Column(str),
        "commune_insee": _opt_str(checks=pa.Check.str_matches(INSEE)),
        "lon": pa.Column(float, pa.Check.in_range(1.3, 3.3), nullable=True, coerce=True),
        "lat": pa.Column(float, pa.Check.in_range(50.0, 51.1), nullable=True, coerce=True),
        "precision": _opt_str(checks=pa.Check.isin(["adresse", "mairie"])),
        "source": pa.Column(str),
        "source_ref": pa.Column(str),
    },
    strict=False,
    name="presence.csv",
)


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, id_column: str | None = None
             ) -> pd.DataFrame:
    """Validate ``frame`` (all errors collected) and return the coerced frame."""
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as errors:
        raise DataValidationError(_describe(errors.failure_cases, frame, schema.name, id_column)
                                  ) from None


def _describe(cases: pd.DataFrame, frame: pd.DataFrame, table: str, id_column: str | None,
              limit: int = 20) -> str:
    lines = []
    for case in cases.head(limit).itertuples():
        index = case.index
        where = "table entière"
        if index is not None and index == index:  # not NaN
            row = int(index) + 1
            ident = ""
            if id_column and id_column in frame and int(index) in frame.index:
                ident = f" ({id_column}={frame.at[int(index), id_column]})"
            where = f"ligne {row}{ident}"
        column = case.column if isinstance(case.column, str) else "?"
        lines.append(f"{table}, {where}, champ « {column} » : valeur {case.failure_case!r} "
                     f"refusée par le contrôle {case.check}")
    more = len(cases) - limit
    if more > 0:
        lines.append(f"… et {more} autre(s) erreur(s)")
    return "\n".join(lines)
