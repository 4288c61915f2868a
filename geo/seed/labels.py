"""Project labels printed on the livret maps of the 2019 contracts (``map_label``).

Where the labels are
--------------------
Each contract's first livret ends with a map. Its legend ends with::

    Sources - Réalisation
    ... Réalisation : Cd62, SIGEO, déc. 2018
     **Pas-de-Calais**
    Le Département

and the labels of the map follow, each printed as a title (one or more lines) then an
amount line: ``Centre aquatique de l'Aa`` / ``1 million €``.

What the text really holds (checked line by line, see ``tests/test_seed_projects.py``):

* 18 of the 19 contracts keep the legend (``Sources - Réalisation``). The contract of the
  **CC des 7 Vallées** (200044030) has no legend in the text but *does* keep its labels:
  they follow the signature of its last livret (lines 18878-19023), printed twice.
* Only 6 of the 18 legends are followed by labels (Pays de Lumbres, Deux Baies en
  Montreuillois, Flandre Lys, Sud-Artois, Campagnes de l'Artois, Ternois). **12 maps lost
  their labels** in the text: Terre des 2 Caps, Boulonnais, Desvres-Samer, Grand Calais,
  Région d'Audruicq, Pays d'Opale, Osartis-Marquion, CU d'Arras, Béthune-Bruay,
  Hénin-Carvin, Lens-Liévin, Haut Pays du Montreuillois (:data:`MAPS_WITHOUT_LABELS`).
  No label project is recorded for them.

Reading rules (all deterministic)
---------------------------------
* The zone starts after ``Le Département`` (or, without legend, after the last signature
  ``Jean-Claude LEROY`` / last financing ``TOTAL`` of the block) and stops at the block end,
  a ``Livret <n>`` heading or the report header ``DEPARTEMENT DU PAS-DE-CALAIS``.
* Paragraphs are separated by blank (or blank-looking) lines. The *amount part* of a
  paragraph starts at its first line that holds an amount in euros or starts with
  ``Fonctionnement`` / ``Total`` / ``À venir``; the lines before it are the title. A
  paragraph made only of an amount part takes the paragraph just before it as title
  (Flandre Lys prints a blank line between title and amount).
* A line ``À venir: 3,6 millions €`` is the *à venir* part of the label before it: kept in
  ``amount_a_venir_cents``, never added to the main amount.
* A paragraph with several main amounts is several labels: ``Bibliothèques : 27 000 €`` /
  ``Acteurs culturels : 106 000 €`` (Ternois) are titled by their names; an amount then a
  ``Fonctionnement:`` amount (Chartreuse de Neuville) are two labels with the same title.
* A title line that is only ``<n> élèves`` describes the collège; it stays in the raw text,
  not in the title.
* Paragraphs without any amount are *strays* when they are a département name (Nord,
  Somme), a page number, a road number alone (``RD 144E3``) or a commune name of the map
  (exactly, or misspelt but close: ``Vertou`` for Verton); otherwise they are a label whose
  amount is not printed (``Maison des familles``, Sud-Artois).
* Printed duplicates: in one contract, two labels with the same amounts (main, à venir,
  year, nature) and titles alike (ratio >= 0.85 on normalized text, which absorbs
  ``L'Embardée`` / ``L'Embarquée``) and the same numbers (``RD 939`` is not ``RD 119``,
  both "renforcement de chaussée et sécurisation 370 000 €") are one label; the later
  copies are kept as ``duplicate_lines`` only. Two distinct projects printed with identical
  title and amount in one contract cannot be told apart by the text; they are counted once
  (Deux Baies prints "RD 144, renforcement de voiries / 295 000 €" 13 times).

Period, nature and year of a label
----------------------------------
* ``year``: the single year 2010-2035 written in the label, if any.
* ``period``: that year in 2015-2018 -> ``2015-2018``; in 2019-2021 -> ``2019-2021``.
  Without a year the label is ``non daté`` (:data:`UNDATED_RULE`): the legend of the maps
  has "Financements 2015-2018" and "Financements à venir", but which symbol had which
  colour is lost in the text, and the report 2019-117 (line 20045: "au cours des trois
  dernières années") describes the maps' intent, not each label. Some labels are even
  larger than the whole 2015-2018 total of their domain in section 7 (recorded as points
  to check by :mod:`geo.seed.review_points`). ``period_rule`` says which rule applied. A
  label whose only amount is marked à venir would be ``à venir`` (none in this seed).
* ``nature``: ``fonctionnement`` when the label says "fonctionnement"; ``investissement``
  when it says "investissement" or names physical works (:data:`WORKS_WORDS`: travaux,
  rénovation, restauration, construction, aménagement, renforcement, ...); otherwise
  ``non précisé`` (e.g. ``RD 208`` / ``417 000 €``, ``Centre aquatique de l'Aa``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from geo.model.amounts import parse_amount_cents
from geo.model.names import CommuneIndex, normalize_name
from geo.seed.document import Block, SeedDocument

# The 12 contracts whose map text kept its legend but lost every label.
MAPS_WITHOUT_LABELS = {
    "246200380": "CC de la Terre des 2 Caps",
    "246200729": "CA du Boulonnais",
    "200018083": "CC de Desvres-Samer",
    "200090751": "CA Grand Calais Terres et Mers",
    "246200844": "CC de la Région d'Audruicq",
    "200072478": "CC Pays d'Opale",
    "200044048": "CC Osartis-Marquion",
    "200033579": "CU d'Arras",
    "200072460": "CA de Béthune-Bruay, Artois Lys Romane",
    "246200299": "CA Hénin-Carvin",
    "246200364": "CA de Lens-Liévin",
    "200069235": "CC du Haut Pays du Montreuillois",
}
# The contract whose labels are printed without the legend before them.
LABELS_WITHOUT_LEGEND = "200044030"  # CC des 7 Vallées

UNDATED_RULE = ("étiquette sans année : non daté (la couleur « Financements 2015-2018 » / "
                "« à venir » du symbole est perdue dans le texte)")

WORKS_WORDS = re.compile(
    r"\b(travaux|r[ée]novations?|restauration|construction|reconstruction|cr[ée]ation|"
    r"am[ée]nagements?|r[ée]habilitation|extension|renforcement|s[ée]curisation|"
    r"mise en 2x2 voies|mise en accessibilit[ée]|informatisation|transformation|"
    r"r[ée]alisation|installation|plantations|investissements?)\b",
    re.IGNORECASE,
)

# An amount inside a line: "27 000 €", "1 million €", "10,36 millions €", "6 000 000 €".
AMOUNT_IN_LINE = re.compile(
    r"(?<![\d,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?\s*(?:millions?|milliards?)?\s*€"
)
_AMOUNT_PART_START = re.compile(r"^\s*(fonctionnement|total\b|[àa] venir)", re.IGNORECASE)
_A_VENIR = re.compile(r"^\s*[àa] venir", re.IGNORECASE)
_PUPILS = re.compile(r"^\s*\d+\s+élèves\s*$")
_YEAR = re.compile(r"\b(20[1-3]\d)\b")
_ROAD_ONLY = re.compile(r"^\s*RD\s*\d+\w*\s*$")
_DEPARTEMENTS = {"nord", "somme", "pas de calais"}
_STOP = re.compile(r"^\s*(Livret [IVXLC]+|DEPARTEMENT DU PAS-DE-CALAIS)\s*$")


@dataclass
class LabelEntry:
    """One amount of a label with the lines it was read from."""

    lines: list[tuple[int, str]]
    amount_text: str
    a_venir_text: str | None = None
    name: str | None = None
    fonctionnement: bool = False


@dataclass
class Label:
    epci_siren: str
    title: str
    start: int
    end: int
    raw_text: str
    amount_text: str | None
    amount_cents: int | None
    a_venir_text: str | None
    amount_a_venir_cents: int | None
    nature: str
    nature_rule: str
    period: str
    period_rule: str
    year: int | None
    duplicate_lines: list[tuple[int, int]] = field(default_factory=list)

    @property
    def lines_range(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class Stray:
    """A printed line of the label zone that is not a project (place name, page number)."""

    epci_siren: str
    line: int
    text: str
    reason: str


@dataclass
class LabelZone:
    epci_siren: str
    start: int
    end: int
    has_legend: bool


def label_zones(doc: SeedDocument) -> list[LabelZone]:
    """The text after each contract's map legend, one zone per contract (19)."""
    zones = []
    for block in doc.contracts:
        legend = [n for n in range(block.start, block.end + 1)
                  if doc.line(n).strip() == "Sources - Réalisation"]
        if legend:
            start = next(n for n in range(legend[0], block.end + 1)
                         if doc.line(n).strip() == "Le Département") + 1
        else:
            start = _after_last_signature(doc, block)
        end = block.end
        for n in range(start, block.end + 1):
            if _STOP.match(doc.line(n)):
                end = n - 1
                break
        zones.append(LabelZone(block.epci_siren, start, end, bool(legend)))
    return zones


