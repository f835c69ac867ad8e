"""Issue 11 methods on small hand-made frames: the adjusted funnel, Jeffreys rank ranges, completion
intervals, the audit's reading of published text and the classifier's negations.

Expected numbers were computed by hand (with a calculator-style script using only `math`), not with
the code under test.
"""

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from test_analytics import filings_frame

from dtanalysis.analysis import audit, completion, difficulties, filing, funnel, league, ranking, tables
from dtanalysis.briefings import narrative
from dtanalysis.common.errors import DataError

PROJECT = Path(__file__).resolve().parents[1]


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


# ------------------------------------------------------------------ rank uncertainty


def test_competition_ranks_within_a_draw_share_ties():
    draws = np.array([[0.5, 0.7, 0.7, 0.1], [0.2, 0.2, 0.2, np.nan]])
    assert ranking.competition_ranks(draws, "higher")[0].tolist() == [3, 1, 1, 4]
    assert ranking.competition_ranks(draws, "lower")[0].tolist() == [2, 3, 3, 1]
    assert ranking.competition_ranks(draws, "higher")[1, :3].tolist() == [1, 1, 1]
    assert np.isnan(ranking.competition_ranks(draws)[1, 3])


def test_a_tie_at_100_gets_a_nonzero_range_for_both_units():
    # two units at 10/10 are each first in about half the draws: both plausibly 1st–2nd; 0/10 is last
    best, worst = ranking.plausible_rank_range(pd.Series([10, 10, 0]), pd.Series([10, 10, 10]))
    assert best.tolist() == [1, 1, 3] and worst.tolist() == [2, 2, 3]


def test_zero_and_full_rates_are_not_certain_against_a_close_neighbour():
    # 0/5 against 1/5, lower is better: Jeffreys posteriors overlap, so neither is surely first
    best, worst = ranking.plausible_rank_range(pd.Series([0, 1]), pd.Series([5, 5]), "lower")
    assert best.tolist() == [1, 1] and worst.tolist() == [2, 2]


def test_rank_ranges_do_not_depend_on_row_order():
    k = pd.Series([9, 500, 480, 200, 30], index=list("abcde"))
    n = pd.Series([10, 1000, 1000, 1000, 60], index=list("abcde"))
    best, worst = ranking.plausible_rank_range(k, n)
    order = list("dbeac")
    best2, worst2 = ranking.plausible_rank_range(k[order], n[order])
    assert best2.to_dict() == best.to_dict() and worst2.to_dict() == worst.to_dict()


@pytest.mark.parametrize(
    ("rank", "previous", "best", "worst", "label"),
    [
        pytest.param(5, 8, 3, 9, "≈", id="previous-inside-range"),
        pytest.param(5, 12, 3, 9, "▲ 7", id="previous-below-range"),
        pytest.param(5, 1, 3, 9, "▼ 4", id="previous-above-range"),
        pytest.param(5, 5, pd.NA, pd.NA, "±0", id="no-range"),
        pytest.param(5, pd.NA, 3, 9, "", id="no-previous"),
    ],
)
def test_movement_only_outside_the_plausible_range(rank, previous, best, worst, label):
    assert ranking.movement_within(rank, previous, best, worst) == label


def test_composite_matrix_of_one_draw_equals_the_composite_index():
    table = pd.DataFrame({"good": [0.0, 50, 100, np.nan], "bad": [10.0, 5, 0, 2.5]})
    weights, directions = {"good": 2, "bad": 1}, {"good": "higher", "bad": "lower"}
    point = ranking.composite_index(table, weights, directions)
    matrix = ranking.composite_matrix({m: table[m].to_numpy()[None, :] for m in weights}, weights, directions)
    # by hand: (2·0 + 0)/3 = 0, (2·0.5 + 0.5)/3 = 50 %, 100, the last scored on `bad` only: 0.75 → 75
    assert point.round(6).tolist() == [0, 50, 100, 75]
    assert np.round(matrix[0], 6).tolist() == [0, 50, 100, 75]


def _completion(rows):
    frame = pd.DataFrame(rows, columns=["province_code", "done", "assigned", "overdue"])
    return frame.assign(province_name=frame["province_code"], completion_pct=100 * frame["done"] / frame["assigned"])


def test_composite_is_ranked_unrounded_and_has_a_range():
    # composites 0, 99.96 and 100: rounded to one decimal the last two would tie
    completion = _completion([("01", 0, 100, 0), ("04", 9996, 10000, 0), ("08", 100, 100, 0)])
    table = league.league_from(completion=completion, previous=None, rates={}, weights={"completion_pct": 1})
    table = table.set_index("province_code").loc[["01", "04", "08"]]
    assert table["composite_index"].round(4).tolist() == [0, 99.96, 100]
    assert table["composite_rank"].tolist() == [3, 2, 1]
    assert (table["composite_rank_best"] <= table["composite_rank"]).all()
    assert (table["composite_rank"] <= table["composite_rank_worst"]).all()
    assert table.loc["04", "composite_rank_best"] == 1  # 99.96 % of 10,000 vs 100/100: either may be first
    assert {"overdue_rank_best", "overdue_rank_worst", "completion_rank_best"} <= set(table.columns)


