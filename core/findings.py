"""Findings: what the checks report, with stable codes; their wording lives in one catalogue."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as importlib_resources
from collections.abc import Iterable
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All message templates, merged from every ``resources/messages/*.json`` file.

    Each entry is ``{"text": "...", "hint": "..."}``; ``text`` says what is wrong, ``hint`` what to
    do. Templates use ``str.format`` fields from the finding's params plus ``file``, ``line``,
    ``column`` and ``value``.
    """
    merged: dict[str, dict[str, str]] = {}
    folder = importlib_resources.files("resources") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        for code, template in data.items():
            if code in merged:
                raise ValueError(f"message code {code} is defined twice ({entry.name})")
            merged[code] = template
    return merged


class _Defaulting(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(slots=True)
class Finding:
    """One problem found in a roster.

    ``row`` is the 0-based data row index in the table (None for file- or header-level findings);
    ``line`` is the line number in the file as a user sees it (header = 1), or None.
    ``fix`` is a suggested new value for the cell, when the program can apply one.
    """

    severity: Severity
    code: str
    file: str | None = None
    row: int | None = None
    line: int | None = None
    column: str | None = None
    col: int | None = None
    value: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    fix: str | None = None

    @classmethod
    def many(
        cls,
        severity: Iterable[Severity],
        code: Iterable[str],
        file: Iterable[str | None],
        row: Iterable[int | None],
        line: Iterable[int | None],
        column: Iterable[str | None],
        col: Iterable[int | None],
        value: Iterable[str | None],
        params: Iterable[dict[str, Any]],
        fix: Iterable[str | None],
    ) -> list[Finding]:
        """One finding per item of the fields' iterables, taken together (``itertools.repeat`` for
        a field all of them share); the same as calling ``Finding`` on each, but faster, for the
        checks that make up to a million findings at once.

        Each finding is made with ``object.__new__`` and its slots set in one loop: calling the
        class costs about twice as much a finding (the interpreter enters ``__init__`` from C for
        each one). ``__init__`` does nothing more than set the fields; if it ever does, so must this.
        """
        new = object.__new__
        out: list[Finding] = []
        append = out.append
        for s, k, fl, r, ln, cn, c, v, p, x in zip(severity, code, file, row, line, column, col, value, params, fix):
            f = new(cls)
            f.severity = s
            f.code = k
            f.file = fl
            f.row = r
            f.line = ln
            f.column = cn
            f.col = c
            f.value = v
            f.params = p
            f.fix = x
            append(f)
        return out

    def _fields(self) -> _Defaulting:
        values = _Defaulting(self.params)
        values.setdefault("file", self.file or "")
        values.setdefault("line", self.line if self.line is not None else "")
        values.setdefault("column", self.column or "")
        values.setdefault("value", self.value if self.value is not None else "")
        values.setdefault("fix", self.fix if self.fix is not None else "")
        return values

    @property
    def text(self) -> str:
        """What is wrong, in plain words, without the location."""
        template = catalogue().get(self.code)
        if template is None:
            return self.code
        return template["text"].format_map(self._fields())

    @property
    def hint(self) -> str:
        """What to do about it."""
        template = catalogue().get(self.code)
        if template is None or not template.get("hint"):
            return ""
        return template["hint"].format_map(self._fields())

    @property
    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    @property
    def message(self) -> str:
        """Location, what is wrong and what to do, as one plain sentence or two."""
        text = self.text
        hint = self.hint
        loc = self.location
        full = f"{loc}: {text}" if loc else text
        if hint:
            full = f"{full}. {hint}" if not full.endswith((".", "?", "!")) else f"{full} {hint}"
        return full

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "row": self.line,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            **({"fix": self.fix} if self.fix is not None else {}),
        }


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {s: 0 for s in SEVERITIES}
    for f in findings:
        counts[f.severity] += 1
    return counts
