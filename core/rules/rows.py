"""Every finding of one data row: its values, its place among the other rows of its file, and its
references into other files.

``row_findings`` is the single source of truth for row-level findings. The full check only uses
fast set operations to find the rows that may have a finding (``candidates``), then asks
``row_findings`` about each of them, so a full check and a re-check of the same row always agree.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, NamedTuple

from core.findings import Finding
from core.rules.formats import Issue, real_date, split_list

if TYPE_CHECKING:
    from core.rules.engine import RuleEngine
    from core.rules.state import TableState

STAFF_ROLES = frozenset({"teacher", "administrator", "aide", "proctor"})
PARENT_FILES = ("orgs.csv", "academicSessions.csv")


def _f(t: TableState, r: int, c: int | None, issue: Issue, value: str | None = None) -> Finding:
    tb = t.table
    if value is None and c is not None:
        value = tb.columns[c][r]
    return Finding(
        issue.severity,  # type: ignore[arg-type]
        issue.code,
        file=t.name,
        row=r,
        line=tb.line_of(r),
        column=tb.header[c] if c is not None else None,
        col=c,
        value=value,
        params=dict(issue.params),
        fix=issue.fix,
    )


def _next_day(d: str) -> str:
    return (_dt.date.fromisoformat(d) + _dt.timedelta(days=1)).isoformat()


def row_findings(e: RuleEngine, t: TableState, r: int) -> list[Finding]:
    """All row-level findings of row ``r`` of table ``t``, from the table's current values."""
    out: list[Finding] = []
    cols = t.table.columns
    short = t.table.short_records
    for c, v in t.validators.items():
        issue = v.check(cols[c][r])
        # a field the record does not have at all is the reader's finding (csv.ragged_short), not a value's
        if issue is not None and not (short and t.table.is_missing(r, c)):
            out.append(_f(t, r, c, issue))
    out.extend(relation_findings(e, t, r))
    return out


def relation_findings(e: RuleEngine, t: TableState, r: int) -> list[Finding]:
    """The row-level findings of row ``r`` that are not about one cell's value alone."""
    out: list[Finding] = []
    cols = t.table.columns
    _lists(t, r, out)
    _unique(e, t, r, out)
    _refs(e, t, r, out)
    name = t.name
    if name == "enrollments.csv":
        _enrollment(e, t, r, out)
    elif name == "academicSessions.csv":
        _date_order(t, r, "startDate", "endDate", out)
    elif name == "users.csv":
        _student_grade(e, t, r, out)
    if name in PARENT_FILES:
        _cycle(t, r, out)
    if name == "orgs.csv" and e.reference_orgs is not None:
        c = t.col("sourcedId")
        if c is not None and cols[c][r] and cols[c][r] not in e.reference_orgs:
            out.append(_f(t, r, c, Issue("error", "ref.org_not_in_reference", {"name": t.value(r, "name")})))
    return out


def _lists(t: TableState, r: int, out: list[Finding]) -> None:
    for c, rule in t.hmap.rules.items():
        if rule.pair is None:
            continue
        pc = t.col(rule.pair)
        if pc is None:
            continue
        a, b = t.table.columns[c][r], t.table.columns[pc][r]
        if a.strip() and b.strip():
            na, nb = len(split_list(a)), len(split_list(b))
            if na != nb:
                out.append(_f(t, r, pc, Issue("error", "value.list_lengths", {"n_subjects": na, "n_codes": nb})))


def _unique(e: RuleEngine, t: TableState, r: int, out: list[Finding]) -> None:
    cols = t.table.columns
    for c, rule in t.hmap.rules.items():
        if rule.unique is None:
            continue
        v = cols[c][r]
        if not v.strip():
            continue
        first = t.index(c).first(v)
        if first is not None and first != r:
            code = "unique.sourced_id" if c == t.col("sourcedId") else "unique.username"
            out.append(_f(t, r, c, Issue(rule.unique, code, {"first_line": t.table.line_of(first)})))
    if t.name == "users.csv":
        c = t.col("email")
        rc = t.col("role")
        rule = t.hmap.rules.get(c) if c is not None else None
        if c is None or rc is None or rule is None or rule.unique_staff is None:
            return
        v = cols[c][r]
        if not v.strip() or cols[rc][r] not in STAFF_ROLES:
            return
        roles = cols[rc]
        staff = [x for x in t.index(c).rows(v) if roles[x] in STAFF_ROLES]
        if staff and min(staff) != r:
            first = min(staff)
            out.append(_f(t, r, c, Issue(rule.unique_staff, "unique.staff_email", {"first_line": t.table.line_of(first)})))


