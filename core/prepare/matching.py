"""Step 2: which SIS column fills each column of Renaissance's template, per file.

A match is made by column key (see ``headers.column_key``), so ``userId``, ``userIDs`` and
``userIds`` all fill the template's ``userIds``. The user can change any match; a matching can be
saved as JSON and applied to next year's files.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from core.errors import RosterError
from core.prepare.headers import RENAMES_10_TO_11, VENDOR_SPELLINGS, column_key

#: why a column was matched, for showing next to it
HOW_SAME = "same name"
HOW_RENAMED = "1.0 name"
HOW_VENDOR = "other spelling"
HOW_CASE = "different case"
HOW_USER = "chosen"
HOW_SAVED = "saved matching"


@dataclass
class Matching:
    """One file's matching: template column -> SIS column (or None: the column stays empty)."""

    file: str
    template_columns: list[str]
    sis_columns: list[str]
    pairs: dict[str, str | None] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)

    def sis_for(self, template_column: str) -> str | None:
        return self.pairs.get(template_column)

    def set(self, template_column: str, sis_column: str | None, how: str = HOW_USER) -> None:
        """Match a template column to a SIS column (None to leave it empty)."""
        if template_column not in self.template_columns:
            raise KeyError(template_column)
        if sis_column is not None and sis_column not in self.sis_columns:
            raise KeyError(sis_column)
        self.pairs[template_column] = sis_column
        if sis_column is None:
            self.how.pop(template_column, None)
        else:
            self.how[template_column] = how

    @property
    def dropped(self) -> list[str]:
        """SIS columns that fill no template column, in the SIS file's order."""
        used = {s for s in self.pairs.values() if s is not None}
        return [s for s in self.sis_columns if s not in used]

    @property
    def unmatched(self) -> list[str]:
        """Template columns no SIS column fills."""
        return [t for t in self.template_columns if self.pairs.get(t) is None]

    def to_json(self) -> dict[str, Any]:
        return {t: s for t, s in self.pairs.items()}


def _how(file: str, sis: str, template: str) -> str:
    if sis == template:
        return HOW_SAME
    if sis in RENAMES_10_TO_11.get(file, {}) or template in RENAMES_10_TO_11.get(file, {}):
        return HOW_RENAMED
    if sis in VENDOR_SPELLINGS or template in VENDOR_SPELLINGS:
        return HOW_VENDOR
    if sis.lower() == template.lower():
        return HOW_CASE
    low = {k.lower() for k in RENAMES_10_TO_11.get(file, {})}
    if sis.lower() in low:
        return HOW_RENAMED
    return HOW_VENDOR


def match_columns(file: str, template_columns: list[str], sis_columns: list[str]) -> Matching:
    """Match a SIS file's header to the template's by name, 1.0/1.1 renames and vendor spellings.

    Each SIS column fills at most one template column; the first SIS column with a key wins.
    """
    m = Matching(file, list(template_columns), list(sis_columns))
    sis_keys = [(s, column_key(file, s)) for s in sis_columns]
    used: set[str] = set()
    for t in template_columns:
        tkey = column_key(file, t)
        hit = next((s for s, k in sis_keys if k == tkey and s not in used), None)
        if hit is None:
            hit = next((s for s, k in sis_keys if k.lower() == tkey.lower() and s not in used), None)
        m.pairs[t] = hit
        if hit is not None:
            used.add(hit)
            m.how[t] = _how(file, hit, t)
    return m


def apply_saved(m: Matching, saved: dict[str, str | None]) -> list[str]:
    """Apply a saved matching for this file where its columns still exist; returns what was skipped."""
    skipped = []
    for t, s in saved.items():
        if t not in m.template_columns or (s is not None and s not in m.sis_columns):
            skipped.append(t)
            continue
        # a SIS column moves to its saved place: take it away from where the automatic match put it
        if s is not None:
            for other, cur in m.pairs.items():
                if cur == s and other != t:
                    m.pairs[other] = None
                    m.how.pop(other, None)
        m.set(t, s, HOW_SAVED)
    return skipped


def matchings_to_json(matchings: dict[str, Matching], org_ids: dict[str, str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"format": "rosterprep-matching", "version": 1, "files": {f: m.to_json() for f, m in matchings.items()}}
    if org_ids:
        data["org_ids"] = dict(org_ids)
    return data


def save_matchings(matchings: dict[str, Matching], path: str | os.PathLike[str], org_ids: dict[str, str] | None = None) -> None:
    """Write the matchings as JSON (template column -> SIS column, per file; SIS org ID -> Renaissance's)."""
    from core.io.csvwrite import atomic_write

    data = json.dumps(matchings_to_json(matchings, org_ids), indent=1, ensure_ascii=False).encode("utf-8")
    atomic_write(path, data)


def load_org_ids(path: str | os.PathLike[str]) -> dict[str, str]:
    """The org ID mapping of a saved matching file (SIS org ID -> Renaissance's), empty if none."""
    load_matchings(path)  # the same checks
    with open(path, encoding="utf-8") as fh:
        org_ids = json.load(fh).get("org_ids", {})
    if not isinstance(org_ids, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in org_ids.items()):
        raise RosterError("the org IDs in this saved matching are not readable", where=str(path))
    return org_ids


def load_matchings(path: str | os.PathLike[str]) -> dict[str, dict[str, str | None]]:
    """Read a saved matching file: {file: {template column: SIS column or None}}."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as err:
        raise RosterError(f"cannot read the matching file: {err.strerror or err}", where=str(path)) from None
    except ValueError:
        raise RosterError("this is not a saved column matching (it is not valid JSON)", where=str(path)) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(
        isinstance(v, dict) and all(isinstance(s, (str, type(None))) for s in v.values()) for v in files.values()
    ):
        raise RosterError("this is not a saved column matching", where=str(path))
    return files


def sample_values(values: list[str], n: int = 3) -> list[str]:
    """The first ``n`` distinct non-empty values of a column, to show what it holds."""
    out: list[str] = []
    seen: set[str] = set()
    for v in values:
        if v and v not in seen:
            seen.add(v)
            out.append(v)
            if len(out) == n:
                break
    return out
