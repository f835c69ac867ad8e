"""dtanalysis: load, validate and analyse Vietnam's provincial digital-transformation data, and turn it into
briefing packs. The public API is listed here (and in the README); ARCHITECTURE.md shows the layers.

The briefing names (`build_context`, the page objects, `Explorer`, `run_briefings`, `BatchOptions`) are
imported on first use, so `import dtanalysis` stays light: no plotly, nbconvert or papermill until needed.
"""

from __future__ import annotations

__version__ = "0.1.0"

from importlib import import_module

from dtanalysis.analysis.audit import audit, read_figures
from dtanalysis.analysis.completion import at_snapshot, completion, overdue_tasks
from dtanalysis.analysis.difficulties import classify, classify_table, frequency
from dtanalysis.analysis.filing import monthly_rates, online_rates
from dtanalysis.analysis.league import league_table, read_weights
from dtanalysis.analysis.tables import build_tables, write_tables
from dtanalysis.common.errors import DataError, DtError, ParameterError, Problem, UnknownProvinceError
from dtanalysis.inputs.loader import Bundle, load, read_folder
from dtanalysis.inputs.provinces import resolve as resolve_province

_BRIEFINGS = {  # name → module that defines it (imported on first use)
    "build_context": "dtanalysis.briefings.context",
    "ProvincePage": "dtanalysis.briefings.page",
    "NationalPage": "dtanalysis.briefings.page",
    "CommunePage": "dtanalysis.briefings.page",
    "Explorer": "dtanalysis.briefings.explorer",
    "BatchOptions": "dtanalysis.briefings.options",
    "run_briefings": "dtanalysis.briefings.batch",
}

__all__ = [
    # reading and checking inputs
    "load", "read_folder", "Bundle", "resolve_province",
    # errors
    "DtError", "DataError", "ParameterError", "UnknownProvinceError", "Problem",
    # the analysis
    "at_snapshot", "completion", "overdue_tasks", "online_rates", "monthly_rates", "league_table", "read_weights",
    "classify", "classify_table", "frequency", "audit", "read_figures", "build_tables", "write_tables",
    # briefings
    *_BRIEFINGS,
    "__version__",
]  # fmt: skip


def __getattr__(name: str):
    if name in _BRIEFINGS:
        return getattr(import_module(_BRIEFINGS[name]), name)
    raise AttributeError(f"module 'dtanalysis' has no attribute {name!r}")
