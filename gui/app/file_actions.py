"""Opening, reopening, the recent rosters and closing for the main window, with plain-language errors.

``FileActions`` is built by the main window, which it knows only as a ``FileHost``: the few things of
the window that opening and saving need. It is the window's one entry point for files: saving, Save
As and exporting are done by its ``Saving`` (gui/app/saving.py), which it makes and delegates to. All
file work runs in the background (gui/background/workers.py).
"""

from __future__ import annotations

import json
import logging
import os
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from core.errors import RosterError
from core.progress import Progress
from core.io.encoding import READ_AGAIN, encoding_label, same_encoding
from core.io.sources import load_paths, reload_table, roster_title, sample_roster_path
from core.io.preview import preview_roster, wants_preview

from gui.app.paths import log_path
from gui.app.saving import SaveHost, Saving
from gui.background.workers import traceback_text

if TYPE_CHECKING:
    from core.roster import Roster
    from gui.document import RosterDocument
    from gui.grid.grid_tab import GridPage

log = logging.getLogger(__name__)

MAX_RECENT = 8
OPEN_FILTER = "Rosters (*.zip *.csv *.txt *.xlsx);;Zip files (*.zip);;CSV files (*.csv *.txt);;Workbooks (*.xlsx);;All files (*)"
OPEN_HINT = "Check that you chose the roster's Roster.zip, its folder or its CSV files, and that no other program holds them open."


class FileHost(SaveHost, Protocol):
    """What of the main window opening, saving and exporting use."""

    paths: list[str]

    def set_roster(self, roster: Roster, paths: list[str]) -> RosterDocument: ...
    def show_preview(self, roster: Roster) -> None: ...
    def end_preview(self) -> None: ...
    def current_table_name(self) -> str | None: ...
    def page_for(self, table_name: str) -> GridPage | None: ...


class FileActions(QObject):
    """Opening, the recent rosters and closing of one main window; saving through its ``Saving``."""

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
        #: Save, Save As and Export (gui/app/saving.py)
        self.saving = Saving(host, parent, show_error=self.show_error, start_dir=self._start_dir)
        self.saving.rosterWritten.connect(self.rosterWritten)

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
        # one entry per codec, by the name an administrator knows (cp1252 is Windows-1252)
        names = [c for c in READ_AGAIN if not same_encoding(c, current)]
        names.insert(0, current)
        items = [encoding_label(c) for c in names]
        label, ok = QInputDialog.getItem(
            self.parent_widget, "Reopen with encoding", f"{name} was read as {items[0]}. Read the files again as:", items, 0, False
        )
        if not ok or label not in items or label == items[0]:
            return
        choice = names[items.index(label)]
        if not self.confirm_discard():
            return
        roster = doc.roster

        def done(new_roster: Roster) -> None:
            w.set_roster(new_roster, w.paths)
            page = w.page_for(name)
            if page is not None:
                w.tabs.setCurrentWidget(page)
            w.status.showMessage(f"Read {name} again as {label}", 6000)

        w.runner.start(
            f"Reading {name} as {label}",
            lambda progress: reload_table(roster, name, choice),
            done,
            lambda err: self.show_error(f"Could not read {name} as {label}", err, "Try another encoding."),
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

    # --- saving (gui/app/saving.py) -----------------------------------------------------------------
    def has_unsaved(self) -> bool:
        """True when the roster has changes that are written nowhere."""
        return self.saving.has_unsaved()

    def save(self, *, wait: bool = False) -> bool:
        """Save changed files in place (with a .bak); zip or workbook sources go to Save As instead."""
        return self.saving.save(wait=wait)

    def save_as(self, *, wait: bool = False) -> bool:
        """Write the whole roster as a Roster.zip or a folder of CSV files, chosen by the user."""
        return self.saving.save_as(wait=wait)

    def export(self) -> bool:
        """Export for upload: first the problems left ("Go back" / "Export anyway"), then where."""
        return self.saving.export()

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
