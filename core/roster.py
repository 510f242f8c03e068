"""A roster: the named tables of one OneRoster set, plus what loading them found."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.findings import Finding
from core.table import Table

#: the OneRoster 1.1 data files (plus the manifest); 1.0 has the first seven and no manifest
ONEROSTER_FILES = (
    "manifest.csv",
    "orgs.csv",
    "users.csv",
    "courses.csv",
    "classes.csv",
    "enrollments.csv",
    "academicSessions.csv",
    "demographics.csv",
    "categories.csv",
    "lineItems.csv",
    "results.csv",
    "resources.csv",
    "classResources.csv",
    "courseResources.csv",
)
#: the files Renaissance takes (manifest only for 1.1)
RENAISSANCE_FILES = (
    "orgs.csv",
    "users.csv",
    "courses.csv",
    "classes.csv",
    "enrollments.csv",
    "academicSessions.csv",
    "demographics.csv",
    "manifest.csv",
)


@dataclass
class Roster:
    """The tables of one roster set, in the order they were found.

    ``name`` is what the user opened (a zip, folder or file name). ``load_findings`` holds what the
    readers reported (structure, encoding, package layout); the checks add the rest.
    """

    name: str = "Roster"
    tables: list[Table] = field(default_factory=list)
    load_findings: list[Finding] = field(default_factory=list)
    #: where the set came from: the zip, folder or files the user opened
    origin_paths: list[str] = field(default_factory=list)

    def table(self, name: str) -> Table | None:
        """The table with this file name (exact, case-sensitive), or None."""
        for t in self.tables:
            if t.name == name:
                return t
        return None

    def __getitem__(self, name: str) -> Table:
        t = self.table(name)
        if t is None:
            raise KeyError(name)
        return t

    def __contains__(self, name: object) -> bool:
        return any(t.name == name for t in self.tables)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tables]

    @property
    def modified(self) -> bool:
        return any(t.modified for t in self.tables)

    def add(self, table: Table) -> None:
        self.tables.append(table)

    def upload_tables(self) -> list[Table]:
        return [t for t in self.tables if t.in_upload]
