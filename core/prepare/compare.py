"""Step 5: what the upload will change in Renaissance, per school, against the export's snapshot.

Records are matched by sourcedId. A user belongs to every school in its orgSourcedIds, a class
and an enrollment to its schoolSourcedId. A school losing most of its students (or classes, or
enrollments) is what a partial SIS extract looks like, so it is a warning the user must accept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Callable

from core.findings import Finding
from core.prepare.headers import column_key, is_spec_key
from core.roster import Roster
from core.table import Table

KINDS = ("users", "classes", "enrollments")
CHANGES = ("added", "removed", "changed")
#: a drop is large when fewer than this share of a school's records remain...
DROP_KEEP_SHARE = 0.5
#: ...and the school had at least this many (a school of 3 losing 2 is not a partial extract)
DROP_MIN_BEFORE = 5
_SKIP = {"status", "dateLastModified"}
_LIST_KEYS = {"orgSourcedIds", "agentSourcedIds", "grades", "termSourcedIds", "userIds", "subjects", "subjectCodes", "periods"}


@dataclass
class Change:
    """One record added, removed or changed in one school."""

    kind: str  # users | classes | enrollments
    change: str  # added | removed | changed
    school: str
    sourced_id: str
    label: str = ""  # a name to show: the user's name or the class title
    #: for "changed": (column, value in Renaissance, value in the upload)
    columns: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class SchoolComparison:
    school: str
    name: str
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    students_before: int = 0
    students_after: int = 0

    def count(self, kind: str, change: str) -> int:
        return self.counts.get(kind, {}).get(change, 0)


@dataclass
class Drop:
    school: str
    name: str
    what: str  # students | classes | enrollments
    before: int
    after: int

    @property
    def percent_lost(self) -> int:
        return round(100 * (self.before - self.after) / self.before) if self.before else 0


@dataclass
class Comparison:
    schools: list[SchoolComparison] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    drops: list[Drop] = field(default_factory=list)

    def changes_of(self, kind: str, change: str, school: str | None = None) -> list[Change]:
        """The changes of one kind (e.g. users added), in one school or all."""
        return [c for c in self.changes if c.kind == kind and c.change == change and (school is None or c.school == school)]

    def total(self, kind: str, change: str) -> int:
        return sum(s.count(kind, change) for s in self.schools)

    def findings(self) -> list[Finding]:
        return [
            Finding(
                "warning", "prepare.large_drop", file="users.csv" if d.what == "students" else f"{d.what}.csv",
                params={"school": d.school, "name": d.name, "what": d.what, "before": d.before, "after": d.after, "percent": d.percent_lost},
            )
            for d in self.drops
        ]

    def to_json(self, changes: bool = True) -> dict[str, object]:
        """Counts per school and the large drops; with ``changes`` also every record added, removed or changed."""
        out: dict[str, object] = {
            "schools": [
                {"sourcedId": s.school, "name": s.name, "before": s.before, "after": s.after, **{k: s.counts.get(k, {}) for k in KINDS}}
                for s in self.schools
            ],
            "large_drops": [d.__dict__ | {"percent_lost": d.percent_lost} for d in self.drops],
        }
        if changes:
            out["changes"] = [
                {
                    "kind": c.kind, "change": c.change, "school": c.school, "sourcedId": c.sourced_id, "name": c.label,
                    **({"columns": [{"column": n, "renaissance": a, "upload": b} for n, a, b in c.columns]} if c.columns else {}),
                }
                for c in self.changes
            ]
        return out


def _col(table: Table, file: str, key: str) -> int | None:
    return next((i for i, h in enumerate(table.header) if column_key(file, h) == key), None)


def _norm(key: str, value: str) -> str:
    if key in _LIST_KEYS and "," in value:
        return ",".join(v.strip() for v in value.split(","))
    return value


class _Side:
    """One side (Renaissance's export or the upload) of one file, indexed by sourcedId."""

    def __init__(self, table: Table | None, file: str, school_key: str) -> None:
        self.table = table
        self.file = file
        self.rows: dict[str, int] = {}
        self.keys: dict[str, int] = {}
        self.n = table.nrows if table is not None else 0
        self.ids: list[str] = []
        self.school_values: list[str] = [""] * self.n
        self.roles: list[str] | None = None
        if table is None:
            return
        self.keys = {column_key(file, h): i for i, h in enumerate(table.header)}
        k = self.keys.get("sourcedId")
        if k is not None:
            self.ids = table.columns[k]
            rows = self.rows
            for r, v in enumerate(self.ids):
                if v and v not in rows:
                    rows[v] = r
        sc = self.keys.get(school_key)
        if sc is not None:
            self.school_values = table.columns[sc]
        if "role" in self.keys:
            self.roles = table.columns[self.keys["role"]]
        # a million enrollments name a few dozen schools: split each distinct value once
        self._schools_of: dict[str, list[str]] = {}

    def schools_of(self, value: str) -> list[str]:
        got = self._schools_of.get(value)
        if got is None:
            got = self._schools_of[value] = [x.strip() for x in value.split(",") if x.strip()] or [""]
        return got

    def schools(self, r: int) -> list[str]:
        return self.schools_of(self.school_values[r])

    def count(self, rows: list[int]) -> tuple[Counter[str], Counter[str]]:
        """Records and students per school over the given rows (each counted in every school it names)."""
        values = self.school_values
        per_value = Counter(values[r] for r in rows)
        students_per_value: Counter[str] = Counter()
        if self.roles is not None:
            roles = self.roles
            students_per_value = Counter(values[r] for r in rows if roles[r].lower() == "student")
        per_school: Counter[str] = Counter()
        students: Counter[str] = Counter()
        for v, n in per_value.items():
            for sc in self.schools_of(v):
                per_school[sc] += n
        for v, n in students_per_value.items():
            for sc in self.schools_of(v):
                students[sc] += n
        return per_school, students


def _label(side: _Side, r: int, kind: str) -> str:
    t = side.table
    if t is None:
        return ""
    if kind == "users":
        parts = [t.columns[side.keys[k]][r] for k in ("givenName", "familyName") if k in side.keys]
        return " ".join(p for p in parts if p)
    if kind == "classes" and "title" in side.keys:
        return t.columns[side.keys["title"]][r]
    if kind == "enrollments":
        parts = [t.columns[side.keys[k]][r] for k in ("userSourcedId", "classSourcedId") if k in side.keys]
        return " in ".join(p for p in parts if p)
    return ""


_FILES = (("users", "users.csv", "orgSourcedIds"), ("classes", "classes.csv", "schoolSourcedId"), ("enrollments", "enrollments.csv", "schoolSourcedId"))


def compare(upload: Roster, export: Roster) -> Comparison:
    """Count users, classes and enrollments added, removed and changed per school."""
    from core.prepare.records import find_table

    cmp = Comparison()
    per_school: dict[str, SchoolComparison] = {}

    def school(sid: str) -> SchoolComparison:
        s = per_school.get(sid)
        if s is None:
            s = per_school[sid] = SchoolComparison(sid, "", {k: 0 for k in KINDS}, {k: 0 for k in KINDS}, {k: {c: 0 for c in CHANGES} for k in KINDS})
        return s

    for kind, file, skey in _FILES:
        old = _Side(find_table(export, file), file, skey)
        new = _Side(find_table(upload, file), file, skey)
        for side, attr in ((old, "before"), (new, "after")):
            records, students = side.count(list(side.rows.values()))
            for sc, n in records.items():
                getattr(school(sc), attr)[kind] += n
            if kind == "users":
                for sc, n in students.items():
                    if attr == "before":
                        school(sc).students_before += n
                    else:
                        school(sc).students_after += n
        _changes(cmp, school, kind, file, old, new)

    _names(per_school, export, upload)
    cmp.schools = sorted(per_school.values(), key=lambda s: (s.name.lower() or "\uffff", s.school))
    for s in cmp.schools:
        for what, before, after in (
            ("students", s.students_before, s.students_after),
            ("classes", s.before["classes"], s.after["classes"]),
            ("enrollments", s.before["enrollments"], s.after["enrollments"]),
        ):
            if before >= DROP_MIN_BEFORE and after < before * DROP_KEEP_SHARE:
                cmp.drops.append(Drop(s.school, s.name or s.school, what, before, after))
    return cmp


def _changes(cmp: Comparison, school: Callable[[str], SchoolComparison], kind: str, file: str, old: _Side, new: _Side) -> None:
    """Records added, removed and changed per school, in the upload's order (removed in the export's)."""
    common = [k for k in old.keys if k in new.keys and k not in _SKIP and is_spec_key(file, k)]
    pairs = [
        (k, old.table.columns[old.keys[k]], new.table.columns[new.keys[k]], new.table.header[new.keys[k]])  # type: ignore[union-attr]
        for k in common
    ]
    orows = old.rows
    matched = [(r, orows.get(sid)) for sid, r in new.rows.items()]
    # which matched rows differ at all: one pass per column, details only for those
    differ: set[int] = set()
    for _k, ocol, ncol, _name in pairs:
        differ.update(r for r, o in matched if o is not None and ocol[o] != ncol[r])
    ids = new.ids
    for r, o in matched:
        new_schools = new.schools(r)
        if o is None:
            for sc in new_schools:
                _add(cmp, school(sc), Change(kind, "added", sc, ids[r], _label(new, r, kind)))
            continue
        diff: list[tuple[str, str, str]] = []
        if r in differ:
            for k, ocol, ncol, name in pairs:
                a, b = ocol[o], ncol[r]
                if a != b and _norm(k, a) != _norm(k, b):
                    diff.append((name, a, b))
        same_schools = old.school_values[o] == new.school_values[r]
        old_schools = new_schools if same_schools else old.schools(o)
        for sc in new_schools:
            if not same_schools and sc not in old_schools:
                _add(cmp, school(sc), Change(kind, "added", sc, ids[r], _label(new, r, kind)))
            elif diff:
                _add(cmp, school(sc), Change(kind, "changed", sc, ids[r], _label(new, r, kind), diff))
    nrows = new.rows
    for sid, o in orows.items():
        nr = nrows.get(sid)
        if nr is not None and old.school_values[o] == new.school_values[nr]:
            continue
        now = set(new.schools(nr)) if nr is not None else set()
        for sc in old.schools(o):
            if sc not in now:
                _add(cmp, school(sc), Change(kind, "removed", sc, sid, _label(old, o, kind)))


def _add(cmp: Comparison, s: SchoolComparison, change: Change) -> None:
    s.counts[change.kind][change.change] += 1
    cmp.changes.append(change)


def _names(per_school: dict[str, SchoolComparison], *rosters: Roster) -> None:
    from core.prepare.records import find_table

    for roster in rosters:
        orgs = find_table(roster, "orgs.csv")
        if orgs is None:
            continue
        k, n = _col(orgs, "orgs.csv", "sourcedId"), _col(orgs, "orgs.csv", "name")
        if k is None or n is None:
            continue
        for r in range(orgs.nrows):
            s = per_school.get(orgs.cell(r, k))
            if s is not None and not s.name:
                s.name = orgs.cell(r, n)
