"""The operations the contracts' text names (source kind ``contract_text``), held to the
text: quote at the cited lines, amount read from the quote or "non précisé", commune
printed, period at the cited line, each operation once."""
from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from geo.model.amounts import parse_amount_cents
from geo.seed import contract_text
from geo.seed.contract_text import OperationError, joined_text, read_operations
from geo.seed.key_figures import find_section
from geo.seed.projects_places import communes

ARRAS, HENIN = "200033579", "246200299"


@pytest.fixture(scope="module")
def operations(doc):
    return read_operations(doc)


@pytest.fixture(scope="module")
def projects():
    from geo.data import contracts
    return contracts.load_projects()


@pytest.fixture(scope="module")
def sources():
    from geo.data import contracts
    return contracts.load_project_sources()


def test_every_row_quotes_its_lines_and_reads_its_amount_from_the_quote(doc, operations):
    assert len(operations) == 193
    for op in operations:
        text = joined_text(doc, op.start, op.end)
        assert op.quote in text, op.row
        if op.role == "operation":
            assert op.amount_text in op.quote
            assert op.amount_cents == parse_amount_cents(op.amount_text) > 0
        else:                       # named inside an aggregate, or without an amount
            assert op.amount_cents is None and op.amount_text == ""
        if op.commune_insee:
            assert op.commune_printed in op.quote
            assert communes()[op.commune_insee].epci_siren == op.epci_siren
        if op.period != "non daté":
            assert op.period_evidence and op.period_evidence in op.quote, op.row


def test_section_7_aggregates_give_one_project_per_operation_without_amount(projects):
    """CU d'Arras, lines 9621-9649: the roads, culture and sport aggregates name their
    operations; each is a project "non précisé", 2015-2018, investment, at its commune."""
    arras = projects[(projects["epci_siren"] == ARRAS) & (projects["sources"] == "contract_text")]
    by_title = arras.set_index("title")
    expected = {"Rocade Sud d'Arras": None, "RD 939 à Etrun": "62320"}
    for title, commune in expected.items():
        row = by_title.loc[title]
        assert pd.isna(row["amount_cents"]) and row["period"] == "2015-2018"
        assert row["nature"] == "investissement" and row["theme"] == "Aménagement"
        assert (row["commune_insee"] if pd.notna(row["commune_insee"]) else None) == commune
        assert "routiers 2015-2018" in row["amount_rule"]
    titles = " ".join(arras["title"])
    for name in ("onservatoire", "Casino", "Sainte-Claire", "Saint-Laurent-Blangy",
                 "Saint-Nicolas"):
        assert name in titles, name
    sport = arras[arras["theme"] == "Sport"]
    assert set(sport["commune_insee"].dropna()) >= {"62753", "62764"}   # the two terrains


def test_henin_carvin_culture_and_sport_operations(projects):
    """The contract whose map lost its labels still names what the Département financed
    (lines 12722-12728): the médiathèque at Carvin, the Métaphone at Oignies..."""
    henin = projects[projects["epci_sirens"].str.contains(HENIN)]
    culture = henin[henin["theme"] == "Culture"].set_index("title")
    assert culture.loc["Construction d'une médiathèque communale à Carvin",
                       "commune_insee"] == "62215"
    assert culture.loc["Création du Métaphone à Oignies", "commune_insee"] == "62637"
    assert (henin["theme"] == "Sport").sum() >= 5
    assert henin["commune_insee"].notna().sum() >= 10


def test_a_stated_amount_is_the_departements_own_with_its_decision(projects, sources):
    """"la participation du Département s'établissant à un million d'euros (CP du
    02/07/2018)" (line 13160): 1 000 000 €, 2015-2018, the decision quoted."""
    row = projects[projects["title"] == "Construction d'un centre nautique à Carvin"].iloc[0]
    assert row["amount_cents"] == 100_000_000 and row["period"] == "2015-2018"
    assert "CP du 02/07/2018" in row["period_rule"]
    own = sources[sources["project_id"] == row["project_id"]].iloc[0]
    assert own["source_ref"].endswith(":13160") and "un million d'euros" in own["raw_text"]


def test_each_section_7_investment_sentence_naming_operations_is_read(doc, operations):
    """Every "… d'investissements … pour notamment …" / "investis, notamment sur …"
    sentence of the 19 sections 7 has its operations in the file (do all 19 contracts)."""
    covered = {(op.epci_siren, n) for op in operations for n in range(op.start, op.end + 1)}
    # the sport sentence of the Ternois ends on "notamment pour" with nothing after it
    unreadable = {("200069672", 17408)}
    investment = re.compile(r"€|euros|investis")
    missing, seen = [], 0
    for block in doc.contracts:
        section = find_section(doc, block)
        for n in range(section.start, section.end + 1):
            line, before = doc.line(n), doc.line(n - 1)
            if "notamment" not in line or "ce sont notamment" in line:
                continue
            if not (investment.search(line) or investment.search(before)):
                continue
            seen += 1
            key = (block.epci_siren, n)
            if key not in covered and (block.epci_siren, n - 1) not in covered \
                    and key not in unreadable:
                missing.append((block.epci_siren, n, line[:80]))
    assert seen >= 40 and missing == []


def test_an_operation_printed_in_several_contracts_is_one_project(projects):
    """The SNSM lifeboat livret is printed in five contracts: one project, five EPCI."""
    snsm = projects[projects["title"].str.contains("SNSM")]
    assert len(snsm) == 1
    assert len(snsm.iloc[0]["epci_sirens"].split(";")) == 5


def test_a_row_that_does_not_hold_stops_the_import_naming_row_and_field(doc, tmp_path):
    good = contract_text.OPERATIONS_CSV.read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(good))
    cases = {
        "quote": {**rows[0], "quote": rows[0]["quote"] + " inventé"},
        "amount_text": {**rows[0], "amount_role": "operation", "amount_text": "3 000 €"},
        "commune": {**rows[0], "commune": "Calais", "quote": rows[0]["quote"]},
        "period_evidence": {**rows[0], "period": "2019-2021", "period_evidence": ""},
    }
    for field, row in cases.items():
        path = tmp_path / f"{field}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=contract_text.COLUMNS)
            writer.writeheader()
            writer.writerow(row)
        with pytest.raises(OperationError, match=rf"ligne 1, champ « {field} »"):
            read_operations(doc, path)
