"""Fast search for the rows that may have a finding, for the full check.

Everything here works on distinct values and sets (columns share repeated string objects, so
``set(column)`` is cheap), and returns rows for ``rows.row_findings`` to judge. It may return
rows without a finding; it must never miss one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import compress, repeat
from operator import is_

from core.findings import Finding
from core.pacing import pause_point
from core.rules.common import PARENT_FILES, REF_TYPES, STAFF_ROLES, Context, lines_of, next_day, outside_range, term_range
from core.rules.duplicates import class_spans, duplicate_findings, primary_candidates
from core.rules.formats import Issue, real_date, split_list
from core.rules.rows import class_issues, ref_issue
from core.rules.state import TableState

Distinct = Callable[[int], set[str]]


def _rows_with(column: list[str], bad: set[str] | Mapping[str, object]) -> list[int]:
    if not bad:
        return []
    return [i for i, v in enumerate(column) if v in bad]


def _value_findings(t: TableState, c: int, bad: dict[str, Issue]) -> list[Finding]:
    """The same findings as ``rows._f`` per bad cell, built with less overhead (a damaged column can
    hold a million of them)."""
    tb = t.table
    col = tb.columns[c]
    name, column = t.name, tb.header[c]
    short = tb.short_records
    rows = _rows_with(col, bad)
    if short:
        rows = [i for i in rows if not tb.is_missing(i, c)]
    # one params dict per bad value, shared by its findings (nothing changes a finding's params)
    made = {v: (issue, dict(issue.params) if issue.params else {}) for v, issue in bad.items()}
    return [
        Finding(issue.severity, issue.code, name, i, line, column, c, v, params, issue.fix)  # type: ignore[arg-type]
        for i, line in zip(rows, lines_of(tb, rows))
        for v in (col[i],)
        for issue, params in (made[v],)
    ]


def _duplicate_values(column: list[str], distinct: set[str]) -> set[str]:
    if len(distinct) == len(column):
        return set()
    seen: set[str] = set()
    dup: set[str] = set()
    for v in column:
        if v in seen:
            dup.add(v)
        else:
            seen.add(v)
    dup.discard("")
    return dup


def candidates(e: Context, t: TableState) -> tuple[list[Finding], set[int]]:
    """The findings about single values of ``t`` (what ``row_findings`` reports from its validators,
    made here per bad distinct value) and its repeated enrollments (made here for the whole file),
    and the rows that may have another ``relation_findings`` finding."""
    cols = t.table.columns
    n = t.table.nrows
    name = t.name
    rows: set[int] = set()
    # the sets of this file's columns, kept while it is checked (a table keeps no set of a column
    # of distinct values: see ``Table.distinct``); the keys of a file others refer to are the
    # engine's for the whole check
    sets: dict[int, set[str]] = {}
    kc = t.col("sourcedId")
    if kc is not None and any(rule.ref == name for s in e.states.values() for rule in s.hmap.rules.values()):
        sets[kc] = e.key_set(name)

    def distinct(c: int) -> set[str]:
        found = sets.get(c)
        if found is None:
            found = sets[c] = t.table.distinct(c)
        return found

    value_findings: list[Finding] = []
    for c, v in t.validators.items():
        pause_point()
        if not v.active:
            continue
        bad = v.bad_values(distinct(c), cols[c])
        if bad:
            value_findings.extend(_value_findings(t, c, bad))
    for c, rule in t.hmap.rules.items():
        if rule.unique is not None:
            rows.update(_rows_with(cols[c], _duplicate_values(cols[c], distinct(c))))
        if rule.pair is not None and t.col(rule.pair) is not None:
            pc = t.col(rule.pair)
            pairs = {(a, b) for a, b in set(zip(cols[c], cols[pc])) if a.strip() and b.strip()}  # type: ignore[index]
            bad_pairs = {p for p in pairs if len(split_list(p[0])) != len(split_list(p[1]))}
            if bad_pairs:
                rows.update(i for i, p in enumerate(zip(cols[c], cols[pc])) if p in bad_pairs)  # type: ignore[index]
        if rule.ref is not None:
            value_findings.extend(ref_findings(e, t, c, distinct(c)))
    # what follows asks for columns of repeats, which the table keeps: a set of ids (32 MB for a
    # million enrollments) would be the check's peak while the class index is built beside it
    sets.clear()
    if name == "users.csv":
        rows.update(_user_rows(e, t))
    elif name == "enrollments.csv":
        value_findings.extend(duplicate_findings(t))
        value_findings.extend(role_findings(e, t, distinct))
        value_findings.extend(class_findings(e, t, distinct))
        rows.update(_enrollment_rows(e, t, distinct))
    elif name == "academicSessions.csv":
        rows.update(range(n))  # small: every row's dates are compared
    if name in PARENT_FILES:
        pc = t.col("parentSourcedId")
        if pc is not None:
            rows.update(i for i, v in enumerate(cols[pc]) if v.strip())
    if name == "orgs.csv" and e.reference_orgs is not None:
        kc = t.col("sourcedId")
        if kc is not None:
            rows.update(_rows_with(cols[kc], distinct(kc) - e.reference_orgs))
    return value_findings, rows


def ref_findings(e: Context, t: TableState, c: int, distinct: set[str]) -> list[Finding]:
    """The findings of a reference column (an id the other file does not have, or a record of the
    wrong kind), judged once per distinct value (``rows.ref_issue``, which a re-check asks row by
    row) and made for the whole file: an id filled down a column is wrong on most rows."""
    rule = t.hmap.rules[c]
    target = e.states.get(rule.ref)  # type: ignore[arg-type]
    if target is None or target.col("sourcedId") is None:
        return []
    keys = e.key_set(rule.ref)  # type: ignore[arg-type]
    cells = set(filter(str.strip, distinct))  # not blank
    if rule.fmt == "guidref-list":
        suspects = {v for v in cells if any(i not in keys for i in split_list(v))}
    else:
        suspects = cells - keys
    if rule.ref_type:
        kind = REF_TYPES[rule.ref_type]
        kinds = e.kinds(rule.ref, kind.column)  # type: ignore[arg-type]
        suspects |= {v for v in cells if v in kinds and kind.wrong(kinds[v])}
    bad = {v: issue for v in suspects if (issue := ref_issue(e, rule, v)) is not None}
    return _value_findings(t, c, bad) if bad else []


def _user_rows(e: Context, t: TableState) -> list[int]:
    cols = t.table.columns
    out: list[int] = []
    ec, rc = t.col("email"), t.col("role")
    if ec is not None and rc is not None:
        seen: set[str] = set()
        dup: set[str] = set()
        for v, role in zip(cols[ec], cols[rc]):
            if v.strip() and role in STAFF_ROLES:
                if v in seen:
                    dup.add(v)
                seen.add(v)
        out.extend(_rows_with(cols[ec], dup))
    name = e.rules.student_grade_column
    gc = t.col(name) if name else None
    if gc is not None and rc is not None:
        out.extend(i for i, (role, g) in enumerate(zip(cols[rc], cols[gc])) if role == "student" and not g.strip())
    return out


def _enrollment_rows(e: Context, t: TableState, distinct: Distinct) -> list[int]:
    cc, uc, rc = (t.col(x) for x in ("classSourcedId", "userSourcedId", "role"))
    out: list[int] = []
    if cc is None:
        return out
    if uc is not None and rc is not None:
        pause_point()
        out.extend(primary_candidates(t))
    return out


def _is_student(role: str) -> bool | None:
    """True for a student's role, False for another role, None for a blank one (never a mismatch)."""
    return role.strip().lower() == "student" if role.strip() else None


