"""The Fingertips recent trend (analysis/trend.py) on hand-made monthly counts: the chi-square statistic for
linear trend worked out by hand in the comments, a rising series, a flat noisy one, an overdispersed one
whose dispersion allowance flips the verdict, and series without five consecutive complete months."""

from statistics import NormalDist

import pandas as pd
import pytest

from dtanalysis.analysis import trend
from dtanalysis.briefings import narrative


def _monthly(code, online, total, start="2025-01", complete=None):
    periods = pd.period_range(start, periods=len(online), freq="M")
    frame = pd.DataFrame(
        {
            "province_code": code,
            "province_name": code,
            "period_start": periods.start_time,
            "period_end": periods.end_time.normalize(),
            "period_freq": "M",
            "dossiers_online": online,
            "dossiers_total": total,
            "is_complete": True if complete is None else complete,
        }
    )
    return frame.assign(online_pct=100 * frame["dossiers_online"] / frame["dossiers_total"])


def test_chi_square_for_trend_matches_the_hand_computation():
    # r = 10, 15, 20, 25, 30 of n = 100 each, t = 1..5. By hand: N = 500, R = 100, p̄ = 0.2, p̄(1 − p̄) = 0.16;
    # Σ t (r − n p̄) = 1(−10) + 2(−5) + 3(0) + 4(5) + 5(10) = 50; Σ n t² − (Σ n t)² / N = 5500 − 1500² / 500 = 1000;
    # χ²_trend = 50² / (0.16 × 1000) = 15.625. Heterogeneity Σ (r − 20)² / (100 × 0.16) = 250 / 16 = 15.625, so the
    # departure from the line is 0 and φ = 1; 15.625 > 9.5495: significant at 99.8 %, rising.
    found = trend.chi_square_trend([10, 15, 20, 25, 30], [100] * 5)
    assert found["chi2_trend"] == pytest.approx(15.625)
    assert found["chi2_heterogeneity"] == pytest.approx(15.625)
    assert found["chi2_departure"] == pytest.approx(0.0, abs=1e-9)
    assert found["dispersion"] == 1.0 and found["chi2_adjusted"] == pytest.approx(15.625)
    assert found["sign"] == 1
    # p = P(χ²₁ > 15.625) = P(|Z| > √15.625 = 3.953), two normal tails
    assert found["p_value"] == pytest.approx(2 * (1 - NormalDist().cdf(15.625**0.5)), rel=1e-6)


def test_a_clearly_rising_series_is_improving():
    monthly = _monthly("01", [10, 15, 20, 25, 30], [100] * 5)
    found = trend.recent_trend(monthly, "01")
    assert found["trend"] == "improving" and found["months"] == 5
    assert found["sen_slope"] == pytest.approx(5.0)  # 10 % → 30 % over four months, every pairwise slope is 5
    falling = _monthly("02", [30, 25, 20, 15, 10], [100] * 5)
    assert trend.recent_trend(falling, "02")["trend"] == "worsening"


def test_a_flat_noisy_series_shows_no_significant_change():
    # r = 200, 210, 195, 205, 190 of 1000: d = r − 200 = 0, 10, −5, 5, −10; Σ t d = 0 + 20 − 15 + 20 − 50 = −25;
    # Σ n t² − (Σ n t)²/N = 55000 − 15000²/5000 = 10000; χ² = 625 / (0.16 × 10000) = 0.390625 < 9.5495
    monthly = _monthly("04", [200, 210, 195, 205, 190], [1000] * 5)
    found = trend.recent_trend(monthly, "04")
    assert found["chi2_trend"] == pytest.approx(0.390625)
    assert found["trend"] == "no significant change"


def test_the_dispersion_allowance_flips_an_overdispersed_series():
    # r = 100, 200, 120, 260, 320 of 1000: p̄ = 0.2, d = −100, 0, −80, 60, 120; Σ t d = −100 + 0 − 240 + 240 + 600 = 500;
    # χ²_trend = 500² / (0.16 × 10000) = 156.25 (significant unadjusted); heterogeneity Σ d² / 160 = 34400 / 160 = 215;
    # departure = 215 − 156.25 = 58.75 on 3 df → φ = 19.583; adjusted 156.25 / 19.583 = 7.979 < 9.5495: no change
    online, total = [100, 200, 120, 260, 320], [1000] * 5
    found = trend.chi_square_trend(online, total)
    assert found["chi2_trend"] == pytest.approx(156.25)
    assert found["chi2_heterogeneity"] == pytest.approx(215.0)
    assert found["dispersion"] == pytest.approx(58.75 / 3)
    assert found["chi2_adjusted"] == pytest.approx(156.25 / (58.75 / 3))
    assert trend.recent_trend(_monthly("05", online, total), "05")["trend"] == "no significant change"


def test_one_month_carrying_the_slope_is_no_significant_change():
    # Fingertips' outlier check on its own (the dispersion allowance already tames such a jump: φ = 81, χ² = 3):
    # flat at 20 % then 60 %; without the last month the slope is 0, not positive, so no trend is claimed
    online, total = [200.0, 200, 200, 200, 600], [1000.0] * 5
    assert trend.chi_square_trend(online[:4], total[:4])["sign"] == 0
    significant = {"chi2_adjusted": 100.0, "sign": 1}
    assert trend._verdict(significant, pd.Series(online).to_numpy(), pd.Series(total).to_numpy()) == (
        "no significant change",
        True,
    )
    rising = [100.0, 150, 200, 250, 300]  # every four-month subset still rises
    assert trend._verdict(significant, pd.Series(rising).to_numpy(), pd.Series(total).to_numpy()) == (
        "improving",
        False,
    )


