"""Steps 3 and 4: the SIS records written into the template's columns, in the version chosen.

Renaissance-only columns (``renaissanceId``, ``ext_renaissance_*``, ``metadata.stateId``...) come
from the export for every record whose sourcedId Renaissance already has. Orgs must already exist
in Renaissance. Converting between 1.0 and 1.1 renames and reorders columns; a value the other
version has no place for is listed as a ``Loss``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.findings import Finding
from core.prepare.headers import DATA_FILES, SPEC_HEADERS, column_key, is_spec_key
from core.prepare.matching import Matching
from core.roster import Roster
from core.table import Source, Table

#: columns that only Renaissance fills: its own id always comes from the export
RENAISSANCE_ID = "renaissanceId"
#: columns whose values point at orgs, per file
ORG_REFERENCES = {
    "users.csv": ("orgSourcedIds",),
    "courses.csv": ("orgSourcedId",),
    "classes.csv": ("schoolSourcedId",),
    "enrollments.csv": ("schoolSourcedId",),
}
#: columns holding org IDs that an org mapping rewrites (orgs' own key and parent too)
ORG_ID_COLUMNS = {
    "orgs.csv": ("sourcedId", "parentSourcedId"),
    "users.csv": ("orgSourcedIds",),
    "courses.csv": ("orgSourcedId",),
    "classes.csv": ("schoolSourcedId",),
    "enrollments.csv": ("schoolSourcedId",),
}
#: why a 1.1 value has no 1.0 place, said in the finding's hint
_LOSS_HINTS = {
    ("users.csv", "grades"): "grades_10",
}


@dataclass
class Loss:
    """A value the output version cannot hold (or holds only in part)."""

    file: str
    row: int  # row of the SIS table
    column: str  # the column it came from (template name)
    value: str
    kept: str = ""  # what was written instead ("" when the value is left out)


@dataclass
class FileRecords:
    """What step 3 did with one file."""

    file: str
    rows: int = 0
    carried: int = 0  # rows that got their renaissanceId (or other Renaissance columns) from the export
    new: int = 0  # rows Renaissance does not have yet
    source: str | None = None  # the SIS table's name, or None when the SIS set lacks the file
    #: SIS columns whose values were written (the others are dropped)
    used_columns: set[str] = field(default_factory=set)

    def dropped(self, sis_header: list[str]) -> list[str]:
        return [c for c in sis_header if c not in self.used_columns]


@dataclass
class Built:
    roster: Roster
    findings: list[Finding] = field(default_factory=list)
    files: dict[str, FileRecords] = field(default_factory=dict)
    losses: list[Loss] = field(default_factory=list)
    missing_orgs: list[tuple[str, str]] = field(default_factory=list)  # (sourcedId, name)
    #: org IDs rewritten to Renaissance's, per (file, column): how many values
    org_ids_mapped: dict[tuple[str, str], int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    #: SIS org ID -> the ID Renaissance knows the school by (chosen by the user)
    org_ids: dict[str, str] = field(default_factory=dict)


def find_table(roster: Roster, name: str) -> Table | None:
    """The table with this file name, ignoring case (SIS zips write ``Users.csv`` too)."""
    t = roster.table(name)
    if t is not None:
        return t
    low = name.lower()
    return next((t for t in roster.tables if t.name.lower() == low), None)


def template_header(template: Roster, file: str, version: str) -> list[str]:
    """The template's header for a file; the spec header plus renaissanceId when the export lacks it."""
    t = find_table(template, file)
    if t is not None:
        return list(t.header)
    return list(SPEC_HEADERS[version][file]) + [RENAISSANCE_ID]


def output_header(file: str, template_columns: list[str], template_version: str, version: str) -> list[str]:
    """The header written: the template's own when the version is the same; otherwise the other
    version's spec header (in its order) followed by the template's Renaissance-only columns."""
    if version == template_version:
        return list(template_columns)
    spec = list(SPEC_HEADERS[version][file])
    extra = [t for t in template_columns if not is_spec_key(file, column_key(file, t))]
    return spec + [c for c in extra if c not in spec]


