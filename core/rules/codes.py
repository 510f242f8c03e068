"""Every code the rule engine can emit, in one place (a test checks each has wording in
resources/messages/rules.json, and that file has no code the engine does not know)."""

from __future__ import annotations

#: code -> what it is about (the wording for users lives in resources/messages/rules.json)
CODES: dict[str, str] = {
    # package and version
    "package.missing_file": "a file the profile requires is not in the set",
    "package.unexpected_file": "a file that is not a file of this OneRoster version",
    "package.file_repeated": "two tables with the same file name",
    "package.mixed_versions": "some files have 1.0 headers, others 1.1",
    "package.version_unknown": "the version could not be told from manifest or headers",
    "package.version_unsupported": "the manifest declares a OneRoster version other than 1.0/1.1",
    # manifest
    "manifest.header": "manifest header is not propertyName,value",
    "manifest.version": "manifest.version is not exactly 1.0",
    "manifest.oneroster_version": "oneroster.version is not 1.1",
    "manifest.missing_property": "a required manifest property row is missing",
    "manifest.unknown_property": "a manifest property that is not defined",
    "manifest.duplicate_property": "a manifest property given twice",
    "manifest.bad_mode": "a file.* value that is not absent/bulk/delta",
    "manifest.declared_absent": "manifest says absent but the file is there",
    "manifest.declared_missing": "manifest says bulk/delta but the file is not there",
    # headers
    "header.missing_column": "a column of the spec is not in the header",
    "header.unknown_column": "a column that is not in the spec",
    "header.wrong_case": "a spec column name in the wrong case",
    "header.misspelled": "a known misspelling of a spec column",
    "header.other_version": "a column name of the other OneRoster version",
    "header.only_other_version": "a column that only the other OneRoster version has",
    "header.order": "spec columns not in spec order",
    "header.extension_not_right": "an extension column left of a spec column",
    "header.extension_prefix": "an extension column not named metadata.*",
    "header.disputed": "Renaissance's document and the spec spell a column differently",
    "header.differs_from_reference": "header differs from the loaded Renaissance export",
    # values
    "value.required": "a required value is empty",
    "value.required_delta": "status/dateLastModified empty in a delta file",
    "value.required_renaissance": "Renaissance's document asks for a value the spec leaves optional",
    "value.enum": "a value outside the enumeration",
    "value.enum_case": "an enumeration value in the wrong case or with spaces",
    "value.enum_reference": "a value spelled differently from the Renaissance export",
    "value.status_inactive": "status inactive (1.0 only)",
    "value.disputed": "Renaissance's document and the spec write these values differently",
    "value.date": "not a YYYY-MM-DD date",
    "value.date_not_real": "a date that is not on the calendar",
    "value.datetime": "not an ISO 8601 UTC date-time",
    "value.datetime_date_only": "a date where a date-time is expected",
    "value.year": "not a four-digit year",
    "value.float": "not a number",
    "value.guid_chars": "an identifier with characters outside the spec's set",
    "value.guid_length": "an identifier of 256 characters or more",
    "value.email": "not an e-mail address",
    "value.grade": "a grade not in the CEDS list",
    "value.user_ids": "a userIds item not written {type:id}",
    "value.list_empty_item": "an empty item in a list",
    "value.list_lengths": "subjects and subjectCodes of different lengths",
    "value.bulk_has_values": "a bulk file with status/dateLastModified filled",
    "value.date_order": "a start date after the end date",
    "value.enrollment_outside_term": "enrollment dates outside the class's terms",
    "value.student_without_grade": "a student without a grade (Renaissance)",
    # uniqueness
    "unique.sourced_id": "a sourcedId used twice in a file",
    "unique.username": "a username used twice",
    "unique.staff_email": "a staff e-mail used twice",
    "unique.enrollment": "the same user in the same class with the same role twice",
    "unique.primary_teacher": "more than one primary teacher in a class",
    # references
    "ref.missing": "a reference to an id that is not in the target file",
    "ref.file_missing": "references into a file that is not in the set",
    "ref.not_school": "schoolSourcedId names an org that is not a school",
    "ref.not_school_year": "schoolYearSourcedId names a session that is not a school year",
    "ref.not_student": "a result's studentSourcedId names a user who is not a student",
    "ref.school_mismatch": "an enrollment's school differs from its class's school",
    "ref.role_mismatch": "a student enrollment of a non-student or the reverse",
    "ref.cycle": "parentSourcedId chain that loops",
    "ref.org_not_in_reference": "an org not in the loaded Renaissance export",
}

#: codes whose findings are about a file or its header, never a data row (recheck leaves them)
FILE_LEVEL_PREFIXES = ("package.", "manifest.header", "header.")
