"""Findings made many at a time are the findings ``Finding`` makes one by one."""

from __future__ import annotations

from itertools import repeat

from core.findings import Finding


def test_many_makes_the_findings_finding_makes():
    made = Finding.many(repeat("warning"), ["unique.enrollment", "value.date"], repeat("enrollments.csv"), [4, 7],
                        [6, 9], repeat("userSourcedId"), repeat(5), ["s1", None], [{"first_line": 2}, {}], [None, "x"])
    assert made == [
        Finding("warning", "unique.enrollment", "enrollments.csv", 4, 6, "userSourcedId", 5, "s1", {"first_line": 2}),
        Finding("warning", "value.date", "enrollments.csv", 7, 9, "userSourcedId", 5, None, {}, "x"),
    ]
    assert made[0].message == made[0].__class__(**{k: getattr(made[0], k) for k in made[0].__slots__}).message
    assert Finding.many(repeat("error"), repeat("x"), [], repeat(None), repeat(None), repeat(None), repeat(None),
                        repeat(None), repeat({}), repeat(None)) == []
