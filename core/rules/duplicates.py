"""Repeated enrollments and second primary teachers, in time linear in the rows.

An enrollment repeats an earlier one when the same user has the same role in the same class for an
overlapping span of dates; a teacher marked primary is a second one when another teacher of the
class was marked primary earlier for an overlapping span. Comparing each row with every earlier row
of its class was quadratic (a class of thousands of rows appended twice took minutes), so rows are
grouped by key once:

* ``ClassGroup`` sorts one class's rows by (user, role) and lists its primary teachers; a re-check
  builds it once per class and call (``TableState.memo``), and each row then looks only at the
  rows of its own key.
* ``duplicate_findings`` is the full check's pass over the whole file, on the class index (which
  re-checks keep): per class, a set of its users proves no repeat, and where one fails a dict from
  user to first row gives the repeats, all with C-level passes (a file whose classes hold one row
  each is keyed by the hash of (user, class) instead). Dates are judged on distinct values where they can
  be: when every begin of the file (or of the repeat's class) is before every end, any two of its
  rows overlap and a repeat names its key's first row. Only a row whose dates do not overlap its
  key's first row is compared with the other rows of its key. It gives exactly the findings
  ``row_duplicates`` gives row by row (a test runs both over the same files).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import chain, compress, islice, repeat
from operator import eq, itemgetter, ne, not_, or_

from core.findings import Finding
from core.pacing import SLICE, pause_point, sliced_set_of
from core.rules.common import lines_of, overlap, row_finding, span
from core.rules.formats import Issue, real_date
from core.rules.state import RowChains, TableState

#: classes looked at between pause points (a million rows in 50,000 classes: 20 slices)
_GROUPS = 2500
_COLUMNS = ("classSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate")
#: ``TableState.memo`` key of ``class_spans``
_CLASS_SPANS = "enrollments: distinct (class, school, begin, end)"


class ClassGroup:
    """One class's rows (by the class index), grouped by (user, role), and its primary teachers."""

    __slots__ = ("by_key", "primaries")

    def __init__(self, t: TableState, cls: str) -> None:
        cc, uc, rc, pc = (t.col(n) for n in _COLUMNS[:4])
        rows = sorted(t.index(cc).rows(cls)) if cc is not None else []
        cols = t.table.columns
        users = cols[uc] if uc is not None else [""] * t.table.nrows
        roles = cols[rc] if rc is not None else [""] * t.table.nrows
        self.by_key: dict[tuple[str, str], list[int]] = {}
        for x in rows:
            self.by_key.setdefault((users[x], roles[x]), []).append(x)
        prim = cols[pc] if pc is not None else None
        self.primaries = [x for x in rows if prim is not None and roles[x] == "teacher" and prim[x] == "true"]


def class_group(t: TableState, cls: str) -> ClassGroup:
    """The class's group, built once per check or re-check (the engine empties ``t.memo``)."""
    key = ("class", cls)
    g: ClassGroup | None = t.memo.get(key)
    if g is None:
        g = t.memo[key] = ClassGroup(t, cls)
    return g


def _span_of(t: TableState, r: int) -> tuple[str, str]:
    return span(t.value(r, "beginDate"), t.value(r, "endDate"))


def row_duplicates(t: TableState, r: int, out: list[Finding], *, repeats: bool = True) -> None:
    """The repeated-enrollment (with ``repeats``) and second-primary-teacher findings of row ``r``."""
    cc, uc, rc, pc = (t.col(n) for n in _COLUMNS[:4])
    if cc is None or uc is None or rc is None:
        return
    cols = t.table.columns
    cls = cols[cc][r]
    if not cls.strip():
        return
    user, role = cols[uc][r], cols[rc][r]
    g = class_group(t, cls)
    own: tuple[str, str] | None = None
    if repeats:
        same = g.by_key.get((user, role), ())
        if len(same) > 1 and same[0] < r:
            own = _span_of(t, r)
            for x in same:
                if x >= r:
                    break
                if overlap(own, _span_of(t, x)):
                    out.append(row_finding(t, r, uc, Issue("warning", "unique.enrollment", {"first_line": t.table.line_of(x)})))
                    break
    if pc is None or role != "teacher" or cols[pc][r] != "true":
        return
    users = cols[uc]
    for x in g.primaries:
        if x >= r:
            break
        # another teacher marked primary at the same time (the same teacher in two terms is fine)
        if users[x] != user:
            if own is None:
                own = _span_of(t, r)
            if overlap(own, _span_of(t, x)):
                out.append(row_finding(t, r, pc, Issue("error", "unique.primary_teacher",
                                                       {"first_line": t.table.line_of(x), "class_id": cls})))
                break


