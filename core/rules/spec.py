"""The rules as data: resources/rules/<profile>-<version>.json read into plain objects.

A OneRoster file describes each data file's columns in order (required, format, enumeration,
reference); a Renaissance file is an overlay on the OneRoster file of the same version and lists
only what Renaissance's own document adds or changes; OneRoster 1.2 is an overlay on 1.1 that keeps
what the two share and names what only 1.2 has (known, not checked). The engine reads nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

PROFILES = ("oneroster", "renaissance")
VERSIONS = ("1.0", "1.1", "1.2")
#: the versions Renaissance's document describes (and takes)
RENAISSANCE_VERSIONS = ("1.0", "1.1")


@dataclass(frozen=True)
class ColumnRule:
    """What one column must hold."""

    name: str
    #: False, True, "delta" (filled only in delta files) or "renaissance" (Renaissance asks; warning)
    req: bool | str = False
    fmt: str = "string"
    enum: str | None = None
    ref: str | None = None
    #: "school" (an org of that type) or "schoolYear" (a session of that type)
    ref_type: str | None = None
    #: severity of a repeated value within the file
    unique: str | None = None
    #: severity of a repeated value among staff (not students or family)
    unique_staff: str | None = None
    #: the column whose list must be as long as this one's (subjects -> subjectCodes)
    pair: str | None = None
    #: severity of a format problem
    severity: str = "error"


@dataclass
class RuleSet:
    """Everything the engine needs to know about one profile and version."""

    profile: str
    version: str
    known_files: tuple[str, ...]
    required_files: tuple[str, ...]
    upload_files: tuple[str, ...]
    manifest: dict[str, Any] | None
    enums: dict[str, tuple[str, ...]]
    files: dict[str, tuple[ColumnRule, ...]]
    other_version_names: dict[str, dict[str, str]]
    only_in_other_version: dict[str, tuple[str, ...]]
    misspellings: dict[str, str]
    extension_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extension_formats: dict[str, dict[str, ColumnRule]] = field(default_factory=dict)
    disputed_headers: tuple[dict[str, str], ...] = ()
    disputed_values: tuple[dict[str, Any], ...] = ()
    datetime_date_only_ok: bool = False
    student_grade_column: str | None = None
    #: files of this version that are known but not checked (those only OneRoster 1.2 has)
    unchecked_files: tuple[str, ...] = ()
    #: per file, columns of this version that are known but not checked
    unchecked_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: enumeration values with this prefix are extensions and accepted (1.2: "ext:")
    enum_extension_prefix: str | None = None

    def columns(self, file: str) -> tuple[ColumnRule, ...]:
        return self.files.get(file, ())

    def column_names(self, file: str) -> list[str]:
        return [c.name for c in self.files.get(file, ())]

    def column_rule(self, file: str, name: str) -> ColumnRule | None:
        for c in self.files.get(file, ()):
            if c.name == name:
                return c
        return self.extension_formats.get(file, {}).get(name)

    def key_column(self, file: str) -> str | None:
        """The column other files refer to (sourcedId), or None."""
        cols = self.files.get(file, ())
        return cols[0].name if cols and cols[0].unique else None


def _read(name: str) -> dict[str, Any]:
    path = importlib_resources.files("resources") / "rules" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _columns(items: list[dict[str, Any]]) -> tuple[ColumnRule, ...]:
    return tuple(ColumnRule(**item) for item in items)


@lru_cache(maxsize=8)
def load_rules(profile: str, version: str) -> RuleSet:
    """The rule set of a profile ("oneroster" or "renaissance") and version ("1.0", "1.1"; "1.2"
    only for "oneroster")."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    if version not in VERSIONS or (profile == "renaissance" and version not in RENAISSANCE_VERSIONS):
        raise ValueError(f"unknown version {version!r}")
    if version == "1.2":
        return _version_12(load_rules("oneroster", "1.1"))
    base = _read(f"oneroster-{version}")
    rules = RuleSet(
        profile="oneroster",
        version=version,
        known_files=tuple(base["known_files"]),
        required_files=tuple(base["required_files"]),
        upload_files=tuple(base["known_files"]),
        manifest=base.get("manifest"),
        enums={k: tuple(v) for k, v in base["enums"].items()},
        files={f: _columns(cols) for f, cols in base["files"].items()},
        other_version_names=base.get("other_version_names", {}),
        only_in_other_version={f: tuple(v) for f, v in base.get("only_in_other_version", {}).items()},
        misspellings=dict(base.get("misspellings", {})),
    )
    if profile == "oneroster":
        return rules
    over = _read(f"renaissance-{version}")
    rules.profile = "renaissance"
    rules.required_files = tuple(over["required_files"])
    rules.upload_files = tuple(over["upload_files"])
    # files Renaissance does not take (gradebook, resources) are kept aside, not checked for it
    rules.files = {f: cols for f, cols in rules.files.items() if f in rules.upload_files}
    rules.enums.update({k: tuple(v) for k, v in over.get("enums", {}).items()})
    for file, changes in over.get("columns", {}).items():
        rules.files[file] = tuple(
            replace(c, **changes[c.name]) if c.name in changes else c for c in rules.files[file]
        )
    rules.extension_columns = {f: tuple(v) for f, v in over.get("extension_columns", {}).items()}
    rules.extension_formats = {
        f: {n: ColumnRule(name=n, **spec) for n, spec in cols.items()}
        for f, cols in over.get("extension_formats", {}).items()
    }
    rules.disputed_headers = tuple(over.get("disputed_headers", ()))
    rules.disputed_values = tuple(over.get("disputed_values", ()))
    rules.datetime_date_only_ok = bool(over.get("datetime_date_only_ok"))
    rules.student_grade_column = over.get("student_grade_column")
    # Renaissance's own spellings are disputes (decided by an export), not misspellings.
    for d in rules.disputed_headers:
        rules.misspellings.pop(d["renaissance"], None)
    return rules


def _version_12(v11: RuleSet) -> RuleSet:
    """OneRoster 1.2 from the 1.1 rules and resources/rules/oneroster-1.2.json (see its _about)."""
    over = _read("oneroster-1.2")
    manifest = dict(v11.manifest or {})
    manifest["oneroster.version"] = over["manifest"]["oneroster.version"]
    manifest["files"] = sorted([*manifest["files"], *over["manifest"]["files_added"]], key=str.lower)
    enums = dict(v11.enums)
    for name, added in over.get("enums_added", {}).items():
        enums[name] = (*enums[name], *added)
    files = dict(v11.files)
    unchecked: dict[str, tuple[str, ...]] = {}
    for file, change in over["columns"].items():
        renamed = change.get("rename", {})
        edits = change.get("change", {})
        moved = set(change.get("moved_out", ()))
        files[file] = tuple(
            replace(c, name=renamed.get(c.name, c.name), **edits.get(c.name, {}))
            for c in files[file] if c.name not in moved
        )
        unchecked[file] = (*change.get("unchecked", ()), *change.get("moved_out", ()))
    return replace(
        v11,
        version="1.2",
        known_files=(*v11.known_files, *over["unchecked_files"]),
        upload_files=(*v11.upload_files, *over["unchecked_files"]),
        manifest=manifest,
        enums=enums,
        files=files,
        misspellings={**v11.misspellings, **over.get("misspellings_added", {})},
        unchecked_files=tuple(over["unchecked_files"]),
        unchecked_columns=unchecked,
        enum_extension_prefix=over.get("enum_extension_prefix"),
    )
