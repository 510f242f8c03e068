"""Render the window and its dialogs offscreen, as a school laptop shows them, to look at them.

    python scripts/screenshots.py OUT_FOLDER [--scale 1.5]

At 100 % the screen is 1366x768; at 150 % it is a 1920x1080 laptop (1280x720 in logical pixels).
Writes main.png (the sample roster, users.csv, its ID column selected), export.png, repair.png,
find.png, replace.png, restore.png (the start-up list of unsaved work), wizard-1.png to wizard-5.png
and autofilter.png (the window with a column's AutoFilter list open). Run it once per scale: Qt
reads the scale when it starts. Uses a private data folder and settings, never the user's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "prepare"


def _screen_config(folder: Path, scale: float) -> str:
    """An offscreen screen the size of the laptop's (physical pixels, and its scale)."""
    width, height = (1920, 1080) if scale > 1 else (1366, 768)
    path = folder / "screen.json"
    path.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                             "logicalDpi": 96, "logicalBaseDpi": 96}]}))
    # the offscreen screen takes no scale of its own: Qt's scale factor makes 1920x1080 a 1280x720
    # screen whose widgets draw 1.5 device pixels per pixel, as Windows at 150 %
    os.environ["QT_SCALE_FACTOR"] = str(scale)
    return str(path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="rosterprep-shots-"))
    os.environ["ROSTERPREP_DATA_DIR"] = str(work / "data")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen_config(work, args.scale)}"
    sys.path.insert(0, str(ROOT))
    try:
        return _render(out, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _render(out: Path, work: Path) -> int:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QSettings, QThread, QTimer
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    from gui.app.startup import ensure_app

    app = ensure_app([])
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(work / "settings"))
    screen = app.primaryScreen().availableGeometry()
    print(f"screen {screen.width()}x{screen.height()} logical, scale {app.primaryScreen().devicePixelRatio()}")

    def settle(until=lambda: True, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        for _ in range(int(seconds * 100)):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            if until():
                break
            QThread.msleep(10)
        for _ in range(5):
            QCoreApplication.processEvents()

    def save(widget: QWidget, name: str) -> None:
        settle()
        widget.grab().save(str(out / name))
        print(f"{name}: {widget.width()}x{widget.height()}")

    sample = work / "sample"
    shutil.copytree(ROOT / "resources" / "sample", sample)
    _restore_list(work, sample, save, settle)

    from gui.app.main_window import MainWindow

    w = MainWindow()
    w.show()
    w.open_paths([str(sample)])
    settle(lambda: w.document is not None and not w.busy)
    page = w.page_for("users.csv")
    assert page is not None
    w.tabs.setCurrentWidget(page)
    page.go_to(0, page.model.table.col_index("identifier"))
    settle(lambda: w.profile.profile is not None)
    save(w, "main.png")

    from gui.panels.export import ExportDialog

    dlg = ExportDialog(w.document.findings, w, title="Export for upload")
    dlg.show()
    save(dlg, "export.png")
    dlg.close()

    from core.damage import propose_repairs
    from core.roster import Roster
    from core.table import Table
    from gui.panels.repair import RepairDialog

    damaged = Roster("damaged")
    damaged.add(Table.from_rows("users.csv", ["sourcedId", "enabledUser", "grades", "givenName"],
                                [["a", "TRUE", "9", "Ann "], ["b", "FALSE", "KG", "Bo"], ["c", "true", "12-Jan", "Cy"]]))
    damaged.add(Table.from_rows("enrollments.csv", ["sourcedId", "userSourcedId"], [["1.23457E+11", "a"]]))
    rep = RepairDialog(propose_repairs(damaged, None), w)
    rep.show()
    save(rep, "repair.png")
    rep.close()

    w.find_dialog.open_for(False)
    save(w.find_dialog, "find.png")
    w.find_dialog.open_for(True)
    save(w.find_dialog, "replace.png")
    w.find_dialog.close()

    role = page.model.table.col_index("role")
    page.go_to(0, role)
    popup = page.columns.open_filter(role)
    settle()
    save(popup, "autofilter.png")
    # the list is a window of its own: draw it onto the window where it opened
    shot = w.grab()
    painter = QPainter(shot)
    painter.drawPixmap(popup.mapToGlobal(QPoint(0, 0)) - w.mapToGlobal(QPoint(0, 0)), popup.grab())
    painter.end()
    shot.save(str(out / "autofilter-window.png"))
    popup.close()

    _wizard(w, work, save, settle)
    w.runner.wait_for_done()
    w._drop_document()
    w.close()
    QTimer.singleShot(0, app.quit)
    app.exec()
    QApplication.processEvents()
    return 0


def _restore_list(work: Path, sample: Path, save, settle) -> None:  # type: ignore[no-untyped-def]
    """The start-up list with a roster's edits and a wizard result left by a run that stopped."""
    from core.edits import SetCells
    from core.io.load import load_roster
    from core.prepare import Preparation
    from core.recovery import Journal, copy_roster
    from gui.app.recovery_dialog import RecoveryDialog
    from gui.app.autosave import journal_folder
    from core.recovery import pending_journals

    folder = journal_folder()
    roster = load_roster([str(sample)])
    j = Journal.create(folder, roster, [str(sample)])
    for i in range(12):
        j.append(SetCells("users.csv", [(i % 9, 8, f"Name{i}")]))
    j.close()
    prepared = Preparation(load_roster([str(FIXTURES / "template")]), load_roster([str(FIXTURES / "sis_spec")])).run("1.1").roster
    k = Journal.create(folder, prepared, [], snapshot=copy_roster(prepared))
    k.append(SetCells("users.csv", [(0, 1, "x")]))
    k.close()
    for journal in (j, k):
        text = journal.path.read_text(encoding="utf-8").replace(f'"pid":{os.getpid()}', '"pid":999999999')
        journal.path.write_text(text, encoding="utf-8")
    dlg = RecoveryDialog(pending_journals(folder))
    dlg.show()
    save(dlg, "restore.png")
    dlg.close()
    for p in pending_journals(folder):
        p.discard()


def _wizard(w, work: Path, save, settle) -> None:  # type: ignore[no-untyped-def]
    """The wizard on an Aeries extract: schools Renaissance lacks, files left out, a large drop."""
    import zipfile

    from gui.prepare.wizard import PrepareWizard

    extract = work / "aeries.zip"
    with zipfile.ZipFile(extract, "w") as zf:
        for f in sorted((FIXTURES / "aeries").iterdir()):
            zf.write(f, f.name)
    wiz = PrepareWizard(w)
    wiz.show()
    wiz.sources_page.template_edit.setText(str(FIXTURES / "template"))
    wiz.sources_page.sis_list.add_paths([str(extract)])
    save(wiz, "wizard-1.png")
    for page in range(1, 5):
        wiz.next()
        settle(lambda page=page: wiz.currentId() == page and wiz.building is None)
        save(wiz, f"wizard-{page + 1}.png")
    wiz.reject()
    wiz.deleteLater()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
