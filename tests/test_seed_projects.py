"""The contract projects importer (seed 004 -> data/contracts/projects.csv).

Counts and totals below were read by hand in the seed
(``data/sources/seeds/004_e1a7153a0531ec73.txt``), not computed by the importer.
"""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from geo import schemas
from geo.amounts import parse_amount_cents
from geo.paths import CONTRACTS, GEODATA_SOURCES
from geo.seed.deliberation import read_subsidies
from geo.seed.document import SeedDocument
from geo.seed.fiches import read_fiches
from geo.seed.io import write_csv
from geo.seed.labels import (LABELS_WITHOUT_LEGEND, MAPS_WITHOUT_LABELS, label_zones,
                             read_labels)
from geo.seed.projects import (build, build_projects, read_match_review, suspicious_pairs,
                               _items, auto_matches)
from geo.seed.projects_places import commune_index, communes

LUMBRES = "246201016"
DEUX_BAIES = "200069029"
FLANDRE_LYS = "245900758"
SUD_ARTOIS = "200035442"
SEPT_VALLEES = "200044030"
TERNOIS = "200069672"

E = 100  # cents per euro


@pytest.fixture(scope="module")
def doc():
    return SeedDocument()


@pytest.fixture(scope="module")
def built(doc):
    return build(doc)


@pytest.fixture(scope="module")
def projects(built):
    return built["contracts/projects.csv"][0]


@pytest.fixture(scope="module")
def sources(built):
    return built["contracts/project_sources.csv"][0]


@pytest.fixture(scope="module")
def labels(doc):
    return read_labels(doc, commune_index())


def _lines(doc, ref: str) -> str:
    span = ref.split(":")[1]
    start, _, end = span.partition("-")
    return "\n".join(doc.line(n) for n in range(int(start), int(end or start) + 1))


# ----------------------------------------------------------------- reproducibility
def test_rebuild_gives_the_shipped_bytes(built, tmp_path):
    for relative, (frame, keys) in built.items():
        out = tmp_path / relative
        write_csv(frame, out, keys)
        assert out.read_bytes() == (CONTRACTS.parent / relative).read_bytes(), relative


def test_shipped_tables_pass_their_schemas(projects, sources):
    schemas.validate(projects, schemas.PROJECTS, "project_id")
    schemas.validate(sources, schemas.PROJECT_SOURCES, "project_id")
    assert projects["project_id"].is_unique
    assert projects["project_id"].str.fullmatch(r"P-\d{9}-[a-z0-9-]+").all()
    assert not sources.duplicated(["project_id", "source_kind", "source_ref"]).any()
    assert set(sources["project_id"]) == set(projects["project_id"])


# ----------------------------------------------------------------- amounts in the text
def test_every_source_amount_is_printed_in_its_cited_lines(doc, sources):
    for row in sources.itertuples():
        text = _lines(doc, row.source_ref)
        if pd.isna(row.amount_cents):
            assert pd.isna(row.amount_text)
            continue
        parts = row.amount_text.split(" + ")
        for part in parts:
            assert part in text, (row.source_ref, part)
        assert sum(parse_amount_cents(p) for p in parts) == row.amount_cents
        if not pd.isna(row.amount_a_venir_text):
            assert row.amount_a_venir_text in text
            assert parse_amount_cents(row.amount_a_venir_text) == row.amount_a_venir_cents
        dups = "" if pd.isna(row.duplicate_refs) else row.duplicate_refs
        for dup in filter(None, dups.split(";")):
            assert row.amount_text in _lines(doc, dup), dup


def test_main_amount_follows_the_precedence(projects, sources):
    order = ["deliberation", "fiche_action", "map_label"]
    for project in projects.itertuples():
        own = sources[sources["project_id"] == project.project_id]
        first = min(own["source_kind"], key=order.index)
        expected = own.loc[own["source_kind"] == first, "amount_cents"].iloc[0]
        assert (pd.isna(expected) and pd.isna(project.amount_cents)) or \
            expected == project.amount_cents, project.project_id
        refs = project.source_refs.split(";")
        assert sorted(refs) == sorted(own["source_ref"])


def test_hydraulique_douce_keeps_each_source_amount(projects, sources):
    row = projects[projects["project_id"].str.contains("hydraulique-douce")].iloc[0]
    assert row.amount_cents == 25_927 * E                     # article 11, voted
    assert row.sources == "fiche_action;deliberation"
    own = sources[sources["project_id"] == row.project_id].set_index("source_kind")
    assert own.at["fiche_action", "amount_cents"] == 5_235_720   # 52 357,20 €
    assert own.at["deliberation", "amount_cents"] == 25_927 * E
    assert row.total_cost_cents == 26_178_600
    assert (row.calendar_start, row.calendar_end) == ("Novembre 2018", "Mars 2020")


