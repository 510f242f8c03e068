"""Entry point of the frozen program: give it a log file, then run ``gui.launcher.main``.

A windowed build (console=False) starts with ``sys.stdout`` and ``sys.stderr`` set to ``None`` on
Windows, so any ``print`` or traceback would be lost (or raise). Before anything else runs we point
missing streams, the ``logging`` root logger and ``faulthandler`` at ``rosterprep.log`` in the
user's data folder, which is never inside the install folder: an upgrade or uninstall leaves it.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from pathlib import Path
from typing import TextIO

APP_DIR_NAME = "Roster Prep"
LOG_NAME = "rosterprep.log"
LOG_MAX_BYTES = 1_000_000  # keep one previous log beside the current one


def data_dir() -> Path:
    """The per-user data folder: ``ROSTERPREP_DATA_DIR`` if set, else the platform's usual place."""
    override = os.environ.get("ROSTERPREP_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rosterprep"


def open_log() -> TextIO | None:
    """Open the log for appending (rotating a big one first); ``None`` if the folder is not writable."""
    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
            os.replace(path, path.with_suffix(".log.1"))
        return open(path, "a", encoding="utf-8", errors="backslashreplace", buffering=1)
    except OSError:
        return None


def setup_logging() -> TextIO | None:
    """Send missing std streams, logging and hard-crash dumps to the log file."""
    log = open_log()
    if log is None:
        return None
    had_stderr = sys.stderr is not None
    if sys.stdout is None:
        sys.stdout = log
    if sys.stderr is None:
        sys.stderr = log
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(log)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    faulthandler.enable(file=log)

    previous_hook = sys.excepthook

    def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: object) -> None:
        logging.getLogger("rosterprep").critical("uncaught exception", exc_info=(kind, exc, tb))  # type: ignore[arg-type]
        if had_stderr:  # a console user should still see it; in a windowed build it is in the log already
            previous_hook(kind, exc, tb)  # type: ignore[arg-type]

    sys.excepthook = _log_uncaught
    logging.getLogger("rosterprep").info(
        "start %s (frozen=%s) args=%s", sys.executable, getattr(sys, "frozen", False), sys.argv[1:]
    )
    return log


def main() -> int:
    """Run the program the way the ``rosterprep`` command does."""
    setup_logging()
    from gui.launcher import main as launcher_main

    return launcher_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
