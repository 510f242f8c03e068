"""What each OneRoster column holds, as far as spreadsheet damage is concerned.

A spreadsheet damages a value according to what it looks like (digits, a date, TRUE), and a repair
needs to know what the column should hold. The roles come from the OneRoster 1.0/1.1 column names
(docs: /work/shared/oneroster-reference.md §1.6, §2); the list is small and kept here so that the
damage checks do not depend on the validation rules.
"""

from __future__ import annotations

#: single identifiers and codes: digits here keep their leading zeros and all their digits
ID_COLUMNS = frozenset(
    {
        "sourcedId",
        "parentSourcedId",
        "orgSourcedId",
        "schoolSourcedId",
        "classSourcedId",
        "courseSourcedId",
        "userSourcedId",
        "schoolYearSourcedId",
        "schoolYearId",
        "termSourcedId",
        "lineItemSourcedId",
        "studentSourcedId",
        "categorySourcedId",
        "gradingPeriodSourcedId",
        "resourceSourcedId",
        "identifier",
        "courseCode",
        "classCode",
        "username",
        "userId",
        "vendorResourceId",
        "vendorId",
        "applicationId",
        "sms",
        "phone",
    }
)
#: comma lists of identifiers or codes (zero-padded codes: SCED subject codes are five digits).
#: Periods are not among them: a period 1 is period 01, and schools write both.
ID_LIST_COLUMNS = frozenset({"orgSourcedIds", "agentSourcedIds", "termSourcedIds", "agents", "subjectCodes"})
GRADE_COLUMNS = frozenset({"grades", "grade"})
DATE_COLUMNS = frozenset({"startDate", "endDate", "beginDate", "birthDate", "birthdate", "assignDate", "dueDate", "scoreDate"})
BOOLEAN_COLUMNS = frozenset(
    {
        "enabledUser",
        "primary",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
    }
)
#: list fields: unquoted, their items spill into the next columns
LIST_COLUMNS = frozenset(
    {"orgSourcedIds", "agentSourcedIds", "termSourcedIds", "agents", "userIds", "grades", "grade", "subjects", "subjectCodes", "periods", "roles"}
)

#: which table's sourcedIds a reference column holds: IDs of one kind share one zero-padding width
_REFERENCE_TARGETS = {
    "orgs": {
        ("orgs.csv", "sourcedId"),
        ("orgs.csv", "parentSourcedId"),
        ("users.csv", "orgSourcedIds"),
        ("courses.csv", "orgSourcedId"),
        ("classes.csv", "schoolSourcedId"),
        ("enrollments.csv", "schoolSourcedId"),
    },
    "users": {
        ("users.csv", "sourcedId"),
        ("users.csv", "agentSourcedIds"),
        ("users.csv", "agents"),
        ("enrollments.csv", "userSourcedId"),
        ("demographics.csv", "sourcedId"),
        ("demographics.csv", "userSourcedId"),
        ("results.csv", "studentSourcedId"),
    },
    "courses": {("courses.csv", "sourcedId"), ("classes.csv", "courseSourcedId"), ("courseResources.csv", "courseSourcedId")},
    "classes": {
        ("classes.csv", "sourcedId"),
        ("enrollments.csv", "classSourcedId"),
        ("lineItems.csv", "classSourcedId"),
        ("classResources.csv", "classSourcedId"),
    },
    "academicSessions": {
        ("academicSessions.csv", "sourcedId"),
        ("academicSessions.csv", "parentSourcedId"),
        ("courses.csv", "schoolYearSourcedId"),
        ("courses.csv", "schoolYearId"),
        ("classes.csv", "termSourcedIds"),
        ("classes.csv", "termSourcedId"),
        ("lineItems.csv", "gradingPeriodSourcedId"),
    },
}
_POOL_OF = {member: kind for kind, members in _REFERENCE_TARGETS.items() for member in members}


def is_id(column: str) -> bool:
    return column in ID_COLUMNS


def is_id_list(column: str) -> bool:
    return column in ID_LIST_COLUMNS


#: list columns of identifiers (periods and subject codes are lists of codes, not of IDs)
_ID_REFERENCE_LISTS = frozenset({"orgSourcedIds", "agentSourcedIds", "termSourcedIds", "agents"})


#: digits kept as text that name no record (a phone number's lost zero is real damage, but no ID)
_NOT_IDENTIFIERS = frozenset({"sms", "phone"})


def is_identifier(column: str) -> bool:
    """Columns of identifiers (one or a list): where a lost leading zero changes which record is meant."""
    return (column in ID_COLUMNS and column not in _NOT_IDENTIFIERS) or column in _ID_REFERENCE_LISTS


def is_grades(column: str) -> bool:
    return column in GRADE_COLUMNS


def is_date(column: str) -> bool:
    return column in DATE_COLUMNS


def is_boolean(column: str) -> bool:
    return column in BOOLEAN_COLUMNS


def is_list(column: str) -> bool:
    return column in LIST_COLUMNS


def is_text_like(column: str) -> bool:
    """Columns whose values are text even when they look like numbers (IDs, codes, grades)."""
    return column in ID_COLUMNS or column in ID_LIST_COLUMNS or column in GRADE_COLUMNS or column == "periods"


def id_pool(table: str, column: str) -> str:
    """The key space of an ID column: the kind of record it names, or the column itself.

    Every column naming the same kind of record (orgs.sourcedId, classes.schoolSourcedId, ...)
    shares one zero-padding width, so evidence in one is evidence for all.
    """
    return _POOL_OF.get((table, column), f"{table}.{column}")


def row_key_column(header: list[str]) -> int:
    """The column that names a record: sourcedId (or 1.0 demographics' userSourcedId), else the first."""
    for name in ("sourcedId", "userSourcedId", "propertyName"):
        if name in header:
            return header.index(name)
    return 0
