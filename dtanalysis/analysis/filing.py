"""Online filing (DESIGN §4.3): Σ online / Σ received with Wilson intervals, a verdict against the
national value, monthly trends across the merger, and the gap to a target.

The submitted-online share and the full-process online share are different indicators: a call
computes one `measure` and names its columns after it, so the two are never mixed.
"""

from __future__ import annotations

import pandas as pd

from dtanalysis.analysis.funnel import funnel
from dtanalysis.analysis.merger import PERIOD, UNIT, roll_up
from dtanalysis.analysis.stats import Z95, Z998, compare_to_reference, share_pct, wilson_pct
from dtanalysis.common.errors import ParameterError
from dtanalysis.inputs import reference
from dtanalysis.inputs.reference import NATIONAL_CODE, NATIONAL_NAME

MEASURES = {  # measure → (count column, rate column, catalogue indicator)
    "online": ("dossiers_online", "online_pct", "online_filing_rate"),
    "full": ("dossiers_online_full", "full_online_pct", "full_online_filing_rate"),
}


def _measure(measure: str) -> tuple[str, str, str]:
    if measure not in MEASURES:
        raise ParameterError(f"measure must be one of {sorted(MEASURES)}, not {measure!r}")
    return MEASURES[measure]


def province_level(filings: pd.DataFrame) -> pd.DataFrame:
    """Return one row per unit and period: province-level rows, or the sum of commune rows where a
    province reported only per commune; old provinces are rolled up to their 2025 unit."""
    counts = ["dossiers_total", "dossiers_online", "dossiers_online_full"]
    level = filings["level"].fillna("province")
    provincial = roll_up(filings[level == "province"], counts, PERIOD)
    communes = roll_up(filings[level == "commune"], counts, PERIOD)
    seen = pd.MultiIndex.from_frame(provincial[["province_code", "period"]])
    extra = communes[~pd.MultiIndex.from_frame(communes[["province_code", "period"]]).isin(seen)]
    return pd.concat([provincial, extra], ignore_index=True).sort_values(
        ["province_code", "period_start"], ignore_index=True
    )


def _levelled(filings: pd.DataFrame) -> pd.DataFrame:
    """Return `province_level(filings)`, or `filings` itself when it already is that (a caller computing several
    rates from one frame rolls it up once and passes the result; a table with national rows is neither)."""
    if "level" in filings.columns or "old_units_expected" not in filings.columns:
        return province_level(filings)
    if (filings["province_code"] == NATIONAL_CODE).any():
        raise ParameterError("pass the filings (or province_level(filings)), not a table with national rows")
    return filings


def target_pct(measure: str = "online", override: float | None = None) -> float | None:
    """Return the target share for a measure: `override` if given, else the catalogue's, else None."""
    if override is not None:
        return float(override)
    target = reference.indicator_catalogue().loc[_measure(measure)[2], "target"]
    return None if pd.isna(target) else float(target)


def _with_intervals(table: pd.DataFrame, count: str, rate: str) -> pd.DataFrame:
    table[rate] = share_pct(table[count], table["dossiers_total"])
    table["ci95_low_pct"], table["ci95_high_pct"] = wilson_pct(table[count], table["dossiers_total"], Z95)
    table["ci998_low_pct"], table["ci998_high_pct"] = wilson_pct(table[count], table["dossiers_total"], Z998)
    return table


RECENT_MONTHS = 3  # the window of the headline rate and the ranking: the last three months up to the report date


def recent_window(table: pd.DataFrame, as_of=None, months: int = RECENT_MONTHS) -> tuple[str, str]:
    """Return the first and last day (ISO) of the last `months` whole months of data ending on or before
    `as_of`, from a frame with `period_freq` and `period_end` (the filings, or their monthly rates)."""
    monthly = table[table["period_freq"] == "M"]
    if as_of is not None:
        monthly = monthly[monthly["period_end"] <= pd.Timestamp(as_of)]
    last = monthly["period_end"].max() if len(monthly) else table["period_end"].max()
    first = (last - pd.offsets.MonthBegin(months)).normalize()
    return first.date().isoformat(), last.date().isoformat()


