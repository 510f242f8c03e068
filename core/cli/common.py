"""What every ``rosterprep`` command shares: the exit statuses, the argument parser's error
handling, loading the paths given, and printing findings."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn, TextIO

from core.findings import Finding, count_by_severity
from core.roster import Roster

#: exit statuses of every command: 0 no errors, 1 errors found (or remaining in what was
#: written), 2 the input could not be read or the output not written
EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


#: the ``--help`` epilog of the commands that write files
WRITE_EXIT_STATUS = (
    "exit status: 0 the files were written and no errors remain; 1 the files were written but errors "
    "remain (run 'rosterprep check' on them to see which); 2 the input could not be read or the output "
    "not written."
)


def written_line(target: str, errors: int) -> str:
    """The last line a writing command prints: what it wrote, and what the exit status says."""
    if errors:
        remain = "error remains" if errors == 1 else "errors remain"
        return f"Wrote {target}; {errors} {remain} (exit status {EXIT_FINDINGS}).\n"
    return f"Wrote {target}; no errors remain.\n"


class ArgParser(argparse.ArgumentParser):
    """argparse's own errors exit 2 (as unreadable input does) with a usage line."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNREADABLE, f"rosterprep: {message}\n")


def program_version() -> str:
    """The program's version: the installed package's, else the one pyproject.toml beside the
    source gives (a frozen build or a checkout run in place), else "unknown"."""
    from importlib import metadata
    from pathlib import Path

    try:
        return metadata.version("rosterprep")
    except metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        for line in pyproject.read_text(encoding="utf-8").splitlines():
            if line.startswith("version = "):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return "unknown"


def load(paths: list[str], encoding: str | None = None) -> Roster:
    """The roster of the paths given on the command line (a zip, a folder, files)."""
    from core.io.load import load_roster

    return load_roster(paths, encoding=encoding)


def load_reference(path: str | None) -> Roster | None:
    """The ``--reference`` export, when one was given."""
    return load([path]) if path else None


def files_json(roster: Roster) -> list[dict[str, Any]]:
    """Each file's name, size and dialect, for ``--json``."""
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


def print_findings(findings: list[Finding], out: TextIO | None = None) -> None:
    """One line per finding, then the count of each severity."""
    out = out or sys.stdout
    for f in findings:
        out.write(f"{f.severity.upper():7} {f.code:28} {f.message}\n")
    c = count_by_severity(findings)
    out.write(f"{c['error']} errors, {c['warning']} warnings, {c['info']} notes\n")


def error_count(findings: list[Finding]) -> int:
    """How many of the findings are errors."""
    return sum(1 for f in findings if f.severity == "error")
