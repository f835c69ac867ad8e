"""Synthetic commune-level online-filing data on the real 3,321 communes of the two-tier local government.

Since 1 July 2025 the 34 provincial units hold 3,321 communes, wards and special zones. The names, codes and
per-province counts are the official ones (`dtanalysis/reference_data/communes/`); every figure is invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from dtanalysis.common.errors import UnknownCommuneError
from dtanalysis.common.files import write_atomic, write_text_atomic
from dtanalysis.common.paths import SAMPLE_MARKER
from dtanalysis.inputs import communes, provinces, reference

MONTHS = ["2025-07", "2025-08", "2025-09", "2025-10"]
# Nghệ An, Hưng Yên and Quảng Ninh report per commune: their old communes also report the three months before
# the merger, so the commune trend crosses 2025-07-01 (rolled up where the crosswalk allows).
PRE_MERGER_PROVINCES = ("22", "33", "40")
PRE_MERGER_MONTHS = ["2025-04", "2025-05", "2025-06"]


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
    rows += _pre_merger_rows(np.random.default_rng([seed, 1]))
    frame = pd.DataFrame(
        rows,
        columns=["province", "commune", "period", "dossiers_total", "dossiers_online", "dossiers_online_full", "level"],
    )
    out_dir = Path(out_dir)
    write_atomic(out_dir / "filings.csv", lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))
    tasks = commune_task_register(seed)
    write_atomic(out_dir / "tasks.csv", lambda tmp: tasks.to_csv(tmp, index=False, lineterminator="\n"))
    note = (
        "Synthetic commune-level sample data on the real list of 3,321 communes, wards and special zones "
        "in force from 1 July 2025 (official names and per-province counts, National Statistics Office list). "
        "Every dossier count is invented: not real commune data. Nghệ An, Hưng Yên and Quảng Ninh's old communes "
        "also report April–June 2025 (the 10,051 pre-merger communes; names, or codes where a name is shared "
        "in its old province). tasks.csv holds Quảng Ninh's synthetic task register placed in its communes "
        "(the same rows as data/sample/tasks.csv)."
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
        "files": ["filings.csv", "tasks.csv", SAMPLE_MARKER, "README.md"],
        "rows": {"filings.csv": len(frame), "tasks.csv": len(tasks)},
    }


def _pre_merger_rows(rng: np.random.Generator) -> list[tuple]:
    """Return monthly rows for the old communes of PRE_MERGER_PROVINCES before the merger (name, else code)."""
    old = reference.old_communes()
    to_new = provinces._index().old_to_new
    old = old[old["old_province_code"].map(to_new).isin(PRE_MERGER_PROVINCES)]
    shared = old.duplicated(["old_province_code", "old_commune_name"], keep=False)
    rows = []
    for province, group in old.groupby("old_province_code", sort=True):
        base = rng.uniform(0.45, 0.8)
        for name, code, is_shared in zip(group["old_commune_name"], group["old_commune_code"], shared[group.index]):
            share = float(np.clip(base + rng.normal(0, 0.08), 0.05, 0.99))
            size = int(rng.lognormal(6.2, 0.6))
            label = code if is_shared or not _resolves_as_old(name, province, code) else name
            for month in PRE_MERGER_MONTHS:
                total = max(1, int(size * rng.uniform(0.85, 1.15)))
                online = int(rng.binomial(total, share))
                full = int(rng.binomial(online, 0.4))
                rows.append((group["old_province_name"].iloc[0], label, month, total, online, full, "commune"))
    return rows


def _resolves_as_old(name: str, old_province: str, code: str) -> bool:
    """Whether the loader reads `name` in that old province, before the merger, as the old commune `code`."""
    try:
        unit = communes._index().resolve(name, to_new_province(old_province), old_province, True)  # as the loader
    except UnknownCommuneError:
        return False
    return unit.old_commune_code == code


def to_new_province(old_province: str) -> str:
    """Return the 2025 unit code an old province went into."""
    return provinces._index().old_to_new[old_province]


def commune_task_register(seed: int = 57) -> pd.DataFrame:
    """Return Quảng Ninh's synthetic task register with a commune per task, as in data/sample/tasks.csv."""
    from dtanalysis.sample import generate_tasks

    tasks = generate_tasks(seed)
    return tasks[tasks["commune"].notna() & (tasks["commune"] != "")].reset_index(drop=True)
