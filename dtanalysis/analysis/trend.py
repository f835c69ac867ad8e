"""Is a unit's monthly online-filing rate improving or worsening? The recent-trend test of Fingertips
(OHID, formerly Public Health England): a chi-square test for linear trend in proportions over the last
five points, here with an allowance for overdispersion, at the 99.8 % level.

References: Armitage P (1955), "Tests for linear trends in proportions and frequencies", Biometrics 11:375
(the statistic and the partition of the heterogeneity chi-square into trend and departure from it);
OHID, Fingertips Public Health Technical Guidance, "Trend markers"
(https://fingertips.phe.org.uk/static-reports/public-health-technical-guidance/Presentation/Trend_markers.html)
and its implementation (ukhsa-collaboration/fingertips-open, TrendMarkerCalculator: five most recent points,
times 1–5, χ² > 9.5495, i.e. the 99.8 % point of χ² on 1 df, and a significant trend is reported only when
leaving out any one point keeps the slope's sign); Spiegelhalter D J (2005), "Funnel plots for comparing
institutional performance", Stat Med 24:1185 (scaling a test by the estimated dispersion φ when φ > 1).

Choices where the guide is silent (Fingertips tests yearly points and, in the code we read, does not
adjust for overdispersion, which the monthly rates of millions of dossiers need):
- dispersion φ = the departure-from-linear-trend χ² over its k − 2 = 3 degrees of freedom, used only when
  φ > 1; the trend statistic is divided by φ before it is compared with 9.5495;
- the points are the five most recent *complete, consecutive* calendar months ending by the report date;
  a month missing its counts or incomplete (a former province not reported) is skipped with a note and
  breaks the run, so a trend never spans a hole; the national series is complete in a month only when
  every unit's month is;
- the descriptive change per month is Sen's slope (median of pairwise slopes) of the five rates.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dtanalysis.inputs.reference import NATIONAL_CODE

POINTS = 5  # the Fingertips recent trend: the five most recent points
CHI2_998 = 9.54953570608324  # χ² on 1 df at 99.8 % (Fingertips' ChiSquareConfidence)
HIGHER_IS_BETTER = True  # polarity of the online-filing rate: a rising share is an improvement
NOT_ENOUGH = "not enough data"
NO_CHANGE = "no significant change"
IMPROVING, WORSENING = "improving", "worsening"


def chi_square_trend(successes, trials, times=None) -> dict:
    """Return the chi-square test for linear trend in the proportions successes/trials over `times`
    (default 1, 2, ...): the trend statistic (1 df), the heterogeneity statistic (k − 1 df), the departure
    from linear trend (their difference, k − 2 df), the dispersion φ = max(1, departure / (k − 2)), the
    adjusted statistic trend / φ, its p value, and the sign of the trend (+1 rising, −1 falling, 0 none)."""
    r = np.asarray(successes, dtype="float64")
    n = np.asarray(trials, dtype="float64")
    t = np.arange(1, len(r) + 1, dtype="float64") if times is None else np.asarray(times, dtype="float64")
    big_n, big_r = n.sum(), r.sum()
    p = big_r / big_n
    score = (r - n * p) @ t  # Σ t (r − n p̄) = (N Σ r t − R Σ n t) / N
    spread = (n * t * t).sum() - (n * t).sum() ** 2 / big_n
    variance = p * (1 - p)
    if variance <= 0 or spread <= 0:  # all 0 % or all 100 %, or a single time: nothing can trend
        trend = total = 0.0
    else:
        trend = score**2 / (variance * spread)
        total = float((((r - n * p) ** 2) / (n * variance)).sum())
    free = len(r) - 2
    departure = max(total - trend, 0.0)
    phi = max(1.0, departure / free) if free > 0 else 1.0
    adjusted = trend / phi
    return {
        "chi2_trend": float(trend),
        "chi2_heterogeneity": float(total),
        "chi2_departure": float(departure),
        "dispersion": float(phi),
        "chi2_adjusted": float(adjusted),
        "p_value": math.erfc(math.sqrt(adjusted / 2)),  # upper tail of χ² on 1 df
        "sign": int(np.sign(round(float(score), 9))),
    }


def sen_slope(values, times) -> float:
    """Return Sen's slope: the median of the pairwise slopes (values[j] − values[i]) / (times[j] − times[i])."""
    x, t = np.asarray(values, dtype="float64"), np.asarray(times, dtype="float64")
    if len(x) < 2:
        return float("nan")
    i, j = np.triu_indices(len(x), k=1)
    return float(np.median((x[j] - x[i]) / (t[j] - t[i])))


def _verdict(result: dict, r: np.ndarray, n: np.ndarray) -> tuple[str, bool]:
    """Return the verdict and whether one point alone carries the slope (Fingertips' outlier check)."""
    if result["chi2_adjusted"] <= CHI2_998 or result["sign"] == 0:
        return NO_CHANGE, False
    for left_out in range(len(r)):  # leave each point out in turn, keeping the others' times
        keep = np.arange(len(r)) != left_out
        times = np.arange(1, len(r) + 1)[keep]
        if chi_square_trend(r[keep], n[keep], times)["sign"] != result["sign"]:
            return NO_CHANGE, True
    up = result["sign"] > 0
    return (IMPROVING if up == HIGHER_IS_BETTER else WORSENING), False


def _month_number(start: pd.Series) -> np.ndarray:
    return (start.dt.year * 12 + start.dt.month).to_numpy()


