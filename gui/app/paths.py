"""Where Roster Prep keeps its own files: the user's data folder and the log file in it.

Apart from gui/app/startup.py so that any part of the window can name these folders without
importing the code that builds the window.
"""

from __future__ import annotations

import os

APP_NAME = "Roster Prep"
ORG_NAME = "Roster Prep"


def data_dir() -> str:
    """The user's data folder for Roster Prep (created if needed)."""
    folder = os.environ.get("ROSTERPREP_DATA_DIR")
    if not folder:
        from PySide6.QtCore import QCoreApplication, QStandardPaths

        if not QCoreApplication.applicationName():
            QCoreApplication.setApplicationName(APP_NAME)
            QCoreApplication.setOrganizationName(ORG_NAME)
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if not folder:
        folder = os.path.join(os.path.expanduser("~"), ".rosterprep")
    os.makedirs(folder, exist_ok=True)
    return folder


def log_path() -> str:
    """The log file in the data folder (its details are what error messages point to)."""
    return os.path.join(data_dir(), "rosterprep.log")