def primary_candidates(t: TableState) -> list[int]:
    """The rows of classes where more than one teacher is marked primary (rows that may have a
    second primary teacher's finding; the same teacher marked twice is not a second one), and the
    rows of others than teachers marked primary."""
    cc, uc, rc, pc = (t.col(n) for n in _COLUMNS[:4])
    if cc is None or uc is None or rc is None or pc is None or "true" not in t.table.distinct(pc):
        return []
    cols = t.table.columns
    cls, users, roles = cols[cc], cols[uc], cols[rc]
    marked = list(compress(range(t.table.nrows), map("true".__eq__, cols[pc])))
    marked_roles = list(map(roles.__getitem__, marked))
    teachers = list(compress(marked, map("teacher".__eq__, marked_roles)))
    others = list(compress(marked, map("teacher".__ne__, marked_roles)))
    classes = list(map(cls.__getitem__, teachers))
    marked_classes = len(set(classes))
    if marked_classes == len(teachers):
        return others  # one teacher marked primary per class: the common case
    # classes with two different teachers marked primary, counted on distinct (class, teacher) pairs
    pairs = set(zip(classes, map(users.__getitem__, teachers)))
    if len(pairs) == marked_classes:
        return others  # one teacher per class, marked more than once (a file appended to itself)
    shared = {c for c, k in Counter(c for c, _ in pairs).items() if k > 1}
    return others + [i for i in teachers if cls[i] in shared]


def duplicate_findings(t: TableState) -> list[Finding]:
    """Every repeated-enrollment finding of the file, for the full check (see the module docstring)."""
    cc, uc, rc = (t.col(n) for n in _COLUMNS[:3])
    if cc is None or uc is None or rc is None:
        return []
    tb = t.table
    n = tb.nrows
    cols = tb.columns
    users, cls, roles = cols[uc], cols[cc], cols[rc]
    found = _repeats_by_class(t, cc, users)
    if found is None:
        # classes of one row each, mostly (the class index is chained): one dict over the file,
        # keyed by the hash of (user, class); the keys are proved below
        dup, firsts = _repeats(n, map(hash, zip(users, cls)))
        unproved: tuple[list[str], ...] = (users, cls, roles)
        blank = {v for v in tb.distinct(cc) if not v.strip()} if dup else set()
        if blank:
            keep = [cls[i] not in blank for i in dup]
            dup, firsts = list(compress(dup, keep)), list(compress(firsts, keep))
    else:
        dup, firsts = found
        unproved = (roles,)  # the same class and the same user by construction
    if not dup:
        return []
    # the same role but for a user with two roles in a class (and, keyed by hashes, the same user
    # and class but for a collision, astronomically rare): proved with C-level passes, and only on
    # a mismatch are the rows sorted out exactly
    if not all(all(map(eq, map(c.__getitem__, dup), map(c.__getitem__, firsts))) for c in unproved):
        dup, firsts = _exact_firsts(users, cls, roles, dup)
        if not dup:
            return []  # the same user and class, but in another role: no repeat
    dup, earlier = _earliest_overlapping(t, dup, firsts)
    return Finding.many(repeat("warning"), repeat("unique.enrollment"), repeat(t.name), dup, lines_of(tb, dup),
                        repeat(tb.header[uc]), repeat(uc), map(users.__getitem__, dup),
                        [{"first_line": x} for x in lines_of(tb, earlier)], repeat(None))


def class_spans(t: TableState, *, keep: bool = True) -> set[tuple[str, str, str, str]]:
    """The distinct (class, school, begin, end) of enrollments.csv ("" for a column it lacks).

    Two checks of a full check need it: repeated enrollments (``duplicate_findings``) and the
    classes' schools and terms (``candidates.class_findings``). A pass over a million rows, it is made
    once for both: kept in ``t.memo`` for the other, unless the caller is the last (``keep=False``).
    """
    found: set[tuple[str, str, str, str]] | None = t.memo.pop(_CLASS_SPANS, None)
    if found is None:
        n = t.table.nrows
        cols = t.table.columns
        cls, schools, begins, ends = (
            cols[c] if c is not None else [""] * n for c in map(t.col, ("classSourcedId", "schoolSourcedId", "beginDate", "endDate"))
        )
        found = sliced_set_of(n, lambda a, b: zip(cls[a:b], schools[a:b], begins[a:b], ends[a:b]))
    if keep:
        t.memo[_CLASS_SPANS] = found
    return found


