"""Where the shipped data lives. One place, so tests and tools agree."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SOURCES = DATA / "sources"
GEODATA_SOURCES = SOURCES / "geodata"
SEEDS = SOURCES / "seeds"
RECUEIL_2019 = SEEDS / "004_e1a7153a0531ec73.txt"
FRAMEWORK_2022 = SEEDS / "002_97c6f9649ae06488.txt"

# Derived, shipped files
TERRITORY = DATA / "territory"          # display geometries, groupings
CONTRACTS = DATA / "contracts"          # projects, key figures (importer output)
PRESENCE = DATA / "presence"            # presence points (importer output)
