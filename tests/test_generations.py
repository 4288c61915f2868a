"""The contract generations side by side, on real shipped data: counts per generation are
the atlas's projects, a shared project counts once for the département and in full in
each EPCI it serves, a missing amount is never 0 €, the 2022 report's figures are read
at their lines, the gap sentences give the atlas's own numbers; then the panel itself
(streamlit.testing AppTest), shipped data and after an SCDL import."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import generations_panel
from geo.analysis import generation_compare as gc
from geo.model import style, vocabulary
from geo.analysis.aggregate import by_each_epci, served_epci
from geo.model.amounts import format_eur, parse_amount_cents
from geo.atlas import Atlas
from geo.data.citations import passage
from geo.model.paths import FRAMEWORK_2022
from components.map_clicks import PAGE_COMPLETE

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "tests" / "apps" / "generations_app.py")
SCDL = REPO / "tests" / "corpus" / "scdl" / "valide.csv"
SNSM = "P-200069029-remplacement-du-canot-tout-temps-des-stations-snsm-de-calais"
DEUX_CAPS = "246200380"          # CC de la Terre des Deux Caps: shares the SNSM canoe


@pytest.fixture(scope="module")
def projects() -> pd.DataFrame:
    return Atlas.load(None).projects


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_counts_per_generation_are_the_atlas_projects(projects):
    tidy = gc.by_generation(projects)
    totals = gc.generation_totals(tidy).set_index("generation")
    assert int(totals["count"].sum()) == len(projects) == 288
    by_gen = projects.groupby("generation")
    assert totals["count"].to_dict() == by_gen.size().to_dict()
    assert totals["known"].to_dict() == by_gen["amount_cents"].count().to_dict()
    assert totals.loc["2019-2021", ["count", "known"]].tolist() == [72, 21]
    assert int(totals.loc["2019-2021", "amount_cents"]) == 767_239_900
    cells = tidy.set_index(["generation", "theme"])
    for (generation, theme), row in cells.iterrows():
        own = projects[(projects["generation"] == generation) & (projects["theme"] == theme)]
        assert row["count"] == len(own) and row["unknown"] == own["amount_cents"].isna().sum()
    assert list(dict.fromkeys(tidy["generation"])) == ["2015-2018", "2019-2021", "non établie"]


def test_a_shared_project_counts_once_for_the_departement_and_in_each_epci(projects):
    assert len(served_epci(projects[projects["project_id"] == SNSM]).iloc[0]) == 5
    exploded = by_each_epci(projects)          # one row per (project, EPCI it serves)
    assert len(exploded) > len(projects)
    once = gc.by_generation(exploded)          # the département: each project once
    pd.testing.assert_frame_equal(once, gc.by_generation(projects))
    for siren in sorted(set(exploded["epci_siren"])):
        serving = exploded[exploded["epci_siren"] == siren]
        tidy = gc.by_generation(projects, siren)
        assert int(tidy["count"].sum()) == len(serving)
        known = serving["amount_cents"].dropna()
        assert gc.generation_totals(tidy)["amount_cents"].sum() == known.sum()
    deux_caps = gc.scope(projects, DEUX_CAPS)
    assert SNSM in set(deux_caps["project_id"])          # its own EPCI is another one
    epci_sum = sum(int(gc.by_generation(projects, s)["count"].sum())
                   for s in set(exploded["epci_siren"]))
    assert epci_sum == len(exploded) > len(projects)


def test_a_missing_amount_is_never_zero(projects):
    tidy = gc.by_generation(projects)
    education = tidy[(tidy["generation"] == "2019-2021") & (tidy["theme"] == "Education")]
    assert education[["count", "known", "unknown"]].iloc[0].tolist() == [3, 0, 3]
    assert pd.isna(education["amount_cents"].iloc[0])         # <NA>, not 0
    assert (tidy.loc[tidy["known"] > 0, "amount_cents"] > 0).all()
    wide = gc.side_by_side(tidy).set_index("Thématique")
    assert wide.loc["Education", "2019-2021 : montant connu"] == "aucun montant connu"
    assert wide.loc["Education", "2019-2021 : projets"] == "3 projets (3 sans montant)"
    assert wide.loc["Education", "2015-2018 : projets"] == "aucun projet"
    assert wide.loc[gc.ALL_THEMES, "2019-2021 : montant connu"] == format_eur(767_239_900)
    assert format_eur(0) not in set(wide.to_numpy().ravel())
    data = generations_panel.chart_data(tidy)
    row = data[(data["generation"] == "2019-2021") & (data["theme"] == "Education")].iloc[0]
    assert pd.isna(row["amount"]) and row["amount_text"] == "aucun montant connu"
    assert row["label"] == "2019-2021 : 3 projets (3 sans montant)"     # its text, no bar
    spec = generations_panel.generations_chart(tidy).to_dict()          # schema-validated
    bars, text = spec["layer"]
    assert bars["transform"] == [{"filter": "isValid(datum.amount)"}] and "transform" not in text
    # a theme with known and unknown amounts sums the known ones only
    mixed = pd.DataFrame({"project_id": ["a", "b", "c"], "theme": ["Sport"] * 3,
                          "generation": ["2023-2026"] * 3, "epci_siren": ["1"] * 3,
                          "amount_cents": pd.array([100, None, 250], dtype="Int64")})
    got = gc.by_generation(mixed).iloc[0]
    assert (got["count"], got["known"], got["amount_cents"]) == (3, 2, 350)


def test_generation_colours_come_from_the_style(projects):
    colours = generations_panel.GENERATION_COLORS
    assert set(colours) == set(vocabulary.values(vocabulary.GENERATIONS))
    assert set(colours.values()) <= set(style.CHOROPLETH_COLORS) | {style.CHART_OTHERS}
    assert len(set(colours.values())) == len(colours)


def test_the_framework_figures_are_read_at_their_lines():
    lines = FRAMEWORK_2022.read_text(encoding="utf-8").split("\n")
    assert lines[121].startswith("La précédente génération de contractualisation")
    assert lines[132].startswith("Ces 100 opérations")
    figures = gc.framework_2022()
    assert [f.key for f in figures] == ["annees", "operations", "fit", "droit_commun",
                                        "investissement_public"]
    for f in figures:
        doc, span = f.source_ref.split(":")
        first, last = (int(n) for n in span.split("-"))
        assert doc == FRAMEWORK_2022.name
        cited = _squash("\n".join(lines[first - 1:last]))
        assert _squash(f.quote) in cited and _squash(passage(f.source_ref)) == cited
        assert f.words in f.quote
        assert f.at_least == f.words.startswith("plus de ")
        number = f.words.removeprefix("plus de ").removeprefix("en ")
        if f.unit == "€":
            assert parse_amount_cents(number.replace("’", "'")) == f.value
        else:
            assert number == f"{f.value} {f.unit}"
        assert f.citation.startswith("Délibération 2022-317") and f.citation.endswith(
            f"lignes {first}-{last}")
    assert {f.source_ref for f in figures} == {"002_97c6f9649ae06488.txt:122-125",
                                               "002_97c6f9649ae06488.txt:133-135"}
    assert gc.framework("fit").text == format_eur(2_540_000_000)
    assert gc.framework("operations").text == "plus de 100 opérations"


def test_gap_sentences_on_shipped_data(projects):
    h = gc.holdings(projects)
    previous = projects[projects["generation"] == "2019-2021"]
    assert (h.count, h.known, h.amount_cents) == (len(previous), 21, 767_239_900) == (
        72, previous["amount_cents"].count(), previous["amount_cents"].sum())
    assert h.undetermined == (projects["generation"] == "non établie").sum() == 105
    assert (h.imported, h.fit_known, h.fit_cents) == (0, 0, None)
    operations, origin, amounts, caveat, investment = gc.gap_sentences(projects)
    assert "compte « plus de 100 opérations » pour la génération 2019-2021" in operations
    assert (f"l'atlas en connaît 72, dont 21 avec un montant ({format_eur(767_239_900)}) : "
            "plus de 28 opérations de cette génération") in operations
    assert "parmi ses 105 projets dont la génération n'est pas établie" in operations
    assert "53 d'entre elles ne sont dites votées par aucune source" in origin
    assert "25,4 millions d’euros" in amounts and "plus de 12,4 millions" in amounts
    assert "sur 21 de ses 72 opérations : les 51 autres n'ont pas de montant" in amounts
    assert caveat.startswith(f"Ces {format_eur(767_239_900)} ne se comparent pas")
    assert "aucune source de l'atlas ne dit lesquels sont du FIT" in caveat
    assert "plus de 237 millions d’euros" in investment and "16 des 72" in investment
    table = gc.framework_beside_atlas(projects)
    assert table.iloc[1].tolist()[1:] == ["plus de 100 opérations", "lignes 122-125",
                                          "72 opérations (51 sans montant)"]


@pytest.fixture
def imported(store):
    """Store version 1 (each backend) holding the SCDL example file."""
    from geo.importer.validate import validate_bytes

    data = SCDL.read_bytes()
    version = store.import_validation(validate_bytes(data, SCDL.name), data, "test")
    Atlas.load.cache_clear()
    return version.id


def test_an_scdl_import_adds_its_generations(imported):
    atlas = Atlas.load(imported)
    every, sentences, _ = generations_panel.whole_atlas(atlas)
    assert len(every) == 288 + 6 and len(atlas.unplaced) == 2
    totals = gc.generation_totals(gc.by_generation(atlas.projects)).set_index("generation")
    assert totals.loc["2023-2026", "count"] == 3          # the 2 unplaced are not on a map
    h = gc.holdings(every)
    assert (h.count, h.known, h.imported) == (73, 22, 1)  # the 2022 convention (Béthune)
    assert h.amount_cents == 767_239_900 + 20_000_000
    assert "pour 1, des données importées" in sentences[1]
    assert "plus de 27 opérations" in sentences[0]


def _app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[PAGE_COMPLETE] = True      # a map has reported (no browser here)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    return at.run()


def test_panel_for_the_departement():
    at = _app()
    assert not at.exception
    atlas = Atlas.load(None)
    assert [s.value for s in at.header] == ["Projets par génération de contrat"]
    chart = at.get("vega_lite_chart")
    assert len(chart) == 1 and "générations de contrat côte à côte" in chart[0].proto.alt
    spec = json.loads(chart[0].proto.spec)
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["range"] == [generations_panel.GENERATION_COLORS[g] for g in colour["domain"]]
    captions = [c.value for c in at.caption]
    assert captions[0] == gc.covers(gc.by_generation(atlas.projects))
    bullets = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert bullets == "\n".join(f"- {s}" for s in gc.gap_sentences(atlas.projects))
    labels = [e.label for e in at.expander]
    assert labels == [f"Source : {gc.framework(k).citation}"
                      for k in ("fit", "investissement_public")]
    assert [t.value for t in at.text] == [passage(gc.FRAMEWORK_REF), passage(gc.INVESTMENT_REF)]
    assert len(at.table) == 1 and not at.dataframe   # the report beside the atlas; the rest on demand
    at.toggle(key="show_generations_table_departement").set_value(True).run()
    pd.testing.assert_frame_equal(at.dataframe[0].value.reset_index(drop=True),
                                  gc.side_by_side(gc.by_generation(atlas.projects)))


def test_panel_for_an_epci_counts_its_shared_projects():
    at = _app({"epci": DEUX_CAPS})
    assert not at.exception
    assert not at.expander                 # the report's figures are the département's
    captions = [c.value for c in at.caption]
    assert "compté en entier même s'il est partagé" in captions[0]
    assert any("Carte du livret illisible" in c for c in captions)
    at.toggle(key="show_generations_table_epci").set_value(True).run()
    table = at.dataframe[0].value.set_index("Thématique")
    expected = len(gc.scope(Atlas.load(None).projects, DEUX_CAPS))
    assert sum(int(str(v).split()[0]) for v in table.filter(like=": projets").loc[
        gc.ALL_THEMES] if v != "aucun projet") == expected == 4


def test_panel_after_an_scdl_import(imported):
    at = _app({"version": str(imported)})
    assert not at.exception
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert "2023-2026" in spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("2 subvention(s) importée(s) sans lieu établi") for c in captions)
    assert any("Comparaison sur les 294 projets" in c for c in captions)
