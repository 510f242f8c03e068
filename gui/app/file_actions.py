"""Opening, saving, exporting and closing for the main window, with plain-language errors.

``FileActions`` is built by the main window, which it knows only as a ``FileHost``: the few things of
the window that opening and saving need. All file work runs in the background (gui/background/workers.py). ``save`` and ``save_as`` can also wait for the
result (for "Save before closing?"): they spin a local event loop, so the window keeps painting its
progress bar meanwhile.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypedDict

from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QProgressDialog, QTabWidget, QWidget

from core.errors import RosterError
from core.progress import Progress
from gui.panels.export import ExportDialog
from core.io.sources import load_paths, reload_table, roster_title, sample_roster_path
from core.io.preview import preview_roster, wants_preview

from gui.app.paths import log_path
from gui.app.status import StatusBar
from gui.background.workers import TaskRunner, traceback_text

if TYPE_CHECKING:
    from core.roster import Roster
    from core.table import Table
    from gui.document import RosterDocument
    from gui.grid.grid_tab import GridPage

log = logging.getLogger(__name__)

MAX_RECENT = 8
OPEN_FILTER = "Rosters (*.zip *.csv *.txt *.xlsx);;Zip files (*.zip);;CSV files (*.csv *.txt);;Workbooks (*.xlsx);;All files (*)"
OPEN_HINT = "Check that you chose the roster's Roster.zip, its folder or its CSV files, and that no other program holds them open."
SAVE_HINT = (
    "Check that the file is not open in Excel or another program and that you may write to its folder. "
    "You can also use File › Save As to write a copy somewhere else."
)
ENCODINGS = ["utf-8", "windows-1252", "iso-8859-1", "utf-16", "mac-roman", "cp437"]



class FileHost(Protocol):
    """What of the main window opening, saving and exporting use."""

    document: RosterDocument | None
    paths: list[str]
    settings: QSettings
    status: StatusBar
    runner: TaskRunner
    tabs: QTabWidget

    def set_roster(self, roster: Roster, paths: list[str]) -> RosterDocument: ...
    def show_preview(self, roster: Roster) -> None: ...
    def end_preview(self) -> None: ...
    def current_table_name(self) -> str | None: ...
    def page_for(self, table_name: str) -> GridPage | None: ...
    def update_title(self) -> None: ...


class FileActions(QObject):
    """Opening, saving, exporting and the recent rosters of one main window."""

    #: the recent rosters changed (newest first; each a list of paths)
    recentChanged = Signal(list)
    #: the whole roster was written somewhere with Save As (its copy for recovery can go)
    rosterWritten = Signal()

    def __init__(self, host: FileHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.w = host
        #: the parent of the dialogs and message boxes (the window)
        self.parent_widget = parent
        #: a roster is being read (a second Open waits)
        self.loading = False
        #: the undo index at which Save As last wrote the whole roster
        self.copied_at: int | None = None

    # --- messages ------------------------------------------------------------------------------------
    def show_error(self, title: str, err: BaseException, hint: str = "") -> None:
        """A plain message box: what went wrong and what to do; the details go to the log."""
        if isinstance(err, RosterError):
            text = str(err)
            log.warning("%s: %s", title, err)
        else:
            text = f"Something unexpected went wrong: {err}"
            hint = (hint + "\n\n" if hint else "") + f"The details are in the log file:\n{log_path()}"
            log.error("%s: %r\n%s", title, err, traceback_text(err))
        if text and not text.endswith("."):
            text += "."
        QMessageBox.warning(self.parent_widget, title, f"{text[:1].upper()}{text[1:]}\n\n{hint}".strip())

    def about(self) -> None:
        QMessageBox.about(
            self.parent_widget,
            "About Roster Prep",
            "<b>Roster Prep</b><br>Checks and fixes OneRoster 1.0/1.1 CSV files before you upload them to "
            f"Renaissance.<br><br>Log file: {log_path()}",
        )

    def _wait(self, start: Callable[[Callable[[bool], None]], bool]) -> bool:
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
    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.parent_widget, "Open roster", self._start_dir(), OPEN_FILTER)
        if paths:
            self.open_paths(paths)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent_widget, "Open a folder of roster files", self._start_dir())
        if folder:
            self.open_paths([folder])

    def open_sample(self) -> None:
        self.open_paths([sample_roster_path()])

    def _start_dir(self) -> str:
        w = self.w
        if w.paths:
            return os.path.dirname(os.path.abspath(w.paths[0]))
        return str(w.settings.value("paths/last_dir", os.path.expanduser("~")))

    def open_paths(self, paths: list[str], encoding: str | None = None, *, ask: bool = True) -> None:
        """Load in the background, then show the roster (asking first about unsaved changes)."""
        w = self.w
        paths = [os.path.abspath(p) for p in paths]
        if self.loading:
            w.status.showMessage("Still opening the previous roster…", 4000)
            return
        if ask and not self.confirm_discard():
            return
        self.loading = True
        title = roster_title(paths)

        def work(progress: Progress) -> Roster:
            return load_paths(paths, encoding, progress)

        def done(roster: Roster) -> None:
            self.loading = False
            w.set_roster(roster, paths)
            self.add_recent(paths)
            w.status.showMessage(f"Opened {title}: {len(roster.tables)} files", 5000)

        def failed(err: BaseException) -> None:
            self.loading = False
            w.end_preview()
            self.show_error(f"Could not open {title}", err, OPEN_HINT)

        def cancelled() -> None:
            self.loading = False
            w.end_preview()
            w.status.showMessage(f"Stopped opening {title}", 5000)

        if wants_preview(paths):
            # a big file: show its first rows while the whole of it is read (started first: the full
            # read holds the interpreter for long stretches)
            def show(roster: Roster | None) -> None:
                if roster is not None and self.loading:
                    w.show_preview(roster)

            w.runner.start("Preview", lambda progress: preview_roster(paths), show, visible=False)
        w.runner.start(f"Opening {title}", work, done, failed, cancelled)

    def reopen_with_encoding(self) -> None:
        """Read the roster again with a chosen text encoding (when names look garbled)."""
        w = self.w
        doc = w.document
        name = w.current_table_name()
        if doc is None or name is None:
            return
        current = doc.table(name).dialect.encoding
        items = ENCODINGS if current in ENCODINGS else [current, *ENCODINGS]
        choice, ok = QInputDialog.getItem(
            self.parent_widget, "Reopen with encoding", f"{name} was read as {current}. Read the files again as:", items, items.index(current), False
        )
        if not ok or not choice or choice == current:
            return
        if not self.confirm_discard():
            return
        roster = doc.roster

        def done(new_roster: Roster) -> None:
            w.set_roster(new_roster, w.paths)
            page = w.page_for(name)
            if page is not None:
                w.tabs.setCurrentWidget(page)
            w.status.showMessage(f"Read {name} again as {choice}", 6000)

        w.runner.start(
            f"Reading {name} as {choice}",
            lambda progress: reload_table(roster, name, choice),
            done,
            lambda err: self.show_error(f"Could not read {name} as {choice}", err, "Try another encoding."),
        )

    # --- recent rosters --------------------------------------------------------------------------------
    def recent_entries(self) -> list[list[str]]:
        w = self.w
        raw = w.settings.value("recent", "[]")
        try:
            entries = json.loads(raw) if isinstance(raw, str) else []
        except ValueError:
            entries = []
        return [e for e in entries if isinstance(e, list) and e and all(isinstance(p, str) for p in e)]

    def add_recent(self, paths: list[str]) -> None:
        w = self.w
        if os.path.normpath(paths[0]) == os.path.normpath(sample_roster_path()):
            return  # the sample is always one click away on the start page
        entries = [e for e in self.recent_entries() if e != paths]
        entries.insert(0, paths)
        w.settings.setValue("recent", json.dumps(entries[:MAX_RECENT]))
        w.settings.setValue("paths/last_dir", os.path.dirname(paths[0]))
        self.refresh_recent_menu()

    def refresh_recent_menu(self) -> None:
        """Tell the window's recent menu and start page the recent rosters again."""
        self.recentChanged.emit(self.recent_entries())

    # --- saving --------------------------------------------------------------------------------------
    def has_unsaved(self) -> bool:
        w = self.w
        doc = w.document
        if doc is None:
            return False
        if self.copied_at == doc.undo_stack.index() and doc.undo_stack.isClean():
            return False  # written with Save As since the last change
        return doc.modified

    def confirm_discard(self, *, closing: bool = False) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True when it is fine to go on."""
        w = self.w
        if not self.has_unsaved():
            return True
        assert w.document is not None
        doing = "closing" if closing else "going on"
        answer = QMessageBox.question(
            self.parent_widget,
            "Unsaved changes",
            f"{w.document.roster.name} has changes that are not saved.\n\nSave them before {doing}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save(wait=True)
        return answer == QMessageBox.StandardButton.Discard

    def save(self, *, wait: bool = False) -> bool:
        """Save changed files in place (with a .bak); zip or workbook sources go to Save As instead."""
        w = self.w
        doc = w.document
        if doc is None:
            return True
        tables = [t for t in doc.roster.tables if t.modified]
        if (tables or doc.unsaved_roster) and all(t.source is None or t.source.kind == "memory" for t in doc.roster.tables):
            # a roster with no files at all (a wizard's result): one question, where to write it
            return self.save_new(wait=wait)
        if not tables:
            doc.undo_stack.setClean()
            w.update_title()
            w.status.showMessage("There are no changes to save.", 4000)
            return True
        not_plain = [t for t in tables if t.source is None or t.source.kind != "file" or not t.source.path]
        if not_plain:
            QMessageBox.information(
                self.parent_widget,
                "Save a copy",
                f"{where_from(not_plain)}\n\n"
                "Choose where to write the roster instead (a Roster.zip or a folder of CSV files).",
            )
            return self.save_as(wait=wait)

        options = ask_save_encoding(self.parent_widget, tables)
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

            def done(_backups: list[str | None]) -> None:
                self._after_write()
                doc.undo_stack.setClean()
                for t in tables:
                    # saving renumbers lines (inserted rows now have a line): refresh grids and findings
                    doc.after_rows_changed(t.name)
                w.update_title()
                names = ", ".join(t.name for t in tables)
                w.status.showMessage(f"Saved {names}. The previous version of each is kept as a .bak file.", 8000)
                report(True)

            def failed(err: BaseException) -> None:
                from core.io.csvwrite import ReadOnlyFileError

                self._after_write()
                if isinstance(err, ReadOnlyFileError):
                    report(False)
                    answer = QMessageBox.question(
                        self.parent_widget, "Could not save", f"{err}.\n\nWrite the roster somewhere else with Save As?",
                        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes,
                    )
                    if answer == QMessageBox.StandardButton.Yes:
                        self.save_as()
                    return
                self.show_error("Could not save", err, SAVE_HINT)
                report(False)

            def cancelled() -> None:
                self._after_write()
                report(False)

            self._before_write()
            w.runner.start("Saving", work, done, failed, cancelled)
            return True

        return self._wait(start) if wait else start(lambda ok: None)

    def _before_write(self) -> None:
        w = self.w
        # no edits while the files are written from the tables
        w.tabs.setEnabled(False)

    def _after_write(self) -> None:
        w = self.w
        w.tabs.setEnabled(True)

    def save_new(self, *, wait: bool = False) -> bool:
        """Save a roster that has no files yet: one Save dialog for a Roster.zip (what Renaissance
        asks for; File › Save As also offers a folder of CSV files)."""
        w = self.w
        doc = w.document
        if doc is None:
            return False
        start = str(w.settings.value("paths/export_dir", self._start_dir()))
        name = doc.roster.name if doc.roster.name.lower().endswith(".zip") else "Roster.zip"
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Save the roster as a Roster.zip", os.path.join(start, name), "Zip files (*.zip)")
        if not path:
            return False
        if not path.lower().endswith(".zip"):
            path += ".zip"
        w.settings.setValue("paths/export_dir", os.path.dirname(path))
        return self.write_roster("zip", path, wait=wait, clean=True, announce=False)

    def save_as(self, *, wait: bool = False) -> bool:
        """Write the whole roster as a Roster.zip or a folder of CSV files, chosen by the user."""
        w = self.w
        doc = w.document
        if doc is None:
            return False
        dlg = ExportDialog(doc.findings, self.parent_widget, title="Save As", summary=False)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.write_roster(dlg.chosen_format(), None, wait=wait, clean=True)

    def export(self) -> bool:
        """Export for upload: first the problems left ("Go back" / "Export anyway"), then where."""
        w = self.w
        doc = w.document
        if doc is None:
            return False
        if not wait_for_check(self.parent_widget, doc):
            w.status.showMessage("Export cancelled: the check had not finished.", 6000)
            return False
        dlg = ExportDialog(doc.findings, self.parent_widget, title="Export for upload")
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.write_roster(dlg.chosen_format(), None)

    def choose_target(self, fmt: str) -> str | None:
        w = self.w
        start = str(w.settings.value("paths/export_dir", self._start_dir()))
        if fmt == "zip":
            path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Write Roster.zip", os.path.join(start, "Roster.zip"), "Zip files (*.zip)")
            if path and not path.lower().endswith(".zip"):
                path += ".zip"
        else:
            path = QFileDialog.getExistingDirectory(self.parent_widget, "Choose a folder for the CSV files", start)
        if path:
            w.settings.setValue("paths/export_dir", os.path.dirname(path) if fmt == "zip" else path)
        return path or None

    def write_roster(self, fmt: str, target: str | None, *, wait: bool = False, clean: bool = False, announce: bool = True) -> bool:
        """Write the roster to ``target`` (asking where when None) in the background; ``announce``
        says "Done" in a message box as well as in the status bar."""
        w = self.w
        doc = w.document
        if doc is None:
            return False
        if target is None:
            target = self.choose_target(fmt)
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
                self._after_write()
                if clean:
                    doc.unsaved_roster = False  # a roster with no files of its own now has one
                    doc.undo_stack.setClean()
                    self.copied_at = doc.undo_stack.index()
                    w.update_title()
                    self.rosterWritten.emit()
                where = target if fmt == "zip" else f"the folder {target}"
                w.status.showMessage(f"Wrote {len(names)} files to {where}", 10000)
                if announce:
                    QMessageBox.information(self.parent_widget, "Done", f"Wrote {len(names)} files to {where}:\n\n" + ", ".join(names))
                report(True)

            def failed(err: BaseException) -> None:
                self._after_write()
                self.show_error("Could not write the roster", err, SAVE_HINT)
                report(False)

            def cancelled() -> None:
                self._after_write()
                report(False)

            self._before_write()
            w.runner.start("Writing", work, done, failed, cancelled)
            return True

        return self._wait(start) if wait else start(lambda ok: None)


def where_from(tables: list[Table]) -> str:
    """Why these tables cannot be saved in place, true to where each came from."""
    kinds = {"zip": "came from a zip file", "xlsx": "came from a workbook", "memory": "were made by Prepare Renaissance import and have no file yet"}
    groups: dict[str, list[str]] = {}
    for t in tables:
        kind = t.source.kind if t.source is not None and t.source.kind in kinds else "memory"
        groups.setdefault(kind, []).append(t.name)
    parts = [f"{', '.join(names)} {kinds[kind]}" for kind, names in groups.items()]
    text = "; ".join(parts)
    if len(tables) == 1:
        text = text.replace(" were made", " was made").replace(" have no", " has no")
    return f"{text}. Roster Prep does not change zip files or workbooks." if set(groups) - {"memory"} else f"{text}."


def wait_for_check(parent: QWidget, doc: RosterDocument) -> bool:
    """Wait, with a progress window and Cancel, until the findings describe the whole roster as it
    is now (a check may still be running, or be due after the last edit); False when cancelled."""
    if doc.complete:
        return True
    progress = QProgressDialog("Checking the whole roster before export…", "Cancel", 0, 0, parent)
    progress.setWindowTitle("Checking")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    # a bar with no steps is never shown by QProgressDialog itself: show it once the wait is noticeable
    show_later = QTimer(progress)  # goes with the progress window
    show_later.setSingleShot(True)
    show_later.timeout.connect(progress.show)
    show_later.start(300)
    loop = QEventLoop()
    doc.completeChanged.connect(loop.quit)
    progress.canceled.connect(loop.quit)
    doc.recheck_now()  # at once, not after the pause in editing
    if not doc.complete and not progress.wasCanceled():
        loop.exec()
    doc.completeChanged.disconnect(loop.quit)
    show_later.stop()
    progress.close()
    progress.deleteLater()
    return doc.complete


class SaveOptions(TypedDict, total=False):
    """How one file is saved when its encoding cannot hold every character (save_table_in_place)."""

    encoding: str
    replace_unencodable: bool


def ask_save_encoding(parent: QWidget, tables: list[Table]) -> dict[int, SaveOptions] | None:
    """When edits hold characters a file's encoding (Windows-1252, ...) cannot hold, ask: save as
    UTF-8, or keep the encoding and write "?" for them. Returns the save options per table
    (``id(table)``), or None when the admin cancels."""
    from core.io.csvsave import describe_cell, unencodable_cells

    problems = [(t, found) for t in tables if (found := unencodable_cells(t))]
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
        parent,
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
