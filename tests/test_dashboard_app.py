"""The dashboard's script logic with Streamlit's AppTest: URL state in, filters, URL out."""
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest
from components.map_clicks import PAGE_COMPLETE

LUMBRES = "246201016"
DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"


def _run(params: dict) -> AppTest:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
    at.session_state[PAGE_COMPLETE] = True      # a map has reported (no browser here)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_url_opens_epci_with_filters():
    at = _run({"epci": LUMBRES, "theme": "sport,culture", "period": "2015-2018"})
    assert not at.exception
    assert at.selectbox(key="f_epci").value == LUMBRES
    assert at.multiselect(key="f_themes").value == ["Sport", "Culture"]
    assert at.multiselect(key="f_periods").value == ["2015-2018"]
    assert any("carte du livret" in s.value for s in at.header)
    assert at.warning == []


def test_changing_a_widget_rewrites_the_url():
    at = _run({})
    at.selectbox(key="f_epci").set_value(LUMBRES).run()
    at.multiselect(key="f_themes").set_value(["Sport"]).run()
    assert at.query_params["epci"] == LUMBRES
    assert at.query_params["theme"] == "sport"


def test_malformed_parameters_give_notices_not_a_crash():
    at = _run({"epci": "12", "period": "demain", "min": "-3", "foo": "bar"})
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "12" in notices and "demain" in notices and "foo" in notices and "-3" in notices
    assert at.selectbox(key="f_epci").value == "Tout le département"


def _shown(markdown: str) -> str:
    """Markdown source as rendered (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_filter_line_says_what_is_filtered():
    at = _run({"theme": "solidarite", "q": "clic"})
    text = " ".join(_shown(m.value) for m in at.markdown)
    assert "Thèmes : Solidarité" in text and "Recherche : « clic »" in text


def test_search_text_is_shown_as_typed_not_as_markdown():
    at = _run({"q": "[x](javascript:alert(1)) **gras** <b>"})
    line = next(m.value for m in at.markdown if "Recherche" in m.value)
    assert "\\[x\\]\\(javascript" in line and "\\*\\*gras" in line and "\\<b\\>" in line


def test_tables_open_on_demand():
    at = _run({"epci": "200044030"})
    assert len(at.dataframe) == 0                       # the map and key figures first
    at.toggle(key="show_projects").set_value(True).run()
    assert len(at.dataframe) == 2                       # projects + those without commune
    assert "Projet" in at.dataframe[0].value.columns
    at.toggle(key="show_presence").set_value(True).run()
    assert len(at.dataframe) == 3
    departement = _run({})
    departement.toggle(key="show_projects").set_value(True).run()
    departement.toggle(key="show_map_table").set_value(True).run()
    assert len(departement.dataframe) == 2


def test_a_lost_livret_map_says_its_theme_amounts_are_partial():
    henin = "246200299"                 # CA d'Hénin-Carvin: its livret map lost its labels
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
    at.query_params["epci"] = henin
    at.session_state[f"map_epci_{henin}"] = {"last_object_clicked": None}   # map drawn
    at.run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Carte du livret illisible dans la source : ces montants sont partiels" in captions
    lumbres = _run({"epci": LUMBRES})
    assert "ces montants sont partiels" not in " ".join(c.value for c in lumbres.caption)


def test_an_epci_without_any_amount_in_its_sources_is_not_shown_at_0_euros():
    """CC de Desvres-Samer: livret map lost, its 5 projects without an amount in the text."""
    at = _run({"epci": "200018083"})
    headline = next(m.value for m in at.markdown if "projet(s)" in m.value)
    assert "aucun montant de financement départemental dans les sources" in headline
    assert "0\u00a0€" not in headline and "0 €" not in headline


def test_every_epci_view_draws_without_error_once_its_map_is_in_the_browser():
    """Each of the 20 EPCI views, its map's first value come back (charts and follow-up
    drawn too). CC de Desvres-Samer, whose 5 projects have no amount in the text, used to
    crash: the largest amount of its located projects is unknown, not 0."""
    from geo.atlas import Atlas

    at = _run({})
    for siren in sorted(Atlas.load(None).epci_names):
        at.selectbox(key="f_epci").set_value(siren).run()
        at.session_state[f"map_epci_{siren}"] = {"last_object_clicked": None}
        at.run()
        assert not at.exception, (siren, [e.message for e in at.exception])
        assert any("Suivi du contrat" in s.value for s in at.header), siren


def test_the_first_run_draws_the_map_then_the_page_once_the_map_has_reported():
    """A session's first run sends the title and the map, not the controls (their code
    would queue in front of the map's in the browser); the map's first value completes
    the page: filters, lists, exports, as on every later run."""
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60).run()
    assert not at.exception
    components = [n for n in at.main if getattr(getattr(n, "proto", None), "component_name",
                                                "").endswith("atlas_map")]
    assert components, "the map is in the first run"
    assert not at.sidebar.selectbox and not at.sidebar.multiselect
    assert [t.key for t in at.toggle] == ["show_map_table"]     # the map's own table only
    assert any("dès que la carte est dessinée" in c.value for c in at.caption)
    at.session_state["map_departement"] = {"last_object_clicked": None}   # its first value
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_epci") and at.toggle(key="show_projects")
    assert not any("dès que la carte est dessinée" in c.value for c in at.caption)
    at.selectbox(key="f_epci").set_value(LUMBRES).run()
    assert not at.exception and at.selectbox(key="f_epci")     # complete from then on
