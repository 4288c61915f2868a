"""Fiches action of the 2019 contracts (``fiche_action``).

A fiche is printed as::

    <title, one or more lines>

    Adéquation du projet avec un champ d'action publique partagé du contrat :
    ...
    A – GENERAL
    Maîtrise d'ouvrage : <X>            (or the value on the next non-empty line)
    B – DESCRIPTION DU PROJET
    Localisation du projet : <X>        (or the value on the next non-empty line)
    D – CALENDRIER PREVISIONNEL
    <tab table: Début de l'opération | date | comment ; Fin de l'opération | date | ...>
    Plan de financement prévisionnel :
    <tab table: dépense | montant | recette | montant [| %] ... TOTAL>

Rules:

* ``Maîtrise d'ouvrage`` is cut before "– Représentée par ..." (Porte-Mine prints its
  president's name, phone and mail there).
* The fiche runs from its title to the last line of its financing table (the tab lines
  that follow ``Plan de financement prévisionnel``; Calais prints two tables back to back).
* **Département share**: the recette lines whose label names the Département
  (``Département``, ``Subvention Département``, ``Conseil départemental``, ``CD62``...),
  summed; a ``Département`` line without amount followed by ``- <policy>`` lines takes
  those lines (Sud-Artois: Politique sportive + FIT). ``amount_detail`` keeps each line.
  Footnote marks (``55 000 € ¹``) are not part of the amount.
* **Total cost**: the ``TOTAL`` line of the table that holds the Département lines (for
  Calais the skate-park table, 1 274 726,25 €, not the first table of the whole
  operation's project management, which has no Département line).
* **Calendar**: the date cell of the ``Début``/``Démarrage`` row and of the ``Fin`` row, as
  printed. When a calendar has several such rows (Le Portel: whole operation, then
  phase II) each is written ``<row label> : <date>`` and joined with " ; ". A calendar
  written as a sentence (Euralens: "de mai à octobre 2019") gives ``mai 2019`` /
  ``octobre 2019``.
* A fiche printed identically in several contracts (Euralens, in the contracts of
  Béthune-Bruay, Hénin-Carvin and Lens-Liévin) is one fiche: same normalized title, same
  Département amount and same total; the other prints are kept as ``duplicates``.
* Period: ``2019-2021`` (the fiches are the annexes of the 2019-2021 contracts; no fiche
  says otherwise).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo.model.amounts import parse_amount_cents
from geo.model.names import normalize_name
from geo.seed.document import SeedDocument

_ANCHOR = "Adéquation du projet avec un champ d'action publique partagé"
_DEPARTEMENT = re.compile(r"d[ée]partement(?!s)|\bCD ?62\b|conseil d[ée]partemental", re.IGNORECASE)
_NOT_DEPARTEMENT = re.compile(r"\bFDE|Fédération", re.IGNORECASE)
_MONEY = re.compile(r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?\s*€")
_START_ROW = re.compile(r"^(Début|Démarrage)", re.IGNORECASE)
_END_ROW = re.compile(r"^Fin\b", re.IGNORECASE)


@dataclass
class Fiche:
    epci_siren: str             # contract (block) where it is printed first
    title: str
    start: int                  # title line
    end: int                    # last line of the financing table
    maitre_ouvrage: str
    maitre_ouvrage_line: int
    localisation: str
    localisation_line: int | None
    calendar_start: str
    calendar_end: str
    total_text: str | None
    total_cost_cents: int | None
    total_line: int | None
    dep_lines: list[tuple[int, str, str]]   # (line, label, amount text)
    investment_table: bool                  # "DEPENSES D'INVESTISSEMENT" printed
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # (epci, start, end)

    @property
    def amount_cents(self) -> int | None:
        if not self.dep_lines:
            return None
        return sum(parse_amount_cents(a) for _, _, a in self.dep_lines)

    @property
    def amount_text(self) -> str:
        return " + ".join(a for _, _, a in self.dep_lines)

    @property
    def amount_detail(self) -> str:
        return " + ".join(f"{label} {a}" for _, label, a in self.dep_lines)

    @property
    def epci_sirens(self) -> list[str]:
        return [self.epci_siren] + [d[0] for d in self.duplicates]


def _clean(text: str) -> str:
    """Printed text without markdown emphasis and superscript markup (``4^{ème}`` -> ``4ème``)."""
    text = text.replace("***", "").replace("**", "").strip()
    text = re.sub(r"\^\{([^}]*)\}", r"\1", text)
    return re.sub(r"\s+", " ", text)


def _value_after(doc: SeedDocument, number: int, label: str, stop: int) -> tuple[str, int | None]:
    """Text after ``label :`` on the line, or the next non-empty line when empty."""
    text = doc.line(number)
    value = _clean(text.split(":", 1)[1]) if ":" in text else ""
    if value:
        return value, number
    for n in range(number + 1, stop):
        if doc.line(n).strip():
            return _clean(doc.line(n)), n
    return "", None


def _block_of(doc: SeedDocument, number: int) -> str:
    for block in doc.contracts:
        if block.start <= number <= block.end:
            return block.epci_siren
    raise KeyError(number)


def _amount_cell(cell: str) -> str | None:
    match = _MONEY.search(cell)
    return match.group(0) if match else None


def _read_one(doc: SeedDocument, anchor: int) -> Fiche:
    title_start, title = _title_above(doc, anchor)
    plan = next(k for k in range(anchor, anchor + 400)
                if "Plan de financement prévisionnel" in doc.line(k))
    general = next(k for k in range(anchor, plan) if doc.line(k).startswith("A – GENERAL"))
    mo_line = next(k for k in range(general, plan) if doc.line(k).startswith("Maîtrise d'ouvrage"))
    maitre, mo_value_line = _value_after(doc, mo_line, "Maîtrise d'ouvrage", plan)
    maitre = re.split(r"\s+[–-]\s+Représentée par|,\s+représentée par", maitre)[0].strip()
    loc_line = next((k for k in range(general, plan)
                     if doc.line(k).startswith("Localisation du projet")), None)
    localisation, loc_value_line = ("", None)
    if loc_line is not None:
        localisation, loc_value_line = _value_after(doc, loc_line, "Localisation", plan)
    table = _financing_table(doc, plan)
    dep_lines, dep_row_index = _departement_lines(table)
    total_text, total_line = _total(table, dep_row_index or 0)
    cal_start, cal_end_text = _calendar(doc, general, plan)
    return Fiche(
        epci_siren=_block_of(doc, anchor), title=title, start=title_start, end=table[-1][0],
        maitre_ouvrage=maitre, maitre_ouvrage_line=mo_value_line or mo_line,
        localisation=localisation, localisation_line=loc_value_line,
        calendar_start=cal_start, calendar_end=cal_end_text,
        total_text=total_text,
        total_cost_cents=parse_amount_cents(total_text) if total_text else None,
        total_line=total_line, dep_lines=dep_lines,
        investment_table=any("INVESTISSEMENT" in "".join(cells) for _, cells in table),
    )


def _title_above(doc: SeedDocument, anchor: int) -> tuple[int, str]:
    """(first line, text) of the title: the non-empty lines right above the blank line
    before the anchor."""
    n = anchor - 1
    while not doc.line(n).strip():
        n -= 1
    title_end = n
    while doc.line(n - 1).strip():
        n -= 1
    return n, _clean(" ".join(doc.line(k) for k in range(n, title_end + 1)))


def _financing_table(doc: SeedDocument, plan: int) -> list[tuple[int, list[str]]]:
    """(line, cells) of the tab lines after the « Plan de financement » marker."""
    k = plan + 1
    while not doc.line(k).strip():
        k += 1
    table: list[tuple[int, list[str]]] = []
    while "\t" in doc.line(k):
        table.append((k, doc.line(k).split("\t")))
        k += 1
    return table


def _departement_lines(table: list[tuple[int, list[str]]]
                       ) -> tuple[list[tuple[int, str, str]], int | None]:
    """The recette lines naming the Département (a header line without amount takes the
    « - policy » lines under it), and the index of the last one in the table."""
    dep_lines: list[tuple[int, str, str]] = []
    dep_row_index = None
    for i, (number, cells) in enumerate(table):
        if len(cells) < 4:
            continue
        label, amount = cells[2].strip(), cells[3].strip()
        if not _DEPARTEMENT.search(label) or _NOT_DEPARTEMENT.search(label):
            continue
        money = _amount_cell(amount)
        if money:
            dep_lines.append((number, label, money))
            dep_row_index = i
            continue
        for number2, cells2 in table[i + 1:]:
            if len(cells2) < 4 or not cells2[2].strip().startswith("-"):
                break
            money2 = _amount_cell(cells2[3])
            if money2:
                dep_lines.append((number2, f"{label} {cells2[2].strip()}", money2))
                dep_row_index = table.index((number2, cells2))
    return dep_lines, dep_row_index


def _total(table: list[tuple[int, list[str]]], search_from: int
           ) -> tuple[str | None, int | None]:
    """The ``TOTAL`` line of the table holding the Département lines: (amount, line)."""
    for number, cells in table[search_from:]:
        if cells[0].strip() == "TOTAL":
            return (_amount_cell(cells[3] if len(cells) > 3 else cells[1])
                    or _amount_cell(cells[1])), number
    return None, None


def _calendar(doc: SeedDocument, general: int, plan: int) -> tuple[str, str]:
    """(start, end) of the « CALENDRIER PREVISIONNEL » as printed."""
    cal = next(j for j in range(general, plan) if "CALENDRIER PREVISIONNEL" in doc.line(j))
    cal_end = next(j for j in range(cal, plan + 1) if doc.line(j).startswith("E – ")
                   or doc.line(j).startswith("E –"))
    starts, ends, sentence = [], [], None
    for j in range(cal + 1, cal_end):
        cells = doc.line(j).split("\t")
        if len(cells) >= 2 and _START_ROW.match(cells[0].strip()):
            starts.append((_clean(cells[0]), _clean(cells[1])))
        elif len(cells) >= 2 and _END_ROW.match(cells[0].strip()):
            ends.append((_clean(cells[0]), _clean(cells[1])))
        elif len(cells) == 1 and re.search(r"\bde \w+ à \w+ \d{4}", doc.line(j)):
            sentence = re.search(r"\bde (\w+) à (\w+) (\d{4})", doc.line(j))
    if sentence and not starts and not ends:
        return (f"{sentence.group(1)} {sentence.group(3)}",
                f"{sentence.group(2)} {sentence.group(3)}")
    return _joined(starts), _joined(ends)


def _joined(rows: list[tuple[str, str]]) -> str:
    if len(rows) == 1:
        return rows[0][1]
    return " ; ".join(f"{label} : {date}" for label, date in rows)


def read_fiches(doc: SeedDocument) -> list[Fiche]:
    """Distinct fiches in print order (identical prints in other contracts merged)."""
    fiches: list[Fiche] = []
    for number, text in enumerate(doc.lines, start=1):
        if not text.startswith(_ANCHOR):
            continue
        fiche = _read_one(doc, number)
        same = next((f for f in fiches if normalize_name(f.title) == normalize_name(fiche.title)
                     and f.amount_cents == fiche.amount_cents
                     and f.total_cost_cents == fiche.total_cost_cents), None)
        if same is None:
            fiches.append(fiche)
        else:
            same.duplicates.append((fiche.epci_siren, fiche.start, fiche.end))
    return fiches
