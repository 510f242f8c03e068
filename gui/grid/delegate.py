"""The cell editor: stores exactly what was typed and says, while typing, whether it fits the column.

Columns with a fixed list of values (role, classType, status, ...) offer those values as the user
types. A value that does not fit gets a red border and a tooltip in plain words; it is still stored
as typed (the user may be halfway through a fix; the Problems panel keeps the full story).

Keys in the editor work as in Excel: Enter stores and moves down (Shift+Enter up), Tab stores and
moves right (Shift+Tab left), Esc cancels, Ctrl+Enter puts the typed value in every selected cell.

The allowed values come from the rule files (resources/rules/*.json, read by core.rules.spec) for the
document's profile and the roster's version; a small built-in list of OneRoster 1.1 vocabularies
(from the OneRoster reference, §1.7) covers files or columns the rules do not describe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QCompleter, QLineEdit, QStyleOptionViewItem, QToolTip, QWidget

from gui.grid.roster_grid import CellDelegate
from gui.grid.table_model import roster_model

Index = QModelIndex | QPersistentModelIndex

STATUS = ("active", "tobedeleted")
BOOL = ("true", "false")
USER_ROLES = ("administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher")
GRADES = ("IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "Other")
RACE_COLUMNS = (
    "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
    "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity",
)

#: (file, column) -> allowed values; file "*" applies to every file
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("*", "status"): STATUS,
    ("orgs.csv", "type"): ("department", "school", "district", "local", "state", "national"),
    ("users.csv", "role"): USER_ROLES,
    ("users.csv", "enabledUser"): BOOL,
    ("enrollments.csv", "role"): ("administrator", "proctor", "student", "teacher"),
    ("enrollments.csv", "primary"): BOOL,
    ("classes.csv", "classType"): ("homeroom", "scheduled"),
    ("academicSessions.csv", "type"): ("gradingPeriod", "semester", "schoolYear", "term"),
    ("demographics.csv", "sex"): ("male", "female"),
    ("resources.csv", "importance"): ("primary", "secondary"),
    ("results.csv", "scoreStatus"): ("exempt", "fully graded", "not submitted", "partially graded", "submitted"),
    **{("demographics.csv", c): BOOL for c in RACE_COLUMNS},
}
#: columns holding a comma list of grade codes
GRADE_COLUMNS = {"grades"}
DATE_COLUMNS = {"beginDate", "endDate", "startDate", "birthDate", "assignDate", "dueDate", "scoreDate"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_YEAR = re.compile(r"\d{4}\Z")


@dataclass(frozen=True)
class ColumnRule:
    """What a column takes: a list of values, a date, a year, grade codes, or anything."""

    kind: str  # "enum" | "date" | "year" | "grades" | "text"
    allowed: tuple[str, ...] = ()
    required: bool = False

    def problem(self, value: str) -> str | None:
        """Plain words saying why the value does not fit, or None when it does."""
        if value == "":
            return "This column needs a value." if self.required else None
        if value != value.strip():
            return "The value starts or ends with a space."
        if self.kind == "enum":
            if value in self.allowed:
                return None
            for a in self.allowed:
                if a.lower() == value.lower():
                    return f"Write it exactly as “{a}” (capital letters matter)."
            return "Allowed values: " + ", ".join(self.allowed) + "."
        if self.kind == "date" and not _DATE.match(value):
            return "Dates are written YYYY-MM-DD, for example 2025-08-20."
        if self.kind == "year" and not _YEAR.match(value):
            return "Write the year the school year ends, as four digits (for example 2026)."
        if self.kind == "grades":
            bad = [g for g in value.split(",") if g not in (self.allowed or GRADES)]
            if bad:
                return f"“{bad[0]}” is not a grade code. Use two characters such as KG, 01 … 12 (for example 09, not 9)."
        return None


def _from_rule_files(table_name: str, column: str, profile: str | None, version: str) -> ColumnRule | None:
    """The column's rule from resources/rules (core.rules.spec), or None when there is none."""
    try:
        from core.rules.spec import load_rules

        rules = load_rules(profile if profile in ("oneroster", "renaissance") else "oneroster", version)
    except (ImportError, ValueError, OSError):
        return None
    spec = rules.column_rule(table_name, column)
    if spec is None:
        return None
    required = spec.req is True
    if spec.fmt == "enum" and spec.enum and spec.enum in rules.enums:
        return ColumnRule("enum", tuple(rules.enums[spec.enum]), required=required)
    if spec.fmt == "date":
        return ColumnRule("date", required=required)
    if spec.fmt == "year":
        return ColumnRule("year", required=required)
    if spec.fmt == "grades":
        return ColumnRule("grades", tuple(rules.enums.get("grades", GRADES)), required=required)
    return ColumnRule("text", required=required)


