"""dtanalysis: load, validate and analyse Vietnam's provincial digital-transformation data, and turn it into
briefing packs. The public API is listed here (and in the README); ARCHITECTURE.md shows the layers.

Every name is imported on first use (PEP 562), so `import dtanalysis` costs almost nothing: the command line
starts at once, and a batch's parent process imports pandas, plotly or papermill only when it needs them
(issue 15: the first notebook runs within a second of the start).
"""

from __future__ import annotations

__version__ = "0.1.0"

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and editors; at run time each name is imported on first use
    from dtanalysis.analysis.audit import audit, read_figures
    from dtanalysis.analysis.completion import at_snapshot, completion, overdue_tasks
    from dtanalysis.analysis.difficulties import classify, classify_table, frequency
    from dtanalysis.analysis.filing import monthly_rates, online_rates
    from dtanalysis.analysis.league import league_table, read_weights
    from dtanalysis.analysis.tables import build_tables, write_tables
    from dtanalysis.common.errors import DataError, DtError, ParameterError, Problem, UnknownProvinceError
    from dtanalysis.inputs.loader import Bundle, load, read_folder
    from dtanalysis.inputs.provinces import resolve as resolve_province

_LIBRARY = {  # name → (module that defines it, its name there)
    "audit": ("dtanalysis.analysis.audit", "audit"),
    "read_figures": ("dtanalysis.analysis.audit", "read_figures"),
    "at_snapshot": ("dtanalysis.analysis.completion", "at_snapshot"),
    "completion": ("dtanalysis.analysis.completion", "completion"),
    "overdue_tasks": ("dtanalysis.analysis.completion", "overdue_tasks"),
    "classify": ("dtanalysis.analysis.difficulties", "classify"),
    "classify_table": ("dtanalysis.analysis.difficulties", "classify_table"),
    "frequency": ("dtanalysis.analysis.difficulties", "frequency"),
    "monthly_rates": ("dtanalysis.analysis.filing", "monthly_rates"),
    "online_rates": ("dtanalysis.analysis.filing", "online_rates"),
    "league_table": ("dtanalysis.analysis.league", "league_table"),
    "read_weights": ("dtanalysis.analysis.league", "read_weights"),
    "build_tables": ("dtanalysis.analysis.tables", "build_tables"),
    "write_tables": ("dtanalysis.analysis.tables", "write_tables"),
    "DataError": ("dtanalysis.common.errors", "DataError"),
    "DtError": ("dtanalysis.common.errors", "DtError"),
    "ParameterError": ("dtanalysis.common.errors", "ParameterError"),
    "Problem": ("dtanalysis.common.errors", "Problem"),
    "UnknownProvinceError": ("dtanalysis.common.errors", "UnknownProvinceError"),
    "Bundle": ("dtanalysis.inputs.loader", "Bundle"),
    "load": ("dtanalysis.inputs.loader", "load"),
    "read_folder": ("dtanalysis.inputs.loader", "read_folder"),
    "resolve_province": ("dtanalysis.inputs.provinces", "resolve"),
}

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
    if name in _LIBRARY:
        module, attribute = _LIBRARY[name]
        value = getattr(import_module(module), attribute)
    elif name in _BRIEFINGS:
        value = getattr(import_module(_BRIEFINGS[name]), name)
    else:
        raise AttributeError(f"module 'dtanalysis' has no attribute {name!r}")
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
