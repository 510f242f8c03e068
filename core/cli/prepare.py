"""``rosterprep prepare``: SIS files into Renaissance's template, compared with what Renaissance holds.

Runs the wizard's steps without a window and writes the Roster.zip even when findings remain; only
input that cannot be read stops it. Exit status: 0 no errors, 1 errors remain, 2 unreadable input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO

from core.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, WRITE_EXIT_STATUS, print_findings
from core.errors import RosterError
from core.prepare.compare import KINDS, Comparison
from core.prepare.matching import matchings_to_json
from core.prepare.pipeline import Preparation, PrepareResult, check_prepared


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``prepare`` on the CLI's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "prepare",
        help="fill Renaissance's OneRoster template from SIS files and compare with Renaissance",
        description=(
            "Match the SIS files' columns to Renaissance's OneRosterExport.zip, carry Renaissance's own IDs over, "
            "write Roster.zip in the version the district imports with, and show what the upload changes in "
            "Renaissance, school by school."
        ),
        epilog=WRITE_EXIT_STATUS,
    )
    p.add_argument("--template", required=True, metavar="OneRosterExport.zip", help="the export downloaded from Renaissance")
    p.add_argument("sis", nargs="+", metavar="SIS", help="the SIS data: a zip, a folder, CSV files or xlsx workbooks")
    p.add_argument("--out", required=True, metavar="Roster.zip", help="the upload file to write")
    p.add_argument("--version", choices=["1.0", "1.1"], default=None, help="OneRoster version to write (default: the template's)")
    p.add_argument(
        "--matching", metavar="FILE",
        help="a saved column matching (JSON) to use; if FILE does not exist, the matching used is saved there",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Prepare, write the Roster.zip, print the comparison and the findings; returns the exit status."""
    try:
        return _run(args, sys.stdout)
    except RosterError as err:
        sys.stderr.write(f"rosterprep: {err}\n")
        return EXIT_UNREADABLE


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from core.io.csvwrite import write_roster_zip
    from core.io.load import load_roster

    try:
        template = load_roster([args.template])
    except RosterError as err:
        raise RosterError(f"the Renaissance export could not be read: {err}") from None
    try:
        sis = load_roster(list(args.sis))
    except RosterError as err:
        raise RosterError(f"the SIS data could not be read: {err}") from None
    prep = Preparation(template, sis)
    skipped: list[str] = []
    if args.matching and os.path.exists(args.matching):
        skipped = prep.load(args.matching)
    result = prep.run(args.version)
    names = write_roster_zip(result.roster, args.out, version=result.version)
    if args.matching and not os.path.exists(args.matching):
        prep.save(args.matching)
    findings = check_prepared(result, template)
    if args.json:
        json.dump(_as_json(prep, result, names, findings, skipped, args.out), out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        _print_text(prep, result, names, findings, skipped, args.out, out)
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def _as_json(prep: Preparation, result: PrepareResult, names: list[str], findings: list[Any], skipped: list[str], path: str) -> dict[str, Any]:
    b = result.built
    return {
        "out": path,
        "version": result.version,
        "template_version": prep.template_version,
        "sis_version": prep.sis_version,
        "files": names,
        "matching": matchings_to_json(prep.matchings)["files"],
        "org_ids": prep.org_ids,
        "dropped": {f: r.dropped(list(t.header)) for f, r in b.files.items() if (t := prep.sis_table(f)) is not None},
        "saved_matching_skipped": skipped,
        "records": {f: {"rows": r.rows, "carried": r.carried, "new": r.new} for f, r in b.files.items()},
        "missing_orgs": [{"sourcedId": s, "name": n} for s, n in b.missing_orgs],
        "left_out": b.left_out,
        "not_carried": [{"file": x.file, "column": x.column, "line": x.row + 2, "value": x.value, "kept": x.kept} for x in b.losses],
        "comparison": result.comparison.to_json(),
        "findings": [f.to_json() for f in findings],
    }


def comparison_lines(cmp: Comparison) -> list[str]:
    """The comparison as a small text table: per school, added/removed/changed of each kind."""
    lines = [f"{'School':34} {'Users +/-/~':>16} {'Classes +/-/~':>16} {'Enrollments +/-/~':>18}"]
    for s in cmp.schools:
        name = f"{s.name} ({s.school})" if s.name else (s.school or "(no school)")
        cells = [f"+{s.count(k, 'added')} -{s.count(k, 'removed')} ~{s.count(k, 'changed')}" for k in KINDS]
        lines.append(f"{name[:34]:34} {cells[0]:>16} {cells[1]:>16} {cells[2]:>18}")
    return lines


def _print_text(prep: Preparation, result: PrepareResult, names: list[str], findings: list[Any], skipped: list[str], path: str, out: TextIO) -> None:
    b = result.built
    out.write(f"Renaissance export: OneRoster {prep.template_version}; SIS data: OneRoster {prep.sis_version}.\n")
    out.write(f"Wrote {path} in OneRoster {result.version}: {', '.join(names)}\n")
    for f, m in prep.matchings.items():
        rec = b.files[f]
        t = prep.sis_table(f)
        filled = len(m.template_columns) - len(m.unmatched)
        line = f"  {f}: {rec.rows} records, {filled} of {len(m.template_columns)} template columns filled"
        if rec.carried:
            line += f", Renaissance's own columns carried for {rec.carried}"
        if t is not None and (dropped := rec.dropped(list(t.header))):
            line += f"; SIS columns left out: {', '.join(dropped)}"
        if t is None:
            line += " (not in the SIS data: header only)"
        out.write(line + "\n")
    if skipped:
        out.write(f"Saved matching entries that no longer fit: {', '.join(skipped)}\n")
    if b.left_out:
        out.write(f"Left out (Renaissance does not take them): {', '.join(b.left_out)}\n")
    out.write("What the upload changes in Renaissance:\n")
    for line in comparison_lines(result.comparison):
        out.write("  " + line + "\n")
    print_findings(findings, out)