def role_findings(e: Context, t: TableState, distinct: Distinct) -> list[Finding]:
    """Every enrollment whose role and its user's role in users.csv disagree on being a student,
    for the whole file at once (``rows._enrollment`` gives the same finding row by row, in a
    re-check): a role column filled down in a spreadsheet makes one on most rows, and judging
    each of those rows with all the row checks took a minute for 600,000 rows."""
    uc, rc = t.col("userSourcedId"), t.col("role")
    if uc is None or rc is None or t.col("classSourcedId") is None:
        return []  # without classes an enrollment is not judged further (rows._enrollment)
    tb = t.table
    users, roles = tb.columns[uc], tb.columns[rc]
    rows = sorted(i for i in _role_rows(e, users, roles, distinct(uc), distinct(rc)) if users[i].strip())
    if not rows:
        return []
    user_roles = e.kinds("users.csv", "role")
    enrolled_as = list(map(roles.__getitem__, rows))
    params = [{"enrollment_role": role, "user_id": users[i], "user_role": user_roles[users[i]]}
              for i, role in zip(rows, enrolled_as)]
    return Finding.many(repeat("error"), repeat("ref.role_mismatch"), repeat(t.name), rows, lines_of(tb, rows),
                        repeat(tb.header[rc]), repeat(rc), enrolled_as, params, repeat(None))


def _role_rows(e: Context, users: list[str], roles: list[str], users_in: set[str], roles_in: set[str]) -> list[int]:
    """Rows whose enrollment role and users.csv role disagree on being a student, found with C-level
    passes: the users on each side are sorted out once per distinct user, and only the rows of the
    few users that can disagree are looked at one by one."""
    user_roles = e.kinds("users.csv", "role")
    if not user_roles:
        return []
    kind_of = {ro: _is_student(ro) for ro in set(user_roles.values())}
    known = list(users_in.intersection(user_roles))
    kinds = list(map(kind_of.__getitem__, map(user_roles.__getitem__, known)))
    students = set(compress(known, map(is_, kinds, repeat(True))))
    others = set(compress(known, map(is_, kinds, repeat(False))))
    enrolled_as = {ro: _is_student(ro) for ro in roles_in}
    out: list[int] = []
    rows = range(len(users))
    if students and any(v is False for v in enrolled_as.values()):
        as_other = {ro for ro, v in enrolled_as.items() if v is False}
        out.extend(i for i in compress(rows, map(as_other.__contains__, roles)) if users[i] in students)
    if others and any(enrolled_as.values()):
        out.extend(i for i in compress(rows, map(others.__contains__, users)) if enrolled_as[roles[i]])
    return out


