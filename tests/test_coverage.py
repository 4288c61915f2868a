"""What the recueil holds per EPCI (coverage.csv) held to the recueil, and the sentence
every total carries."""
from __future__ import annotations

import pytest

from geo.data import contracts
from geo.atlas import Atlas
from geo.analysis.filters import ProjectFilter
from geo.seed.coverage import build_coverage
from geo.seed.labels import MAPS_WITHOUT_LABELS

SAINT_OMER, HENIN, SEPT_VALLEES = "200069037", "246200299", "200044030"


@pytest.fixture(scope="module")
def coverage():
    return contracts.load_coverage()


def test_the_shipped_file_is_what_the_recueil_gives(doc, coverage):
    rebuilt = build_coverage(doc).set_index("epci_siren")
    assert list(rebuilt.index) == list(coverage.index)
    assert (rebuilt["map_labels"] == coverage["map_labels"]).all()
    assert (rebuilt["contract_text_count"] == coverage["contract_text_count"]).all()


def test_lost_maps_print_their_legend_and_no_label(doc, coverage):
    lost = coverage[coverage["map_labels"] == "lost"]
    assert set(lost.index) == set(MAPS_WITHOUT_LABELS) and len(lost) == 12
    for siren, row in lost.iterrows():
        first, _, last = row["map_lines"].partition("-")
        lines = [doc.line(n).strip() for n in range(int(first), int(last) + 1)]
        assert lines[0] == "Sources - Réalisation" and lines[-1] == "Le Département", siren
        assert row["map_labels_count"] == 0 and not row["comparable"]
    assert coverage.at[SAINT_OMER, "map_labels"] == "none"
    assert not coverage.at[SAINT_OMER, "contract"]
    assert coverage.at[SAINT_OMER, "deliberation_count"] == 3


def test_counts_match_the_projects_sources(coverage):
    sources = contracts.load_project_sources()
    labels = sources[sources["source_kind"] == "map_label"]
    # a label printed on two maps (Rezo Pouce: Deux Baies, 7 Vallées) is read on each map
    # and kept once among the sources, on its first map
    reprints = labels["duplicate_refs"].fillna("").str.count("004_").sum()
    for siren, row in coverage.iterrows():
        assert (labels["source_epci_siren"] == siren).sum() <= row["map_labels_count"], siren
    assert coverage["map_labels_count"].sum() == len(labels) + 1
    assert reprints >= 1
    text = sources[sources["source_kind"] == "contract_text"]
    assert text.groupby("source_epci_siren").size().sum() == coverage["contract_text_count"].sum()


def test_every_total_says_what_it_covers():
    atlas = Atlas.load()
    projects = atlas.projects_for(ProjectFilter())
    sentence = atlas.covers(ProjectFilter(), projects)
    assert "étiquettes de carte lues pour 7 EPCI sur 19" in sentence
    assert "12 cartes illisibles" in sentence and "Saint-Omer" in sentence
    assert f"{int(projects['amount_cents'].isna().sum())} projets sans montant" in sentence
    henin = atlas.covers(ProjectFilter(epci=HENIN), atlas.projects_for(ProjectFilter(epci=HENIN)))
    assert "carte du livret illisible dans la source" in henin
    sept = atlas.covers(ProjectFilter(epci=SEPT_VALLEES),
                        atlas.projects_for(ProjectFilter(epci=SEPT_VALLEES)))
    assert "carte du livret lue (24 étiquettes)" in sept
    assert "illisible" in atlas.coverage.epci_notice(HENIN)
    assert atlas.coverage.epci_notice(SEPT_VALLEES) is None
