"""Test set-up shared by every test: no display needed, and a private data folder."""

import os
import sys
from pathlib import Path

# Before any Qt import: without a display, QApplication aborts unless offscreen is chosen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt warnings fail a test (qt_log_level_fail in pyproject.toml). The platform plugins log under qt.qpa.*
# about the windowing system (fonts, screens, the offscreen stand-in), never about this program's use of
# Qt, so that category is off; the few plugin messages outside it are listed in qt_log_ignore.
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings, logs and journals go to a temporary folder, never the developer's own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ROSTERPREP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "share"))
