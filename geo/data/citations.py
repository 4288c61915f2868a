"""Source references a person can check: ``004_e1a7153a0531ec73.txt:17480-17512`` reads
"Recueil des actes administratifs n° 5, mai 2019 — contrat de la CC du Ternois, Livret
II, fiche action « … », lignes 17480-17512", and opens the quoted passage (the shipped
copy of the act, at those lines).

The act's text is read from ``data/sources/seeds`` (shipped with the atlas), once. The
contract a line belongs to comes from ``coverage.csv`` (``contract_lines``), its livret
from the nearest "Livret <n>" heading above it, a deliberation article from its own
first words ("Article 19 : ...").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from geo.model.paths import RECUEIL_2019, SEEDS

DOCUMENTS = {
    "004_e1a7153a0531ec73.txt": "Recueil des actes administratifs n° 5, mai 2019",
    "002_97c6f9649ae06488.txt": "Délibération 2022-317 du 26 septembre 2022 (contrats "
                                "2023-2026)",
}
DELIBERATION_2019 = "délibération 2019-117 du 29 avril 2019"
_REF = re.compile(r"^(?P<doc>[\w.]+\.txt):(?P<first>\d+)(?:-(?P<last>\d+))?$")
_LIVRET = re.compile(r"^Livret (?P<n>[IVXLC]+)\s*$")
MAX_PASSAGE_LINES = 120


@dataclass(frozen=True)
class Ref:
    document: str
    first: int
    last: int

    @property
    def lines_text(self) -> str:
        return f"ligne {self.first}" if self.first == self.last else \
            f"lignes {self.first}-{self.last}"


def parse(ref: str) -> Ref | None:
    match = _REF.match(ref.strip())
    if not match:
        return None
    first = int(match["first"])
    return Ref(match["doc"], first, int(match["last"] or first))


@lru_cache(maxsize=4)
def _lines(document: str) -> tuple[str, ...]:
    path = SEEDS / document
    return tuple(path.read_text(encoding="utf-8").split("\n")) if path.exists() else ()


@lru_cache(maxsize=4)
def _livrets(document: str) -> tuple[list[int], list[str]]:
    starts, names = [], []
    for number, text in enumerate(_lines(document), start=1):
        match = _LIVRET.match(text.strip())
        if match:
            starts.append(number)
            names.append(f"Livret {match['n']}")
    return starts, names


def passage(ref: str) -> str:
    """The lines a reference cites, as printed (plain text: callers escape it)."""
    r = parse(ref)
    if r is None:
        return ""
    lines = _lines(r.document)[r.first - 1:min(r.last, r.first + MAX_PASSAGE_LINES - 1)]
    text = "\n".join(line.rstrip() for line in lines)
    if r.last - r.first + 1 > MAX_PASSAGE_LINES:
        text += f"\n[… {r.last - r.first + 1 - MAX_PASSAGE_LINES} ligne(s) de plus]"
    return text


def citation(ref: str, kind: str = "", title: str = "", contracts: dict | None = None) -> str:
    """A reference as a reader's citation. ``contracts``: EPCI long name -> (first line,
    last line) of its contract in the recueil (from coverage.csv); ``kind`` the source
    kind (map_label, fiche_action, deliberation, contract_text); ``title`` its wording."""
    r = parse(ref)
    if r is None:
        return ref
    parts = [DOCUMENTS.get(r.document, r.document)]
    where = _contract_of(r, contracts or {})
    if kind == "deliberation":
        article = re.match(r"\s*(Article \d+)", passage(f"{r.document}:{r.first}"))
        parts.append(DELIBERATION_2019 + (f", {article[1].lower()}" if article else ""))
    elif where:
        parts.append(f"contrat de la {where}")
        if kind == "map_label":         # the map closes the first livret of each contract
            parts.append("carte du Livret I (étiquettes)")
        else:
            livret = _livret_of(r)
            if livret:
                parts.append(livret)
            if kind == "fiche_action" and title:
                parts.append(f"fiche action « {title} »")
    return " — ".join(parts[:1]) + (" — " + ", ".join(parts[1:]) if parts[1:] else "") + \
        f", {r.lines_text}"


def _contract_of(r: Ref, contracts: dict) -> str | None:
    for name, (first, last) in contracts.items():
        if first <= r.first <= last:
            return name
    return None


def _livret_of(r: Ref) -> str | None:
    starts, names = _livrets(r.document)
    k = bisect.bisect_right(starts, r.first) - 1
    return names[k] if k >= 0 else None


def citations(refs: str, **kwargs) -> list[str]:
    """Every reference of a ``;``-separated list as a citation."""
    return [citation(ref, **kwargs) for ref in filter(None, str(refs).split(";"))]


DOCUMENT_LABELS = {RECUEIL_2019.name: "recueil 2019"}


def short_refs(refs: str) -> str:
    """``"004_….txt:18707-18824;004_….txt:272-274"`` -> ``"recueil 2019, l. 18707-18824,
    272-274"`` (references grouped by document, document order kept)."""
    groups: dict[str, list[str]] = {}
    for ref in filter(None, (r.strip() for r in str(refs).split(";"))):
        document, _, lines = ref.rpartition(":")
        if not document:
            document, lines = lines, ""
        groups.setdefault(document, []).extend([lines] if lines else [])
    parts = []
    for document, lines in groups.items():
        label = DOCUMENT_LABELS.get(document, document)
        parts.append(f"{label}, l.\u00a0{', '.join(lines)}" if lines else label)
    return " ; ".join(parts)
