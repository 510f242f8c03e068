"""``rosterprep fix PATH... --out DIR|FILE.zip [--reference EXPORT] [--json]``.

Applies every safe damage repair without asking, prints how many values each repair changed in each
file (``--verbose``: every change, file, line, column, old -> new), lists the repairs that need a
decision without guessing them, and writes the repaired set. Exit status: 0 no errors remain, 1 the
files were written but errors remain, 2 unreadable input or unwritable output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from core.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, WRITE_EXIT_STATUS, written_line
from core.damage import CellChange
from core.damage.headless import repair_headless
from core.damage.spill import settled_load_finding
from core.errors import RosterError
from core.findings import Finding, catalogue
from core.roster import Roster


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``fix`` on the CLI's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "fix",
        help="repair what a spreadsheet did to the files and write the result",
        description="Apply every safe spreadsheet-damage repair, list those that need a decision, and write the result.",
        epilog=WRITE_EXIT_STATUS,
    )
    p.add_argument("paths", nargs="+", help="a zip, a folder, CSV files or xlsx workbooks")
    p.add_argument("--out", required=True, metavar="DIR|FILE.zip", help="where to write the repaired files")
    p.add_argument("--reference", metavar="EXPORT", help="an earlier export (or the Renaissance export) of the same records")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--verbose", action="store_true", help="print every changed value, not only how many each repair changed")
    p.set_defaults(run=run)
    return p


def remaining_errors(roster: Roster, reference: Roster | None) -> int:
    """How many errors a check of the repaired set still finds."""
    from core.checks import check_roster

    findings = check_roster(roster, None, reference)
    return sum(1 for f in findings if f.severity == "error" and not settled_load_finding(roster, f))


#: cells shown per repair that needs a decision; --json lists them all
_SHOWN_DECISIONS = 20


def _print_decisions(decisions: list[Finding], out: TextIO) -> None:
    """Each repair that needs a decision, with its first cells (a million ambiguous dates are one
    question, not a million lines)."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    columns = [f for f in decisions if f.code == "damage.maybe_zeros"]
    for f in decisions:
        if f.code != "damage.maybe_zeros":
            groups.setdefault((f.code, f.file or "", f.column or ""), []).append(f)
    for (code, file, column), found in groups.items():
        template = catalogue().get(code, {}).get("title") or ""
        title = template.format(file=file, column=column, count=len(found)) if template else f"{file} {column}"
        out.write(f"- {title}: {len(found)} value{'s' if len(found) != 1 else ''}\n")
        for f in found[:_SHOWN_DECISIONS]:
            suggestion = f.params.get("suggestion")
            extra = f" (suggested: {suggestion})" if suggestion and suggestion not in f.message else ""
            out.write(f"    {f.message}{extra}\n")
        if len(found) > _SHOWN_DECISIONS:
            out.write(f"    ... and {len(found) - _SHOWN_DECISIONS} more (--json lists them all)\n")
    for f in columns:
        out.write(f"- Leading zeros may have been lost unseen in these ID columns (all plain numbers): {f.params['columns']}\n")
        out.write(f"    {f.hint}\n")


def _print_summary(changes: list[CellChange], out: TextIO) -> None:
    """How many values each repair changed in each file, in the order the repairs came."""
    counts: dict[tuple[str, str, str], int] = {}
    for c in changes:
        key = (c.code, c.file, c.column)
        counts[key] = counts.get(key, 0) + 1
    for (code, file, column), n in counts.items():
        template = catalogue().get(code, {}).get("title") or "Repair {column} in {file}"
        title = template.format(file=file, column=column, count=n)
        out.write(f"  {title}: {n} value{'s' if n != 1 else ''}\n")


def _where(file: str, line: int | None, column: str) -> str:
    return f"{file}, line {line if line is not None else '?'}, column {column}"


def _write(roster: Roster, out: Path) -> list[str]:
    from core.io.csvwrite import export_folder, write_roster_zip

    if out.suffix.lower() == ".zip":
        return write_roster_zip(roster, out)
    return export_folder(roster, out)


def run(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    """Run ``fix``; returns the exit status."""
    from core.io.load import load_roster

    out = stdout or sys.stdout
    try:
        roster = load_roster(list(args.paths))
        reference = load_roster([args.reference]) if getattr(args, "reference", None) else None
    except RosterError as err:
        sys.stderr.write(f"rosterprep: {err}\n")
        return EXIT_UNREADABLE
    changes, decisions = repair_headless(roster, reference)
    try:
        written = _write(roster, Path(args.out))
    except RosterError as err:
        sys.stderr.write(f"rosterprep: {err}\n")
        return EXIT_UNREADABLE
    errors = remaining_errors(roster, reference)
    if getattr(args, "json", False):
        json.dump(
            {
                "changes": [
                    {"file": c.file, "line": c.line, "column": c.column, "old": c.old, "new": c.new, "code": c.code} for c in changes
                ],
                "needs_decision": [
                    {
                        **f.to_json(),
                        **({"suggestion": f.params["suggestion"]} if "suggestion" in f.params else {}),
                        **({"columns": [{"file": w[0], "column": w[2]} for w in f.params["where"]]} if "where" in f.params else {}),
                    }
                    for f in decisions
                ],
                "written": written,
                "out": str(args.out),
                "errors_remaining": errors,
            },
            out,
            ensure_ascii=False,
            indent=1,
        )
        out.write("\n")
    else:
        if getattr(args, "verbose", False):
            for c in changes:
                out.write(f"{_where(c.file, c.line, c.column)}: {c.old} -> {c.new}\n")
        out.write(f"{len(changes)} value{'s' if len(changes) != 1 else ''} repaired{':' if changes else '.'}\n")
        _print_summary(changes, out)
        if decisions:
            cells = sum(1 for f in decisions if f.code != "damage.maybe_zeros")
            out.write(f"{cells} values need your decision (not changed):\n")
            _print_decisions(decisions, out)
        out.write(f"{len(written)} files: {', '.join(written)}\n")
        out.write(written_line(str(args.out), errors))
    return EXIT_FINDINGS if errors else EXIT_OK


__all__ = ["add_parser", "remaining_errors", "run"]
