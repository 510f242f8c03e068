"""Helpers for window tests."""

from __future__ import annotations


def page_of(w, name: str):  # type: ignore[no-untyped-def]
    page = w.page_for(name)
    assert page is not None, name
    return page
