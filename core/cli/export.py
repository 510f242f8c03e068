"""``rosterprep export PATH... --out DIR|FILE.zip [--bom] [--version V] [--profile P]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.cli.common import EXIT_FINDINGS, EXIT_OK, WRITE_EXIT_STATUS, error_count, load, written_line


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``export`` on the CLI's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="write upload-ready CSVs or a Roster.zip",
        description="Write the files as upload-ready CSVs (a folder) or a Roster.zip, then check what was written.",
        epilog=WRITE_EXIT_STATUS,
    )
    p.add_argument("paths", nargs="+")
    p.add_argument("--out", required=True, metavar="DIR|FILE.zip")
    p.add_argument("--bom", action="store_true", help="write a UTF-8 byte order mark")
    p.add_argument("--version", choices=["1.0", "1.1"], default=None, help="OneRoster version of the manifest")
    p.add_argument("--profile", choices=["oneroster", "renaissance"], default=None)
    p.add_argument("--encoding")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Write the files, then check what was written (read back from the output, so that the count
    is the output's: the export writes its own manifest and canonical CSV); returns the exit status."""
    from core.checks import check_roster
    from core.io.csvwrite import export_folder, write_roster_zip

    roster = load(args.paths, args.encoding)
    out = Path(args.out)
    if out.suffix.lower() == ".zip":
        names = write_roster_zip(roster, out, bom=args.bom, version=args.version)
        written = load([str(out)])
    else:
        names = export_folder(roster, out, bom=args.bom, version=args.version)
        written = load([str(out / name) for name in names])
    sys.stdout.write(f"{len(names)} files: {', '.join(names)}\n")
    errors = error_count(check_roster(written, args.profile))
    sys.stdout.write(written_line(str(out), errors))
    return EXIT_FINDINGS if errors else EXIT_OK
