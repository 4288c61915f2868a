"""The documentation keeps up with the code: every shipped data file has its provenance,
every command of `python -m geo` is in the README, the README gives the two commands."""
import fnmatch
import re
from pathlib import Path

from geo.__main__ import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROVENANCE = (ROOT / "data" / "PROVENANCE.md").read_text(encoding="utf-8")


def _documented_paths() -> set[str]:
    """Paths named in PROVENANCE.md between backticks, braces expanded
    (`territory/{communes,epci}_{detail,moyen}.geojson`); `*` patterns are kept."""
    paths = set()
    for name in re.findall(r"`([^`]+)`", PROVENANCE):
        expanded = [name]
        while any("{" in n for n in expanded):
            n = next(n for n in expanded if "{" in n)
            expanded.remove(n)
            head, rest = n.split("{", 1)
            options, tail = rest.split("}", 1)
            expanded += [head + o + tail for o in options.split(",")]
        paths.update(expanded)
    return paths


def test_every_shipped_data_file_has_its_provenance():
    documented = _documented_paths()
    shipped = [p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*")
               if p.is_file() and p.name != "PROVENANCE.md"]
    missing = [path for path in shipped
               if not any(fnmatch.fnmatch(path, pattern) for pattern in documented)]
    assert missing == []


def test_every_cli_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    undocumented = [c for c in commands if f"-m geo {c}" not in README]
    assert undocumented == []


def test_readme_gives_the_two_commands_and_the_attribution_lives_in_provenance():
    assert "make run" in README and "make test" in README
    from geo.model.style import ATTRIBUTION
    assert " ".join(ATTRIBUTION.split()) in " ".join(
        PROVENANCE.replace("> ", "").split())


def test_readme_is_short_and_its_links_lead_somewhere():
    """A newcomer's README (about 200 lines); operations, benchmarks and provenance live in
    docs/ pages it links to, and every relative link and image it gives exists."""
    assert len(README.splitlines()) <= 200
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [t for t in targets if not t.startswith(("http://", "https://"))]
    assert {"docs/testing.md", "docs/operations.md", "docs/benchmarks.md",
            "docs/imports.md", "docs/postgis.md", "data/PROVENANCE.md"} <= set(local)
    missing = [t for t in local if not (ROOT / t).exists()]
    assert missing == []
