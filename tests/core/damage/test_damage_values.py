"""The value functions: what Excel makes of a value, and what it was."""

from __future__ import annotations

from core.damage.values import (
    clean_text,
    date_order_evidence,
    fix_boolean,
    grade_range_from_date,
    is_formula_like,
    looks_mojibake,
    mojibake_of,
    month_number,
    precision_matches,
    read_date,
    scientific_matches,
    scientific_pattern,
    undo_mojibake,
)


def test_scientific_notation_range():
    sci = scientific_pattern("1.23457E+11")
    assert sci is not None and (sci.digits, sci.low, sci.high, sci.exact) == (12, "123456500000", "123457499999", None)
    assert scientific_pattern("1.5E+3").exact == "1500"  # type: ignore[union-attr]
    assert scientific_pattern("1.5E-3") is None and scientific_pattern("abc") is None
    assert scientific_matches("123456789012", "1.23457E+11")
    assert not scientific_matches("123456789012", "1.23456E+11")


def test_dates():
    assert read_date("8/15/2026").fixed == "2026-08-15"  # type: ignore[union-attr]
    assert read_date("15/08/2026").fixed == "2026-08-15"  # type: ignore[union-attr]
    assert read_date("15-Aug-26").fixed == "2026-08-15"  # type: ignore[union-attr]
    assert read_date("2026-08-15 00:00:00").fixed == "2026-08-15"  # type: ignore[union-attr]
    assert read_date("Aug 15, 2026").fixed == "2026-08-15"  # type: ignore[union-attr]
    amb = read_date("1/2/2026")
    assert amb is not None and amb.ambiguous and (amb.mdy, amb.dmy) == ("2026-01-02", "2026-02-01")
    assert read_date("2026-08-15") is None and read_date("13/13/2026") is None and read_date("Fall 2026") is None
    assert read_date("1-Jan-85").fixed == "1985-01-01"  # type: ignore[union-attr]
    assert (date_order_evidence("8/15/2026"), date_order_evidence("15/8/2026"), date_order_evidence("1/2/2026")) == ("mdy", "dmy", None)
    assert [month_number(m) for m in ("Jan", "sept", "December", "Ma")] == [1, 9, 12, None]


def test_grade_ranges_read_as_dates():
    assert grade_range_from_date("12-Jan") == (1, 12)
    assert grade_range_from_date("Jan-12") == (1, 12)
    assert grade_range_from_date("1/12/2026") == (1, 12)
    assert grade_range_from_date("5-Sep") is None  # 9-5 is no range
    assert grade_range_from_date("KG") is None


def test_booleans_and_formulas():
    assert [fix_boolean(v) for v in ("TRUE", "False", "1", "0", "Yes", "n", "true", "maybe")] == ["true", "false", "true", "false", "true", "false", None, None]
    assert [is_formula_like(v) for v in ("=A1", "+1 555", "-", "-5", "1e5", "@x", "a=b")] == [True, True, False, False, False, True, False]


def test_text_cleaning_and_mojibake():
    assert clean_text("Plain") == ("Plain", [])
    assert clean_text("JosÃ© ") == ("José", ["damage.mojibake", "damage.spaces"])
    assert clean_text("\u201cDoc\u201d\u00a0Li\u200b") == ('"Doc" Li', ["damage.smart_quotes", "damage.nbsp", "damage.zero_width"])
    assert mojibake_of("Álvarez").fullmatch("Ã\uf081lvarez")
    assert not mojibake_of("Álvarez").fullmatch("Alvarez")


def test_mojibake_with_an_ellipsis_byte_is_undone():
    # ễ is E1 BB 85; 0x85 is "…" in Windows-1252
    damaged = "Nguyễn".encode().decode("cp1252")
    assert damaged == "Nguyá»…n"
    assert undo_mojibake(damaged) == "Nguyễn"
    assert clean_text(damaged) == ("Nguyễn", ["damage.mojibake"])


def test_mojibake_that_kept_an_undefined_byte_as_a_private_use_character_is_undone():
    # Á is C3 81; Windows-1252 has no 0x81: LibreOffice writes U+F181, Windows U+0081
    assert undo_mojibake("Ã\uf181lvarez") == "Álvarez"
    assert undo_mojibake("Ã\x81lvarez") == "Álvarez"
    assert undo_mojibake("Ä\uf190áº·ng") == "Đặng"


def test_text_that_is_no_mojibake_is_left_alone():
    for value in ("Café", "Dvořák", "Kóša", "Ångström", "São Paulo", "Zoë", "Çelik", "JosÃ© José", "plain"):
        assert undo_mojibake(value) is None, value
        assert not looks_mojibake(value) or value == "JosÃ© José", value


def test_digits_a_workbook_rounded_to_15():
    assert precision_matches("5574228010190966", "5574228010190970")
    assert precision_matches("1234567890123456789", "1234567890123460000")
    assert not precision_matches("5574228010190966", "5574228010190960")
    assert not precision_matches("557422801019096", "557422801019096")  # 15 digits are kept whole
    assert not precision_matches("5574228010190966", "557422801019097")