# ------------------------------------------------------------------ completion intervals


def test_completion_rates_carry_wilson_intervals_per_unit_and_nationally():
    rows = [("40", "done"), ("40", "in_progress"), ("40", "not_started"), ("40", "in_progress")]
    rows += [("22", "done")] * 3
    tasks = pd.DataFrame(rows, columns=["province_code", "status"]).assign(
        province_name=lambda f: f["province_code"],
        programme="NQ57",
        is_overdue=False,
        due=pd.Timestamp("2025-12-31"),
        completed_on=pd.Timestamp("2025-10-01"),
        as_of=pd.Timestamp("2025-11-13"),
    )
    table = completion.completion(tasks, ["province_code", "province_name"]).set_index("province_code")
    # 1/4 → Wilson 95 % 4.5587–69.9358; 3/3 → 43.8503–100 exactly; national 4/7
    assert table.loc["40", "completion_ci95_low_pct"] == pytest.approx(4.558726, abs=1e-5)
    assert table.loc["40", "completion_ci95_high_pct"] == pytest.approx(69.935816, abs=1e-5)
    assert table.loc["22", "completion_ci95_low_pct"] == pytest.approx(43.850297, abs=1e-5)
    assert table.loc["22", "completion_ci95_high_pct"] == 100.0
    assert table.loc["00", "completion_ci95_low_pct"] < 100 * 4 / 7 < table.loc["00", "completion_ci95_high_pct"]


# ------------------------------------------------------------------ the ranking's online window


def test_recent_window_is_the_last_whole_months_up_to_the_snapshot():
    rows = [("01", None, f"2025-{m:02d}", 100, 50 + m, 10) for m in range(6, 12)]
    filings = filings_frame(rows)
    assert filing.recent_window(filings, "2025-10-15") == ("2025-07-01", "2025-09-30")
    assert filing.recent_window(filings, None, months=1) == ("2025-11-01", "2025-11-30")


def test_ranking_online_rate_covers_the_months_up_to_the_task_snapshot():
    # June–November at 56 … 61 online of 100; snapshot 15 Oct → July–September: 57 + 58 + 59 of 300
    filings = filings_frame([("01", None, f"2025-{m:02d}", 100, 50 + m, 10) for m in range(6, 12)])
    rates = tables.ranking_rates(SimpleNamespace(filings=filings), as_of="2025-10-15")
    row = rates["online"].set_index("province_code").loc["01"]
    assert (row["dossiers_online"], row["dossiers_total"]) == (174, 300)
    given = tables.ranking_rates(SimpleNamespace(filings=filings), as_of="2025-10-15", start="2025-06-01")
    assert given["online"].set_index("province_code").loc["01", "dossiers_total"] == 600


# ------------------------------------------------------------------ reading published figures as written


@pytest.mark.parametrize(
    ("text", "whole", "expected", "decimals"),
    [
        pytest.param("98,90", False, "98.90", 2, id="decimal-comma-keeps-trailing-zero"),
        pytest.param("98.90", False, "98.90", 2, id="decimal-point-keeps-trailing-zero"),
        pytest.param("98.9%", False, "98.9", 1, id="percent-sign"),
        pytest.param("98,9 %", False, "98.9", 1, id="percent-sign-after-space"),
        pytest.param("1.234.567", True, "1234567", 0, id="dot-thousands"),
        pytest.param("1,234,567", True, "1234567", 0, id="comma-thousands"),
        pytest.param("1.234.567", False, "1234567", 0, id="repeated-mark-is-never-a-decimal"),
        pytest.param("309.654", True, "309654", 0, id="lone-mark-in-a-count-is-thousands"),
        pytest.param("1.234,5", False, "1234.5", 1, id="mixed-marks-last-is-decimal"),
    ],
)
def test_read_number_as_written(text, whole, expected, decimals):
    value = audit.read_number(text, whole=whole)
    assert str(value) == expected and max(0, -value.as_tuple().exponent) == decimals


def test_trailing_zero_claims_two_decimals():
    # 188/190 = 98.947…: '98,9' passes (truncated), '98,90' claims 98.90 and fails (98.95 or 98.94)
    assert audit.check_figure("188", "190", "98,9")[2] == "consistent"
    computed, decimals, status, _ = audit.check_figure("188", "190", "98,90")
    assert (decimals, status) == (2, "inconsistent")


def test_thousands_separators_are_not_decimals():
    # 1,234,567 / 1,300,000 = 94.9667… → 94.97
    assert audit.check_figure("1,234,567", "1.300.000", "94,97")[:3] == (94.97, 2, "consistent")


