"""Places that a contract's own text gives to the objects of its projects.

A contract often names, far from its map, the place of an equipment the map labels without
position: section 7 "Au-delà du contrat" ("notamment la restauration ... de l'église
Saint-Martin de Bayenghem-lès-Seninghem, du clocher de l'église Saint-Martin de
Nielles-lès-Bléquin"), the commitments of Livret II/III, the fiches. This module cuts the
text of one contract into *mentions* and matches project titles to them.

Mentions (:func:`contract_mentions`)
------------------------------------
* Paragraphs are runs of non-blank lines of the contract block, without its map labels
  (:func:`geo.seed.labels.label_zones`); a mention keeps its line numbers.
* A paragraph is cut into sentences at ``. ; : ! ?``, at " – " and at "notamment" (an
  enumeration starts there), then into enumeration members at ", ", " et ", " ou ".
* Words are compared normalized (:func:`geo.model.names.normalize_name`), without function words
  (:data:`STOPWORDS`) and singular ("églises" = "église"). The *object* of a member is its
  words after the leading action words (:data:`ACTIONS`: restauration, construction ...).
* A member whose first word (after function words) is a capitalised name ("... des églises
  Sainte-Croix d'Herlincourt et Saint-Omer de Valhuon", "des églises de La Herlière et de
  Villers-Sir-Simon") takes the first object word of the member before it ("églises
  Saint-Omer de Valhuon", "églises de Villers-Sir-Simon").
* Communes: :func:`geo.seed.projects_places.find_communes_at` (capitalised official names
  or documented aliases; a saint's name after "église" is not a commune).

Matching a title (:func:`match_titles`)
---------------------------------------
The title's object words (same cleaning) must be the *start* of a member's object
(strict match: "église Saint-Martin" matches "église Saint-Martin de Bayenghem", not "clocher
de l'église Saint-Martin de Nielles") and the member must name, after them, exactly one
commune, inside the project's EPCI. The place is kept only when it is unique:

* all strict matches give the same commune, none names several or an outside commune;
* no other title of the contract strictly matches the same member;
* the title's words found anywhere else in the contract (loose match) next to another
  commune are explained by a member another title strictly matches (the clocher); else the
  case is *ambiguous* and must be decided in ``location_review.csv``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from geo.model.names import normalize_name
from geo.seed.document import SeedDocument
from geo.seed.labels import label_zones
from geo.seed.projects_places import Found, communes, find_communes_at

STOPWORDS = set("le la les l d de du des un une a au aux en et ou pour par sur dans son sa "
                "ses leur leurs".split())
ACTIONS = set("restauration construction creation renovation rehabilitation extension "
              "amenagement reconstruction travaux renforcement securisation transformation "
              "installation realisation informatisation modernisation requalification mise "
              "accessibilite participation projet reconversion".split())
SECTION_7 = "7. Au-delà du contrat"
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\bnotamment\b(?:\s+pour)?|\s[–—-]\s")
_MEMBER = re.compile(r",\s+|\s+et\s+|\s+ou\s+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
        else word


@dataclass(frozen=True)
class Word:
    key: str        # normalized, singular
    printed: str
    start: int      # offsets in the member text
    end: int


@dataclass
class Mention:
    """One enumeration member of a contract paragraph."""

    epci_siren: str
    lines: tuple[int, ...]          # line numbers the member is printed on
    text: str                       # the member as printed
    quote: str                      # sentence from its start (or "notamment") to the member end
    in_section_7: bool
    inherited: str = ""             # object word taken from the member before
    words: list[Word] = field(default_factory=list)     # content words (inherited first)
    object_start: int = 0           # index in ``words`` after the action words
    places: list[tuple[Found, int]] = field(default_factory=list)  # (commune, start offset)

    @property
    def head(self) -> Word | None:
        """The first object word, taken by a following member without article."""
        return self.words[self.object_start] if self.object_start < len(self.words) else None

    def places_after(self, word_index: int) -> list[Found]:
        """Communes printed after the word ``word_index`` (the end of a matched object)."""
        limit = self.words[word_index].end
        return [f for f, start in self.places if start >= limit]


def content_words(text: str) -> list[Word]:
    out = []
    for m in _WORD.finditer(text):
        for key in _keys(m.group(0)):
            out.append(Word(key, m.group(0), m.start(), m.end()))
    return out


@lru_cache(maxsize=None)
def _keys(word: str) -> tuple[str, ...]:
    return tuple(singular(k) for k in normalize_name(word).split() if k not in STOPWORDS)


def object_keys(title: str) -> list[str]:
    """Object words of a title: "Restauration de l'église Saint-Martin" -> église saint martin."""
    words = content_words(title)
    start = _skip_actions(words)
    return [w.key for w in words[start:]]


def _skip_actions(words: list[Word]) -> int:
    i = 0
    while i < len(words) and (words[i].key in ACTIONS or words[i].key.isdigit()):
        i += 1
    return i


# --------------------------------------------------------------------------- mentions
@lru_cache(maxsize=32)
def contract_mentions(doc: SeedDocument, epci_siren: str) -> tuple[Mention, ...]:
    """The mentions of one contract (cached: the seed is read-only)."""
    block = doc.contract(epci_siren)
    zone = next(z for z in label_zones(doc) if z.epci_siren == epci_siren)
    section_7 = _section_7(doc, block.start, block.end)
    out: list[Mention] = []
    for lines in _paragraphs(doc, block.start, block.end, skip=(zone.start, zone.end)):
        text, offsets = _join(doc, lines)
        for s_start, s_end in _pieces(text, _SENTENCE, 0, len(text)):
            previous: Mention | None = None
            for m_start, m_end in _pieces(text, _MEMBER, s_start, s_end):
                mention = _mention(epci_siren, text, offsets, s_start, m_start, m_end,
                                   section_7, previous)
                out.append(mention)
                previous = mention
    return tuple(out)


def _section_7(doc: SeedDocument, start: int, end: int) -> tuple[int, int]:
    """Lines of section 7 (its heading, not the table of contents, to "Livret II")."""
    heads = [n for n in range(start, end + 1) if doc.line(n).startswith(SECTION_7)]
    first = heads[-1] if heads else end + 1
    stop = next((n for n in range(first, end + 1) if doc.line(n).strip() == "Livret II"), end)
    return first, stop


def _paragraphs(doc: SeedDocument, start: int, end: int, skip: tuple[int, int]
                ) -> list[list[int]]:
    out: list[list[int]] = []
    current: list[int] = []
    for n in range(start, end + 1):
        if doc.line(n).strip() and not skip[0] <= n <= skip[1]:
            current.append(n)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _join(doc: SeedDocument, lines: list[int]) -> tuple[str, list[tuple[int, int]]]:
    """Paragraph text (lines joined by a space) and (offset, line number) of each line."""
    parts, offsets, position = [], [], 0
    for n in lines:
        line = " ".join(doc.line(n).split())
        offsets.append((position, n))
        parts.append(line)
        position += len(line) + 1
    return " ".join(parts), offsets


def _pieces(text: str, separator: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    out, position = [], start
    for m in separator.finditer(text, start, end):
        out.append((position, m.start()))
        position = m.end()
    out.append((position, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _lines_of(offsets: list[tuple[int, int]], start: int, end: int) -> tuple[int, ...]:
    return tuple(n for i, (offset, n) in enumerate(offsets)
                 if offset < end and (i + 1 == len(offsets) or offsets[i + 1][0] > start))


def _mention(epci: str, text: str, offsets, s_start: int, m_start: int, m_end: int,
             section_7: tuple[int, int], previous: Mention | None) -> Mention:
    member = text[m_start:m_end].strip()
    m_start = text.index(member, m_start)
    lines = _lines_of(offsets, m_start, m_start + len(member))
    mention = Mention(epci, lines, member, text[s_start:m_start + len(member)].strip(),
                      section_7[0] <= lines[0] <= section_7[1])
    first = next((w for w in _WORD.findall(member) if _keys(w)), "")
    if previous is not None and first[:1].isupper() and previous.head:
        mention.inherited = previous.head.printed
    prefix = f"{mention.inherited} " if mention.inherited else ""
    shift = len(prefix)
    mention.words = [Word(w.key, w.printed, w.start - shift, w.end - shift)
                     for w in content_words(prefix + member)]
    mention.object_start = _skip_actions(mention.words)
    mention.places = [(found, start - shift) for found, start, _ in
                      find_communes_at(prefix + member) if start >= shift]
    return mention


# --------------------------------------------------------------------------- matching
@dataclass
class TitleMatch:
    """What the contract text says of one title's place."""

    commune: str | None = None                              # INSEE when unique
    mentions: list[tuple[Mention, Found]] = field(default_factory=list)   # the evidence
    candidates: dict[str, list[Mention]] = field(default_factory=dict)    # when ambiguous
    why: str = ""

    @property
    def ambiguous(self) -> bool:
        return self.commune is None and bool(self.candidates)


