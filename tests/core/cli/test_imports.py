"""The command line, damage and prepare packages import each other in one direction only, and no
module reaches into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("core/cli", "core/damage", "core/prepare")
#: single modules that sit between them (the checks the commands run)
MODULES = ("core/checks.py",)


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    paths = [p for pkg in PACKAGES for p in sorted((ROOT / pkg).glob("*.py"))] + [ROOT / m for m in MODULES]
    return {_module(p): p for p in paths}


def _imports(path: Path, known: dict[str, Path]) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import, at any depth (a function's too)."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                # ``from core.damage import roles`` imports the module core.damage.roles
                sub = f"{node.module}.{a.name}"
                found.append((sub, []) if sub in known else (node.module, [a.name]))
    return found


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {m: {t for t, _ in _imports(p, known) if t in known and t != m} for m, p in known.items()}


def test_no_import_cycle() -> None:
    graph = _graph()
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        for nxt in sorted(graph[node]):
            visit(nxt, stack + [node])

    for start in sorted(graph):
        visit(start, [])
    assert cycles == []


def test_no_private_name_imported_from_another_module() -> None:
    known = _modules()
    private = [
        (m, target, name)
        for m, p in known.items()
        for target, names in _imports(p, known)
        for name in names
        if target.startswith("core.") and name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


def test_the_cycle_finder_sees_a_cycle_through_a_function_import(tmp_path: Path) -> None:
    # the guard itself: an import inside a function is an import too
    a = tmp_path / "a.py"
    a.write_text("def f():\n    from core.damage.spill import x\n", encoding="utf-8")
    assert _imports(a, {"core.damage.spill": a}) == [("core.damage.spill", ["x"])]
