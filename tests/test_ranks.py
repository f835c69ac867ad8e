"""Issue 11, ranks: a tie at 100 %, each unit's own previous report, tiers stated only where the plausible
range allows, no ranks where the ranges cover most of the table, and the completion funnel.

Expected numbers are worked by hand in the comments (φ = 8.2105 for 10, 20, 30, 40 of 100 is the funnel
test's hand-computed value in test_statistics.py).
"""

import pandas as pd
import pytest
from test_analytics import tasks_frame

from dtanalysis.analysis import completion, league, ranking
from dtanalysis.briefings import narrative

SPREAD = (pd.Series([10, 20, 30, 40]), pd.Series([100] * 4))  # φ = 8.2105 (see test_statistics.py)
CALM = (pd.Series([500] * 9 + [600]), pd.Series([1000] * 10))  # winsorised mean z² = 0.44: φ floored at 1


def _completion(rows):
    frame = pd.DataFrame(rows, columns=["province_code", "done", "assigned", "overdue"])
    return frame.assign(province_name=frame["province_code"], completion_pct=100 * frame["done"] / frame["assigned"])


# ------------------------------------------------------------------ ties


def test_a_tie_at_100_shares_rank_tier_and_range():
    rows = [("01", 10, 10, 0), ("04", 10, 10, 0), ("08", 5, 10, 0), ("11", 0, 10, 0)]
    table = league.league_from(completion=_completion(rows), previous=None, rates={})
    table = table.set_index("province_code").loc[["01", "04", "08", "11"]]
    assert table["completion_rank"].tolist() == [1, 1, 3, 4]  # competition ranks: the tie shares 1st
    assert table.loc["01", "completion_rank_best"] == table.loc["04", "completion_rank_best"] == 1
    assert table.loc["01", "completion_rank_worst"] == table.loc["04", "completion_rank_worst"] >= 2
    assert table.loc["01", "completion_tier"] == table.loc["04", "completion_tier"]


# ------------------------------------------------------------------ each unit's own previous report


def test_each_unit_is_compared_with_its_own_previous_report():
    # Nghệ An (40) reports 31/08, 30/09, 31/10; Quảng Ninh (22) 31/07 and 30/09. Current: 40 at 31/10,
    # 22 at 30/09. Its own previous: 40 at 30/09 (2 of 2 done), 22 at 31/07 (0 of 1). Comparing with
    # "before the earliest current date" (30/09) would give 40 its 31/08 report (1 of 2).
    rows = [
        ("40", "done", "2025-12-31", "2025-08-01", "2025-08-31"),
        ("40", "in_progress", "2025-12-31", None, "2025-08-31"),
        ("40", "done", "2025-12-31", "2025-08-01", "2025-09-30"),
        ("40", "done", "2025-12-31", "2025-09-01", "2025-09-30"),
        ("40", "done", "2025-12-31", "2025-08-01", "2025-10-31"),
        ("40", "done", "2025-12-31", "2025-09-01", "2025-10-31"),
        ("22", "in_progress", "2025-12-31", None, "2025-07-31"),
        ("22", "done", "2025-12-31", "2025-09-01", "2025-09-30"),
    ]
    tasks = tasks_frame(rows)
    current = completion.at_snapshot(tasks)
    before = league.previous_completion(tasks, current).set_index("province_code")
    assert before.loc["40", ["done", "assigned"]].tolist() == [2, 2]
    assert before.loc["22", ["done", "assigned"]].tolist() == [0, 1]


def test_a_unit_with_a_single_report_has_no_previous():
    rows = [
        ("40", "done", "2025-12-31", "2025-08-01", "2025-09-30"),
        ("40", "done", "2025-12-31", "2025-08-01", "2025-10-31"),
        ("22", "done", "2025-12-31", "2025-08-01", "2025-10-31"),
    ]
    tasks = tasks_frame(rows)
    before = league.previous_completion(tasks, completion.at_snapshot(tasks))
    assert before["province_code"].tolist() == ["40"]


# ------------------------------------------------------------------ tiers and the no-ranking rule


def test_tier_is_stated_only_within_one_tier_else_as_the_span():
    # 12 units: tier = ceil(4·rank/12): ranks 1–3 → 1, 4–6 → 2, 7–9 → 3, 10–12 → 4
    best, worst = pd.Series([1, 3, 9, 4, pd.NA], dtype="Int64"), pd.Series([2, 10, 10, 6, pd.NA], dtype="Int64")
    assert ranking.tier_span(best, worst, 12).tolist() == ["1", "1–4", "3–4", "2", pd.NA]


