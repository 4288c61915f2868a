"""Command line of the atlas data layer: ``python -m geo <command>``.

Commands: summary, build-territory, import-seed (and, when present, export, livrets,
validate, import, hash-password). Errors are one French line on stderr, exit code 2.
"""
from __future__ import annotations

import json
import sys

from geo.model.cli_fr import FrenchParser


def _cmd_summary(args) -> int:
    from geo.analysis.summary import build_summary, update_readme
    if args.readme:
        from geo.model.paths import ROOT
        changed = update_readme(ROOT / "README.md")
        print("README.md mis à jour" if changed else "README.md déjà à jour")
        return 0
    summary = build_summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=None if args.compact else 2))
    else:
        print(f"{summary['communes']} communes, {summary['epcis']} EPCI, "
              f"{summary['population']} habitants, {summary['projects']['count']} projets")
    return 0


def _cmd_build_territory(args) -> int:
    from geo.data.sirens import write_table
    from geo.data.territory import build_all
    for name in [*build_all(), write_table()]:
        print(f"écrit : data/territory/{name}")
    return 0


def _cmd_import_seed(args) -> int:
    from geo.seed.run import run
    for name in run():
        print(f"écrit : data/{name}")
    return 0


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="python -m geo",
                                     description="Atlas du Pas-de-Calais : données")
    sub = parser.add_subparsers(dest="command", required=True)
    summary = sub.add_parser("summary", help="les données en chiffres")
    summary.add_argument("--json", action="store_true", help="un objet JSON")
    summary.add_argument("--compact", action="store_true", help="JSON sur une ligne")
    summary.add_argument("--readme", action="store_true",
                         help="réécrit la section « Ce que contiennent les données » du README")
    summary.set_defaults(func=_cmd_summary)
    sub.add_parser("build-territory", help="géométries d'affichage").set_defaults(
        func=_cmd_build_territory)
    sub.add_parser("import-seed", help="réimporte le recueil 2019").set_defaults(
        func=_cmd_import_seed)
    _add_optional_commands(sub)
    return parser


def _add_optional_commands(sub) -> None:
    """Commands of other feature modules, registered when the module is present."""
    import importlib
    for module_name in ("geo.export.cli", "geo.importer.cli", "geo.postgis.cli"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        module.add_subcommands(sub)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, FileNotFoundError, KeyError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
