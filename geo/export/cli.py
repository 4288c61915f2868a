"""``python -m geo export`` and ``python -m geo livrets``.

    python -m geo export --epci 200033579 --format pdf --paper A3 --orientation landscape \\
        --theme sport,culture --period 2015-2018 --out arras.pdf
    python -m geo export --format csv --theme education --out colleges.csv
    python -m geo livrets --out livrets/

The view options (``--epci``, ``--theme``, ``--period``, ``--nature``, ``--gt``,
``--mdadt``, ``--min``, ``--max``, ``--q``, ``--indicator``, ``--method``, ``--layers``)
are the fields of :mod:`geo.model.view_fields`, spelt as in the URL. Without ``--epci`` the map
is the département choropleth. Every bad argument ends with
exit code 2 and one French line on stderr ("Erreur : …"), never a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from geo.export.paper import (DEFAULT_LAYERS, DPIS, MAP_FORMATS, ORIENTATIONS, PAPERS,
                              PrintOptions)
from geo.export.tables import DATA_FORMATS
from geo.analysis.filters import ProjectFilter
from geo.analysis.indicators import DEFAULT_INDICATOR
from geo.model.view_fields import FIELDS, Context

EXIT_ERROR = 2


class UsageError(ValueError):
    """A bad command-line value; the message is the French line shown to the user."""


def add_subcommands(sub) -> None:
    """Register ``export`` and ``livrets`` on the ``python -m geo`` subparsers."""
    export = sub.add_parser("export", help="carte imprimable ou tableau de la vue filtrée",
                            description="Exporte la carte (png, pdf, svg) ou le tableau des "
                                        "projets (csv, xlsx, geojson, gpkg) d'une vue filtrée.")
    export.add_argument("--format", dest="fmt",
                        help="png, pdf, svg, csv, xlsx, geojson ou gpkg (défaut : extension "
                             "de --out)")
    export.add_argument("--paper", default="A4", help="A4 ou A3 (défaut : A4)")
    export.add_argument("--orientation", default="portrait", help="portrait ou landscape")
    export.add_argument("--dpi", default="300", help="150 ou 300 (PNG, défaut : 300)")
    for f in (f for f in FIELDS if f.cli):   # the view, as the URL spells it
        export.add_argument(f.cli, dest=f"view_{f.name}", help=_help(f))
    export.add_argument("--date", help="date imprimée, AAAA-MM-JJ (défaut : aujourd'hui)")
    export.add_argument("--out", help="fichier à écrire")
    export.set_defaults(func=cmd_export)
    _french_parser(export)

    livrets = sub.add_parser("livrets", help="un livret PDF par intercommunalité + le recueil",
                             description="Écrit un livret PDF par EPCI (carte, chiffres clés, "
                                         "projets et sources) et un PDF qui les réunit.")
    livrets.add_argument("--out", help="dossier où écrire les livrets")
    livrets.add_argument("--epci", help="SIREN séparés par des virgules (défaut : les 20)")
    livrets.add_argument("--workers", default="2", help="processus en parallèle (défaut : 2)")
    livrets.add_argument("--date", help="date imprimée, AAAA-MM-JJ (défaut : aujourd'hui)")
    livrets.add_argument("--no-progress", action="store_true", help="sans barre de progression")
    livrets.set_defaults(func=cmd_livrets)
    _french_parser(livrets)


# ---------------------------------------------------------------------------------------
# Commands

def _help(f) -> str:
    static = {"epci": "SIREN de l'intercommunalité (sans : le département)",
              "mdadt": "territoire MDADT (nom)",
              "indicator": f"indicateur de la carte du département (défaut : {DEFAULT_INDICATOR})",
              "text": "recherche dans les titres, communes, maîtres d'ouvrage"}
    if f.name in static:
        return static[f.name]
    return f"{f.label} : {f.expected(Context())}"


def _view_values(args, atlas) -> dict:
    """The view options given on the command line, read by their registry fields (the
    URL's spelling); a bad item stops the command with the field's French message."""
    ctx = Context(epci_names=atlas.epci_names, mdadt_names=atlas.mdadt_names,
                  indicators={i.key: i.label for i in atlas.indicators},
                  default_indicator=DEFAULT_INDICATOR)
    values = {}
    for f in FIELDS:
        raw = getattr(args, f"view_{f.name}", None)
        if raw is None:
            continue
        value, bad = f.read(raw.strip(), ctx)
        if bad:
            raise UsageError(f"{f.unknown} : « {bad[0]} » (attendu : {f.expected(ctx)})")
        values[f.name] = value
    return values


def cmd_export(args) -> int:
    try:
        fmt, out = _format_and_out(args.fmt, args.out)
        atlas = _atlas()
        values = _view_values(args, atlas)
        flt = ProjectFilter(**{f.name: values[f.name] for f in FIELDS
                               if f.in_filter and f.name in values})
        options = None
        if fmt in MAP_FORMATS:
            options = PrintOptions(paper=_paper(args.paper), orientation=_orientation(
                args.orientation), dpi=_dpi(args.dpi), fmt=fmt,
                layers=values.get("layers", DEFAULT_LAYERS),
                indicator=values.get("indicator", DEFAULT_INDICATOR),
                method=values.get("method", "quantiles"), date=_date(args.date))
        data = _render(atlas, flt, fmt, options, _date(args.date))
    except ValueError as exc:
        return _fail(exc)
    _write(out, data)
    return 0


def _render(atlas, flt: ProjectFilter, fmt: str, options, date) -> bytes:
    if options is not None:
        from geo.export.print_map import render_map
        return render_map(atlas, flt, options)
    from geo.export.tables import export_table
    projects = atlas.with_citations(atlas.projects_for(flt))
    return export_table(projects, fmt, flt, atlas.epci_names, date,
                        covers=atlas.covers(flt, projects))


def cmd_livrets(args) -> int:
    from geo.export.booklet import write_booklets

    try:
        if not args.out:
            raise UsageError("indiquez le dossier des livrets avec --out DOSSIER")
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise UsageError(f"« {out} » existe et n'est pas un dossier")
        workers = _int(args.workers, "--workers", 1, 8)
        date = _date(args.date)
        atlas = _atlas()
        sirens = [s.strip() for s in args.epci.split(",") if s.strip()] if args.epci else None
        for siren in sirens or []:
            _check_epci(siren, atlas)
        paths = write_booklets(out, atlas, sirens, workers, not args.no_progress, date)
    except ValueError as exc:
        return _fail(exc)
    for path in paths:
        print(f"écrit : {path}")
    return 0


def _fail(exc: Exception) -> int:
    message = " ".join(str(exc).split())
    print(f"Erreur : {message}", file=sys.stderr)
    return EXIT_ERROR


def _atlas():
    from geo.atlas import Atlas
    return Atlas.load()


def _write(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"écrit : {out} ({len(data) // 1024 or 1} Ko)")


# ---------------------------------------------------------------------------------------
# Argument checks (each raises UsageError with the French message)

def _format_and_out(fmt: str | None, out: str | None) -> tuple[str, Path]:
    if not out:
        raise UsageError("indiquez le fichier à écrire avec --out CHEMIN")
    path = Path(out)
    if path.is_dir():
        raise UsageError(f"« {out} » est un dossier : indiquez un nom de fichier")
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    known = MAP_FORMATS + DATA_FORMATS
    if fmt not in known:
        raise UsageError(f"format inconnu : « {fmt or '(aucun)'} » (attendu : "
                         f"{', '.join(known)})")
    return fmt, path


def _check_epci(siren: str | None, atlas) -> None:
    if siren is not None and siren not in atlas.epci_names:
        raise UsageError(f"EPCI inconnu : « {siren} » (attendu : le SIREN à 9 chiffres d'une "
                         "des 20 intercommunalités du Pas-de-Calais, par ex. 200033579)")


def _paper(text: str) -> str:
    paper = text.strip().upper()
    if paper not in PAPERS:
        raise UsageError(f"format de papier inconnu : « {text} » (attendu : A4, A3)")
    return paper


def _orientation(text: str) -> str:
    value = text.strip().lower()
    value = {"paysage": "landscape"}.get(value, value)
    if value not in ORIENTATIONS:
        raise UsageError(f"orientation inconnue : « {text} » (attendu : portrait, landscape)")
    return value


def _dpi(text: str) -> int:
    if not re.fullmatch(r"\d{2,4}", text.strip()) or int(text) not in DPIS:
        raise UsageError(f"résolution inconnue : « {text} » (attendu : 150, 300)")
    return int(text)


def _int(text: str, option: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\d{1,3}", text.strip()) or not low <= int(text) <= high:
        raise UsageError(f"{option} : « {text} » n'est pas un entier entre {low} et {high}")
    return int(text)


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"date illisible : « {text} » (attendu : AAAA-MM-JJ)") from None


# ---------------------------------------------------------------------------------------
# argparse in French, one line

_ARGPARSE_FR = [
    (r"the following arguments are required: (.*)", r"argument obligatoire manquant : \1"),
    (r"argument (\S+): expected one argument", r"l'option \1 attend une valeur"),
    (r"unrecognized arguments: (.*)", r"argument inconnu : \1"),
    (r"argument (\S+): ignored explicit argument (.*)", r"l'option \1 ne prend pas de valeur"),
]


def _french_parser(parser: argparse.ArgumentParser) -> None:
    """Errors of this subcommand as one French line (exit 2); unknown options are errors
    of the subcommand, not left to the main parser."""
    name = parser.prog.split()[-1]

    def error(message: str):
        for pattern, french in _ARGPARSE_FR:
            message = re.sub(pattern, french, message)
        parser.exit(EXIT_ERROR, f"Erreur : {message} (aide : python -m geo {name} --help)\n")

    original = parser.parse_known_args

    def parse_known_args(args=None, namespace=None):
        namespace, extras = original(args, namespace)
        if extras:
            error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    parser.error = error
    parser.parse_known_args = parse_known_args
