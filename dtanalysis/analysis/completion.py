"""Task completion (DESIGN §4.1): done / assigned, on-time rate, overdue tasks, per unit and nationally."""

from __future__ import annotations

import pandas as pd

from dtanalysis.analysis.funnel import with_funnel
from dtanalysis.analysis.merger import MERGER_DATE
from dtanalysis.analysis.stats import share_pct, wilson_pct
from dtanalysis.inputs.reference import NATIONAL_CODE, NATIONAL_NAME

UNIT = ["province_code", "province_name"]
# the columns `at_snapshot` and `completion` read (besides any extra grouping column)
COUNTED = [
    *UNIT,
    *(
        "old_province_code",
        "written_as",
        "task_id",
        "programme",
        "as_of",
        "status",
        "is_overdue",
        "completed_on",
        "due",
    ),
]
STALE_DAYS = 30  # a unit whose latest report is older than this many days before the reference date is stale


def at_snapshot(tasks: pd.DataFrame, as_of: pd.Timestamp | str | None = None) -> pd.DataFrame:
    """Return each province's and programme's latest snapshot on or before `as_of` (the latest overall if None).

    A unit is counted from the latest report of each of its parts that reported on their own: before the merger
    its old provinces; after it, rows written under an old province's name (`written_as`: Hà Giang, reporting
    apart from Tuyên Quang) beside rows written as the unit. A task that more than one part's latest report
    lists is counted once, from the later report.
    """
    if as_of is not None:
        tasks = tasks[tasks["as_of"] <= pd.Timestamp(as_of)]
    by_unit = ["province_code", "programme"]
    latest = tasks.groupby(by_unit, observed=True)["as_of"].transform("max")
    if "old_province_code" not in tasks.columns:
        return tasks[tasks["as_of"] == latest]
    # before the merger each old province reported on its own: take each one's latest report, so a
    # merged unit whose two old provinces reported a few days apart sums both, not only the later one
    per_old = tasks.groupby(["province_code", "old_province_code", "programme"], observed=True, dropna=False)[
        "as_of"
    ].transform("max")
    after = tasks["as_of"] == latest
    if "written_as" in tasks.columns and tasks["written_as"].notna().any():
        after = _latest_of_parts(tasks, by_unit)
    keep = after.where(latest >= MERGER_DATE, tasks["as_of"] == per_old)
    return tasks[keep.astype(bool)]


def _latest_of_parts(tasks: pd.DataFrame, by_unit: list[str]) -> pd.Series:
    """True on the rows of each post-merger part's latest report (a part: an old province's name, or the unit's
    own), a task listed by several of them kept from the latest; pre-merger rows are never kept here."""
    dates = tasks["as_of"].where(tasks["as_of"] >= MERGER_DATE)
    keys = [tasks[c] for c in by_unit]
    keep = dates == dates.groupby([*keys, tasks["written_as"]], observed=True, dropna=False).transform("max")
    if "task_id" in tasks.columns:
        kept = dates.where(keep)
        keep &= kept == kept.groupby([*keys, tasks["task_id"]], observed=True).transform("max")
    return keep