def _window(table: pd.DataFrame, start: str | None, end: str | None) -> pd.DataFrame:
    if start is not None:
        table = table[table["period_start"] >= pd.Timestamp(start)]
    if end is not None:
        table = table[table["period_end"] <= pd.Timestamp(end)]
    return table


def online_rates(
    filings: pd.DataFrame,
    *,
    measure: str = "online",
    start: str | None = None,
    end: str | None = None,
    target: float | None = None,
) -> pd.DataFrame:
    """Return per 2025 unit plus a national row (from the filings as loaded, or `province_level(filings)`):
    dossiers_total, the measure's count and rate, 95 % and 99.8 % Wilson intervals, `vs_national`
    (higher/lower/similar, unadjusted Wilson test against the national rate), the overdispersion-adjusted funnel
    against the rest of the country (`funnel.funnel`: comparator_pct, z_score, dispersion, funnel limits,
    `vs_rest` at 99.8 % — the verdict packs use — and `vs_rest_95`) and the gap to the target in points."""
    count, rate, _ = _measure(measure)
    monthly = _window(_levelled(filings), start, end)
    monthly = monthly[monthly[count].notna()]
    table = (
        monthly.groupby(UNIT, observed=True)
        .agg(
            dossiers_total=("dossiers_total", "sum"),
            **{count: (count, "sum")},
            period_from=("period_start", "min"),
            period_to=("period_end", "max"),
            periods=("period", "nunique"),
        )
        .reset_index()
    )
    national = pd.DataFrame(
        [
            {
                "province_code": NATIONAL_CODE,
                "province_name": NATIONAL_NAME["vi"],
                "dossiers_total": table["dossiers_total"].sum(),
                count: table[count].sum(),
                "period_from": table["period_from"].min(),
                "period_to": table["period_to"].max(),
                "periods": monthly["period"].nunique(),
            }
        ]
    )
    table = _with_intervals(pd.concat([table, national], ignore_index=True), count, rate)
    national_pct = float(table[rate].iloc[-1]) if len(table) and pd.notna(table[rate].iloc[-1]) else float("nan")
    table["vs_national"] = compare_to_reference(table["ci95_low_pct"], table["ci95_high_pct"], national_pct)
    table.loc[table["province_code"] == NATIONAL_CODE, "vs_national"] = pd.NA
    units = table["province_code"] != NATIONAL_CODE
    adjusted = funnel(table.loc[units, count], table.loc[units, "dossiers_total"])
    table = table.join(adjusted.reindex(table.index))
    goal = target_pct(measure, target)
    table["target_pct"] = goal
    table["gap_to_target_pct_points"] = (table[rate] - goal) if goal is not None else pd.NA
    return table


def monthly_rates(
    filings: pd.DataFrame, *, measure: str = "online", start: str | None = None, end: str | None = None
) -> pd.DataFrame:
    """Return the trend (from the filings as loaded, or `province_level(filings)`): one row per 2025 unit and
    period plus national rows ('00'), with the rate, its 95 % interval, the national rate of the same period and
    the verdict against it."""
    count, rate, _ = _measure(measure)
    monthly = _window(_levelled(filings), start, end)
    monthly = monthly[monthly[count].notna()]
    national = monthly.groupby(PERIOD, observed=True)[["dossiers_total", count]].sum().reset_index()
    national = national.assign(
        province_code=NATIONAL_CODE,
        province_name=NATIONAL_NAME["vi"],
        old_units=0,
        old_units_expected=0,
        is_complete=True,
    )
    table = pd.concat([monthly, national.reindex(columns=monthly.columns)], ignore_index=True)
    table = _with_intervals(table, count, rate)
    national_rate = table[table["province_code"] == NATIONAL_CODE].set_index("period")[rate]
    table["national_pct"] = table["period"].map(national_rate).astype("Float64")
    verdict = compare_to_reference(table["ci95_low_pct"], table["ci95_high_pct"], table["national_pct"])
    table["vs_national"] = verdict.where(table["province_code"] != NATIONAL_CODE)
    return table.sort_values(["province_code", "period_start"], ignore_index=True)
