"""Saving, Save As and exporting a main window's roster, in the background.

``Saving`` is built by ``FileActions`` (gui/app/file_actions.py), the window's one entry point for
files, and knows the window only as a ``SaveHost``. ``save`` and ``save_as`` can also wait for the
result (for "Save before closing?"): they spin a local event loop, so the window keeps painting its
progress bar meanwhile. Here too: the question about characters a legacy encoding cannot hold, and
the wait for a complete check before an export.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypedDict

from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QTabWidget, QWidget

from core.io.encoding import encoding_label
from core.progress import Progress
from gui.app.status import StatusBar
from gui.background.workers import TaskRunner
from gui.panels.export import ExportDialog

if TYPE_CHECKING:
    from core.table import Table
    from gui.document import RosterDocument

log = logging.getLogger(__name__)

SAVE_HINT = (
    "Check that the file is not open in Excel or another program and that you may write to its folder. "
    "You can also use File › Save As to write a copy somewhere else."
)


class SaveHost(Protocol):
    """What of the main window saving and exporting use."""

    document: RosterDocument | None
    settings: QSettings
    status: StatusBar
    runner: TaskRunner

    @property
    def tabs(self) -> QTabWidget:
        """The file tabs (disabled while a save runs)."""

    def update_title(self) -> None: ...


class Saving(QObject):
    """Save, Save As and Export of one main window's roster."""

    #: the whole roster was written somewhere with Save As (its copy for recovery can go)
    rosterWritten = Signal()

    def __init__(
        self,
        host: SaveHost,
        parent: QWidget,
        *,
        show_error: Callable[[str, BaseException, str], None],
        start_dir: Callable[[], str],
    ) -> None:
        super().__init__(parent)
        self.w = host
        #: the parent of the dialogs and message boxes (the window)
        self.parent_widget = parent
        #: a plain message box for an error (FileActions.show_error)
        self.show_error = show_error
        #: the folder the file dialogs start in (the roster's, else the last one used)
        self._start_dir = start_dir
        #: the undo index at which Save As last wrote the whole roster
        self.copied_at: int | None = None

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

    def has_unsaved(self) -> bool:
        w = self.w
        doc = w.document
        if doc is None:
            return False
        if self.copied_at == doc.undo_stack.index() and doc.undo_stack.isClean():
            return False  # written with Save As since the last change
        return doc.modified

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
    encodings = sorted({encoding_label(t.dialect.encoding, short=True) for t, _ in problems})
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
