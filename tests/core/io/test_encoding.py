"""Deciding a file's encoding: UTF-8 first, then Windows-1252 for Latin text, never EBCDIC or DOS."""

from __future__ import annotations

import itertools
import random

import pytest

from core.errors import RosterError
from core.io.csvread import read_csv_bytes
from core.io.csvsave import save_bytes
from core.io.encoding import READ_AGAIN, detect_encoding, encoding_label, reads_as_latin, same_encoding
from core.table import Source

_NAMES = ["José", "Zoë", "Muñoz", "O’Brien", "François", "Müller", "Chloé", "Ángel", "Björk", "Noël", "Renée", "Jürgen"]
_PLAIN = ["Smith", "Ann", "Lee", "Bob", "Kim", "Garcia"]


def _excel_csv(rows: int, seed: int) -> bytes:
    """A small comma-delimited file as Excel on Windows writes it (Windows-1252, CRLF)."""
    rnd = random.Random(seed)
    lines = ["sourcedId,givenName,familyName,grades"]
    for i in range(rows):
        given = rnd.choice(_NAMES + _PLAIN)
        family = rnd.choice(_NAMES + _PLAIN)
        lines.append(f"u{i:04d},{given},{family},{rnd.choice(['09', '10', 'KG'])}")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


@pytest.mark.parametrize("rows", [1, 2, 3, 5, 10])
def test_small_excel_files_with_accented_names_are_windows_1252(rows: int) -> None:
    for seed in range(40):
        data = _excel_csv(rows, seed)
        if data.isascii():
            continue
        assert detect_encoding(data) == ("cp1252", False), data


def test_one_accented_name_reads_right() -> None:
    table, _ = read_csv_bytes("id,givenName\r\n1,José\r\n".encode("cp1252"), "users.csv")
    assert table.row(0) == ["1", "José"] and table.dialect.encoding == "cp1252"


def test_cyrillic_text_is_not_taken_for_windows_1252() -> None:
    data = "sourcedId,givenName,familyName\r\nu1,Иван,Петров\r\nu2,Анна,Смирнова\r\nu3,Сергей,Иванов\r\n".encode("cp1251")
    enc, _ = detect_encoding(data)
    assert enc == "cp1251"


def test_central_european_text_is_not_taken_for_windows_1252() -> None:
    data = "sourcedId,city\r\nu1,Białystok\r\nu2,Łódź\r\nu3,Żółć\r\nu4,Gdańsk\r\n".encode("cp1250")
    enc, _ = detect_encoding(data)
    assert enc == "cp1250"
    assert not reads_as_latin(data.decode("cp1252"))


def test_near_random_bytes_are_never_ebcdic_and_an_unedited_save_keeps_them() -> None:
    rnd = random.Random(7)
    for _ in range(200):
        data = bytes(rnd.choice(b"abc,\r\n\x85\x8e\xc1\xe9\xf0\x40\x25\x15") for _ in range(rnd.randint(5, 60)))
        try:
            table, _ = read_csv_bytes(data, "users.csv", source=Source("memory", data=data))
        except RosterError:
            continue
        assert "cp037" not in table.dialect.encoding and "cp500" not in table.dialect.encoding
        assert b"abc".decode(table.dialect.encoding) == "abc"
        assert save_bytes(table) == data


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("José, Zoë, O’Brien, d´Alembert", True),
        ("Иван Петров", False),  # as the letters it would be in cp1252 below
        ("¿Qué? ¡Olé!", True),
    ],
)
def test_what_reads_as_latin(text: str, latin: bool) -> None:
    if not latin:
        text = text.encode("cp1251").decode("cp1252")
    assert reads_as_latin(text) is latin


def test_every_small_mix_of_names_is_windows_1252() -> None:
    for a, b in itertools.product(_NAMES, repeat=2):
        data = f"id,givenName,familyName\r\n1,{a},{b}\r\n".encode("cp1252")
        assert detect_encoding(data)[0] == "cp1252", (a, b)


def test_encodings_are_named_as_an_administrator_knows_them() -> None:
    assert encoding_label("cp1252") == encoding_label("windows-1252") == "Windows-1252 (Western, Excel on Windows)"
    assert encoding_label("CP1252", short=True) == "Windows-1252"
    assert encoding_label("utf_8") == "UTF-8" and encoding_label("latin-1", short=True) == "ISO-8859-1"
    assert encoding_label("koi8-r") == "koi8-r" and encoding_label("no-such-codec") == "no-such-codec"
    assert same_encoding("cp1252", "windows-1252") and not same_encoding("cp1252", "iso-8859-1")
    assert same_encoding("bogus", "bogus") and not same_encoding("bogus", "utf-8")
    # what a file can be read again with: one entry per codec
    assert len({encoding_label(c) for c in READ_AGAIN}) == len(READ_AGAIN) == 6
