"""What changed since the previous report: per unit, the tasks newly done, newly overdue and due within the
month, the difficulties newly reported, and the rank change — flagged only when it exceeds the rank's
uncertainty — so a monitoring meeting starts from what moved, not from one more snapshot.

The previous report of a unit is its own latest snapshot before its current one, or, when a date is given,
its latest snapshot on or before that date (and still before the current one). Tasks are matched by
province, programme and `task_id`.
"""

from __future__ import annotations

import pandas as pd

from dtanalysis.analysis import completion as tasks_
from dtanalysis.analysis.completion import UNIT
from dtanalysis.analysis.ranking import competition_rank, plausible_rank_range
from dtanalysis.analysis.stats import share_pct
from dtanalysis.analysis.status import DUE_SOON_DAYS, task_states
from dtanalysis.inputs.reference import NATIONAL_CODE, NATIONAL_NAME

KEY = ["province_code", "programme", "task_id"]
COUNTS = [
    "assigned",
    "done",
    "previous_assigned",
    "previous_done",
    "tasks_added",
    "tasks_removed",
    "newly_done",
    "newly_done_new_tasks",
    "reopened",
    "newly_overdue",
    "due_soon",
    "difficulties_new",
]


def snapshots(tasks: pd.DataFrame, as_of=None, previous=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (current, previous) snapshots: each unit's and programme's latest on or before `as_of`, and its own
    latest before that one (on or before `previous` when given). A unit without an earlier one is absent from
    the second frame."""
    current = tasks_.at_snapshot(tasks, as_of)
    first = current.groupby(["province_code", "programme"], observed=True)["as_of"].min().rename("_current")
    earlier = tasks.join(first, on=["province_code", "programme"], how="inner")
    earlier = earlier[earlier["as_of"] < earlier["_current"]].drop(columns="_current")
    return current, tasks_.at_snapshot(earlier, previous)


def _unit_key(tasks: pd.DataFrame) -> pd.Series:
    """Return 'province_code|programme' per row (the two columns may be categories)."""
    return tasks["province_code"].astype("string") + "|" + tasks["programme"].astype("string")


def task_changes(current: pd.DataFrame, previous: pd.DataFrame, window_days: int = DUE_SOON_DAYS) -> pd.DataFrame:
    """Return one row per task of the current or previous snapshot of units that have both, with its state now
    and before and what changed: is_added, is_removed, is_newly_done (done now, not done before — a task new in
    the register that arrives done counts, and is_added says so), is_reopened (done before, not now),
    is_newly_overdue (overdue now, not before — a new task that arrives overdue counts) and is_due_soon (not done,
    due within `window_days` of the snapshot: due on the snapshot day and exactly `window_days` later count)."""
    compared = set(_unit_key(previous))
    current = current[_unit_key(current).isin(compared)]
    now = current.assign(state=task_states(current, window_days))
    before = previous.assign(state=task_states(previous, window_days))
    columns = [*KEY, "province_name", "title", "group", "status", "due", "as_of", "state"]
    merged = now[columns].merge(
        before[[*KEY, "province_name", "title", "group", "status", "due", "as_of", "state"]].rename(
            columns={"status": "previous_status", "state": "previous_state", "as_of": "previous_as_of"}
        ),
        on=KEY,
        how="outer",
        suffixes=("", "_before"),
        indicator=True,
    )
    for column in ("province_name", "title", "group", "due"):
        merged[column] = merged[column].fillna(merged.pop(f"{column}_before"))
    present_now, present_before = merged["_merge"] != "right_only", merged["_merge"] != "left_only"
    done_now, done_before = merged["state"] == "done", merged["previous_state"] == "done"
    late_now, late_before = merged["state"] == "overdue", merged["previous_state"] == "overdue"
    flags = {
        "is_added": present_now & ~present_before,
        "is_removed": present_before & ~present_now,
        "is_newly_done": done_now & ~(present_before & done_before),
        "is_reopened": present_now & present_before & done_before & ~done_now,
        "is_newly_overdue": late_now & ~(present_before & late_before),
        "is_due_soon": merged["state"] == "due_soon",
    }
    merged = merged.drop(columns="_merge").assign(**{k: v.fillna(False).astype(bool) for k, v in flags.items()})
    return merged.sort_values(KEY).reset_index(drop=True)


def _ranks(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Per unit and programme: completion rank now (with its plausible range, as the league computes it) and at
    the unit's previous snapshot among every unit's previous snapshot."""
    rows = []
    for programme, now in current.groupby("programme", observed=True):
        table = tasks_.completion(now, ["province_code"], national=False)
        table["rank"] = competition_rank(table["completion_pct"], "higher")
        # in the league's order (best first), so that the bootstrap draws, and the ranges, are the league's own
        table = table.sort_values(["rank", "province_code"], na_position="last").reset_index(drop=True)
        table["rank_best"], table["rank_worst"] = plausible_rank_range(table["done"], table["assigned"], "higher")
        before = previous[previous["programme"] == programme]
        if len(before):
            earlier = tasks_.completion(before, ["province_code"], national=False)
            earlier["previous_rank"] = competition_rank(earlier["completion_pct"], "higher")
            table = table.merge(
                earlier[["province_code", "completion_pct", "previous_rank"]].rename(
                    columns={"completion_pct": "previous_completion_pct"}
                ),
                on="province_code",
                how="left",
            )
        rows.append(table.assign(programme=programme))
    columns = ["province_code", "programme", "completion_pct", "previous_completion_pct", "rank", "rank_best"]
    columns += ["rank_worst", "previous_rank"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.concat(rows, ignore_index=True).reindex(columns=columns)


def _new_difficulties(difficulties: pd.DataFrame | None, windows: pd.DataFrame) -> pd.Series:
    """Return, per row of `windows` (province_code, previous_as_of, as_of), the statements reported after the
    previous snapshot and on or before the current one (NA without a previous snapshot or without dates)."""
    if difficulties is None or "reported_on" not in difficulties:
        return pd.Series(pd.NA, index=windows.index, dtype="Int64")
    dated = difficulties[difficulties["reported_on"].notna()][["province_code", "reported_on"]]
    joined = windows.reset_index().merge(dated, on="province_code", how="left")
    inside = (joined["reported_on"] > joined["previous_as_of"]) & (joined["reported_on"] <= joined["as_of"])
    counts = inside.groupby(joined["index"]).sum().reindex(windows.index, fill_value=0).astype("Int64")
    return counts.where(windows["previous_as_of"].notna())


def changes(
    tasks: pd.DataFrame,
    *,
    as_of=None,
    previous=None,
    difficulties: pd.DataFrame | None = None,
    window_days: int = DUE_SOON_DAYS,
) -> pd.DataFrame:
    """Return per unit and programme (plus national rows, `province_code` '00') what changed between the
    previous snapshot and the current one: counts of tasks added, removed, newly done (of which new in the
    register), reopened, newly overdue, due soon, difficulties newly reported, and the completion rank now and
    before with `rank_change` (> 0 = up) and `is_rank_change_meaningful` (the previous rank lies outside the
    current plausible rank range). Counts that need a previous snapshot are NA for a unit without one."""
    if as_of is not None:
        tasks = tasks[tasks["as_of"] <= pd.Timestamp(as_of)]
    current, before = snapshots(tasks, as_of, previous)
    return changes_between(current, before, task_changes(current, before, window_days), difficulties, window_days)


def changes_between(
    current: pd.DataFrame,
    before: pd.DataFrame,
    per_task: pd.DataFrame,
    difficulties: pd.DataFrame | None = None,
    window_days: int = DUE_SOON_DAYS,
) -> pd.DataFrame:
    """Return `changes` from what it is computed from, for a caller that already has them: the two snapshots
    (`snapshots`) and the task changes between them (`task_changes`)."""
    by = ["province_code", "programme"]
    table = current.groupby(by, observed=True).agg(province_name=("province_name", "first"), as_of=("as_of", "max"))
    table["assigned"] = current.groupby(by, observed=True).size()
    table["done"] = (current["status"] == "done").groupby([current[c] for c in by], observed=True).sum()
    table["due_soon"] = (
        (task_states(current, window_days) == "due_soon").groupby([current[c] for c in by], observed=True).sum()
    )
    table = table.reset_index()
    prior = before.groupby(by, observed=True).agg(
        previous_as_of=("as_of", "max"), previous_assigned=("task_id", "size"), previous_done=("status", "size")
    )
    prior["previous_done"] = (before["status"] == "done").groupby([before[c] for c in by], observed=True).sum()
    flags = per_task.groupby(by, observed=True).agg(
        tasks_added=("is_added", "sum"),
        tasks_removed=("is_removed", "sum"),
        newly_done=("is_newly_done", "sum"),
        newly_done_new_tasks=("is_newly_done", lambda s: int((s & per_task.loc[s.index, "is_added"]).sum())),
        reopened=("is_reopened", "sum"),
        newly_overdue=("is_newly_overdue", "sum"),
    )
    table = table.merge(prior.join(flags, how="left").reset_index(), on=by, how="left")
    table["difficulties_new"] = _new_difficulties(difficulties, table)
    for column in COUNTS:
        table[column] = table[column].astype("Int64")
    table = table.merge(_ranks(current, before), on=by, how="left")
    for column in ("rank", "rank_best", "rank_worst", "previous_rank"):
        table[column] = table[column].astype("Int64")
    table["rank_change"] = (table["previous_rank"] - table["rank"]).astype("Int64")
    outside = (table["previous_rank"] < table["rank_best"]) | (table["previous_rank"] > table["rank_worst"])
    table["is_rank_change_meaningful"] = outside.astype("boolean").where(table["previous_rank"].notna())
    table["completion_change_pct_points"] = table["completion_pct"].astype("Float64") - table[
        "previous_completion_pct"
    ].astype("Float64")
    table = table.sort_values(by).reset_index(drop=True)
    out = pd.concat([table, _national(table)], ignore_index=True)
    ints = ["rank", "rank_best", "rank_worst", "previous_rank", "rank_change"]
    return out.astype({**{c: "Int64" for c in ints}, "is_rank_change_meaningful": "boolean", "programme": "string"})


def _national(table: pd.DataFrame) -> pd.DataFrame:
    """Return one national row per programme: the units' counts summed (over the units with a previous
    snapshot for the counts that need one)."""
    rows = []
    for programme, units in table.groupby("programme", observed=True):
        row = {"province_code": NATIONAL_CODE, "province_name": NATIONAL_NAME["vi"], "programme": programme}
        row.update(as_of=units["as_of"].max(), previous_as_of=units["previous_as_of"].max())
        row.update({c: units[c].sum(min_count=1) for c in COUNTS})
        rows.append(row)
    national = pd.DataFrame(rows, columns=table.columns)
    for column in COUNTS:
        national[column] = national[column].astype("Int64")
    national["completion_pct"] = share_pct(national["done"], national["assigned"])
    national["previous_completion_pct"] = share_pct(national["previous_done"], national["previous_assigned"])
    national["completion_change_pct_points"] = national["completion_pct"] - national["previous_completion_pct"]
    return national


def movers(changes_table: pd.DataFrame, programme: str, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (up, down): the `n` units of `programme` whose completion rank rose most and the `n` whose rank fell
    most since their previous snapshot (ties by the larger change in completion points), each flagged whether the
    move exceeds the rank's uncertainty."""
    units = changes_table[(changes_table["programme"] == programme) & (changes_table["province_code"] != NATIONAL_CODE)]
    units = units[units["rank_change"].notna()]
    columns = [
        *UNIT,
        "rank",
        "previous_rank",
        "rank_change",
        "rank_best",
        "rank_worst",
        "is_rank_change_meaningful",
        "completion_pct",
        "completion_change_pct_points",
        "newly_done",
        "newly_overdue",
    ]
    up = units[units["rank_change"] > 0].sort_values(
        ["rank_change", "completion_change_pct_points", "province_code"], ascending=[False, False, True]
    )
    down = units[units["rank_change"] < 0].sort_values(
        ["rank_change", "completion_change_pct_points", "province_code"], ascending=[True, True, True]
    )
    return up[columns].head(n).reset_index(drop=True), down[columns].head(n).reset_index(drop=True)
