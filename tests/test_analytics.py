"""Completion, rankings, online filing, the merger roll-up and the audit, on small hand-made frames."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dtanalysis.analysis import completion, filing, merger, ranking, stats
from dtanalysis.analysis.audit import audit, check_figure
from dtanalysis.common.errors import ParameterError

T = pd.Timestamp


def tasks_frame(rows):
    """rows: (province_code, status, due, completed_on, as_of[, is_overdue])"""
    frame = pd.DataFrame(
        rows, columns=["province_code", "status", "due", "completed_on", "as_of", "is_overdue"][: len(rows[0])]
    )
    if "is_overdue" not in frame:
        frame["is_overdue"] = (frame["status"] != "done") & (
            pd.to_datetime(frame["due"]) < pd.to_datetime(frame["as_of"])
        )
    for column in ("due", "completed_on", "as_of"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.assign(
        province_name=frame["province_code"].map({"40": "Nghệ An", "22": "Quảng Ninh", "01": "Hà Nội"}),
        programme="NQ57",
        task_id=[f"T{i}" for i in range(len(frame))],
        title="t",
        group="g",
        difficulty=None,
    )


def filings_frame(rows):
    """rows: (province_code, old_province_code, period 'YYYY-MM', total, online, full)"""
    frame = pd.DataFrame(
        rows,
        columns=[
            "province_code",
            "old_province_code",
            "period",
            "dossiers_total",
            "dossiers_online",
            "dossiers_online_full",
        ],
    )
    start = pd.to_datetime(frame["period"] + "-01")
    return frame.assign(
        province_name=frame["province_code"],
        period_start=start,
        period_end=start + pd.offsets.MonthEnd(0),
        period_freq="M",
        level="province",
        dossiers_total=frame["dossiers_total"].astype("Int64"),
        dossiers_online=frame["dossiers_online"].astype("Int64"),
        dossiers_online_full=frame["dossiers_online_full"].astype("Int64"),
    )


# ------------------------------------------------------------------ completion


def test_completion_counts_and_national_is_sum_not_mean():
    tasks = tasks_frame(
        [
            ("40", "done", "2025-12-31", "2025-10-01", "2025-11-13"),
            ("40", "done", "2025-09-30", "2025-10-15", "2025-11-13"),  # done late
            ("40", "in_progress", "2025-10-31", None, "2025-11-13"),  # overdue
            ("22", "done", "2025-12-31", "2025-11-01", "2025-11-13"),
        ]
    )
    table = completion.completion(tasks, ["province_code", "programme"]).set_index("province_code")
    assert table.loc["40", ["assigned", "done", "overdue", "done_on_time"]].tolist() == [3, 2, 1, 1]
    assert table.loc["40", "completion_pct"] == pytest.approx(200 / 3)
    assert table.loc["40", "on_time_pct"] == 50
    assert table.loc["00", "completion_pct"] == 75  # 3/4, not the mean of 66.7 % and 100 %


def test_province_without_tasks_has_no_rate_and_zero_done_is_zero():
    tasks = tasks_frame([("40", "in_progress", "2025-12-31", None, "2025-11-13")])
    table = completion.completion(tasks, ["province_code"]).set_index("province_code")
    assert table.loc["40", "completion_pct"] == 0
    assert pd.isna(table.loc["40", "on_time_pct"])  # nothing done: the on-time rate is undefined, not 0


def test_at_snapshot_takes_latest_per_province_on_or_before():
    tasks = tasks_frame(
        [
            ("40", "in_progress", "2025-12-31", None, "2025-09-30"),
            ("40", "done", "2025-12-31", "2025-10-10", "2025-10-31"),
            ("22", "in_progress", "2025-12-31", None, "2025-09-30"),  # Quảng Ninh did not report in October
        ]
    )
    snap = completion.at_snapshot(tasks, "2025-10-31")
    assert sorted(zip(snap["province_code"], snap["as_of"].dt.strftime("%m"))) == [("22", "09"), ("40", "10")]


@pytest.mark.parametrize(
    ("stale_days", "reference", "stale_22"),
    [
        pytest.param(30, None, True, id="44-days-old-is-stale"),
        pytest.param(60, None, False, id="within-a-longer-threshold"),
        pytest.param(30, "2025-10-15", False, id="fresh-against-an-earlier-reference"),
    ],
)
def test_each_unit_keeps_its_own_report_date_and_stale_units_are_flagged(stale_days, reference, stale_22):
    tasks = tasks_frame(
        [
            ("40", "done", "2025-12-31", "2025-10-10", "2025-11-13"),
            ("40", "in_progress", "2025-12-31", None, "2025-11-13"),
            ("22", "done", "2025-12-31", "2025-09-01", "2025-09-30"),  # Quảng Ninh last reported in September
        ]
    )
    snap = completion.at_snapshot(tasks)
    table = completion.completion(
        snap, ["province_code", "programme"], reference_date=reference, stale_days=stale_days
    ).set_index("province_code")
    assert table.loc["40", "as_of"] == pd.Timestamp("2025-11-13")
    assert table.loc["22", "as_of"] == pd.Timestamp("2025-09-30")  # its own date, not the latest overall
    assert bool(table.loc["22", "is_stale"]) is stale_22
    assert not table.loc["40", "is_stale"]
    national = table.loc["00"]
    assert (national["as_of_earliest"], national["as_of"]) == (pd.Timestamp("2025-09-30"), pd.Timestamp("2025-11-13"))
    assert national["units"] == 2
    assert national["stale_units"] == int(stale_22)
    assert bool(national["is_stale"]) is stale_22


def test_report_dates_are_not_added_when_as_of_is_a_grouping_column():
    tasks = tasks_frame(
        [("40", "done", "2025-12-31", "2025-10-10", "2025-11-13"), ("40", "done", "2025-12-31", None, "2025-10-13")]
    )
    table = completion.completion(tasks, ["province_code", "as_of"])
    assert "as_of_earliest" not in table.columns
    assert len(table) == 4  # two snapshots for the unit, two national rows


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param(("2025-03-28", "2025-03-31"), (2, 5), id="old-provinces-a-few-days-apart"),
        pytest.param(("2025-03-31", "2025-03-31"), (2, 5), id="same-day"),
    ],
)
def test_before_the_merger_each_old_province_keeps_its_latest_report(dates, expected):
    early, late = dates
    rows = [("40", "done", "2025-12-31", "2025-01-10", "2025-02-28", "40")]  # superseded by its March report
    rows += [("40", "done", "2025-12-31", "2025-01-10", early, "40")]
    rows += [("40", "in_progress", "2025-12-31", None, early, "40") for _ in range(2)]
    rows += [
        ("40", "done", "2025-12-31", "2025-01-10", late, "42"),
        ("40", "in_progress", "2025-12-31", None, late, "42"),
    ]
    frame = pd.DataFrame(rows, columns=["p", "s", "d", "c", "a", "old_province_code"])
    tasks = tasks_frame([tuple(r[:5]) for r in rows]).assign(old_province_code=frame["old_province_code"].to_numpy())
    table = completion.completion(completion.at_snapshot(tasks), ["province_code"]).set_index("province_code")
    assert (table.loc["40", "done"], table.loc["40", "assigned"]) == expected  # 2/5, not 1/2


def test_after_the_merger_the_unit_report_replaces_the_old_provinces():
    rows = [
        ("40", "done", "2025-12-31", "2025-01-10", "2025-03-31"),
        ("40", "in_progress", "2025-12-31", None, "2025-11-13"),
    ]
    tasks = tasks_frame(rows).assign(old_province_code=["42", None])
    snap = completion.at_snapshot(tasks)
    assert snap["as_of"].tolist() == [pd.Timestamp("2025-11-13")]


@pytest.mark.parametrize(
    ("part_ids", "expected"),
    [
        pytest.param(("HG-1", "HG-2", "HG-3"), (3, 5), id="a-part-reporting-apart-is-summed"),
        pytest.param(("T3", "T4", "HG-3"), (1, 3), id="tasks-the-later-report-lists-count-from-it"),
    ],
)
def test_after_the_merger_each_part_keeps_its_latest_report(part_ids, expected):
    # Hà Giang (now in Tuyên Quang, here unit 40) reported its three done tasks on 20/09, the unit its
    # two others on 30/09; a part's earlier report of 10/09 is superseded by its own of 20/09
    rows = [("40", "done", "2025-12-31", "2025-08-01", "2025-09-10")]
    rows += [("40", "done", "2025-12-31", "2025-09-01", "2025-09-20") for _ in range(3)]
    rows += [("40", "in_progress", "2025-12-31", None, "2025-09-30") for _ in range(2)]
    rows += [("40", "done", "2025-12-31", "2025-01-10", "2025-06-30")]  # before the merger: superseded
    tasks = tasks_frame(rows).assign(
        written_as=pd.Categorical(["Hà Giang"] * 4 + [None] * 3),
        old_province_code=[None] * 6 + ["05"],
        task_id=["HG-1", *part_ids, "T3", "T4", "T5"],
    )
    table = completion.completion(completion.at_snapshot(tasks), ["province_code"]).set_index("province_code")
    assert (table.loc["40", "done"], table.loc["40", "assigned"]) == expected  # not 0/2


def test_overdue_watch_list_days():
    tasks = tasks_frame(
        [
            ("40", "in_progress", "2025-10-31", None, "2025-11-13"),
            ("40", "in_progress", "2025-11-10", None, "2025-11-13"),
        ]
    )
    assert completion.overdue_tasks(tasks)["days_overdue"].tolist() == [13, 3]


def test_a_task_labelled_overdue_before_its_due_date_has_no_days_overdue():
    tasks = tasks_frame([("40", "in_progress", "2025-12-31", None, "2025-11-13", True)])  # the label said so
    late = completion.overdue_tasks(tasks)
    assert len(late) == 1 and late["days_overdue"].isna().all()  # not −48


# ------------------------------------------------------------------ rankings


def test_competition_ranking_in_good_direction():
    values = pd.Series([90, 80, 80, 70, None])
    assert ranking.competition_rank(values, "higher").tolist() == [1, 2, 2, 4, pd.NA]
    assert ranking.competition_rank(values, "lower").tolist() == [4, 2, 2, 1, pd.NA]


def test_ties_at_tier_boundary_share_a_tier():
    ranks = ranking.competition_rank(pd.Series([8, 7, 6, 6, 4, 3, 2, 1]))  # ranks 1 2 3 3 5 6 7 8
    tiers = ranking.quartile_tier(ranks)
    assert tiers.tolist() == [1, 1, 2, 2, 3, 3, 4, 4]


@pytest.mark.parametrize(
    ("rank", "previous", "label"),
    [
        pytest.param(2, 5, "▲ 3", id="up"),
        pytest.param(6, 5, "▼ 1", id="down"),
        pytest.param(4, 4, "±0", id="same"),
        pytest.param(4, pd.NA, "", id="no-previous-snapshot"),
    ],
)
def test_movement_label(rank, previous, label):
    assert ranking.movement_label(rank, previous) == label


def test_rank_table_single_snapshot_has_no_movement():
    table = ranking.rank_table(pd.DataFrame({"province_code": ["a", "b"], "m": [1.0, 2.0]}), "m")
    assert table["movement"].tolist() == ["", ""] and table["previous_rank"].isna().all()


def test_rank_table_movement_against_previous():
    now = pd.DataFrame({"province_code": ["a", "b", "c"], "m": [3.0, 2.0, 1.0]})
    before = pd.DataFrame({"province_code": ["a", "b", "c"], "m": [1.0, 2.0, 3.0]})
    table = ranking.rank_table(now, "m", previous=before).set_index("province_code")
    assert table["movement"].to_dict() == {"a": "▲ 2", "b": "±0", "c": "▼ 2"}


def test_composite_index_turns_lower_is_better_metrics():
    table = pd.DataFrame({"good": [0.0, 50, 100], "bad": [10.0, 5, 0]})
    index = ranking.composite_index(table, {"good": 1, "bad": 1}, {"good": "higher", "bad": "lower"})
    assert index.tolist() == [0, 50, 100]


def test_plausible_rank_range_is_wide_for_small_counts_and_contains_rank():
    done = pd.Series([9, 500, 480, 200])
    assigned = pd.Series([10, 1000, 1000, 1000])
    best, worst = ranking.plausible_rank_range(done, assigned)
    ranks = ranking.competition_rank(done / assigned)
    assert ((best <= ranks) & (ranks <= worst)).all()
    assert (worst - best)[0] == 0 or best[0] == 1  # 90 % of 10 is clearly first
    assert worst[3] == 4  # 20 % of 1000 is clearly last
    assert best[1] <= 2 <= worst[2]  # 50 % vs 48 % of 1000: the order of the middle two is uncertain


@settings(deadline=None)  # a deadline here measured only the load of the shared machine
@given(st.lists(st.integers(0, 100), min_size=2, max_size=30), st.randoms())
def test_ranks_are_invariant_to_row_order(values, rnd):
    series = pd.Series(values, dtype="float64")
    ranks = ranking.competition_rank(series)
    order = list(range(len(values)))
    rnd.shuffle(order)
    shuffled = ranking.competition_rank(series.iloc[order])
    assert ranks.iloc[order].tolist() == shuffled.tolist()


@settings(deadline=None)  # a deadline here measured only the load of the shared machine
@given(st.lists(st.integers(0, 5), min_size=1, max_size=30))
def test_tied_values_share_a_rank(values):
    ranks = ranking.competition_rank(pd.Series(values, dtype="float64"))
    for value in set(values):
        assert ranks[pd.Series(values) == value].nunique() == 1


# ------------------------------------------------------------------ intervals


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_wilson_interval_contains_point_and_lies_in_0_100(k, extra):
    n = k + extra - 1 if k + extra - 1 >= k and k + extra - 1 > 0 else max(k, 1)
    low, high = stats.wilson_pct(pd.Series([k]), pd.Series([n]))
    point = 100 * k / n
    assert 0 <= low[0] <= point + 1e-9 and point - 1e-9 <= high[0] <= 100


def test_wilson_zero_trials_is_missing_and_wider_at_99_8():
    low, high = stats.wilson_pct(pd.Series([0, 50]), pd.Series([0, 100]))
    assert pd.isna(low[0]) and pd.isna(high[0])
    low998, high998 = stats.wilson_pct(pd.Series([50]), pd.Series([100]), stats.Z998)
    assert low998[0] < low[1] and high998[0] > high[1]


def test_wilson_matches_known_value():
    low, high = stats.wilson_pct(pd.Series([81]), pd.Series([263]))  # textbook example: 0.2553–0.3662
    assert (round(low[0] / 100, 4), round(high[0] / 100, 4)) == (0.2553, 0.3662)


# ------------------------------------------------------------------ online filing


def test_hung_yen_rate_golden():
    filings = filings_frame([("33", None, "2025-07", 309654, 264380, 100000)])
    row = filing.online_rates(filings).set_index("province_code").loc["33"]
    assert round(float(row["online_pct"]), 2) == 85.38
    assert row["ci95_low_pct"] < 85.38 < row["ci95_high_pct"]


def test_verdict_uses_the_interval_not_the_point():
    filings = filings_frame(
        [
            ("01", None, "2025-07", 100000, 80000, 0),  # big and high: wholly above national
            ("22", None, "2025-07", 10, 9, 0),  # 90 % of 10: interval straddles national
            ("40", None, "2025-07", 100000, 60000, 0),  # big and low: wholly below
        ]
    )
    table = filing.online_rates(filings).set_index("province_code")
    national = table.loc["00", "online_pct"]
    assert table.loc["22", "online_pct"] > national
    assert table.loc[["01", "22", "40"], "vs_national"].tolist() == ["higher", "similar", "lower"]


def test_rates_from_filings_rolled_up_once_equal_rates_from_the_filings():
    filings = filings_frame(
        [
            ("40", "40", "2025-05", 100, 60, 10),  # Nghệ An absorbed no province
            ("22", "22", "2025-05", 50, 20, 5),
            ("22", "25", "2025-05", 30, 15, None),  # one old province leaves the full count blank: no total
            ("22", None, "2025-08", 90, 45, 9),
        ]
    )
    levelled = filing.province_level(filings)
    for measure in filing.MEASURES:
        pd.testing.assert_frame_equal(
            filing.online_rates(levelled, measure=measure), filing.online_rates(filings, measure=measure)
        )
        pd.testing.assert_frame_equal(
            filing.monthly_rates(levelled, measure=measure), filing.monthly_rates(filings, measure=measure)
        )
    assert filing.online_rates(levelled).set_index("province_code").loc["22", "dossiers_total"] == 170
    with pytest.raises(ParameterError, match="national rows"):  # the trend table is not rolled-up filings
        filing.online_rates(filing.monthly_rates(filings))


@pytest.mark.parametrize(
    ("k", "n"),
    [pytest.param(10, 10, id="all-online"), pytest.param(1, 1, id="one-of-one"), pytest.param(7, 7, id="seven")],
)
def test_a_full_rate_is_never_lower_than_100(k, n):
    low, high = stats.wilson_pct(pd.Series([k]), pd.Series([n]))
    assert high.iloc[0] == 100.0  # exactly, not 99.99999999999999
    assert stats.compare_to_reference(low, high, 100.0).iloc[0] == "similar"


@pytest.mark.parametrize(
    ("low", "high", "reference", "verdict"),
    [
        pytest.param(50.0, 99.99999999999999, 100.0, "similar", id="floating-noise-below"),
        pytest.param(1e-14, 20.0, 0.0, "similar", id="floating-noise-above"),
        pytest.param(50.0, 99.9, 100.0, "lower", id="a-real-gap"),
    ],
)
def test_verdict_ignores_floating_noise(low, high, reference, verdict):
    assert stats.compare_to_reference(pd.Series([low]), pd.Series([high]), reference).iloc[0] == verdict


def test_zero_successes_have_a_lower_bound_of_exactly_zero():
    low, _ = stats.wilson_pct(pd.Series([0]), pd.Series([10]))
    assert low.iloc[0] == 0.0


def test_full_process_measure_is_separate():
    filings = filings_frame([("33", None, "2025-07", 1000, 800, 300)])
    online = filing.online_rates(filings, measure="online")
    full = filing.online_rates(filings, measure="full")
    assert "online_pct" in online and "full_online_pct" not in online
    assert "full_online_pct" in full and "online_pct" not in full and "dossiers_online" not in full
    assert float(full["full_online_pct"].iloc[0]) == 30


def test_target_gap_from_catalogue_and_override():
    filings = filings_frame([("33", None, "2025-07", 1000, 800, 300)])
    assert float(filing.online_rates(filings, measure="full")["gap_to_target_pct_points"].iloc[0]) == -20  # target 50
    assert float(filing.online_rates(filings, target=75)["gap_to_target_pct_points"].iloc[0]) == 5


def test_zero_dossiers_gives_no_rate():
    filings = filings_frame([("33", None, "2025-07", 0, 0, 0), ("40", None, "2025-07", 10, 5, 0)])
    table = filing.online_rates(filings).set_index("province_code")
    assert pd.isna(table.loc["33", "online_pct"]) and pd.isna(table.loc["33", "vs_national"])


# ------------------------------------------------------------------ merger


def test_roll_up_sums_old_provinces_and_keeps_the_break():
    filings = filings_frame(
        [
            ("56", "56", "2025-06", 1000, 500, 100),
            ("56", "58", "2025-06", 200, 180, 50),  # Khánh Hòa + Ninh Thuận
            ("56", None, "2025-07", 1300, 900, 200),
        ]
    )
    monthly = filing.monthly_rates(filings)
    june = monthly[(monthly.province_code == "56") & (monthly.period == "2025-06")].iloc[0]
    assert (june["dossiers_total"], june["dossiers_online"], june["old_units"], bool(june["is_complete"])) == (
        1200,
        680,
        2,
        True,
    )
    assert merger.MERGER_DATE == T("2025-07-01")


def test_partial_roll_up_is_flagged_incomplete():
    filings = filings_frame([("68", "68", "2025-06", 1000, 500, 100)])  # Lâm Đồng without Đắk Nông, Bình Thuận
    row = filing.province_level(filings).iloc[0]
    assert (row["old_units"], row["old_units_expected"], bool(row["is_complete"])) == (1, 3, False)


def test_a_count_only_some_old_provinces_gave_is_no_total_and_the_month_is_incomplete():
    filings = filings_frame(
        [("56", "56", "2025-06", 1000, 500, 100), ("56", "58", "2025-06", 200, 180, 50)]  # Khánh Hòa + Ninh Thuận
    )
    filings.loc[filings["old_province_code"] == "58", "dossiers_online"] = pd.NA  # Ninh Thuận gave no online count
    row = filing.province_level(filings).iloc[0]
    assert row["dossiers_total"] == 1200 and pd.isna(row["dossiers_online"])  # never 500 out of 1200
    assert not bool(row["is_complete"])


@settings(deadline=None)  # a deadline here measured only the load of the shared machine
@given(
    st.lists(
        st.tuples(st.sampled_from(["56", "58"]), st.integers(0, 1000), st.integers(0, 1000)), min_size=1, max_size=10
    )
)
def test_roll_up_preserves_totals(rows):
    frame = filings_frame([("56", old, f"2024-{i % 12 + 1:02d}", a + b, a, 0) for i, (old, a, b) in enumerate(rows)])
    frame = frame.drop_duplicates(["old_province_code", "period"])
    rolled = merger.roll_up(frame, ["dossiers_total", "dossiers_online"], merger.PERIOD)
    assert rolled["dossiers_total"].sum() == frame["dossiers_total"].sum()
    assert rolled["dossiers_online"].sum() == frame["dossiers_online"].sum()


def test_rate_without_counts_is_not_averaged_across_the_merger():
    base = dict(
        indicator="dti_score",
        unit="score",
        period="2024",
        period_start=T("2024-01-01"),
        period_end=T("2024-12-31"),
        period_freq="Y",
        numerator=pd.NA,
        denominator=pd.NA,
    )
    indicators = pd.DataFrame(
        [
            dict(base, province_code="56", province_name="Khánh Hòa", old_province_code="56", value=0.5),
            dict(base, province_code="56", province_name="Khánh Hòa", old_province_code="58", value=0.4),
            dict(base, province_code="40", province_name="Nghệ An", old_province_code="40", value=0.6),
        ]
    )
    table = merger.harmonise_indicators(indicators).set_index("province_code")
    assert not table.loc["56", "harmonisable"] and pd.isna(table.loc["56", "value"])
    assert table.loc["40", "harmonisable"] and table.loc["40", "value"] == 0.6  # Nghệ An absorbed nobody


# ------------------------------------------------------------------ audit


@pytest.mark.parametrize(
    ("n", "d", "reported", "status"),
    [
        pytest.param("188", "190", "98.8", "inconsistent", id="quang-ninh-98.8-is-wrong"),
        pytest.param("188", "190", "98.9", "consistent", id="quang-ninh-rounded"),
        pytest.param("264380", "309654", "85.38", "consistent", id="hung-yen"),
        pytest.param("2", "3", "66.6", "consistent", id="truncated-is-accepted"),
        pytest.param("2", "3", "66.7", "consistent", id="rounded-is-accepted"),
        pytest.param("2", "3", "66.8", "inconsistent", id="neither"),
        pytest.param(None, "3430", "56.97", "unknown", id="no-numerator"),
        pytest.param("15", "23", None, "unknown", id="no-reported-value"),
        pytest.param("1", "0", "5", "unknown", id="zero-denominator"),
    ],
)
def test_check_figure(n, d, reported, status):
    assert check_figure(n, d, reported)[2] == status


def test_audit_table_on_published_figures():
    from dtanalysis.analysis.audit import read_figures

    table = audit(read_figures("data/published/published_figures.csv")).set_index("figure_id")
    assert table.loc["F013", "audit"] == "inconsistent"
    assert table.loc["F007", "audit"] == "consistent"
    assert "implies 1954" in table.loc["F001", "audit_note"]
