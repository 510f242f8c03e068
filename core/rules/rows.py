"""Every finding of one data row: its values, its place among the other rows of its file, and its
references into other files.

``row_findings`` is the single source of truth for row-level findings. The full check uses fast
set operations to find the rows that may have a finding (``candidates``), then asks
``relation_findings`` about each of them, so a full check and a re-check of the same row agree.
Some kinds of finding can be on most rows at once (a file appended to itself, a column filled down
in a spreadsheet), so the full check makes those for the whole file instead, from the same rules:
references (``ref_issue``, judged once per distinct value), repeated enrollments (``duplicates``),
enrollment roles that disagree with their user's, and what is wrong with an enrollment's class,
school and dates (``class_issues``, judged once per distinct combination). Tests compare the full
check with a re-check of every row on random files.
"""

from __future__ import annotations

from core.findings import Finding
from core.rules.common import (
    PARENT_FILES,
    REF_TYPES,
    STAFF_ROLES,
    Context,
    outside_term,
    row_finding,
)
from core.rules.duplicates import row_duplicates
from core.rules.formats import Issue, real_date, split_list
from core.rules.sessions import session_findings
from core.rules.spec import ColumnRule
from core.rules.state import TableState

_f = row_finding


def row_findings(e: Context, t: TableState, r: int) -> list[Finding]:
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


def relation_findings(e: Context, t: TableState, r: int, *, whole_file: bool = False) -> list[Finding]:
    """The row-level findings of row ``r`` that are not about one cell's value alone.

    ``whole_file`` leaves out what the full check finds for the whole file at once, with the same
    result: references (``candidates.ref_findings``), repeated enrollments
    (``duplicates.duplicate_findings``), enrollment roles that disagree with their user's
    (``candidates.role_findings``), and what is wrong with an enrollment's class, school and dates
    (``candidates.class_findings``).
    """
    out: list[Finding] = []
    cols = t.table.columns
    _lists(t, r, out)
    _unique(e, t, r, out)
    if not whole_file:
        _refs(e, t, r, out)
    name = t.name
    if name == "enrollments.csv":
        _enrollment(e, t, r, out, whole_file)
    elif name == "academicSessions.csv":
        _date_order(t, r, "startDate", "endDate", out)
        session_findings(t, r, out)
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


def _unique(e: Context, t: TableState, r: int, out: list[Finding]) -> None:
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
        _staff_email(t, r, out)


def _staff_email(t: TableState, r: int, out: list[Finding]) -> None:
    cols = t.table.columns
    c = t.col("email")
    rc = t.col("role")
    rule = t.hmap.rules.get(c) if c is not None else None
    if c is None or rc is None or rule is None or rule.unique_staff is None:
        return
    v = cols[c][r]
    if not v.strip() or cols[rc][r] not in STAFF_ROLES:
        return
    key = ("staff", v)
    first: int | None = t.memo.get(key, -1)
    if first == -1:
        # the first staff row of the e-mail, once per value and call (not once per row of it)
        roles = cols[rc]
        first = t.memo[key] = next((x for x in t.index(c).rows(v) if roles[x] in STAFF_ROLES), None)
    if first is not None and first != r:
        out.append(_f(t, r, c, Issue(rule.unique_staff, "unique.staff_email", {"first_line": t.table.line_of(first)})))


def _refs(e: Context, t: TableState, r: int, out: list[Finding]) -> None:
    cols = t.table.columns
    for c, rule in t.hmap.rules.items():
        if rule.ref is not None:
            issue = ref_issue(e, rule, cols[c][r])
            if issue is not None:
                out.append(_f(t, r, c, issue))


def ref_issue(e: Context, rule: ColumnRule, value: str) -> Issue | None:
    """What is wrong with a reference to another file (``rule.ref``): an id it does not have, or
    a record of the wrong kind. It depends on the value alone, so the full check judges each
    distinct value once (``candidates.ref_findings``); a re-check, each row."""
    if not value.strip():
        return None
    target = e.states.get(rule.ref)  # type: ignore[arg-type]
    if target is None:
        return None
    kc = target.col("sourcedId")
    if kc is None:
        return None
    keys = target.index(kc)
    items = split_list(value) if rule.fmt == "guidref-list" else [value]
    missing = [i for i in items if i and i not in keys]
    if missing:
        return Issue("error", "ref.missing", {"item": ", ".join(missing), "target": rule.ref})
    if rule.ref_type:
        kind = REF_TYPES[rule.ref_type]
        found = e.lookup(rule.ref, value, kind.column)  # type: ignore[arg-type]
        if found is not None and kind.wrong(found):
            return Issue(kind.severity, kind.code, {kind.param: found})
    return None


def _enrollment(e: Context, t: TableState, r: int, out: list[Finding], whole_file: bool) -> None:
    cols = t.table.columns
    cc, sc, uc, rc = (t.col(n) for n in ("classSourcedId", "schoolSourcedId", "userSourcedId", "role"))
    if cc is None:
        return
    cls = cols[cc][r]
    role = cols[rc][r] if rc is not None else ""
    user = cols[uc][r] if uc is not None else ""
    row_duplicates(t, r, out, repeats=not whole_file)
    pc = t.col("primary")
    if pc is not None and cols[pc][r] == "true" and role.strip() and role.strip().lower() != "teacher":
        # "applicable only to teachers" (spec): a student marked primary is the class's lead for some importers
        out.append(_f(t, r, pc, Issue("warning", "value.primary_not_teacher", {"role": role}, "false")))
    if uc is not None and rc is not None and user.strip() and not whole_file:
        user_role = e.lookup("users.csv", user, "role")
        if user_role is not None and _role_mismatch(role, user_role):
            out.append(_f(t, r, rc, Issue("error", "ref.role_mismatch",
                                          {"enrollment_role": role, "user_id": user, "user_role": user_role})))
    if not whole_file:
        school = cols[sc][r] if sc is not None else ""
        for c, issue in class_issues(e, t, cls, school, t.value(r, "beginDate"), t.value(r, "endDate")):
            out.append(_f(t, r, c, issue))


def class_issues(e: Context, t: TableState, cls: str, school: str, begin: str, end: str) -> list[tuple[int, Issue]]:
    """What is wrong with an enrollment for its class, school and dates alone, as (the column it is
    on, the issue): its school is not its class's, its dates are out of order, or they lie outside its
    class's terms. The full check judges each distinct (class, school, begin, end) once
    (``candidates.class_findings``); a re-check, each row."""
    out: list[tuple[int, Issue]] = []
    sc, bc, ec = t.col("schoolSourcedId"), t.col("beginDate"), t.col("endDate")
    if cls.strip() and sc is not None:
        class_school = e.lookup("classes.csv", cls, "schoolSourcedId")
        if school.strip() and class_school and class_school != school and school in e.keys("orgs.csv"):
            out.append((sc, Issue("error", "ref.school_mismatch", {"class_id": cls, "class_school": class_school})))
    b_ok, e_ok = real_date(begin), real_date(end)
    if b_ok and e_ok and begin > end and bc is not None and ec is not None:
        out.append((bc, Issue("error", "value.date_order", {"other_column": t.table.header[ec], "other_value": end})))
    params = outside_term(e, cls, begin, end)
    if params is not None:
        out.append((bc if b_ok else ec, Issue("warning", "value.enrollment_outside_term", params)))  # type: ignore[arg-type]
    return out


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


def _student_grade(e: Context, t: TableState, r: int, out: list[Finding]) -> None:
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
