"""pytest fixtures for the prepare tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from prepare_fixtures import FIXTURES, fixture, zip_folder


@pytest.fixture
def template_path() -> str:
    return fixture("template")


@pytest.fixture
def template_zip(tmp_path: Path) -> str:
    return zip_folder(FIXTURES / "template", tmp_path / "OneRosterExport.zip")


@pytest.fixture
def aeries_zip(tmp_path: Path) -> str:
    return zip_folder(FIXTURES / "aeries", tmp_path / "aeries_oneroster.zip")
