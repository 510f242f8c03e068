"""The document re-checks an edited cell at once, through the rule engine, and undo restores.

The live check's own logic is tested without Qt in tests/core/test_live_check.py (with the property
test that random edits mark as a whole check does); here, what the window's document adds: the
background runner, the timer, and the hand-over to a new engine while edits go on."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.io.load import load_roster
from core.rules import RuleEngine
from core.live_check import LiveCheck
from gui.document import RosterDocument

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample"


@pytest.fixture
def doc(qtbot) -> RosterDocument:  # type: ignore[no-untyped-def]
    d = RosterDocument(load_roster([str(SAMPLE)]))
    d.recheck_now()
    return d


def _cell(doc: RosterDocument, file: str, column: str, line: int) -> list[str]:
    t = doc.table(file)
    row = t.row_of_line(line)
    assert row is not None
    return [f.code for f in doc.cell_findings(file, row, t.col_index(column) or 0)]


def test_fixing_a_cell_clears_its_mark_without_a_full_check(doc: RosterDocument, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _cell(doc, "users.csv", "givenName", 9) == ["value.required"]
    full_checks: list[int] = []
    real = RuleEngine.check_all
    monkeypatch.setattr(RuleEngine, "check_all", lambda self: full_checks.append(1) or real(self))
    users = doc.table("users.csv")
    doc.set_cells("users.csv", [(users.row_of_line(9) or 0, users.col_index("givenName") or 0, "Piotr")])
    assert _cell(doc, "users.csv", "givenName", 9) == []
    assert full_checks == []  # the mark went away through the quick re-check
    doc.undo_stack.undo()
    assert _cell(doc, "users.csv", "givenName", 9) == ["value.required"]


def test_a_reference_edit_updates_the_other_file(doc: RosterDocument) -> None:
    assert "ref.missing" in _cell(doc, "enrollments.csv", "userSourcedId", 13)
    users = doc.table("users.csv")
    # give the unknown student s-30099 a record by renaming another user: the enrollment resolves
    row = users.column("sourcedId").index("s-20033")
    doc.set_cells("users.csv", [(row, users.col_index("sourcedId") or 0, "s-30099")])
    assert "ref.missing" not in _cell(doc, "enrollments.csv", "userSourcedId", 13)
    assert "ref.missing" in _cell(doc, "enrollments.csv", "userSourcedId", 5)  # e-4 pointed at s-20033


def test_full_check_follows_when_rows_are_inserted(doc: RosterDocument, qtbot) -> None:  # type: ignore[no-untyped-def]
    users = doc.table("users.csv")
    doc.insert_rows("users.csv", users.nrows, [[""] * users.ncols])
    with qtbot.waitSignal(doc.findingsChanged, timeout=5000):
        pass
    new_row = users.nrows - 1
    assert "value.required" in [f.code for f in doc.cell_findings("users.csv", new_row, users.col_index("sourcedId") or 0)]


def _big_users(n: int) -> RosterDocument:
    from core.io.csvread import read_csv_bytes
    from core.roster import Roster

    header = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName"
    rows = "".join(f"u{i},,,true,,student,user{i},,,Diaz\r\n" for i in range(n))
    table, _ = read_csv_bytes((header + "\r\n" + rows).encode(), "users.csv")
    r = Roster("big")
    r.add(table)
    d = RosterDocument(r)
    d.recheck_now()
    return d


def _blank_names(d: RosterDocument) -> int:
    col = d.table("users.csv").col_index("givenName")
    return sum(1 for f in d.findings if f.code == "value.required" and f.col == col)


def test_a_big_edit_is_rechecked_at_once_in_batches(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import core.live_check as live_check

    # within the budget: 1,000 users take about 20 ms; a loaded test machine may take ten times
    # that, and this test is about batches, not the budget (bench_check times re-checks)
    monkeypatch.setattr(live_check, "QUICK_BUDGET_S", 10.0)
    d = _big_users(1000)
    assert _blank_names(d) == 1000
    full_checks: list[int] = []
    real = RuleEngine.check_all
    monkeypatch.setattr(RuleEngine, "check_all", lambda self: full_checks.append(1) or real(self))
    col = d.table("users.csv").col_index("givenName") or 0
    d.set_cells("users.csv", [(r, col, "Ana") for r in range(1000)], "Fill")
    assert _blank_names(d) == 0 and full_checks == []


def test_an_edit_too_big_for_the_budget_is_finished_by_the_full_check(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import core.live_check as document

    monkeypatch.setattr(document, "QUICK_BUDGET_S", 0.0)
    d = _big_users(1000)
    col = d.table("users.csv").col_index("givenName") or 0
    d.set_cells("users.csv", [(r, col, "Ana") for r in range(1000)], "Fill")
    assert _blank_names(d) == 950  # the first rows at once
    qtbot.waitUntil(lambda: _blank_names(d) == 0, timeout=5000)  # the rest with the full check


def test_findings_show_before_the_recheck_indexes_are_built(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from gui.background.workers import TaskRunner

    gate = threading.Event()
    warmed: list[bool] = []
    monkeypatch.setattr(RuleEngine, "warm", lambda self: gate.wait(10) and warmed.append(True))
    runner = TaskRunner()
    d = RosterDocument(load_roster([str(SAMPLE)]))
    d.background = runner.check_runner(lambda err: None)
    checking: list[bool] = []
    d.checkingChanged.connect(checking.append)
    with qtbot.waitSignal(d.findingsChanged, timeout=10000):
        d.recheck_now()
    assert "value.required" in [f.code for f in d.findings]  # the full check's findings are shown
    assert checking == [True] and warmed == []  # while the indexes are still being built
    gate.set()
    qtbot.waitUntil(lambda: checking == [True, False], timeout=10000)
    assert warmed == [True]


def _background_doc(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A document checked in the background, whose engines' warm() waits for the returned gate."""
    import threading

    from gui.background.workers import TaskRunner

    gates: list[threading.Event] = []
    real = RuleEngine.warm

    def warm(self: RuleEngine) -> None:
        gates[-1].wait(10)
        real(self)

    monkeypatch.setattr(RuleEngine, "warm", warm)
    d = RosterDocument(load_roster([str(SAMPLE)]))
    d.background = TaskRunner().check_runner(lambda err: None)
    return d, gates