# ----------------------------------------------------------------- deliberation
def test_the_19_subsidies_sum_to_the_voted_total(doc, sources):
    subsidies = read_subsidies(doc)
    assert [s.article for s in subsidies] == list(range(2, 21))
    by_hand = [1_000_000, 100_000, 387_500, 85_500, 50_000, 300_000, 1_443_000, 87_500,
               500_000, 25_927, 50_550, 55_000, 200_000, 713_153, 500_000, 69_630, 100_000,
               100_000, 400_000]
    assert [s.amount_cents for s in subsidies] == [a * E for a in by_hand]
    assert sum(by_hand) == 6_167_760
    rows = sources[sources["source_kind"] == "deliberation"]
    assert len(rows) == 19 and rows["amount_cents"].sum() == 6_167_760 * E
    # article 22: the "Dépense €" column of the budget table gives the same total
    budget = sum(parse_amount_cents(doc.line(n).split("\t")[-1] + " €") for n in range(325, 331))
    assert budget == 6_167_760 * E


def test_subsidies_reach_their_epci(projects, sources):
    by_article = {
        2: DEUX_BAIES, 3: "246200729", 4: "200072460", 5: "200072460", 6: "246200364",
        7: "200069037", 8: "200069037", 9: "200069037", 10: SEPT_VALLEES, 11: LUMBRES,
        12: LUMBRES, 13: "200072478", 14: "246200844", 15: SUD_ARTOIS, 16: TERNOIS,
        17: TERNOIS, 18: "246200380", 19: "200033579", 20: "200090751",
    }
    rows = sources[sources["source_kind"] == "deliberation"].merge(
        projects[["project_id", "epci_siren", "epci_sirens", "title"]], on="project_id",
        suffixes=("_source", ""))
    found = {int(re.match(r"Article (\d+) :", r.raw_text).group(1)): r.epci_siren
             for r in rows.itertuples()}
    assert found == by_article
    euralens = rows[rows["title"].str.contains("EURALENS")].iloc[0]
    assert euralens.epci_sirens == "200072460;246200299;246200364"


# ----------------------------------------------------------------- fiches
def test_fiches(doc):
    fiches = read_fiches(doc)
    assert len(fiches) == 16
    euralens = [f for f in fiches if "EURALENS" in f.title][0]
    assert [d[0] for d in euralens.duplicates] == ["246200299", "246200364"]
    calais = [f for f in fiches if "skate-park" in f.title][0]
    assert calais.amount_cents == 400_000 * E and calais.total_cost_cents == 127_472_625
    sud = [f for f in fiches if "Escoffier" in f.title][0]
    assert sud.amount_cents == 713_153 * E and len(sud.dep_lines) == 2
    azincourt = [f for f in fiches if "Azincourt" in f.title][0]
    assert azincourt.amount_cents == 587_500 * E       # FARDA 87 500 + FIT 500 000
    pairs = auto_matches(*_items(doc)[1:])
    assert len(pairs) == 16


# ----------------------------------------------------------------- labels
def test_label_zones(doc):
    text = doc.path.read_text(encoding="utf-8")
    assert text.count("Sources - Réalisation") == 18
    zones = {z.epci_siren: z for z in label_zones(doc)}
    assert len(zones) == 19
    assert not zones[LABELS_WITHOUT_LEGEND].has_legend


def test_maps_that_lost_their_labels_have_no_label_project(labels, sources):
    found, _ = labels
    with_labels = {lab.epci_siren for lab in found}
    assert with_labels == {LUMBRES, DEUX_BAIES, FLANDRE_LYS, SUD_ARTOIS, "200069482", TERNOIS,
                           SEPT_VALLEES}
    assert not with_labels & set(MAPS_WITHOUT_LABELS)
    assert len(MAPS_WITHOUT_LABELS) == 12
    label_rows = sources[sources["source_kind"] == "map_label"]
    assert not set(label_rows["source_epci_siren"]) & set(MAPS_WITHOUT_LABELS)


def _of(labels, epci):
    return [lab for lab in labels[0] if lab.epci_siren == epci]