def class_findings(e: Context, t: TableState, distinct: Distinct) -> list[Finding]:
    """Every enrollment whose school is not its class's, whose dates are out of order, or which lies
    outside its class's terms (``rows.class_issues``), judged once per distinct (class, school,
    begin, end) and made for the whole file at once: a school or a date filled down a column in a
    spreadsheet makes one on most rows, and row by row each took 30 µs."""
    tb = t.table
    cols = tb.columns
    n = tb.nrows
    cc, sc, bc, ec = (t.col(x) for x in ("classSourcedId", "schoolSourcedId", "beginDate", "endDate"))
    begins_in = distinct(bc) if bc is not None else {""}
    ends_in = distinct(ec) if ec is not None else {""}
    dated = bool(begins_in - {""} or ends_in - {""})
    if cc is None or (sc is None and not dated):
        return []
    cls = cols[cc]
    schools = cols[sc] if sc is not None else [""] * n
    class_school = e.kinds("classes.csv", "schoolSourcedId") if sc is not None else {}
    ok = {d: real_date(d) for d in begins_in | ends_in}
    ranges = _class_ranges(e) if dated else {}
    if not dated or _dates_fit_everywhere(
        [d for d in begins_in if ok[d]], [d for d in ends_in if ok[d]], set(ranges.values())
    ):
        # no row's dates can be out of order or outside its class's terms: only schools can differ
        if sc is None:
            return []
        wanted = list(map(class_school.get, cls))
        if wanted == schools:
            return []
        rows = [i for i, (x, y) in enumerate(zip(wanted, schools)) if x is not None and x != y]
        keys: list[tuple[str, str, str, str]] = [(cls[i], schools[i], "", "") for i in rows]
    else:
        def is_date(value: str) -> bool:
            found = ok.get(value)
            if found is None:
                # not among the distinct values read above: the user edited a date while this
                # check ran in the background (its result is thrown away then, but it must not fail)
                found = ok[value] = real_date(value)
            return found

        bad = set()
        for k in class_spans(t, keep=False):
            expected = class_school.get(k[0])
            if expected is not None and expected != k[1] and sc is not None:
                bad.add(k)
                continue
            b_ok, e_ok = is_date(k[2]), is_date(k[3])
            if b_ok and e_ok and k[2] > k[3]:
                bad.add(k)
                continue
            rng = ranges.get(k[0])
            if rng is not None and (b_ok or e_ok) and outside_range(rng, k[2], k[3], b_ok, e_ok) is not None:
                bad.add(k)
        if not bad:
            return []
        begins = cols[bc] if bc is not None else [""] * n
        ends = cols[ec] if ec is not None else [""] * n
        rows, keys = [], []
        for i, k in enumerate(zip(cls, schools, begins, ends)):
            if k in bad:
                rows.append(i)
                keys.append(k)
    # each distinct key's issues once, with one params dict each (nothing changes a finding's params)
    issues = {k: [(c, issue, dict(issue.params)) for c, issue in class_issues(e, t, *k)] for k in set(keys)}
    at: list[int] = []
    made: list[tuple[int, Issue, dict[str, object]]] = []
    for i, k in zip(rows, keys):
        for found in issues[k]:
            at.append(i)
            made.append(found)
    if not at:
        return []
    on = [c for c, _issue, _params in made]
    return Finding.many(
        (issue.severity for _c, issue, _p in made),  # type: ignore[misc]
        (issue.code for _c, issue, _p in made), repeat(t.name), at, lines_of(tb, at),
        map(tb.header.__getitem__, on), on, map(lambda r, c: cols[c][r], at, on),
        (params for _c, _issue, params in made), (issue.fix for _c, issue, _p in made),
    )


def _dates_fit_everywhere(begins: list[str], ends: list[str], ranges: set[tuple[str, str, str]]) -> bool:
    """True when every begin is before every end and all of them lie inside every class's terms,
    so that no combination of them on a row can be a finding (judged on the distinct dates)."""
    if begins and ends and max(begins) > min(ends):
        return False
    if not ranges:
        return True
    lo = max(r[0] for r in ranges)
    if begins and (min(begins) < lo or max(begins) > min(r[1] for r in ranges)):
        return False
    return not (ends and (min(ends) < lo or max(ends) > min(r[2] for r in ranges)))


def _class_ranges(e: Context) -> dict[str, tuple[str, str, str]]:
    """class -> (first term start, last term end, the day after it), for classes whose terms are known."""
    by_terms: dict[str, tuple[str, str, str] | None] = {}
    out: dict[str, tuple[str, str, str]] = {}
    for cls, terms in e.kinds("classes.csv", "termSourcedIds").items():
        if terms not in by_terms:
            rng = term_range(e, cls)
            by_terms[terms] = None if rng is None else (rng[0], rng[1], next_day(rng[1]))
        r = by_terms[terms]
        if r is not None:
            out[cls] = r
    return out