def _after_last_signature(doc: SeedDocument, block: Block) -> int:
    last = block.start
    for n in range(block.start, block.end + 1):
        text = doc.line(n).strip()
        if text == "Jean-Claude LEROY" or text.startswith("TOTAL\t"):
            last = n
    return last + 1


def _paragraphs(doc: SeedDocument, zone: LabelZone) -> list[list[tuple[int, str]]]:
    paragraphs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for n in range(zone.start, zone.end + 1):
        text = doc.line(n).strip()
        if not text:
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append((n, text))
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_amount_part_line(text: str) -> bool:
    return bool(AMOUNT_IN_LINE.search(text) or _AMOUNT_PART_START.match(text))


def _split_entries(part: list[tuple[int, str]]) -> list[LabelEntry]:
    """Cut the amount part of a paragraph into entries, one per main amount."""
    entries: list[LabelEntry] = []
    prefix: list[tuple[int, str]] = []   # lines without amount waiting for one
    for number, text in part:
        match = AMOUNT_IN_LINE.search(text)
        if not match:
            if entries and not _AMOUNT_PART_START.match(text):
                entries[-1].lines.append((number, text))    # "(votés en 2018)"
            else:
                prefix.append((number, text))               # "Fonctionnement :"
            continue
        if _A_VENIR.match(text) and entries:
            entries[-1].a_venir_text = match.group(0)
            entries[-1].lines.append((number, text))
            continue
        before = text[: match.start()].strip().rstrip(":").strip()
        name = None
        if not prefix and before and not _AMOUNT_PART_START.match(before):
            name = before
        lines = prefix + [(number, text)]
        fonct = any("fonctionnement" in t.lower() for _, t in lines)
        entries.append(LabelEntry(lines, match.group(0), name=name, fonctionnement=fonct))
        prefix = []
    if prefix and entries:
        entries[-1].lines.extend(prefix)
    return entries


