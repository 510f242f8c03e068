"""``python -m core.cli``: the same as ``rosterprep`` with a command."""

import sys

from core.cli import main

sys.exit(main())