def _refs(e: RuleEngine, t: TableState, r: int, out: list[Finding]) -> None:
    cols = t.table.columns
    for c, rule in t.hmap.rules.items():
        if rule.ref is None:
            continue
        v = cols[c][r]
        if not v.strip():
            continue
        target = e.states.get(rule.ref)
        if target is None:
            continue
        kc = target.col("sourcedId")
        if kc is None:
            continue
        keys = target.index(kc)
        items = split_list(v) if rule.fmt == "guidref-list" else [v]
        missing = [i for i in items if i and i not in keys]
        if missing:
            out.append(_f(t, r, c, Issue("error", "ref.missing", {"item": ", ".join(missing), "target": rule.ref})))
            continue
        if rule.ref_type:
            kind = REF_TYPES[rule.ref_type]
            found = e.lookup(rule.ref, v, kind.column)
            if found is not None and kind.wrong(found):
                out.append(_f(t, r, c, Issue(kind.severity, kind.code, {kind.param: found})))  # type: ignore[arg-type]


class RefType(NamedTuple):
    """What a reference's ``ref_type`` asks of the record it names."""

    column: str  # the target's column that says what the record is
    wanted: str  # the value it must have (any case, spaces around)
    severity: str
    code: str
    param: str  # the finding's name for the value found
    blank_is_unknown: bool = False  # a blank value says nothing (no finding)

    def wrong(self, value: str) -> bool:
        if self.blank_is_unknown and not value.strip():
            return False
        return value.strip().lower() != self.wanted


REF_TYPES = {
    "school": RefType("type", "school", "error", "ref.not_school", "org_type"),
    "schoolYear": RefType("type", "schoolyear", "warning", "ref.not_school_year", "session_type"),
    "student": RefType("role", "student", "error", "ref.not_student", "user_role", blank_is_unknown=True),
}


def _enrollment(e: RuleEngine, t: TableState, r: int, out: list[Finding]) -> None:
    cols = t.table.columns
    cc, sc, uc, rc, pc = (t.col(n) for n in ("classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary"))
    if cc is None:
        return
    cls = cols[cc][r]
    role = cols[rc][r] if rc is not None else ""
    user = cols[uc][r] if uc is not None else ""
    if cls.strip():
        group = t.index(cc).rows(cls)
        if len(group) > 1 and uc is not None and rc is not None:
            users, roles = cols[uc], cols[rc]
            span = _span(t, r)
            earlier = [x for x in group if x < r and users[x] == user and roles[x] == role and _overlap(span, _span(t, x))]
            if earlier:
                out.append(_f(t, r, uc, Issue("warning", "unique.enrollment", {"first_line": t.table.line_of(min(earlier))})))
            if pc is not None and role == "teacher" and cols[pc][r] == "true":
                prim = cols[pc]
                # another teacher marked primary at the same time (the same teacher in two terms is fine)
                before = [
                    x for x in group
                    if x < r and roles[x] == "teacher" and prim[x] == "true" and users[x] != user
                    and _overlap(span, _span(t, x))
                ]
                if before:
                    out.append(_f(t, r, pc, Issue("error", "unique.primary_teacher",
                                                  {"first_line": t.table.line_of(min(before)), "class_id": cls})))
        if sc is not None:
            school = cols[sc][r]
            class_school = e.lookup("classes.csv", cls, "schoolSourcedId")
            if school.strip() and class_school and class_school != school and school in e.keys("orgs.csv"):
                out.append(_f(t, r, sc, Issue("error", "ref.school_mismatch", {"class_id": cls, "class_school": class_school})))
    if uc is not None and rc is not None and user.strip():
        user_role = e.lookup("users.csv", user, "role")
        if user_role is not None and _role_mismatch(role, user_role):
            out.append(_f(t, r, rc, Issue("error", "ref.role_mismatch",
                                          {"enrollment_role": role, "user_id": user, "user_role": user_role})))
    _date_order(t, r, "beginDate", "endDate", out)
    _outside_term(e, t, r, out)