def _classify_stray(text: str, communes: CommuneIndex) -> str | None:
    key = normalize_name(text)
    if key in _DEPARTEMENTS:
        return "département voisin"
    if re.fullmatch(r"\d+", key):
        return "numéro de page"
    if _ROAD_ONLY.match(text):
        return "numéro de route seul (réseau routier de la carte)"
    if communes.codes(text):
        return "nom de commune de la carte"
    if communes.suggestions(text, n=1):
        return "nom de commune de la carte (mal orthographié)"
    return None


def single_year(text: str) -> int | None:
    """The one year 2010-2039 a text names, None when it names none or several."""
    years = sorted({int(y) for y in _YEAR.findall(text)})
    return years[0] if len(years) == 1 else None


def _period(year: int | None, main_is_a_venir: bool) -> tuple[str, str]:
    if main_is_a_venir:
        return "à venir", "texte : « à venir »"
    if year is not None and 2015 <= year <= 2018:
        return "2015-2018", f"texte : année {year}"
    if year is not None and 2019 <= year <= 2021:
        return "2019-2021", f"texte : année {year}"
    return "non daté", UNDATED_RULE


def _nature(text: str, fonctionnement: bool) -> tuple[str, str]:
    if fonctionnement or "fonctionnement" in text.lower():
        return "fonctionnement", "texte : « fonctionnement »"
    match = WORKS_WORDS.search(text)
    if match:
        return "investissement", f"travaux nommés : « {match.group(0)} »"
    return "non précisé", "ni fonctionnement ni travaux nommés"