def _key_col(table: Table, file: str) -> int | None:
    for i, name in enumerate(table.header):
        if column_key(file, name) == "sourcedId":
            return i
    return None


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_records(
    template: Roster,
    sis: Roster,
    matchings: dict[str, Matching],
    template_version: str,
    version: str,
    org_ids: dict[str, str] | None = None,
) -> Built:
    """Write the SIS records into the template's columns in ``version``; see the module docstring.

    ``org_ids`` maps SIS org IDs to the IDs Renaissance knows those schools by; every org reference
    is rewritten before Renaissance's columns are carried over.
    """
    out = Roster(name="Roster.zip")
    built = Built(out, org_ids=dict(org_ids or {}))
    finding = built.findings.append
    for file in DATA_FILES:
        tcols = matchings[file].template_columns if file in matchings else template_header(template, file, template_version)
        m = matchings.get(file) or Matching(file, tcols, [])
        header = output_header(file, tcols, template_version, version)
        sis_t = find_table(sis, file)
        export = find_table(template, file)
        rec = FileRecords(file, source=sis_t.name if sis_t is not None else None)
        built.files[file] = rec
        if sis_t is None:
            finding(Finding("info", "prepare.file_not_in_sis", file=file, line=1))
            out.add(_memory_table(file, header, [[] for _ in header]))
            continue
        columns = _fill(file, header, tcols, m, sis_t, export, rec, built, version)
        out.add(_memory_table(file, header, columns))
        matched = {s for s in m.pairs.values() if s is not None}
        # a matched column that the chosen version has no place for is reported as a loss instead
        for s in rec.dropped(sis_t.header):
            if s in matched:
                continue
            if any(v for v in sis_t.column(s)):
                finding(Finding("info", "prepare.column_dropped", file=file, line=1, column=s, params={"sis_file": sis_t.name}))
    for (file, column), count in built.org_ids_mapped.items():
        finding(Finding("info", "prepare.mapped_org_ids", file=file, line=1, column=column, params={"count": count}))
    wanted = {f.lower() for f in DATA_FILES} | {"manifest.csv"}
    for t in sis.tables:
        if t.name.lower() not in wanted:
            built.left_out.append(t.name)
            finding(Finding("info", "prepare.file_left_out", file=t.name))
    if version == "1.1":
        from core.io.csvwrite import manifest_rows

        rows = manifest_rows(out, [t.name for t in out.tables], "1.1")
        manifest = Table.from_rows("manifest.csv", ["propertyName", "value"], rows, source=Source("memory", "Roster.zip", "manifest.csv"))
        out.tables.insert(0, manifest)
    _check_orgs(template, built)
    _loss_findings(built, version)
    return built


def _memory_table(file: str, header: list[str], columns: list[list[str]]) -> Table:
    return Table(file, header, columns, source=Source("memory", "Roster.zip", file))


