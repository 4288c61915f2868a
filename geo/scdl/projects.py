"""Valid SCDL rows -> the atlas's project rows, saying how each value was read.

- **Place**: the beneficiary's SIREN (first 9 digits of ``idBeneficiaire``) looked up in
  the table of the département's communes and EPCI (:mod:`geo.data.sirens`, never computed
  from an INSEE code). A commune: the subsidy is at that commune; an EPCI: over the whole
  EPCI. Any other beneficiary (association, syndicate, company, a body outside the
  département) has no place unless the row has a « commune » column: it is kept and
  listed « sans lieu », never dropped and never put somewhere the file does not say.
- **Amount**: ``montant`` × ``pourcentageSubvention`` (a subsidy shared by several
  beneficiaries is one row per beneficiary with its share: summing the rows counts it once).
  The schema takes any number; the atlas refuses a negative ``montant`` or one above
  100 M€ (as for every import) and warns about a nil one.
- **Period and generation**: from the year of ``dateConvention`` (2022 is the 2019-2021
  generation, :mod:`geo.analysis.generations`).
- **Stage**: a convention is signed, so « conventionnée » on ``dateConvention``, with the
  decision reference; later stages come from the staff's stage files.
- **Identifier**: ``SUB-`` + a hash of attribuant, date, decision, beneficiary and object,
  so the same subsidy keeps its id when a newer file is imported (stage updates refer to it).
"""
from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

from geo.analysis import generations
from geo.data import sirens
from geo.importer.parsers import MAX_AMOUNT_CENTS, period_of_year
from geo.importer.report import Issue, issue
from geo.model.names import normalize_name
from geo.scdl import rules

DEPARTEMENT_SIREN = "226200012"      # Département du Pas-de-Calais
KEY_FIELDS = ("idAttribuant", "dateConvention", "referenceDecision", "idBeneficiaire",
              "rnaBeneficiaire", "objet")


def project_id(row: dict[str, str]) -> str:
    key = "|".join(normalize_name(row.get(f, "")) for f in KEY_FIELDS)
    return "SUB-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def partner_kind(row: dict[str, str], body) -> str:
    if body is not None:
        return body.kind
    name = normalize_name(row["nomBeneficiaire"])
    if re.search(r"\bsyndicat|\bsivom\b|\bsivu\b|\bsymsageb|\bsm\b", name):
        return "syndicat"
    if row.get("rnaBeneficiaire") or re.search(r"\bassociation|\bclub\b|\bcomite\b", name):
        return "association"
    return "autre"


