"""Background work: results, failures and cancelling arrive in the main thread."""

from __future__ import annotations

import threading
import time

import pytest

from core.errors import RosterError
from core.progress import Progress
from gui.background.workers import TaskRunner


def test_result_arrives_in_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    got = []
    main = threading.get_ident()

    def work(progress: Progress) -> int:
        progress.report(0.5, "half")
        return threading.get_ident()

    runner.start("Work", work, lambda r: got.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(got))
    worker_thread, callback_thread = got[0]
    assert worker_thread != main and callback_thread == main
    assert not runner.busy


def test_an_ended_task_lets_go_of_its_work_and_callbacks(qtbot) -> None:  # type: ignore[no-untyped-def]
    """What a task worked with (a full check's engine) and what its callback holds (the check's
    findings) go once it has ended, though the pool keeps every worker it ran."""
    import gc
    import weakref

    from gui.background.workers import Task

    class Held:
        pass

    runner = TaskRunner()
    engine, findings = Held(), Held()
    gone = [weakref.ref(engine), weakref.ref(findings)]
    got = []

    def work(progress: Progress, engine: Held = engine) -> str:
        return "checked"

    runner.start("Checking", work, lambda r, findings=findings: got.append(r))
    del engine, findings, work
    qtbot.waitUntil(lambda: bool(got))
    qtbot.waitUntil(lambda: not runner.findChildren(Task))  # deleted later, by the event loop
    gc.collect()
    assert got == ["checked"] and [ref() for ref in gone] == [None, None]


def test_failure_and_cancel_are_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    errors: list[BaseException] = []

    def bad(progress: Progress) -> None:
        raise RosterError("cannot read it", where="users.csv")

    runner.start("Bad", bad, lambda r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "users.csv: cannot read it"

    started = threading.Event()
    cancelled = []

    def slow(progress: Progress) -> None:
        started.set()
        while True:
            progress.check()

    task = runner.start("Slow", slow, lambda r: None, None, lambda: cancelled.append(True))
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(cancelled))
    assert not runner.busy


def test_only_the_newest_check_result_is_applied(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    run = runner.check_runner(lambda err: None)
    gate = threading.Event()
    applied = []

    def first() -> str:
        gate.wait(5)
        return "old"

    run(first, applied.append)
    run(lambda: "new", applied.append)
    # one worker thread: the old check is still running while the new one is queued behind it
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy)  # both results were delivered; the old one dropped
    assert applied == ["new"]


@pytest.fixture
def heartbeat(qtbot):  # type: ignore[no-untyped-def]
    """A heartbeat with a task running, whose window this test says when it runs; the window's own
    pause hook is put back after."""
    from core import pacing
    from gui.background.workers import Heartbeat

    before = pacing._pause_hook
    hb = Heartbeat()
    hb.GIVE_UP = 30.0
    hb.acquire()
    yield hb
    hb.release()
    pacing.set_pause_hook(before)


def _worker_at_a_pause_point() -> tuple[threading.Thread, threading.Event]:
    """A started thread that reaches a pause point, then sets the event."""
    from core import pacing

    left = threading.Event()
    t = threading.Thread(target=lambda: (pacing.pause_point(), left.set()))
    t.start()
    return t, left


def test_the_worker_waits_at_a_pause_point_until_the_window_has_run(heartbeat) -> None:  # type: ignore[no-untyped-def]
    hb = heartbeat
    hb.STALE = 30.0  # this test decides when the window "runs"
    hb.pause()  # the window's own thread never waits for itself
    hb.last -= 10  # the window has not run for a while
    t, left = _worker_at_a_pause_point()
    assert not left.wait(0.2)  # still waiting for the window
    hb.beat()  # the window's timer ran
    assert left.wait(5)
    t.join()
    hb.release()
    assert not hb.timer.isActive()


def test_the_worker_does_not_wait_for_a_window_that_went_silent(heartbeat) -> None:  # type: ignore[no-untyped-def]
    from core import pacing

    hb = heartbeat
    for silent in (hb.STALE + 1, 0.0):  # closing (or busy with its own work), or on time
        hb.last = time.monotonic() - silent
        t, done = _worker_at_a_pause_point()
        assert done.wait(5)
        t.join()
    hb.stop()
    hb.last -= 0.2  # late, but the heartbeat was stopped (the application is quitting)
    t = threading.Thread(target=pacing.pause_point)
    t.start()
    t.join(5)
    assert not t.is_alive()


def test_the_worker_steps_aside_while_the_window_holds_it(heartbeat) -> None:  # type: ignore[no-untyped-def]
    hb = heartbeat
    with hb.hold():
        hb.beat()  # the window is on time: only the hold keeps the worker waiting
        t, left = _worker_at_a_pause_point()
        assert not left.wait(0.2)
    assert left.wait(5)
    t.join()