def _repeats_by_class(t: TableState, cc: int, users: list[str]) -> tuple[list[int], list[int]] | None:
    """The rows whose user an earlier row of their class has, and for each that first row, in row
    order (blank classes aside); None when the class index is chained (classes of one row each,
    mostly: no groups to look at).

    Found on the class index, which re-checks use later: a set of the users of each class (with
    C-level passes over the classes' rows) proves the common case, that no class has a user twice;
    from the first slice of classes that has one, a dict per class from user to its first row
    (later rows of a user do not replace the first) gives the repeats. A set of a million
    (user, class) keys over the file would take 76 MB at the full check's peak; the index takes
    11 MB and is kept anyway, and its keys are exact, so only the role is left to prove.
    """
    idx = t.index(cc)
    if isinstance(idx, RowChains):
        return None
    groups = list(idx.many.values())
    if any(not v.strip() for v in idx.many):
        groups = [rows for v, rows in idx.many.items() if v.strip()]
    of_user = users.__getitem__
    dup: list[int] = []
    firsts: list[int] = []
    for a in range(0, len(groups), _GROUPS):
        part = groups[a : a + _GROUPS]
        if not dup and list(map(len, map(set, map(map, repeat(of_user), part)))) == list(map(len, part)):
            pause_point()
            continue
        names = list(map(list, map(map, repeat(of_user), part)))
        first_of = list(map(dict, map(zip, map(reversed, names), map(reversed, part))))
        if list(map(len, first_of)) != list(map(len, part)):
            rows = list(chain.from_iterable(part))
            first = list(chain.from_iterable(map(map, map(getattr, first_of, repeat("__getitem__")), names)))
            again = list(map(ne, first, rows))
            dup.extend(compress(rows, again))
            firsts.extend(compress(first, again))
        pause_point()
    if len(dup) > 1:
        # by class so far: in row order, as the row-by-row check gives them
        order = sorted(range(len(dup)), key=dup.__getitem__)
        dup, firsts = list(map(dup.__getitem__, order)), list(map(firsts.__getitem__, order))
    return dup, firsts


def _repeats(n: int, keys: Iterator[int]) -> tuple[list[int], list[int]]:
    """The rows whose key (a hash) an earlier row has, and for each the first row with that key.

    No repeat at all is the common case, and a set of the keys proves it as fast as anything can;
    the key slices are kept meanwhile (the set already holds the ints). From the first slice with
    a repeat on, a dict from key to first row (``dict.setdefault`` keeps the first) takes over,
    built once from the slices kept.
    """
    seen: set[int] = set()
    kept: list[list[int]] = []
    first: dict[int, int] | None = None
    dup: list[int] = []
    firsts: list[int] = []
    for a in range(0, n, SLICE):
        b = min(n, a + SLICE)
        h = list(islice(keys, SLICE))
        if first is None:
            seen.update(h)
            if len(seen) == b:
                kept.append(h)
                pause_point()
                continue
            first = {}
            for k, old in enumerate(kept):
                first.update(zip(old, range(k * SLICE, (k + 1) * SLICE)))  # no repeats in these
            del seen, kept
        f = list(map(first.setdefault, h, range(a, b)))
        if len(first) < b:
            again = list(map(ne, f, range(a, b)))
            dup.extend(compress(range(a, b), again))
            firsts.extend(compress(f, again))
        pause_point()
    return dup, firsts


def _pick(column: list[str], rows: list[int]) -> tuple[str, ...]:
    """The values of these rows of a column, as a tuple (one C-level call)."""
    if len(rows) < 2:
        return tuple(column[i] for i in rows)
    return itemgetter(*rows)(column)  # type: ignore[no-any-return]


def _exact_firsts(users: list[str], cls: list[str], roles: list[str], rows: list[int]) -> tuple[list[int], list[int]]:
    """The rows (of these) that repeat an earlier row's exact key, with that key's first row."""
    keys = {(users[i], cls[i], roles[i]) for i in rows}
    first: dict[tuple[str, str, str], int] = {}
    for x in compress(range(len(users)), map(keys.__contains__, zip(users, cls, roles))):
        first.setdefault((users[x], cls[x], roles[x]), x)
    dup = [i for i in rows if first[(users[i], cls[i], roles[i])] != i]
    return dup, [first[(users[i], cls[i], roles[i])] for i in dup]


class _Bounds(dict[str, str]):
    """Each begin (or end) date as a span's bound (``span``): itself when real, else the open
    bound. Made from a column's distinct values; a value written since (the window edits while a
    full check runs) is worked out when asked for."""

    def __init__(self, values: set[str], open_bound: str) -> None:
        super().__init__((v, v if real_date(v) else open_bound) for v in values)
        self.open_bound = open_bound

    def __missing__(self, value: str) -> str:
        bound = self[value] = value if real_date(value) else self.open_bound
        return bound


