"""Issue 11 methods on small hand-made frames: the adjusted funnel, Jeffreys rank ranges, completion
intervals, the trend test, the audit's reading of published text and the classifier's negations.

Expected numbers were computed by hand (with a calculator-style script using only `math`), not with
the code under test.
"""

import pandas as pd
import pytest

from dtanalysis.analysis import funnel


def test_overdispersed_set_widens_limits_and_wilson_differences_become_similar():
    # four units of 100: 10, 20, 30, 40 done; comparator = the other three (e.g. 90/300 for the first)
    k, n = pd.Series([10, 20, 30, 40]), pd.Series([100] * 4)
    out = funnel.funnel(k, n)
    assert out["comparator_pct"].round(4).tolist() == [30.0, 26.6667, 23.3333, 20.0]
    assert out["z_score"].round(4).tolist() == [-4.3644, -1.5076, 1.5762, 5.0]
    # z winsorised to [-3.50732, 3.97287] (10th/90th percentile), φ = mean of squares
    assert out["dispersion"].iloc[0] == pytest.approx(8.210535, abs=1e-5)
    assert out["funnel95_high_pct"].round(3).tolist() == [55.736, 51.502, 47.087, 42.464]
    assert out["funnel95_low_pct"].round(3).tolist() == [4.264, 1.831, 0.0, 0.0]  # clamped at 0
    assert out["funnel998_high_pct"].round(3).tolist() == [70.578, 65.824, 60.785, 55.419]
    assert out["vs_rest"].tolist() == ["similar"] * 4
    assert out["vs_rest_95"].tolist() == ["similar"] * 4


def test_no_dispersion_keeps_phi_one_and_flags_the_outlier_against_the_rest():
    k, n = pd.Series([500] * 9 + [600]), pd.Series([1000] * 10)
    out = funnel.funnel(k, n)
    assert out["dispersion"].iloc[0] == 1.0  # winsorised mean of z² is 0.44 < 1: no adjustment
    assert float(out["funnel998_low_pct"].iloc[9]) == pytest.approx(45.113914, abs=1e-5)  # around 4500/9000
    assert float(out["funnel998_high_pct"].iloc[0]) == pytest.approx(55.995991, abs=1e-5)  # around 4600/9000
    assert float(out["z_score"].iloc[0]) == pytest.approx(-0.702902, abs=1e-5)
    assert out["vs_rest"].tolist() == ["similar"] * 9 + ["higher"]


def test_national_comparator_includes_the_unit():
    out = funnel.funnel(pd.Series([500] * 9 + [600]), pd.Series([1000] * 10), rest_of_country=False)
    assert out["comparator_pct"].round(6).unique().tolist() == [51.0]


def test_units_without_dossiers_get_no_verdict():
    out = funnel.funnel(pd.Series([5, 0, 7]), pd.Series([10, 0, 10]))
    assert out["vs_rest"].isna().tolist() == [False, True, False]
