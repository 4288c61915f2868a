"""Command line: ``validate``, ``import``, ``versions``, ``restore``, ``publish-scdl``,
``hash-password``.

``add_subcommands(subparsers)`` registers them on the ``python -m geo`` parser; each sets
``func`` to a function ``(args) -> exit code``. Standalone: ``python -m geo.importer``.
Whatever the file holds, these commands print a report, never a traceback.
"""
from __future__ import annotations

import functools
import getpass
import json
import sys
from pathlib import Path

from geo.model.cli_fr import FrenchParser
from geo.importer.readers import MAX_BYTES
from geo.importer.report import Report, issue


def add_subcommands(subparsers) -> None:
    """Register the import commands on an ``argparse`` subparsers object."""
    p = subparsers.add_parser("validate", help="valider un fichier de projets sans l'importer")
    p.add_argument("file", help="CSV, XLSX, GeoJSON ou GeoPackage")
    p.add_argument("--json", action="store_true", help="rapport en JSON")
    p.set_defaults(func=cmd_validate)

    p = subparsers.add_parser("import", help="importer un fichier de projets (nouvelle version)")
    p.add_argument("file")
    p.add_argument("--who", help="auteur de l'import (par défaut : l'utilisateur système)")
    p.add_argument("--accept-valid", action="store_true",
                   help="importer les lignes valides même si d'autres sont en erreur")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("versions", help="historique des imports")
    p.set_defaults(func=cmd_versions)

    p = subparsers.add_parser("restore", help="rétablir une version antérieure")
    p.add_argument("version", type=int)
    p.add_argument("--who")
    p.set_defaults(func=cmd_restore)

    p = subparsers.add_parser("publish-scdl", help="publier les subventions importées au "
                              "format SCDL Subventions 2.1.1 (CSV validé)")
    p.add_argument("--out", required=True, help="fichier CSV à écrire")
    p.set_defaults(func=cmd_publish_scdl)

    p = subparsers.add_parser("hash-password", help="hacher le mot de passe du personnel")
    p.add_argument("--stdin", action="store_true", help="lire le mot de passe sur l'entrée standard")
    p.set_defaults(func=cmd_hash_password)


def _guarded(command):
    """Exit code 1 with a one-line French message instead of a traceback."""
    @functools.wraps(command)
    def run(args) -> int:
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="backslashreplace")
        try:
            return command(args)
        except BrokenPipeError:
            return 1
        except KeyboardInterrupt:
            print("interrompu", file=sys.stderr)
            return 1
        except Exception as exc:  # noqa: BLE001 - the promise is: no traceback
            print(f"erreur : {exc}", file=sys.stderr)
            return 1
    return run


def _read_input(path_text: str) -> tuple[bytes | None, str | None]:
    """(bytes, None) or (None, French reason)."""
    path = Path(path_text)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, f"fichier introuvable : {path_text}"
    except IsADirectoryError:
        return None, f"c'est un dossier, pas un fichier : {path_text}"
    except OSError as exc:
        return None, f"fichier illisible : {exc.strerror or exc}"
    return data, None


def _validate_path(path_text: str):
    from geo.importer.validate import Validation, validate_bytes
    from geo.store.rows import empty_projects

    data, problem = _read_input(path_text)
    if problem:
        report = Report(errors=[issue(None, None, None, problem)])
        return Validation(Path(path_text).name, "", report, empty_projects()), b""
    return validate_bytes(data, Path(path_text).name), data


def _print_report(report: Report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    print(("importable : " if report.ok else "non importable : ") + report.summary())
    for item in report.errors:
        print("  erreur        " + item.describe())
    for item in report.warnings:
        print("  avertissement " + item.describe())


@_guarded
def cmd_validate(args) -> int:
    validation, _ = _validate_path(args.file)
    _print_report(validation.report, args.json)
    return 0 if validation.report.ok else 1


@_guarded
def cmd_import(args) -> int:
    from geo.store import Store, StoreError

    validation, data = _validate_path(args.file)
    report = validation.report
    if not report.ok and not (args.accept_valid and report.valid_rows and not report.file_errors):
        _print_report(report, args.json)
        if not args.json and report.valid_rows and not report.file_errors:
            print("rien n'a été importé ; --accept-valid importe les seules lignes valides",
                  file=sys.stderr)
        return 1
    try:
        version = Store().import_validation(validation, data, args.who or _system_user(),
                                            accept_partial=args.accept_valid)
    except StoreError as exc:
        print(f"import refusé : {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({**report.to_dict(), "version": version.id}, ensure_ascii=False))
    else:
        print(f"version {version.id} importée : {report.summary()}")
        for item in report.errors:
            print("  ligne non importée : " + item.describe())
    return 0


@_guarded
def cmd_versions(args) -> int:
    from geo.store import Store

    for v in Store().versions():
        mark = "*" if v.is_current else " "
        what = f"rétablit v{v.restored_from}" if v.kind == "restore" else (
            "corrections" if v.content == "corrections" else "import")
        print(f"{mark} v{v.id}  {v.created_at}  {v.who}  {what}  {v.file_name}  "
              f"{v.rows_valid}/{v.rows_total} lignes")
    return 0


@_guarded
def cmd_restore(args) -> int:
    from geo.store import Store, StoreError

    try:
        version = Store().restore(args.version, args.who or _system_user())
    except StoreError as exc:
        print(f"restauration refusée : {exc}", file=sys.stderr)
        return 1
    print(f"version {version.id} créée : elle rétablit la version {version.restored_from}")
    return 0


@_guarded
def cmd_publish_scdl(args) -> int:
    """The current version's subsidies as an SCDL file, validated, written atomically."""
    import pandas as pd

    from geo.atlas import Atlas

    from geo.store import current_import_version
    from geo.scdl.publish import PublishError, scdl_csv, write_file

    out = Path(args.out)
    if out.is_dir():
        print(f"c'est un dossier, pas un fichier : {args.out}", file=sys.stderr)
        return 1
    if not out.parent.is_dir():
        print(f"dossier introuvable : {out.parent}", file=sys.stderr)
        return 1
    version = current_import_version()
    if version is None:
        print("rien à publier : aucun fichier importé (importez d'abord un fichier SCDL)",
              file=sys.stderr)
        return 1
    atlas = Atlas.load(version)
    frames = [f for f in (atlas.projects, atlas.unplaced) if f is not None and len(f)]
    try:
        result = scdl_csv(pd.concat(frames, ignore_index=True))
    except PublishError as exc:
        print(f"publication refusée : {exc}", file=sys.stderr)
        return 1
    if not result.rows:
        print(f"rien à publier (version {version}) : {result.summary()}", file=sys.stderr)
        return 1
    write_file(out, result.data)
    print(f"écrit : {out} (version {version}) : {result.summary()}")
    return 0


@_guarded
def cmd_hash_password(args) -> int:
    from geo.importer.passwords import hash_password

    if args.stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Confirmation : ") != password:
            print("les deux saisies diffèrent", file=sys.stderr)
            return 1
    if len(password) < 12:
        print("mot de passe trop court (12 caractères au moins)", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0


def _system_user() -> str:
    try:
        return "cli:" + getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "cli"


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.importer <command> ...``"""
    parser = FrenchParser(prog="python -m geo.importer")
    add_subcommands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)
