"""Opening, saving, exporting and closing for the main window, with plain-language errors.

All file work runs in the background (gui/workers.py). ``save`` and ``save_as`` can also wait for the
result (for "Save before closing?"): they spin a local event loop, so the window keeps painting its
progress bar meanwhile.
"""

from __future__ import annotations

import json
import logging
import os
from typing import TYPE_CHECKING, Any
from collections.abc import Callable

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from core.errors import RosterError
from core.progress import Progress
from gui.export_dialog import ExportDialog
from gui.loading import load_paths, reload_table, roster_title, sample_roster_path
from gui.preview import preview_roster, wants_preview

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)

MAX_RECENT = 8
OPEN_FILTER = "Rosters (*.zip *.csv *.txt *.xlsx);;Zip files (*.zip);;CSV files (*.csv *.txt);;Workbooks (*.xlsx);;All files (*)"
OPEN_HINT = "Check that you chose the roster's Roster.zip, its folder or its CSV files, and that no other program holds them open."
SAVE_HINT = (
    "Check that the file is not open in Excel or another program and that you may write to its folder. "
    "You can also use File › Save As to write a copy somewhere else."
)
ENCODINGS = ["utf-8", "windows-1252", "iso-8859-1", "utf-16", "mac-roman", "cp437"]


# --- messages ------------------------------------------------------------------------------------
def show_error(w: MainWindow, title: str, err: BaseException, hint: str = "") -> None:
    """A plain message box: what went wrong and what to do; the details go to the log."""
    from gui.app import log_path

    if isinstance(err, RosterError):
        text = str(err)
        log.warning("%s: %s", title, err)
    else:
        text = f"Something unexpected went wrong: {err}"
        hint = (hint + "\n\n" if hint else "") + f"The details are in the log file:\n{log_path()}"
        log.error("%s: %r\n%s", title, err, getattr(err, "__traceback_text__", ""))
    if text and not text.endswith("."):
        text += "."
    QMessageBox.warning(w, title, f"{text[:1].upper()}{text[1:]}\n\n{hint}".strip())


def about(w: MainWindow) -> None:
    from gui.app import log_path

    QMessageBox.about(
        w,
        "About Roster Prep",
        "<b>Roster Prep</b><br>Checks and fixes OneRoster 1.0/1.1 CSV files before you upload them to "
        f"Renaissance.<br><br>Log file: {log_path()}",
    )


def _wait(w: MainWindow, start: Callable[[Callable[[bool], None]], bool]) -> bool:
    """Run ``start(report)`` and wait (keeping the window painted) until it reports success or not."""
    loop = QEventLoop()
    result: list[bool] = []

    def report(ok: bool) -> None:
        result.append(ok)
        loop.quit()

    if not start(report):
        return False
    if not result:
        loop.exec()
    return bool(result and result[0])


# --- opening -------------------------------------------------------------------------------------
def open_dialog(w: MainWindow) -> None:
    paths, _ = QFileDialog.getOpenFileNames(w, "Open roster", _start_dir(w), OPEN_FILTER)
    if paths:
        w.open_paths(paths)


def open_folder_dialog(w: MainWindow) -> None:
    folder = QFileDialog.getExistingDirectory(w, "Open a folder of roster files", _start_dir(w))
    if folder:
        w.open_paths([folder])


def open_sample(w: MainWindow) -> None:
    w.open_paths([sample_roster_path()])


def _start_dir(w: MainWindow) -> str:
    if w.paths:
        return os.path.dirname(os.path.abspath(w.paths[0]))
    return str(w.settings.value("paths/last_dir", os.path.expanduser("~")))


def open_paths(w: MainWindow, paths: list[str], encoding: str | None = None, *, ask: bool = True) -> None:
    """Load in the background, then show the roster (asking first about unsaved changes)."""
    paths = [os.path.abspath(p) for p in paths]
    if w._loading:
        w.status.showMessage("Still opening the previous roster…", 4000)
        return
    if ask and not confirm_discard(w):
        return
    w._loading = True
    title = roster_title(paths)

    def work(progress: Progress) -> Any:
        return load_paths(paths, encoding, progress)

    def done(roster: Any) -> None:
        w._loading = False
        w.set_roster(roster, paths)
        add_recent(w, paths)
        w.status.showMessage(f"Opened {title}: {len(roster.tables)} files", 5000)

    def failed(err: BaseException) -> None:
        w._loading = False
        w.end_preview()
        show_error(w, f"Could not open {title}", err, OPEN_HINT)

    def cancelled() -> None:
        w._loading = False
        w.end_preview()
        w.status.showMessage(f"Stopped opening {title}", 5000)

    if wants_preview(paths):
        # a big file: show its first rows while the whole of it is read (started first: the full
        # read holds the interpreter for long stretches)
        def show(roster: Any) -> None:
            if roster is not None and w._loading:
                w.show_preview(roster)

        w.runner.start("Preview", lambda progress: preview_roster(paths), show, visible=False)
    w.runner.start(f"Opening {title}", work, done, failed, cancelled)


