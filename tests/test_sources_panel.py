"""Sources a person can check: a project's references read as citations and open the
quoted passage of the shipped act."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.atlas import Atlas
from geo.data.citations import citation, passage
from components.map_clicks import PAGE_COMPLETE

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"
TERNOIS = "200069672"


def test_a_reference_reads_as_a_citation_and_opens_its_passage():
    atlas = Atlas.load()
    sources = atlas.project_sources("P-200069672-amenagement-d-une-ecole-de-musique-intercommunale-et")
    fiche = sources[sources["source_kind"] == "fiche_action"].iloc[0]
    assert fiche["citation"].startswith("Recueil des actes administratifs n° 5, mai 2019 — "
                                        "contrat de la Communauté de communes du Ternois, Livret")
    assert "fiche action « " in fiche["citation"] and "lignes " in fiche["citation"]
    first = fiche["source_ref"].split(":")[1].split("-")[0]
    assert fiche["passage"].splitlines()[0] == atlas_line(int(first))
    vote = sources[sources["source_kind"] == "deliberation"].iloc[0]
    assert "délibération 2019-117 du 29 avril 2019, article " in vote["citation"]
    assert citation("pas une référence") == "pas une référence" and passage("x") == ""


def atlas_line(number: int) -> str:
    from geo.model.paths import RECUEIL_2019
    return RECUEIL_2019.read_text(encoding="utf-8").split("\n")[number - 1].rstrip()


def test_choosing_a_project_shows_its_passages_on_screen():
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
    at.session_state[PAGE_COMPLETE] = True      # a map has reported (no browser here)
    at.query_params["epci"] = TERNOIS
    at.run()
    at.toggle(key="show_projects").set_value(True).run()
    at.selectbox(key="table_epci_sources").set_value(
        "P-200069672-amenagement-d-une-ecole-de-musique-intercommunale-et").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Recueil des actes administratifs n° 5, mai 2019" in text
    assert any("musique" in c.value.lower() for c in at.code)
