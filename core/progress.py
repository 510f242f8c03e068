"""Progress reporting and cancellation for long core work, with no knowledge of Qt."""

from __future__ import annotations

import threading
from collections.abc import Callable

from core.errors import Cancelled

ProgressFn = Callable[[float, str], None]


class CancelFlag:
    """A thread-safe flag the GUI sets and the core polls between chunks of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class Progress:
    """Wraps an optional callback and cancel flag so core code can call it unconditionally."""

    def __init__(self, callback: ProgressFn | None = None, cancel: CancelFlag | None = None) -> None:
        self._callback = callback
        self._cancel = cancel

    def report(self, fraction: float, text: str = "") -> None:
        if self._cancel is not None:
            self._cancel.check()
        if self._callback is not None:
            self._callback(max(0.0, min(1.0, fraction)), text)

    def check(self) -> None:
        if self._cancel is not None:
            self._cancel.check()


NO_PROGRESS = Progress()
