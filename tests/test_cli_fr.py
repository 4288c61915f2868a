"""The command lines answer in French, argparse's own messages included."""
import subprocess
import sys

import pytest

from geo.model.cli_fr import FrenchParser
from geo.model.paths import ROOT


def _parser() -> FrenchParser:
    parser = FrenchParser(prog="atlas")
    parser.add_argument("fichier")
    parser.add_argument("--papier", choices=["A4", "A3"])
    parser.add_argument("--dpi", type=int)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true")
    group.add_argument("--texte", action="store_true")
    return parser


@pytest.mark.parametrize("argv,french", [
    ([], "arguments obligatoires manquants : fichier"),
    (["f", "--inconnu"], "arguments inconnus : --inconnu"),
    (["f", "--papier", "A9"], "argument --papier : choix invalide 'A9' (choix possibles : "
                              "'A4', 'A3')"),
    (["f", "--papier"], "argument --papier : une valeur est attendue"),
    (["f", "--dpi", "beaucoup"], "argument --dpi : valeur invalide 'beaucoup'"),
    (["f", "--json", "--texte"], "argument --texte : incompatible avec l'argument --json"),
])
def test_argparse_mistakes_are_said_in_french(argv, french, capsys):
    with pytest.raises(SystemExit) as stop:
        _parser().parse_args(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.startswith("utilisation : atlas")
    assert err.rstrip().endswith(f"atlas : erreur : {french}"), err


def test_help_headings_are_french(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(["-h"])
    out = capsys.readouterr().out
    assert "utilisation :" in out and "affiche cette aide et quitte" in out
    assert "usage:" not in out and "show this help" not in out


def test_the_atlas_command_line_answers_in_french():
    done = subprocess.run([sys.executable, "-m", "geo", "publish-postgis", "--bogus"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert "python -m geo : erreur : arguments inconnus : --bogus" in done.stderr
    assert "error:" not in done.stderr
