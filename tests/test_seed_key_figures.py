"""Key figures of section 7 "Au-delà du contrat" read from the real recueil."""
from __future__ import annotations

import re

import pytest

from geo.model.amounts import parse_amount_cents
from geo.seed import key_figures
from geo.seed.document import SeedDocument

LUMBRES, BOULONNAIS, OSARTIS = "246201016", "246200729", "200044048"
SUD_ARTOIS, FLANDRE_LYS, LENS = "200035442", "245900758", "246200364"
BETHUNE, HENIN = "200072460", "246200299"

# Number of CIS each contract names in section 7 (read by eye from the recueil).
CIS_PER_EPCI = {
    "246201016": 1, "246200380": 1, "246200729": 1, "200018083": 1, "200090751": 2,
    "246200844": 1, "200072478": 1, "200069029": 3, "200044048": 2, "200033579": 1,
    "245900758": 1, "200072460": 7, "246200299": 3, "246200364": 6, "200035442": 2,
    "200069482": 3, "200069672": 4, "200044030": 1, "200069235": 2,
}
# What the text does not print (checked by eye): the extraction must find everything else.
NOT_PRINTED = {
    BOULONNAIS: ["assainissement_invest_2015_2018_eur"],
    "200033579": ["assainissement_invest_2015_2018_eur", "agents_amenagement_epci"],
    FLANDRE_LYS: ["assainissement_invest_2015_2018_eur", "culture_invest_2015_2018_eur",
                  "farda_projets", "farda_communes", "farda_eur", "agents_amenagement_epci"],
    HENIN: ["assainissement_invest_2015_2018_eur", "farda_projets", "farda_communes",
            "farda_eur"],
    LENS: ["assainissement_invest_2015_2018_eur"],
}
AMOUNT_RE = re.compile(r"\d[\d ]*(?:,\d+)? ?(?:millions? d'euros|M€|€)")


@pytest.fixture(scope="module")
def figures(doc):
    return key_figures.key_figures(doc)


def cited_text(doc: SeedDocument, ref: str) -> str:
    """The cited lines, bold markers removed, joined with single spaces."""
    return re.sub(r"\s+", " ", " ".join(doc.cited_lines(ref)).replace("**", "")).strip()


def value(figures, siren: str, indicator: str):
    row = figures[(figures.epci_siren == siren) & (figures.indicator == indicator)]
    assert len(row) == 1, f"{siren} {indicator}: {len(row)} rows"
    return row.iloc[0]


def test_every_raw_text_is_printed_in_its_cited_lines(doc, figures):
    for row in figures.itertuples():
        text = cited_text(doc, row.source_ref)
        assert row.raw_text in text, (row.epci_siren, row.indicator, row.source_ref)
        if row.indicator == "agents_amenagement_territoire":
            assert "A l'échelle" in text and row.scale in text


def test_every_value_matches_its_raw_text(figures):
    for row in figures.itertuples():
        where = (row.epci_siren, row.indicator, row.raw_text)
        if row.indicator == "cis":
            names = row.text.split("; ")
            assert len(names) == row.value and all(n in row.raw_text for n in names), where
        elif row.unit == "€":
            printed = AMOUNT_RE.search(row.raw_text).group(0)
            if "coquille" in row.note:
                assert int(re.sub(r"\D", "", printed)) == row.value, where
            else:
                assert parse_amount_cents(printed) == row.value * 100, where
        else:
            assert int(re.match(r"[\d ]+", row.raw_text).group(0).replace(" ", "")) \
                == row.value, where
        if row.qualifier:
            assert row.raw_text.lower().startswith(row.qualifier), where


def test_lumbres_spot_checks(figures):
    expected = {
        "apa_beneficiaires": 409, "apa_eur": 2305703, "pch_beneficiaires": 49,
        "pch_eur": 479888, "rsa_foyers": 405, "rsa_eur": 2315512,
        "assistantes_familiales": 71, "routes_invest_2015_2018_eur": 6900000,
        "assainissement_invest_2015_2018_eur": 420600, "colleges": 1,
        "colleges_fonctionnement_eur": 270300, "eleves": 828, "demi_pensionnaires_pct": 89,
        "repas_par_an": 105984, "colleges_invest_2015_2018_eur": 205500,
        "culture_invest_2015_2018_eur": 748700, "sport_invest_2015_2018_eur": 1370000,
        "subventions_fonctionnement_sport_culture_eur": 150200, "farda_projets": 59,
        "farda_communes": 29, "farda_eur": 940200, "agents_amenagement_territoire": 27,
        "agents_amenagement_epci": 13, "agents_solidarite": 49,
        "sdis_fonctionnement_eur": 78000000, "cis": 1,
    }
    rows = figures[figures.epci_siren == LUMBRES].set_index("indicator")
    assert rows["value"].to_dict() == expected
    assert rows.at["routes_invest_2015_2018_eur", "qualifier"] == "plus de"
    assert rows.at["apa_eur", "qualifier"] == ""
    assert rows.at["agents_amenagement_territoire", "scale"] == "Audomarois"
    assert rows.at["cis", "text"] == "Lumbres"
    assert rows.at["apa_eur", "source_ref"] == "004_e1a7153a0531ec73.txt:700"


