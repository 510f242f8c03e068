"""No import cycles in core/ or gui/, and no private name imported from another module.

import-linter's layers keep packages apart, but a cycle between two modules of one layer (or one
package) passes its contracts. This reads every module's imports with ast — at module level, inside
functions and under TYPE_CHECKING alike, as any of them ties the two modules together — and looks for
strongly connected groups of modules.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "gui")

# Cycles other engineers are removing right now; remove each entry once its branch is merged.
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_PRIVATE_IMPORTS: set[str] = set()


def module_files() -> dict[str, Path]:
    """Every module of the packages by dotted name (a package by its __init__.py)."""
    mods: dict[str, Path] = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            mods[".".join(parts)] = path
    return mods


def _owner(name: str, mods: dict[str, Path]) -> str | None:
    """The module a dotted name lives in (``core.table.Table`` -> ``core.table``)."""
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str, path: Path, mods: dict[str, Path]) -> list[tuple[str, str]]:
    """(module imported, name taken from it or "") for each import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                owner = _owner(alias.name, mods)
                if owner:
                    found.append((owner, ""))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                full = f"{module}.{alias.name}"
                if full in mods:  # "from gui.app import actions": the module itself
                    found.append((full, ""))
                else:
                    owner = _owner(module, mods)
                    if owner:
                        found.append((owner, alias.name))
    return [(m, n) for m, n in found if m != name]


def import_graph() -> dict[str, set[str]]:
    mods = module_files()
    return {name: {m for m, _n in imports_of(name, path, mods)} for name, path in mods.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Groups of two or more modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def test_cycle_finder_finds_a_cycle_through_three_modules() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]


def test_no_import_cycles_in_core_or_gui() -> None:
    found = set(cycles(import_graph()))
    new = sorted(sorted(c) for c in found - KNOWN_CYCLES)
    assert new == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in new)


def test_no_private_names_imported_from_other_modules() -> None:
    mods = module_files()
    offenders = set()
    for name, path in mods.items():
        for module, imported in imports_of(name, path, mods):
            if imported.startswith("_") and not imported.startswith("__"):
                offenders.add(f"{path.relative_to(ROOT).as_posix()}: {module}.{imported}")
    assert sorted(offenders - KNOWN_PRIVATE_IMPORTS) == []
