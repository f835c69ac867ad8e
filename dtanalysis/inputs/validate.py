"""Rules that span columns and rows (duplicates, numerator ≤ denominator, dates in order), declared as data.

Each rule has its own message and fix. Every rule runs over the whole typed table (none stops at the first
failure), so every failing row is collected; the failures come back as Problems naming the file and row the
user sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dtanalysis.common.errors import Problem
from dtanalysis.inputs.reference import MERGER_DATE
from dtanalysis.inputs.schema import DATASETS


@dataclass(frozen=True)
class Rule:
    """A check on a typed table: `fails(table, today)` is True on the rows that break it."""

    name: str
    dataset: str
    column: str
    message: str
    fix: str
    fails: Callable[[pd.DataFrame, pd.Timestamp], pd.Series]
    severity: str = "error"


def _as_keys(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return the key columns as text with NA as '' (dates and text kept as they are: the same rows compare equal)."""
    columns = {}
    for key in keys:
        column = table[key]
        if pd.api.types.is_datetime64_any_dtype(column.dtype) or isinstance(column.dtype, pd.CategoricalDtype):
            # NaT equals NaT and a missing category a missing one, as '' equals '' (no category is ''):
            # formatting a million dates or codes changes nothing
            columns[key] = column
        elif isinstance(column.dtype, pd.StringDtype):
            columns[key] = column.fillna("")
        else:
            columns[key] = column.astype("string").fillna("")
    return pd.DataFrame(columns, index=table.index)


def _duplicated(keys: list[str]) -> Callable[[pd.DataFrame, pd.Timestamp], pd.Series]:
    def fails(table: pd.DataFrame, today: pd.Timestamp) -> pd.Series:
        present = [k for k in keys if k in table]
        frame = _as_keys(table, present)
        resolved = table[keys[0]].notna()
        if "province_code" in table:  # an unknown province has no code: its own error, not a duplicate of another
            resolved &= (
                table["province_code"].notna() | table.get("old_province_code", pd.Series(pd.NA, table.index)).notna()
            )
        return frame.duplicated(keep="first") & resolved

    return fails


def _above(left: str, right: str) -> Callable[[pd.DataFrame, pd.Timestamp], pd.Series]:
    return lambda t, today: (t[left] > t[right]).fillna(False)


def _share_off_its_counts(t: pd.DataFrame, today: pd.Timestamp) -> pd.Series:
    """True where a share (unit pct) is written beside its counts and is not 100 × numerator ÷ denominator, to
    the decimals it is written with but never finer than two (a value rounded to 62 beside 62.13 % of the counts
    is not flagged, nor a DECIMAL(10,4) '31.0900' or a float32 31.09000015 beside 31.0899 %)."""
    computed = 100 * t["numerator"].astype("float64") / t["denominator"].astype("float64")
    written = t["value"].astype("float64")
    text = t["value_text"] if "value_text" in t else pd.Series("", index=t.index, dtype="string")
    decimals = text.astype("string").str.extract(r"[.,](\d+)\s*%?$", expand=False).str.len().fillna(0)
    tolerance = 0.5 * 10.0 ** -decimals.astype("float64").clip(upper=2) + 1e-9
    off = (written - computed).abs() > tolerance
    return ((t["unit"] == "pct") & (t["denominator"] > 0) & off).fillna(False).astype(bool)


def _negative(column: str) -> Callable[[pd.DataFrame, pd.Timestamp], pd.Series]:
    return lambda t, today: (t[column] < 0).fillna(False)


