"""Series across the 2025 merger (DESIGN §4.5): old-province figures roll up to their 2025 unit by
summing numerators and denominators; a rate published without counts cannot be rolled up."""

from __future__ import annotations

import pandas as pd

from dtanalysis.analysis.stats import share_pct
from dtanalysis.inputs import reference

MERGER_DATE = pd.Timestamp(reference.MERGER_DATE)  # the break every merger-spanning chart marks
UNIT = ["province_code", "province_name"]
PERIOD = ["period", "period_start", "period_end", "period_freq"]


def old_units_per_unit() -> pd.Series:
    """Return, per 2025 unit code, how many of the 63 old provinces it absorbed."""
    return reference.crosswalk().groupby("new_code").size()


def roll_up(frame: pd.DataFrame, counts: list[str], keys: list[str]) -> pd.DataFrame:
    """Return counts summed per 2025 unit and `keys`, with old_units (how many old provinces were summed),
    old_units_expected and is_complete (every old province of the unit reported)."""
    grouped = frame.groupby(UNIT + keys, observed=True, dropna=False)
    table = grouped[counts].sum(min_count=1)
    # a count some contributing rows give and others leave blank has no total: NA, never a partial sum
    gaps = frame[counts].isna().groupby([frame[k] for k in UNIT + keys], observed=True, dropna=False).any()
    present = frame[counts].notna().groupby([frame[k] for k in UNIT + keys], observed=True, dropna=False).any()
    partial = gaps & present
    table = table.mask(partial)
    table["old_units"] = grouped["old_province_code"].nunique()
    table["has_partial_counts"] = partial.any(axis=1)
    table = table.reset_index()
    is_pre = table["period_start"] < MERGER_DATE if "period_start" in table else table["old_units"] > 0
    expected = table["province_code"].map(old_units_per_unit()).astype("Int64")
    table["old_units_expected"] = expected.where(is_pre, 0)
    table["is_complete"] = ((table["old_units"] == table["old_units_expected"]) | ~is_pre) & ~table.pop(
        "has_partial_counts"
    )
    return table


def harmonise_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """Return indicators on the 34-unit geography: pre-merger counts summed per 2025 unit and the share
    recomputed; a pre-merger value without counts is kept only where the unit absorbed no other province,
    otherwise value is NA and harmonisable is False."""
    keys = ["indicator", "unit", *PERIOD]
    has_counts = indicators["numerator"].notna() & indicators["denominator"].notna()
    with_counts = roll_up(indicators[has_counts], ["numerator", "denominator"], keys)
    with_counts["value"] = share_pct(with_counts["numerator"], with_counts["denominator"]).round(2)
    with_counts["value"] = with_counts["value"].where(with_counts["unit"] == "pct")
    without = indicators[~has_counts]
    single = (
        without.groupby(UNIT + keys, observed=True, dropna=False)
        .agg(value=("value", "first"), old_units=("old_province_code", "nunique"), rows=("value", "size"))
        .reset_index()
    )
    absorbed = single["province_code"].map(old_units_per_unit()).fillna(1)
    is_pre = single["period_start"] < MERGER_DATE
    can_carry = ~is_pre | ((absorbed == 1) & (single["rows"] == 1))
    single["value"] = single["value"].where(can_carry)
    single["harmonisable"] = can_carry
    single["old_units_expected"] = absorbed.astype("Int64").where(is_pre, 0)
    single["is_complete"] = can_carry
    with_counts["harmonisable"] = True
    columns = (
        UNIT
        + keys
        + ["numerator", "denominator", "value", "harmonisable", "old_units", "old_units_expected", "is_complete"]
    )
    return pd.concat([with_counts.reindex(columns=columns), single.reindex(columns=columns)], ignore_index=True)
