"""Run the whole seed importer: ``python -m geo import-seed``.

Each extractor module exposes ``build(doc) -> dict[str, (DataFrame, sort_keys)]`` mapping
an output path (relative to ``data/``) to the table to write there.
"""
from __future__ import annotations

from geo.model.paths import DATA
from geo.seed.document import SeedDocument
from geo.seed.io import write_csv

EXTRACTORS = [
    "geo.seed.groupings",
    "geo.seed.key_figures",
    "geo.seed.presence",
    "geo.seed.projects",
    "geo.seed.coverage",
]


def run(out_dir=DATA) -> list[str]:
    import importlib

    doc = SeedDocument()
    written = []
    for module_name in EXTRACTORS:
        module = importlib.import_module(module_name)
        for relative, (frame, sort_keys) in module.build(doc).items():
            write_csv(frame, out_dir / relative, sort_keys)
            written.append(relative)
    return written
