"""Is a unit's monthly online-filing rate rising or falling? A Mann–Kendall test with Sen's slope.

The test uses only the order of the monthly rates, so the millions of dossiers behind each rate (and the
overdispersion between months) cannot make a wobble look significant. References: Mann H B (1945),
"Nonparametric tests against trend", Econometrica 13:245; Kendall M G (1975), Rank Correlation Methods;
Sen P K (1968), "Estimates of the regression coefficient based on Kendall's tau", JASA 63:1379.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

TREND_MONTHS = 12  # the test looks at the last twelve complete months
MIN_POINTS = 5  # below this, no test is reported
ALPHA = 0.05


def mann_kendall(values: list[float] | np.ndarray, times: list[float] | np.ndarray | None = None) -> dict:
    """Return the Mann–Kendall S, its variance (tie-corrected), z (continuity-corrected), the two-sided p
    value and Sen's slope (median of pairwise slopes, per unit of `times`, default 0, 1, 2, ...)."""
    x = np.asarray(values, dtype="float64")
    t = np.arange(len(x), dtype="float64") if times is None else np.asarray(times, dtype="float64")
    n = len(x)
    i, j = np.triu_indices(n, k=1)
    s = float(np.sign(x[j] - x[i]).sum())
    _, ties = np.unique(x, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - float((ties * (ties - 1) * (2 * ties + 5)).sum())) / 18
    z = 0.0 if s == 0 or var <= 0 else (s - math.copysign(1, s)) / math.sqrt(var)
    p = 2 * (1 - NormalDist().cdf(abs(z))) if var > 0 else 1.0
    slope = float(np.median((x[j] - x[i]) / (t[j] - t[i]))) if n > 1 else float("nan")
    return {"n": n, "s": s, "var_s": var, "z": z, "p_value": p, "sen_slope": slope}


def recent_trend(
    monthly: pd.DataFrame,
    code: str,
    *,
    rate: str = "online_pct",
    months: int = TREND_MONTHS,
    alpha: float = ALPHA,
    as_of=None,
) -> dict:
    """Return the trend of one unit's monthly `rate` over its last `months` complete months (from
    `filing.monthly_rates`): months, first and last period, Sen's slope in points a month, p, and
    `trend`: 'rising' / 'falling' (p < alpha) / 'no clear trend' / 'too few months'. Only months ending
    on or before `as_of` count, when it is given."""
    rows = monthly[(monthly["province_code"] == code) & (monthly["period_freq"] == "M") & monthly[rate].notna()]
    if as_of is not None:  # months that ended by the report date
        rows = rows[rows["period_end"] <= pd.Timestamp(as_of)]
    if "is_complete" in rows:  # a month missing a former province's counts is not a point of the series
        rows = rows[rows["is_complete"].fillna(False).astype(bool)]
    rows = rows.sort_values("period_start").tail(months)
    out = {"months": len(rows), "first": None, "last": None, "sen_slope": float("nan"), "p_value": float("nan")}
    if len(rows) < MIN_POINTS:
        return out | {"trend": "too few months"}
    start = rows["period_start"]
    times = (start.dt.year * 12 + start.dt.month).to_numpy()  # month numbers, so a gap counts as a gap
    result = mann_kendall(rows[rate].astype("float64").to_numpy(), times)
    trend = "no clear trend"
    if result["p_value"] < alpha:
        trend = "rising" if result["s"] > 0 else "falling"
    return out | {
        "first": start.iloc[0],
        "last": start.iloc[-1],
        "sen_slope": result["sen_slope"],
        "p_value": result["p_value"],
        "trend": trend,
    }


def trends(monthly: pd.DataFrame, *, rate: str = "online_pct", months: int = TREND_MONTHS, as_of=None) -> pd.DataFrame:
    """Return one row per unit (national '00' included) with the recent trend of its monthly `rate`."""
    rows = []
    for (code, name), _ in monthly.groupby(["province_code", "province_name"], observed=True, sort=True):
        found = recent_trend(monthly, code, rate=rate, months=months, as_of=as_of)
        rows.append(
            {
                "province_code": code,
                "province_name": name,
                "trend_months": found["months"],
                "trend_from": found["first"],
                "trend_to": found["last"],
                "sen_slope_pct_points_per_month": found["sen_slope"],
                "trend_p_value": found["p_value"],
                "trend": found["trend"],
            }
        )
    return pd.DataFrame(rows)
