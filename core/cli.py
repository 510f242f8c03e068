"""``rosterprep check | export | fix | prepare``: the headless half of the program.

Exit status for every command: 0 no errors, 1 errors found (or remaining), 2 the input could not
be read or the output not written. Messages are plain sentences; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any
from collections.abc import Callable

from core.errors import RosterError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own errors exit 2 with a usage line
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"rosterprep: {message}\n")


def _load(paths: list[str], encoding: str | None = None) -> Any:
    from core.io.load import load_roster

    return load_roster(paths, encoding=encoding)


def _load_reference(path: str | None) -> Any:
    return _load([path]) if path else None


def files_json(roster: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "rows": t.nrows,
            "columns": t.ncols,
            "encoding": t.dialect.encoding,
            "bom": t.dialect.bom,
            "delimiter": t.dialect.delimiter,
            "line_ending": t.dialect.line_ending_name,
        }
        for t in roster.tables
    ]


def print_findings(findings: list[Any], out: Any = None) -> None:
    out = out or sys.stdout
    from core.findings import count_by_severity

    for f in findings:
        out.write(f"{f.severity.upper():7} {f.code:28} {f.message}\n")
    c = count_by_severity(findings)
    out.write(f"{c['error']} errors, {c['warning']} warnings, {c['info']} notes\n")


def cmd_check(args: argparse.Namespace) -> int:
    from core.checks import check_roster

    roster = _load(args.paths, args.encoding)
    reference = _load_reference(args.reference)
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


def cmd_export(args: argparse.Namespace) -> int:
    from core.checks import check_roster
    from core.io.csvwrite import export_folder, write_roster_zip

    roster = _load(args.paths, args.encoding)
    out = Path(args.out)
    if out.suffix.lower() == ".zip":
        names = write_roster_zip(roster, out, bom=args.bom, version=args.version)
    else:
        names = export_folder(roster, out, bom=args.bom, version=args.version)
    sys.stdout.write(f"Wrote {len(names)} files to {out}: {', '.join(names)}\n")
    findings = check_roster(roster, args.profile)
    errors = sum(1 for f in findings if f.severity == "error")
    if errors:
        sys.stdout.write(f"{errors} errors remain; run 'rosterprep check' to see them.\n")
    return EXIT_FINDINGS if errors else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rosterprep",
        description="Check, repair and export OneRoster roster files. With no command (or only paths), opens the window.",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = sub.add_parser("check", help="check roster files and list every problem")
    check.add_argument("paths", nargs="+", help="a zip, a folder, CSV files or xlsx workbooks")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--profile", choices=["oneroster", "renaissance"], default=None)
    check.add_argument("--reference", metavar="EXPORT", help="a Renaissance export or earlier export to compare with")
    check.add_argument("--encoding", help="force this text encoding for every file")
    check.set_defaults(run=cmd_check)

    export = sub.add_parser("export", help="write upload-ready CSVs or a Roster.zip")
    export.add_argument("paths", nargs="+")
    export.add_argument("--out", required=True, metavar="DIR|FILE.zip")
    export.add_argument("--bom", action="store_true", help="write a UTF-8 byte order mark")
    export.add_argument("--version", choices=["1.0", "1.1"], default=None, help="OneRoster version of the manifest")
    export.add_argument("--profile", choices=["oneroster", "renaissance"], default=None)
    export.add_argument("--encoding")
    export.set_defaults(run=cmd_export)

    for name, module in _command_modules():
        module.add_parser(sub)
        if sub.choices[name].get_default("run") is None:
            sub.choices[name].set_defaults(run=module.run)
    return parser


def _command_modules() -> list[tuple[str, Any]]:
    from core.damage import command as fix_command
    from core.prepare import command as prepare_command

    return [("fix", fix_command), ("prepare", prepare_command)]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_OK
    try:
        return run(args)
    except RosterError as err:
        sys.stderr.write(f"rosterprep: {err}\n")
        return EXIT_UNREADABLE
    except MemoryError:
        sys.stderr.write("rosterprep: the files are too large for this computer's memory.\n")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        sys.stderr.write("rosterprep: stopped.\n")
        return EXIT_UNREADABLE
    except BrokenPipeError:
        # the reader of our output went away (``rosterprep check ... | head``): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps Python's exit flush quiet
        except OSError:
            pass
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