def _occurrences(keys: list[str], mention: Mention, strict: bool) -> list[int]:
    """Index in ``mention.words`` of the last word of each occurrence of ``keys``."""
    words = [w.key for w in mention.words]
    starts = [mention.object_start] if strict else range(len(words) - len(keys) + 1)
    return [s + len(keys) - 1 for s in starts if words[s:s + len(keys)] == keys]


def match_titles(titles: dict[str, str], mentions, epci_siren: str
                 ) -> dict[str, TitleMatch]:
    """Place of each title (key -> title) of one contract; ``epci_siren`` bounds communes."""
    keys = {k: object_keys(t) for k, t in titles.items()}
    strict: dict[str, list[tuple[Mention, list[Found]]]] = {k: [] for k in titles}
    claimed: dict[int, set[str]] = {}
    for k, obj in keys.items():
        if not obj:
            continue
        for mention in mentions:
            for end in _occurrences(obj, mention, strict=True):
                places = mention.places_after(end)
                if places:
                    strict[k].append((mention, places))
                    claimed.setdefault(id(mention), set()).add(k)
    return {k: _decide(k, keys[k], strict[k], claimed, mentions, epci_siren) for k in titles}


def _decide(key: str, obj: list[str], strict, claimed, mentions: list[Mention],
            epci: str) -> TitleMatch:
    match = TitleMatch()
    if not strict:
        return match
    found: dict[str, list[Mention]] = {}
    problems = set()
    for mention, places in strict:
        for f in places:
            found.setdefault(f.code_insee, []).append(mention)
        if len(places) > 1:
            problems.add("plusieurs communes dans le même passage")
        if claimed[id(mention)] - {key}:
            problems.add("le même passage convient à une autre étiquette")
        match.mentions.append((mention, places[0]))
    strict_ids = {id(m) for m, _ in strict}
    for mention in mentions:
        if id(mention) in strict_ids or claimed.get(id(mention), set()) - {key}:
            continue
        for end in _occurrences(obj, mention, strict=False):
            for f in mention.places_after(end):
                if f.code_insee not in found:
                    problems.add("un autre passage nomme une autre commune")
                found.setdefault(f.code_insee, []).append(mention)
    outside = [c for c in found if communes()[c].epci_siren != epci]
    if outside:
        problems.add("commune hors de l'EPCI")
    if len(found) > 1:
        problems.add("plusieurs communes")
    if problems:
        match.candidates, match.mentions = found, []
        match.why = " ; ".join(sorted(problems))
    else:
        match.commune = next(iter(found))
    return match
