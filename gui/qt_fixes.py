"""A guard against a reference-counting bug in PySide6 6.12.0 (with CPython before 3.12).

Every ``SignalInstance.emit()`` called from Python hands back ``True`` without owning a reference to
it, so each emit takes one reference from ``True``. ``True`` starts with a few hundred references, so
after some hundreds of emits (a few edits and re-checks) CPython "deallocates" it and aborts with
"Fatal Python error: bool_dealloc" (measured: -1 per emit, tests/gui/test_qt_fixes.py). ``True``,
``False`` and ``None`` are static objects that are never freed, so giving them a huge reference count
is harmless and keeps the count from ever reaching zero. CPython 3.12+ makes them immortal anyway.
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = 1 << 40


def pin_singletons() -> None:
    """Give True, False and None so many references that a leaking binding can never free them."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for obj in (True, False, None):
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field of PyObject
        if count.value < _PINNED:
            count.value += _PINNED


pin_singletons()