def _span(t: TableState, r: int) -> tuple[str, str]:
    """An enrollment's [begin, end) with open ends as "" and "9999" (dates compare as text)."""
    b, e = t.value(r, "beginDate"), t.value(r, "endDate")
    return (b if real_date(b) else "", e if real_date(e) else "9999")


def _overlap(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _role_mismatch(enrollment_role: str, user_role: str) -> bool:
    a = enrollment_role.strip().lower() == "student"
    b = user_role.strip().lower() == "student"
    return a != b and bool(enrollment_role.strip()) and bool(user_role.strip())


def _date_order(t: TableState, r: int, start: str, end: str, out: list[Finding]) -> None:
    a, b = t.value(r, start), t.value(r, end)
    if real_date(a) and real_date(b) and a > b:
        c = t.col(start)
        out.append(_f(t, r, c, Issue("error", "value.date_order",
                                     {"other_column": t.table.header[t.col(end)], "other_value": b})))  # type: ignore[index]


def term_range(e: RuleEngine, cls: str) -> tuple[str, str] | None:
    """The first start and last end date of a class's terms, when all are known."""
    terms = e.lookup("classes.csv", cls, "termSourcedIds")
    if not terms:
        return None
    starts, ends = [], []
    for term in split_list(terms):
        s = e.lookup("academicSessions.csv", term, "startDate")
        en = e.lookup("academicSessions.csv", term, "endDate")
        if s is None or en is None or not real_date(s) or not real_date(en):
            return None
        starts.append(s)
        ends.append(en)
    return min(starts), max(ends)


def outside_range(rng: tuple[str, str, str], begin: str, end: str, b_ok: bool, e_ok: bool) -> dict[str, Any] | None:
    """Params of an enrollment outside its class's terms (lo, hi, day after hi), or None."""
    lo, hi, after = rng
    # endDate is exclusive, so an enrollment may end the day after the term's last day
    if (b_ok and (begin < lo or begin > hi)) or (e_ok and (end > after or end < lo)):
        return {"begin": begin or "?", "end": end or "?", "term_start": lo, "term_end": hi}
    return None


def outside_term(e: RuleEngine, cls: str, begin: str, end: str) -> dict[str, Any] | None:
    b_ok, e_ok = real_date(begin), real_date(end)
    if not (b_ok or e_ok):
        return None
    rng = term_range(e, cls)
    if rng is None:
        return None
    return outside_range((rng[0], rng[1], _next_day(rng[1])), begin, end, b_ok, e_ok)


def _outside_term(e: RuleEngine, t: TableState, r: int, out: list[Finding]) -> None:
    params = outside_term(e, t.value(r, "classSourcedId"), t.value(r, "beginDate"), t.value(r, "endDate"))
    if params is not None:
        c = t.col("beginDate") if real_date(t.value(r, "beginDate")) else t.col("endDate")
        out.append(_f(t, r, c, Issue("warning", "value.enrollment_outside_term", params)))


def _student_grade(e: RuleEngine, t: TableState, r: int, out: list[Finding]) -> None:
    name = e.rules.student_grade_column
    if name is None or t.value(r, "role") != "student":
        return
    c = t.col(name)
    if c is not None and not t.table.columns[c][r].strip():
        out.append(_f(t, r, c, Issue("info", "value.student_without_grade", {})))


def _cycle(t: TableState, r: int, out: list[Finding]) -> None:
    kc, pc = t.col("sourcedId"), t.col("parentSourcedId")
    if kc is None or pc is None:
        return
    keys, parents = t.table.columns[kc], t.table.columns[pc]
    start = keys[r]
    if not parents[r].strip() or not start:
        return
    idx = t.index(kc)
    chain = [start]
    seen = {start}
    cur = r
    for _ in range(len(keys) + 1):
        p = parents[cur]
        if not p.strip():
            return
        if p == start:
            chain.append(p)
            out.append(_f(t, r, pc, Issue("error", "ref.cycle", {"chain": " -> ".join(chain)}), value=start))
            return
        if p in seen:
            return  # a loop further up, reported on its own rows
        nxt = idx.first(p)
        if nxt is None:
            return
        seen.add(p)
        chain.append(p)
        cur = nxt
