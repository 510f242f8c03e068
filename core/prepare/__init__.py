"""Preparing a Renaissance import: SIS files into Renaissance's OneRosterExport template (issue 7)."""

from core.prepare.compare import Comparison, compare
from core.prepare.matching import Matching, load_matchings, match_columns, save_matchings
from core.prepare.pipeline import Preparation, PrepareResult, check_prepared, roster_version

__all__ = [
    "Comparison",
    "Matching",
    "Preparation",
    "PrepareResult",
    "check_prepared",
    "compare",
    "load_matchings",
    "match_columns",
    "roster_version",
    "save_matchings",
]