def _full_run(d: RosterDocument, gates: list, qtbot, warm: bool = True) -> None:  # type: ignore[no-untyped-def]
    import threading

    gates.append(threading.Event())
    if warm:
        gates[-1].set()
    with qtbot.waitSignal(d.findingsChanged, timeout=10000):
        d.recheck_now()
    if warm:
        qtbot.waitUntil(lambda: not d.live.running, timeout=10000)


def test_edits_are_rechecked_at_once_while_a_new_engine_warms(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    d, gates = _background_doc(monkeypatch)
    _full_run(d, gates, qtbot)
    first = d.live._engine
    assert first is not None
    _full_run(d, gates, qtbot, warm=False)  # a second full check: its findings show, it warms
    assert d.live.running and d.live._engine is first
    users = d.table("users.csv")
    row, col = users.row_of_line(9) or 0, users.col_index("givenName") or 0
    assert _cell(d, "users.csv", "givenName", 9) == ["value.required"]
    d.set_cells("users.csv", [(row, col, "Piotr")])
    assert _cell(d, "users.csv", "givenName", 9) == []  # at once, though a full check is under way
    gates[-1].set()
    qtbot.waitUntil(lambda: not d.live.running, timeout=10000)
    second = d.live._engine
    assert second is not None and second is not first
    assert second.edited_rows() == {}  # it re-checked the edit made while it warmed
    assert _cell(d, "users.csv", "givenName", 9) == []
    d.undo_stack.undo()  # and serves the next edit at once
    assert _cell(d, "users.csv", "givenName", 9) == ["value.required"]


def test_an_edit_during_the_first_check_is_caught_up_without_starting_again(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    checks: list[int] = []
    gate = threading.Event()
    real = LiveCheck.check_parts

    def full_check(self):  # type: ignore[no-untyped-def]
        result = real(self)
        checks.append(1)
        if len(checks) == 1:
            gate.wait(10)  # the first check has read everything; the user edits meanwhile
        return result

    monkeypatch.setattr(LiveCheck, "check_parts", full_check)
    d, gates = _background_doc(monkeypatch)
    gates.append(threading.Event())
    gates[-1].set()
    d.recheck_now()
    qtbot.waitUntil(lambda: bool(checks), timeout=10000)
    users = d.table("users.csv")
    row, col = users.row_of_line(9) or 0, users.col_index("givenName") or 0
    d.set_cells("users.csv", [(row, col, "Piotr")])  # no engine yet: nothing re-checks it now
    gate.set()
    qtbot.waitUntil(lambda: d.live._engine is not None, timeout=10000)
    assert len(checks) == 1  # the first check was kept, not started again
    assert _cell(d, "users.csv", "givenName", 9) == []  # its engine caught up with the edit
    assert d.live._engine.edited_rows() == {}
    assert d._recheck_timer.isActive() or d.live.running


def test_a_new_engine_that_warmed_while_rows_moved_is_not_used(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    d, gates = _background_doc(monkeypatch)
    _full_run(d, gates, qtbot, warm=False)
    users = d.table("users.csv")
    d.insert_rows("users.csv", users.nrows, [[""] * users.ncols])  # while it warms
    gates[-1].set()
    gates.append(gates[-1])  # the check that follows the insert warms at once
    qtbot.waitUntil(lambda: not d.live.running and d.live._engine is not None, timeout=10000)
    new_row = users.nrows - 1
    # the engine in use is one made after the insert: it knows the new row
    assert d.live._engine.states["users.csv"].nrows == users.nrows
    assert "value.required" in [f.code for f in d.cell_findings("users.csv", new_row, users.col_index("sourcedId") or 0)]


def test_checking_against_renaissance_changes_the_findings(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = RosterDocument(load_roster([str(SAMPLE)]))
    d.recheck_now()
    assert "value.required_renaissance" not in {f.code for f in d.findings}
    d.check_against("renaissance", None)
    assert d.profile == "renaissance"
    assert "value.required_renaissance" in {f.code for f in d.findings}


def _codes_by_cell(d: RosterDocument, file: str) -> dict[tuple[int, int], list[str]]:
    t = d.table(file)
    return {
        (r, c): sorted(f.code for f in d.cell_findings(file, r, c))
        for r in range(t.nrows)
        for c in range(t.ncols)
        if d.cell_findings(file, r, c)
    }


def test_on_a_large_roster_an_edit_replaces_its_rows_marks_in_place(doc: RosterDocument, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import core.live_check as document

    monkeypatch.setattr(document, "LARGE_FINDINGS", 0)  # the sample counts as large
    listed = list(doc.findings)
    changed: list[str] = []
    doc.findingsChanged.connect(lambda: changed.append("findings"))
    doc.marksChanged.connect(lambda: changed.append("marks"))
    users = doc.table("users.csv")
    row, col = users.row_of_line(9) or 0, users.col_index("givenName") or 0
    errors = doc.index("users.csv").errors
    doc.set_cells("users.csv", [(row, col, "Piotr")])
    assert _cell(doc, "users.csv", "givenName", 9) == []  # the mark went at once
    assert changed == ["marks"] and doc.findings == listed  # the list waits for the full check
    assert doc.index("users.csv").errors == errors - 1  # the tab's badge follows
    # a key edit: the enrollment in the other file that pointed at it loses its reference at once
    key = users.column("sourcedId").index("s-20033")
    doc.set_cells("users.csv", [(key, users.col_index("sourcedId") or 0, "s-30099")])
    assert "ref.missing" in _cell(doc, "enrollments.csv", "userSourcedId", 5)
    assert "ref.missing" not in _cell(doc, "enrollments.csv", "userSourcedId", 13)
    # the marks are those a whole check gives (the edited cells' damage is read again by it)
    marks = {f: _codes_by_cell(doc, f) for f in ("users.csv", "enrollments.csv")}
    doc.recheck_now()
    assert changed[-1] == "findings" and doc.findings != listed
    assert {f: _codes_by_cell(doc, f) for f in ("users.csv", "enrollments.csv")} == marks


def test_on_a_large_roster_an_edited_cells_damage_waits_for_the_full_check(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import core.live_check as document

    monkeypatch.setattr(document, "LARGE_FINDINGS", 0)
    d = _big_users(60)
    users = d.table("users.csv")
    enabled, given = users.col_index("enabledUser") or 0, users.col_index("givenName") or 0
    d.set_cells("users.csv", [(r, enabled, "TRUE") for r in range(60)], "Excel")  # damage on every row
    d.recheck_now()
    assert "damage.boolean" in _codes_by_cell(d, "users.csv")[(3, enabled)]
    d.set_cells("users.csv", [(3, given, "Ana")])  # another cell of the row: its damage mark stays
    assert "damage.boolean" in _codes_by_cell(d, "users.csv")[(3, enabled)]
    d.set_cells("users.csv", [(4, enabled, "FALSE")])  # the damaged cell itself: read again later
    assert _codes_by_cell(d, "users.csv")[(4, enabled)] == ["value.enum_case"]  # the rule's finding meanwhile
    d.recheck_now()
    assert "damage.boolean" in _codes_by_cell(d, "users.csv")[(4, enabled)]


def test_the_finding_index_finds_by_row_cell_header_and_file() -> None:
    from core.findings import Finding
    from core.finding_index import FindingIndex

    fs = [
        Finding("warning", "b", file="t.csv", row=5, line=7, col=2),
        Finding("error", "a", file="t.csv", row=1, line=3, col=0),
        Finding("error", "c", file="t.csv", row=5, line=7, col=None),
        Finding("info", "h", file="t.csv", line=1, col=3),
        Finding("warning", "f", file="t.csv"),
        Finding("error", "d", file="t.csv", row=5, line=7, col=2),
    ]
    idx = FindingIndex(fs)
    assert (idx.errors, idx.warnings) == (3, 2)
    assert [f.code for f in idx.by_row.get(5, [])] == ["b", "c", "d"]  # in their order
    assert [f.code for f in idx.by_cell.get((5, 2), [])] == ["b", "d"]
    assert idx.by_cell.get((5, 1), []) == [] and idx.by_row.get(4, []) == [] and idx.by_row.get(99) == []
    assert set(idx.by_row.keys()) == {1, 5}
    assert [f.code for f in idx.by_header.get(3, [])] == ["h"] and [f.code for f in idx.file_level] == ["f"]
