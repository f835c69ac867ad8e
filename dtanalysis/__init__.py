"""dtanalysis: load, validate and analyse Vietnam's provincial digital-transformation data."""

from __future__ import annotations

__version__ = "0.1.0"

from dtanalysis.common.errors import DataError, DtError, ParameterError, Problem, UnknownProvinceError
from dtanalysis.inputs.loader import Bundle, load, read_folder
from dtanalysis.inputs.provinces import resolve as resolve_province

__all__ = [
    "Bundle",
    "DataError",
    "DtError",
    "ParameterError",
    "Problem",
    "UnknownProvinceError",
    "load",
    "read_folder",
    "resolve_province",
    "__version__",
]
