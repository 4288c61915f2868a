"""The 19 subsidies voted by deliberation 2019-117 of 29 April 2019 (``deliberation``).

Articles 2 to 20 (lines 240-314 of the seed) each read::

    Article 11 :

    D'attribuer à la Communauté de communes du Pays de Lumbres, une subvention de 25 927 €
    pour son projet d'hydraulique douce de lutte contre le ruissellement et l'érosion des sols.

The beneficiary gives the EPCI: a commune (``la commune de Gavrelle``) through the commune
list, an EPCI by its name; an association has no place of its own, its EPCI comes from a
commune named in the project title (``fort d'Ambleteuse``) or from the fiche action the
project matches (Euralens). "pour son projet" makes the beneficiary the project's owner.

The 19 amounts sum to 6 167 760 €, which is also the sum of the "Dépense" column of the
budget table of article 22 (lines 325-330).

Nature: every subsidy is imputed (article 22) on autorisations de programme of chapter
204 (subventions d'équipement), i.e. the investment section: ``investissement``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo.model.amounts import parse_amount_cents
from geo.seed.document import SeedDocument
from geo.seed.projects_places import epci_by_name, find_communes, communes

DELIBERATION_MARK = "(N°2019-117)"
ARTICLES = range(2, 21)
NATURE_EVIDENCE = "article 22 : imputation sur autorisations de programme, chapitre 204"

_SENTENCE = re.compile(
    r"^D'attribuer à (?P<benef>.+?), une subvention de (?P<amount>[\d\s\u00a0\u202f]+(?:,\d+)?\s*€)"
    r" pour son projet (?:de |d'|d’)(?P<title>.+?)\s*[.;]\s*$"
)


@dataclass
class Subsidy:
    article: int
    start: int              # "Article N :" line
    end: int                # sentence line
    sentence: str
    beneficiary: str
    amount_text: str
    amount_cents: int
    title: str
    epci_siren: str | None          # None for an association without a place in the title
    epci_evidence: str
    beneficiary_commune: str | None  # INSEE when the beneficiary is a commune


def _beneficiary_place(beneficiary: str) -> tuple[str | None, str | None, str]:
    """(epci, commune INSEE, evidence) from the beneficiary alone."""
    lower = beneficiary.lower()
    if lower.startswith(("la commune", "la ville")):
        found = find_communes(beneficiary)
        if len(found) == 1:
            commune = communes()[found[0].code_insee]
            return commune.epci_siren, commune.code_insee, f"bénéficiaire : {beneficiary}"
    if "communauté" in lower:
        siren = epci_by_name(beneficiary)
        if siren:
            return siren, None, f"bénéficiaire : {beneficiary}"
    return None, None, ""


def read_subsidies(doc: SeedDocument) -> list[Subsidy]:
    mark = doc.lines.index(DELIBERATION_MARK) + 1
    out: list[Subsidy] = []
    number = mark
    for article in ARTICLES:
        while doc.line(number).strip() != f"Article {article} :":
            number += 1
        start = number
        number += 1
        while not doc.line(number).strip():
            number += 1
        sentence = doc.line(number).strip()
        match = _SENTENCE.match(sentence)
        if not match:
            raise ValueError(f"article {article} illisible : {sentence!r}")
        title = match.group("title")
        title = re.sub(r"^de ", "", title)            # "pour son projet de de développement"
        title = re.sub(r"\^\{([^}]*)\}", r"\1", title)  # "4^{ème}" -> "4ème"
        beneficiary = match.group("benef")
        epci, commune, evidence = _beneficiary_place(beneficiary)
        if epci is None:
            found = [f for f in find_communes(title)]
            sirens = {communes()[f.code_insee].epci_siren for f in found}
            if len(sirens) == 1:
                epci = sirens.pop()
                evidence = f"titre : {', '.join(f.printed for f in found)}"
        out.append(Subsidy(
            article=article, start=start, end=number, sentence=sentence,
            beneficiary=beneficiary, amount_text=match.group("amount").strip(),
            amount_cents=parse_amount_cents(match.group("amount")), title=title,
            epci_siren=epci, epci_evidence=evidence, beneficiary_commune=commune,
        ))
    return out
