"""Where the project's own folders are, whatever the current folder: the notebooks, the default parameters,
the published figures and the sample data sit beside the package in a checkout of this repository."""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NOTEBOOKS = PROJECT / "notebooks"
PARAMETERS = PROJECT / "parameters"
PUBLISHED_FIGURES = PROJECT / "data" / "published" / "published_figures.csv"
SAMPLE_DATA = PROJECT / "data" / "sample"
# The file a sample generator writes beside its tables: a folder holding it is synthetic, and says so everywhere.
SAMPLE_MARKER = "dtanalysis-sample.json"
