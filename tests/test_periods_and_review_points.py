"""Periods only with evidence, and every judgement of the data listed for staff with its
quoted evidence ("Points à vérifier")."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from geo.data import contracts
from geo.export import review

CAMPAGNES, FLANDRE_LYS = "200069482", "245900758"


@pytest.fixture(scope="module")
def projects():
    return contracts.load_projects()


@pytest.fixture(scope="module")
def points():
    return contracts.load_review_points()


def test_no_period_without_evidence(projects):
    """A label printed without a year is "non daté"; a dated project says why."""
    assert "non daté" in set(projects["period"])
    for row in projects.itertuples():
        rule = str(row.period_rule)
        if row.period == "non daté":
            assert "non daté" in rule or "sans date" in rule, row.project_id
        elif row.sources.startswith("map_label") and "texte du contrat" not in rule:
            assert re.search(r"année 20\d\d|\b20\d\d\b|à venir", rule), row.project_id
        else:
            assert re.search(r"délibération|fiche action|texte du contrat|20\d\d", rule), \
                row.project_id
    undated = projects[(projects["sources"] == "map_label") & projects["year"].isna()]
    assert (undated["period"] == "non daté").all() and len(undated) > 80


def test_labels_larger_than_their_domain_total_are_points_to_check(points, projects):
    """Campagnes de l'Artois: an RD939 label of 80 M€ against 18,11 M€ of roads over
    2015-2018; Flandre Lys: a collège label of 4,5 M€ against 172 800 €."""
    conflicts = points[points["kind"] == "periode"]
    ids = set(conflicts["project_id"].dropna())
    assert "P-200069482-mise-en-2x2-voies-de-la-rd939" in ids
    assert "P-245900758-college-du-pays-de-l-alloeu" in ids
    rd939 = conflicts[conflicts["project_id"] == "P-200069482-mise-en-2x2-voies-de-la-rd939"].iloc[0]
    assert "18,11 millions" in rd939["evidence"] and "80" in rd939["evidence"]
    assert rd939["source_ref"].startswith("004_")
    # the project keeps no 2015-2018 period the text does not give
    assert projects.set_index("project_id").at[
        "P-200069482-mise-en-2x2-voies-de-la-rd939", "period"] == "non daté"


def test_every_kind_of_judgement_is_listed_with_its_evidence(points):
    kinds = set(points["kind"])
    assert {"periode", "commune", "communes", "theme", "montant", "grand_territoire"} <= kinds
    assert points["point_id"].is_unique
    assert points["evidence"].str.len().min() > 10
    assert points["source_ref"].str.contains(r"\.txt:\d+|\.txt").all()
    assert set(points.loc[points["kind"] == "grand_territoire", "epci_siren"]) == {
        "200035442", CAMPAGNES}


def test_the_staff_file_has_the_columns_to_fill_in(points, projects):
    titles = dict(zip(projects["project_id"], projects["title"]))
    rows = review.review_rows(points, titles, {"245900758": "CC Flandre Lys"}, FLANDRE_LYS,
                              dict(zip(projects["project_id"],
                                       projects["epci_sirens"].str.split(";"))))
    assert len(rows) >= 2 and set(rows["EPCI"]) <= {"CC Flandre Lys", ""}
    assert list(rows.columns)[-2:] == ["Valeur corrigée", "Raison"]
    text = review.csv_bytes(rows).decode("utf-8-sig")
    assert text.startswith("Point;Type;Identifiant du projet;Projet;")
    back = pd.read_csv(__import__("io").StringIO(text), sep=";", dtype=str)
    assert len(back) == len(rows)
