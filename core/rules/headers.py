"""Header checks of one data file, and which rule each column follows.

Every column is mapped to the spec column it stands for (its own name, or the right spelling of a
misspelled, wrongly cased or other-version name), so that values are still checked under a header
that has to be renamed. Header findings have line 1 and the column's index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.findings import Finding
from core.rules.spec import ColumnRule, RuleSet
from core.table import Table


@dataclass
class HeaderMap:
    """Column index -> rule, and spec name -> column index."""

    rules: dict[int, ColumnRule] = field(default_factory=dict)
    col_of: dict[str, int] = field(default_factory=dict)
    #: columns spelled as the spec spells them where Renaissance's document spells them otherwise
    #: (spec name, Renaissance's), for the one note of the set when no export decides
    spec_spellings: list[tuple[str, str]] = field(default_factory=list)
    #: columns of this version the rules know but do not check (only OneRoster 1.2 has them)
    unchecked: list[str] = field(default_factory=list)


def _is_extension(name: str, known: tuple[str, ...]) -> bool:
    return name.startswith("metadata.") or name in known or name.lower().startswith("ext_")


def check_header(
    table: Table,
    rules: RuleSet,
    reference_header: list[str] | None = None,
) -> tuple[list[Finding], HeaderMap]:
    """The header findings of a data file and the column mapping."""
    file = table.name
    spec = rules.column_names(file)
    spec_set = set(spec)
    lower = {n.lower(): n for n in spec}
    other = rules.other_version_names.get(file, {})
    only_other = set(rules.only_in_other_version.get(file, ()))
    known_ext = rules.extension_columns.get(file, ())
    if reference_header is not None:
        # whatever the Renaissance export itself has is a column Renaissance knows
        spec_or_disputed = set(spec) | {d["renaissance"] for d in rules.disputed_headers if d["file"] == file}
        known_ext = known_ext + tuple(n for n in reference_header if n not in spec_or_disputed)
    disputed = {d["renaissance"]: d["spec"] for d in rules.disputed_headers if d["file"] == file}
    disputed_spec = {d["spec"]: d["renaissance"] for d in rules.disputed_headers if d["file"] == file}
    unchecked = set(rules.unchecked_columns.get(file, ()))
    other_version = "1.1" if rules.version == "1.0" else "1.0"
    out: list[Finding] = []
    hmap = HeaderMap()
    ext_cols: list[int] = []

    def add(sev: str, code: str, col: int | None, column: str | None, fix: str | None = None, **params: object) -> None:
        params.setdefault("version", rules.version)
        out.append(Finding(sev, code, file=file, line=1, column=column, col=col, value=column, params=dict(params), fix=fix))  # type: ignore[arg-type]

    unprefixed: list[int] = []  # extension columns not named metadata.*
    for i, name in enumerate(table.header):
        if not name.strip():
            continue  # the reader reports blank names
        canonical: str | None = None
        if name in spec_set:
            canonical = name
            if name in disputed_spec and reference_header is None:
                # right by the spec: not a warning per column, one note for the set (engine)
                hmap.spec_spellings.append((name, disputed_spec[name]))
        elif name in unchecked:
            hmap.unchecked.append(name)
            continue
        elif name in disputed:
            canonical = disputed[name]
            if reference_header is None:
                add("warning", "header.disputed", i, name, spec=disputed[name], renaissance=name)
        elif name in other and other[name] in spec_set:
            canonical = other[name]
            add("error", "header.other_version", i, name, fix=canonical, other=other_version)
        elif name in rules.misspellings and rules.misspellings[name] in unchecked:
            add("error", "header.misspelled", i, name, fix=rules.misspellings[name])
            continue
        elif name in rules.misspellings and rules.misspellings[name] in spec_set:
            canonical = rules.misspellings[name]
            add("error", "header.misspelled", i, name, fix=canonical)
        elif name.strip().lstrip("\ufeff").lower() in lower:
            canonical = lower[name.strip().lstrip("\ufeff").lower()]
            add("error", "header.wrong_case", i, name, fix=canonical)
        elif _is_extension(name, known_ext):
            ext_cols.append(i)
            ext_rule = rules.extension_formats.get(file, {}).get(name)
            if ext_rule is not None:
                hmap.rules[i] = ext_rule
            if not name.startswith("metadata.") and name not in known_ext:
                unprefixed.append(i)
            continue
        elif name in only_other:
            add("error", "header.only_other_version", i, name, file=file, other=other_version)
            continue
        else:
            add("error", "header.unknown_column", i, name, file=file)
            continue
        if canonical in hmap.col_of:
            continue  # a second column for the same field: the reader or the order check names it
        hmap.col_of[canonical] = i
        hmap.rules[i] = rules.column_rule(file, canonical)  # type: ignore[assignment]

    if unprefixed:
        # one finding per file naming them all (an export can carry a dozen ext_ columns)
        first = unprefixed[0]
        add("warning", "header.extension_prefix", first, table.header[first],
            columns=", ".join(table.header[i] for i in unprefixed), count=len(unprefixed))
    # extension columns only after the last spec column
    if hmap.col_of:
        last = max(hmap.col_of.values())
        for i in ext_cols:
            if i < last:
                add("error", "header.extension_not_right", i, table.header[i], last=table.header[last])
    # order of the spec columns that are there
    placed = sorted(hmap.col_of.items(), key=lambda kv: kv[1])
    ranks = [spec.index(n) for n, _ in placed]
    for k in range(1, len(ranks)):
        if ranks[k] < ranks[k - 1]:
            name, col = placed[k]
            prev_col = next(c for n, c in placed[:k] if spec.index(n) > ranks[k])
            where = f"before {table.header[prev_col]}"
            add("error", "header.order", col, table.header[col], where=where, order=",".join(spec))
            break
    missing = [(pos, name) for pos, name in enumerate(spec) if name not in hmap.col_of]
    if missing:
        # one finding per file naming every missing column (a hand-made file can miss dozens)
        names = [name for _, name in missing]
        out.append(
            Finding(
                "error",
                "header.missing_column",
                file=file,
                line=1,
                column=names[0],
                params={
                    "count": len(names),
                    "columns": ", ".join(names),
                    "positions": ", ".join(f"{name} at position {pos + 1}" for pos, name in missing),
                    "version": rules.version,
                },
            )
        )
    if reference_header is not None:
        out.extend(_against_reference(table, reference_header, disputed, disputed_spec))
    return out, hmap


def _against_reference(
    table: Table, ref: list[str], disputed: dict[str, str], disputed_spec: dict[str, str]
) -> list[Finding]:
    """Columns a Renaissance export does not have (its spelling decides the disputed ones)."""
    out = []
    ref_set = set(ref)
    for i, name in enumerate(table.header):
        if name in ref_set or not name.strip():
            continue
        counterpart = disputed.get(name) or disputed_spec.get(name)
        fix = counterpart if counterpart in ref_set else None
        detail = f"the export has no column {name}" + (f"; it writes {fix}" if fix else "")
        out.append(
            Finding("error", "header.differs_from_reference", file=table.name, line=1, column=name, col=i, value=name,
                    params={"detail": detail}, fix=fix)
        )
    return out
