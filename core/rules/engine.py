"""The rule engine: one full check of a roster, and quick re-checks of edited rows.

Re-check contract (``RuleEngine.recheck``)
-------------------------------------------
Every finding the engine emits is either *file-level* (``row is None``: package, manifest header,
column headers, a bulk file's filled status column, references into a missing file) or
*row-level* (``row`` set: it belongs to exactly one row of one table, identified by
``(finding.file, finding.row)``).

After cells of some rows of one table were edited (no rows inserted, deleted or moved, no header
change), call ``recheck(table_name, rows)``. It returns ``(findings, scope)``:

* ``scope`` is a set of keys ``scope_key(file, row)`` naming every row whose findings were
  recomputed: the edited rows, the rows of the same file that share a value with them in a
  column where repeats matter (sourcedId, username, staff e-mail; an enrollment's class), and the
  rows of other files whose references point at the edited rows' keys (old or new) when the key or a
  column those references depend on changed (an org's type, a user's role, a class's school or
  terms, a session's dates or type); all rows of orgs.csv/academicSessions.csv when one of them
  changed (parent chains).
* ``findings`` are the fresh row-level findings of exactly those rows.

The caller drops every finding ``f`` of this engine with ``in_scope(f, scope)`` and adds
``findings``. File-level findings are never in a scope; they change only with ``check_all``.
``scope == {"*"}`` means the engine fell back to a full check (rows were inserted or deleted, a
header changed, or the manifest was edited): replace all of this engine's findings.
"""

from __future__ import annotations

from itertools import filterfalse

from core.findings import Finding
from core.pacing import collector_paused
from core.roster import Roster
from core.rules.candidates import candidates
from core.rules.formats import Validator
from core.rules.headers import check_header
from core.rules.package import MANIFEST, check_manifest, check_package, detect_version
from core.rules.common import PARENT_FILES
from core.rules.rows import relation_findings, row_findings
from core.rules.spec import RENAISSANCE_VERSIONS, VERSIONS, RuleSet, load_rules
from core.rules.state import Index, RowNumbers, TableState

ALL = "*"

#: columns whose change matters to rows of other files that point at the row (beyond its key)
_DEPENDED_ON = {
    "orgs.csv": {"type"},
    "users.csv": {"role"},
    "classes.csv": {"schoolSourcedId", "termSourcedIds", "termSourcedId"},
    "academicSessions.csv": {"type", "startDate", "endDate"},
}


def scope_key(file: str, row: int) -> str:
    """The scope key of one row (see the module docstring)."""
    return f"{row}\t{file}"


def scope_rows(scope: set[str]) -> list[tuple[str, int]]:
    """The (file, row) of each key of a scope (``ALL`` aside)."""
    out = []
    for key in scope:
        if key != ALL:
            row, file = key.split("\t", 1)
            out.append((file, int(row)))
    return out


def in_scope(finding: Finding, scope: set[str]) -> bool:
    """True when a recheck with this scope replaces the finding."""
    if ALL in scope:
        return True
    return finding.row is not None and finding.file is not None and scope_key(finding.file, finding.row) in scope


