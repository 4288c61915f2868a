"""Projects labelled and numbered on the printed livret map of each EPCI, read from the
PDF's own note under the map (« N projets placés à la mairie de leur commune : L avec leur
étiquette, K numérotés »), in A4 portrait and landscape; with ``--ref COMMIT`` the same
count at an earlier commit (its code in a temporary ``git worktree``), side by side.

    .venv/bin/python -m bench.bench_print_labels [--ref 1a3f5c3]

Prints a Markdown table and writes bench/results/print_labels.json.
"""
from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "print_labels.json"
LAYOUTS = [("A4", "portrait"), ("A4", "landscape")]
ORIENTATION_FR = {"portrait": "portrait", "landscape": "paysage"}
NOTE = re.compile(r"(\d+) projets? placés? à la mairie de leur commune : (\d+) avec leur "
                  r"étiquette[^,;]*(?:, (\d+) numérotés?)?")


def count_here() -> dict:
    """siren -> layout -> {located, labelled, numbered, pages, insets} for this checkout."""
    sys.path.insert(0, str(REPO))
    from pypdf import PdfReader

    from geo.atlas import Atlas
    from geo.export.paper import PrintOptions
    from geo.export.print_map import render_map
    try:
        from geo.analysis.filters import ProjectFilter
    except ImportError:             # a --ref commit from before geo/ was split in layers
        from geo.filters import ProjectFilter
    atlas, out = Atlas.load(), {}
    for siren in sorted(atlas.epci_names):
        out[siren] = {"name": atlas.epci_names[siren]}
        for paper, orientation in LAYOUTS:
            options = PrintOptions(paper=paper, orientation=orientation, fmt="pdf", dpi=150)
            pdf = render_map(atlas, ProjectFilter(epci=siren), options)
            pages = [" ".join(p.extract_text().split())
                     for p in PdfReader(io.BytesIO(pdf)).pages]
            said = NOTE.search(" ".join(pages).replace("\u202f", " ").replace("\u00a0", " "))
            out[siren][f"{paper}-{orientation}"] = {
                "located": int(said[1]) if said else 0,
                "labelled": int(said[2]) if said else 0,
                "numbered": int(said[3] or 0) if said else 0,
                "pages": len(pages)}
    return out


def count_at(ref: str) -> dict:
    """The same counts with the code of ``ref`` (a throw-away worktree, this .venv)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "ref"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach",
                        str(tree), ref], check=True)
        try:
            (tree / "bench" / "bench_print_labels.py").write_text(
                Path(__file__).read_text(encoding="utf-8"), encoding="utf-8")
            done = subprocess.run([sys.executable, "-m", "bench.bench_print_labels",
                                   "--json-only"], cwd=tree, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"{ref} : {done.stderr[-2000:]}")
            return json.loads(done.stdout)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                            str(tree)], check=True)


def table(after: dict, before: dict | None) -> str:
    head = "| EPCI | placés | " + " | ".join(
        f"A4 {ORIENTATION_FR[o]} : étiquetés / numérotés" + (" (avant → après)" if before else "")
        for _, o in LAYOUTS) + " | pages A4 paysage |"
    lines = [head, "|" + "---|" * (3 + len(LAYOUTS))]
    for siren, row in after.items():
        cells = []
        for paper, orientation in LAYOUTS:
            now = row[f"{paper}-{orientation}"]
            text = f"{now['labelled']} / {now['numbered']}"
            if before:
                was = before[siren][f"{paper}-{orientation}"]
                text = f"{was['labelled']} / {was['numbered']} → {text}"
            cells.append(text)
        located = row["A4-portrait"]["located"]
        lines.append(f"| {row['name']} | {located} | " + " | ".join(cells)
                     + f" | {row['A4-landscape']['pages']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_print_labels")
    parser.add_argument("--ref", help="commit to compare with (before)")
    parser.add_argument("--json-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    after = count_here()
    if args.json_only:
        print(json.dumps(after, ensure_ascii=False))
        return
    before = count_at(args.ref) if args.ref else None
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"ref": args.ref, "before": before, "after": after},
                                  indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(after, before))


if __name__ == "__main__":
    main()