def test_pays_de_lumbres_labels(labels):
    mine = _of(labels, LUMBRES)
    assert [lab.title for lab in mine] == [
        "Rénovation des locaux et équipement des écoles", "Terrains multisports",
        "Soutien à la saison culturelle intercommunale et festival d'arts singuliers",
        "Centre Local d'Information et de Coordination gérontologique (CLIC)",
        "Centre aquatique de l'Aa", "RD 208", "Liaison douce de la piscine au collège",
        "Autopartage électrique en milieu rural", "Restauration de l'église Saint-Martin",
        "Terrain synthétique", "RD 128", "Clocher de l'église Saint-Martin",
        "Restauration des berges et rectification de virage",
        "Quai bus - collège Albert Camus", "RD 193",
    ]
    assert sum(lab.amount_cents for lab in mine) == 4_035_939 * E
    clic = mine[3]
    assert (clic.nature, clic.year, clic.period) == ("fonctionnement", 2019, "2019-2021")
    saison = mine[2]
    assert (saison.nature, saison.year, saison.period) == ("fonctionnement", 2018, "2015-2018")
    assert mine[4].amount_cents == 1_000_000 * E          # "1 million €"
    assert mine[0].amount_cents == 366_200 * E            # "Total : 366 200 €"
    strays = [s.text for s in labels[1] if s.epci_siren == LUMBRES]
    assert strays == ["Nord"]


def test_flandre_lys_labels_with_title_and_amount_apart(labels):
    mine = _of(labels, FLANDRE_LYS)
    assert len(mine) == 7
    assert sum(lab.amount_cents for lab in mine) == 6_360_000 * E
    assert mine[2].title == "Piste cyclable le long de la Lys"
    assert "(votés en 2018)" in mine[2].raw_text


def test_sud_artois_labels(labels):
    mine = _of(labels, SUD_ARTOIS)
    assert len(mine) == 14
    assert sum(lab.amount_cents or 0 for lab in mine) == 4_568_000 * E
    no_amount = [lab.title for lab in mine if lab.amount_cents is None]
    assert no_amount == ["Maison des familles"]
    college = [lab for lab in mine if lab.title == "Collège Carlin Legrand"][0]
    assert "663 élèves" in college.raw_text                  # descriptor kept, not titled


def test_ternois_and_campagnes_totals(labels):
    ternois = _of(labels, TERNOIS)
    assert len(ternois) == 25
    assert sum(lab.amount_cents for lab in ternois) == 13_191_150 * E
    campagnes = _of(labels, "200069482")
    assert len(campagnes) == 14
    assert sum(lab.amount_cents for lab in campagnes) == 92_992_750 * E
    assert [lab.amount_cents for lab in campagnes if "RD939" in lab.title] == [
        80_000_000 * E, 10_360_000 * E]                   # "80 millions €", "10,36 millions €"


def test_printed_duplicates_counted_once(labels, projects):
    seven = _of(labels, SEPT_VALLEES)
    assert len(seven) == 24                                 # 24 printed, 22 printed again
    assert sum(len(lab.duplicate_lines) for lab in seven) == 22
    assert sum(lab.amount_cents for lab in seven) == 21_000_626 * E
    embardee = [lab for lab in seven if "Embard" in lab.title][0]
    assert embardee.duplicate_lines == [(18994, 18995)]      # reprinted as « L'Embarquée »
    deux_baies = _of(labels, DEUX_BAIES)
    assert len(deux_baies) == 29
    assert sum(lab.amount_cents for lab in deux_baies) == 29_653_000 * E
    rd144 = [lab for lab in deux_baies if lab.title == "RD 144, renforcement de voiries"][0]
    assert len(rd144.duplicate_lines) == 12
    # RD 939 and RD 119 (Ternois) have the same wording and amount but are two roads
    ternois = [lab.title for lab in _of(labels, TERNOIS)]
    assert "RD 939, renforcement de chaussée et sécurisation" in ternois
    assert "RD 119, renforcement de chaussée et sécurisation" in ternois
    # one Rezo Pouce project for the two maps of the Montreuillois
    rezo = projects[projects["title"] == "Soutien au dispositif Rezo Pouce"]
    assert len(rezo) == 1 and rezo.iloc[0].epci_sirens == f"{DEUX_BAIES};{SEPT_VALLEES}"


def test_a_venir_parts_are_kept_apart(projects):
    jaures = projects[projects["title"] == "Collège Jean Jaurès"].iloc[0]
    assert (jaures.amount_cents, jaures.amount_a_venir_cents) == (1_060_000_000, 360_000_000)
    pn = projects[projects["title"] == "Passage à niveau RD 303"].iloc[0]
    assert (pn.amount_cents, pn.amount_a_venir_cents) == (700_000_000, 170_000_000)
    assert projects["amount_a_venir_cents"].sum() == 530_000_000
    assert projects["amount_a_venir_cents"].notna().sum() == 2


def test_split_labels(labels):
    ternois = _of(labels, TERNOIS)
    culture = [lab for lab in ternois if lab.title.startswith("CULTURE")]
    assert [(lab.title.split(" – ")[1], lab.amount_cents) for lab in culture] == [
        ("Bibliothèques", 27_000 * E), ("Acteurs culturels", 106_000 * E)]
    chartreuse = [lab for lab in _of(labels, DEUX_BAIES) if "Chartreuse" in lab.title]
    assert [(lab.amount_cents, lab.nature) for lab in chartreuse] == [
        (330_000 * E, "investissement"), (40_000 * E, "fonctionnement")]