class RuleEngine:
    """Checks one roster against a profile: ``check_all()`` once, then ``recheck()`` after edits."""

    def __init__(
        self,
        roster: Roster,
        profile: str | None = None,
        reference: Roster | None = None,
        *,
        bulk_values: str = "warning",
    ) -> None:
        self.roster = roster
        self.reference = reference
        self.detected = detect_version(roster)
        version = self.detected if self.detected in VERSIONS else "1.1"
        #: Renaissance asked for a version its document does not describe (1.2): checked as OneRoster
        self.profile_mismatch = profile == "renaissance" and version not in RENAISSANCE_VERSIONS
        wanted = "renaissance" if profile == "renaissance" and not self.profile_mismatch else "oneroster"
        self.rules: RuleSet = load_rules(wanted, version)
        #: severity of status/dateLastModified filled in a bulk file (the spec says MUST NOT)
        self.bulk_values = bulk_values
        self.states: dict[str, TableState] = {}
        self.reference_orgs: set[str] | None = None
        self._kinds: dict[tuple[str, str], dict[str, str]] = {}
        self._key_sets: dict[str, set[str]] = {}
        self._file_findings: list[Finding] = []

    # --- lookups used by the row checks -------------------------------------------------------
    def keys(self, file: str) -> Index:
        t = self.states.get(file)
        kc = t.col("sourcedId") if t is not None else None
        if t is None or kc is None:
            return Index()
        return t.index(kc)

    def key_set(self, file: str) -> set[str]:
        # kept for the one full check: a table keeps no set of a column of distinct values (ids),
        # and several files refer to users.csv
        found = self._key_sets.get(file)
        if found is None:
            t = self.states[file]
            found = self._key_sets[file] = t.table.distinct(t.col("sourcedId"))  # type: ignore[arg-type]
        return found

    def kinds(self, file: str, column: str = "type") -> dict[str, str]:
        """key -> value of a column, for the first row of each key (cached during a full check)."""
        cached = self._kinds.get((file, column))
        if cached is not None:
            return cached
        t = self.states.get(file)
        out: dict[str, str] = {}
        if t is not None:
            kc, vc = t.col("sourcedId"), t.col(column)
            if kc is not None and vc is not None:
                keys, vals = t.table.columns[kc], t.table.columns[vc]
                out = dict(zip(reversed(keys), reversed(vals)))
        self._kinds[(file, column)] = out
        return out

    def lookup(self, file: str, key: str, column: str) -> str | None:
        t = self.states.get(file)
        if t is None:
            return None
        kc, vc = t.col("sourcedId"), t.col(column)
        if kc is None or vc is None:
            return None
        r = t.index(kc).first(key)
        return None if r is None else t.table.columns[vc][r]

    # --- full check ----------------------------------------------------------------------------
    def _setup(self) -> list[Finding]:
        roster, rules = self.roster, self.rules
        out = check_package(roster, rules, self.detected)
        manifest_findings, modes = check_manifest(roster, rules)
        out.extend(manifest_findings)
        ref = self.reference
        same_version = ref is not None and detect_version(ref) == rules.version
        self.reference_orgs = None
        unchecked: list[str] = []
        if ref is not None and ref.table("orgs.csv") is not None:
            ro = ref["orgs.csv"]
            kc = ro.col_index("sourcedId")
            if kc is not None:
                self.reference_orgs = set(ro.columns[kc])
        if self.profile_mismatch:
            out.append(Finding("error", "package.version_not_for_profile", file=MANIFEST, params={"declared": self.detected}))
        spellings: list[str] = []
        choices = self._disputed_choices(out, spellings)
        self.states = {}
        self._kinds = {}
        self._key_sets = {}
        row_numbers = RowNumbers()
        for table in roster.tables:
            if table.name in self.states or not rules.columns(table.name):
                continue
            ref_header = None
            if rules.profile == "renaissance" and same_version and ref is not None and ref.table(table.name) is not None:
                ref_header = list(ref[table.name].header)
            header_findings, hmap = check_header(table, rules, ref_header)
            out.extend(header_findings)
            spellings.extend(f"{table.name} {name} (Renaissance: {theirs})" for name, theirs in hmap.spec_spellings)
            unchecked.extend(f"{table.name} {name}" for name in hmap.unchecked)
            mode = modes.get(table.name)
            validators = {
                c: Validator(rule, rules, delta=mode == "delta", choice=choices.get((table.name, rule.name)))
                for c, rule in hmap.rules.items()
            }
            depended = _DEPENDED_ON.get(table.name, set())
            tracked = {
                c for c, rule in hmap.rules.items()
                if rule.unique or rule.unique_staff or rule.ref or rule.name in depended or rule.name == "classSourcedId"
            }
            self.states[table.name] = TableState(table, hmap, validators, tracked, row_numbers)
            if mode == "bulk":
                out.extend(self._bulk_values(self.states[table.name]))
            out.extend(self._renaissance_required(self.states[table.name]))
        if spellings:
            # right by the spec: one note for the set, not a warning per column
            out.append(Finding("info", "package.renaissance_spellings", params={"items": "; ".join(spellings)}))
        if rules.version == "1.2":
            unchecked[:0] = [n for n in roster.names if n in rules.unchecked_files]
            out.append(Finding("info", "package.version_12", file=MANIFEST, params={
                "declared": self.detected, "unchecked": f" here: {', '.join(unchecked)}" if unchecked else ""}))
        for t in self.states.values():
            for c, rule in t.hmap.rules.items():
                if rule.ref and rule.ref not in self.states and any(v.strip() for v in set(t.table.columns[c])):
                    out.append(Finding("error", "ref.file_missing", file=t.name, column=t.table.header[c], col=c,
                                       params={"target": rule.ref}))
        return out

    def _disputed_choices(self, out: list[Finding], spellings: list[str]) -> dict[tuple[str, str], dict[str, object]]:
        """Value spellings on which Renaissance's document and the spec disagree, decided by the export.

        Undecided, values written as the spec writes them join the set's one note (``spellings``);
        values written otherwise get one warning per disagreement."""
        choices: dict[tuple[str, str], dict[str, object]] = {}
        for d in self.rules.disputed_values:
            file = d["file"]
            table = self.roster.table(file)
            ref_table = self.reference.table(file) if self.reference is not None else None
            undecided: list[int] = []
            for column in d["columns"]:
                decided = None
                if ref_table is not None and column in ref_table.header:
                    values = set(ref_table.column(column)) - {""}
                    if values & set(d["renaissance"]):
                        decided = "renaissance"
                    elif values & set(d["spec"]):
                        decided = "spec"
                choices[(file, column)] = {"spec": d["spec"], "renaissance": d["renaissance"], "decided": decided}
                if decided is None and table is not None and column in table.header:
                    c = table.header.index(column)
                    if set(table.columns[c]) - {""}:
                        undecided.append(c)
            if undecided and table is not None:
                spec_only = all(table.distinct(c) - {""} <= set(d["spec"]) for c in undecided)
                if spec_only:
                    spellings.append(f"{file} {d.get('label', table.header[undecided[0]])} written "
                                     f"{'/'.join(d['spec'])} (Renaissance: {'/'.join(d['renaissance'])})")
                    continue
                # one warning per disagreement, on its first column: not one per column or cell
                c = undecided[0]
                out.append(Finding("warning", "value.disputed", file=file, line=1, column=table.header[c], col=c,
                                   params={"spec": "/".join(d["spec"]), "renaissance": "/".join(d["renaissance"]),
                                           "label": d.get("label", table.header[c])}))
        return choices

    def _renaissance_required(self, t: TableState) -> list[Finding]:
        """Columns Renaissance's document marks required and the spec does not: one warning per
        column counting the empty rows (per cell it would bury the real problems)."""
        out = []
        for c, rule in t.hmap.rules.items():
            if rule.req != "renaissance":
                continue
            col = t.table.columns[c]
            blank = set(filterfalse(str.strip, t.table.distinct(c)))
            if not blank:
                continue
            rows = [i for i, v in enumerate(col) if v in blank]
            out.append(Finding("warning", "value.required_renaissance", file=t.name, column=t.table.header[c], col=c,
                               params={"count": len(rows), "first_line": t.table.line_of(rows[0])}))
        return out

    def _bulk_values(self, t: TableState) -> list[Finding]:
        out = []
        for c, rule in t.hmap.rules.items():
            if rule.req != "delta":
                continue
            col = t.table.columns[c]
            filled = len(col) - col.count("")
            if filled:
                first = next(i for i, v in enumerate(col) if v)
                out.append(Finding(self.bulk_values, "value.bulk_has_values", file=t.name, column=t.table.header[c],  # type: ignore[arg-type]
                                   col=c, params={"count": filled, "first_line": t.table.line_of(first)}))
        return out

    def check_all(self) -> list[Finding]:
        """Every finding of the roster; also (re)builds the state ``recheck`` works from."""
        with collector_paused():
            out = self._setup()
            self._file_findings = list(out)
            for t in self.states.values():
                value_findings, rows = candidates(self, t)
                out.extend(value_findings)
                for r in sorted(rows):
                    out.extend(relation_findings(self, t, r, whole_file=True))
            self._forget()
        self._kinds = {}  # from here on lookups go through the kept-up indexes
        self._key_sets = {}
        return out

    def _forget(self) -> None:
        """Drop what one call worked out for many rows (``TableState.memo``)."""
        for s in self.states.values():
            s.memo.clear()

    def warm(self) -> None:
        """Build now the indexes ``recheck`` would otherwise build on first use (on a 1M-row
        enrollments.csv that takes seconds); meant for a background worker after ``check_all``."""
        with collector_paused():
            for t in self.states.values():
                for c, rule in t.hmap.rules.items():
                    if rule.unique or rule.unique_staff or rule.name in ("classSourcedId",):
                        t.index(c)
                    if rule.ref:
                        # references are looked up a key at a time (``_incoming``)
                        t.items(c) if rule.fmt == "guidref-list" else t.index(c, lookups_only=True)

    def edited_rows(self) -> dict[str, set[int]]:
        """Per table, the rows with a cell changed since it was last checked (an engine warmed in
        the background while the user edited must re-check these before it takes over)."""
        return {name: {r for r, _ in list(s.old)} for name, s in self.states.items() if s.old}

    # --- re-check ------------------------------------------------------------------------------
    def recheck(self, table_name: str, rows: set[int]) -> tuple[list[Finding], set[str]]:
        """Re-check rows of one table after cell edits; see the module docstring for the contract."""
        if not self.states and not self._file_findings:
            return self.check_all(), {ALL}
        t = self.states.get(table_name)
        if table_name == MANIFEST or any(s.structure_changed() for s in self.states.values()):
            return self.check_all(), {ALL}
        if t is None:
            return [], set()
        rows = {r for r in rows if 0 <= r < t.table.nrows}
        affected: dict[str, set[int]] = {table_name: set(rows)}
        kc = t.col("sourcedId")
        group_cols = [c for c, rule in t.hmap.rules.items() if rule.unique or rule.unique_staff]
        if table_name == "enrollments.csv" and t.col("classSourcedId") is not None:
            group_cols.append(t.col("classSourcedId"))  # type: ignore[arg-type]
        old_keys: set[str] = set()
        for c in group_cols:
            for r in rows:
                old = t.checked(c, r)
                if old.strip():
                    affected[table_name].update(t.index(c).rows(old))
        if kc is not None:
            old_keys = {t.checked(kc, r) for r in rows}
        changes = t.advance(rows)
        self._forget()
        for c in group_cols:
            for r in rows:
                if t.table.columns[c][r].strip():
                    affected[table_name].update(t.index(c).rows(t.table.columns[c][r]))
        if table_name in PARENT_FILES:
            affected[table_name].update(range(t.table.nrows))
        depended = _DEPENDED_ON.get(table_name, set())
        dep_changed = any(c in t.hmap.rules and t.hmap.rules[c].name in depended for c in changes)
        if kc is not None and (kc in changes or dep_changed):
            keys = old_keys | {t.table.columns[kc][r] for r in rows}
            keys.discard("")
            self._incoming(table_name, keys, affected)
            if table_name == "academicSessions.csv" and "classes.csv" in affected:
                cls = self.states["classes.csv"]
                ckc = cls.col("sourcedId")
                if ckc is not None:
                    class_keys = {cls.table.columns[ckc][r] for r in affected["classes.csv"]}
                    self._incoming("classes.csv", class_keys, affected, only="enrollments.csv")
        scope: set[str] = set()
        out: list[Finding] = []
        for name, rs in affected.items():
            s = self.states[name]
            for r in sorted(rs):
                scope.add(scope_key(name, r))
                out.extend(row_findings(self, s, r))
        self._forget()
        return out, scope

    def _incoming(self, target: str, keys: set[str], affected: dict[str, set[int]], only: str | None = None) -> None:
        """Add the rows of every file whose references point at these keys of ``target``."""
        for name, s in self.states.items():
            if only is not None and name != only:
                continue
            for c, rule in s.hmap.rules.items():
                if rule.ref != target:
                    continue
                idx = s.items(c) if rule.fmt == "guidref-list" else s.index(c)
                hit = affected.setdefault(name, set())
                for k in keys:
                    hit.update(idx.rows(k))
