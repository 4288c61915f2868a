"""`python -m geo summary --json` and the README's data section agree with the data."""
import json
import re
import subprocess
import sys
from pathlib import Path

from geo.data import contracts
from geo.analysis.summary import build_summary, markdown

ROOT = Path(__file__).resolve().parent.parent


def test_summary_cli_prints_one_json_object():
    out = subprocess.run([sys.executable, "-m", "geo", "summary", "--json"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    summary = json.loads(out)
    assert summary["communes"] == 887 and summary["epcis"] == 20
    assert summary["population"] == 1_457_905
    assert sorted(summary["grands_territoires"]) == ["Artois-Gohelle", "Cœur rural",
                                                     "Littoral-Côte d'Opale"]
    assert sum(len(v) for v in summary["grands_territoires"].values()) == 20
    assert set(summary["presence"]) == {"college", "mds", "mdadt", "cis", "cer"}
    assert summary["presence"]["mds"] == 9 and summary["presence"]["mdadt"] == 7
    assert summary["presence"]["college"] == 125 and summary["presence"]["cer"] == 1
    assert set(summary["projects"]["by_source"]) == {"map_label", "fiche_action", "deliberation",
                                                     "contract_text"}
    text = summary["projects"]["by_source"]["contract_text"]
    assert set(text) == {"count", "amount_eur", "by_epci"} and text["count"] == 179
    # coverage of the 20 EPCI: Saint-Omer has no contract, 7 maps read, 12 lost
    coverage = summary["coverage"]
    assert len(coverage) == 20 and coverage["200069037"]["contract"] is False
    assert coverage["200069037"]["map_labels"] == "none"
    states = [c["map_labels"] for c in coverage.values()]
    assert states.count("read") == 7 and states.count("lost") == 12
    # periods: never a default; every project in one period, amounts add up
    by_period = summary["projects"]["by_period"]
    assert set(by_period) <= {"2015-2018", "2019-2021", "2023-2026", "à venir", "non daté"}
    assert sum(p["count"] for p in by_period.values()) == summary["projects"]["count"]
    assert sum(p["amount_eur"] for p in by_period.values()) == summary["projects"]["amount_eur"]
    # the default indicator: a figure for the 19 contracts, null (never 0) for Saint-Omer
    default = summary["departement_default_indicator"]
    assert default["unit"] == "€" and default["key"] == "investissement_2015_2018"
    values = default["values"]
    assert len(values) == 20 and values["200069037"] is None
    assert all(v > 0 for s, v in values.items() if s != "200069037")
    assert len(summary["key_figures"]) == 19
    assert summary["key_figures"]["246201016"]["apa_eur"] == 2_305_703


def test_source_totals_match_the_tables():
    summary = build_summary()
    projects = contracts.load_projects()
    assert summary["projects"]["count"] == len(projects)
    assert summary["projects"]["amount_eur"] * 100 == projects["amount_cents"].fillna(0).sum()
    deliberation = summary["projects"]["by_source"]["deliberation"]
    assert deliberation["count"] == 19
    assert deliberation["amount_eur"] == 6_167_760     # articles 2-20 = article 22's "Dépense"
    for s in summary["projects"]["by_source"].values():
        assert sum(e["count"] for e in s["by_epci"].values()) >= s["count"]


def test_readme_data_section_is_up_to_date():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- summary:start -->\n(.*)\n<!-- summary:end -->", readme, re.S)
    assert block, "README.md must keep its summary markers"
    assert block.group(1) == markdown(build_summary()), (
        "README out of date: run `.venv/bin/python -m geo summary --readme`")
