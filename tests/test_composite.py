"""The composite index per the OECD/JRC handbook (analysis/composite.py) on three or four hand-made units:
every normalisation and aggregation worked out by hand in the comments, the missing-metric rule, perfectly
correlated metrics, the sensitivity ranks and the checks the league adds."""

import numpy as np
import pandas as pd
import pytest

from dtanalysis.analysis import composite, league

DIRECTIONS = {"m1": "higher", "m2": "lower", "m3": "higher"}
WEIGHTS = {"m1": 2.0, "m2": 1.0}


def units():
    # m1 higher is better, m2 lower is better; weights 2 : 1
    return pd.DataFrame({"province_code": ["A", "B", "C"], "m1": [10.0, 20, 40], "m2": [5.0, 1, 3]})


@pytest.mark.parametrize(
    ("normalisation", "aggregation", "expected"),
    [
        # min–max, oriented: m1 → 0, 33.33, 100; m2 (−m2 = −5, −1, −3) → 0, 100, 50;
        # A = 0; B = (2·33.33 + 100)/3 = 55.556; C = (2·100 + 50)/3 = 83.333
        pytest.param("min_max", "arithmetic", [0.0, 500 / 9, 250 / 3], id="min-max-arithmetic"),
        # z (population SD): m1 mean 23.33, SD √155.56 = 12.472 → −1.0690, −0.2673, 1.3363;
        # m2 oriented mean −3, SD √(8/3) = 1.6330 → −1.2247, 1.2247, 0;
        # A = (2·−1.0690 − 1.2247)/3 = −1.1209; B = (−0.5345 + 1.2247)/3 = 0.2301; C = 2.6726/3 = 0.8909
        pytest.param("z_score", "arithmetic", [-1.12094, 0.23006, 0.89087], id="z-arithmetic"),
        # ranks, 1 = worst: m1 → 1, 2, 3; m2 oriented → 1, 3, 2; A = 3/3 = 1; B = 7/3; C = 8/3
        pytest.param("rank", "arithmetic", [1.0, 7 / 3, 8 / 3], id="rank-arithmetic"),
        # geometric on 1–100: m1 → 1, 34, 100; m2 → 1, 100, 50.5; B = 34^(2/3)·100^(1/3) = 48.714;
        # C = 100^(2/3)·50.5^(1/3) = 79.634; A = 1 (exp of the weighted mean of logs, by `math`)
        pytest.param("min_max", "geometric", [1.0, 48.7139, 79.6337], id="min-max-geometric"),
        # z is linear in the metric, so on 1–100 it is the min–max geometric composite
        pytest.param("z_score", "geometric", [1.0, 48.7139, 79.6337], id="z-geometric"),
        # ranks on 1–100: m1 → 1, 50.5, 100; m2 → 1, 100, 50.5; B = 50.5^(2/3)·100^(1/3) = 63.415; C = 79.634
        pytest.param("rank", "geometric", [1.0, 63.4153, 79.6337], id="rank-geometric"),
    ],
)
def test_each_normalisation_and_aggregation_matches_the_hand_computation(normalisation, aggregation, expected):
    found = composite.composite_scores(
        units(), WEIGHTS, DIRECTIONS, normalisation=normalisation, aggregation=aggregation
    )
    assert found.to_numpy() == pytest.approx(expected, abs=1e-4)


def test_the_baseline_is_the_league_composite_index():
    from dtanalysis.analysis.ranking import composite_index

    table = units()
    assert composite.composite_scores(table, WEIGHTS, DIRECTIONS).to_numpy() == pytest.approx(
        composite_index(table, WEIGHTS, DIRECTIONS).astype("float64").to_numpy()
    )


def test_missing_metric_rule_withholds_units_below_three_quarters_of_the_weight():
    table = pd.concat([units(), pd.DataFrame({"province_code": ["D"], "m1": [30.0], "m2": [np.nan]})])
    table = table.reset_index(drop=True)
    rule = composite.eligibility(table, WEIGHTS)  # D has m1 only: 2/3 of the weight < 75 %
    assert rule["is_composite_ranked"].tolist() == [True, True, True, False]
    assert rule.loc[3, "composite_missing"] == "m2"
    assert rule.loc[3, "composite_weight_share"] == pytest.approx(2 / 3)
    heavier = composite.eligibility(table, {"m1": 3.0, "m2": 1.0})  # m1 carries 75 %: enough
    assert heavier["is_composite_ranked"].all()
    # a withheld unit is not part of the others' normalisation: A, B, C score as without D
    scores = composite.composite_scores(table, WEIGHTS, DIRECTIONS, eligible=rule["is_composite_ranked"])
    assert scores.iloc[:3].to_numpy() == pytest.approx([0.0, 500 / 9, 250 / 3]) and np.isnan(scores.iloc[3])


