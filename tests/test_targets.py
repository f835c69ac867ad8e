"""Indicators against their targets: latest value, gap, least-squares projection to 31 December of the target
year and the verdict, on hand-made series whose projections were worked out by hand."""

import pandas as pd
import pytest

from dtanalysis.analysis.targets import target_progress

# Three points 182 days apart rising 10 each: the line gains 10 per 182 days, so at 2026-12-31 (365 days after
# the last point, 2025-12-31) it reaches 60 + 10 × 365 / 182 = 80.0549…; its slope is 10 × 365.25 / 182 = 20.07
# a year.
DATES = ["2025-01-01", "2025-07-02", "2025-12-31"]


def _catalogue(target, year, direction="higher"):
    return pd.DataFrame(
        {
            "target": [target, None],
            "target_year": [year, None],
            "direction": [direction, "higher"],
            "target_source": ["somewhere", None],
        },
        index=pd.Index(["x_rate", "no_target_rate"], name="code"),
    )


def _series(values, dates=DATES, indicator="x_rate", code="40"):
    return pd.DataFrame(
        {
            "province_code": code,
            "indicator": indicator,
            "period": [d[:7] for d in dates],
            "period_end": pd.to_datetime(dates),
            "value": values,
        }
    )


@pytest.mark.parametrize(
    "values, target, year, direction, verdict, projected",
    [
        pytest.param([40, 50, 60], 80, 2026, "higher", "on_course", 80.05, id="on-course-just"),
        pytest.param([40, 50, 60], 81, 2026, "higher", "not_on_course", 80.05, id="not-on-course-just"),
        pytest.param([40, 50, 60], 60, 2026, "higher", "reached", 80.05, id="reached"),
        pytest.param([40, 50, 60], 80, 2024, "higher", "missed", None, id="deadline-passed"),
        pytest.param([60, 50, 40], 20, 2026, "lower", "on_course", 19.95, id="lower-is-better"),
        pytest.param([60, 50, 40], 19, 2026, "lower", "not_on_course", 19.95, id="lower-not-enough"),
    ],
)
def test_verdicts(values, target, year, direction, verdict, projected):
    row = target_progress(_series(values), _catalogue(target, year, direction)).iloc[0]
    assert row["verdict"] == verdict
    assert row["latest_value"] == values[-1] and row["gap"] == target - values[-1]
    assert row["points"] == 3 and row["latest_period"] == "2025-12"
    if projected is not None:
        assert row["projected_value"] == pytest.approx(projected, abs=0.005)
        assert abs(row["slope_per_year"]) == pytest.approx(20.07, abs=0.005)


def test_fewer_than_three_points_is_not_enough_data():
    row = target_progress(_series([40, 50], DATES[:2]), _catalogue(80, 2026)).iloc[0]
    assert row["verdict"] == "not_enough_data" and row["points"] == 2
    assert pd.isna(row["projected_value"]) and pd.isna(row["slope_per_year"])


def test_reached_beats_not_enough_data():
    row = target_progress(_series([90], DATES[:1]), _catalogue(80, 2026)).iloc[0]
    assert row["verdict"] == "reached"


def test_only_indicators_with_a_target_and_values_count():
    series = pd.concat(
        [
            _series([40, None, 60]),  # the missing value is not a point
            _series([1, 2, 3], indicator="no_target_rate"),
            _series([70, 75, 80], code="22"),
        ]
    )
    out = target_progress(series, _catalogue(80, 2026)).set_index("province_code")
    assert list(out.index) == ["22", "40"] and set(out["indicator"]) == {"x_rate"}
    assert out.loc["40", "points"] == 2 and out.loc["40", "verdict"] == "not_enough_data"
    assert out.loc["22", "verdict"] == "reached" and out.loc["22", "target_source"] == "somewhere"


def test_three_values_on_one_date_are_not_a_trend():
    row = target_progress(_series([40, 50, 60], [DATES[0]] * 3), _catalogue(80, 2026)).iloc[0]
    assert row["verdict"] == "not_enough_data" and pd.isna(row["projected_value"])
