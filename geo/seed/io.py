"""Deterministic CSV writing: same input, same bytes (sorted rows, LF, UTF-8, no index)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_csv(frame: pd.DataFrame, path: Path, sort_by: list[str]) -> None:
    """Write ``frame`` sorted by ``sort_by`` atomically (temp file then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = frame.sort_values(sort_by, kind="mergesort").reset_index(drop=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    ordered.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    tmp.replace(path)