def test_perfectly_correlated_metrics_are_flagged():
    table = units().assign(m3=lambda f: 2 * f["m1"] + 1, m4=lambda f: f["m1"] ** 2)
    pairs = composite.correlation(table, ["m1", "m2", "m3", "m4"]).set_index(["metric_a", "metric_b"])
    assert pairs.loc[("m1", "m3"), "pearson"] == pytest.approx(1.0)
    assert pairs.loc[("m1", "m3"), "spearman"] == pytest.approx(1.0)
    assert pairs.loc[("m1", "m3"), "is_strongly_correlated"]
    # m4 = m1²: the same order (Spearman 1) but not a straight line: m1 = 10, 20, 40 against 100, 400, 1600;
    # Pearson by hand: deviations (−13.33, −3.33, 16.67) and (−600, −300, 900) → 8000 + 1000 + 15000 = 24000; 24000/√(466.67·1260000) = 0.98974
    assert pairs.loc[("m1", "m4"), "spearman"] == pytest.approx(1.0)
    assert pairs.loc[("m1", "m4"), "pearson"] == pytest.approx(0.989743, abs=1e-6)
    # m2 against m1: ranks (3, 1, 2) against (1, 2, 3): Spearman = 1 − 6·(4 + 1 + 1)/(3·8) = −0.5
    assert pairs.loc[("m1", "m2"), "spearman"] == pytest.approx(-0.5)
    assert len(pairs) == 6 and pairs["units"].eq(3).all()


def test_sensitivity_ranks_over_every_scenario():
    long = composite.sensitivity(units(), WEIGHTS, DIRECTIONS)
    # 4 weightings (configured, equal, without m1, without m2) × 3 normalisations × 2 aggregations
    assert long.groupby("province_code").size().eq(24).all()
    baseline = long[(long["weighting"] == "configured") & (long["normalisation"] == "min_max")]
    baseline = baseline[baseline["aggregation"] == "arithmetic"].set_index("province_code")["rank"]
    assert baseline.to_dict() == {"A": 3, "B": 2, "C": 1}
    summary = composite.sensitivity_summary(long).set_index("province_code")
    # A is last whatever is done; B leads on m2 alone (the 6 'without m1' scenarios) and ties C on equal
    # weights with ranks ((2 + 3)/2 = (3 + 2)/2 = 2.5, and √(50.5·100) each geometric): rank 1 in 8 of 24, else 2
    assert summary.loc["A", ["composite_sensitivity_best", "composite_sensitivity_worst"]].tolist() == [3, 3]
    assert summary.loc["B", ["composite_sensitivity_best", "composite_sensitivity_worst"]].tolist() == [1, 2]
    assert summary.loc["B", "composite_sensitivity_median"] == 2
    assert summary.loc["C", ["composite_sensitivity_best", "composite_sensitivity_worst"]].tolist() == [1, 2]


def _league_table(overdue_d=np.nan):
    table = pd.DataFrame(
        {
            "province_code": ["A", "B", "C", "D"],
            "completion_pct": [10.0, 20, 40, 30],
            "overdue_pct": [5.0, 1, 3, overdue_d],
            "as_of": pd.Timestamp("2025-11-13"),
            "online_window_from": pd.Timestamp("2025-08-01"),
            "online_window_to": pd.Timestamp("2025-10-31"),
        }
    )
    weights = {"completion_pct": 2.0, "overdue_pct": 1.0}
    from dtanalysis.analysis.ranking import composite_index

    table["composite_index"] = composite_index(table, weights, league.DIRECTIONS)
    table["composite_rank"] = table["composite_index"].rank(method="min", ascending=False).astype("Int64")
    return table, weights


def test_the_league_withholds_a_unit_and_reranks_the_others():
    table, weights = _league_table()
    checked = composite.add_composite_checks(
        table, weights, league.DIRECTIONS, samples={}, ranked=league._ranked, draws=50
    ).set_index("province_code")
    assert checked.loc["D", "composite_status"] == "not ranked: missing overdue_pct"
    assert pd.isna(checked.loc["D", "composite_index"]) and pd.isna(checked.loc["D", "composite_rank"])
    # A, B, C as in the hand computation: 0, 55.56, 83.33 → ranks 3, 2, 1 (D no longer counts)
    assert checked.loc[["A", "B", "C"], "composite_index"].astype("float64").to_numpy() == pytest.approx(
        [0.0, 500 / 9, 250 / 3]
    )
    assert checked.loc[["A", "B", "C"], "composite_rank"].tolist() == [3, 2, 1]
    assert checked.loc["C", "composite_window"] == "tasks 2025-11-13; online 2025-08-01–2025-10-31"
    assert checked["is_composite_window_matched"].all()
    assert checked.loc["A", "composite_sensitivity_worst"] == 3 and pd.isna(
        checked.loc["D", "composite_sensitivity_best"]
    )


