"""Every code the engine can emit has wording, and the wording file holds nothing else."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rules_fixtures import CLEAN_10, CLEAN_11, roster

from core.findings import catalogue
from core.rules import check_rules
from core.rules.codes import CODES

ROOT = Path(__file__).resolve().parents[3]
RULE_SOURCES = sorted((ROOT / "core" / "rules").glob("*.py"))


def test_every_code_has_a_message():
    cat = catalogue()
    missing = [c for c in CODES if c not in cat]
    assert missing == []
    for code in CODES:
        assert cat[code]["text"] and cat[code]["hint"], code


def test_rules_json_has_exactly_the_engine_codes():
    data = json.loads((ROOT / "resources" / "messages" / "rules.json").read_text(encoding="utf-8"))
    assert set(data) == set(CODES)


def test_no_code_of_the_csv_reader_is_reused():
    structure = json.loads((ROOT / "resources" / "messages" / "structure.json").read_text(encoding="utf-8"))
    assert set(structure) & set(CODES) == set()


def test_every_code_in_the_source_is_declared():
    used = set()
    for path in RULE_SOURCES:
        used |= set(re.findall(r'"((?:package|manifest|header|value|unique|ref)\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    # "manifest.csv" is a file name; package.duplicate_file is the loader's code, only read here
    assert used - set(CODES) - {"manifest.csv", "package.duplicate_file"} == set()


def test_messages_format_on_real_findings():
    for files in (CLEAN_10, CLEAN_11):
        r = roster(files)
        r["users.csv"].set_cell(0, 0, "")
        for profile in (None, "renaissance"):
            for f in check_rules(r, profile):
                assert "{" not in f.message, f.message
