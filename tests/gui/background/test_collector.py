"""The cycle collector runs in the window's thread only (gui/background/collector.py)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QTimer

from gui.background.collector import MainThreadCollector, collect_in_this_thread


class _Cycle:
    pass


def test_a_qt_object_left_in_a_cycle_is_freed_in_the_window_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    collect_in_this_thread()
    assert not gc.isenabled()
    freed_in: list[int] = []
    c = _Cycle()
    c.me = c  # type: ignore[attr-defined]
    c.timer = QTimer()  # type: ignore[attr-defined] - a running timer: freed in another thread, it would fire on freed memory
    c.timer.start(60_000)  # type: ignore[attr-defined]
    weakref.finalize(c, lambda: freed_in.append(threading.get_ident()))
    del c
    # a worker allocating far past every threshold: the automatic collector would have freed the
    # cycle in this thread
    made: list[list[int]] = []
    worker = threading.Thread(target=lambda: made.extend([] for _ in range(200_000)))
    worker.start()
    worker.join()
    assert freed_in == []
    qtbot.waitUntil(lambda: bool(freed_in), timeout=5000)
    assert freed_in == [threading.get_ident()]


def test_collects_the_oldest_due_generation_and_a_full_one_only_after_growth(qtbot) -> None:  # type: ignore[no-untyped-def]
    collect_in_this_thread()
    collector = MainThreadCollector()
    collector.timer.stop()  # driven by hand here
    gc.collect()
    collector._oldest = len(gc.get_objects(2))
    collector.thresholds = (10**9, 10**9, 10**9)
    assert collector.collect() is None  # nothing due
    collector.thresholds = (0, 0, 0)
    gc.collect(1)  # the oldest generation is due, the middle one is not
    young = [[]]
    # nothing has moved into the oldest since: the youngest is collected instead of everything
    assert collector.collect() == 0
    kept = [[] for _ in range(collector._oldest // 2)]
    assert collector.collect() == 1  # the middle one is due now: it moves them into the oldest
    assert collector._pending >= len(kept)
    young.append([])
    assert collector.collect() == 2  # grown by more than a quarter: a full collection
    assert collector._oldest >= len(kept) and collector._pending == 0
    young.append([])
    assert collector.collect() == 0  # and not again until it grows once more
