"""Synthetic commune-level online-filing data on the real 3,321 communes of the two-tier local government.

Since 1 July 2025 the 34 provincial units hold 3,321 communes, wards and special zones. The names, codes and
per-province counts are the official ones (`dtanalysis/reference_data/communes/`); every figure is invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.common.files import write_atomic, write_text_atomic
from dtanalysis.common.paths import SAMPLE_MARKER
from dtanalysis.inputs import reference

MONTHS = ["2025-07", "2025-08", "2025-09", "2025-10"]


def commune_counts() -> dict[str, int]:
    """Return the number of communes per 2025 unit code, from the official list (3,321 in all)."""
    return reference.communes().groupby("province_code").size().to_dict()


def generate_communes(out_dir: Path, seed: int = 57) -> dict:
    """Write synthetic monthly filings (July–October 2025) for the 3,321 real communes; return a summary."""
    rng = np.random.default_rng(seed)
    rows = []
    province_names = reference.provinces().set_index("code")["name_vi"]
    for code, units in reference.communes().groupby("province_code", sort=False):
        province_name = province_names[code]
        base = rng.uniform(0.55, 0.9)  # the province's typical online share
        for commune in units["commune_name"]:
            share = float(np.clip(base + rng.normal(0, 0.08), 0.05, 0.99))
            size = int(rng.lognormal(7.0, 0.6))  # dossiers a month
            for step, month in enumerate(MONTHS):
                total = max(1, int(size * rng.uniform(0.85, 1.15)))
                online = int(rng.binomial(total, min(0.995, share + 0.015 * step)))
                full = int(rng.binomial(online, 0.45))
                rows.append((province_name, commune, month, total, online, full, "commune"))
    frame = pd.DataFrame(
        rows,
        columns=["province", "commune", "period", "dossiers_total", "dossiers_online", "dossiers_online_full", "level"],
    )
    out_dir = Path(out_dir)
    write_atomic(out_dir / "filings.csv", lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))
    note = (
        "Synthetic commune-level sample data on the real list of 3,321 communes, wards and special zones "
        "in force from 1 July 2025 (official names and per-province counts, National Statistics Office list). "
        "Every dossier count is invented: not real commune data."
    )
    write_text_atomic(
        out_dir / SAMPLE_MARKER,
        json.dumps(
            {"synthetic": True, "generator": "dtanalysis sample --level commune", "seed": seed, "note": note},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
    )
    write_text_atomic(
        out_dir / "README.md",
        f"# Commune-level sample data — SYNTHETIC\n\n{note}\n\n"
        f"Regenerate with `dtanalysis sample --level commune --out data/sample-communes --seed {seed}`.\n",
    )
    return {
        "out_dir": str(out_dir),
        "seed": seed,
        "files": ["filings.csv", SAMPLE_MARKER, "README.md"],
        "rows": {"filings.csv": len(frame)},
    }
