"""Key figures of section 7 "Au-delà du contrat, l'action territoriale quotidienne du
Département" of each of the 19 contracts -> ``contracts/key_figures.csv`` (long format).

How the section is read
-----------------------
* The section starts at the *second* line whose text is the section title in the contract
  block (the first one is the table of contents) and ends before the line "Livret II".
* Its non-blank lines are cleaned (the extraction's ``**`` bold markers removed, runs of
  spaces collapsed) and joined with one space into a single text; every regular
  expression runs on that text, so a figure broken over two PDF lines is still found.
  ``raw_text`` is the matched text in that cleaned form, and ``source_ref`` cites the
  lines the match spans: joining those lines the same way gives back ``raw_text``.
* The layout differs between contracts (values before their labels, headings out of
  order, bullets lost); every pattern below was checked against the 19 sections. A
  figure that is not printed, or not readable, gets no row (see :data:`EXPECTED`).

Columns: ``epci_siren, indicator, value, unit, qualifier, reference_year, scale, text,
raw_text, note, source_ref``. Euros are whole euros (``parse_amount_cents`` / 100).
``qualifier`` is "plus de" / "près de" when printed. ``reference_year`` is the year or
period the text states (footnotes "¹ Année 2017", "² Année scolaire 2018-2019", or the
period in the sentence). ``scale`` is the territory printed after "A l'échelle de/du"
for the MDADT agents (e.g. "Audomarois"); ``text`` holds the CIS names for ``cis``.

Indicators beyond the agreed list: ``agents_solidarite_additionnels`` (the second
"+ N agents" figure of the "Solidarités humaines" block: its label is not in the text,
so its meaning is unknown; ``agents_solidarite`` is the first figure, printed in all
19), ``cis`` (value = number of CIS named, ``text`` = their names) and
``cis_invest_2015_2018_eur`` (Hénin-Carvin only).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from geo.model.amounts import parse_amount_cents
from geo.seed.document import Block, SeedDocument

OUTPUT = "contracts/key_figures.csv"
COLUMNS = ["epci_siren", "indicator", "value", "unit", "qualifier", "reference_year",
           "scale", "text", "raw_text", "note", "source_ref"]
SECTION_TITLE = "7. Au-delà du contrat, l'action territoriale quotidienne du Département"

NUM = r"(?<![\d,])\d{1,3}(?: \d{3})*(?![\d,])"
AMOUNT = (r"(?<![\d,])(?:\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
          r" ?(?:millions? d'euros|M€|€)")
QUALIFIER = r"(?:(?P<q>[Pp]lus de|[Pp]rès de) )?"
SDIS_NOTE = "à l'échelle départementale (même montant cité dans chaque contrat)"

# Indicators every contract is expected to print (the report lists the gaps).
EXPECTED = [
    "apa_beneficiaires", "apa_eur", "pch_beneficiaires", "pch_eur", "rsa_foyers", "rsa_eur",
    "assistantes_familiales", "routes_invest_2015_2018_eur",
    "assainissement_invest_2015_2018_eur", "colleges", "colleges_fonctionnement_eur",
    "eleves", "demi_pensionnaires_pct", "repas_par_an", "colleges_invest_2015_2018_eur",
    "culture_invest_2015_2018_eur", "sport_invest_2015_2018_eur",
    "subventions_fonctionnement_sport_culture_eur", "farda_projets", "farda_communes",
    "farda_eur", "agents_amenagement_territoire", "agents_amenagement_epci",
    "agents_solidarite", "sdis_fonctionnement_eur", "cis",
]


class KeyFigureError(ValueError):
    """Section 7 of a contract cannot be read as expected."""


@dataclass
class Section:
    """Section 7 of one contract as one cleaned text, with the line of every character."""

    doc: SeedDocument
    block: Block
    start: int
    end: int
    text: str = field(init=False)
    _line_at: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        parts, owners = [], []
        for number in range(self.start, self.end + 1):
            cleaned = clean(self.doc.line(number))
            if cleaned:
                parts.append(cleaned)
                owners.append(number)
        self.text = " ".join(parts)
        self._line_at = []
        for part, number in zip(parts, owners):
            self._line_at.extend([number] * (len(part) + 1))

    def ref(self, span: tuple[int, int]) -> str:
        """Source reference of the lines a ``(start, end)`` character span covers."""
        first, last = self._line_at[span[0]], self._line_at[max(span[1] - 1, span[0])]
        return self.doc.ref(first, last)

    @cached_property
    def footnotes(self) -> dict[str, str]:
        """Footnote marker -> year: {"¹": "2017", "²": "2018-2019"} when printed."""
        found = {}
        for marker, pattern in (("¹", r"¹ Année (\d{4})\b"),
                                ("²", r"² Année scolaire (\d{4}-\d{4})\b")):
            match = re.search(pattern, self.text)
            if match:
                found[marker] = match.group(1)
        return found


def clean(line: str) -> str:
    """Line text without the extraction's bold markers, single-spaced."""
    return re.sub(r"\s+", " ", line.replace("**", "")).strip()


