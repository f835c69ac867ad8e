"""Indicators against their published targets: where each unit stands (latest value, target, gap) and whether
the trend of its series reaches the target by the end of the target year.

The trend is the ordinary least-squares straight line through the unit's values against time (Legendre 1805;
any regression text, e.g. Montgomery, Peck & Vining, *Introduction to Linear Regression Analysis*, ch. 2),
extrapolated to 31 December of the target year. It is deliberately simple: a straight line says "at the pace
of the whole series", which a meeting can check with a ruler; it ignores saturation near 100 %.
"""

from __future__ import annotations

import pandas as pd

from dtanalysis.analysis import filing

MIN_POINTS = 3  # a straight line through two points always "fits"; three is the least that says anything
REACHED, ON_COURSE, NOT_ON_COURSE, MISSED, NOT_ENOUGH = (
    "reached",
    "on_course",
    "not_on_course",
    "missed",
    "not_enough_data",
)
VERDICTS = (REACHED, ON_COURSE, NOT_ON_COURSE, MISSED, NOT_ENOUGH)
COLUMNS = [
    "province_code",
    "province_name",
    "indicator",
    "latest_period",
    "latest_value",
    "target",
    "target_year",
    "gap",
    "points",
    "slope_per_year",
    "projected_value",
    "verdict",
    "target_source",
]
_DAYS_PER_YEAR = 365.25


def target_date(target_year: object) -> pd.Timestamp:
    """Return the day a target falls due: 31 December of its year."""
    return pd.Timestamp(int(float(target_year)), 12, 31)


def _meets(value: float, target: float, direction: str) -> bool:
    return value <= target if direction == "lower" else value >= target


def linear_projections(data: pd.DataFrame, keys: list[str], due: pd.Series) -> pd.DataFrame:
    """Return per group of `keys` the least-squares line through (`period_end`, `value`): `slope` per year and
    `projected`, its value at the group's `due` day (a Series aligned with `data`). Time is measured in years
    from `due`, so the intercept is the value there: intercept = ȳ − slope·x̄, slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²."""
    x = (data["period_end"] - due).dt.days.to_numpy(dtype="float64") / _DAYS_PER_YEAR
    frame = pd.DataFrame({"x": x, "y": data["value"].to_numpy(dtype="float64")}, index=data.index)
    groups = [data[k] for k in keys]
    centred = frame - frame.groupby(groups).transform("mean")
    sums = frame.assign(sxy=centred["x"] * centred["y"], sxx=centred["x"] ** 2).groupby(groups, sort=True)
    sums = sums.agg(x=("x", "mean"), y=("y", "mean"), sxy=("sxy", "sum"), sxx=("sxx", "sum"))
    slope = sums["sxy"] / sums["sxx"]
    return pd.DataFrame({"slope": slope, "projected": sums["y"] - slope * sums["x"]})


def verdict(
    latest: float, target: float, direction: str, *, points: int, projected: float | None, due_passed: bool
) -> str:
    """Return reached / missed / not_enough_data / on_course / not_on_course for one unit and indicator."""
    if _meets(latest, target, direction):
        return REACHED
    if due_passed:
        return MISSED
    if projected is None or points < MIN_POINTS:
        return NOT_ENOUGH
    return ON_COURSE if _meets(projected, target, direction) else NOT_ON_COURSE


def target_progress(series: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return one row per unit and catalogued indicator with a target (COLUMNS), from `series` (province_code,
    indicator, period, period_end, value): the latest value, target, gap = target − latest value (in the
    indicator's unit; positive means still to go for a 'higher is better' indicator), the number of points, the
    least-squares slope per year and the value it projects for 31 Dec of the target year, and the verdict:
    `reached` (latest value meets the target), `missed` (not met and the latest value is dated after the
    target's day), `not_enough_data` (values at fewer than MIN_POINTS dates), `on_course` / `not_on_course` (the
    projection meets / does not meet the target)."""
    with_target = catalogue[catalogue["target"].notna()]
    data = series[series["indicator"].isin(with_target.index) & series["value"].notna()]
    data = data.assign(period_end=pd.to_datetime(data["period_end"])).sort_values(["province_code", "period_end"])
    keys = ["province_code", "indicator"]
    dues = {indicator: target_date(year) for indicator, year in with_target["target_year"].items()}
    by_group = data.groupby(keys, sort=True)
    lines = linear_projections(data, keys, data["indicator"].map(dues))
    latest = by_group.tail(1).set_index(keys)  # each group's last point in time
    points, dates = by_group.size(), by_group["period_end"].nunique()
    rows = []
    for (code, indicator), last in latest.sort_index().iterrows():
        spec = with_target.loc[indicator]
        target, direction, due = float(spec["target"]), str(spec.get("direction", "higher")), dues[indicator]
        value, n = float(last["value"]), int(points[code, indicator])
        slope = projected = None
        if dates[code, indicator] >= MIN_POINTS:  # a line needs points at different times
            slope, projected = (float(v) for v in lines.loc[(code, indicator), ["slope", "projected"]])
        rows.append(
            {
                "province_code": code,
                "province_name": last.get("province_name"),
                "indicator": indicator,
                "latest_period": last.get("period", f"{last['period_end']:%Y-%m-%d}"),
                "latest_value": round(value, 2),
                "target": target,
                "target_year": int(float(spec["target_year"])),
                "gap": round(target - value, 2),
                "points": n,
                "slope_per_year": None if slope is None else round(slope, 2),
                "projected_value": None if projected is None else round(projected, 2),
                "verdict": verdict(
                    value, target, direction, points=n, projected=projected, due_passed=last["period_end"] > due
                ),
                "target_source": spec.get("target_source"),
            }
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("latest_value", "target", "gap", "slope_per_year", "projected_value"):
        out[column] = out[column].astype("Float64")
    return out.astype({"points": "int64"}) if len(out) else out


def target_series(indicators: pd.DataFrame | None, filings: pd.DataFrame | None) -> pd.DataFrame | None:
    """Return the series targets are judged on (province_code, province_name, indicator, period, period_end, value): the
    harmonised indicators and, from the filings, the monthly full-online share under its catalogue code."""
    columns = ["province_code", "province_name", "indicator", "period", "period_end", "value"]
    parts = [indicators[columns]] if indicators is not None else []
    count, rate, code = filing.MEASURES["full"]
    if filings is not None and count in filings:
        monthly = filing.monthly_rates(filings, measure="full")
        parts.append(monthly.assign(indicator=code, value=monthly[rate])[columns])
    return pd.concat(parts, ignore_index=True) if parts else None
