"""The modules of core/rules import each other without a cycle (type-only imports included): the
engine uses the row checks, which see the engine only through ``common.Context``."""

from __future__ import annotations

import ast
from pathlib import Path

import core.rules

FOLDER = Path(core.rules.__file__).parent


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in FOLDER.glob("*.py"):
        name = path.stem
        if name == "__init__":
            continue
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("core.rules."):
                found.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("core.rules."))
        graph[name] = found
    return graph


def test_no_import_cycle_in_core_rules():
    graph = _imports()
    assert graph["rows"] and "engine" not in graph["rows"] and "engine" not in graph["candidates"]
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        assert name not in path, " -> ".join(path + [name])
        if name in done:
            return
        for other in graph.get(name, ()):
            visit(other, path + [name])
        done.add(name)

    for name in graph:
        visit(name, [])
