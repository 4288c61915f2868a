"""Operations that the contracts' running text names as financed by the Département
(source kind ``contract_text``).

Beyond the map labels, the fiches action and the deliberation, each contract names
financed operations in its text: section 7 "Au-delà du contrat" cites operations inside
its 2015-2018 aggregates ("1,87 million d'euros d'investissements de 2015 à 2018 pour
notamment la construction d'une médiathèque communale à Carvin, ..."), and Livrets I-III
state subsidies already granted, participations, accompaniments "à hauteur de" an amount.

These sentences are too varied to be read by rules without guessing, so they were read
by hand, contract by contract, into ``data/contracts/contract_text_operations.csv``
(one row per operation). This module never trusts that file: it checks every row against
the recueil and stops the import on the first row that does not hold.

Checks (:func:`read_operations`)
--------------------------------
* ``quote`` is found in the cited lines (``lines``, joined with one space, ``**`` bold
  markers removed, whitespace collapsed: :func:`joined_text`); the lines lie in the
  contract block of ``epci_siren``.
* The amount is **read from the quote**, never typed: ``amount_text`` must be a part of
  ``quote``, and it is parsed by :func:`geo.model.amounts.parse_amount_cents`. Only
  ``amount_role = operation`` rows carry one; ``aggregate_part`` rows (an operation named
  inside a section 7 aggregate) and ``named`` rows have no amount of their own: the atlas
  shows "non précisé" and says of which aggregate it is a part.
* ``period_evidence`` and ``commune`` are parts of ``quote``; a period other than
  "non daté" needs its evidence; the commune resolves to one INSEE code of the EPCI
  (:func:`geo.seed.projects_places.find_communes`); ``candidate_communes`` ("une de ces
  communes") resolve each.
* ``same_as`` names the existing project (label, fiche or article) that is the same
  operation; ``same_money`` says whether the quoted amount is the money that project
  already counts (``yes``) or another decision to add (``no``).

Aggregates themselves (roads over 2015-2018, FARDA totals, other funders' money) are not
in the file: they are key figures (:mod:`geo.seed.key_figures`).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from geo.model.amounts import AmountError, parse_amount_cents
from geo.model.paths import CONTRACTS
from geo.model.schemas import NATURES, PERIODS, THEMES
from geo.seed.document import EPCI_WITHOUT_CONTRACT, SeedDocument
from geo.seed.projects_places import communes, find_communes

OPERATIONS_CSV = CONTRACTS / "contract_text_operations.csv"
COLUMNS = ["epci_siren", "lines", "quote", "title", "amount_text", "amount_role",
           "aggregate_indicator", "theme", "commune", "candidate_communes", "location_scope",
           "period", "period_evidence", "nature", "same_as", "same_money", "note"]
ROLES = ("operation", "aggregate_part", "named")
SCOPES = ("commune", "epci", "unknown")
# The section 7 aggregate an operation is a part of, as the atlas says it.
AGGREGATE_LABELS = {
    "routes_invest_2015_2018_eur": "investissements routiers 2015-2018",
    "assainissement_invest_2015_2018_eur": "investissements d'assainissement 2015-2018",
    "colleges_invest_2015_2018_eur": "investissements dans les collèges 2015-2018",
    "culture_invest_2015_2018_eur": "investissements culturels 2015-2018",
    "sport_invest_2015_2018_eur": "investissements sportifs 2015-2018",
    "cis_invest_2015_2018_eur": "investissements dans les CIS 2015-2018",
    "farda_eur": "soutien du FARDA 2015-2018",
}


class OperationError(ValueError):
    """A row of contract_text_operations.csv does not hold against the recueil."""


def joined_text(doc: SeedDocument, start: int, end: int) -> str:
    """Lines ``start``..``end`` as one text: joined with a space, bold markers removed,
    whitespace collapsed (the form every quote is checked against)."""
    text = " ".join(doc.line(n) for n in range(start, end + 1)).replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class TextOperation:
    """One operation named by a contract's text (a checked row of the CSV)."""

    row: int                        # data row of the CSV (1-based, header excluded)
    epci_siren: str
    start: int
    end: int
    quote: str
    title: str
    amount_text: str
    amount_cents: int | None
    role: str
    aggregate: str
    theme: str
    commune_insee: str | None
    commune_printed: str
    candidates: tuple[str, ...]     # INSEE codes, "une de ces communes"
    scope: str
    period: str
    period_evidence: str
    nature: str
    same_as: str
    same_money: str
    note: str

    @property
    def lines_range(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def amount_detail(self) -> str:
        """What the amount is, in French, for the sources table."""
        if self.role == "aggregate_part":
            return (f"montant non précisé : partie des {AGGREGATE_LABELS.get(self.aggregate, self.aggregate)} "
                    "de l'EPCI (section 7 du contrat)")
        if self.role == "named":
            return "montant non précisé dans le texte"
        return ""


def read_operations(doc: SeedDocument, path: Path = OPERATIONS_CSV) -> list[TextOperation]:
    """Every row of the file, checked against ``doc`` (see the module docstring)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise OperationError(f"{path.name} : en-tête attendu {','.join(COLUMNS)}")
        return [_operation(doc, number, row) for number, row in enumerate(reader, start=1)]


def _fail(row: int, column: str, message: str) -> OperationError:
    return OperationError(f"{OPERATIONS_CSV.name}, ligne {row}, champ « {column} » : {message}")


def _operation(doc: SeedDocument, number: int, row: dict[str, str]) -> TextOperation:
    start, end = _lines(doc, number, row)
    quote = row["quote"]
    if quote not in joined_text(doc, start, end):
        raise _fail(number, "quote", f"citation absente des lignes {row['lines']}")
    for column in ("amount_text", "period_evidence", "commune"):
        if row[column] and row[column] not in quote:
            raise _fail(number, column, f"{row[column]!r} n'est pas dans la citation")
    _check_vocabulary(number, row)
    commune = _commune(number, row, row["commune"]) if row["commune"] else None
    candidates = tuple(_commune(number, row, name)
                       for name in row["candidate_communes"].split("|") if name.strip())
    return TextOperation(
        row=number, epci_siren=row["epci_siren"], start=start, end=end, quote=quote,
        title=row["title"].strip(), amount_text=row["amount_text"],
        amount_cents=_amount(number, row), role=row["amount_role"],
        aggregate=row["aggregate_indicator"], theme=row["theme"], commune_insee=commune,
        commune_printed=row["commune"], candidates=candidates, scope=row["location_scope"],
        period=row["period"], period_evidence=row["period_evidence"], nature=row["nature"],
        same_as=row["same_as"], same_money=row["same_money"], note=row["note"])


def _lines(doc: SeedDocument, number: int, row: dict[str, str]) -> tuple[int, int]:
    """The cited range, inside the contract of the row's EPCI — or, for the EPCI without a
    contract (Saint-Omer), inside the contract block where its livret was printed."""
    match = re.fullmatch(r"(\d+)(?:-(\d+))?", row["lines"])
    if not match:
        raise _fail(number, "lines", f"plage de lignes illisible {row['lines']!r}")
    start, end = int(match[1]), int(match[2] or match[1])
    if row["epci_siren"] == EPCI_WITHOUT_CONTRACT:
        blocks = doc.contracts
    else:
        try:
            blocks = [doc.contract(row["epci_siren"])]
        except KeyError:
            raise _fail(number, "epci_siren", f"EPCI inconnu {row['epci_siren']!r}") from None
    if not any(b.start <= start <= end <= b.end for b in blocks):
        raise _fail(number, "lines", f"lignes {row['lines']} hors du contrat de l'EPCI")
    return start, end


def _check_vocabulary(number: int, row: dict[str, str]) -> None:
    allowed = {"amount_role": ROLES, "theme": THEMES, "period": PERIODS, "nature": NATURES,
               "location_scope": SCOPES, "same_money": ("", "yes", "no")}
    for column, values in allowed.items():
        if row[column] not in values:
            raise _fail(number, column, f"valeur {row[column]!r} hors liste")
    if row["period"] != "non daté" and not row["period_evidence"]:
        raise _fail(number, "period_evidence", "période sans preuve dans la citation")
    if (row["amount_role"] == "operation") != bool(row["amount_text"]):
        raise _fail(number, "amount_text", "un montant propre va avec amount_role=operation, "
                                           "et seulement avec lui")
    if row["amount_role"] == "aggregate_part" and not row["aggregate_indicator"]:
        raise _fail(number, "aggregate_indicator", "partie d'un agrégat sans son agrégat")
    if row["same_money"] and not (row["same_as"] and row["amount_text"]):
        raise _fail(number, "same_money", "seulement pour un montant d'un projet déjà connu")


def _amount(number: int, row: dict[str, str]) -> int | None:
    if not row["amount_text"]:
        return None
    try:
        return parse_amount_cents(row["amount_text"])
    except AmountError as exc:
        raise _fail(number, "amount_text", str(exc)) from None


def _commune(number: int, row: dict[str, str], printed: str) -> str:
    found = find_communes(printed.strip())
    codes = {f.code_insee for f in found}
    if len(codes) != 1:
        raise _fail(number, "commune", f"{printed!r} ne désigne pas une seule commune")
    code = codes.pop()
    if communes()[code].epci_siren != row["epci_siren"]:
        raise _fail(number, "commune", f"{printed!r} ({code}) n'est pas dans l'EPCI "
                                       f"{row['epci_siren']}")
    return code
