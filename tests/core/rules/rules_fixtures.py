"""Small clean OneRoster sets written for the rule tests, and helpers to break them one cell at a time."""

from __future__ import annotations

from core.findings import Finding
from core.io.csvread import read_csv_bytes
from core.roster import Roster

MANIFEST_11 = """propertyName,value
manifest.version,1.0
oneroster.version,1.1
file.academicSessions,bulk
file.categories,absent
file.classes,bulk
file.classResources,absent
file.courses,bulk
file.courseResources,absent
file.demographics,bulk
file.enrollments,bulk
file.lineItems,absent
file.orgs,bulk
file.resources,absent
file.results,absent
file.users,bulk
"""

CLEAN_11: dict[str, str] = {
    "manifest.csv": MANIFEST_11,
    "orgs.csv": """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
dist,,,Maple District,district,0600001,
sch1,,,Cedar Elementary,school,0600002,dist
sch2,,,Oak Middle,school,0600003,dist
""",
    "academicSessions.csv": """sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
sy,,,2026-2027,schoolYear,2026-08-17,2027-06-11,,2027
fall,,,Fall,semester,2026-08-17,2027-01-15,sy,2027
spring,,,Spring,semester,2027-01-19,2027-06-11,sy,2027
""",
    "courses.csv": """sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes
crs1,,,sy,Math 3,M3,03,sch1,Mathematics,MATH
crs2,,,sy,Science 7,S7,07,sch2,"Science, Biology","SCI,BIO"
""",
    "classes.csv": """sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
cls1,,,Math 3A,03,crs1,M3A,scheduled,Room 1,sch1,fall,Mathematics,MATH,1
cls2,,,Science 7B,"06,07",crs2,S7B,homeroom,Lab,sch2,"fall,spring",,,"1,3"
""",
    "users.csv": """sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
t1,,,true,sch1,teacher,alvarez,{SIS:1},Maria,Alvarez,,001,malvarez@maple.example.org,,,,,
t2,,,true,"sch1,sch2",teacher,chen,"{SIS:2},{LDAP:jchen}",James,Chen,,002,jchen@maple.example.org,,,,,
s1,,,true,sch1,student,s1,,Ana,Diaz,,101,,,,p1,03,
s2,,,true,sch2,student,s2,,Ben,Eze,Kofi,102,,,,,07,
p1,,,true,sch1,parent,p1,,Rosa,Diaz,,,rosa@example.org,,,,,
""",
    "enrollments.csv": """sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
e1,,,cls1,sch1,t1,teacher,true,2026-08-17,2027-01-16
e2,,,cls1,sch1,s1,student,false,,
e3,,,cls2,sch2,t2,teacher,true,,
e4,,,cls2,sch2,s2,student,false,2026-09-01,2027-06-01
e5,,,cls2,sch2,t1,teacher,false,,
""",
    "demographics.csv": """sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus
s1,,,2017-03-14,female,false,false,false,false,true,false,true,US,CA,Fresno,
s2,,,2013-11-02,male,false,true,false,false,false,false,false,US,TX,Austin,
""",
}

CLEAN_10: dict[str, str] = {
    "orgs.csv": """sourcedId,status,dateLastModified,name,type,identifier,metadata.classification,metadata.gender,metadata.boarding,parentSourcedId
dist,,,Maple District,district,0600001,public,,,
sch1,,,Cedar Elementary,school,0600002,public,mixed,false,dist
""",
    "academicSessions.csv": """sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId
sy,,,2026-2027,schoolYear,2026-08-17,2027-06-11,
fall,,,Fall,semester,2026-08-17,2027-01-15,sy
""",
    "courses.csv": """sourcedId,status,dateLastModified,schoolYearId,metadata.duration,title,courseCode,grade,orgSourcedId,subjects
crs1,,,sy,one year,Math 3,M3,3,sch1,Mathematics
""",
    "classes.csv": """sourcedId,status,dateLastModified,title,grade,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedId,subjects
cls1,,,Math 3A,3,crs1,M3A,scheduled,Room 1,sch1,fall,Mathematics
""",
    "users.csv": """sourcedId,status,dateLastModified,orgSourcedIds,role,username,userId,givenName,familyName,identifier,email,sms,phone,agents
t1,,,sch1,teacher,alvarez,LDAP1,Maria,Alvarez,001,malvarez@maple.example.org,,,
s1,,,sch1,student,s1,,Ana,Diaz,101,,,,p1
p1,,,sch1,parent,p1,,Rosa,Diaz,,,,,
""",
    "enrollments.csv": """sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role,status,dateLastModified,primary
e1,cls1,sch1,t1,teacher,,,true
e2,cls1,sch1,s1,student,,,false
""",
    "demographics.csv": """userSourcedId,status,dateLastModified,birthdate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus
s1,,,2017-03-14,female,false,false,false,false,true,false,true,US,CA,Fresno,
""",
}


def roster(files: dict[str, str], **replace: str | None) -> Roster:
    """A roster of these files; ``replace`` swaps or (with None) drops files: ``users_csv="..."``."""
    files = dict(files)
    for key, text in replace.items():
        name = key.replace("_csv", ".csv")
        if text is None:
            files.pop(name, None)
        else:
            files[name] = text
    r = Roster(name="test")
    for name, text in files.items():
        table, findings = read_csv_bytes(text.encode("utf-8"), name)
        r.add(table)
        r.load_findings.extend(findings)
    return r


def set_value(r: Roster, file: str, row: int, column: str, value: str) -> None:
    t = r[file]
    t.set_cell(row, t.header.index(column), value)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)
