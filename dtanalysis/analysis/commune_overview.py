"""The communes of one province side by side: online filing and tasks in one table, whichever the data has.

The explorer opens a province's communes from two independent sources (commune-level filings, a task register
that names communes); a commune present in only one of them keeps its row, with the other's columns empty.
"""

from __future__ import annotations

import pandas as pd

FILING_COLUMNS = ["slug", "dossiers_total", "online_pct"]
TASK_COLUMNS = ["assigned", "done", "completion_pct", "ci95_low_pct", "ci95_high_pct", "overdue"]


def province_communes(province_code: str, filings: pd.DataFrame | None, tasks: pd.DataFrame | None) -> pd.DataFrame:
    """Return one row per commune of the province: code and name, then its filing columns (slug, dossiers_total,
    online_pct) and task columns (assigned, done, completion_pct and its interval, overdue) where the data has them; highest online
    rate first (else highest completion), then by name. Empty when neither source has the province."""
    parts = []
    for table, columns in ((filings, FILING_COLUMNS), (tasks, TASK_COLUMNS)):
        if table is None:
            continue
        mine = table[table["province_code"].astype(str) == str(province_code)]
        if mine.empty:
            continue  # no empty columns for a source that has nothing on this province
        parts.append(mine[["commune_code", "commune", *[c for c in columns if c in mine]]].astype({"commune": str}))
    if not parts:
        return pd.DataFrame(columns=["commune_code", "commune"])
    rows = parts[0]
    for part in parts[1:]:
        rows = rows.merge(part, on="commune_code", how="outer", suffixes=("", "_tasks"))
        rows["commune"] = rows["commune"].fillna(rows.pop("commune_tasks"))
    for column in ("dossiers_total", "assigned", "done", "overdue"):
        if column in rows:
            rows[column] = rows[column].astype("Int64")
    order = [c for c in ("online_pct", "completion_pct") if c in rows] + ["commune"]
    ascending = [False] * (len(order) - 1) + [True]
    rows = rows.sort_values(order, ascending=ascending, na_position="last", kind="stable")
    return rows.reset_index(drop=True)