def reopen_with_encoding(w: MainWindow) -> None:
    """Read the roster again with a chosen text encoding (when names look garbled)."""
    doc = w.document
    name = w.current_table_name()
    if doc is None or name is None:
        return
    current = doc.table(name).dialect.encoding
    items = ENCODINGS if current in ENCODINGS else [current, *ENCODINGS]
    choice, ok = QInputDialog.getItem(
        w, "Reopen with encoding", f"{name} was read as {current}. Read the files again as:", items, items.index(current), False
    )
    if not ok or not choice or choice == current:
        return
    if not confirm_discard(w):
        return
    roster = doc.roster

    def done(new_roster: Any) -> None:
        w.set_roster(new_roster, w.paths)
        page = w.page_for(name)
        if page is not None:
            w.tabs.setCurrentWidget(page)
        w.status.showMessage(f"Read {name} again as {choice}", 6000)

    w.runner.start(
        f"Reading {name} as {choice}",
        lambda progress: reload_table(roster, name, choice),
        done,
        lambda err: show_error(w, f"Could not read {name} as {choice}", err, "Try another encoding."),
    )


# --- recent rosters --------------------------------------------------------------------------------
def recent_entries(w: MainWindow) -> list[list[str]]:
    raw = w.settings.value("recent", "[]")
    try:
        entries = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        entries = []
    return [e for e in entries if isinstance(e, list) and e and all(isinstance(p, str) for p in e)]


def add_recent(w: MainWindow, paths: list[str]) -> None:
    if os.path.normpath(paths[0]) == os.path.normpath(sample_roster_path()):
        return  # the sample is always one click away on the start page
    entries = [e for e in recent_entries(w) if e != paths]
    entries.insert(0, paths)
    w.settings.setValue("recent", json.dumps(entries[:MAX_RECENT]))
    w.settings.setValue("paths/last_dir", os.path.dirname(paths[0]))
    refresh_recent_menu(w)


def refresh_recent_menu(w: MainWindow) -> None:
    menu = w.recent_menu
    menu.clear()
    entries = recent_entries(w)
    for i, paths in enumerate(entries, start=1):
        act = menu.addAction(f"&{i} {roster_title(paths)}")
        act.setToolTip("\n".join(paths))
        act.triggered.connect(lambda _=False, p=paths: w.open_paths(p))
    menu.setEnabled(bool(entries))
    w.start_page.set_recent(entries)


# --- saving --------------------------------------------------------------------------------------
def has_unsaved(w: MainWindow) -> bool:
    doc = w.document
    if doc is None:
        return False
    if getattr(w, "_copied_at", None) == doc.undo_stack.index() and doc.undo_stack.isClean():
        return False  # written with Save As since the last change
    return doc.modified


