"""Starting the window: ``rosterprep [PATH...]`` and ``rosterprep --smoke-test``.

In a windowed frozen build ``sys.stdout`` is None, so everything worth keeping goes to a log file in
the user's data folder (QStandardPaths.AppDataLocation, or $ROSTERPREP_DATA_DIR).
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import time
from importlib import resources as importlib_resources
from types import TracebackType
from typing import TYPE_CHECKING

from core.pacing import stop_work
from gui.app.paths import APP_NAME, ORG_NAME, data_dir, log_path

if TYPE_CHECKING:  # PySide6 and the window are imported when first needed (a quick --version)
    from PySide6.QtWidgets import QApplication

    from gui.app.main_window import MainWindow
    from gui.document import RosterDocument

# data_dir and log_path are imported from here by packaging/entry.py and tests
__all__ = ["APP_NAME", "ORG_NAME", "create_main_window", "data_dir", "ensure_app", "log_path", "main", "setup_logging"]

log = logging.getLogger("rosterprep")
_log_handler: logging.Handler | None = None


def setup_logging() -> None:
    """Log to a rotating file in the data folder (again if the data folder changed)."""
    global _log_handler
    path = log_path()
    if _log_handler is not None and getattr(_log_handler, "baseFilename", None) == os.path.abspath(path):
        return
    root = logging.getLogger()
    if _log_handler is not None:
        root.removeHandler(_log_handler)
        _log_handler.close()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(fmt)
    root.addHandler(handler)
    _log_handler = handler


def _qt_messages_to_log() -> None:
    """Qt's own warnings go to the log file too (a windowed build has no console to show them)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("qt")

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def _excepthook(kind: type[BaseException], err: BaseException, tb: TracebackType | None) -> None:
    """An unexpected error: log it and tell the user in plain words instead of crashing silently."""
    log.error("unexpected error", exc_info=(kind, err, tb))
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        QMessageBox.warning(
            None,
            APP_NAME,
            f"Something unexpected went wrong: {err}\n\nYour files have not been changed by this. "
            f"The details are in the log file:\n{log_path()}",
        )


def clean_leftover_temps() -> None:
    """Note where saves make temporary files, and remove those a killed run left behind."""
    from core.io import safewrite

    safewrite.temp_registry = os.path.join(data_dir(), "temp-folders.txt")
    for path in safewrite.sweep_registered_folders(safewrite.temp_registry):
        log.info("removed a temporary file left by an interrupted save: %s", path)


def ensure_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with the names QSettings and the data folder use."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is None:
        app = QApplication([sys.argv[0] if sys.argv else "rosterprep", *(argv or [])])
    elif isinstance(existing, QApplication):
        app = existing
    else:
        # a QCoreApplication has no windows, display name or icon: the window cannot be shown
        raise RuntimeError("a QCoreApplication without widgets is already running; Roster Prep needs a QApplication")
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    icon = importlib_resources.files("resources") / "icons" / "rosterprep.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def create_main_window(paths: list[str]) -> MainWindow:
    """Build the main window with these paths opened (loading may finish after this returns)."""
    ensure_app()
    setup_logging()
    from gui.app.main_window import MainWindow

    w = MainWindow()
    if paths:
        w.open_paths(list(paths))
    return w


def _wait_until_idle(w: MainWindow, timeout: float) -> RosterDocument | None:
    """The window's document once a roster is open and no task runs; None after ``timeout`` seconds."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QThread

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if w.document is not None and not w.busy:
            return w.document
        QThread.msleep(10)
    return None


def smoke_test() -> int:
    """Build the window offscreen, open the sample roster, check it, print one line, exit 0."""
    from core.findings import count_by_severity
    from core.io.sources import sample_roster_path

    try:
        w = create_main_window([sample_roster_path()])
        w.resize(1280, 800)
        w.show()
        doc = _wait_until_idle(w, 120.0)
        if doc is None:
            raise RuntimeError("the sample roster did not open and check within 120 seconds")
        counts = count_by_severity(doc.findings)
        rows = sum(t.nrows for t in doc.roster.tables)
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        line = (
            f"Roster Prep smoke test OK: {n(len(doc.roster.tables), 'file')}, {n(rows, 'row')}, "
            f"{n(counts['error'], 'error')}, {n(counts['warning'], 'warning')}, {n(counts['info'], 'note')}"
        )
        w.close()
    except Exception as err:
        log.exception("smoke test failed")
        if sys.stderr is not None:
            print(f"Roster Prep smoke test FAILED: {err}", file=sys.stderr)
        return 1
    log.info(line)
    if sys.stdout is not None:
        print(line)
    return 0


def end_background_work(code: int, grace_ms: int = 1500) -> int:
    """After the window closed: stop background work at its next pause point and wait a moment for
    it; a thread still inside one long call then ends with the process, which exits at once rather
    than keep a core busy for minutes with no window (the journal of unsaved edits is already
    written through, so nothing is lost)."""
    from gui.background.workers import work_pool

    stop_work()
    work_pool().clear()  # queued work never starts
    if work_pool().waitForDone(grace_ms):
        return code
    log.warning("background work did not stop in %d ms; exiting without waiting for it", grace_ms)
    logging.shutdown()
    os._exit(code)


def main(argv: list[str]) -> int:
    """``rosterprep [PATH...]``: the window (the start page when no path is given)."""
    parser = argparse.ArgumentParser(prog="rosterprep", description="Check and fix OneRoster files for Renaissance.")
    parser.add_argument("paths", nargs="*", help="a Roster.zip, a folder or CSV files to open")
    parser.add_argument("--smoke-test", action="store_true", help="open the sample roster offscreen, check it and exit")
    args, qt_args = parser.parse_known_args(argv)
    if args.smoke_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = ensure_app(qt_args)
    setup_logging()
    _qt_messages_to_log()
    sys.excepthook = _excepthook
    log.info("Roster Prep starting (%s)", " ".join(argv))
    clean_leftover_temps()
    if args.smoke_test:
        return smoke_test()
    w = create_main_window(args.paths)
    app.aboutToQuit.connect(lambda: w.document.cancel_checks() if w.document is not None else None)
    w.show()
    code = int(app.exec())
    return end_background_work(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