def test_a_window_that_does_not_reach_the_snapshot_is_flagged():
    table, weights = _league_table(overdue_d=2.0)
    table.loc[3, "as_of"] = pd.Timestamp("2025-12-15")  # its tasks six weeks after the online window ends
    checked = composite.add_composite_checks(
        table, weights, league.DIRECTIONS, samples={}, ranked=league._ranked, draws=50
    )
    assert checked["is_composite_window_matched"].tolist() == [True, True, True, False]
    assert checked["composite_status"].eq("ranked").all()


def test_a_league_of_tasks_only_states_the_task_window_alone():
    table, weights = _league_table(overdue_d=2.0)
    table = table.drop(columns=["online_window_from", "online_window_to"])
    checked = composite.add_composite_checks(
        table, weights, league.DIRECTIONS, samples={}, ranked=league._ranked, draws=50
    )
    assert checked["composite_window"].eq("tasks 2025-11-13").all() and checked["is_composite_window_matched"].all()


def test_the_national_sentences_count_moves_and_name_strong_pairs():
    from dtanalysis.briefings import narrative

    ranks = pd.DataFrame(
        {
            "province_name": ["A", "B", "C"],
            "composite_rank": [1, 2, 3],
            "composite_sensitivity_best": [1, 1, 2],
            "composite_sensitivity_worst": [5, 2, 3],  # A moves 4 places (> 3); B and C at most 1
        }
    )
    assert narrative.sensitivity_sentence(ranks, 36, 3, "en") == (
        "Over 36 variants (configured, equal and each-metric-dropped weights; min–max, z-score and rank "
        "normalisation; arithmetic or geometric mean), 1 of 3 units move more than 3 places from their baseline "
        "composite rank. Widest: A (rank 1, from 1 to 5)."
    )
    table = units().assign(m3=lambda f: 2 * f["m1"] + 1)
    # m1–m3 perfectly correlated; m1–m2 Pearson by hand: dx (−13.33, −3.33, 16.67), dy (2, −2, 0) →
    # (−26.67 + 6.67 + 0) / √(466.67 · 8) = −20 / 61.10 = −0.327
    pairs = composite.correlation(table, ["m1", "m2", "m3"])
    pairs[["metric_a", "metric_b"]] = pairs[["metric_a", "metric_b"]].replace(
        {"m1": "completion_pct", "m2": "overdue_pct", "m3": "online_pct"}
    )
    sentence = narrative.correlation_sentence(pairs, "vi")
    assert sentence.startswith("Cặp chỉ tiêu tương quan mạnh (|r| ≥ 0,8)")
    assert "Tỷ lệ hoàn thành – Tỷ lệ hồ sơ trực tuyến (r = 1,00)" in sentence and "quá hạn" not in sentence
    weak = pairs[pairs["metric_b"] == "overdue_pct"]
    assert weak["pearson"].iloc[0] == pytest.approx(-20 / (466.6667 * 8) ** 0.5, abs=1e-4)
    assert narrative.correlation_sentence(weak, "en").endswith("(r = −0.33).")


def test_the_sensitivity_chart_and_the_heatmap_draw_what_they_are_given():
    from dtanalysis.briefings import charts

    ranks = pd.DataFrame(
        {
            "province_name": ["Hà Nội", "Huế", "Cần Thơ"],
            "composite_rank": [2, 1, 3],
            "composite_sensitivity_best": [1, 1, 2],
            "composite_sensitivity_median": [2.0, 1.0, 3.0],
            "composite_sensitivity_worst": [5, 2, 3],
        }
    )
    fig = charts.composite_sensitivity(ranks, lang="en")
    dots = fig.data[0]
    assert list(dots.y) == ["Huế", "Hà Nội", "Cần Thơ"]  # best baseline rank first
    assert list(dots.error_x.array) == [1, 3, 0] and list(dots.error_x.arrayminus) == [0, 1, 1]
    pairs = composite.correlation(units().assign(m3=lambda f: 2 * f["m1"] + 1), ["m1", "m2", "m3"])
    cells = charts.correlation_heatmap(pairs, lang="vi").data[0]
    assert cells.type == "scatter"  # plotly.js-basic draws it: no heatmap trace pulling in the full library
    written = {(y, x): text for x, y, text in zip(cells.x, cells.y, cells.text)}
    assert written[("m1", "m3")] == written[("m3", "m1")] == "1,00"  # both halves of the matrix
    assert written[("m1", "m2")] == "−0,33" and cells.marker.cmin == -1 and cells.marker.cmax == 1
