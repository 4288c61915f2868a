"""The imported project rows as a typed frame: the store writes and reads this shape.

Columns: the shipped project columns, what only an import carries and the follow-up
columns (:mod:`geo.model.schemas`). The importer builds its valid rows with
:func:`projects_frame`, the store gives them back with it.
"""
from __future__ import annotations

import pandas as pd

from geo.model.schemas import (CONTRACT_EXTRA_COLUMNS, FLOAT_COLUMNS, FOLLOW_UP_COLUMNS,
                               IMPORT_EXTRA_COLUMNS, INTEGER_COLUMNS, PROJECT_COLUMNS)

ALL_COLUMNS = PROJECT_COLUMNS + CONTRACT_EXTRA_COLUMNS + IMPORT_EXTRA_COLUMNS + FOLLOW_UP_COLUMNS


def empty_projects() -> pd.DataFrame:
    return projects_frame([])


def projects_frame(records: list[dict]) -> pd.DataFrame:
    """Records -> the typed frame: Int64 amounts/years, Float64 coordinates, text with NaN
    for empty values (as ``geo.data.contracts.read_table`` gives the shipped projects)."""
    frame = pd.DataFrame.from_records(records, columns=ALL_COLUMNS)
    for column in ALL_COLUMNS:
        if column in INTEGER_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        elif column in FLOAT_COLUMNS:
            frame[column] = frame[column].astype("Float64")
        else:
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna() & (values != ""), None).astype("str")
    return frame
