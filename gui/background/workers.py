"""Background work: a QRunnable per task with a signals object, and a runner the window owns.

Core functions take a ``core.progress.Progress`` (callback + cancel flag) and know nothing of Qt. The
worker runs them in the global QThreadPool and reports back through queued signals, so no widget is
ever touched off the main thread.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
import traceback
from typing import Protocol, TypeVar
from collections.abc import Callable, Iterator

from shiboken6 import isValid
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from core.errors import Cancelled
from core.pacing import set_pause_hook
from core.progress import CancelFlag, Progress
from gui.background.collector import collect_in_this_thread

log = logging.getLogger(__name__)

T = TypeVar("T")


class CheckRunner(Protocol):
    """Runs ``compute()`` in the background and calls ``done(result)`` in the main thread
    (``TaskRunner.check_runner`` makes one per document)."""

    def __call__(self, compute: Callable[[], T], done: Callable[[T], None], /) -> None: ...


_POOL: QThreadPool | None = None


class Heartbeat(QObject):
    """Lets the background thread give the interpreter back when the window falls behind.

    While tasks run, a 20 ms timer in the window's thread notes each time it gets to run. At every
    pause point of the core's long work (core/pacing.py) the worker looks: when the window has not
    run for ``LATE`` seconds (it waits for the interpreter, e.g. a repaint making thousands of
    Python calls), the worker sleeps until it has, or at most ``GIVE_UP`` seconds. A window silent
    for ``STALE`` seconds is not waiting for the interpreter (it is closing, or busy with long work
    of its own): then the worker goes on. Measured with bench/bench_window.py.

    While the window holds it (``hold``: a quick re-check after an edit) the worker sleeps at its
    next pause point without waiting to see the window late: the edit's marks show after one slice
    of the worker's work instead of after several.
    """

    LATE = 0.05
    GIVE_UP = 0.25
    STALE = 1.0

    def __init__(self) -> None:
        super().__init__()
        self.last = time.monotonic()
        self.users = 0
        self.holds = 0
        self.timer = QTimer(self)
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.beat)
        set_pause_hook(self.pause)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)  # a check still running must not wait for a closed window

    def beat(self) -> None:
        self.last = time.monotonic()

    def acquire(self) -> None:
        self.users += 1
        self.beat()
        self.timer.start()

    def release(self) -> None:
        self.users = max(0, self.users - 1)
        if not self.users:
            self.timer.stop()

    def stop(self) -> None:
        self.users = 0
        self.timer.stop()

    def pause(self) -> None:
        """The pause-point hook (runs in whichever thread reaches a pause point)."""
        if not self.users or threading.current_thread() is threading.main_thread():
            return
        start = time.monotonic()
        while (self.holds or self.LATE < time.monotonic() - self.last < self.STALE) and time.monotonic() - start < self.GIVE_UP:
            time.sleep(0.002)

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Keep the worker asleep at its pause points while the window does something now."""
        self.holds += 1
        try:
            yield
        finally:
            self.holds -= 1


_HEARTBEAT: Heartbeat | None = None


@contextlib.contextmanager
def window_first() -> Iterator[None]:
    """While the window's thread does work the user waits for, background work steps aside at its
    next pause point (nothing to do when no background work was ever started)."""
    if _HEARTBEAT is None:
        yield
        return
    with _HEARTBEAT.hold():
        yield


def heartbeat() -> Heartbeat:
    """The one heartbeat, made in the window's thread with the pool."""
    global _HEARTBEAT
    if _HEARTBEAT is None:
        _HEARTBEAT = Heartbeat()
    return _HEARTBEAT


def work_pool() -> QThreadPool:
    """The one background thread all CPU work shares.

    Python runs one thread at a time; two busy workers (a check and a column profile) starve the
    main thread of the interpreter for seconds (measured: 8 s without a repaint on a million-row
    file), while one worker leaves it a turn every few milliseconds. Work queues up instead.
    """
    global _POOL
    if _POOL is None:
        # Every cell the grid paints is a call into Python, and each call must win the interpreter
        # back from a busy worker: at the default 5 ms switch interval a repaint during a check
        # took 7.5 s on a million-row file; at 0.2 ms the longest stall was 1.2 s, and the check
        # itself was no slower (one worker thread, so switches only happen when the window asks).
        sys.setswitchinterval(0.0002)
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(1)
        _POOL.setExpiryTimeout(-1)
        heartbeat()
        collect_in_this_thread()  # from now on Qt objects must not be freed in the worker
    return _POOL


def traceback_text(err: BaseException) -> str:
    """The traceback of an exception a background task raised, for the log ("" without one)."""
    if err.__traceback__ is None:
        return ""
    return "".join(traceback.format_exception(type(err), err, err.__traceback__))