def test_strays_are_not_projects(labels, projects):
    strays = labels[1]
    deux_baies = [s for s in strays if s.epci_siren == DEUX_BAIES]
    assert sum(s.reason.startswith("nom de commune") for s in deux_baies) == 43
    assert [s.text for s in deux_baies if "route" in s.reason] == ["RD 144E3"] * 6
    titles = set(projects["title"])
    for stray in strays:
        assert stray.text not in titles
    assert not {"Nord", "Somme", "Camiers", "255", "538"} & titles


# ----------------------------------------------------------------- places
def test_every_epci_is_one_of_the_20(projects):
    data = json.loads((GEODATA_SOURCES / "epci_62.geojson").read_text(encoding="utf-8"))
    the_20 = {f["properties"]["epci_siren"] for f in data["features"]}
    assert len(the_20) == 20
    assert set(projects["epci_siren"]) <= the_20
    for sirens in projects["epci_sirens"]:
        assert set(sirens.split(";")) <= the_20


def test_communes_are_in_the_project_epci(projects):
    located = projects[projects["location_precision"] == "commune"]
    assert len(located) >= 19
    for row in located.itertuples():
        assert communes()[row.commune_insee].epci_siren == row.epci_siren, row.project_id
        assert row.location_evidence
    others = projects[projects["location_precision"] != "commune"]
    assert (others["commune_insee"].fillna("") == "").all()
    assert others["location_evidence"].str.len().gt(0).all()


@pytest.mark.parametrize("fragment, insee", [
    ("salle-de-sport-intercommunale-de-lumbres", "62534"),
    ("ehpad-d-hesdin", "62447"),                       # Hesdin -> Hesdin-la-Forêt
    ("restructuration-des-vestiaires", "62652"),       # Pernes-en-Artois -> Pernes
    ("restauration-du-fort-d-ambleuse", "62025"),      # fiche misspelt, article 18 right
    ("port-d-etaples", "62318"),
])
def test_known_locations(projects, fragment, insee):
    row = projects[projects["project_id"].str.contains(fragment)].iloc[0]
    assert (row.location_precision, row.commune_insee) == ("commune", insee)


def test_places_never_guessed(projects):
    def row(fragment):
        return projects[projects["project_id"].str.contains(fragment)].iloc[0]
    assert row("contournement-de-saint-pol").location_precision == "inconnue"
    assert "Saint-Pol-sur-Ternoise" in row("contournement-de-saint-pol").location_evidence
    assert row("restauration-de-l-eglise-saint-omer").location_precision == "inconnue"
    assert row("bethune-lestrem-sully").location_precision == "inconnue"
    assert row(f"P-{LUMBRES}-rd-208").location_precision == "inconnue"
    assert row("quai-bus").location_precision == "inconnue"           # not the commune of Bus
    assert row(f"P-{TERNOIS}-amenagement-et-informatisation").location_precision == "epci"


# ----------------------------------------------------------------- review tables
def test_review_table_decides_exactly_the_suspicious_pairs(doc):
    labels, fiches, subsidies = _items(doc)
    matched = {r for p in auto_matches(fiches, subsidies) for r in (p.a.ref, p.b.ref)}
    pairs = {(p.a.ref, p.b.ref) for p in suspicious_pairs(labels, fiches, subsidies, matched)}
    review = read_match_review()
    assert set(review) == pairs
    assert sum(d == "same" for d, _ in review.values()) == 1        # Rezo Pouce


def test_undecided_pair_stops_the_import(doc):
    with pytest.raises(ValueError, match="paires à revoir"):
        build_projects(doc, review={})


def test_theme_overrides_are_applied(projects):
    overrides = pd.read_csv(CONTRACTS / "theme_overrides.csv", dtype=str)
    merged = overrides.merge(projects, on="project_id", suffixes=("_override", ""))
    assert len(merged) == len(overrides)
    assert (merged["theme"] == merged["theme_override"]).all()
    assert (merged["theme_rule"] == "override").all()
    assert (projects["theme_rule"] == "override").sum() == len(overrides)


def test_counts_per_source(projects, sources):
    kinds = sources.groupby("source_kind").size().to_dict()
    assert kinds == {"map_label": 127, "fiche_action": 16, "deliberation": 19}
    assert len(projects) == 146
    assert projects["sources"].value_counts().to_dict() == {
        "map_label": 127, "fiche_action;deliberation": 16, "deliberation": 3}