def column_rule(table_name: str, column: str, profile: str | None = None, version: str = "1.1") -> ColumnRule:
    """The simple check for a column of a file while typing (the rule engine does the full checks).

    From the rule files (resources/rules, through core.rules.spec) for the profile and version;
    the built-in lists above only when the rules do not know the file or column.
    """
    found = _from_rule_files(table_name, column, profile, version)
    if found is not None:
        return found
    allowed = ENUMS.get((table_name, column)) or ENUMS.get(("*", column))
    if allowed:
        return ColumnRule("enum", allowed, required=column != "status" and column not in RACE_COLUMNS and column != "primary")
    if column in DATE_COLUMNS:
        return ColumnRule("date")
    if column == "schoolYear" and table_name == "academicSessions.csv":
        return ColumnRule("year", required=True)
    if column in GRADE_COLUMNS:
        return ColumnRule("grades")
    return ColumnRule("text")


def _names(model: QAbstractItemModel, col: int) -> tuple[str, str]:
    roster = roster_model(model)
    if roster is not None:
        table = roster.table
        return table.name, table.header[col]
    return "", str(model.headerData(col, Qt.Orientation.Horizontal) or "")


def _profile_version(model: QAbstractItemModel) -> tuple[str | None, str]:
    """The document's profile and the roster's OneRoster version (1.1 when unknown)."""
    roster = roster_model(model)
    if roster is None:
        return None, "1.1"
    doc = roster.doc
    version = "1.1"
    try:
        from core.rules.package import detect_version

        v = detect_version(doc.roster)
        version = v if v in ("1.0", "1.1") else "1.1"
    except (ImportError, KeyError, ValueError):
        pass
    return doc.profile, version


INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; background: #fff5f5; }"


class CellEditor(QLineEdit):
    """A line editor that marks values that do not fit the column."""

    def __init__(self, rule: ColumnRule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        self.setFrame(False)
        self.problem: str | None = None
        if rule.kind == "enum":
            completer = QCompleter(list(rule.allowed), self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.setCompleter(completer)
        self.textChanged.connect(self.validate)

    def validate(self, text: str | None = None) -> None:
        value = self.text() if text is None else text
        self.problem = self.rule.problem(value)
        if self.problem:
            self.setStyleSheet(INVALID_STYLE)
            self.setToolTip(self.problem)
            if self.isVisible():
                QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), self.problem, self)
        else:
            self.setStyleSheet("")
            self.setToolTip("")
            QToolTip.hideText()


class EditingDelegate(CellDelegate):
    """The grid's delegate with the editor above (keeps the grid's marks from CellDelegate)."""

    #: move the current cell by (rows, columns) after an edit was stored
    moveRequested = Signal(int, int)
    #: Ctrl+Enter: put this text in every selected cell
    fillRequested = Signal(str)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        table_name, column = _names(model, index.column())
        profile, version = _profile_version(model)
        return CellEditor(column_rule(table_name, column, profile, version), parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, CellEditor):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setText("" if value is None else str(value))
            editor.validate()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, CellEditor):
            # exactly as typed: no strip, no number or date parsing
            value = editor.text()
            if value != index.data(Qt.ItemDataRole.EditRole):
                model.setData(index, value, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(obj, CellEditor) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            popup = obj.completer().popup() if obj.completer() is not None else None
            if popup is not None and popup.isVisible():
                return super().eventFilter(obj, event)
            key = event.key()
            mods = event.modifiers()
            shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if mods & Qt.KeyboardModifier.ControlModifier:
                    text = obj.text()
                    self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                    self.fillRequested.emit(text)
                    return True
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                self.moveRequested.emit(-1 if shift else 1, 0)
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                self.moveRequested.emit(0, -1 if (shift or key == Qt.Key.Key_Backtab) else 1)
                return True
        return super().eventFilter(obj, event)

