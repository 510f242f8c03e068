"""The one undo command: it wraps a core edit (core/edits.py) and its inverse."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

from core.edits import Edit


class EditTarget(Protocol):
    """What the command applies edits through (the window's RosterDocument)."""

    def apply(self, edit: Edit) -> Edit: ...


class EditCommand(QUndoCommand):
    """Redo applies the edit; undo applies the inverse that applying it returned (and keeps the
    edit that undoing returns, for the next redo)."""

    def __init__(self, doc: EditTarget, edit: Edit, text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.edit = edit
        self.inverse: Edit | None = None

    def redo(self) -> None:
        self.inverse = self.doc.apply(self.edit)

    def undo(self) -> None:
        assert self.inverse is not None
        self.edit = self.doc.apply(self.inverse)
