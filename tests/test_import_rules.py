"""The layers of ``geo/``, read from the code's imports (every import, those inside a
function included): no module imports a layer above its own, no two sibling packages
import each other, no import cycle, no Streamlit nor app code under ``geo/``.

The layers, bottom to top (also in the docstring of :mod:`geo`). A layer may hold several
packages side by side: they may import the layers under them, not each other.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LAYERS: list[list[str]] = [
    ["geo.model"],                              # words, amounts, names, columns, colours
    ["geo.data", "geo.seed"],                   # the shipped files read; rebuilt from sources
    ["geo.store"],                              # the versioned store of the staff's imports
    ["geo.analysis"],                           # sums, filters, rankings, comparisons
    ["geo.atlas"],                              # everything the views read, loaded once
    ["geo.views"],                              # what one view shows, built once per state
    ["geo.importer|geo.scdl", "geo.export", "geo.postgis"],   # users' files, print, SIG
    ["geo.__main__"],                           # python -m geo
]
# Never imported under geo/: the UI and the apps around the package.
FORBIDDEN = ["streamlit", "components", "dashboard", "serve", "bench", "scripts", "tests"]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def read_package(root: Path, package: str = "geo") -> dict[str, str]:
    """{module name: its source} of every module of ``package`` under ``root``."""
    return {module_name(p, root): p.read_text(encoding="utf-8")
            for p in sorted((root / package).rglob("*.py"))}


def imports_of(module: str, source: str, modules: set[str]) -> list[tuple[int, str]]:
    """(line, imported name) of every import in ``source``; ``from p import m`` of a
    module ``p.m`` is an import of ``p.m``, anything else from ``p`` one of ``p``."""
    found = []
    is_package = module + ".__init__" in modules or any(m.startswith(module + ".") for m in modules)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")[:len(module.split(".")) - node.level + is_package]
                base = ".".join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append((node.lineno, name if name in modules else base))
    return found


def layer_of(module: str) -> tuple[int, int] | None:
    """(layer index, package index in the layer) of ``module``; None for ``geo`` itself."""
    for rank, packages in enumerate(LAYERS):
        for place, group in enumerate(packages):
            if any(module == p or module.startswith(p + ".") for p in group.split("|")):
                return rank, place
    return None


def problems(sources: dict[str, str]) -> list[str]:
    """Every broken rule, in plain French: the module, the line, what it imports, why."""
    modules = set(sources)
    out, graph = [], {m: set() for m in modules}
    for module, source in sorted(sources.items()):
        here = layer_of(module)
        if here is None and module != "geo":
            out.append(f"{module} : module hors des couches déclarées (ajoutez-le à LAYERS)")
        for line, name in imports_of(module, source, modules):
            top = name.split(".")[0]
            if top in FORBIDDEN:
                out.append(f"{module}, ligne {line} : importe {name} ; geo/ n'importe ni "
                           "Streamlit ni le code de l'application")
            if name not in modules or name == module:
                continue
            graph[module].add(name)
            there = layer_of(name)
            if here is None or there is None:
                continue
            if there[0] > here[0]:
                out.append(f"{module}, ligne {line} : importe {name}, d'une couche au-dessus "
                           f"(couche {there[0] + 1} > couche {here[0] + 1})")
            elif there[0] == here[0] and there[1] != here[1]:
                out.append(f"{module}, ligne {line} : importe {name}, un paquet voisin de la "
                           f"même couche ({LAYERS[here[0]][there[1]]}) ; les voisins restent "
                           "indépendants")
    out += [f"cycle d'imports : {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a closed path) per strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while not group or group[-1] != v:
                group.append(stack.pop())
            if len(group) > 1 or v in graph[v]:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_closed_path(graph, set(group)) for group in groups]


def _closed_path(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    start = min(group)
    path, seen = [start], {start}
    while True:
        step = min(w for w in graph[path[-1]] if w in group)
        if step in seen:
            return path[path.index(step):] + [step]
        path.append(step)
        seen.add(step)


def test_geo_follows_its_layers():
    found = problems(read_package(ROOT))
    assert not found, "règles d'import de geo/ non respectées :\n" + "\n".join(found)


def test_every_package_of_geo_is_a_declared_layer():
    declared = {p for packages in LAYERS for group in packages for p in group.split("|")}
    packages = {f"geo.{p.name}" for p in (ROOT / "geo").iterdir()
                if p.is_dir() and (p / "__init__.py").exists()} | {"geo.__main__", "geo.atlas"}
    assert packages == declared


def test_an_upward_import_is_reported():
    sources = {"geo": "", "geo.model": "", "geo.analysis": "",
               "geo.model.amounts": "def f():\n    from geo.analysis import ranking\n",
               "geo.analysis.ranking": "from geo.model.amounts import format_eur\n"}
    found = problems(sources)
    assert ("geo.model.amounts, ligne 2 : importe geo.analysis.ranking, d'une couche "
            "au-dessus (couche 4 > couche 1)") in found
    assert "cycle d'imports : geo.analysis.ranking -> geo.model.amounts -> " \
           "geo.analysis.ranking" in found


def test_a_sibling_import_streamlit_and_a_cycle_are_reported():
    sources = {"geo": "", "geo.export": "", "geo.export.a": "from geo.postgis import b\n",
               "geo.postgis": "", "geo.postgis.b": "import streamlit as st\n",
               "geo.store": "", "geo.store.x": "from geo.store import y\n",
               "geo.store.y": "from . import x\n"}
    found = problems(sources)
    assert any(p.startswith("geo.export.a, ligne 1 : importe geo.postgis.b, un paquet voisin")
               for p in found), found
    assert any(p.startswith("geo.postgis.b, ligne 1 : importe streamlit") for p in found), found
    assert "cycle d'imports : geo.store.x -> geo.store.y -> geo.store.x" in found


def top_level_names(source: str) -> set[str]:
    """Names a module defines or imports at its top level."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def test_every_geo_import_of_the_app_names_a_module_at_its_place():
    """Outside ``geo/`` too (app, components, serve, bench, scripts, tests): every
    ``from geo.x import y`` names a module or package that exists, so a module moved to
    another layer cannot be left behind under its old path. An import in an ``except
    ImportError`` handler (an older commit's layout, for a benchmark) is a fallback."""
    geo = read_package(ROOT)
    missing = []
    for path in sorted(ROOT.glob("**/*.py")):
        if {".venv", "node_modules", ".git"} & set(path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        fallbacks = {id(n) for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler)
                     and getattr(h.type, "id", "") in {"ImportError", "ModuleNotFoundError"}
                     for n in ast.walk(h)}
        for node in ast.walk(tree):
            if id(node) in fallbacks:
                continue
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0
                     and node.module else [])
            missing += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names
                        if (n == "geo" or n.startswith("geo.")) and n not in geo]
            if isinstance(node, ast.ImportFrom) and node.module in geo and not node.level:
                package = geo[node.module]
                missing += [f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{a.name}"
                            for a in node.names if f"{node.module}.{a.name}" not in geo
                            and a.name not in top_level_names(package)]
    assert not missing, missing