class RowProject:
    """One valid SCDL row made a project record; ``errors``/``warnings`` about it."""

    def __init__(self, number: int, row: dict[str, str], columns: dict[str, str],
                 commune_text: str | None, land) -> None:
        self.number, self.row, self.columns = number, row, columns
        self.commune_text, self.land = commune_text, land
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []

    def _issue(self, field: str | None, message: str) -> Issue:
        column = self.columns.get(field, field) if field else None
        return issue(self.number, column, self.row.get(field) if field else None, message)

    def build(self) -> dict | None:
        self._check_attribuant()
        self._check_amount()
        year = int(self.row["dateConvention"][:4])
        try:
            period = period_of_year(year)
        except ValueError:
            self.errors.append(self._issue("dateConvention", "convention hors des années de "
                                           "l'atlas (2015 à 2030)"))
        place = self._place()
        if self.errors:
            return None
        return {**self._what(), **place, **self._when(year, period), **self._stage()}

    def _check_attribuant(self) -> None:
        siren = self.row["idAttribuant"][:9]
        name = normalize_name(self.row["nomAttribuant"])
        if siren != DEPARTEMENT_SIREN and not ("pas de calais" in name and "depart" in name):
            self.errors.append(self._issue("idAttribuant", "attribuant autre que le "
                                           "Département du Pas-de-Calais (SIREN "
                                           f"{DEPARTEMENT_SIREN}) : l'atlas ne montre que "
                                           "ses financements"))

    def _check_amount(self) -> None:
        """The schema takes any number: the atlas counts subsidies granted, in its bounds."""
        amount = Decimal(self.row["montant"])
        if amount < 0:
            self.errors.append(self._issue("montant", "montant négatif : l'atlas compte des "
                                           "subventions attribuées (une annulation se corrige "
                                           "dans le fichier publié)"))
        elif amount * 100 > MAX_AMOUNT_CENTS:
            self.errors.append(self._issue("montant", "montant invraisemblable : plus de "
                                           f"{MAX_AMOUNT_CENTS // 100_000_000} M€ pour une "
                                           "subvention"))
        elif amount == 0:
            self.warnings.append(self._issue("montant", "montant nul"))

    def _what(self) -> dict:
        r = self.row
        theme, theme_rule, others = rules.theme_of(r["objet"], r.get("dispositifAide", ""))
        if theme == rules.THEME_TO_CLASS:
            self.warnings.append(self._issue("objet", "thématique « à classer » : aucune "
                                             "règle ne s'applique (corrigez-la ensuite par "
                                             "le fichier « Points à vérifier »)"))
        elif others:
            self.warnings.append(self._issue("objet", f"thématique {theme} retenue par la "
                                             "première règle ; l'objet évoque aussi "
                                             + ", ".join(others)))
        nature, nature_rule = rules.nature_of(r["objet"])
        share = Decimal(r["pourcentageSubvention"])
        cents = int((Decimal(r["montant"]) * share * 100).quantize(Decimal(1)))
        amount_rule = (f"montant {r['montant']} € × pourcentageSubvention {r['pourcentageSubvention']}"
                       if share != 1 else f"montant {r['montant']} €")
        return {
            "project_id": project_id(r), "title": r["objet"], "theme": theme,
            "theme_rule": "SCDL " + theme_rule, "nature": nature,
            "nature_rule": "SCDL " + nature_rule, "amount_cents": cents,
            "amount_a_venir_cents": None, "amount_rule": amount_rule,
            "maitre_ouvrage": r["nomBeneficiaire"], "total_cost_cents": None,
            "calendar_start": None, "calendar_end": None, "sources": "scdl",
            "source_note": f"{r['nomAttribuant']}, décision {r['referenceDecision'] or 'sans référence'}",
            "fund": rules.fund_of(r["objet"], r.get("dispositifAide", "")),
            "partner_name": r["nomBeneficiaire"],
            "partner_id": r["idBeneficiaire"] or r["rnaBeneficiaire"],
            "scdl": json.dumps(r, ensure_ascii=False, sort_keys=True),
        }

    def _when(self, year: int, period: str) -> dict:
        date = self.row["dateConvention"]
        return {"period": period, "year": year,
                "period_rule": f"SCDL : date de convention {date}",
                "generation": generations.of_year(year),
                "generation_rule": "SCDL : " + generations.year_rule(
                    year, f"convention du {date}, année")}

    def _stage(self) -> dict:
        date = self.row["dateConvention"]
        return {"stage": "conventionnée", "stage_date": date, "convention_date": date,
                "decision_ref": self.row["referenceDecision"] or None, "vote_date": None,
                "amount_paid_cents": None, "date_vote": None}

    def _place(self) -> dict:
        siret = self.row["idBeneficiaire"]
        body = sirens.find(siret) if siret else None
        kind = partner_kind(self.row, body)
        if body is not None:
            where = (f"SCDL : SIREN {body.siren} du bénéficiaire = "
                     f"{'commune' if body.kind == 'commune' else 'EPCI'} {body.name}")
            return self._located(body.code_insee, body.epci_siren, where, kind)
        if self.commune_text:
            try:
                commune = self.land.resolve_commune(self.commune_text)
            except ValueError as exc:
                self.errors.append(issue(self.number, self.columns.get("commune", "commune"),
                                         self.commune_text, str(exc)))
                return {}
            return self._located(commune.code, commune.epci_siren,
                                 f"SCDL : colonne commune « {self.commune_text} »", kind)
        self.warnings.append(self._issue(
            "idBeneficiaire" if siret else "rnaBeneficiaire",
            "bénéficiaire qui n'est ni une commune ni un EPCI du Pas-de-Calais : subvention "
            "listée « sans lieu », pas sur la carte (une colonne « commune » la placerait)"))
        return {"commune_insee": None, "epci_siren": None, "epci_sirens": None,
                "location_precision": "inconnue", "partner_kind": kind,
                "location_evidence": "SCDL : bénéficiaire ni commune ni EPCI du département "
                                     f"({siret[:9] if siret else self.row['rnaBeneficiaire']})"}

    @staticmethod
    def _located(insee: str | None, epci: str, where: str, kind: str) -> dict:
        return {"commune_insee": insee, "epci_siren": epci, "epci_sirens": epci,
                "location_precision": "commune" if insee else "epci",
                "location_evidence": where, "partner_kind": kind}