def _counts(tasks: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    done = tasks["status"] == "done"
    flags = pd.DataFrame(
        {
            "assigned": 1,
            "done": done,
            "in_progress": tasks["status"] == "in_progress",
            "not_started": tasks["status"] == "not_started",
            "overdue": tasks["is_overdue"],
            "done_on_time": done & (tasks["completed_on"] <= tasks["due"]),
            "done_dated": done & tasks["completed_on"].notna() & tasks["due"].notna(),
        }
    ).astype("int64")
    return pd.concat([tasks[by], flags], axis=1).groupby(by, observed=True, dropna=False).sum().reset_index()


def _rates(counts: pd.DataFrame) -> pd.DataFrame:
    counts["completion_pct"] = share_pct(counts["done"], counts["assigned"])
    counts["on_time_pct"] = share_pct(counts["done_on_time"], counts["done_dated"])
    # n ≈ 100 tasks per unit: the same Wilson interval the filing rates carry (exactly 0 / 100 at the edges)
    counts["completion_ci95_low_pct"], counts["completion_ci95_high_pct"] = wilson_pct(
        counts["done"], counts["assigned"]
    )
    return counts


def _dates(tasks: pd.DataFrame, by: list[str], reference: pd.Timestamp, stale_days: int) -> pd.DataFrame:
    """Per group: the latest and earliest report date it mixes, how many units report, how many are stale."""
    unit_date = tasks.groupby(["province_code", *[c for c in by if c not in UNIT]], observed=True, dropna=False)[
        "as_of"
    ].transform("max")
    stale = unit_date < reference - pd.Timedelta(days=stale_days)
    frame = tasks[by].assign(
        as_of=tasks["as_of"], _unit=tasks["province_code"], _stale=tasks["province_code"].where(stale)
    )
    dates = (
        frame.groupby(by, observed=True, dropna=False)
        .agg(
            as_of=("as_of", "max"),
            as_of_earliest=("as_of", "min"),
            units=("_unit", "nunique"),
            stale_units=("_stale", "nunique"),
        )
        .reset_index()
    )
    dates["is_stale"] = dates["stale_units"] > 0
    return dates


def completion(
    tasks: pd.DataFrame,
    by: list[str] | None = None,
    *,
    national: bool = True,
    reference_date: pd.Timestamp | str | None = None,
    stale_days: int = STALE_DAYS,
) -> pd.DataFrame:
    """Return assigned / done / overdue counts and completion_pct, on_time_pct per group, plus a national row.

    `tasks` is usually one snapshot (see `at_snapshot`). The national row sums counts across provinces:
    it is Σ done / Σ assigned, never a mean of province rates.

    Unless `as_of` is itself a grouping column, each row carries its own report dates: `as_of` (the
    latest report it uses) and `as_of_earliest` (the earliest; the two differ only on rows that mix
    units, such as the national row), `units` (how many units it sums), `stale_units` (how many of
    those last reported more than `stale_days` before `reference_date`, default the latest report in
    `tasks`) and `is_stale` (any of them is).

    Rows grouped by unit also carry the completion funnel (`funnel.with_funnel`, columns `completion_…`):
    done/assigned against the rest of the country with limits widened by φ, verdict `completion_vs_rest`
    at 99.8 % ('higher' / 'lower' / 'similar'; NA on the national row).
    """
    by = by or ["province_code", "province_name", "programme"]
    table = _rates(_counts(tasks, by))
    dated = "as_of" in tasks.columns and "as_of" not in by and "province_code" in by and len(tasks)
    if dated:
        reference = pd.Timestamp(reference_date) if reference_date is not None else tasks["as_of"].max()
        table = table.merge(_dates(tasks, by, reference, stale_days), on=by, how="left")
    if national and "province_code" in by:
        rest = [c for c in by if c not in UNIT]
        everyone = tasks.assign(_all=1)
        total = _counts(tasks, rest) if rest else _counts(everyone, ["_all"]).drop(columns="_all")
        if dated:
            whole = _dates(everyone.assign(province_name=NATIONAL_NAME["vi"]), ["_all", *rest], reference, stale_days)
            total = (
                total.merge(whole.drop(columns="_all"), on=rest, how="left")
                if rest
                else total.assign(**whole.drop(columns="_all").iloc[0].to_dict())
            )
        total = _rates(total.assign(province_code=NATIONAL_CODE, province_name=NATIONAL_NAME["vi"]))
        table = pd.concat([table, total[table.columns]], ignore_index=True)
    if "province_code" in by and "as_of" not in by:
        # the verdict against the rest of the country: the same overdispersion-adjusted funnel as online filing,
        # among the units of each group of the other columns (a programme, a task group)
        table = with_funnel(table, "done", "assigned", "completion", [c for c in by if c not in UNIT])
    return table


def overdue_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """Return the overdue tasks of a snapshot with days_overdue (NA when only the label said so), longest first."""
    late = tasks[tasks["is_overdue"]].copy()
    days = (late["as_of"] - late["due"]).dt.days.astype("Int64")
    late["days_overdue"] = days.where(days > 0)  # a task labelled 'Quá hạn' before its due date: NA, never −92
    columns = [
        "province_code",
        "province_name",
        "programme",
        "task_id",
        "title",
        "group",
        "status",
        "due",
        "as_of",
        "days_overdue",
        "difficulty",
    ]
    return late[columns].sort_values(["days_overdue", "task_id"], ascending=[False, True], na_position="last")
