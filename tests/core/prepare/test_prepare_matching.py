import json

import pytest

from core.errors import RosterError
from core.io.load import load_roster
from core.prepare import Preparation
from core.prepare.matching import HOW_CASE, HOW_RENAMED, HOW_SAME, HOW_VENDOR, load_matchings, match_columns, save_matchings

from prepare_fixtures import fixture


def test_spec_headers_match_by_name():
    m = match_columns("users.csv", ["sourcedId", "givenName", "renaissanceId"], ["givenName", "sourcedId", "extra"])
    assert m.pairs == {"sourcedId": "sourcedId", "givenName": "givenName", "renaissanceId": None}
    assert m.how == {"sourcedId": HOW_SAME, "givenName": HOW_SAME}
    assert m.dropped == ["extra"]
    assert m.unmatched == ["renaissanceId"]


def test_10_headers_and_vendor_spellings(template_path):
    prep = Preparation(load_roster([template_path]), load_roster([fixture("sis_10")]))
    assert prep.template_version == "1.1" and prep.sis_version == "1.0"
    users = prep.matchings["users.csv"]
    assert users.pairs["sourcedId"] == "sourceID"
    assert users.pairs["orgSourcedIds"] == "orgSourcedIDs"
    assert users.pairs["userIds"] == "userIDs"
    assert users.pairs["agentSourcedIds"] == "agentSourceIds"
    assert users.pairs["givenName"] == "givenname"
    assert users.how["givenName"] == HOW_CASE
    assert users.how["agentSourcedIds"] == HOW_VENDOR
    assert users.pairs["renaissanceId"] is None and users.pairs["enabledUser"] is None
    assert users.dropped == ["Homeroom"]
    assert prep.matchings["orgs.csv"].pairs["parentSourcedId"] == "parentSourceID"
    assert prep.matchings["classes.csv"].pairs["termSourcedIds"] == "termSourcedId"
    assert prep.matchings["classes.csv"].how["termSourcedIds"] == HOW_RENAMED
    assert prep.matchings["courses.csv"].pairs["schoolYearSourcedId"] == "schoolYearId"
    assert prep.matchings["courses.csv"].pairs["grades"] == "grade"
    assert prep.matchings["courses.csv"].dropped == ["metadata.duration"]
    demo = prep.matchings["demographics.csv"]
    assert demo.pairs["sourcedId"] == "userSourcedId" and demo.pairs["birthDate"] == "birthdate"


def test_template_spelling_is_kept():
    # a template written with a vendor spelling still takes the spec column, under the template's name
    m = match_columns("users.csv", ["sourcedId", "agentSourceIds"], ["sourcedId", "agentSourcedIds"])
    assert m.pairs["agentSourceIds"] == "agentSourcedIds"


def test_each_sis_column_used_once():
    m = match_columns("users.csv", ["userIds", "userIDs"], ["userId"])
    assert m.pairs == {"userIds": "userId", "userIDs": None}


def test_set_and_errors():
    m = match_columns("users.csv", ["sourcedId", "givenName"], ["id", "first"])
    m.set("givenName", "first")
    assert m.pairs["givenName"] == "first" and m.dropped == ["id"]
    m.set("givenName", None)
    assert m.pairs["givenName"] is None and "givenName" not in m.how
    with pytest.raises(KeyError):
        m.set("nope", "first")
    with pytest.raises(KeyError):
        m.set("givenName", "nope")


def test_save_and_load_roundtrip(tmp_path, template_path):
    prep = Preparation(load_roster([template_path]), load_roster([fixture("sis_10")]))
    prep.matchings["users.csv"].set("middleName", "Homeroom")
    path = tmp_path / "matching.json"
    save_matchings(prep.matchings, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "rosterprep-matching"
    assert data["files"]["users.csv"]["middleName"] == "Homeroom"
    assert data["files"]["users.csv"]["renaissanceId"] is None

    fresh = Preparation(load_roster([template_path]), load_roster([fixture("sis_10")]))
    assert fresh.matchings["users.csv"].pairs["middleName"] is None
    skipped = fresh.apply_saved(load_matchings(path))
    assert skipped == []
    assert fresh.matchings["users.csv"].pairs["middleName"] == "Homeroom"
    assert fresh.matchings["users.csv"].dropped == []


def test_saved_matching_moves_a_column_and_skips_what_is_gone(template_path):
    prep = Preparation(load_roster([template_path]), load_roster([fixture("sis_10")]))
    skipped = prep.apply_saved({"users.csv": {"identifier": "sourceID", "email": "gone"}, "nofile.csv": {"a": "b"}})
    users = prep.matchings["users.csv"]
    assert users.pairs["identifier"] == "sourceID"
    assert users.pairs["sourcedId"] is None  # the SIS column moved to its saved place
    assert skipped == ["users.csv: email", "nofile.csv: a"]


def test_load_rejects_other_files(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RosterError, match="not valid JSON"):
        load_matchings(bad)
    bad.write_text('{"files": {"users.csv": {"a": 3}}}', encoding="utf-8")
    with pytest.raises(RosterError, match="not a saved column matching"):
        load_matchings(bad)
    with pytest.raises(RosterError, match="cannot read"):
        load_matchings(tmp_path / "missing.json")