def _fill(
    file: str,
    header: list[str],
    tcols: list[str],
    m: Matching,
    sis_t: Table,
    export: Table | None,
    rec: FileRecords,
    built: Built,
    version: str,
) -> list[list[str]]:
    n = sis_t.nrows
    rec.rows = n
    tkey = {column_key(file, t): t for t in tcols}
    used = {s for s in m.pairs.values() if s is not None}
    # where each output column's values come from
    sources: list[list[str] | None] = []
    export_cols: list[list[str] | None] = []
    export_keys = {column_key(file, c): i for i, c in enumerate(export.header)} if export is not None else {}
    for name in header:
        key = column_key(file, name)
        # the template's own column when the header is the template's (a template may hold two
        # spellings of one column, e.g. parentSourceID and parentSourcedId), else by meaning
        t = name if name in m.pairs else tkey.get(key)
        s = m.pairs.get(t) if t is not None else None
        if t is None and s is None:
            # a column of the other version's spec that the template lacks: take the SIS one by name
            s = next((c for c in sis_t.header if column_key(file, c) == key and c not in used), None)
        sources.append(sis_t.column(s) if s is not None else None)
        if s is not None:
            rec.used_columns.add(s)
        only = not is_spec_key(file, key)
        ei = export_keys.get(key)
        export_cols.append(export.columns[ei] if only and export is not None and ei is not None else None)
    columns: list[list[str]] = [list(src) if src is not None else [""] * n for src in sources]
    if built.org_ids:
        _map_org_ids(file, header, columns, built)
    # carry Renaissance's own columns by sourcedId
    out_key = next((i for i, name in enumerate(header) if column_key(file, name) == "sourcedId"), None)
    ekey = _key_col(export, file) if export is not None else None
    if export is None or ekey is None or out_key is None:
        rec.new = n
    else:
        where = {v: r for r, v in enumerate(export.columns[ekey])}
        ids = columns[out_key]
        carry = [(c, ecol, column_key(file, header[c]) == RENAISSANCE_ID) for c, ecol in enumerate(export_cols) if ecol is not None]
        for r in range(n):
            er = where.get(ids[r])
            if er is None:
                rec.new += 1
                continue
            carried = False
            for c, ecol, is_id in carry:
                ev = ecol[er]
                # Renaissance's id always comes from the export; its other columns only fill blanks
                if ev and (is_id or not columns[c][r]) and columns[c][r] != ev:
                    columns[c][r] = ev
                    carried = True
            if carried:
                rec.carried += 1
    if file == "users.csv" and version == "1.0":
        _grade_tags(header, tcols, m, sis_t, columns, built)
    _version_losses(file, header, tcols, m, sis_t, columns, built, version)
    return columns


#: Renaissance's 1.0 grade column and what it takes ("1-12", "Pre-K", "K")
GRADE_TAG = "ext_renaissance_gradeTag"
_GRADE_TAGS = {"KG": "K", "PK": "Pre-K", **{f"{g:02d}": str(g) for g in range(1, 13)}, **{str(g): str(g) for g in range(1, 13)}}


def grade_tag(grades: str) -> str | None:
    """Renaissance's 1.0 gradeTag for one CEDS grade ("03" -> "3", "KG" -> "K", "PK" -> "Pre-K"), else None."""
    return _GRADE_TAGS.get(grades.strip())


def _grade_tags(header: list[str], tcols: list[str], m: Matching, sis_t: Table, columns: list[list[str]], built: Built) -> None:
    """In 1.0 Renaissance takes a student's grade from ext_renaissance_gradeTag, not grades: fill the
    blank ones from the SIS grades where the grade has a gradeTag (one grade, K-12)."""
    tag = next((i for i, h in enumerate(header) if h == GRADE_TAG), None)
    grades_col = next((m.pairs.get(t) for t in tcols if column_key("users.csv", t) == "grades"), None)
    role = next((i for i, h in enumerate(header) if column_key("users.csv", h) == "role"), None)
    if tag is None or grades_col is None or role is None:
        return
    grades, tags, roles = sis_t.column(grades_col), columns[tag], columns[role]
    filled: list[str] = []
    for r, g in enumerate(grades):
        if g and not tags[r] and roles[r].lower() == "student":
            t = grade_tag(g)
            if t is not None:
                tags[r] = t
                filled.append(f"{g} -> {t}")
    if filled:
        examples = ", ".join(sorted(set(filled))[:3])
        built.findings.append(
            Finding("info", "prepare.grade_tag_filled", file="users.csv", line=1, column=GRADE_TAG, params={"count": len(filled), "examples": examples})
        )


def _version_losses(
    file: str, header: list[str], tcols: list[str], m: Matching, sis_t: Table, columns: list[list[str]], built: Built, version: str
) -> None:
    out_keys = {column_key(file, h): i for i, h in enumerate(header)}
    for t in tcols:
        s = m.pairs.get(t)
        if s is None:
            continue
        key = column_key(file, t)
        values = sis_t.column(s)
        if key not in out_keys:
            for r, v in enumerate(values):
                if v:
                    built.losses.append(Loss(file, r, t, v))
        elif file == "classes.csv" and key == "termSourcedIds" and version == "1.0":
            i = out_keys[key]
            for r, v in enumerate(values):
                items = _split_list(v)
                if len(items) > 1:
                    columns[i][r] = items[0]
                    built.losses.append(Loss(file, r, t, v, kept=items[0]))


