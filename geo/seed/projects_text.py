"""The operations the contracts' text names (:mod:`geo.seed.contract_text`), added to the
projects of the labels, fiches and deliberation without counting any of them twice.

* A row whose ``same_as`` names a project becomes one more source of that project. Its
  amount is added only when the reviewer said it is another decision (``same_money =
  no``: a commission permanente grant besides the 2019 vote); the project's total is then
  the sum, and ``amount_rule`` lists each decision with its source. The text also fills
  what the other sources left open — a period ("non daté" only), a nature ("non
  précisé" only), a commune (unlocated projects only) — each with its evidence; where it
  contradicts them, the project keeps its value and a :class:`Conflict` is recorded
  (shown to staff as a point to check).
* Any other row is a new project of source ``contract_text``. The same operation printed
  in several contracts (a livret printed in each: same title) is one project
  listing both EPCI.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.model.names import normalize_name
from geo.seed.contract_text import AGGREGATE_LABELS, TextOperation
from geo.seed.document import SeedDocument
from geo.seed.labels import single_year

SOURCE_ORDER = ("map_label", "fiche_action", "deliberation", "contract_text")


@dataclass(frozen=True)
class Conflict:
    """The text says something else than the project's other sources."""

    project_id: str
    field: str
    kept: str
    text_value: str
    ref: str
    quote: str


def _span(op: TextOperation) -> str:
    return str(op.start) if op.start == op.end else f"{op.start}-{op.end}"


def _lines(op: TextOperation) -> str:
    return f"ligne {op.start}" if op.start == op.end else f"lignes {op.start}-{op.end}"


def _period_rule(op: TextOperation) -> str:
    if op.period == "non daté":
        return "texte du contrat sans date : non daté"
    return f"texte du contrat, {_lines(op)} : « {op.period_evidence} »"


def _nature_rule(op: TextOperation) -> str:
    if op.role == "aggregate_part":
        return f"cité dans une phrase d'investissement de la section 7 ({_lines(op)})"
    return f"texte du contrat ({_lines(op)})"


def _year(op: TextOperation) -> int | None:
    return single_year(op.period_evidence)


def inferred_commune(op: TextOperation) -> str | None:
    """The one commune of an operation whose sentence does not print it but which the
    reader placed in one commune (its sentence is in that commune's own livret, or names
    it in a contracted form such as "du Portel"): a judgement, listed as a point to check."""
    if op.commune_insee is None and op.scope == "commune" and len(op.candidates) == 1:
        return op.candidates[0]
    return None


INFERRED_EVIDENCE = ("commune du livret où la phrase est imprimée (la phrase ne la nomme pas "
                     "en toutes lettres)")


def source_row(doc: SeedDocument, project_id: str, op: TextOperation) -> dict:
    """One row of project_sources.csv for a text operation."""
    return {"project_id": project_id, "source_kind": "contract_text",
            "source_ref": doc.ref(op.start, op.end), "raw_text": op.quote,
            "amount_cents": op.amount_cents, "amount_a_venir_cents": None,
            "source_epci_siren": op.epci_siren, "source_title": op.title,
            "amount_text": op.amount_text, "amount_a_venir_text": "",
            "amount_detail": op.amount_detail, "duplicate_refs": ""}


def attach(doc: SeedDocument, rows: list[dict], sources: list[dict],
           operations: list[TextOperation], make_id) -> list[Conflict]:
    """Add ``operations`` to ``rows`` / ``sources`` in place; ``make_id(operation)``
    gives a new project's id. Returns the contradictions found."""
    by_id = {row["project_id"]: row for row in rows}
    conflicts: list[Conflict] = []
    twins: dict[str, dict] = {}
    for op in operations:
        if op.same_as:
            if op.same_as not in by_id:
                raise ValueError(f"contract_text_operations.csv, ligne {op.row} : projet "
                                 f"inconnu {op.same_as!r}")
            conflicts += _merge(doc, by_id[op.same_as], op)
        else:
            key = normalize_name(op.title)
            twin = twins.get(key)
            if twin is not None and op.epci_siren not in twin["epci_sirens"].split(";"):
                _add_source(doc, twin, op)
                sources.append(source_row(doc, twin["project_id"], op))
                continue
            row = new_project(doc, op, make_id(op))
            twins[key] = row
            rows.append(row)
            by_id[row["project_id"]] = row
        sources.append(source_row(doc, by_id[op.same_as or row["project_id"]]["project_id"], op))
    return conflicts


