"""Grands territoires, MDADT and MDS territories of the 20 EPCI."""
from __future__ import annotations

import geopandas as gpd
import pytest

from geo.model.paths import GEODATA_SOURCES
from geo.seed import groupings
from geo.seed.document import SeedDocument

MDADT = ["Arrageois", "Artois", "Audomarois", "Boulonnais", "Calaisis", "Lens-Hénin",
         "Montreuillois - Ternois"]
MDS_OF_MDADT = {
    "Arrageois": {"Arrageois"}, "Artois": {"Artois"}, "Audomarois": {"Audomarois"},
    "Boulonnais": {"Boulonnais"}, "Calaisis": {"Calaisis"},
    "Lens-Hénin": {"Lens-Liévin", "Hénin-Carvin"},
    "Montreuillois - Ternois": {"Montreuillois", "Ternois"},
}
LITTORAL = {"200090751", "246200729", "200069029", "200069037", "200018083", "246200380",
            "200072478", "246200844", "246201016"}
ARTOIS_GOHELLE = {"245900758", "246200364", "246200299", "200072460", "200033579", "200044048"}
COEUR_RURAL = {"200035442", "200069482", "200069672", "200044030", "200069235"}


@pytest.fixture(scope="module")
def table(doc):
    return groupings.groupings(doc)


def line_of(doc: SeedDocument, ref: str) -> str:
    return " ".join(doc.cited_lines(ref))


def test_all_20_epci_once(table):
    sirens = set(gpd.read_file(GEODATA_SOURCES / "epci_62.geojson")["epci_siren"])
    assert len(table) == 20 and table["epci_siren"].is_unique
    assert set(table["epci_siren"]) == sirens


def test_grands_territoires_composition(table):
    members = table.groupby("grand_territoire")["epci_siren"].apply(set).to_dict()
    assert members == {"Littoral-Côte d'Opale": LITTORAL, "Artois-Gohelle": ARTOIS_GOHELLE,
                       "Cœur rural": COEUR_RURAL}


def test_grand_territoire_refs_cite_the_sentences(doc, table):
    for row in table.itertuples():
        text = line_of(doc, row.grand_territoire_ref)
        key = {"Littoral-Côte d'Opale": "Littoral-", "Artois-Gohelle": "Artois-Gohelle",
               "Cœur rural": "Cœur rural"}[row.grand_territoire]
        assert key in text, (row.epci_siren, row.grand_territoire_ref)


def test_mdadt_territories_come_from_the_section_7_scale(doc, table):
    assert set(table["mdadt_territoire"]) == set(MDADT)
    for row in table.itertuples():
        text = line_of(doc, row.mdadt_ref)
        if row.epci_siren == "200069037":
            assert "Audomarois" in text and "LUMBRES" in text
        else:
            assert "A l'échelle" in text, row.epci_siren


def test_mds_is_inside_its_mdadt_and_every_mds_is_used(table):
    assert set(table["mds_territoire"]) == set().union(*MDS_OF_MDADT.values())
    for row in table.itertuples():
        assert row.mds_territoire in MDS_OF_MDADT[row.mdadt_territoire], row.epci_siren


def test_specific_assignments_and_their_evidence(doc, table):
    rows = table.set_index("epci_siren")
    saint_omer = rows.loc["200069037"]
    assert (saint_omer.mdadt_territoire, saint_omer.mds_territoire) == ("Audomarois", "Audomarois")
    assert "SAINT-OMER" in line_of(doc, saint_omer.mds_ref)
    assert rows.at["246201016", "mds_territoire"] == "Audomarois"
    assert "MDS" in line_of(doc, rows.at["200072460", "mds_ref"])          # cited by the contract
    assert "MDS du Calais" in line_of(doc, rows.at["246200844", "mds_ref"])
    assert rows.at["200090751", "mdadt_territoire"] == "Calaisis"           # printed "du Calais"
    assert rows.at["200044030", "mds_territoire"] == "Montreuillois"        # distance rule
    assert "règle documentée" in rows.at["200044030", "evidence"]
    assert "PETR" in rows.at["200044030", "evidence"]
    assert all(row.evidence.count(" : ") >= 3 for row in table.itertuples())


def test_unknown_territory_name_is_a_clear_error():
    assert groupings.match_territory("Calais", ["Calaisis", "Boulonnais"]) == "Calaisis"
    with pytest.raises(groupings.GroupingError, match="Somme"):
        groupings.match_territory("Somme", MDADT)