def _loss_findings(built: Built, version: str) -> None:
    by_col: dict[tuple[str, str], list[Loss]] = {}
    for loss in built.losses:
        by_col.setdefault((loss.file, loss.column), []).append(loss)
    for (file, column), losses in by_col.items():
        examples = ", ".join(sorted({x.value for x in losses})[:3])
        code = "prepare.value_not_carried"
        if losses[0].kept:
            code = "prepare.value_cut"
        elif (file, column_key(file, column)) in _LOSS_HINTS:
            code = "prepare.value_not_carried_" + _LOSS_HINTS[(file, column_key(file, column))]
        built.findings.append(
            Finding("warning", code, file=file, column=column, params={"count": len(losses), "examples": examples, "version": version})
        )


def _map_one(value: str, org_ids: dict[str, str]) -> str:
    if value in org_ids:
        return org_ids[value]
    if "," not in value:
        return value
    # a list: rewrite each item, keeping whatever spacing it had
    parts = value.split(",")
    for i, p in enumerate(parts):
        item = p.strip()
        if item in org_ids:
            parts[i] = p.replace(item, org_ids[item])
    return ",".join(parts)


def _map_org_ids(file: str, header: list[str], columns: list[list[str]], built: Built) -> None:
    keys = ORG_ID_COLUMNS.get(file, ())
    org_ids = built.org_ids
    for c, name in enumerate(header):
        if column_key(file, name) not in keys:
            continue
        col = columns[c]
        memo: dict[str, str] = {}
        changed = 0
        for r, v in enumerate(col):
            new = memo.get(v)
            if new is None:
                new = memo[v] = _map_one(v, org_ids)
            if new != v:
                col[r] = new
                changed += 1
        if changed:
            built.org_ids_mapped[(file, name)] = changed


def _check_orgs(template: Roster, built: Built) -> None:
    """Every org written must already exist in Renaissance: it cannot create schools."""
    export = find_table(template, "orgs.csv")
    known: dict[str, int] = {}
    names: dict[str, str] = {}
    if export is not None:
        k = _key_col(export, "orgs.csv")
        ni = next((i for i, h in enumerate(export.header) if column_key("orgs.csv", h) == "name"), None)
        if k is not None:
            for r, v in enumerate(export.columns[k]):
                known[v] = r
                if ni is not None:
                    names.setdefault(export.cell(r, ni).strip().lower(), v)
    orgs = built.roster["orgs.csv"]
    k = _key_col(orgs, "orgs.csv")
    ni = next((i for i, h in enumerate(orgs.header) if column_key("orgs.csv", h) == "name"), None)
    written: set[str] = set()
    if k is not None:
        for r, v in enumerate(orgs.columns[k]):
            written.add(v)
            if v in known:
                continue
            name = orgs.cell(r, ni) if ni is not None else ""
            built.missing_orgs.append((v, name))
            same = names.get(name.strip().lower()) if name.strip() else None
            params = {"org": v, "name": name or v}
            code = "prepare.org_not_in_renaissance"
            if same is not None:
                code, params["renaissance_id"] = "prepare.org_id_differs", same
            built.findings.append(
                Finding("error", code, file="orgs.csv", row=r, line=orgs.line_of(r), column=orgs.header[k], col=k, value=v, params=params)
            )
    reported = set(written) | set(known)
    for file, keys in ORG_REFERENCES.items():
        t = built.roster[file]
        for c, h in enumerate(t.header):
            if column_key(file, h) not in keys:
                continue
            for r, v in enumerate(t.columns[c]):
                for org in _split_list(v) if "," in v else ([v.strip()] if v.strip() else []):
                    if org in reported:
                        continue
                    reported.add(org)
                    built.missing_orgs.append((org, ""))
                    built.findings.append(
                        Finding(
                            "error", "prepare.org_reference_not_in_renaissance", file=file, row=r, line=t.line_of(r),
                            column=h, col=c, value=v, params={"org": org},
                        )
                    )
