"""SIREN numbers of the département's communes and EPCI: where a beneficiary is.

A subsidy published in the SCDL format names its beneficiary by SIRET (SIREN + NIC).
When that SIREN is one of the 887 communes' or one of the 20 EPCI's, the subsidy has a
place on the map. A commune's SIREN is **never computed from its INSEE code**: for 7 of
the 887 communes (communes nouvelles such as Bellinghem, 200062677; a shifted number
for Béthune, 216209106) the usual "21 + INSEE + key" gives another body's number. The
table comes from the staged open data (``siren_commune`` of
``data/sources/geodata/communes_62.geojson``, from ``@etalab/decoupage-administratif``),
written to ``data/territory/sirens.csv`` by ``python -m geo build-territory``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from geo.model.paths import TERRITORY

SIRENS_CSV = TERRITORY / "sirens.csv"
COLUMNS = ["siren", "kind", "code_insee", "epci_siren", "nom"]


@dataclass(frozen=True)
class Body:
    """A commune or an EPCI of the département, found by its SIREN."""

    siren: str
    kind: str              # "commune" | "epci"
    code_insee: str | None  # communes only
    epci_siren: str         # the commune's EPCI, or the EPCI itself
    name: str


def build_table(communes: pd.DataFrame, epci: pd.DataFrame) -> pd.DataFrame:
    """The shipped table from the source layers (communes first, then EPCI)."""
    rows = pd.concat([
        pd.DataFrame({"siren": communes["siren_commune"], "kind": "commune",
                      "code_insee": communes["code_insee"],
                      "epci_siren": communes["epci_siren"], "nom": communes["nom"]}),
        pd.DataFrame({"siren": epci["epci_siren"], "kind": "epci", "code_insee": "",
                      "epci_siren": epci["epci_siren"], "nom": epci["nom"]}),
    ], ignore_index=True)
    if rows["siren"].duplicated().any():
        raise ValueError("SIREN en double dans la table des communes et EPCI")
    return rows.sort_values(["kind", "siren"], kind="stable")[COLUMNS]


def write_table() -> str:
    from geo.data.territory import read_source_communes, read_source_epci

    table = build_table(read_source_communes(), read_source_epci())
    table.to_csv(SIRENS_CSV, index=False, encoding="utf-8", lineterminator="\n")
    return SIRENS_CSV.name


@lru_cache(maxsize=1)
def bodies() -> dict[str, Body]:
    """SIREN -> the commune or EPCI it identifies (907 entries)."""
    table = pd.read_csv(SIRENS_CSV, dtype=str, keep_default_na=False)
    return {r.siren: Body(r.siren, r.kind, r.code_insee or None, r.epci_siren, r.nom)
            for r in table.itertuples()}


def find(siren_or_siret: str) -> Body | None:
    """The commune or EPCI of a SIREN (or of the first 9 digits of a SIRET), or None."""
    return bodies().get(str(siren_or_siret or "").strip()[:9])