def find_section(doc: SeedDocument, block: Block) -> Section:
    """Section 7 of ``block``: second title occurrence up to the line before "Livret II"."""
    titles = [n for n in range(block.start, block.end + 1)
              if doc.line(n).strip() == SECTION_TITLE]
    if len(titles) != 2:
        raise KeyFigureError(f"contrat {block.epci_siren} : {len(titles)} titre(s) "
                             f"« {SECTION_TITLE} » au lieu de 2 (sommaire + section)")
    for number in range(titles[1], block.end + 1):
        if doc.line(number).strip() == "Livret II":
            return Section(doc, block, titles[1], number - 1)
    raise KeyFigureError(f"contrat {block.epci_siren} : pas de « Livret II » après la section 7")


# --- values -------------------------------------------------------------------------

def euros(raw: str) -> tuple[int, str]:
    """Whole euros of a printed amount, and a note when the print needed reading.

    A number written with thousands groups and "M€" ("4 703 239 M€") is read as euros:
    an amount in millions is never written with thousands separators.
    """
    note = ""
    text = raw
    if re.fullmatch(r"\d{1,3}(?: \d{3})+ ?M€", raw):
        text = raw.replace("M€", "€")
        note = (f"imprimé « {raw} » : le « M » est lu comme une coquille (un montant en "
                f"millions ne s'écrit pas avec des séparateurs de milliers)")
    cents = parse_amount_cents(text)
    if cents % 100:
        raise KeyFigureError(f"montant non entier en euros : {raw!r}")
    return cents // 100, note


def count(raw: str) -> int:
    return int(re.match(NUM, raw).group(0).replace(" ", ""))


def _row(section: Section, indicator: str, value: int, unit: str, span: tuple[int, int],
         *, qualifier: str = "", year: str = "", scale: str = "", text: str = "",
         note: str = "", ref_span: tuple[int, int] | None = None) -> dict:
    return {
        "epci_siren": section.block.epci_siren, "indicator": indicator, "value": value,
        "unit": unit, "qualifier": qualifier.lower(), "reference_year": year,
        "scale": scale, "text": text, "raw_text": section.text[span[0]:span[1]],
        "note": note, "source_ref": section.ref(ref_span or span),
    }


def _amount_row(section: Section, indicator: str, match: re.Match, group: str, *,
                year: str = "", note: str = "") -> dict:
    """Row of an amount group, its qualifier ("plus de") included in the raw text."""
    start = match.start("q") if match.groupdict().get("q") else match.start(group)
    value, misprint = euros(match.group(group))
    return _row(section, indicator, value, "€", (start, match.end(group)),
                qualifier=match.groupdict().get("q") or "", year=year,
                note="; ".join(filter(None, [misprint, note])))


# --- extractors, one per block of the section ----------------------------------------

_BENEFITS = re.compile(
    rf"(?P<n>{NUM}) (?P<cu>(?:foyers )?bénéficiaires) soit (?P<a>{AMOUNT})"
    r" [^()]{0,60}\((?P<code>APA|PCH|RSA)\)")
_BENEFIT_UNITS = {"APA": "bénéficiaires", "PCH": "bénéficiaires", "RSA": "foyers"}
_COUNT_NAMES = {"APA": "apa_beneficiaires", "PCH": "pch_beneficiaires", "RSA": "rsa_foyers"}


def solidarity(section: Section) -> list[dict]:
    """APA, PCH, RSA (count and amount) and assistantes familiales, year from "¹"."""
    year = section.footnotes.get("¹", "")
    rows = []
    for match in _BENEFITS.finditer(section.text):
        code = match.group("code")
        rows.append(_row(section, _COUNT_NAMES[code], count(match.group("n")),
                         _BENEFIT_UNITS[code], (match.start("n"), match.end("cu")),
                         year=year))
        rows.append(_amount_row(section, f"{code.lower()}_eur", match, "a", year=year))
    match = re.search(rf"(?P<n>{NUM}) assistantes familiales", section.text)
    if match:
        rows.append(_row(section, "assistantes_familiales", count(match.group("n")),
                         "assistantes familiales", match.span(), year=year))
    return rows


