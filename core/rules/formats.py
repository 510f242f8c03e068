"""Value checks of one column: required, format, enumeration.

A validator looks at one value and returns an Issue or None. Columns share repeated string
objects, so the engine validates each distinct value once (``bad_values``) and only then looks for
the rows that hold a bad one. Values are never changed or parsed into other types.
"""

from __future__ import annotations

import datetime as _dt
import re
from itertools import islice
from typing import Any, NamedTuple
from collections.abc import Callable, Iterable

from core.rules.spec import ColumnRule, RuleSet


class Issue(NamedTuple):
    severity: str
    code: str
    params: dict[str, Any]
    fix: str | None = None


_GUID_CHARS = re.compile(r"[0-9A-Za-z._\-/@]*")
_GUID_BAD_CHAR = re.compile(r"[^0-9A-Za-z._\-/@]")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z")
_YEAR = re.compile(r"\d{4}")
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_EMAIL = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+")
_USER_ID = re.compile(r"\{[^{}:\s]+:[^{}]+\}")


def split_list(value: str) -> list[str]:
    """The items of a list field; spaces after the commas are allowed (real files have them)."""
    return [item.strip() for item in value.split(",")]


def real_date(value: str) -> bool:
    m = _DATE.fullmatch(value)
    if m is None:
        return False
    try:
        _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


def _date(value: str) -> Issue | None:
    if real_date(value):
        return None
    if _DATE.fullmatch(value):
        return Issue("error", "value.date_not_real", {})
    return Issue("error", "value.date", {})


def _datetime(date_only_ok: bool) -> Callable[[str], Issue | None]:
    def check(value: str) -> Issue | None:
        m = _DATETIME.fullmatch(value)
        if m is not None:
            try:
                _dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), min(int(m[6]), 59))
            except ValueError:
                return Issue("error", "value.date_not_real", {})
            return None
        if _DATE.fullmatch(value):
            if not real_date(value):
                return Issue("error", "value.date_not_real", {})
            return None if date_only_ok else Issue("warning", "value.datetime_date_only", {})
        return Issue("error", "value.datetime", {})

    return check


def _year(value: str) -> Issue | None:
    return None if _YEAR.fullmatch(value) else Issue("error", "value.year", {})


def _float(value: str) -> Issue | None:
    return None if _FLOAT.fullmatch(value) else Issue("error", "value.float", {})


def _email(value: str) -> Issue | None:
    return None if _EMAIL.fullmatch(value) else Issue("warning", "value.email", {})


def _guid(value: str) -> Issue | None:
    if len(value) >= 256:
        return Issue("error", "value.guid_length", {"length": len(value)})
    bad = sorted(set(_GUID_BAD_CHAR.findall(value)))
    if bad:
        chars = ", ".join("a space" if c == " " else f"\"{c}\"" for c in bad)
        return Issue("warning", "value.guid_chars", {"chars": chars})
    return None


def _list(value: str) -> Issue | None:
    if "," in value and "" in split_list(value):
        return Issue("warning", "value.list_empty_item", {})
    return None


def _user_ids(value: str) -> Issue | None:
    for item in split_list(value):
        if not _USER_ID.fullmatch(item):
            return Issue("error", "value.user_ids", {"item": item})
    return None


def grade_fix(item: str, allowed: frozenset[str]) -> str | None:
    """The CEDS code a spreadsheet-damaged or hand-written grade stands for, if it is clear."""
    s = item.strip()
    if s in allowed:
        return s
    if s.isdigit() and len(s) == 1 and s != "0":
        return "0" + s
    upper = s.upper()
    if upper in ("K", "KG", "KINDERGARTEN"):
        return "KG"
    if upper in allowed:
        return upper
    if s.lower() == "other":
        return "Other"
    return None