RULES: tuple[Rule, ...] = (
    Rule(
        "duplicate_task",
        "tasks",
        "task_id",
        "this task_id appears twice for the same province, programme and report date",
        "give each task its own id, or remove the repeated row",
        _duplicated(["task_id", "province_code", "old_province_code", "programme", "as_of"]),
    ),
    Rule(
        "completed_after_report",
        "tasks",
        "completed_on",
        "the task was completed after the report date (as_of)",
        "check the completion date and the report date; a task cannot be done after the date it was reported",
        _above("completed_on", "as_of"),
    ),
    Rule(
        "report_in_future",
        "tasks",
        "as_of",
        "the report date is in the future",
        "check the year and the day/month order (dates are read day/month/year)",
        lambda t, today: (t["as_of"] > today).fillna(False),
    ),
    Rule(
        "done_without_date",
        "tasks",
        "completed_on",
        "the task is done but has no completion date",
        "fill in 'completed_on' (Ngày hoàn thành) so on-time rates can count it",
        lambda t, today: ((t["status"] == "done") & t["completed_on"].isna()).fillna(False),
        "warning",
    ),
    Rule(
        "dated_but_not_done",
        "tasks",
        "completed_on",
        "the task has a completion date but its status says it is not done; it is counted as not done",
        "if it is done, set the status to 'Đã hoàn thành'; if not, clear 'completed_on' (Ngày hoàn thành)",
        lambda t, today: ((t["status"] != "done") & t["completed_on"].notna()).fillna(False),
        "warning",
    ),
    Rule(
        "online_above_total",
        "filings",
        "dossiers_online",
        "more dossiers received online than received in total",
        "check both counts: dossiers_online is part of dossiers_total",
        _above("dossiers_online", "dossiers_total"),
    ),
    Rule(
        "full_above_total",
        "filings",
        "dossiers_online_full",
        "more dossiers handled fully online than received in total",
        "check both counts: dossiers_online_full is part of dossiers_total",
        _above("dossiers_online_full", "dossiers_total"),
    ),
    Rule(
        "full_above_online",
        "filings",
        "dossiers_online_full",
        "more dossiers handled fully online than received online",
        "check the columns are not swapped: full-process online dossiers are also submitted online",
        _above("dossiers_online_full", "dossiers_online"),
        "warning",
    ),
    Rule(
        "filing_in_future",
        "filings",
        "period",
        "the period has not started yet",
        "check the year and month of the period",
        lambda t, today: (t["period_start"] > today).fillna(False),
    ),
    Rule(
        "duplicate_filing",
        "filings",
        "period",
        "this province (or commune) and period appear twice",
        "keep one row per unit and period, or sum them into one",
        _duplicated(["period", "province_code", "old_province_code", "commune", "old_commune_code", "level"]),
    ),
    Rule(
        "numerator_above_denominator",
        "indicators",
        "numerator",
        "the numerator is larger than the denominator of a share",
        "check the two counts are not swapped and belong to the same indicator",
        lambda t, today: ((t["unit"] == "pct") & (t["numerator"] > t["denominator"])).fillna(False),
    ),
    Rule(
        "share_out_of_range",
        "indicators",
        "value",
        "a percentage must lie between 0 and 100",
        "write the share in percent (85.38, not 0.8538 or 8538)",
        lambda t, today: ((t["unit"] == "pct") & ((t["value"] > 100) | (t["value"] < 0))).fillna(False),
    ),
    Rule(
        "share_off_its_counts",
        "indicators",
        "value",
        "the share written is not numerator ÷ denominator × 100; the packs use the share of the counts",
        "check the value and the two counts: a share written as a fraction (0.8538 for 85.38 %), a typo or "
        "counts of another period; or leave the value empty",
        _share_off_its_counts,
        "warning",
    ),
    Rule(
        "indicator_in_future",
        "indicators",
        "period",
        "the period has not started yet",
        "check the year of the period",
        lambda t, today: (t["period_start"] > today).fillna(False),
    ),
    Rule(
        "duplicate_indicator",
        "indicators",
        "indicator",
        "this indicator, province and period appear twice",
        "keep one row per indicator, province and period",
        _duplicated(["indicator", "province_code", "old_province_code", "period"]),
    ),
    Rule(
        "difficulty_in_future",
        "difficulties",
        "reported_on",
        "the report date is in the future",
        "check the year and the day/month order (dates are read day/month/year)",
        lambda t, today: (t["reported_on"] > today).fillna(False),
    ),
)


# Every count column of the schema gets the same rule: derived from the declaration, not written per column.
RULES += tuple(
    Rule(
        f"negative_{f.name}",
        dataset.name,
        f.name,
        "a count cannot be negative",
        "write the count (0 or more)",
        _negative(f.name),
    )
    for dataset in DATASETS.values()
    for f in dataset.fields
    if f.kind == "count"
)