@pytest.mark.parametrize(
    ("widths", "offered"),
    [
        pytest.param([2, 2, 2, 2], True, id="median-2-of-4-is-half-offered"),
        pytest.param([3, 3, 3, 0], False, id="median-3-of-4-not-offered"),
        pytest.param([0, 0, 1, 9], True, id="one-wide-range-does-not-stop-ranking"),
    ],
)
def test_ranks_are_not_offered_when_the_median_range_covers_more_than_half(widths, offered):
    best = pd.Series([1, 1, 1, 1], dtype="Int64")
    assert ranking.ranks_offered(best, best + pd.Series(widths, dtype="Int64")) is offered


def test_league_says_whether_each_metric_is_ranked():
    # five well-separated rates of 1,000 (10 … 90 %): ranges are points, ranks offered;
    # four close rates of 100 (45–55 %): every range covers most of the four, not offered
    apart = _completion([(c, d, 1000, 0) for c, d in (("01", 100), ("04", 300), ("08", 500), ("11", 700), ("12", 900))])
    apart = league._units().merge(apart.drop(columns="province_name"), on="province_code", how="left")
    draws = league.rate_draws(apart, "completion_pct")
    ranked = league._ranked(apart, "completion_pct", draws=draws)
    assert ranked["completion_rank_offered"].unique().tolist() == [True]
    assert ranked["completion_tier"].tolist() == ["1", "2", "3", "4", "4"]  # ceil(4·rank/5), points: one tier each
    close = _completion([("01", 45, 100, 0), ("04", 50, 100, 0), ("08", 52, 100, 0), ("11", 55, 100, 0)])
    spread = league.league_from(completion=close, previous=None, rates={})
    assert spread["completion_rank_offered"].dropna().unique().tolist() == [False]


# ------------------------------------------------------------------ the completion funnel


def test_completion_carries_the_funnel_against_the_rest_of_the_country():
    rows = []
    for code, done in (("40", 10), ("22", 20), ("01", 30), ("08", 40)):
        rows += [(code, "done", "2025-12-31", "2025-08-01", "2025-09-30")] * done
        rows += [(code, "in_progress", "2025-12-31", None, "2025-09-30")] * (100 - done)
    table = completion.completion(tasks_frame(rows)).set_index("province_code")
    units = table.loc[["40", "22", "01", "08"]]
    # comparator: the other three units, e.g. (20 + 30 + 40) / 300 = 30 % for the first
    assert units["completion_comparator_pct"].round(4).tolist() == [30.0, 26.6667, 23.3333, 20.0]
    assert units["completion_dispersion"].iloc[0] == pytest.approx(8.210535, abs=1e-5)
    assert units["completion_vs_rest"].tolist() == ["similar"] * 4
    assert pd.isna(table.loc["00", "completion_vs_rest"])  # the national row is no unit
    assert {"completion_ci95_low_pct", "completion_ci95_high_pct"} <= set(table.columns)  # intervals kept


def test_completion_sentence_uses_the_funnel_verdict_and_the_rest_of_the_country():
    h = {
        "province_name": "Nghệ An",
        "done": 10,
        "assigned": 100,
        "completion_pct": 10.0,
        "national_completion_pct": 25.0,
        "completion_verdict": "similar",
        "completion_rest_pct": 30.0,
        "overdue": 0,
    }
    # 10 of 100 against 25 % national: the Wilson interval (5.5–17.4 %) lies wholly below, yet with φ = 8.2
    # the funnel calls it similar; the sentence must follow the funnel and name the rest of the country
    vi, en = narrative.completion_sentence(h, "vi"), narrative.completion_sentence(h, "en")
    assert "tương đương" in vi and "30,0 %" in vi and "phần còn lại" in vi
    assert "in line with" in en and "30.0%" in en and "rest of the country" in en


def test_cards_say_no_rank_when_ranks_are_not_offered_and_the_tier_span_when_they_are():
    base = {"province_name": "Nghệ An", "done": 51, "assigned": 100, "completion_pct": 51.0}
    base |= {"national_completion_pct": 57.0, "overdue": 0}
    assert narrative.cards(base | {"rank_offered": False}, "en")[1] == (
        "Rank of 34",
        "–",
        "not ranked: ranges too wide",
    )
    ranked = narrative.cards(base | {"rank": 3, "rank_best": 1, "rank_worst": 12, "tier": "1–2"}, "en")[1]
    assert ranked[1] == "3" and ranked[2].endswith("tier 1–2")
    assert "Ranks are not offered" in narrative.completion_sentence(base | {"rank_offered": False}, "en")