def _grades(allowed: tuple[str, ...]) -> Callable[[str], Issue | None]:
    allowed_set = frozenset(allowed)

    def check(value: str) -> Issue | None:
        items = split_list(value)
        bad = [i for i in items if i not in allowed_set]
        if not bad:
            return None
        fixes = [grade_fix(i, allowed_set) for i in items]
        fix = ",".join(f for f in fixes if f) if all(fixes) else None
        bad_text = ", ".join(f"\"{b}\"" for b in bad)
        fix_text = f"did you mean {fix}?" if fix else "check the grade."
        return Issue("error", "value.grade", {"bad": bad_text, "fix_text": fix_text}, fix)

    return check


def _enum(
    allowed: tuple[str, ...], tolerated: tuple[str, ...], severity: str, extension: str | None = None
) -> Callable[[str], Issue | None]:
    allowed_set = frozenset(allowed)
    lowered = {a.lower(): a for a in allowed}
    text = ", ".join(allowed)

    def check(value: str) -> Issue | None:
        if value in allowed_set or (extension is not None and value.startswith(extension) and len(value) > len(extension)):
            return None
        if value in tolerated:
            return Issue("warning", "value.status_inactive", {})
        fix = lowered.get(value.strip().lower())
        if fix is not None:
            return Issue(severity, "value.enum_case", {"allowed": text}, fix)
        return Issue(severity, "value.enum", {"allowed": text})

    return check


_FORMATS: dict[str, Callable[[str], Issue | None]] = {
    "date": _date,
    "year": _year,
    "float": _float,
    "email": _email,
    "guid": _guid,
    "list": _list,
    "guidref-list": _list,
    "userIds": _user_ids,
}


class Validator:
    """Checks the values of one column; results are remembered per distinct value."""

    def __init__(self, rule: ColumnRule, rules: RuleSet, *, delta: bool, choice: dict[str, Any] | None = None) -> None:
        self.rule = rule
        req = rule.req
        if req == "delta":
            req = delta
        self.required: Issue | None = None
        if req is True:
            self.required = Issue("error", "value.required_delta" if rule.req == "delta" else "value.required", {})
        # req == "renaissance": counted per column by the engine (one warning per file and column)
        self._check = self._format(rule, rules, choice)
        self._memo: dict[str, Issue | None] = {}
        #: False when the column can hold anything (an optional free-text field)
        self.active = self._check is not None or self.required is not None

    @staticmethod
    def _format(rule: ColumnRule, rules: RuleSet, choice: dict[str, Any] | None) -> Callable[[str], Issue | None] | None:
        if choice is not None:
            return _disputed_enum(choice)
        if rule.fmt == "enum" and rule.enum:
            tolerated = rules.enums.get("status_tolerated", ()) if rule.enum == "status" else ()
            return _enum(rules.enums[rule.enum], tolerated, rule.severity, rules.enum_extension_prefix)
        if rule.fmt == "datetime":
            return _datetime(rules.datetime_date_only_ok)
        if rule.fmt == "grades":
            return _grades(rules.enums["grades"])
        return _FORMATS.get(rule.fmt)

    def check(self, value: str) -> Issue | None:
        """The problem with one value, or None."""
        try:
            return self._memo[value]
        except KeyError:
            pass
        if not value.strip():
            result = self.required
        elif self._check is None:
            result = None
        else:
            result = self._check(value)
        if len(self._memo) > 200_000:
            self._memo.clear()  # a column of unique ids: remembering does not pay
        self._memo[value] = result
        return result

    @staticmethod
    def _batch_ok(batch: re.Pattern[str], values: Iterable[str], count: int) -> bool:
        """One C-speed pass saying every value is well-formed; only a failure looks at each one.

        A block of lines at a time: a pattern that repeats over lines keeps what it needs to go
        back into every line it passed (one match over 100,000 users' ids held 36-57 MB, the
        window's peak), and the bytes of a million ids were 28 MB. Blocks take less time too.
        """
        seen = 0
        it = iter(values)
        while block := list(islice(it, _BATCH_LINES)):
            joined = "\n".join(block)
            if batch is _GUID_BATCH:
                if not _guids_ok(joined, len(block)):
                    return False
            elif joined.count("\n") != len(block) - 1 or batch.fullmatch(joined) is None:
                return False
            seen += len(block)
        return seen == count

    def bad_values(self, distinct: set[str], column: list[str] | None = None) -> dict[str, Issue]:
        """The distinct values that have a problem (``column``, the values in file order, is read
        instead of the set where they are mostly distinct: in order is twice as fast to go through)."""
        if self._check is None and self.required is None:
            return {}
        batch = _BATCH.get(self.rule.fmt)
        whole: Iterable[str] = distinct
        if column is not None and len(distinct) * 2 > len(column):
            whole = column
        if batch is not None and "" not in distinct and self._batch_ok(batch, whole, len(whole)):  # type: ignore[arg-type]
            # every value well-formed (none blank: each pattern needs a visible character)
            return {}
        # blank values: the required finding or nothing, never a format finding
        blank = list(filter(str.isspace, distinct))  # C-level; "" is not isspace
        if "" in distinct:
            blank.append("")
        out: dict[str, Issue] = {v: self.required for v in blank} if self.required is not None else {}
        values = distinct.difference(blank) if blank else distinct
        if self._check is None or not values:
            return out
        if batch is not None and self._batch_ok(batch, values, len(values)):
            return out
        check = self.check
        for v in values:
            issue = check(v)
            if issue is not None:
                out[v] = issue
        return out


