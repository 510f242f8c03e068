"""PySide6 6.12.0 takes a reference from True on every emit() from Python, so a few hundred signals
later CPython aborts with "bool_dealloc". pyproject.toml keeps that release out; this test shows the
installed Qt binding does not have the bug, in a fresh process with nothing else holding True."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Sender(QObject):
    sig = Signal(float, str)
    flag = Signal(bool)
s = Sender()
before = sys.getrefcount(True)
for _ in range(5000):
    s.sig.emit(0.5, "x")
    s.flag.emit(True)
print(before, sys.getrefcount(True))
"""


def test_many_emits_leave_true_alone() -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
    before, after = map(int, proc.stdout.split())
    assert abs(after - before) < 50