def _add_source(doc: SeedDocument, row: dict, op: TextOperation) -> None:
    kinds = set(row["sources"].split(";")) | {"contract_text"}
    row["sources"] = ";".join(k for k in SOURCE_ORDER if k in kinds)
    row["source_refs"] = row["source_refs"] + ";" + doc.ref(op.start, op.end)
    if op.epci_siren not in row["epci_sirens"].split(";"):
        row["epci_sirens"] += f";{op.epci_siren}"


def _merge(doc: SeedDocument, row: dict, op: TextOperation) -> list[Conflict]:
    _add_source(doc, row, op)
    ref = doc.ref(op.start, op.end)
    if op.amount_cents is not None and op.same_money == "no":
        row["amount_rule"] = (f"{row['amount_rule']} + décision citée par le texte du contrat "
                              f"({ref} : « {op.amount_text} »)")
        row["amount_cents"] = (row["amount_cents"] or 0) + op.amount_cents
    found: list[Conflict] = []

    def fill(field: str, open_value, new_value: str, compatible=(), **updates) -> None:
        if row[field] == open_value and new_value != open_value:
            row[field] = new_value
            row.update(updates)
        elif new_value not in (open_value, row[field], *compatible):
            found.append(Conflict(row["project_id"], field, str(row[field]), new_value, ref,
                                  op.quote))

    # a commitment of the contract ("s'engage", "à venir") does not contradict a vote or a
    # fiche of that contract: it is the same engagement seen before the vote
    fill("period", "non daté", op.period, compatible=("à venir",),
         period_rule=_period_rule(op), year=_year(op))
    fill("nature", "non précisé", op.nature, nature_rule=_nature_rule(op))
    if op.commune_insee:
        fill("commune_insee", None, op.commune_insee, location_precision="commune",
             location_evidence=f"texte du contrat, {_lines(op)} : « {op.quote} »",
             location_rule="texte du contrat", location_lines=_span(op))
    elif inferred_commune(op) and row["location_precision"] != "commune":
        row.update(commune_insee=inferred_commune(op), location_precision="commune",
                   location_evidence=f"{INFERRED_EVIDENCE}, {_lines(op)} : « {op.quote} »",
                   location_rule="livret de la commune", location_lines=_span(op))
    return found


def new_project(doc: SeedDocument, op: TextOperation, project_id: str) -> dict:
    """A project known only from the contract's text."""
    commune, rule = op.commune_insee, "texte du contrat"
    if op.commune_insee:
        precision, evidence = "commune", f"texte du contrat, {_lines(op)} : « {op.quote} »"
    elif inferred_commune(op):
        commune, rule = inferred_commune(op), "livret de la commune"
        precision, evidence = "commune", f"{INFERRED_EVIDENCE}, {_lines(op)} : « {op.quote} »"
    elif op.candidates:
        precision = "communes candidates"
        evidence = f"une de ces communes, {_lines(op)} : « {op.quote} »"
    elif op.scope == "epci":
        precision, evidence = "epci", f"toute l'intercommunalité, {_lines(op)}"
    else:
        precision, evidence = "inconnue", f"le texte ne dit pas où ({_lines(op)})"
    if op.role == "aggregate_part":
        theme_rule = f"domaine de l'agrégat : {AGGREGATE_LABELS.get(op.aggregate, op.aggregate)}"
        amount_rule = op.amount_detail
    else:
        theme_rule = "lecture du texte (contract_text_operations.csv)"
        amount_rule = (f"texte du contrat : « {op.amount_text} »" if op.amount_text
                       else op.amount_detail)
    return {
        "project_id": project_id, "title": op.title, "epci_siren": op.epci_siren,
        "commune_insee": commune, "location_precision": precision,
        "location_evidence": evidence, "theme": op.theme, "theme_rule": theme_rule,
        "period": op.period, "nature": op.nature, "amount_cents": op.amount_cents,
        "amount_a_venir_cents": None, "year": _year(op), "maitre_ouvrage": None,
        "total_cost_cents": None, "calendar_start": None, "calendar_end": None,
        "sources": "contract_text", "source_refs": doc.ref(op.start, op.end),
        "epci_sirens": op.epci_siren,
        "candidate_communes": (";".join(op.candidates) or None) if commune is None else None,
        "period_rule": _period_rule(op), "nature_rule": _nature_rule(op),
        "amount_rule": amount_rule,
        "location_rule": None if precision == "inconnue" else rule,
        "location_lines": None if precision == "inconnue" else _span(op),
    }