def _first_rows(table: pd.DataFrame, rule: Rule, failing: pd.Index) -> dict[int, str]:
    """For duplicate rules: where each repeated row's first occurrence is, as 'file row N'."""
    keys = [
        c
        for c in table.columns
        if c
        in (
            "task_id",
            "province_code",
            "old_province_code",
            "programme",
            "as_of",
            "period",
            "commune",
            "old_commune_code",
            "level",
            "indicator",
        )
    ]
    frame = _as_keys(table, keys)
    first = frame.reset_index().groupby(keys, sort=False, dropna=False)["index"].transform("first")
    first.index = table.index
    return {i: f"{table.at[first[i], 'source_file']} row {table.at[first[i], 'source_row']}" for i in failing}


# Rows whose periods must not overlap: the same unit and measure counted for a month and for a quarter
# (or half-year, year, date range) holding it would be summed twice.
OVERLAP_KEYS = {
    "filings": [
        "province_code",
        "old_province_code",
        "commune",
        "old_commune_code",
        "level",
    ],  # two old communes may share a name
    "indicators": ["indicator", "province_code", "old_province_code"],
}


def _mixed_frequencies(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Return, per row, whether its unit has periods of more than one frequency or any of single days (only
    then can two of its periods overlap). Vectorised: a Python function per unit took a quarter of a load."""
    daily = (frame["freq"] == "D").fillna(False).astype(bool)
    groups = frame.assign(_daily=daily.to_numpy()).groupby(keys, dropna=False)
    several = groups["freq"].transform("nunique").to_numpy() > 1
    return several | groups["_daily"].transform("any").to_numpy(dtype=bool)


def check_overlaps(dataset: str, table: pd.DataFrame) -> list[Problem]:
    """Return an error for every row whose period overlaps another row's (not the same) period for the same unit."""
    keys = [k for k in OVERLAP_KEYS.get(dataset, []) if k in table]
    if not keys or table.empty or "period_start" not in table:
        return []
    frame = _as_keys(table, keys).reset_index(drop=True)
    frame["start"], frame["end"] = table["period_start"].to_numpy(), table["period_end"].to_numpy()
    frame["freq"], frame["label"] = table["period_freq"].to_numpy(), table["period"].to_numpy()
    frame = frame.dropna(subset=["start", "end"])
    frame = frame[_mixed_frequencies(frame, [k for k in keys if k != "old_province_code"])]
    if frame.empty:
        return []
    frame = frame.reset_index(names="position")
    # a row of an old province (before the merger) overlaps a row of its whole 2025 unit, not one of its sister
    join = [k for k in keys if k != "old_province_code"]
    pairs = frame.merge(frame, on=join, suffixes=("", "_other"))
    if "old_province_code" in keys:
        old, other = pairs["old_province_code"], pairs["old_province_code_other"]
        pairs = pairs[(old == other) | (old == "") | (other == "")]
    overlapping = pairs[
        (pairs["start"] <= pairs["end_other"])
        & (pairs["start_other"] <= pairs["end"])
        & (pairs["label"] != pairs["label_other"])  # the same period twice is the duplicate rules' business
        & (
            ((pairs["end"] - pairs["start"]) > (pairs["end_other"] - pairs["start_other"]))  # report on the longer one
            | (
                ((pairs["end"] - pairs["start"]) == (pairs["end_other"] - pairs["start_other"]))
                & (pairs["position"] > pairs["position_other"])  # or, of two as long, the later row
            )
        )
    ]
    problems = []
    rows = table.reset_index(drop=True)
    for position, group in overlapping.groupby("position", sort=True):
        other = int(group["position_other"].min())
        labels = ", ".join(dict.fromkeys(str(v) for v in group["label_other"]))
        problems.append(
            Problem(
                rows.at[position, "source_file"],
                int(rows.at[position, "source_row"]),
                "period",
                str(rows.at[position, "period"]),
                f"this period overlaps {labels} for the same unit (first at {rows.at[other, 'source_file']} "
                f"row {rows.at[other, 'source_row']}): the counts would be summed twice",
                "keep either the months or the quarter (half-year, year) that holds them, not both",
            )
        )
    return problems


def check_parts(dataset: str, table: pd.DataFrame) -> list[Problem]:
    """Return a warning for each part of a merged unit that, after the merger, reported its tasks apart from the
    unit's latest report: rows written under an old province's name (Hà Giang, now in Tuyên Quang) on one date
    and the unit's on another. The snapshot sums each part's latest report (`completion.at_snapshot`), which is
    right only if the parts are separate registers; the warning names what was combined so an analyst can check."""
    if dataset != "tasks" or "written_as" not in table or not table["written_as"].notna().any():
        return []
    after = table[(table["as_of"] >= pd.Timestamp(MERGER_DATE)).fillna(False).to_numpy(dtype=bool)]
    part = after["written_as"].astype("string").fillna(after["province_name"].astype("string"))
    keys = [after["province_code"], after["programme"], part.rename("part")]
    latest = after.groupby(keys, observed=True, dropna=False)["as_of"].transform("max")
    unit_latest = after.groupby(keys[:2], observed=True)["as_of"].transform("max")
    reports = after[(after["as_of"] == latest) & (latest < unit_latest)]
    problems = []
    for (name, date), rows in reports.groupby([part, reports["as_of"]], sort=False, observed=True):
        first = rows.iloc[0]
        later = after[(after["province_code"] == first["province_code"]) & (after["as_of"] == unit_latest)]
        others = ", ".join(dict.fromkeys(part[later.index].tolist()))
        problems.append(
            Problem(
                first["source_file"],
                int(first["source_row"]),
                "province",
                name,
                f"after the merger {len(rows)} tasks of {first['province_name']} are reported under '{name}' on "
                f"{date.date().isoformat()}, and its latest report (under '{others}') is of "
                f"{unit_latest[rows.index[0]].date().isoformat()}: the unit is counted from each part's latest "
                "report (a task listed in both from the later one)",
                f"report the whole of {first['province_name']} on one date, or check that these rows are a part "
                "the later report does not cover",
                "warning",
            )
        )
    return problems


def check_rules(dataset: str, table: pd.DataFrame, today: dt.date) -> list[Problem]:
    """Return a Problem for every row of `table` that breaks one of the dataset's rules."""
    rules = [r for r in RULES if r.dataset == dataset and r.column in table]
    if table.empty:
        return []
    return check_overlaps(dataset, table) + check_parts(dataset, table) + _check_declared(rules, table, today)


def _check_declared(rules: list[Rule], table: pd.DataFrame, today: dt.date) -> list[Problem]:
    """Return a Problem for every row that breaks one of `rules`, rule by rule, rows in table order.

    Each rule's `fails` runs once over the whole table (a boolean mask, no copy of the table). These rules
    were once run through pandera's lazy DataFrameSchema checks, which added 0.4 s of import and a long-format
    table of every failing cell to each load while reporting exactly these rows.
    """
    if not rules:
        return []
    frame = table.reset_index(drop=True)
    now = pd.Timestamp(today)
    problems = []
    for rule in rules:
        failing = rule.fails(frame, now)
        if not isinstance(failing, pd.Series) or not failing.index.equals(frame.index):
            raise TypeError(f"rule {rule.name!r} must return a boolean Series on the table's rows")
        mask = failing.to_numpy(dtype=bool)  # raises on a missing value: a rule says True or False per row
        if not mask.any():
            continue
        rows = pd.Index(np.flatnonzero(mask))
        firsts = _first_rows(frame, rule, rows) if rule.name.startswith("duplicate") else {}
        for i in rows:
            message = rule.message + (f" (first at {firsts[i]})" if i in firsts else "")
            value = frame.at[i, rule.column]
            problems.append(
                Problem(
                    frame.at[i, "source_file"],
                    int(frame.at[i, "source_row"]),
                    rule.column,
                    _display(value),
                    message,
                    rule.fix,
                    rule.severity,
                )
            )
    return problems


def _display(value: object) -> object:
    if value is pd.NA or value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value.item() if hasattr(value, "item") else value


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Return problems ordered by file, then row, errors before warnings within a row."""
    return sorted(problems, key=lambda p: (p.file, p.row if p.row is not None else -1, p.severity != "error"))