def test_fewer_than_five_complete_points_is_not_enough_data():
    monthly = _monthly("07", [10, 15, 20, 25], [100] * 4)
    assert trend.recent_trend(monthly, "07")["trend"] == "not enough data"
    # six months, the fourth incomplete: the latest run of complete months is two long, the earlier three
    six = _monthly("08", [10, 15, 20, 0, 30, 35], [100] * 6, complete=[True, True, True, False, True, True])
    found = trend.recent_trend(six, "08")
    assert found["trend"] == "not enough data" and found["skipped"] == [pd.Timestamp("2025-04-01")]


def test_incomplete_latest_months_are_skipped_with_a_note_and_never_read_as_zero():
    # the last month is incomplete (and its count missing): the five months before it are the points
    monthly = _monthly("09", [10, 15, 20, 25, 30, 0], [100] * 6, complete=[True] * 5 + [False])
    monthly.loc[5, "dossiers_online"] = None
    found = trend.recent_trend(monthly, "09")
    assert found["trend"] == "improving" and found["last"] == pd.Timestamp("2025-05-01")
    assert found["skipped"] == [pd.Timestamp("2025-06-01")]
    assert "06/2025" in narrative.trend_sentence(found, "vi")


def test_a_missing_month_breaks_the_run():
    monthly = _monthly("10", [10, 15, 20, 25, 30, 35], [100] * 6)
    monthly.loc[3:, "period_start"] += pd.DateOffset(months=1)  # no April: Jan–Mar, then May–Jul
    monthly.loc[3:, "period_end"] = monthly.loc[3:, "period_start"] + pd.offsets.MonthEnd(0)
    found = trend.recent_trend(monthly, "10")
    assert found["trend"] == "not enough data" and found["skipped"] == [pd.Timestamp("2025-04-01")]


def test_the_national_month_is_incomplete_when_a_unit_is():
    units = pd.concat(
        [
            _monthly("01", [10, 15, 20, 25, 30], [100] * 5),
            _monthly("02", [10, 15, 20, 25, 30], [100] * 5, complete=[True] * 4 + [False]),
        ]
    )
    national = _monthly("00", [20, 30, 40, 50, 60], [200] * 5)
    table = trend.trends(pd.concat([units, national], ignore_index=True))
    verdicts = dict(zip(table["province_code"], table["trend"]))
    assert verdicts == {"00": "not enough data", "01": "improving", "02": "not enough data"}
    assert table.set_index("province_code").loc["00", "trend_skipped_months"] == "2025-05"
    # a unit whose month is missing altogether (no counts, so no row) leaves the national month short too
    gap = pd.concat([_monthly("01", [10, 15, 20, 25, 30], [100] * 5), _monthly("03", [10, 15, 20, 25], [100] * 4)])
    table = trend.trends(pd.concat([gap, national], ignore_index=True)).set_index("province_code")
    assert table.loc["00", "trend"] == "not enough data" and table.loc["00", "trend_skipped_months"] == "2025-05"


def test_trend_sentence_states_verdict_statistic_and_slope():
    found = trend.recent_trend(_monthly("01", [10, 15, 20, 25, 30], [100] * 5), "01")
    assert narrative.trend_sentence(found, "en") == (
        "Last five complete months (Jan 2025–May 2025): improving — the online-filing rate is rising by about "
        "5.00 points a month (Sen's slope); Fingertips chi-square test for trend with dispersion allowance "
        "φ = 1.0: χ² = 15.6, significant at 99.8%."
    )
    flat = trend.recent_trend(_monthly("04", [200, 210, 195, 205, 190], [1000] * 5), "04")
    assert "không có thay đổi có ý nghĩa thống kê" in narrative.trend_sentence(flat, "vi")
    few = trend.recent_trend(_monthly("07", [10, 15], [100] * 2), "07")
    assert narrative.trend_sentence(few, "en").startswith("Not enough data for the trend test")


def test_each_units_series_gives_the_trend_the_whole_table_gives():
    units = pd.concat(
        [
            _monthly("01", [10, 15, 20, 25, 30], [100] * 5),
            _monthly("02", [10, 15, 20, 25, 30], [100] * 5, complete=[True] * 4 + [False]),
        ]
    )
    table = pd.concat([units, _monthly("00", [20, 30, 40, 50, 60], [200] * 5)], ignore_index=True)
    series = trend.unit_series(table)
    assert sorted(series) == ["00", "01", "02"]
    assert series["00"]["is_complete"].tolist() == [True] * 4 + [False]  # unit 02's last month is short
    for code in series:  # (NaN statistics compared as text)
        alone, whole = trend.recent_trend(series[code], code), trend.recent_trend(table, code)
        assert {k: str(v) for k, v in alone.items()} == {k: str(v) for k, v in whole.items()}
