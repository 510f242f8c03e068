"""Long work in slices with pause points, and the hook a window sets on them."""

from __future__ import annotations

import pytest

from core import pacing
from core.io.csvread import read_csv_bytes
from core.rules.state import Index


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    monkeypatch.setattr(pacing, "SLICE", 4)
    pacing.set_pause_hook(lambda: seen.append(1))
    yield seen
    pacing.set_pause_hook(None)


def test_sliced_sets_equal_whole_sets_and_pause_between_slices(pauses: list[int]) -> None:
    values = [f"v{i % 7}" for i in range(18)]
    assert pacing.sliced_set(values) == set(values)
    assert len(pauses) == 5  # 18 values in slices of 4
    pairs = pacing.sliced_set_of(18, lambda a, b: zip(values[a:b], range(a, b)))
    assert pairs == set(zip(values, range(18)))
    assert pacing.sliced_set(values[:3]) == set(values[:3])  # one slice: no pause needed


def test_an_index_built_in_slices_keeps_every_row(pauses: list[int]) -> None:
    import core.rules.state as state

    slices: list[tuple[int, int]] = []

    def read(values: list[str]):  # type: ignore[no-untyped-def]
        def values_of(a: int, b: int) -> list[str]:
            slices.append((a, b))
            return values[a:b]

        return values_of

    values = ["a", "b", "a", "c", "d", "e", "a", "f", "g", "b"]
    state.SLICE, old = 4, state.SLICE
    try:
        idx = Index.build(len(values), read(values))
        assert idx.rows("a") == [0, 2, 6] and idx.rows("b") == [1, 9] and idx.rows("g") == [8]
        assert slices[-3:] == [(0, 4), (4, 8), (8, 10)]
        unique = Index.build(5, read(["x", "y", "z", "w", "v"]))
        assert unique.rows("v") == [4] and not unique.many
    finally:
        state.SLICE = old
    assert pauses


def test_reading_and_checking_reach_pause_points(pauses: list[int]) -> None:
    from core.roster import Roster
    from core.rules import RuleEngine

    text = "sourcedId,name,type\r\n" + "".join(f"o{i},School {i},school\r\n" for i in range(40))
    table, _ = read_csv_bytes(text.encode(), "orgs.csv")
    assert table.distinct(0) == {f"o{i}" for i in range(40)}
    before = len(pauses)
    r = Roster("t")
    r.add(table)
    RuleEngine(r).check_all()
    assert len(pauses) > before


def test_without_a_hook_a_pause_point_does_nothing() -> None:
    called: list[int] = []
    pacing.set_pause_hook(lambda: called.append(1))
    pacing.pause_point()
    assert called == [1]
    pacing.set_pause_hook(None)  # the window closed: long work must not call its old hook
    pacing.pause_point()
    assert pacing.sliced_set(["a", "b", "a"] * 5000) == {"a", "b"}
    assert called == [1]