# whole-column patterns: every value on its own line, all well-formed (newlines never occur in values
# that pass these, because no item pattern admits one)
_GUID_BATCH = re.compile(r"[0-9A-Za-z._\-/@]{1,255}(?:\n[0-9A-Za-z._\-/@]{1,255})*")
_GUID_BYTES = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._-/@"


_GUID_TO_A = bytes(ord("a") if i in _GUID_BYTES else i for i in range(256))


def _guids_ok(joined: str, count: int) -> bool:
    """What ``_GUID_BATCH`` says of ``count`` values joined by newlines (none empty), in C passes
    over the bytes (ten times faster on a million ids): deleting every allowed byte must leave only
    the separators, and no run of allowed bytes may be longer than 255."""
    if not joined.isascii():
        return False
    data = joined.encode("ascii")
    if len(data.translate(None, _GUID_BYTES)) != count - 1:
        return False
    return b"a" * 256 not in data.translate(_GUID_TO_A)


#: lines per match of a ``_BATCH`` pattern (see ``Validator._batch_ok``)
_BATCH_LINES = 4096

_BATCH = {
    "guid": _GUID_BATCH,
    "email": re.compile(r"(?:[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+\n)*[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]+"),
    "userIds": re.compile(r"(?:\{[^{}:\s,]+:[^{}\n,]+\}(?:, ?\{[^{}:\s,]+:[^{}\n,]+\})*(?:\n|\Z))*"),
}


def _disputed_enum(choice: dict[str, Any]) -> Callable[[str], Issue | None]:
    """A column whose values Renaissance's document and the spec write differently.

    ``choice["decided"]`` is "spec", "renaissance" or None (no export loaded: both are accepted; one
    warning per column says so elsewhere).
    """
    spec: list[str] = choice["spec"]
    ren: list[str] = choice["renaissance"]
    decided = choice.get("decided")
    if decided == "spec":
        allowed, other = spec, ren
    elif decided == "renaissance":
        allowed, other = ren, spec
    else:
        allowed, other = spec + ren, []
    allowed_set = frozenset(allowed)
    to_allowed = {o: a for o, a in zip(other, allowed)}
    lowered = {a.lower(): a for a in (spec if decided != "renaissance" else ren)}
    text = ", ".join(allowed)

    def check(value: str) -> Issue | None:
        if value in allowed_set:
            return None
        if value in to_allowed:
            return Issue("error", "value.enum_reference", {"allowed": text}, to_allowed[value])
        fix = lowered.get(value.strip().lower())
        if fix is not None:
            return Issue("error", "value.enum_case", {"allowed": text}, fix)
        return Issue("error", "value.enum", {"allowed": text})

    return check