def mobility(section: Section) -> list[dict]:
    """Roads and sanitation investment over 2015-2018."""
    rows = []
    roads = re.search(rf"Sur la période 2015-2018, {QUALIFIER}(?P<a>{AMOUNT}) investis",
                      section.text)
    if roads:
        rows.append(_amount_row(section, "routes_invest_2015_2018_eur", roads, "a",
                                year="2015-2018"))
    sanitation = re.search(rf"Et {QUALIFIER}(?P<a>{AMOUNT}) investis dans les réseaux "
                           r"d'assainissement", section.text)
    if sanitation:
        if not roads:
            raise KeyFigureError(f"{section.block.epci_siren} : assainissement sans période")
        rows.append(_amount_row(section, "assainissement_invest_2015_2018_eur", sanitation,
                                "a", year="2015-2018"))
    return rows


_COLLEGES = re.compile(rf"(?P<n>\d+) (?P<u>collèges?) (?P<a>{AMOUNT}) de frais de "
                       r"fonctionnement par an(?P<fn>²)?")
_PUPILS = re.compile(rf"Pour (?P<e>{NUM} élèves)(?P<fn>²)?, dont (?P<p>\d+ ?%) sont "
                     rf"demi- ?pensionnaires,? soit (?P<r>{NUM} repas) servis par an")


def colleges(section: Section) -> list[dict]:
    """Collèges: count, running costs, pupils, half-boarders, meals, investment."""
    rows = []
    school_year = section.footnotes.get("²", "")
    match = _COLLEGES.search(section.text)
    if match:
        rows.append(_row(section, "colleges", int(match.group("n")), "collèges",
                         (match.start("n"), match.end("u"))))
        rows.append(_amount_row(section, "colleges_fonctionnement_eur", match, "a",
                                year=school_year if match.group("fn") else ""))
    match = _PUPILS.search(section.text)
    if match:
        year = school_year if match.group("fn") else ""
        rows.append(_row(section, "eleves", count(match.group("e")), "élèves",
                         match.span("e"), year=year))
        rows.append(_row(section, "demi_pensionnaires_pct",
                         int(re.match(r"\d+", match.group("p")).group(0)), "%",
                         match.span("p"), year=year))
        rows.append(_row(section, "repas_par_an", count(match.group("r")), "repas",
                         match.span("r"), year=year))
    match = re.search(rf"[Ee]t (?P<a>{AMOUNT}) d'investissements sur la période 2015- ?2018",
                      section.text)
    if match:
        rows.append(_amount_row(section, "colleges_invest_2015_2018_eur", match, "a",
                                year="2015-2018"))
    return rows


def culture_and_sport(section: Section) -> list[dict]:
    """Culture and sport investment 2015-2018, and the 2017-2018 running subsidies.

    The headings "Pour la culture," / "Pour le sport," and the amounts are paired in
    order of appearance (Osartis-Marquion prints both headings before both amounts).
    """
    end = section.text.find("Afin de contribuer au fonctionnement")
    if end < 0:
        raise KeyFigureError(f"{section.block.epci_siren} : phrase des subventions absente")
    headings = [(m.start(), m.group(1)) for m in
                re.finditer(r"Pour (la culture|le sport),", section.text[:end])]
    start = headings[0][0] if headings else end
    amounts = list(re.finditer(rf"(?P<a>{AMOUNT}) d'investissements de 2015 à 2018",
                               section.text[:end]))
    amounts = [m for m in amounts if m.start() > start]
    if len(amounts) != len(headings):
        raise KeyFigureError(f"{section.block.epci_siren} : {len(headings)} rubrique(s) "
                             f"culture/sport pour {len(amounts)} montant(s)")
    rows = []
    for (_, heading), match in zip(headings, amounts):
        name = "culture" if heading == "la culture" else "sport"
        rows.append(_amount_row(section, f"{name}_invest_2015_2018_eur", match, "a",
                                year="2015-2018"))
    match = re.search(rf"a versé {QUALIFIER}(?P<a>{AMOUNT}) de subventions en 2017 et 2018",
                      section.text)
    if match:
        rows.append(_amount_row(section, "subventions_fonctionnement_sport_culture_eur",
                                match, "a", year="2017-2018"))
    return rows


_FARDA = re.compile(rf"(?P<p>\d+ projets) \.\.\. sur (?P<c>\d+ communes) \.\.\. pour "
                    rf"{QUALIFIER}(?P<a>{AMOUNT}) \.\.\. sur la période 2015-2018")


def farda(section: Section) -> list[dict]:
    """FARDA: projects, communes and amount over 2015-2018."""
    match = _FARDA.search(section.text)
    if not match:
        return []
    return [
        _row(section, "farda_projets", count(match.group("p")), "projets", match.span("p"),
             year="2015-2018"),
        _row(section, "farda_communes", count(match.group("c")), "communes",
             match.span("c"), year="2015-2018"),
        _amount_row(section, "farda_eur", match, "a", year="2015-2018"),
    ]


