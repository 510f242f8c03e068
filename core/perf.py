"""Performance helpers shared by the core and the window."""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cycle collector during one large piece of work.

    Checks, searches and big edits build millions of short-lived tuples and lists but no cycles;
    every automatic collection meanwhile walks all containers of a million-row roster again
    (measured: a 100,000-cell replace 2.1 s with it, 0.4 s without; a full check spent more in the
    collector than in the checks). Garbage made meanwhile is collected afterwards as usual.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