def test_implied_count_is_never_negative():
    # 0.1 % of 190: whole counts 0 → 0 %, 1 → 0.53 %: none gives 0.1, and no negative count is tried
    assert audit.check_figure(None, "190", "0.1")[2:] == ("inconsistent", "no whole count out of 190 gives 0.1 %")
    assert audit.check_figure(None, "190", "0,5")[3] == "numerator not published; 0.5 % of 190 implies 1"


def test_negative_or_unreadable_figures_are_errors_naming_row_column_value():
    figures = pd.DataFrame(
        {
            "numerator": ["188", None, "12"],
            "denominator": ["190", "190", "10"],
            "reported_value": ["98.9", "-5", "abc"],
            "unit": "percent",
        }
    )
    with pytest.raises(DataError) as err:
        audit.audit(figures)
    found = {(p.row, p.column, p.value) for p in err.value.problems}
    assert found == {(3, "reported_value", "-5"), (4, "reported_value", "abc"), (4, "numerator", "12")}


def test_indicator_audit_reads_the_value_as_written():
    indicators = pd.DataFrame(
        {
            "province_code": ["22"],
            "province_name": ["Quảng Ninh"],
            "indicator": ["x"],
            "period": ["2025"],
            "numerator": [188],
            "denominator": [190],
            "value": [98.9],
            "value_text": ["98,90"],
            "value_source": ["published"],
            "unit": ["pct"],
        }
    )
    assert audit.audit_indicators(indicators)["audit"].tolist() == ["inconsistent"]
    assert audit.audit_indicators(indicators.drop(columns="value_text"))["audit"].tolist() == ["consistent"]


# ------------------------------------------------------------------ classifier negations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Địa phương không còn thiếu nhân lực chuyển đổi số.", ["unclassified"], id="vi-no-longer-lacking"),
        pytest.param("Tỉnh không thiếu nhân lực.", ["unclassified"], id="vi-not-lacking"),
        pytest.param("There is no shortage of IT staff.", ["unclassified"], id="en-no-shortage"),
        pytest.param("The province is not lacking staff.", ["unclassified"], id="en-not-lacking"),
        pytest.param("Communes are no longer short of IT staff.", ["unclassified"], id="en-no-longer"),
        pytest.param("Vướng mắc về kinh phí đã được giải quyết.", ["unclassified"], id="vi-resolved-after"),
        pytest.param("Thiếu nhân lực, không thiếu kinh phí.", ["human_resources"], id="negation-stays-in-its-clause"),
        pytest.param("Không thiếu kinh phí nhưng thiếu nhân lực.", ["human_resources"], id="negation-ends-at-nhung"),
        pytest.param("Không đủ cán bộ chuyên trách ở cấp xã.", ["human_resources"], id="bare-khong-is-a-shortage"),
        pytest.param("Communes have no IT staff.", ["human_resources"], id="bare-no-is-a-shortage"),
        pytest.param("Cán bộ hướng dẫn người dân nộp hồ sơ trực tuyến.", ["unclassified"], id="huong-dan-alone"),
        pytest.param("Officials provide guidance to citizens.", ["unclassified"], id="guidance-alone"),
        pytest.param("Chưa có hướng dẫn về lưu trữ.", ["legal_guidance"], id="chua-co-huong-dan"),
        pytest.param("Thiếu hướng dẫn thống nhất.", ["legal_guidance"], id="thieu-huong-dan"),
        pytest.param("Văn bản hướng dẫn ban hành chậm.", ["legal_guidance"], id="van-ban-huong-dan"),
        pytest.param("Guidance on the Data Law has not been issued.", ["legal_guidance"], id="en-not-issued"),
    ],
)
def test_negations_and_bare_guidance(text, expected):
    assert difficulties.classify(text) == expected


def test_labelled_statements_keep_their_recall_and_precision():
    labelled = pd.read_csv(PROJECT / "data/published/difficulty_statements.csv", dtype=str, keep_default_na=False)
    result = difficulties.evaluate(labelled)
    assert result["is_primary_found"].mean() >= 0.9 and result["has_out_of_bounds"].mean() <= 0.1


# ------------------------------------------------------------------ what the packs say


def test_online_sentence_names_the_rest_of_the_country_as_comparator():
    h = {
        "online_pct": 74.5,
        "online_low": 74.4,
        "online_high": 74.6,
        "online_verdict": "lower",
        "online_rest_pct": 81.9,
        "national_online_pct": 80.9,
        "online_window": ("2025-08-01", "2025-10-31"),
    }
    sentence = narrative.online_sentence(h, "en")
    assert "lower than the rest of the country (81.9%, this unit excluded; 99.8% funnel limits" in sentence
    assert "national: 80.9%" in sentence
    assert narrative.cards(h, "en")[0][2].endswith("lower than the rest of the country")