def agents(section: Section) -> list[dict]:
    """Agents: "Aménagement du territoire" figures before the "A l'échelle de …" line
    (MDADT scale, then the intercommunalité), "Solidarités humaines" figures after it."""
    start = section.text.find("Aménagement du territoire")
    end = section.text.find("78 millions", start)
    scale = re.compile(r"A l'échelle (?:de l'|du |de la |de )(?P<s>\S+)").search(
        section.text, start, end)
    if start < 0 or scale is None:
        raise KeyFigureError(f"{section.block.epci_siren} : bloc des agents illisible")
    found = list(re.finditer(rf"(?P<n>{NUM}) agents", section.text[:end]))
    before = [m for m in found if start < m.start() < scale.start()]
    after = [m for m in found if m.start() > scale.end()]
    if not 1 <= len(before) <= 2 or not 1 <= len(after) <= 2:
        raise KeyFigureError(f"{section.block.epci_siren} : {len(before)} + {len(after)} "
                             "effectifs d'agents")
    name = scale.group("s")
    rows = [_row(section, "agents_amenagement_territoire", count(before[0].group("n")),
                 "agents", before[0].span(), scale=name,
                 ref_span=(before[0].start(), scale.end()))]
    if len(before) == 2:
        rows.append(_row(section, "agents_amenagement_epci", count(before[1].group("n")),
                         "agents", before[1].span(), scale="intercommunalité"))
    rows.append(_row(section, "agents_solidarite", count(after[0].group("n")), "agents",
                     after[0].span()))
    if len(after) == 2:
        rows.append(_row(section, "agents_solidarite_additionnels",
                         count(after[1].group("n")), "agents", after[1].span(),
                         note="second effectif « + N agents » du bloc Solidarités humaines ; "
                              "son libellé n'est pas dans le texte"))
    return rows


_CIS = re.compile(r"(?P<phrase>(?:le centre|les centres) (?:d'incendie et de secours|de "
                  r"secours et d'incendie) (?P<list>(?:de |d')[^.]+?))(?:\.|$)")


def cis_names(listing: str) -> list[str]:
    """"de Calais et de Marck-en-Calais" -> ["Calais", "Marck-en-Calais"]."""
    names = [re.sub(r"^(?:de |d')", "", part.strip())
             for part in re.split(r", | et ", listing)]
    if not all(names):
        raise KeyFigureError(f"liste de CIS illisible : {listing!r}")
    return names


def security(section: Section) -> list[dict]:
    """SDIS yearly running cost (département-wide), the CIS named, CIS investment."""
    rows = []
    match = re.search(rf"(?P<a>{AMOUNT}) par an en coût de fonctionnement, à l'échelle "
                      r"départementale", section.text)
    if match:
        rows.append(_amount_row(section, "sdis_fonctionnement_eur", match, "a",
                                note=SDIS_NOTE))
        match = _CIS.search(section.text, match.end())
    if match:
        names = cis_names(match.group("list"))
        rows.append(_row(section, "cis", len(names), "CIS", match.span("phrase"),
                         text="; ".join(names)))
    match = re.search(rf"(?P<a>{AMOUNT}) d'investissements pour la construction du CIS "
                      r"(?:de |d')\S+ sur la période 2015-2018", section.text)
    if match:
        rows.append(_amount_row(section, "cis_invest_2015_2018_eur", match, "a",
                                year="2015-2018"))
    return rows


EXTRACTORS = [solidarity, mobility, colleges, culture_and_sport, farda, agents, security]


def section_rows(section: Section) -> list[dict]:
    rows = [row for extractor in EXTRACTORS for row in extractor(section)]
    seen = [row["indicator"] for row in rows]
    duplicates = sorted({name for name in seen if seen.count(name) > 1})
    if duplicates:
        raise KeyFigureError(f"{section.block.epci_siren} : indicateurs en double {duplicates}")
    return rows


def sections(doc: SeedDocument) -> list[Section]:
    return [find_section(doc, block) for block in doc.contracts]


def key_figures(doc: SeedDocument) -> pd.DataFrame:
    rows = [row for section in sections(doc) for row in section_rows(section)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["value"] = frame["value"].astype("Int64")
    return frame


def missing(frame: pd.DataFrame, doc: SeedDocument) -> dict[str, list[str]]:
    """EPCI SIREN -> expected indicators with no row (for the report and the tests)."""
    present = frame.groupby("epci_siren")["indicator"].apply(set).to_dict()
    return {block.epci_siren: [name for name in EXPECTED
                               if name not in present.get(block.epci_siren, set())]
            for block in doc.contracts}


def build(doc: SeedDocument) -> dict[str, tuple[pd.DataFrame, list[str]]]:
    return {OUTPUT: (key_figures(doc), ["epci_siren", "indicator"])}