def confirm_discard(w: MainWindow, *, closing: bool = False) -> bool:
    """Ask Save / Discard / Cancel when there are unsaved changes; True when it is fine to go on."""
    if not has_unsaved(w):
        return True
    assert w.document is not None
    doing = "closing" if closing else "going on"
    answer = QMessageBox.question(
        w,
        "Unsaved changes",
        f"{w.document.roster.name} has changes that are not saved.\n\nSave them before {doing}?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return save(w, wait=True)
    return answer == QMessageBox.StandardButton.Discard


def save(w: MainWindow, *, wait: bool = False) -> bool:
    """Save changed files in place (with a .bak); zip or workbook sources go to Save As instead."""
    doc = w.document
    if doc is None:
        return True
    tables = [t for t in doc.roster.tables if t.modified]
    if not tables:
        doc.undo_stack.setClean()
        w._update_title()
        w.status.showMessage("There are no changes to save.", 4000)
        return True
    not_plain = [t for t in tables if t.source is None or t.source.kind != "file" or not t.source.path]
    if not_plain:
        names = ", ".join(t.name for t in not_plain)
        QMessageBox.information(
            w,
            "Save a copy",
            f"{names} came from a zip file or a workbook, which Roster Prep does not change.\n\n"
            "Choose where to write the roster instead (a Roster.zip or a folder of CSV files).",
        )
        return save_as(w, wait=wait)

    options = ask_save_encoding(w, tables)
    if options is None:
        return False

    def start(report: Callable[[bool], None]) -> bool:
        def work(progress: Progress) -> list[str | None]:
            from core.io.csvwrite import save_table_in_place

            backups = []
            for i, t in enumerate(tables):
                progress.report(i / len(tables), f"Saving {t.name}")
                backups.append(save_table_in_place(t, **options.get(id(t), {})))
            return backups

        def done(_backups: Any) -> None:
            _after_write(w)
            doc.undo_stack.setClean()
            for t in tables:
                # saving renumbers lines (inserted rows now have a line): refresh grids and findings
                doc.after_rows_changed(t.name)
            w._update_title()
            names = ", ".join(t.name for t in tables)
            w.status.showMessage(f"Saved {names}. The previous version of each is kept as a .bak file.", 8000)
            report(True)

        def failed(err: BaseException) -> None:
            from core.io.csvwrite import ReadOnlyFileError

            _after_write(w)
            if isinstance(err, ReadOnlyFileError):
                report(False)
                answer = QMessageBox.question(
                    w, "Could not save", f"{err}.\n\nWrite the roster somewhere else with Save As?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes,
                )
                if answer == QMessageBox.StandardButton.Yes:
                    save_as(w)
                return
            show_error(w, "Could not save", err, SAVE_HINT)
            report(False)

        _before_write(w)
        w.runner.start("Saving", work, done, failed, lambda: (_after_write(w), report(False)))
        return True

    return _wait(w, start) if wait else start(lambda ok: None)


def ask_save_encoding(w: MainWindow, tables: list[Any]) -> dict[int, dict[str, Any]] | None:
    """When edits hold characters a file's encoding (Windows-1252, ...) cannot hold, ask: save as
    UTF-8, or keep the encoding and write "?" for them. Returns the save options per table
    (``id(table)``), or None when the admin cancels."""
    from core.io.csvsave import describe_cell, unencodable_cells

    problems = [(t, cells) for t in tables if (cells := unencodable_cells(t))]
    if not problems:
        return {}
    encodings = sorted({t.dialect.encoding for t, _ in problems})
    encoding = encodings[0] if len(encodings) == 1 else " / ".join(encodings)
    cells = [describe_cell(t, r, c) for t, found in problems for r, c in found]
    shown = "\n".join(cells[:4]) + (f"\nand {len(cells) - 4} more" if len(cells) > 4 else "")
    names = ", ".join(t.name for t, _ in problems)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Characters the file cannot hold",
        f"{names} {'is' if len(problems) == 1 else 'are'} written in {encoding}, which cannot hold some of the "
        f"characters typed in:\n\n{shown}\n\nSave as UTF-8 (what OneRoster files should be), or keep {encoding} "
        "and write those characters as \"?\".",
        QMessageBox.StandardButton.NoButton,
        w,
    )
    utf8 = box.addButton("Save as UTF-8", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(f"Keep {encoding}", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(utf8)
    box.exec()
    clicked = box.clickedButton()
    if clicked is utf8:
        return {id(t): {"encoding": "utf-8"} for t, _ in problems}
    if clicked is keep:
        return {id(t): {"replace_unencodable": True} for t, _ in problems}
    return None


def _before_write(w: MainWindow) -> None:
    # no edits while the files are written from the tables
    w.tabs.setEnabled(False)


def _after_write(w: MainWindow) -> None:
    w.tabs.setEnabled(True)


def save_as(w: MainWindow, *, wait: bool = False) -> bool:
    """Write the whole roster as a Roster.zip or a folder of CSV files, chosen by the user."""
    doc = w.document
    if doc is None:
        return False
    dlg = ExportDialog(doc.findings, w, title="Save As", summary=False)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return False
    return write_roster(w, dlg.chosen_format(), None, wait=wait, clean=True)


def export(w: MainWindow) -> bool:
    """Export for upload: first the problems left ("Go back" / "Export anyway"), then where."""
    doc = w.document
    if doc is None:
        return False
    dlg = ExportDialog(doc.findings, w, title="Export for upload")
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return False
    return write_roster(w, dlg.chosen_format(), None)


def choose_target(w: MainWindow, fmt: str) -> str | None:
    start = str(w.settings.value("paths/export_dir", _start_dir(w)))
    if fmt == "zip":
        path, _ = QFileDialog.getSaveFileName(w, "Write Roster.zip", os.path.join(start, "Roster.zip"), "Zip files (*.zip)")
        if path and not path.lower().endswith(".zip"):
            path += ".zip"
    else:
        path = QFileDialog.getExistingDirectory(w, "Choose a folder for the CSV files", start)
    if path:
        w.settings.setValue("paths/export_dir", os.path.dirname(path) if fmt == "zip" else path)
    return path or None


def write_roster(w: MainWindow, fmt: str, target: str | None, *, wait: bool = False, clean: bool = False) -> bool:
    """Write the roster to ``target`` (asking where when None) in the background."""
    doc = w.document
    if doc is None:
        return False
    if target is None:
        target = choose_target(w, fmt)
        if target is None:
            return False
    roster = doc.roster

    def start(report: Callable[[bool], None]) -> bool:
        def work(progress: Progress) -> list[str]:
            from core.io.csvwrite import export_folder, write_roster_zip

            progress.report(0.05, "Writing the files")
            if fmt == "zip":
                return write_roster_zip(roster, target)
            return export_folder(roster, target)

        def done(names: list[str]) -> None:
            _after_write(w)
            if clean:
                doc.undo_stack.setClean()
                w._copied_at = doc.undo_stack.index()
                w._update_title()
            where = target if fmt == "zip" else f"the folder {target}"
            w.status.showMessage(f"Wrote {len(names)} files to {where}", 10000)
            QMessageBox.information(w, "Done", f"Wrote {len(names)} files to {where}:\n\n" + ", ".join(names))
            report(True)

        def failed(err: BaseException) -> None:
            _after_write(w)
            show_error(w, "Could not write the roster", err, SAVE_HINT)
            report(False)

        _before_write(w)
        w.runner.start("Writing", work, done, failed, lambda: (_after_write(w), report(False)))
        return True

    return _wait(w, start) if wait else start(lambda ok: None)
