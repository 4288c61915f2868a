"""The dashboard's script logic with Streamlit's AppTest: URL state in, filters, URL out."""
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

LUMBRES = "246201016"
DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"


def _run(params: dict) -> AppTest:
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_url_opens_epci_with_filters():
    at = _run({"epci": LUMBRES, "theme": "sport,culture", "period": "2015-2018"})
    assert not at.exception
    assert at.selectbox(key="f_epci").value == LUMBRES
    assert at.multiselect(key="f_themes").value == ["Sport", "Culture"]
    assert at.multiselect(key="f_periods").value == ["2015-2018"]
    assert any("carte du livret" in s.value for s in at.subheader)
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
