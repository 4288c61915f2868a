"""``python -m geo validate|import|versions|restore|hash-password``: exit codes, the exact JSON
report, and no traceback whatever the bytes (hypothesis and seeded random files)."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.importer.cli import main
from geo.importer.passwords import verify_password
from geo.importer.validate import validate_bytes

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
ISSUE_KEYS = {"row", "column", "value", "message"}


def run_geo(*args: str, stdin: str | None = None, env: dict | None = None):
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})


def check_report_shape(report: dict) -> None:
    assert set(report) == {"ok", "rows", "valid_rows", "errors", "warnings"}
    assert isinstance(report["ok"], bool)
    assert isinstance(report["rows"], int) and isinstance(report["valid_rows"], int)
    for item in report["errors"] + report["warnings"]:
        assert set(item) == ISSUE_KEYS
        assert item["row"] is None or isinstance(item["row"], int)
        assert item["column"] is None or isinstance(item["column"], str)
        assert item["value"] is None or isinstance(item["value"], str)
        assert isinstance(item["message"], str) and item["message"]


def test_validate_json_through_python_m_geo():
    bad = run_geo("validate", str(CORPUS / "bad_amounts.csv"), "--json")
    assert bad.returncode == 1 and bad.stderr == ""
    report = json.loads(bad.stdout)
    check_report_shape(report)
    assert (report["ok"], report["rows"], report["valid_rows"]) == (False, 7, 1)
    assert report["errors"][0] == {"row": 2, "column": "montant", "value": "-5 000 €",
                                   "message": "montant négatif"}
    good = run_geo("validate", str(CORPUS / "good.xlsx"))
    assert good.returncode == 0 and good.stdout.startswith("importable : 3 lignes")


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".py"
                                        and p.suffix != ".md"))
def test_exit_code_follows_the_report(name, capsys):
    code = main(["validate", str(CORPUS / name), "--json"])
    report = json.loads(capsys.readouterr().out)
    check_report_shape(report)
    assert code == (0 if report["ok"] else 1)


def test_paths_that_are_not_files(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "absent.csv"), "--json"]) == 1
    assert "fichier introuvable" in json.loads(capsys.readouterr().out)["errors"][0]["message"]
    assert main(["validate", str(tmp_path), "--json"]) == 1
    assert "dossier" in json.loads(capsys.readouterr().out)["errors"][0]["message"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_any_bytes_give_a_report(data):
    report = validate_bytes(data, "fuzz.csv").report
    check_report_shape(json.loads(json.dumps(report.to_dict())))
    assert not any("interne" in e.message for e in report.errors), report.errors


CELLS = st.sampled_from(["", "Arras", "62041", "300 000 €", "1,5 M€", "Sport", "2024", "31/02/2020",
                         '"', ";", ",", "\n", "=1+1", "2,78", "50,29", "684124", "\x00", "é",
                         "\ufeff", "à venir", "-3", "<b>", "  "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, max_size=9), max_size=8), st.sampled_from([";", ",", "\t"]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_spreadsheet_like_text_gives_a_report(rows, separator, encoding):
    header = ["intitule", "montant", "commune", "thematique", "periode", "longitude", "latitude",
              "date_vote"]
    text = "\n".join(separator.join(r) for r in [header, *rows])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    result = validate_bytes(data, "fuzz.csv")
    assert not any("interne" in e.message for e in result.report.errors), result.report.errors
    assert len(result.projects) == result.report.valid_rows


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=512))
def test_the_command_never_prints_a_traceback(capsys, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fichier.xlsx"
        path.write_bytes(data)
        code = main(["validate", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err
    check_report_shape(json.loads(out))


def test_damaged_spreadsheets_in_a_real_process():
    """Seeded corruptions of real XLSX/GeoPackage files, through ``python -m geo``."""
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as folder:
        for i, name in enumerate(["good.xlsx", "good_lambert93.gpkg", "good.geojson", "good.xlsx"]):
            data = bytearray((CORPUS / name).read_bytes())
            for _ in range(20):
                data[rng.randrange(len(data))] = rng.randrange(256)
            path = Path(folder) / f"{i}-{name}"
            path.write_bytes(bytes(data))
            done = run_geo("validate", str(path), "--json")
            assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
            check_report_shape(json.loads(done.stdout))


def test_import_versions_and_restore(store):
    env = store.env()
    refused = run_geo("import", str(CORPUS / "bad_amounts.csv"), "--who", "Marie", env=env)
    assert refused.returncode == 1 and "--accept-valid" in refused.stderr
    assert store.versions() == []
    first = run_geo("import", str(CORPUS / "good_utf8_semicolon.csv"), "--who", "Marie", env=env)
    assert first.returncode == 0 and first.stdout.startswith("version 1 importée")
    partial = run_geo("import", str(CORPUS / "bad_amounts.csv"), "--accept-valid", "--json", env=env)
    assert partial.returncode == 0 and json.loads(partial.stdout)["version"] == 2
    restored = run_geo("restore", "1", "--who", "Paul", env=env)
    assert restored.returncode == 0, restored.stderr
    listing = run_geo("versions", env=env).stdout.splitlines()
    assert listing[0].startswith("* v3") and "rétablit v1" in listing[0]
    whos = [v.who for v in store.versions()]
    assert whos[0] == "Paul" and whos[1].startswith("cli") and whos[2] == "Marie"
    assert len(store.projects()) == 7
    assert run_geo("restore", "42", env=env).returncode == 1


def test_hash_password_prints_a_verifiable_hash():
    done = run_geo("hash-password", "--stdin", stdin="un mot de passe assez long\n")
    assert done.returncode == 0
    encoded = done.stdout.strip()
    assert encoded.startswith("scrypt$")
    assert verify_password("un mot de passe assez long", encoded)
    assert not verify_password("un autre mot de passe", encoded)
    assert run_geo("hash-password", "--stdin", stdin="court\n").returncode == 1
