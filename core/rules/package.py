"""The set as a whole: its version, the files in it and the manifest."""

from __future__ import annotations

from core.findings import Finding
from core.roster import Roster
from core.rules.spec import RuleSet, load_rules
from core.table import Table

MANIFEST = "manifest.csv"
#: property names a manifest's first line holds when it was written without its header row
_PROPERTY_PREFIXES = ("manifest.", "oneroster.", "file.", "source.")


def headerless(table: Table) -> bool:
    """True when a manifest was written without its header row: its first line is a property."""
    first = table.header[0].lstrip("\ufeff").strip() if table.header else ""
    return first.startswith(_PROPERTY_PREFIXES) and first not in ("propertyName",)


def manifest_properties(table: Table) -> list[tuple[int | None, str, str]]:
    """(row, propertyName, value) of each manifest property; the first two columns whatever their
    names. A manifest without its header row gives its first line too, with row None (line 1)."""
    out: list[tuple[int | None, str, str]] = []
    if headerless(table):
        h = table.header
        out.append((None, h[0].lstrip("\ufeff"), h[1] if len(h) > 1 else ""))
    if table.ncols < 2:
        if table.ncols:
            out.extend((r, table.cell(r, 0), "") for r in range(table.nrows))
        return out
    names, values = table.columns[0], table.columns[1]
    out.extend((r, names[r], values[r]) for r in range(table.nrows))
    return out


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
    """ "1.0", "1.1", "1.2" or "unknown": the manifest decides; without one, the column names.

    A manifest makes a set 1.1 (spec: "if manifest.csv is present, the set is 1.1 or later") unless it
    declares 1.2 (or 1.2.x), which gives "1.2", or another version, which gives "unknown".
    """
    manifest = roster.table(MANIFEST)
    if manifest is not None:
        declared = _manifest_value(manifest, "oneroster.version")
        # "1.0" (or Excel's "1") in a manifest is a mistake the manifest check names; still 1.1
        if declared in (None, "", "1.1", "1.0", "1"):
            return "1.1"
        if declared == "1.2" or declared.startswith("1.2."):
            return "1.2"
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
        else f"a OneRoster {rules.version} set must have a manifest",
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
    no_header = headerless(table)
    if no_header:
        out.append(Finding("error", "manifest.no_header", file=MANIFEST, line=1, col=0, value=table.header[0],
                           params={"found": ",".join(table.header)}))
    elif table.header != spec["header"]:
        out.append(Finding("error", "manifest.header", file=MANIFEST, line=1, col=0,
                           params={"found": ",".join(table.header)}))
    files = {f"file.{n}": f"{n}.csv" for n in spec["files"]}
    allowed = {"manifest.version", "oneroster.version", *files, *spec["optional"]}
    modes_allowed = rules.enums["mode"]
    first: dict[str, int | None] = {}
    modes: dict[str, str] = {}
    present = set(roster.names)
    properties = manifest_properties(table)
    given = {prop for _, prop, _ in properties}
    # a misspelled property stands for the missing property it is closest to (one finding, not an
    # unknown row and a missing row)
    meant = _misspelled({p for p in given if p not in allowed and p.strip()}, [p for p in (
        "manifest.version", "oneroster.version", *files, *spec["optional"]) if p not in given])

    def line(r: int | None) -> int | None:
        return 1 if r is None else table.line_of(r)

    def add(sev: str, code: str, r: int | None, col: int, value: str, fix: str | None = None, **params: object) -> None:
        column = None if r is None else (table.header[col] if col < table.ncols else None)
        out.append(Finding(sev, code, file=MANIFEST, row=r, line=line(r), column=column, col=col,  # type: ignore[arg-type]
                           value=value, params=dict(params), fix=fix))

    for r, written, value in properties:
        prop = written
        if prop in first:
            add("error", "manifest.duplicate_property", r, 0, prop, first_line=line(first[prop]))
            continue
        if prop in meant:
            prop = meant[prop]
            add("error", "manifest.misspelled_property", r, 0, written, prop, property=prop, version=rules.version)
            if prop in first:
                continue
        first[prop] = r
        if prop not in allowed:
            if prop.strip():
                add("warning", "manifest.unknown_property", r, 0, prop, version=rules.version)
            continue
        if prop == "manifest.version" and value != spec["manifest.version"]:
            add("error", "manifest.version", r, 1, value, spec["manifest.version"])
        elif prop == "oneroster.version" and value != spec["oneroster.version"] and value.strip() in ("", "1", "1.0", "1.1"):
            add("error", "manifest.oneroster_version", r, 1, value, spec["oneroster.version"], version=rules.version)
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
            elif value == "bulk" and roster[target].nrows == 0:
                # bulk means "this is all there is": an importer deletes every record of the kind
                add("warning", "manifest.bulk_empty", r, 1, value, "delta", property=prop, target=target)
    for prop in ["manifest.version", "oneroster.version", *files]:
        if prop not in first:
            example = {"manifest.version": "1.0", "oneroster.version": spec["oneroster.version"]}.get(prop)
            if example is None:
                example = "bulk" if files[prop] in present else "absent"
            out.append(Finding("error", "manifest.missing_property", file=MANIFEST,
                               params={"property": prop, "example": example}))
    return out, modes


def _misspelled(unknown: set[str], missing: list[str]) -> dict[str, str]:
    """Unknown property -> the one missing property it is a slip of (case, or up to two letters
    swapped, left out, added or changed)."""
    out: dict[str, str] = {}
    for name in unknown:
        key = name.strip().lstrip("\ufeff")
        close = [m for m in missing if m.lower() == key.lower()]
        if not close and len(key) >= 8:
            close = [m for m in missing if _distance(key.lower(), m.lower()) <= 2]
        if len(close) == 1:
            out[name] = close[0]
    return out


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
