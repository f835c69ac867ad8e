"""Synthetic commune column for part of the task register: Quảng Ninh's tasks placed in its real communes.

Seed 004 asks for tasks "clarified down to the commune level"; Quảng Ninh reports per commune. Most of its
communes get tasks, a few get none (so a pack shows what a commune without tasks looks like); which commune a
task belongs to is invented, like every other figure of the sample.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dtanalysis.inputs import reference

PROVINCE = "Quảng Ninh"
COMMUNES_WITHOUT_TASKS = 6  # of Quảng Ninh's 54


def place_in_communes(rng: np.random.Generator, tasks: pd.DataFrame, province: str = PROVINCE) -> pd.DataFrame:
    """Return `tasks` with a `commune` column: a commune of `province` for each of its tasks, blank elsewhere.

    A task keeps its commune in every snapshot from 2025-07-01 (none before); a few communes get no task at all.
    """
    units = reference.communes()
    code = reference.provinces().set_index("name_vi").at[province, "code"]
    names = units.loc[units["province_code"] == code, "commune_name"].to_numpy()
    chosen = rng.choice(names, size=len(names) - COMMUNES_WITHOUT_TASKS, replace=False)
    weights = rng.gamma(2.0, 1.0, size=len(chosen))
    mine = tasks["province"] == province
    keys = tasks.loc[mine, ["province", "programme", "task_id"]].drop_duplicates()
    picks = rng.choice(chosen, size=len(keys), p=weights / weights.sum())
    # an office writes the name its own way now and then: without the type word, or in capitals
    written = [
        name.split(" ", 1)[1] if r < 0.15 and name.startswith("Xã ") else name.upper() if r > 0.95 else name
        for name, r in zip(picks, rng.uniform(size=len(picks)))
    ]
    placed = keys.assign(commune=written)
    out = tasks.merge(placed, on=["province", "programme", "task_id"], how="left")
    out["commune"] = out["commune"].fillna("")
    # communes took on tasks with the two-tier local government: snapshots before 2025-07-01 name none
    out.loc[pd.to_datetime(out["as_of"]) < pd.Timestamp(reference.MERGER_DATE), "commune"] = ""
    return out
