"""Exports follow the data shown: after a staff import (or a restore) the same filters on
the same day give the new version's files, never the cached previous ones."""
from __future__ import annotations

import io

import pandas as pd

from components import exports
from geo.atlas import Atlas
from geo.analysis.filters import ProjectFilter
from geo.store import Store
from geo.importer.validate import validate_bytes

HEADER = "intitule;montant;commune;thematique;periode\n"


def _import(store: Store, title: str):
    data = (HEADER + f"{title};1000;Arras;Sport;2024\n").encode()
    return store.import_validation(validate_bytes(data, f"{title}.csv"), data, "test")


def _titles(data: bytes) -> set[str]:
    frame = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str)
    return set(frame["Projet"])


def test_second_export_holds_the_new_rows(store):
    key = exports.filter_key(ProjectFilter(epci="200033579"))
    first = _import(store, "Salle Alpha")
    atlas = Atlas.load(first.id)
    assert "Salle Alpha" in _titles(exports.table_bytes(atlas, atlas.version, key, "csv"))
    second = _import(store, "Salle Beta")
    atlas = Atlas.load(second.id)
    titles = _titles(exports.table_bytes(atlas, atlas.version, key, "csv"))
    assert "Salle Beta" in titles and "Salle Alpha" not in titles
    restored = store.restore(first.id, "test")
    atlas = Atlas.load(restored.id)
    assert "Salle Alpha" in _titles(exports.table_bytes(atlas, atlas.version, key, "csv"))
