"""Fuzz: load, check, edit, save and reload mutated real-looking rosters.

Whatever the bytes, only RosterError comes out, and after a save only the edited records' bytes
differ from the file as it was: every other record, line ending included, is the same text.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core.checks import check_roster
from core.errors import RosterError
from core.io.csvread import read_csv_bytes
from core.io.csvsave import SourceRecords
from core.io.csvwrite import save_table_in_place
from core.io.encoding import decode
from core.io.load import load_roster
from core.table import Table

_SCALE = int(os.environ.get("ROSTERPREP_HYPOTHESIS_SCALE", "1"))

_FILES = {
    "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
    "o1,,,North High,school,0042,\r\no2,,,Escuela Peña,school,0043,\r\n",
    "users.csv": "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
    "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n"
    + "".join(
        f"u{i},,,true,o1,student,s{i},,{given},{family},,{1000 + i:05d},s{i}@x.org,,,,{grade},\r\n"
        for i, (given, family, grade) in enumerate(
            [("José", "Muñoz", "09"), ("Zoë", "O'Brien", "10"), ("Ann", "Lee", "11"), ("Bob", "Kim", "09")]
        )
    ),
    "enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,"
    "primary,beginDate,endDate\r\n"
    + "".join(f"e{i},,,c1,o1,u{i},student,false,2024-08-01,2025-06-01\r\n" for i in range(4)),
}

_INSERTS = st.sampled_from([b'"', b"\r", b"\n", b"\r\n", b",", b";", b"\t", "é".encode(), b"\xe9", b"\x00", b'""', b"\xef\xbb\xbf"])
_VALUES = st.sampled_from(["", "X", "Nguyễn", "José", 'a"b', "a,b", "line\nbreak", "cr\ronly", "\t=1", "00123"])


@st.composite
def mutated_rosters(draw: st.DrawFn) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name, text in _FILES.items():
        encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]))
        ending = draw(st.sampled_from(["\r\n", "\n", "\r"]))
        raw = bytearray(text.replace("\r\n", ending).encode(encoding))
        for _ in range(draw(st.integers(0, 4))):
            i = draw(st.integers(0, len(raw)))
            if draw(st.booleans()):
                raw[i:i] = draw(_INSERTS)
            elif i < len(raw):
                del raw[i : i + draw(st.integers(1, 3))]
        if draw(st.integers(0, 5)) == 0:
            raw = raw[: draw(st.integers(0, len(raw)))]
        files[name] = bytes(raw)
    return files


def _records(table: Table, data: bytes) -> SourceRecords:
    return SourceRecords(table, decode(data, table.dialect.encoding)[0])


@settings(max_examples=60 * _SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_rosters(), st.data())
def test_load_check_edit_save_reload_changes_only_the_edited_records(files: dict[str, bytes], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, raw in files.items():
            (folder / name).write_bytes(raw)
        try:
            roster = load_roster([str(folder)])
            check_roster(roster)
        except RosterError:
            event("refused")
            return
        for table in roster.tables:
            if not table.nrows:
                continue
            for _ in range(data.draw(st.integers(0, 3))):
                r = data.draw(st.integers(0, table.nrows - 1))
                c = data.draw(st.integers(0, table.ncols - 1))
                table.set_cell(r, c, data.draw(_VALUES))
            if not table.modified:
                continue
            assert table.source is not None
            event("saved")
            before = Path(table.source.path).read_bytes()
            edited = set(table.edited_records)
            values = [table.row(r) for r in range(table.nrows)]
            old = _records(table, before)
            try:
                save_table_in_place(table, backup=False)
            except RosterError:
                save_table_in_place(table, backup=False, replace_unencodable=True)
                values = None  # "?" was written for what the encoding cannot hold
            after = Path(table.source.path).read_bytes()
            again, _ = read_csv_bytes(after, table.name, encoding=table.dialect.encoding)
            new = _records(again, after)
            assert new.count == old.count
            for k in range(old.count):
                if k - 1 not in edited:
                    assert new.span(k) == old.span(k), (k, before, after)
            if values is not None:
                assert [again.row(r) for r in range(again.nrows)] == values
            assert codecs.lookup(again.dialect.encoding).name == codecs.lookup(table.dialect.encoding).name
        try:
            check_roster(load_roster([str(folder)]))
        except RosterError:
            pass