def test_reference_years_follow_the_footnotes_and_periods(figures):
    rows = figures[figures.epci_siren == LUMBRES].set_index("indicator")["reference_year"]
    assert rows["apa_eur"] == "2017" and rows["assistantes_familiales"] == "2017"
    assert rows["eleves"] == "2018-2019" and rows["colleges_fonctionnement_eur"] == "2018-2019"
    assert rows["routes_invest_2015_2018_eur"] == "2015-2018"
    assert rows["subventions_fonctionnement_sport_culture_eur"] == "2017-2018"
    assert rows["colleges"] == ""


def test_boulonnais_layout_with_broken_lines(figures):
    assert value(figures, BOULONNAIS, "rsa_foyers").value == 5036
    assert value(figures, BOULONNAIS, "rsa_eur").value == 30554034
    sport = value(figures, BOULONNAIS, "sport_invest_2015_2018_eur")
    assert sport.value == 2810000 and sport.raw_text == "2,81 millions d'euros"
    assert value(figures, BOULONNAIS, "agents_solidarite").value == 71
    assert value(figures, BOULONNAIS, "agents_solidarite_additionnels").value == 131
    cis = value(figures, BOULONNAIS, "cis")
    assert cis.text == "Boulogne-sur-Mer" and cis.source_ref.endswith(":2546-2547")


def test_osartis_headings_before_amounts_are_paired_in_order(figures):
    assert value(figures, OSARTIS, "culture_invest_2015_2018_eur").value == 540000
    assert value(figures, OSARTIS, "sport_invest_2015_2018_eur").value == 91300
    assert value(figures, OSARTIS, "agents_amenagement_territoire").scale == "Arrageois"
    assert value(figures, OSARTIS, "agents_amenagement_epci").value == 15
    assert value(figures, OSARTIS, "agents_solidarite").value == 70


def test_sud_artois_misprinted_million_sign(figures):
    apa = value(figures, SUD_ARTOIS, "apa_eur")
    assert apa.value == 4703239 and apa.raw_text == "4 703 239 M€" and "coquille" in apa.note
    assert value(figures, SUD_ARTOIS, "routes_invest_2015_2018_eur").value == 7110000


def test_qualifiers_and_other_layouts(figures):
    subsidies = value(figures, FLANDRE_LYS, "subventions_fonctionnement_sport_culture_eur")
    assert (subsidies.value, subsidies.qualifier) == (42500, "près de")
    farda = value(figures, LENS, "farda_eur")
    assert (farda.value, farda.qualifier) == (235732, "")
    assert value(figures, HENIN, "cis_invest_2015_2018_eur").value == 5480000
    assert value(figures, BETHUNE, "cis").text == (
        "Haines-Vermelles; Bruay-Houdain; Auchel; Béthune; Lillers; Noeux-les-Mines; "
        "Saint-Venant")


def test_coverage_gaps_are_exactly_what_the_text_does_not_print(doc, figures):
    gaps = {siren: names for siren, names in key_figures.missing(figures, doc).items() if names}
    assert gaps == NOT_PRINTED
    assert figures.groupby(["epci_siren", "indicator"]).size().max() == 1


def test_cis_count_per_epci_matches_the_text(figures):
    cis = figures[figures.indicator == "cis"].set_index("epci_siren")["value"].to_dict()
    assert cis == CIS_PER_EPCI
    assert sum(cis.values()) == 43


def test_misreadable_amounts_raise_clear_errors():
    assert key_figures.euros("6,90 millions d'euros") == (6900000, "")
    with pytest.raises(ValueError, match="1,234"):
        key_figures.euros("1,234 €")


def test_contract_without_section_7_names_the_epci(tmp_path):
    text = "\n".join([
        "Livret I",
        "Le présent livret fait partie intégrante du contrat entre le Département et ses "
        "partenaires du territoire de la Communauté de communes du Pays de Lumbres.",
        "Rien ici.", "RAPPORT N°1", ""])
    path = tmp_path / "004_test.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(key_figures.KeyFigureError, match="246201016"):
        key_figures.key_figures(SeedDocument(path))
