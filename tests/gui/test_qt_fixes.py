"""PySide6 6.12.0 takes a reference from True on every Python emit(); the guard keeps True alive."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from gui.qt_fixes import pin_singletons


class _Sender(QObject):
    sig = Signal(float, str)


def test_many_emits_do_not_free_true(qtbot) -> None:  # type: ignore[no-untyped-def]
    pin_singletons()
    s = _Sender()
    got = []
    s.sig.connect(lambda a, b: got.append(a))
    for _ in range(5000):  # more than True's natural reference count
        s.sig.emit(0.5, "x")
    assert len(got) == 5000
    assert sys.getrefcount(True) > 1000