class WorkerSignals(QObject):
    """Lives in the main thread; signals emitted from the worker thread arrive queued."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()


def _ended(progress: Progress) -> None:
    """What an ended worker holds instead of its work."""


class Worker(QRunnable):
    """Runs ``fn(progress)`` in the thread pool and reports its result through ``signals``."""

    def __init__(self, fn: Callable[[Progress], object]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Task keeps it until its signals are delivered
        self.fn = fn
        self.cancel_flag = CancelFlag()
        self.signals = WorkerSignals()
        self._last_step = -1

    def run(self) -> None:
        progress = Progress(self._progress, self.cancel_flag)
        try:
            try:
                result = self.fn(progress)
            except Cancelled:
                self.signals.cancelled.emit()
            except Exception as err:
                self.signals.failed.emit(err)  # its __traceback__ goes with it (traceback_text)
            else:
                self.signals.finished.emit(result)
        except RuntimeError:
            # the receiver (a panel, the window) was deleted while we worked: nobody wants the result
            log.debug("background result dropped: its receiver is gone")

    def _progress(self, fraction: float, text: str) -> None:
        # many small reports: keep only those that move the bar (each emit crosses threads)
        step = int(fraction * 200)
        if step != self._last_step or fraction >= 1.0:
            self._last_step = step
            self.signals.progress.emit(fraction, text)


class Task(QObject):
    """One piece of background work the window shows (label, progress, cancel)."""

    progress = Signal(float, str)
    done = Signal()  # finished, failed or cancelled

    def __init__(self, label: str, worker: Worker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.worker = worker
        self.running = True

    def cancel(self) -> None:
        self.worker.cancel_flag.cancel()


class TaskRunner(QObject):
    """Starts background tasks and keeps them alive until they report.

    ``taskStarted``/``taskEnded`` let the status bar show a progress bar and a Cancel button for
    tasks the user waits for (``visible=True``); background re-checks only show "Checking…".
    """

    taskStarted = Signal(object)  # Task
    taskEnded = Signal(object)  # Task

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = work_pool()
        self.tasks: list[Task] = []

    @property
    def busy(self) -> bool:
        return bool(self.tasks)

    def start(
        self,
        label: str,
        fn: Callable[[Progress], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        *,
        visible: bool = True,
    ) -> Task:
        """Run ``fn(progress)`` in the background; call ``on_done(result)`` in the main thread."""
        worker = Worker(fn)
        task = Task(label, worker, self)
        task.setProperty("visible", visible)
        worker.signals.progress.connect(task.progress)

        def end() -> bool:
            """The task is over; False when the runner went with its owner (a closed wizard) and
            nobody waits for what it did."""
            if task in self.tasks:
                self.tasks.remove(task)
                heartbeat().release()
            # Let go of the work and its callbacks: the pool keeps every worker it ran and a task
            # stayed the runner's child, so each full check's engine and findings lived on (70 MB
            # of indexes a check on the 1M district) until the window closed.
            worker.fn = _ended
            worker.signals.deleteLater()
            if isValid(task):
                task.deleteLater()
            if not isValid(self):
                return False
            task.running = False
            self.taskEnded.emit(task)
            task.done.emit()
            return True

        def finished(result: T) -> None:  # what fn returned, through a Signal(object)
            if end():
                on_done(result)

        def failed(err: BaseException) -> None:
            if not end():
                return
            log.error("%s failed: %s\n%s", label, err, traceback_text(err))
            if on_error is not None:
                on_error(err)

        def cancelled() -> None:
            if not end():
                return
            log.info("%s cancelled", label)
            if on_cancel is not None:
                on_cancel()

        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(failed)
        worker.signals.cancelled.connect(cancelled)
        self.tasks.append(task)
        heartbeat().acquire()
        self.taskStarted.emit(task)
        self.pool.start(worker)
        return task

    def check_runner(self, on_failed: Callable[[BaseException], None]) -> CheckRunner:
        """A ``RosterDocument.background`` runner, one per document: only the newest check it ran
        reports (the documents of the window and of the Prepare wizard check side by side, and one
        must never drop the other's result)."""
        generation = 0

        def run(compute: Callable[[], T], done: Callable[[T], None], /) -> None:
            nonlocal generation
            generation += 1
            mine = generation

            def apply(result: T) -> None:
                if mine == generation:
                    done(result)

            def failed(err: BaseException) -> None:
                # an edit can change a table under a running check; only the newest check counts
                if mine == generation:
                    on_failed(err)

            self.start("Checking", lambda progress: compute(), apply, failed, visible=False)

        return run

    def cancel_all(self) -> None:
        for t in list(self.tasks):
            t.cancel()

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """For shutdown and tests: wait for the pool (signals are delivered by the event loop)."""
        return self.pool.waitForDone(msecs)
