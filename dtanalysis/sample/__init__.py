"""Deterministic SYNTHETIC sample data, so the notebooks, the batch and the tests run with no real data.

The figures are invented but calibrated to the published ones (SOURCES.md): the national and Nghệ An
Resolution-57 task counts, Quảng Ninh's Plan-02 tasks, the Hưng Yên, Ninh Thuận and Hà Nam filing
counts, two Ninh Thuận indicators and the 2024 DTI mean. Everything else is drawn from
`numpy.random.default_rng(seed)`; the same seed gives byte-identical files.

One module per dataset, each drawn from its own child of the seed's generator: `tasks` (the NQ57 and KH02
registers), `filings` (monthly dossier counts), `indicators` (quarterly indicator counts, DTI scores),
`difficulties` (statements per unit); `calibration` holds the published figures and their sources, `readme`
the marker and README written beside the data. `communes` generates the separate commune-level sample;
`commune_tasks` places Quảng Ninh's tasks in its communes.

May import: dtanalysis.inputs and dtanalysis.common (never the analysis or the briefings).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.inputs import reference
from dtanalysis.sample.calibration import (
    DTI_2022_RANK_ORDER,
    DTI_2024_PROVINCIAL_MEAN,
    NQ57_REPORT_DATE,
    SOURCE_LABEL,
    calibration_targets,
)
from dtanalysis.sample.commune_tasks import place_in_communes
from dtanalysis.sample.difficulties import DIFFICULTY_TEMPLATES, difficulty_statements
from dtanalysis.sample.filings import FILING_MONTHS, monthly_filings
from dtanalysis.sample.indicators import quarterly_indicators
from dtanalysis.sample.readme import MARKER_FILE, marker, readme_markdown
from dtanalysis.sample.tasks import TASK_GROUPS, task_registers

__all__ = [
    "DEFAULT_SEED",
    "DIFFICULTY_TEMPLATES",
    "DTI_2022_RANK_ORDER",
    "DTI_2024_PROVINCIAL_MEAN",
    "FILING_MONTHS",
    "MARKER_FILE",
    "NQ57_REPORT_DATE",
    "SOURCE_LABEL",
    "TASK_GROUPS",
    "calibration_targets",
    "generate",
]

DEFAULT_SEED = 57


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write the synthetic sample into `out_dir`; return the folder, the seed, the files and rows per CSV."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    task_rng, filing_rng, indicator_rng, difficulty_rng = np.random.default_rng(seed).spawn(4)
    units, old = _units(), _old_provinces()
    filings = monthly_filings(filing_rng, old)
    tables = {
        "tasks.csv": generate_tasks(seed),
        "filings.csv": filings,
        "indicators.csv": quarterly_indicators(indicator_rng, units, old, filings),
        "difficulties.csv": difficulty_statements(difficulty_rng, units),
    }
    for name, frame in tables.items():
        frame.to_csv(out_dir / name, index=False, lineterminator="\n")
    rows = {name: len(frame) for name, frame in tables.items()}
    (out_dir / MARKER_FILE).write_text(json.dumps(marker(seed), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "README.md").write_text(readme_markdown(seed, rows), encoding="utf-8")
    return {"out_dir": str(out_dir), "seed": seed, "files": [*tables, MARKER_FILE, "README.md"], "rows": rows}


def generate_tasks(seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Return the synthetic task registers, Quảng Ninh's tasks placed in its communes (a `commune` column)."""
    task_rng = np.random.default_rng(seed).spawn(4)[0]
    commune_rng = np.random.default_rng(seed).spawn(5)[4]  # its own stream: the other datasets stay as they were
    return place_in_communes(commune_rng, task_registers(task_rng, _units()))


# --- Geography ---


def _units() -> pd.DataFrame:
    """Return the 34 units (code, name, dv) in code order."""
    units = reference.provinces()[["code", "name_vi", "type"]].rename(columns={"name_vi": "name"})
    units["dv"] = np.where(units["type"] == "city", "thành phố", "tỉnh")
    return units.sort_values("code").reset_index(drop=True)


def _old_provinces() -> pd.DataFrame:
    """Return the 63 old provinces (code, name, is_city) with the 2025 unit each joined (unit_code, unit_name)."""
    old = reference.crosswalk()
    return (
        pd.DataFrame(
            {
                "code": old["old_code"],
                "name": old["old_name_vi"],
                "is_city": old["old_name_full_vi"].str.startswith("Thành phố"),
                "unit_code": old["new_code"],
                "unit_name": old["new_name_vi"],
            }
        )
        .sort_values("code")
        .reset_index(drop=True)
    )
