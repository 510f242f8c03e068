"""``rosterprep check PATH... [--json] [--profile P] [--reference EXPORT] [--encoding E]``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from core.cli.common import EXIT_FINDINGS, EXIT_OK, files_json, load, load_reference, print_findings


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``check`` on the CLI's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser("check", help="check roster files and list every problem")
    p.add_argument("paths", nargs="+", help="a zip, a folder, CSV files or xlsx workbooks")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--profile", choices=["oneroster", "renaissance"], default=None)
    p.add_argument("--reference", metavar="EXPORT", help="a Renaissance export or earlier export to compare with")
    p.add_argument("--encoding", help="force this text encoding for every file")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Check the files and print every finding; returns the exit status."""
    from core.checks import check_roster

    roster = load(args.paths, args.encoding)
    reference = load_reference(args.reference)
    findings = check_roster(roster, args.profile, reference)
    if args.json:
        json.dump(
            {"files": files_json(roster), "findings": [f.to_json() for f in findings]},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        for t in roster.tables:
            d = t.dialect
            sys.stdout.write(
                f"{t.name}: {t.nrows} rows, {t.ncols} columns, {d.encoding}{' with BOM' if d.bom else ''}, "
                f"{d.delimiter_name}-separated, {d.line_ending_name}\n"
            )
        print_findings(findings)
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK
