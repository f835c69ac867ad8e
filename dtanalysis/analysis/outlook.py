"""Outlook to the deadline: where each unit will stand on the programme deadline at its recent pace.

The model is deliberately simple, so that it can be explained in a meeting:

- **Recent pace.** Completions are counted between two of the unit's own snapshots: the current one and
  the latest one at least `pace_weeks` (8) weeks earlier (the earliest one when the unit's history is
  shorter). `completions` = done now − done then (never below 0), over `pace_weeks_observed` weeks;
  `pace_per_week` = completions / pace_weeks_observed.
- **Plausible range.** Completions per week are taken as a Poisson process: the exact (Garwood 1936)
  90 % interval of the mean of the observed count, divided by the weeks observed, bounds the pace
  (`pace_low_per_week`, `pace_high_per_week`). It expresses how well the recent pace is known, not the
  week-to-week luck still to come.
- **Projection.** `projected_done` = done + pace · weeks_left, and its low/high the same with the
  bounds of the pace, each capped at the tasks assigned; weeks_left = (deadline − snapshot) / 7 days.
- **Needed pace.** `needed_per_week` = (assigned − done) / weeks_left.
- **Verdict.** `on_track` when even the low projection finishes every assigned task, `off_track` when
  even the high one falls short, `at_risk` otherwise; `unknown` with only one snapshot and tasks left.
  On or after the deadline the verdict is the final status: `met` or `missed`.
- **National row.** The units pooled: done, assigned and completions summed, over the units' mean window.
"""

from __future__ import annotations

import pandas as pd

from dtanalysis.analysis import completion as tasks_
from dtanalysis.analysis.stats import poisson_interval
from dtanalysis.inputs.reference import NATIONAL_CODE, NATIONAL_NAME

DEADLINE = "2025-12-31"  # the programmes' deadline for 2025 (Resolution 57-NQ/TW, Plan 02-KH/BCĐTW)
PACE_WEEKS = 8  # the recent pace: completions over (at least) the last eight weeks of snapshots
LEVEL = 0.90  # the projection band: a 90 % interval
VERDICTS = ("on_track", "at_risk", "off_track", "unknown", "met", "missed")


def _done(snapshot: pd.DataFrame) -> pd.DataFrame:
    """Per unit and programme of a snapshot: its report date (the latest it mixes), tasks assigned and done."""
    return (
        snapshot.assign(_done=(snapshot["status"] == "done").astype("int64"))
        .groupby(["province_code", "programme"], observed=True)
        .agg(
            province_name=("province_name", "first"),
            as_of=("as_of", "max"),
            assigned=("task_id", "size"),
            done=("_done", "sum"),
        )
    )


def _pace_window(tasks: pd.DataFrame, pace_weeks: int) -> pd.DataFrame:
    """Per unit and programme: the current snapshot and the one the recent pace is measured from (each taken as
    `at_snapshot` takes it, so before the merger every old province's own latest report counts)."""
    current = tasks_.at_snapshot(tasks)
    now = _done(current)
    bases = []
    for as_of, units in now.groupby("as_of"):  # units sharing a report date share the pace window's start
        codes = units.index.get_level_values("province_code")
        mine = tasks[tasks["province_code"].isin(codes)]
        bases.append(_done(tasks_.at_snapshot(mine, as_of - pd.Timedelta(weeks=pace_weeks))))
    base = pd.concat(bases) if bases else now.iloc[:0]
    first = tasks.groupby(["province_code", "programme"], observed=True)["as_of"].transform("min")
    earliest = _done(tasks[tasks["as_of"] == first])  # a history shorter than the window: from its start
    base = base.combine_first(earliest).reindex(now.index)
    window = now.assign(pace_from=base["as_of"], completions=(now["done"] - base["done"]).clip(lower=0))
    return window.reset_index()[
        ["province_code", "province_name", "programme", "as_of", "assigned", "done", "pace_from", "completions"]
    ]


def _project(window: pd.DataFrame, deadline: pd.Timestamp, level: float) -> pd.DataFrame:
    """Return `window` with pace, its interval, the projection band, the needed pace and the verdict."""
    out = window.copy()
    weeks = out["pace_weeks_observed"].astype("float64")
    has_pace = weeks > 0
    bounds = [poisson_interval(int(k), level) for k in out["completions"]]
    out["pace_per_week"] = (out["completions"] / weeks).where(has_pace)
    out["pace_low_per_week"] = pd.Series([b[0] for b in bounds], index=out.index) / weeks.where(has_pace)
    out["pace_high_per_week"] = pd.Series([b[1] for b in bounds], index=out.index) / weeks.where(has_pace)
    out["weeks_left"] = ((deadline - out["as_of"]).dt.days / 7).clip(lower=0)
    remaining = out["assigned"] - out["done"]
    for name, pace in (("projected_done", "pace_per_week"), ("projected_low", "pace_low_per_week")):
        out[name] = (out["done"] + out[pace] * out["weeks_left"]).clip(upper=out["assigned"])
    out["projected_high"] = (out["done"] + out["pace_high_per_week"] * out["weeks_left"]).clip(upper=out["assigned"])
    finished = remaining <= 0
    out.loc[finished, ["projected_done", "projected_low", "projected_high"]] = out.loc[
        finished, ["done", "done", "done"]
    ].to_numpy(dtype="float64")
    out["needed_per_week"] = (remaining / out["weeks_left"]).where(out["weeks_left"] > 0)
    past = out["weeks_left"] <= 0
    verdict = pd.Series("at_risk", index=out.index, dtype="string")
    verdict = verdict.mask(out["projected_high"] < out["assigned"], "off_track")
    verdict = verdict.mask(~has_pace, "unknown")
    verdict = verdict.mask(out["projected_low"] >= out["assigned"], "on_track")
    verdict = verdict.mask(past, "missed").mask(past & finished, "met")
    out["verdict"] = verdict
    out["deadline"] = deadline
    return out


def outlook(
    tasks: pd.DataFrame,
    *,
    as_of=None,
    deadline: str | pd.Timestamp = DEADLINE,
    pace_weeks: int = PACE_WEEKS,
    level: float = LEVEL,
) -> pd.DataFrame:
    """Return per unit and programme (plus national rows, '00') the tasks done, the recent pace with its
    Poisson (Garwood) interval, the projected done by `deadline` with a `level` band, the needed pace and a
    verdict: on_track / at_risk / off_track (unknown with one snapshot; met / missed on or after the deadline)."""
    deadline = pd.Timestamp(deadline)
    if as_of is not None:
        tasks = tasks[tasks["as_of"] <= pd.Timestamp(as_of)]
    window = _pace_window(tasks, pace_weeks)
    if window.empty:
        return window
    window["pace_weeks_observed"] = (window["as_of"] - window["pace_from"]).dt.days / 7
    pooled = (
        window.groupby("programme", observed=True)
        .agg(
            as_of=("as_of", "max"),
            assigned=("assigned", "sum"),
            done=("done", "sum"),
            pace_from=("pace_from", "min"),
            completions=("completions", "sum"),
            pace_weeks_observed=("pace_weeks_observed", "mean"),
        )
        .reset_index()
        .assign(province_code=NATIONAL_CODE, province_name=NATIONAL_NAME["vi"])
    )
    table = pd.concat([window.sort_values(["province_code", "programme"]), pooled[window.columns]], ignore_index=True)
    return _project(table, deadline, level)
