"""Hostile files too big for the corpus (benchmarks/bench_hostile.py writes them) end in a message naming the limit.

Seconds and memory are measured by the benchmark, never here; these tests check the outcome only.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from dtanalysis.inputs.loader import read_folder

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_hostile", ROOT / "benchmarks" / "bench_hostile.py")
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

EXPECTED = [
    pytest.param("million_columns", "1,000,004 columns, more than the limit of 1,000", id="million_columns"),
    pytest.param("far_away_cell_xlsx", "'province' is empty", id="far_away_cell_xlsx"),  # row 1048576, one cell
    pytest.param("ods_million_repeated_rows", None, id="ods_million_repeated_rows"),  # read: repeats are not rows
    pytest.param("ods_far_away_cell", "1,048,573 rows × 16,384 columns, beyond the limit", id="ods_far_away_cell"),
    pytest.param(
        "field_50mb", "longer than the limit of 1,000,000 characters", id="field_50mb", marks=pytest.mark.slow
    ),
    pytest.param("zip_bomb_1gb", "more than the limit of 200,000,000", id="zip_bomb_1gb", marks=pytest.mark.slow),
]


@pytest.mark.parametrize("case, fragment", EXPECTED)
def test_a_hostile_file_is_refused_with_its_limit_or_read(case, fragment, tmp_path):
    getattr(hostile, case)(tmp_path)
    bundle, problems = read_folder(tmp_path, today=dt.date(2026, 1, 1))
    errors = [p for p in problems if p.severity == "error"]
    if fragment is None:
        assert not errors and sum(f.rows for f in bundle.files) == 1
    else:
        assert any(fragment in p.message for p in errors), [str(p) for p in errors]
