"""The shape a newcomer can read: no function of the app over 60 lines, no module over
400 (tests excepted). A long function is split by what it does, not wrapped."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ["dashboard.py", "geo", "components", "serve", "bench", "scripts"]
MAX_FUNCTION, MAX_MODULE = 60, 400


def app_modules() -> list[Path]:
    paths = []
    for name in CODE:
        path = ROOT / name
        paths += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return paths


def too_long(source: str, where: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_FUNCTION:
                found.append(f"{where}:{node.lineno} {node.name} : {lines} lignes")
    lines = len(source.splitlines())
    if lines > MAX_MODULE:
        found.append(f"{where} : module de {lines} lignes")
    return found


def test_no_function_over_60_lines_and_no_module_over_400():
    found = [problem for path in app_modules()
             for problem in too_long(path.read_text(encoding="utf-8"),
                                     str(path.relative_to(ROOT)))]
    assert not found, "\n".join(found)


def test_a_long_function_is_reported():
    body = "\n".join(f"    x{i} = {i}" for i in range(61))
    assert too_long(f"def f():\n{body}\n", "m.py") == ["m.py:1 f : 62 lignes"]
