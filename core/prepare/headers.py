"""OneRoster 1.0 and 1.1 headers of the files Renaissance takes, and the names a column goes by.

Every column has one *key*: its OneRoster 1.1 name (``userIds``, ``termSourcedIds``...). 1.0 names
and the vendor spellings seen in real files (reference §1.9, §2) map to that key, so a 1.0 SIS file,
an Apple template and Renaissance's own export all line up column by column.
"""

from __future__ import annotations

from core.roster import RENAISSANCE_FILES

#: the data files Renaissance imports, in the order they are shown and written
DATA_FILES = tuple(name for name in RENAISSANCE_FILES if name != "manifest.csv")

_DEMO_TAIL = (
    "sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,"
    "demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,"
    "cityOfBirth,publicSchoolResidenceStatus"
)

#: the exact spec header lines (reference §1.6 for 1.1, §2 for 1.0)
SPEC_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "1.1": {
        "orgs.csv": tuple("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId".split(",")),
        "users.csv": tuple(
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
            "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password".split(",")
        ),
        "courses.csv": tuple(
            "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,"
            "subjects,subjectCodes".split(",")
        ),
        "classes.csv": tuple(
            "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
            "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods".split(",")
        ),
        "enrollments.csv": tuple(
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,"
            "beginDate,endDate".split(",")
        ),
        "academicSessions.csv": tuple(
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear".split(",")
        ),
        "demographics.csv": tuple(("sourcedId,status,dateLastModified,birthDate," + _DEMO_TAIL).split(",")),
    },
    "1.0": {
        "orgs.csv": tuple(
            "sourcedId,status,dateLastModified,name,type,identifier,metadata.classification,metadata.gender,"
            "metadata.boarding,parentSourcedId".split(",")
        ),
        "users.csv": tuple(
            "sourcedId,status,dateLastModified,orgSourcedIds,role,username,userId,givenName,familyName,"
            "identifier,email,sms,phone,agents".split(",")
        ),
        "courses.csv": tuple(
            "sourcedId,status,dateLastModified,schoolYearId,metadata.duration,title,courseCode,grade,"
            "orgSourcedId,subjects".split(",")
        ),
        "classes.csv": tuple(
            "sourcedId,status,dateLastModified,title,grade,courseSourcedId,classCode,classType,location,"
            "schoolSourcedId,termSourcedId,subjects".split(",")
        ),
        "enrollments.csv": tuple(
            "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role,status,dateLastModified,primary".split(",")
        ),
        "academicSessions.csv": tuple(
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId".split(",")
        ),
        "demographics.csv": tuple(("userSourcedId,status,dateLastModified,birthdate," + _DEMO_TAIL).split(",")),
    },
}

VERSIONS = ("1.0", "1.1")

#: 1.0 name -> 1.1 name, per file (userSourcedId is a rename only in demographics)
RENAMES_10_TO_11: dict[str, dict[str, str]] = {
    "users.csv": {"userId": "userIds", "agents": "agentSourcedIds"},
    "courses.csv": {"schoolYearId": "schoolYearSourcedId", "grade": "grades"},
    "classes.csv": {"grade": "grades", "termSourcedId": "termSourcedIds"},
    "demographics.csv": {"userSourcedId": "sourcedId", "birthdate": "birthDate"},
}

#: spellings seen in vendor documents and templates (reference §1.9; Renaissance's own tables)
VENDOR_SPELLINGS: dict[str, str] = {
    "sourceID": "sourcedId",
    "sourceId": "sourcedId",
    "sourcedID": "sourcedId",
    "agentSourceIds": "agentSourcedIds",
    "agentSourcedIDs": "agentSourcedIds",
    "agentSourceIDs": "agentSourcedIds",
    "orgSourcedIDs": "orgSourcedIds",
    "userIDs": "userIds",
    "parentSourceID": "parentSourcedId",
    "parentSourceId": "parentSourcedId",
    "parentSourcedID": "parentSourcedId",
    "schoolYearSourceId": "schoolYearSourcedId",
    "dataLastModified": "dateLastModified",
}


def _lower_map(d: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in d.items()}


_VENDOR_LOWER = _lower_map(VENDOR_SPELLINGS)


def column_key(file: str, name: str) -> str:
    """The 1.1 name a column stands for in this file (its own name when it is not a known one).

    Exact names win over case-insensitive ones, so ``grade`` and ``Grade`` both become ``grades`` in
    classes but an unknown ``Homeroom`` stays ``Homeroom``.
    """
    name = name.strip().lstrip("\ufeff")
    spec11 = SPEC_HEADERS["1.1"].get(file, ())
    renames = RENAMES_10_TO_11.get(file, {})
    if name in spec11:
        return name
    if name in renames:
        return renames[name]
    if name in VENDOR_SPELLINGS:
        return VENDOR_SPELLINGS[name]
    spec10 = SPEC_HEADERS["1.0"].get(file, ())
    if name in spec10:
        return name
    low = name.lower()
    for n in spec11:
        if n.lower() == low:
            return n
    for old, new in renames.items():
        if old.lower() == low:
            return new
    if low in _VENDOR_LOWER:
        return _VENDOR_LOWER[low]
    for n in spec10:
        if n.lower() == low:
            return n
    return name


def is_spec_key(file: str, key: str) -> bool:
    """True when the key is a OneRoster column of the file in 1.0 or 1.1."""
    if key in SPEC_HEADERS["1.1"].get(file, ()):
        return True
    return any(column_key(file, n) == key for n in SPEC_HEADERS["1.0"].get(file, ()))


def spec_name(file: str, key: str, version: str) -> str | None:
    """The name a column key has in a version's spec header, or None when that version lacks it."""
    for n in SPEC_HEADERS[version].get(file, ()):
        if column_key(file, n) == key:
            return n
    return None


def detect_version(headers: dict[str, list[str]], has_manifest: bool, manifest_version: str | None = None) -> str:
    """1.1 or 1.0 from a set's manifest or, failing that, its header names."""
    if manifest_version in VERSIONS:
        return manifest_version
    if has_manifest:
        return "1.1"
    score = 0
    for file, header in headers.items():
        names = set(header)
        for n in SPEC_HEADERS["1.0"].get(file, ()):
            if n in names and n not in SPEC_HEADERS["1.1"].get(file, ()):
                score -= 1
        for n in SPEC_HEADERS["1.1"].get(file, ()):
            if n in names and n not in SPEC_HEADERS["1.0"].get(file, ()):
                score += 1
    return "1.0" if score < 0 else "1.1"
