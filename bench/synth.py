"""A consistent synthetic OneRoster 1.1 district of any size, as CSV bytes per file.

    python bench/synth.py OUT_FOLDER [ENROLLMENTS] [USERS] [CLASSES]

Every reference resolves, every value is valid: a clean set, so a check of it measures the rules'
cost and not the cost of reporting. One school-year session and two semesters; 5 % of users are
teachers, each class has one primary teacher, students take classes at their own school.
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADERS = {
    "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "academicSessions.csv": "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
    "courses.csv": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes",
    "classes.csv": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
    "users.csv": "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password",
    "enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate",
    "demographics.csv": "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus",
}
_GRADES = ["KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]
_TERMS = [("fall", "2026-08-17", "2027-01-15"), ("spring", "2027-01-19", "2027-06-11")]


def _file(name: str, rows: list[str]) -> bytes:
    return ("\r\n".join([HEADERS[name], *rows]) + "\r\n").encode("utf-8")


def generate(enrollments: int = 1_000_000, users: int = 100_000, classes: int = 50_000, schools: int = 50) -> dict[str, bytes]:
    """File name -> CSV bytes of a clean district of this size."""
    school_ids = [f"sch{k:03d}" for k in range(schools)]
    out: dict[str, bytes] = {}
    out["manifest.csv"] = (
        "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\n"
        + "".join(
            f"file.{n},{'bulk' if n + '.csv' in HEADERS else 'absent'}\r\n"
            for n in ("academicSessions", "categories", "classes", "classResources", "courses", "courseResources",
                      "demographics", "enrollments", "lineItems", "orgs", "resources", "results", "users")
        )
    ).encode()
    out["orgs.csv"] = _file("orgs.csv", ["dist,,,Synthetic District,district,0600001,"]
                            + [f"{s},,,School {s},school,06000{k:04d},dist" for k, s in enumerate(school_ids)])
    out["academicSessions.csv"] = _file("academicSessions.csv", ["sy2027,,,2026-2027,schoolYear,2026-08-17,2027-06-11,,2027"]
                                        + [f"{t},,,{t} 2026-27,semester,{a},{b},sy2027,2027" for t, a, b in _TERMS])
    n_courses = max(1, classes // 10)
    out["courses.csv"] = _file("courses.csv", [
        f"crs{c:06d},,,sy2027,Course {c},C{c},{_GRADES[c % 13]},{school_ids[c % schools]},Mathematics,MATH" for c in range(n_courses)
    ])
    # class k belongs to the school of its course, and runs in one semester
    class_school = [school_ids[(k % n_courses) % schools] for k in range(classes)]
    out["classes.csv"] = _file("classes.csv", [
        f"cls{k:07d},,,Class {k},{_GRADES[(k % n_courses) % 13]},crs{k % n_courses:06d},K{k},scheduled,Room {k % 40},"
        f"{class_school[k]},{_TERMS[k % 2][0]},Mathematics,MATH,{k % 7 + 1}"
        for k in range(classes)
    ])
    n_teachers = max(1, users // 20)
    n_students = users - n_teachers
    rows = []
    for u in range(users):
        teacher = u < n_teachers
        uid = f"t{u:07d}" if teacher else f"s{u:07d}"
        role = "teacher" if teacher else "student"
        grade = "" if teacher else _GRADES[u % 13]
        rows.append(f"{uid},,,true,{school_ids[u % schools]},{role},{uid},{{SIS:{u}}},Given{u},Family{u},,{u:07d},"
                    f"{uid}@district.example.org,,,,{grade},")
    out["users.csv"] = _file("users.csv", rows)
    out["demographics.csv"] = _file("demographics.csv", [
        f"s{u:07d},,,2012-0{u % 9 + 1}-1{u % 9},{'female' if u % 2 else 'male'},false,false,false,false,true,false,false,US,CA,Fresno,"
        for u in range(n_teachers, users)
    ])
    # one primary teacher per class, then students of the class's school until the total is reached
    rows = []
    e = 0
    for k in range(classes):
        t = (k * 7) % n_teachers
        term = _TERMS[k % 2]
        rows.append(f"e{e:08d},,,cls{k:07d},{class_school[k]},t{t:07d},teacher,true,{term[1]},{term[2]}")
        e += 1
    per_class = max(0, (enrollments - classes) // max(1, classes))
    extra = max(0, enrollments - classes - per_class * classes)
    for k in range(classes):
        term = _TERMS[k % 2]
        take = per_class + (1 if k < extra else 0)
        for j in range(take):
            s = n_teachers + ((k * 31 + j * 997) % n_students)
            rows.append(f"e{e:08d},,,cls{k:07d},{class_school[k]},s{s:07d},student,false,{term[1]},{term[2]}")
            e += 1
    out["enrollments.csv"] = _file("enrollments.csv", rows)
    return out


def appended_twice(data: bytes) -> bytes:
    """enrollments.csv with its rows appended again, each copy under a new sourcedId ("d..." for "e...")."""
    header, _, body = data.partition(b"\r\n")
    return header + b"\r\n" + body + body.replace(b"\r\ne", b"\r\nd").replace(b"e", b"d", 1)


def write(folder: str | Path, **sizes: int) -> list[Path]:
    """Write the files of ``generate(**sizes)`` into a folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in generate(**sizes).items():
        p = folder / name
        p.write_bytes(data)
        paths.append(p)
    return paths


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[2:]]
    keys = ("enrollments", "users", "classes")
    write(sys.argv[1], **dict(zip(keys, args)))
