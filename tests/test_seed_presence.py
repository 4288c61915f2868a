"""Presence points: 16 Maisons du Département, CIS, public collèges."""
from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.model.paths import GEODATA_SOURCES
from geo.seed import key_figures, presence

MAISON_COMMUNES = {
    "mds-arrageois": "62764", "mdadt-arrageois": "62041", "mds-artois": "62119",
    "mdadt-artois": "62200", "mds-audomarois": "62765", "mdadt-audomarois": "62534",
    "mds-boulonnais": "62160", "mdadt-boulonnais": "62894", "mds-calaisis": "62193",
    "mdadt-calaisis": "62193", "mds-lens-lievin": "62498", "mdadt-lens-henin": "62498",
    "mds-henin-carvin": "62427", "mds-montreuillois": "62588",
    "mdadt-montreuillois-ternois": "62550", "mds-ternois": "62767",
}


@pytest.fixture(scope="module")
def points(doc):
    return presence.presence(doc)


@pytest.fixture(scope="module")
def communes():
    return gpd.read_file(GEODATA_SOURCES / "communes_62.geojson").set_index("code_insee")


@pytest.fixture(scope="module")
def departement():
    return gpd.read_file(GEODATA_SOURCES / "departement_62.geojson").geometry.iloc[0]


def test_kinds_and_counts(points):
    counts = points["kind"].value_counts().to_dict()
    assert counts == {"college": 125, "cis": 43, "mds": 9, "mdadt": 7, "cer": 1}
    assert points["presence_id"].is_unique


def test_the_cer_the_audruicq_contract_names(points, doc):
    """"CER : aucune source ouverte" was not true of the recueil: the Région d'Audruicq
    contract names the CER d'Audruicq (line 5836) and says where it is (line 5818)."""
    cer = points[points["kind"] == "cer"].iloc[0]
    assert cer["commune_insee"] == "62057" and cer["epci_siren"] == "246200844"
    assert cer["precision"] == "mairie"
    assert cer["source_ref"] == "004_e1a7153a0531ec73.txt:5836"
    assert "CER d'Audruicq" in doc.line(5836)
    assert "centre d'exploitation routier (CER)" in doc.line(5818)
    assert json.loads(cer["attributes"])["autres_mentions"] == ["004_e1a7153a0531ec73.txt:5818"]


def test_16_maisons_at_their_commune_mairie(points, communes, departement):
    maisons = points[points["kind"].isin(["mds", "mdadt"])].set_index("presence_id")
    assert maisons["commune_insee"].to_dict() == MAISON_COMMUNES
    for pid, row in maisons.iterrows():
        point = Point(row.lon, row.lat)
        assert communes.at[row.commune_insee, "geometry"].covers(point), pid
        assert departement.covers(point), pid
        assert row.precision == "mairie"
        assert row.epci_siren == communes.at[row.commune_insee, "epci_siren"]


def test_maison_refs_cite_the_address_list(doc, points):
    maisons = points[points["kind"].isin(["mds", "mdadt"])]
    for row in maisons.itertuples():
        span = row.source_ref.partition(":")[2]
        first, last = map(int, span.split("-"))
        text = " ".join(doc.line(n) for n in range(first, last + 1))
        territory = json.loads(row.attributes)["territoire"]
        assert territory in text and row.address.split(" – ")[-1] in text, row.presence_id
        assert 22833 < first <= last <= 22875


def test_cis_match_the_contract_texts(doc, points, communes, departement):
    figures = key_figures.key_figures(doc)
    per_epci = figures[figures.indicator == "cis"].set_index("epci_siren")["value"].to_dict()
    cis = points[points["kind"] == "cis"]
    assert cis.groupby("epci_siren").size().to_dict() == per_epci
    placed = cis.dropna(subset=["commune_insee"])
    for row in placed.itertuples():
        point = Point(row.lon, row.lat)
        assert communes.at[row.commune_insee, "geometry"].covers(point), row.presence_id
        assert departement.covers(point)
        assert communes.at[row.commune_insee, "epci_siren"] == row.epci_siren
    unplaced = cis[cis["commune_insee"].isna()]
    assert sorted(unplaced["presence_id"]) == ["cis-bruay-houdain", "cis-haines-vermelles"]
    assert unplaced["lon"].isna().all() and unplaced["precision"].isna().all()
    assert all("non déterminable" in a for a in unplaced["attributes"])
    names = cis.set_index("presence_id")
    assert names.at["cis-hesdin", "commune_insee"] == "62447"      # Hesdin-la-Forêt since 2025
    assert names.at["cis-audruicq", "name"] == "Centre d'incendie et de secours d'Audruicq"


def test_public_colleges(points):
    colleges = points[points["kind"] == "college"]
    status = colleges["attributes"].map(lambda a: json.loads(a)["education_prioritaire_2021"])
    assert status.value_counts().to_dict() == {"hors REP": 83, "REP": 32, "REP+": 10}
    assert (colleges["precision"] == "adresse").all()
    assert colleges["source"].iloc[0].startswith("Source : ministère de l'Éducation nationale")
    uai = colleges["attributes"].map(lambda a: json.loads(a)["uai"])
    assert (colleges["source_ref"] == "colleges_publics_62.geojson:" + uai).all()
    assert colleges["epci_siren"].notna().all()


def test_coordinates_have_at_most_6_decimals(points):
    placed = points.dropna(subset=["lon"])
    assert ((placed["lon"] * 1e6).round(3) % 1 == 0).all()
    assert ((placed["lat"] * 1e6).round(3) % 1 == 0).all()


def test_commune_of_an_address():
    assert presence.resolve_commune("MONTREUIL", "62170") == "62588"
    assert presence.resolve_commune("HENIN-BEAUMONT", "62252") == "62427"
    with pytest.raises(presence.PresenceError, match="NULLEPART"):
        presence.resolve_commune("NULLEPART", "62000")
