"""The one exception type the core raises for bad input: a plain sentence for the user."""

from __future__ import annotations


class RosterError(Exception):
    """An input or output problem told in one plain sentence that says what and where.

    Anything the user gave us that we cannot read or write becomes a RosterError; the GUI and the
    CLI show ``str(error)`` and never a traceback.
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class Cancelled(Exception):
    """Raised inside long work when the caller's cancel flag was set."""
