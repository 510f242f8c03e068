"""Helpers for window tests."""

from __future__ import annotations


def page_of(w, name: str):  # type: ignore[no-untyped-def]
    page = w.page_for(name)
    assert page is not None, name
    return page


def visible_texts(top) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts a user sees in a shown widget, in reading order (top to bottom, then left to right):
    labels, buttons and check boxes (without their & shortcut marks), line edits and combo boxes."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit

    found: list[tuple[int, int, str]] = []
    for child in top.findChildren(QLabel) + top.findChildren(QAbstractButton) + top.findChildren(QLineEdit) + top.findChildren(QComboBox):
        if not child.isVisibleTo(top):
            continue
        if isinstance(child, QComboBox):
            text = child.currentText()
        elif isinstance(child, QAbstractButton) or (isinstance(child, QLabel) and child.buddy() is not None):
            text = child.text().replace("&&", "\0").replace("&", "").replace("\0", "&")  # & underlines the key
        else:
            text = child.text()
        if text.strip():
            at = child.mapTo(top, QPoint(0, 0))
            found.append((at.y(), at.x(), text))
    return [text for _y, _x, text in sorted(found)]
