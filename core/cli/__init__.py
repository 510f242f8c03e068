"""``rosterprep check | export | fix | prepare``: the headless half of the program.

One module per command (``core.cli.check`` ...), each with ``add_parser`` and ``run``; what they
share is in ``core.cli.common``. Exit status for every command: 0 no errors, 1 errors found (or
remaining), 2 the input could not be read or the output not written. Messages are plain
sentences; no traceback reaches a user.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from core.cli import check, export, fix, prepare
from core.cli.common import EXIT_OK, EXIT_UNREADABLE, ArgParser, program_version
from core.errors import RosterError

#: the commands, in the order ``--help`` lists them
COMMANDS = (check, export, fix, prepare)


def build_parser() -> argparse.ArgumentParser:
    """The ``rosterprep`` argument parser with every command."""
    parser = ArgParser(
        prog="rosterprep",
        description="Check, repair and export OneRoster roster files. With no command (or only paths), opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"rosterprep {program_version()}")
    sub = parser.add_subparsers(dest="command", parser_class=ArgParser)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command of ``argv``; returns the exit status."""
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
