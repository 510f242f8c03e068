"""The set as a whole: its version, the files in it and the manifest."""

from __future__ import annotations

from core.findings import Finding
from core.roster import Roster
from core.rules.spec import RuleSet, load_rules
from core.table import Table

MANIFEST = "manifest.csv"


def manifest_properties(table: Table) -> list[tuple[int, str, str]]:
    """(row, propertyName, value) of each manifest row; the first two columns whatever their names."""
    if table.ncols < 2:
        return [(r, table.cell(r, 0), "") for r in range(table.nrows)] if table.ncols else []
    names, values = table.columns[0], table.columns[1]
    return [(r, names[r], values[r]) for r in range(table.nrows)]


def _manifest_value(table: Table, prop: str) -> str | None:
    for _, name, value in manifest_properties(table):
        if name.strip() == prop:
            return value.strip()
    return None


def header_versions(roster: Roster) -> dict[str, str]:
    """Per data file: "1.0" or "1.1" when its header has names of only that version, "mixed" when both."""
    r10, r11 = load_rules("oneroster", "1.0"), load_rules("oneroster", "1.1")
    out = {}
    for t in roster.tables:
        n10 = set(r10.column_names(t.name))
        n11 = set(r11.column_names(t.name))
        if not n10 and not n11:
            continue
        names = set(t.header)
        only10 = bool(names & (n10 - n11))
        only11 = bool(names & (n11 - n10))
        if only10 and only11:
            out[t.name] = "mixed"
        elif only10 or only11:
            out[t.name] = "1.0" if only10 else "1.1"
    return out


def detect_version(roster: Roster) -> str:
    """ "1.0", "1.1" or "unknown": the manifest decides; without one, the column names.

    A manifest makes a set 1.1 (spec: "if manifest.csv is present, the set is 1.1 or later") unless it
    declares a later version (1.2...), which gives "unknown".
    """
    manifest = roster.table(MANIFEST)
    if manifest is not None:
        declared = _manifest_value(manifest, "oneroster.version")
        # "1.0" (or Excel's "1") in a manifest is a mistake the manifest check names; still 1.1
        if declared in (None, "", "1.1", "1.0", "1"):
            return "1.1"
        return "unknown"
    votes = list(header_versions(roster).values())
    n10, n11 = votes.count("1.0"), votes.count("1.1")
    if n10 > n11:
        return "1.0"
    if n11 > n10:
        return "1.1"
    known = load_rules("oneroster", "1.0").known_files
    return "1.0" if any(t.name in known for t in roster.tables) else "unknown"


def check_package(roster: Roster, rules: RuleSet, detected: str) -> list[Finding]:
    """Files present, unknown and repeated; the version; mixed versions."""
    out: list[Finding] = []
    names = roster.names
    already = {f.file for f in roster.load_findings if f.code == "package.duplicate_file"}
    seen: set[str] = set()
    for name in names:
        if name in seen and name not in already:
            out.append(Finding("error", "package.file_repeated", file=name))
            already.add(name)
        seen.add(name)
    if detected == "unknown":
        manifest = roster.table(MANIFEST)
        declared = _manifest_value(manifest, "oneroster.version") if manifest is not None else None
        if declared:
            out.append(Finding("error", "package.version_unsupported", file=MANIFEST,
                               params={"declared": declared, "version": rules.version}))
        else:
            out.append(Finding("warning", "package.version_unknown", params={"version": rules.version}))
    why = {
        "renaissance": f"Renaissance needs all {len(rules.required_files)} files of a OneRoster {rules.version} set, even those without data",
        "oneroster": "a OneRoster 1.0 set must have all seven data files" if rules.version == "1.0"
        else "a OneRoster 1.1 set must have a manifest",
    }[rules.profile]
    for name in rules.required_files:
        if name not in seen:
            out.append(Finding("error", "package.missing_file", file=name, params={"why": why}))
    lower_known = {k.lower(): k for k in rules.known_files}
    for name in names:
        if name in rules.known_files or name.lower() in ("readme.txt", "readme.md"):
            continue
        if not name.lower().endswith((".csv", ".txt")):
            continue
        guess = lower_known.get(name.lower())
        suggestion = f"; did you mean {guess}?" if guess else ""
        out.append(Finding("warning", "package.unexpected_file", file=name,
                           params={"version": rules.version, "suggestion": suggestion}, fix=guess))
    versions = header_versions(roster)
    files10 = sorted(n for n, v in versions.items() if v in ("1.0", "mixed"))
    files11 = sorted(n for n, v in versions.items() if v in ("1.1", "mixed"))
    if files10 and files11:
        out.append(Finding("error", "package.mixed_versions",
                           params={"files10": ", ".join(files10), "files11": ", ".join(files11)}))
    return out


def check_manifest(roster: Roster, rules: RuleSet) -> tuple[list[Finding], dict[str, str]]:
    """Manifest findings, and each data file's declared mode (bulk/delta/absent) when it is valid."""
    spec = rules.manifest
    table = roster.table(MANIFEST)
    if spec is None or table is None:
        return [], {}
    out: list[Finding] = []
    if table.header != spec["header"]:
        out.append(Finding("error", "manifest.header", file=MANIFEST, line=1, col=0,
                           params={"found": ",".join(table.header)}))
    files = {f"file.{n}": f"{n}.csv" for n in spec["files"]}
    allowed = {"manifest.version", "oneroster.version", *files, *spec["optional"]}
    modes_allowed = rules.enums["mode"]
    first: dict[str, int] = {}
    modes: dict[str, str] = {}
    present = set(roster.names)

    def add(sev: str, code: str, r: int, col: int, value: str, fix: str | None = None, **params: object) -> None:
        column = table.header[col] if col < table.ncols else None
        out.append(Finding(sev, code, file=MANIFEST, row=r, line=table.line_of(r), column=column, col=col,  # type: ignore[arg-type]
                           value=value, params=dict(params), fix=fix))

    for r, prop, value in manifest_properties(table):
        if prop in first:
            add("error", "manifest.duplicate_property", r, 0, prop, first_line=table.line_of(first[prop]))
            continue
        first[prop] = r
        if prop not in allowed:
            if prop.strip():
                add("warning", "manifest.unknown_property", r, 0, prop)
            continue
        if prop == "manifest.version" and value != spec["manifest.version"]:
            add("error", "manifest.version", r, 1, value, spec["manifest.version"])
        elif prop == "oneroster.version" and value != spec["oneroster.version"] and value.strip() in ("", "1", "1.0", "1.1"):
            add("error", "manifest.oneroster_version", r, 1, value, spec["oneroster.version"])
        elif prop in files:
            target = files[prop]
            if value not in modes_allowed:
                fix = next((m for m in modes_allowed if m == value.strip().lower()), None)
                add("error", "manifest.bad_mode", r, 1, value, fix, property=prop)
                continue
            modes[target] = value
            if value == "absent" and target in present:
                add("error", "manifest.declared_absent", r, 1, value, property=prop, target=target)
            elif value != "absent" and target not in present:
                add("error", "manifest.declared_missing", r, 1, value, property=prop, target=target, mode=value)
    for prop in ["manifest.version", "oneroster.version", *files]:
        if prop not in first:
            example = {"manifest.version": "1.0", "oneroster.version": "1.1"}.get(prop)
            if example is None:
                example = "bulk" if files[prop] in present else "absent"
            out.append(Finding("error", "manifest.missing_property", file=MANIFEST,
                               params={"property": prop, "example": example}))
    return out, modes
