"""The recueil as numbered lines, cut into one block per EPCI contract.

Line numbers are 1-based, as ``sed -n`` and editors show them, so a source reference
``004_e1a7153a0531ec73.txt:1270-1329`` can be checked by eye.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from geo.model.paths import RECUEIL_2019

# Contract name as printed in "Le présent livret fait partie intégrante du contrat entre
# le Département et ses partenaires du territoire de <name>." -> EPCI SIREN.
CONTRACT_EPCI = {
    "la Communauté de communes du Pays de Lumbres": "246201016",
    "la Communauté de communes de la Terre des 2 Caps": "246200380",
    "la Communauté d'agglomération du Boulonnais": "246200729",
    "la Communauté de communes de Desvres-Samer": "200018083",
    "la Communauté d'agglomération Grand Calais Terres et Mers": "200090751",
    "la Communauté de communes de la Région d'Audruicq": "246200844",
    "la Communauté de communes Pays d'Opale": "200072478",
    "la Communauté d'agglomération des Deux Baies en Montreuillois": "200069029",
    "la Communauté de communes Osartis-Marquion": "200044048",
    "la Communauté Urbaine d'Arras": "200033579",
    "la Communauté de communes Flandre Lys": "245900758",
    "la Communauté d'agglomération de Béthune-Bruay, Artois Lys Romane": "200072460",
    "la Communauté d'agglomération Hénin-Carvin": "246200299",
    "la Communauté d'agglomération de Lens-Liévin": "246200364",
    "la Communauté de communes du Sud-Artois": "200035442",
    "la Communauté de communes des Campagnes de l'Artois": "200069482",
    "la Communauté de communes du Ternois": "200069672",
    "la Communauté de communes des 7 Vallées": "200044030",
    "la Communauté de communes du Haut Pays du Montreuillois": "200069235",
}
# The only EPCI of the département without a contract in this recueil.
EPCI_WITHOUT_CONTRACT = "200069037"  # CA du Pays de Saint-Omer

_CONTRACT_RE = re.compile(
    r"^Le présent livret fait partie intégrante du contrat entre le Département et ses "
    r"partenaires du territoire de (?P<name>.+)\.\s*$"
)
# The contracts end where the president's report on deliberation 2019-117 starts.
_END_MARKER = "RAPPORT N°1"


@dataclass(frozen=True)
class Block:
    """A contiguous range of lines of the seed, 1-based and inclusive."""

    epci_siren: str
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class SeedDocument:
    path: Path = RECUEIL_2019

    @cached_property
    def lines(self) -> list[str]:
        """All lines, index 0 is line 1 (use :meth:`line`)."""
        return self.path.read_text(encoding="utf-8").split("\n")

    @property
    def file_name(self) -> str:
        return self.path.name

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def ref(self, start: int, end: int | None = None) -> str:
        """Source reference of a line range, e.g. ``004_e1a7153a0531ec73.txt:1270-1329``."""
        end = start if end is None else end
        return f"{self.file_name}:{start}" if end == start else f"{self.file_name}:{start}-{end}"

    def cited_lines(self, ref: str) -> list[str]:
        """The lines a source reference cites: ``004_….txt:12-15`` -> lines 12 to 15."""
        name, _, span = ref.partition(":")
        if name != self.file_name:
            raise ValueError(f"référence à un autre document : {ref!r}")
        first, _, last = span.partition("-")
        return [self.line(n) for n in range(int(first), int(last or first) + 1)]

    @cached_property
    def contracts(self) -> list[Block]:
        """One block per EPCI contract, from its "Livret I" heading to the line before the
        next contract's "Livret I" (the last one stops before the report ``RAPPORT N°1``)."""
        starts: list[tuple[int, str]] = []
        end_of_contracts = len(self.lines)
        for number, text in enumerate(self.lines, start=1):
            match = _CONTRACT_RE.match(text)
            if match:
                livret_line = self._previous_livret_heading(number)
                starts.append((livret_line, match.group("name")))
            elif text.strip() == _END_MARKER and starts:
                end_of_contracts = number - 1
                break
        blocks = []
        for index, (start, name) in enumerate(starts):
            end = starts[index + 1][0] - 1 if index + 1 < len(starts) else end_of_contracts
            blocks.append(Block(CONTRACT_EPCI[name], name, start, end))
        return blocks

    def contract(self, epci_siren: str) -> Block:
        for block in self.contracts:
            if block.epci_siren == epci_siren:
                return block
        raise KeyError(f"aucun contrat pour l'EPCI {epci_siren}")

    def _previous_livret_heading(self, number: int) -> int:
        for back in range(number, max(number - 10, 0), -1):
            if self.line(back).strip() == "Livret I":
                return back
        return number
