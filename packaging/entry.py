"""Entry point of the frozen program: make sure output has somewhere to go, then run the launcher.

A windowed build (console=False) starts on Windows with ``sys.stdout`` and ``sys.stderr`` set to
``None``: a ``print`` would be lost and a traceback invisible. gui/app/startup.py logs to ``rosterprep.log``
in the user's data folder; here, before anything else runs, missing streams and hard-crash dumps
(faulthandler) are pointed at ``console.log`` beside it. That folder is never the install folder,
so an upgrade or an uninstall leaves it alone.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import tempfile
import time
from typing import Any, TextIO

CONSOLE_LOG = "console.log"
CONSOLE_LOG_MAX_BYTES = 1_000_000
# Set by packaging/build.py only: report when the first window is painted, to time the cold start.
PROBE_ENV = "ROSTERPREP_STARTUP_PROBE"


def _data_dir() -> str:
    """gui/app/startup.py's data folder (honours ROSTERPREP_DATA_DIR); a temp folder if that fails."""
    try:
        from gui.app.startup import data_dir

        return data_dir()
    except Exception:
        return tempfile.gettempdir()


def open_console_log() -> TextIO | None:
    """``console.log`` for appending, restarted when it grows past 1 MB; None if not writable."""
    try:
        path = os.path.join(_data_dir(), CONSOLE_LOG)
        if os.path.exists(path) and os.path.getsize(path) > CONSOLE_LOG_MAX_BYTES:
            os.replace(path, path + ".1")
        return open(path, "a", encoding="utf-8", errors="backslashreplace", buffering=1)
    except OSError:
        return None


def redirect_missing_streams() -> TextIO | None:
    """Give a windowed build's missing stdout/stderr a file; returns that file if one was opened."""
    if sys.stdout is not None and sys.stderr is not None:
        return None
    stream = open_console_log()
    if stream is not None:
        if sys.stdout is None:
            sys.stdout = stream
        if sys.stderr is None:
            sys.stderr = stream
    return stream


def install_startup_probe() -> None:
    """Print ``startup probe: window painted at <epoch seconds>`` when a first window paints.

    build.py subtracts the time it started the process, so the figure covers everything a user
    waits for: the bootloader, Python, imports, building the window, its first paint. Nothing in
    the program changes; the hook only watches the first show() of a top-level widget.
    """
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    original_show = QWidget.show
    state: dict[str, Any] = {"done": False}

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not state["done"]:
                state["done"] = True
                print(f"startup probe: window painted at {time.time():.3f}", flush=True)
                watched.removeEventFilter(self)
            return False

    def show(self: QWidget) -> None:
        if not state["done"] and self.isWindow() and "filter" not in state:
            state["filter"] = _FirstPaint()
            self.installEventFilter(state["filter"])
        original_show(self)

    QWidget.show = show  # type: ignore[method-assign]


def main() -> int:
    """Run the program exactly as the ``rosterprep`` command does."""
    redirect_missing_streams()
    if sys.stderr is not None:
        faulthandler.enable(file=sys.stderr)  # a crash inside Qt leaves a Python stack behind
    if os.environ.get(PROBE_ENV) == "1":
        install_startup_probe()
    from gui.launcher import main as launcher_main

    return launcher_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
