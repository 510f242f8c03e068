"""Python's cycle collector, run in the window's thread only.

Left automatic, the collector runs in whichever thread happens to allocate, and that is usually
the worker (a check allocates millions of objects). Qt objects it frees there, a dialog or a
document left in a reference cycle, are then deleted outside the thread they live in: Qt cannot
stop their timers from there, and the next tick of such a timer runs on freed memory. The test
suite crashed that way. So once there is a worker thread, automatic collection is off and this
timer in the window's thread collects as the automatic collector would have.

Full collections walk every container (on a million-row roster, a few tenths of a second), so
like the automatic collector this one runs them only when the survivors moved into the oldest
generation add up to a quarter of what the last full collection left. It also runs while the
worker is inside ``core.pacing.collector_paused``: at most five times a second, that costs little
(bench/bench_window.py on the 1M district: 77 collections, 0.37 s in all, against 89 and 0.48 s
with the automatic collector).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: how often the window's thread looks at the collector's counts
INTERVAL_MS = 200
#: a full collection waits until the oldest generation grew by this part since the last one
FULL_GROWTH = 0.25


class MainThreadCollector(QObject):
    """Turns automatic collection off and collects from a timer in the thread it was made in."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._oldest = len(gc.get_objects(2))  # its size after the last full collection
        self._pending = 0  # objects moved into it since (survivors of middle collections)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold, as the automatic
        collector does; returns the generation collected, or None.

        Like CPython, it counts the survivors a middle collection moves into the oldest generation
        (the young generations are small to count), and walks everything only when they add up to
        a quarter of what the last full collection left.
        """
        counts = gc.get_count()
        t0, t1, t2 = self.thresholds
        if counts[0] <= t0:
            return None  # the automatic collector, too, looks only when the youngest is due
        if counts[2] > t2 and self._pending > self._oldest * FULL_GROWTH:
            gc.collect(2)
            self._oldest = len(gc.get_objects(2))
            self._pending = 0
            return 2
        if counts[1] > t1:
            young = len(gc.get_objects(0)) + len(gc.get_objects(1))
            self._pending += max(0, young - gc.collect(1))
            return 1
        gc.collect(0)
        return 0


_COLLECTOR: MainThreadCollector | None = None


def collect_in_this_thread() -> MainThreadCollector:
    """Install the collector (once, from the window's thread)."""
    global _COLLECTOR
    if _COLLECTOR is None:
        _COLLECTOR = MainThreadCollector()
    return _COLLECTOR
