"""``python -m geo export`` and ``python -m geo livrets``: files written for good
arguments; for bad ones exit code 2 and one French line on stderr, no traceback."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent


def geo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("args,expected", [
    (["export", "--epci", "123456789", "--format", "png"], "EPCI inconnu : « 123456789 »"),
    (["export", "--theme", "football"], "thème inconnu : « football »"),
    (["export", "--period", "2020-2022"], "période inconnue : « 2020-2022 »"),
    (["export", "--format", "docx"], "format inconnu : « docx »"),
    (["export", "--dpi", "600"], "résolution inconnue : « 600 »"),
    (["export", "--paper", "A5"], "format de papier inconnu : « A5 »"),
    (["export", "--orientation", "oblique"], "orientation inconnue : « oblique »"),
    (["export", "--indicator", "chomage"], "indicateur inconnu : « chomage »"),
    (["export", "--couleur", "rouge"], "argument inconnu : --couleur rouge"),
    (["export", "--epci"], "l'option --epci attend une valeur"),
    (["livrets", "--epci", "999", "--out", "{tmp}"], "EPCI inconnu : « 999 »"),
    (["livrets"], "indiquez le dossier des livrets avec --out"),
])
def test_bad_arguments_give_one_french_line(args, expected, tmp_path, capsys):
    args = [a.replace("{tmp}", str(tmp_path / "livrets")) for a in args]
    if args[0] == "export" and "--out" not in args and args[-1] != "--epci":
        args += ["--out", str(tmp_path / "carte.png")]
    code, captured = run_main(args, capsys)     # in process: fast; see the test below
    err = captured.err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Erreur : ") and expected in lines[0]
    assert "Traceback" not in err and "usage:" not in err
    assert not list(tmp_path.iterdir())                   # nothing written


def run_main(args: list[str], capsys):
    """``python -m geo ARGS`` in this process: (exit code, captured stdout/stderr)."""
    from geo.__main__ import main
    try:
        code = main(args)
    except SystemExit as exc:                   # argparse errors leave through exit()
        code = exc.code
    return code, capsys.readouterr()


def test_a_real_process_fails_cleanly_too(tmp_path):
    for args in (["export", "--epci", "000000000", "--out", str(tmp_path / "x.pdf")],
                 ["export", "--nimporte", "--out", str(tmp_path / "x.pdf")]):
        result = geo(*args)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("Erreur : ")
        assert "Traceback" not in result.stderr


def test_export_png_pdf_and_csv_with_filters(tmp_path, capsys):
    png, pdf, csv = tmp_path / "7v.png", tmp_path / "7v.pdf", tmp_path / "sport.csv"
    code, _ = run_main(["export", "--epci", "200044030", "--dpi", "150", "--orientation",
                        "landscape", "--out", str(png)], capsys)
    assert code == 0 and Image.open(png).size == (1754, 1240)
    code, captured = run_main(["export", "--epci", "200044030", "--format", "pdf", "--theme",
                               "sport", "--period", "2015-2018", "--date", "2026-11-22",
                               "--out", str(pdf)], capsys)
    assert f"écrit : {pdf}" in captured.out
    text = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert code == 0 and "Thèmes : Sport · Période : 2015-2018" in text
    assert "22 novembre 2026" in text
    code, _ = run_main(["export", "--theme", "sport", "--out", str(csv)], capsys)
    rows = csv.read_bytes().decode("utf-8-sig").strip().split("\r\n")[1:]
    assert code == 0 and rows and all(";Sport;" in r for r in rows)


def test_livrets_writes_booklets_and_the_combined_pdf(tmp_path, capsys):
    out = tmp_path / "livrets"
    code, captured = run_main(["livrets", "--out", str(out), "--epci", "200044030,200069037",
                               "--workers", "1", "--no-progress"], capsys)
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["livret_200044030_cc-des-7-vallees.pdf",
                     "livret_200069037_ca-du-pays-de-saint-omer.pdf",
                     "livrets_pas-de-calais.pdf"]
    assert captured.out.count("écrit : ") == 3 and not captured.err
