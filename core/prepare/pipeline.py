"""The whole preparation: template + SIS data -> a Renaissance-ready roster, its findings and the
comparison with what Renaissance holds. The wizard runs it step by step; the CLI in one go."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.findings import Finding
from core.prepare.compare import Comparison, compare
from core.prepare.headers import DATA_FILES, VERSIONS, column_key, detect_version
from core.prepare.matching import Matching, apply_saved, load_matchings, load_org_ids, match_columns, save_matchings
from core.prepare.records import Built, build_records, find_table, template_header
from core.roster import Roster
from core.table import Table

#: codes of the org findings preparing makes (they say more than the rule check's, e.g. the ID
#: Renaissance knows a school by)
ORG_CODES = "prepare.org_"
_RULE_ORG_CODE = "ref.org_not_in_reference"


@dataclass
class PrepareResult:
    roster: Roster
    version: str
    built: Built
    comparison: Comparison
    #: what preparing found (orgs missing from Renaissance, values not carried, large drops...)
    findings: list[Finding] = field(default_factory=list)


def roster_version(roster: Roster) -> str:
    """The OneRoster version of a set: its manifest's oneroster.version, else judged by its headers."""
    manifest = find_table(roster, "manifest.csv")
    mv = None
    if manifest is not None and manifest.ncols >= 2:
        for r in range(manifest.nrows):
            if manifest.cell(r, 0).strip() == "oneroster.version":
                mv = manifest.cell(r, 1).strip()
    headers = {f: list(t.header) for f in DATA_FILES if (t := find_table(roster, f)) is not None}
    return detect_version(headers, manifest is not None, mv)


class Preparation:
    """Template (Renaissance's export) and SIS data, with the column matching the user can change."""

    def __init__(self, template: Roster, sis: Roster) -> None:
        self.template = template
        self.sis = sis
        self.template_version = roster_version(template)
        self.sis_version = roster_version(sis)
        self.matchings: dict[str, Matching] = {}
        #: SIS org ID -> the ID Renaissance knows that school by (the user's choice)
        self.org_ids: dict[str, str] = {}
        for file in DATA_FILES:
            tcols = template_header(template, file, self.template_version)
            st = find_table(sis, file)
            self.matchings[file] = match_columns(st.name if st is not None else file, tcols, list(st.header) if st is not None else [])
            self.matchings[file].file = file

    def sis_table(self, file: str) -> Table | None:
        return find_table(self.sis, file)

    def apply_saved(self, saved: dict[str, dict[str, str | None]]) -> list[str]:
        """Apply a saved matching; returns 'file: column' for each saved pair that no longer fits."""
        skipped: list[str] = []
        for file, pairs in saved.items():
            m = self.matchings.get(file)
            if m is None:
                skipped.extend(f"{file}: {t}" for t in pairs)
                continue
            skipped.extend(f"{file}: {t}" for t in apply_saved(m, pairs))
        return skipped

    def load(self, path: str) -> list[str]:
        """Apply a saved matching file (columns and org IDs); returns what no longer fits."""
        skipped = self.apply_saved(load_matchings(path))
        self.org_ids.update(load_org_ids(path))
        return skipped

    def save(self, path: str) -> None:
        save_matchings(self.matchings, path, self.org_ids)

    def renaissance_orgs(self) -> list[tuple[str, str]]:
        """(sourcedId, name) of every org in Renaissance's export."""
        orgs = find_table(self.template, "orgs.csv")
        if orgs is None:
            return []
        k = next((i for i, h in enumerate(orgs.header) if column_key("orgs.csv", h) == "sourcedId"), None)
        n = next((i for i, h in enumerate(orgs.header) if column_key("orgs.csv", h) == "name"), None)
        if k is None:
            return []
        return [(orgs.cell(r, k), orgs.cell(r, n) if n is not None else "") for r in range(orgs.nrows)]

    def run(self, version: str | None = None) -> PrepareResult:
        """Build the upload in ``version`` (default: the template's) and compare it with the export."""
        version = version or self.template_version
        if version not in VERSIONS:
            raise ValueError(f"OneRoster version must be one of {', '.join(VERSIONS)}")
        built = build_records(self.template, self.sis, self.matchings, self.template_version, version, self.org_ids)
        comparison = compare(built.roster, self.template)
        findings = built.findings + comparison.findings()
        if self.sis_version != version:
            findings.append(
                Finding("info", "prepare.version_differs", params={"sis_version": self.sis_version, "version": version})
            )
        # Cell findings about orgs stay out of the roster's own findings: in the grid the live rule
        # check (ref.org_not_in_reference, with the export as reference) follows the user's edits.
        built.roster.load_findings = [f for f in findings if not f.code.startswith(ORG_CODES)]
        return PrepareResult(built.roster, version, built, comparison, findings)


def check_prepared(result: PrepareResult, template: Roster) -> list[Finding]:
    """Every finding for the prepared roster with the Renaissance profile, the export as reference.

    Until the rule and damage checks are installed this is only what preparing found.
    """
    try:
        from core.checks import check_roster, sort_findings
    except ImportError:
        return list(result.findings)
    ours = [f for f in result.findings if f.code.startswith(ORG_CODES)]
    cells = {(f.file, f.row) for f in ours}
    checked = [f for f in check_roster(result.roster, profile="renaissance", reference=template) if not (f.code == _RULE_ORG_CODE and (f.file, f.row) in cells)]
    return sort_findings(checked + ours)
