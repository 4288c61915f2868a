"""Grouping the source items (labels, fiches, deliberation articles) into projects.

Matching across sources (deterministic)
---------------------------------------
Titles are compared on their content words (:func:`title_tokens`: normalized, without
short function words); the score is the overlap coefficient
``|A ∩ B| / min(|A|, |B|)``.

* A deliberation article and a fiche are the same project when they are in the same EPCI
  (an association's article has no EPCI of its own and may match a fiche of any EPCI),
  the score is >= :data:`AUTO_MATCH` and each is the other's best candidate. All 16
  distinct fiches match an article this way; the 3 articles for the Pays de Saint-Omer
  (no contract in this recueil) have no fiche.
* Every other pair that looks alike is *suspicious* and must be decided by hand in
  ``data/contracts/project_match_review.csv`` (``ref_a,ref_b,decision,reason`` with
  decision ``same`` or ``different``): a label and a fiche/article of the same EPCI with
  score >= :data:`SUSPICIOUS`; two labels of different EPCI with the same amount and
  score >= :data:`AUTO_MATCH` (printed on two maps?); an unmatched article/fiche pair of
  the same EPCI with score >= :data:`SUSPICIOUS`. An undecided suspicious pair stops the
  import with the list of pairs to review (never a guess).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from geo.model.names import normalize_name
from geo.model.paths import CONTRACTS
from geo.seed.deliberation import Subsidy, read_subsidies
from geo.seed.document import SeedDocument
from geo.seed.fiches import Fiche, read_fiches
from geo.seed.labels import Label, read_labels
from geo.seed.projects_places import commune_index

MATCH_REVIEW_CSV = CONTRACTS / "project_match_review.csv"
AUTO_MATCH = 0.6
SUSPICIOUS = 0.5
_STOPWORDS = set("a au aux d de des du en et l la le les un une pour par son sa ses sur dans "
                 "cadre projet leur".split())


def title_tokens(text: str) -> set[str]:
    return {w for w in normalize_name(text).split() if w not in _STOPWORDS and len(w) > 1}


def similarity(a: str, b: str) -> float:
    ta, tb = title_tokens(a), title_tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


# --------------------------------------------------------------------------- items
@dataclass
class Item:
    """One distinct source item (a label, a fiche, an article)."""

    kind: str
    ref: str
    obj: Label | Fiche | Subsidy
    epcis: list[str]

    @property
    def title(self) -> str:
        return self.obj.title

    @property
    def amount_cents(self) -> int | None:
        return self.obj.amount_cents


@dataclass
class Group:
    items: list[Item] = field(default_factory=list)

    def of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]


def _items(doc: SeedDocument) -> tuple[list[Item], list[Item], list[Item]]:
    labels, _ = read_labels(doc, commune_index())
    fiches = read_fiches(doc)
    subsidies = read_subsidies(doc)
    li = [Item("map_label", doc.ref(lab.start, lab.end), lab, [lab.epci_siren]) for lab in labels]
    fi = [Item("fiche_action", doc.ref(f.start, f.end), f, f.epci_sirens) for f in fiches]
    si = [Item("deliberation", doc.ref(s.start, s.end), s,
               [s.epci_siren] if s.epci_siren else []) for s in subsidies]
    return li, fi, si


# --------------------------------------------------------------------------- matching
@dataclass(frozen=True)
class Pair:
    a: Item
    b: Item
    score: float
    why: str


def read_match_review(path: Path = MATCH_REVIEW_CSV) -> dict[tuple[str, str], tuple[str, str]]:
    """(ref_a, ref_b) -> (decision, reason); the pair is looked up in both orders."""
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["decision"] not in ("same", "different"):
                raise ValueError(f"project_match_review.csv : décision {row['decision']!r}")
            out[(row["ref_a"], row["ref_b"])] = (row["decision"], row["reason"])
    return out


def _share_epci(a: Item, b: Item) -> bool:
    return bool(set(a.epcis) & set(b.epcis))


def auto_matches(fiches: list[Item], subsidies: list[Item]) -> list[Pair]:
    """Deliberation article <-> fiche pairs accepted without review."""
    def candidates(s: Item) -> list[tuple[float, Item]]:
        out = []
        for f in fiches:
            if s.epcis and not _share_epci(s, f):
                continue
            out.append((similarity(s.title, f.title), f))
        return sorted(out, key=lambda x: -x[0])

    pairs = []
    for s in subsidies:
        ranked = candidates(s)
        if not ranked or ranked[0][0] < AUTO_MATCH:
            continue
        score, f = ranked[0]
        if len(ranked) > 1 and ranked[1][0] == score:
            continue  # tie: left to review
        # the fiche's best article must be this one
        best_for_f = max((similarity(o.title, f.title), o.ref) for o in subsidies
                         if not o.epcis or _share_epci(o, f))
        if best_for_f[1] != s.ref and best_for_f[0] >= score:
            continue
        pairs.append(Pair(s, f, score, "même EPCI, titres proches"
                          if s.epcis else "titres proches (bénéficiaire association)"))
    return pairs


def suspicious_pairs(labels: list[Item], fiches: list[Item], subsidies: list[Item],
                     matched: set[str]) -> list[Pair]:
    out: list[Pair] = []
    for lab in labels:
        for other in fiches + subsidies:
            if _share_epci(lab, other):
                score = similarity(lab.title, other.title)
                if score >= SUSPICIOUS:
                    out.append(Pair(lab, other, score, "étiquette et fiche/article du même EPCI"))
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if _share_epci(a, b) or a.amount_cents != b.amount_cents:
                continue
            score = similarity(a.title, b.title)
            if score >= AUTO_MATCH:
                out.append(Pair(a, b, score, "étiquettes de deux cartes, même montant"))
    for s in subsidies:
        for f in fiches:
            if (s.ref in matched and f.ref in matched) or (s.epcis and not _share_epci(s, f)):
                continue
            score = similarity(s.title, f.title)
            if score >= SUSPICIOUS:
                out.append(Pair(s, f, score, "article ou fiche sans appariement automatique"))
    return out


def group_items(labels: list[Item], fiches: list[Item], subsidies: list[Item],
                review: dict[tuple[str, str], tuple[str, str]] | None = None
                ) -> tuple[list[Group], list[Pair], list[Pair]]:
    """Projects as groups of items; returns (groups, accepted pairs, unreviewed pairs)."""
    review = read_match_review() if review is None else review
    accepted = auto_matches(fiches, subsidies)
    matched = {p.a.ref for p in accepted} | {p.b.ref for p in accepted}
    undecided = []
    for pair in suspicious_pairs(labels, fiches, subsidies, matched):
        decision = review.get((pair.a.ref, pair.b.ref)) or review.get((pair.b.ref, pair.a.ref))
        if decision is None:
            undecided.append(pair)
        elif decision[0] == "same":
            accepted.append(Pair(pair.a, pair.b, pair.score, f"revue : {decision[1]}"))

    # union-find over refs, in print order so that the result is deterministic
    items = subsidies + fiches + labels
    parent = {i.ref: i.ref for i in items}

    def find(ref: str) -> str:
        while parent[ref] != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    for pair in accepted:
        ra, rb = find(pair.a.ref), find(pair.b.ref)
        if ra != rb:
            parent[rb] = ra
    groups: dict[str, Group] = {}
    for item in items:
        groups.setdefault(find(item.ref), Group()).items.append(item)
    for group in groups.values():
        _fold_label_reprints(group)
    return list(groups.values()), accepted, undecided


def _fold_label_reprints(group: Group) -> None:
    """Two labels decided ``same`` (one financing printed on two maps) are one source:
    the later print becomes a duplicate of the first, so that no amount is counted twice;
    its EPCI stays in the project's ``epci_sirens``."""
    labels = sorted(group.of("map_label"), key=lambda i: i.obj.start)
    for extra in labels[1:]:
        first = labels[0]
        first.obj.duplicate_lines.extend([extra.obj.lines_range] + extra.obj.duplicate_lines)
        first.epcis = first.epcis + [e for e in extra.epcis if e not in first.epcis]
        group.items.remove(extra)