def _make_label(epci: str, header: list[tuple[int, str]], entry: LabelEntry | None,
                split: bool) -> Label:
    title_lines = [t for _, t in header if not _PUPILS.match(t)]
    title = " ".join(title_lines)
    if split and entry is not None and entry.name:
        title = f"{title} – {entry.name}" if title else entry.name
    lines = header + (entry.lines if entry else [])
    raw = " | ".join(t for _, t in lines)
    # a split entry owns the common header and its own lines only
    own_text = " ".join(t for _, t in lines)
    year = single_year(own_text)
    amount_text = entry.amount_text if entry else None
    a_venir_text = entry.a_venir_text if entry else None
    nature, nature_rule = _nature(own_text, bool(entry and entry.fonctionnement))
    period, period_rule = _period(year, False)
    numbers = [n for n, _ in lines]
    return Label(
        epci_siren=epci, title=title, start=min(numbers), end=max(numbers), raw_text=raw,
        amount_text=amount_text,
        amount_cents=parse_amount_cents(amount_text) if amount_text else None,
        a_venir_text=a_venir_text,
        amount_a_venir_cents=parse_amount_cents(a_venir_text) if a_venir_text else None,
        nature=nature, nature_rule=nature_rule, period=period, period_rule=period_rule,
        year=year,
    )


def read_zone(doc: SeedDocument, zone: LabelZone, communes: CommuneIndex
              ) -> tuple[list[Label], list[Stray]]:
    """All labels of one zone in print order (duplicates not yet merged), and strays."""
    labels: list[Label] = []
    strays: list[Stray] = []
    pending: list[list[tuple[int, str]]] = []

    def flush_pending() -> None:
        for para in pending:
            text = " ".join(t for _, t in para)
            reason = _classify_stray(text, communes) if len(para) == 1 else None
            if reason:
                strays.append(Stray(zone.epci_siren, para[0][0], text, reason))
            else:
                labels.append(_make_label(zone.epci_siren, para, None, False))
        pending.clear()

    for para in _paragraphs(doc, zone):
        cut = next((i for i, (_, t) in enumerate(para) if _is_amount_part_line(t)), None)
        if cut is None:
            pending.append(para)
            continue
        header, part = para[:cut], para[cut:]
        if not header and pending:
            header = pending.pop()
        flush_pending()
        entries = _split_entries(part)
        split = len(entries) > 1
        for entry in entries:
            labels.append(_make_label(zone.epci_siren, header, entry, split))
    flush_pending()
    labels.sort(key=lambda lab: (lab.start, lab.end))
    return labels, strays


def _same_label(a: Label, b: Label) -> bool:
    if (a.amount_cents, a.amount_a_venir_cents, a.year, a.nature) != (
            b.amount_cents, b.amount_a_venir_cents, b.year, b.nature):
        return False
    ta, tb = normalize_name(a.title), normalize_name(b.title)
    if re.findall(r"\d+", ta) != re.findall(r"\d+", tb):   # RD 939 is not RD 119
        return False
    return ta == tb or SequenceMatcher(None, ta, tb).ratio() >= 0.85


def merge_printed_duplicates(labels: list[Label]) -> list[Label]:
    """Keep the first print of each label of a contract; later prints become
    ``duplicate_lines`` of the first."""
    kept: list[Label] = []
    for label in labels:
        original = next((k for k in kept if k.epci_siren == label.epci_siren
                         and _same_label(k, label)), None)
        if original is None:
            kept.append(label)
        else:
            original.duplicate_lines.append(label.lines_range)
    return kept


def read_labels(doc: SeedDocument, communes: CommuneIndex
                ) -> tuple[list[Label], list[Stray]]:
    """Distinct labels of every contract (printed duplicates merged) and the strays."""
    all_labels: list[Label] = []
    all_strays: list[Stray] = []
    for zone in label_zones(doc):
        labels, strays = read_zone(doc, zone, communes)
        all_labels.extend(merge_printed_duplicates(labels))
        all_strays.extend(strays)
    return all_labels, all_strays
