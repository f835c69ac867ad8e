"""Tasks at commune level: for a register whose tasks name a commune, progress per commune of each province.

Done / assigned with a Wilson 95 % interval (a commune holds a few dozen tasks at most, so the interval
matters more than the percentage), and how many are overdue. Only tasks placed in a 2025 commune count;
a task of an old commune that was split belongs to no commune and is counted apart (`unplaced`), never guessed.
"""

from __future__ import annotations

import pandas as pd

from dtanalysis.analysis.stats import share_pct, wilson_pct

COLUMNS = [
    "province_code",
    "commune_code",
    "commune",
    "assigned",
    "done",
    "overdue",
    "completion_pct",
    "ci95_low_pct",
    "ci95_high_pct",
]


def has_communes(tasks: pd.DataFrame | None) -> bool:
    """Whether a task table places any task in a commune (the register had a commune column with values)."""
    return tasks is not None and "commune_code" in tasks and bool(tasks["commune_code"].notna().any())


def commune_progress(snapshot: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Return per 2025 commune (and `by`, e.g. programme): tasks assigned, done, overdue, completion_pct and
    its Wilson 95 % interval.

    `snapshot` is one snapshot of the register (`completion.at_snapshot`); tasks without a 2025 commune
    are left out (see `unplaced`). Rows are in province order, then most tasks first.
    """
    columns = COLUMNS[:2] + list(by) + COLUMNS[2:]
    if not has_communes(snapshot):
        return pd.DataFrame(columns=columns)
    placed = snapshot[snapshot["commune_code"].notna()]
    flags = pd.DataFrame(
        {
            "assigned": 1,
            "done": placed["status"] == "done",
            "overdue": placed["is_overdue"].fillna(False).astype(bool),
        },
        index=placed.index,
    ).astype("int64")
    keys = placed[["province_code", "commune_code", *by]].astype(str)
    table = pd.concat([keys, flags], axis=1).groupby(list(keys.columns)).sum().reset_index()
    names = placed.drop_duplicates("commune_code").set_index("commune_code")["commune"].astype(str)
    table["commune"] = table["commune_code"].map(names)
    table["completion_pct"] = share_pct(table["done"], table["assigned"])
    table["ci95_low_pct"], table["ci95_high_pct"] = wilson_pct(table["done"], table["assigned"])
    table = table.sort_values(
        ["province_code", *by, "assigned", "commune"], ascending=[True, *[True] * len(by), False, True]
    )
    return table[columns].reset_index(drop=True)


def unplaced(snapshot: pd.DataFrame) -> pd.DataFrame:
    """Return per province how many tasks name a commune that is not one 2025 commune (a split old commune)."""
    if "commune" not in snapshot or "commune_code" not in snapshot:
        return pd.DataFrame(columns=["province_code", "tasks"])
    named = snapshot["commune"].notna() & (snapshot["commune"].astype(str).str.strip() != "")
    rows = snapshot[named & snapshot["commune_code"].isna()]
    return rows.groupby("province_code", observed=True).size().rename("tasks").reset_index()


def commune_tasks(snapshot: pd.DataFrame, commune_code: str) -> pd.DataFrame:
    """Return the tasks of one 2025 commune at the snapshot, overdue first, then by deadline."""
    if not has_communes(snapshot):
        return snapshot.iloc[0:0]
    mine = snapshot[snapshot["commune_code"] == commune_code].copy()
    mine["days_overdue"] = (mine["as_of"] - mine["due"]).dt.days.where(mine["is_overdue"]).astype("Int64")
    columns = ["task_id", "programme", "title", "group", "status", "due", "completed_on", "days_overdue"]
    return mine.sort_values(["is_overdue", "due", "task_id"], ascending=[False, True, True])[columns]