def _earliest_overlapping(t: TableState, dup: list[int], firsts: list[int]) -> tuple[list[int], list[int]]:
    """The repeated rows whose dates overlap an earlier row of their key, and for each the earliest
    such row. Rows with none are left out (then a new list is returned; else ``dup`` itself)."""
    bc, ec = t.col("beginDate"), t.col("endDate")
    if bc is None and ec is None:
        return dup, firsts  # no dates: every span is open, and open spans overlap
    tb = t.table
    begins_in = tb.distinct(bc) if bc is not None else {""}
    ends_in = tb.distinct(ec) if ec is not None else {""}
    b_of, e_of = _Bounds(begins_in, ""), _Bounds(ends_in, "9999")
    if max(b_of.values()) < min(e_of.values()):
        # every begin of the file is before every end: any two rows' spans overlap, so each
        # repeat overlaps its key's first row (judged on the distinct dates, without a pass)
        return dup, firsts
    # the same per class, from the distinct (class, school, begin, end) of the file (the check of
    # the classes' terms uses them too): a class whose latest begin is before its earliest end has
    # no two rows whose spans miss each other; only repeats in other classes are compared
    latest: dict[str, str] = {}  # class -> its latest begin ("" is the least str: open begins)
    earliest: dict[str, str] = {}  # class -> its earliest end
    for c, _school, b, e in class_spans(t):
        b, e = b_of[b], e_of[e]
        if b > latest.get(c, ""):
            latest[c] = b
        old = earliest.get(c)
        if old is None or e < old:
            earliest[c] = e
    missing = {c for c, b in latest.items() if b >= earliest[c]}
    if not missing:
        return dup, firsts
    cls = tb.columns[t.col("classSourcedId")]  # type: ignore[index]
    doubtful = list(map(missing.__contains__, map(cls.__getitem__, dup)))
    if not any(doubtful):
        return dup, firsts
    rows, earlier = _earliest_by_rows(t, list(compress(dup, doubtful)), list(compress(firsts, doubtful)), b_of, e_of)
    found = dict(zip(rows, earlier))
    keep = list(map(or_, map(not_, doubtful), map(found.__contains__, dup)))
    return list(compress(dup, keep)), list(compress(map(found.get, dup, firsts), keep))


def _earliest_by_rows(
    t: TableState, dup: list[int], firsts: list[int], b_of: _Bounds, e_of: _Bounds
) -> tuple[list[int], list[int]]:
    """``_earliest_overlapping`` row by row: ``b_of``/``e_of`` give each distinct begin/end as a span's."""
    bc, ec = t.col("beginDate"), t.col("endDate")
    cols = t.table.columns
    n = t.table.nrows
    begins = cols[bc] if bc is not None else [""] * n
    ends = cols[ec] if ec is not None else [""] * n
    bd, ed = _pick(begins, dup), _pick(ends, dup)
    if bd == _pick(begins, firsts) and ed == _pick(ends, firsts):
        # every repeat has its key's first row's dates (a file appended to itself): they overlap
        # unless the span is empty, judged on the distinct dates
        if max(map(b_of.__getitem__, set(bd))) < min(map(e_of.__getitem__, set(ed))):
            return dup, firsts
    # one C-level pass pairs each row with its key's first
    quads = list(zip(bd, ed, map(begins.__getitem__, firsts), map(ends.__getitem__, firsts)))
    fits = {q: overlap((b_of[q[0]], e_of[q[1]]), (b_of[q[2]], e_of[q[3]])) for q in set(quads)}
    if all(fits.values()):
        return dup, firsts
    # the few rows whose dates miss their key's first row: compare with the other rows of the key,
    # gathered for all such keys in one C-level pass over the file
    users, cls, roles = (cols[t.col(c)] for c in ("userSourcedId", "classSourcedId", "role"))  # type: ignore[index]
    missed = {(users[i], cls[i], roles[i]) for i, q in zip(dup, quads) if not fits[q]}
    groups: dict[tuple[str, str, str], list[int]] = {}
    for x in compress(range(n), map(missed.__contains__, zip(users, cls, roles))):
        groups.setdefault((users[x], cls[x], roles[x]), []).append(x)
    out_rows: list[int] = []
    out_first: list[int] = []
    for i, j, q in zip(dup, firsts, quads):
        if fits[q]:
            out_rows.append(i)
            out_first.append(j)
            continue
        own = (b_of[q[0]], e_of[q[1]])
        for x in groups[(users[i], cls[i], roles[i])]:
            if x >= i:
                break
            if overlap(own, span(begins[x], ends[x])):
                out_rows.append(i)
                out_first.append(x)
                break
    return out_rows, out_first
