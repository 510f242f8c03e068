"""The ``rosterprep`` command: headless sub-commands without loading Qt, otherwise the window."""

from __future__ import annotations

import sys

HEADLESS = {"check", "export", "fix", "prepare"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in HEADLESS:
        from core.cli import main as cli_main

        return cli_main(args)
    if args and args[0] in ("--version", "-V"):
        # before any window: it must work without a display (and without loading Qt)
        from core.cli.common import program_version

        sys.stdout.write(f"rosterprep {program_version()}\n")
        return 0
    if args and args[0] in ("-h", "--help"):
        from core.cli import main as cli_main

        return cli_main(["--help"])
    from gui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
