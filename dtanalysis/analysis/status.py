"""Task status at a glance ("greening"): every task of a snapshot in one of four states, so a meeting sees
at once what is done, what is fine, what falls due within the month and what is already late."""

from __future__ import annotations

import pandas as pd

DUE_SOON_DAYS = 30  # a task not done whose deadline falls within this many days of the snapshot is "due soon"
STATES = ("done", "on_track", "due_soon", "overdue")  # the four states, in the order charts stack them


def task_states(tasks: pd.DataFrame, window_days: int = DUE_SOON_DAYS) -> pd.Series:
    """Return each task's state at its own snapshot: 'done'; 'overdue' (not done and due before the snapshot, or
    labelled overdue); 'due_soon' (not done, due on the snapshot day or within `window_days` after it);
    'on_track' (not done, due later or without a deadline)."""
    done = tasks["status"] == "done"
    overdue = ~done & tasks["is_overdue"].astype(bool)
    days_left = (tasks["due"] - tasks["as_of"]).dt.days
    soon = ~done & ~overdue & days_left.between(0, window_days).fillna(False).astype(bool)
    state = pd.Series("on_track", index=tasks.index, dtype="string")
    return state.mask(soon, "due_soon").mask(overdue, "overdue").mask(done, "done")


def state_counts(tasks: pd.DataFrame, by: list[str], window_days: int = DUE_SOON_DAYS) -> pd.DataFrame:
    """Return per group of `by` the number of tasks in each state (columns done, on_track, due_soon, overdue)
    and `assigned`, their sum."""
    states = task_states(tasks, window_days)
    flags = pd.DataFrame({s: (states == s).astype("int64") for s in STATES}, index=tasks.index)
    counts = pd.concat([tasks[by], flags], axis=1).groupby(by, observed=True, dropna=False).sum().reset_index()
    counts["assigned"] = counts[list(STATES)].sum(axis=1)
    return counts