def _points(rows: pd.DataFrame, points: int) -> tuple[pd.DataFrame, list[pd.Timestamp]]:
    """Return the most recent run of `points` consecutive complete months, and the months skipped on the way
    back to it (incomplete, or missing from the series)."""
    rows = rows.sort_values("period_start")
    months = _month_number(rows["period_start"])
    complete = rows["is_complete"].to_numpy(dtype=bool)
    skipped: list[pd.Timestamp] = []
    run: list[int] = []  # positions, latest first
    for pos in range(len(rows) - 1, -1, -1):
        later = months[pos + 1] if pos + 1 < len(rows) else None
        if later is not None and later - months[pos] > 1:  # a hole in the series breaks the run
            hole = rows["period_start"].iloc[pos]
            skipped += [hole + pd.DateOffset(months=k) for k in range(1, int(later - months[pos]))]
            run = []
        if not complete[pos]:
            skipped.append(rows["period_start"].iloc[pos])
            run = []
            continue
        run.append(pos)
        if len(run) == points:
            break
    return rows.iloc[sorted(run)], sorted(skipped)


def _complete_national(monthly: pd.DataFrame) -> pd.DataFrame:
    """Mark a national month complete only when every unit of the table has a complete row that month (a unit
    whose month is missing or incomplete leaves the national sum short)."""
    national = monthly["province_code"] == NATIONAL_CODE
    if not national.any() or "is_complete" not in monthly:
        return monthly
    units = monthly[~national]
    expected = units["province_code"].nunique()
    complete = units[units["is_complete"].fillna(False).astype(bool)]
    whole = complete.groupby("period_start")["province_code"].nunique() == expected
    monthly = monthly.copy()
    flags = monthly.loc[national, "period_start"].map(whole).fillna(expected == 0).astype(bool)
    monthly.loc[national, "is_complete"] = flags & monthly.loc[national, "is_complete"].fillna(False).astype(bool)
    return monthly


def recent_trend(
    monthly: pd.DataFrame,
    code: str,
    *,
    count: str = "dossiers_online",
    total: str = "dossiers_total",
    rate: str = "online_pct",
    points: int = POINTS,
    as_of=None,
) -> dict:
    """Return the recent trend of one unit's monthly rate (rows of `filing.monthly_rates`): the months used
    (first, last, number), the chi-square trend statistic, the dispersion, the adjusted statistic, its p
    value, Sen's slope in points a month, the months skipped and `trend`: 'improving' / 'worsening' /
    'no significant change' / 'not enough data'. Only months ending on or before `as_of` count."""
    monthly = _complete_national(monthly) if code == NATIONAL_CODE else monthly
    rows = monthly[(monthly["province_code"] == code) & (monthly["period_freq"] == "M")]
    if as_of is not None:  # months that ended by the report date
        rows = rows[rows["period_end"] <= pd.Timestamp(as_of)]
    counted = rows[count].notna() & rows[total].notna() & (rows[total].astype("float64") > 0)
    complete = rows["is_complete"].fillna(False).astype(bool) if "is_complete" in rows else True
    rows = rows.assign(is_complete=counted & complete)
    used, skipped = _points(rows, points)
    out = {
        "months": len(used),
        "first": used["period_start"].iloc[0] if len(used) else None,
        "last": used["period_start"].iloc[-1] if len(used) else None,
        "chi2_trend": float("nan"),
        "dispersion": float("nan"),
        "chi2_adjusted": float("nan"),
        "p_value": float("nan"),
        "sen_slope": float("nan"),
        "is_outlier_driven": False,
        "skipped": skipped,
    }
    if len(used) < points:
        return out | {"trend": NOT_ENOUGH}
    r = used[count].astype("float64").to_numpy()
    n = used[total].astype("float64").to_numpy()
    result = chi_square_trend(r, n)
    verdict, outlier = _verdict(result, r, n)
    rates = used[rate].astype("float64").to_numpy() if rate in used else 100 * r / n
    return out | {
        "chi2_trend": result["chi2_trend"],
        "dispersion": result["dispersion"],
        "chi2_adjusted": result["chi2_adjusted"],
        "p_value": result["p_value"],
        "sen_slope": sen_slope(rates, _month_number(used["period_start"])),
        "is_outlier_driven": outlier,
        "trend": verdict,
    }


def unit_series(monthly: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return {unit code: its rows of `monthly`}, national months marked complete only when every unit's is
    (what `recent_trend` of one unit reads): taken once, instead of filtering the whole table per unit."""
    monthly = _complete_national(monthly)
    return dict(tuple(monthly.groupby("province_code", observed=True, sort=False)))


def trends(monthly: pd.DataFrame, *, as_of=None, points: int = POINTS) -> pd.DataFrame:
    """Return one row per unit (national '00' included) with the recent trend of its monthly online rate."""
    by_code = unit_series(monthly)
    rows = []
    for (code, name), _ in monthly.groupby(["province_code", "province_name"], observed=True, sort=True):
        found = recent_trend(by_code[code], code, points=points, as_of=as_of)
        rows.append(
            {
                "province_code": code,
                "province_name": name,
                "trend_months": found["months"],
                "trend_from": found["first"],
                "trend_to": found["last"],
                "chi2_trend": found["chi2_trend"],
                "dispersion": found["dispersion"],
                "chi2_trend_adjusted": found["chi2_adjusted"],
                "trend_p_value": found["p_value"],
                "sen_slope_pct_points_per_month": found["sen_slope"],
                "trend": found["trend"],
                "trend_skipped_months": ", ".join(f"{m:%Y-%m}" for m in found["skipped"]),
            }
        )
    return pd.DataFrame(rows)
