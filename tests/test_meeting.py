"""What a monitoring meeting asks: changes since the previous report, the outlook to the deadline, task
status at a glance — each on small hand-made registers whose expected numbers were worked out by hand."""

from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.analysis import changes, outlook, stats, status

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
NAMES = {"40": "Nghệ An", "22": "Quảng Ninh", "01": "Hà Nội"}


def register(rows):
    """rows: (province_code, task_id, status, due, as_of); overdue when not done and due before as_of."""
    frame = pd.DataFrame(rows, columns=["province_code", "task_id", "status", "due", "as_of"])
    for column in ("due", "as_of"):
        frame[column] = pd.to_datetime(frame[column])
    frame["is_overdue"] = (frame["status"] != "done") & (frame["due"] < frame["as_of"])
    return frame.assign(
        province_name=frame["province_code"].map(NAMES),
        programme="NQ57",
        title="t",
        group="g",
        completed_on=pd.NaT,
        difficulty=None,
    )


BEFORE, NOW = "2025-10-31", "2025-11-13"
NGHE_AN = [
    # before: A on track, B done, C done, D due soon, E overdue, F (dropped from the register later)
    ("40", "A", "in_progress", "2025-12-31", BEFORE),
    ("40", "B", "done", "2025-12-31", BEFORE),
    ("40", "C", "done", "2026-06-30", BEFORE),
    ("40", "D", "in_progress", "2025-11-10", BEFORE),
    ("40", "E", "in_progress", "2025-10-01", BEFORE),
    ("40", "F", "not_started", "2025-12-31", BEFORE),
    # now: A done, B still done, C reopened, D late, E still late; new: G done, H due today,
    # I due in exactly 30 days, J due in 31 days, K arrives overdue
    ("40", "A", "done", "2025-12-31", NOW),
    ("40", "B", "done", "2025-12-31", NOW),
    ("40", "C", "in_progress", "2026-06-30", NOW),
    ("40", "D", "in_progress", "2025-11-10", NOW),
    ("40", "E", "in_progress", "2025-10-01", NOW),
    ("40", "G", "done", "2025-12-31", NOW),
    ("40", "H", "not_started", "2025-11-13", NOW),
    ("40", "I", "in_progress", "2025-12-13", NOW),
    ("40", "J", "in_progress", "2025-12-14", NOW),
    ("40", "K", "in_progress", "2025-11-01", NOW),
]
QUANG_NINH = [("22", "Q1", "done", "2025-12-31", NOW), ("22", "Q2", "in_progress", "2025-11-20", NOW)]


def test_task_states_at_the_30_day_edges():
    tasks = register(NGHE_AN)
    now = tasks[tasks["as_of"] == pd.Timestamp(NOW)].set_index("task_id")
    states = status.task_states(now)
    assert states.to_dict() == {
        "A": "done",
        "B": "done",
        "C": "on_track",
        "D": "overdue",
        "E": "overdue",
        "G": "done",
        "H": "due_soon",  # due on the snapshot day: not yet overdue
        "I": "due_soon",  # exactly 30 days ahead
        "J": "on_track",  # 31 days ahead
        "K": "overdue",
    }
    counts = status.state_counts(now.reset_index(), ["province_code"]).iloc[0]
    assert (counts["done"], counts["on_track"], counts["due_soon"], counts["overdue"], counts["assigned"]) == (
        3,
        2,
        2,
        3,
        10,
    )


def test_task_without_deadline_is_on_track_and_a_label_overdue_is_overdue():
    frame = register([("40", "X", "in_progress", None, NOW), ("40", "Y", "in_progress", "2026-01-01", NOW)])
    frame.loc[1, "is_overdue"] = True  # 'Quá hạn' label
    assert status.task_states(frame).tolist() == ["on_track", "overdue"]


def test_changes_per_task():
    tasks = register(NGHE_AN)
    current, before = changes.snapshots(tasks)
    per_task = changes.task_changes(current, before).set_index("task_id")
    flagged = {flag: sorted(per_task.index[per_task[flag]]) for flag in per_task.columns if flag.startswith("is_")}
    assert flagged == {
        "is_added": ["G", "H", "I", "J", "K"],
        "is_removed": ["F"],
        "is_newly_done": ["A", "G"],
        "is_reopened": ["C"],
        "is_newly_overdue": ["D", "K"],
        "is_due_soon": ["H", "I"],
    }


def test_changes_per_unit_counts_and_a_unit_without_previous_snapshot():
    difficulties = pd.DataFrame(
        {
            "province_code": ["40"] * 5,
            "reported_on": pd.to_datetime([BEFORE, "2025-11-01", NOW, "2025-11-20", None]),
        }
    )
    table = changes.changes(register(NGHE_AN + QUANG_NINH), difficulties=difficulties).set_index("province_code")
    nghe_an = table.loc["40"]
    expected = dict(
        assigned=10,
        done=3,
        previous_assigned=6,
        previous_done=2,
        tasks_added=5,
        tasks_removed=1,
        newly_done=2,
        newly_done_new_tasks=1,
        reopened=1,
        newly_overdue=2,
        due_soon=2,
        difficulties_new=2,  # 1 and 13 November; not 31 October (the previous report), not 20 November, not undated
    )
    assert {k: int(nghe_an[k]) for k in expected} == expected
    assert nghe_an["previous_as_of"] == pd.Timestamp(BEFORE)
    quang_ninh = table.loc["22"]
    assert pd.isna(quang_ninh["previous_as_of"]) and pd.isna(quang_ninh["newly_done"])
    assert pd.isna(quang_ninh["difficulties_new"]) and pd.isna(quang_ninh["rank_change"])
    assert int(quang_ninh["due_soon"]) == 1
    national = table.loc["00"]
    assert int(national["assigned"]) == 12 and int(national["newly_done"]) == 2 and int(national["due_soon"]) == 3
    assert national["completion_pct"] == pytest.approx(100 * 4 / 12)


def test_previous_report_chosen_by_date():
    rows = [
        ("01", "T1", "in_progress", "2025-12-31", "2025-09-30"),
        ("01", "T2", "in_progress", "2025-12-31", "2025-09-30"),
        ("01", "T1", "done", "2025-12-31", "2025-10-31"),
        ("01", "T2", "in_progress", "2025-12-31", "2025-10-31"),
        ("01", "T1", "done", "2025-12-31", NOW),
        ("01", "T2", "done", "2025-12-31", NOW),
    ]
    own = changes.changes(register(rows)).set_index("province_code").loc["01"]
    assert own["previous_as_of"] == pd.Timestamp("2025-10-31") and int(own["newly_done"]) == 1
    chosen = changes.changes(register(rows), previous="2025-10-15").set_index("province_code").loc["01"]
    assert chosen["previous_as_of"] == pd.Timestamp("2025-09-30") and int(chosen["newly_done"]) == 2
    # a report date given as the current one: the previous must still be earlier than the current report
    at_oct = changes.changes(register(rows), as_of="2025-10-31", previous="2025-12-01")
    assert at_oct.set_index("province_code").loc["01", "previous_as_of"] == pd.Timestamp("2025-09-30")


def _units_with(done_before, done_now, n):
    rows = []
    for code in done_before:
        for i in range(n):
            rows.append((code, f"{code}-{i}", "done" if i < done_before[code] else "in_progress", "2026-06-30", BEFORE))
            rows.append((code, f"{code}-{i}", "done" if i < done_now[code] else "in_progress", "2026-06-30", NOW))
    return register(rows)


def test_rank_change_is_meaningful_only_outside_the_plausible_range():
    # 200 tasks each: 95 %, 75 %, 50 % are far apart, so the plausible ranges are single ranks
    big = changes.changes(_units_with({"01": 20, "22": 100, "40": 180}, {"01": 190, "22": 100, "40": 150}, 200))
    big = big.set_index("province_code")
    assert (big.loc["01", "previous_rank"], big.loc["01", "rank"], big.loc["01", "rank_change"]) == (3, 1, 2)
    assert (big.loc["01", "rank_best"], big.loc["01", "rank_worst"]) == (1, 1)
    assert bool(big.loc["01", "is_rank_change_meaningful"]) and bool(big.loc["22", "is_rank_change_meaningful"])
    # 5 tasks each: 01 overtakes 40 (3/5 → 4/5 against 4/5 → 3/5), within the uncertainty of such counts
    small = changes.changes(_units_with({"01": 3, "22": 1, "40": 4}, {"01": 4, "22": 1, "40": 3}, 5))
    small = small.set_index("province_code")
    assert small.loc["01", "rank_change"] == 1 and small.loc["01", "rank_worst"] >= 2
    assert not bool(small.loc["01", "is_rank_change_meaningful"])
    up, down = changes.movers(big.reset_index(), "NQ57")
    assert up["province_code"].tolist() == ["01"] and down["province_code"].tolist() == [
        "40",
        "22",
    ]  # both fell one place; 40 lost 15 points


@pytest.mark.parametrize(
    "probability, dof, expected",
    [
        pytest.param(0.95, 2, 5.991, id="chi2-0.95-2"),
        pytest.param(0.05, 10, 3.940, id="chi2-0.05-10"),
        pytest.param(0.975, 30, 46.979, id="chi2-0.975-30"),
        pytest.param(0.5, 1, 0.455, id="chi2-0.5-1"),
        pytest.param(0.99, 1, 6.635, id="chi2-0.99-1"),
        pytest.param(0.95, 100, 124.342, id="chi2-0.95-100"),
    ],
)
def test_gamma_quantile_matches_tabulated_chi_square(probability, dof, expected):
    assert 2 * stats.gamma_quantile(probability, dof / 2) == pytest.approx(expected, abs=6e-4)


@pytest.mark.parametrize(
    "count, low, high",
    [(0, 0.0, 2.996), (1, 0.0513, 4.744), (5, 1.970, 10.513), (10, 5.425, 16.962)],
    ids=["k0", "k1", "k5", "k10"],
)
def test_exact_poisson_interval_matches_garwood_tables(count, low, high):
    got = stats.poisson_interval(count, 0.90)
    assert got == pytest.approx((low, high), abs=6e-4)


def _history(code, done_by_date, assigned):
    rows = []
    for as_of, done in done_by_date.items():
        for i in range(assigned):
            rows.append((code, f"{code}-{i}", "done" if i < done else "in_progress", "2026-06-30", as_of))
    return rows


# three snapshots 8 weeks apart at the ends: done 10 → 14 → 20, so 10 completions in exactly 8 weeks
PACE = {"2025-09-01": 10, "2025-10-01": 14, "2025-10-27": 20}


def test_outlook_projection_band_needed_pace_and_verdicts():
    rows = _history("40", PACE, 40) + _history("22", PACE, 35) + _history("01", PACE, 24)
    table = outlook.outlook(register(rows), deadline="2025-12-22").set_index("province_code")
    nghe_an = table.loc["40"]
    assert nghe_an["pace_from"] == pd.Timestamp("2025-09-01") and nghe_an["pace_weeks_observed"] == 8
    assert nghe_an["completions"] == 10 and nghe_an["pace_per_week"] == pytest.approx(1.25)
    assert nghe_an["weeks_left"] == 8 and nghe_an["needed_per_week"] == pytest.approx(20 / 8)
    # Garwood 90 % for 10: (5.4254, 16.9622) completions per 8 weeks; 8 weeks left
    assert nghe_an["projected_done"] == pytest.approx(30)
    assert nghe_an["projected_low"] == pytest.approx(25.4254, abs=1e-3)
    assert nghe_an["projected_high"] == pytest.approx(36.9622, abs=1e-3)
    assert table.loc["40", "verdict"] == "off_track"  # 36.96 < 40
    assert table.loc["22", "verdict"] == "at_risk"  # 25.4 < 35 ≤ 36.96
    assert table.loc["22", "projected_high"] == 35  # capped at the tasks assigned
    assert table.loc["01", "verdict"] == "on_track"  # 25.4 ≥ 24
    national = table.loc["00"]
    assert (national["done"], national["assigned"], national["completions"]) == (60, 99, 30)


def test_outlook_short_history_single_snapshot_and_past_deadline():
    short = _history("40", {"2025-10-13": 10, "2025-10-27": 12}, 40)  # only 2 weeks of history
    single = _history("22", {"2025-10-27": 3}, 10)
    finished = _history("01", {"2025-09-01": 5, "2025-10-27": 8}, 8)
    table = outlook.outlook(register(short + single + finished), deadline="2025-12-22").set_index("province_code")
    assert table.loc["40", "pace_weeks_observed"] == 2 and table.loc["40", "pace_per_week"] == 1
    assert table.loc["22", "verdict"] == "unknown" and pd.isna(table.loc["22", "pace_per_week"])
    assert table.loc["01", "verdict"] == "on_track" and table.loc["01", "projected_low"] == 8
    past = outlook.outlook(register(short + finished), deadline="2025-10-27").set_index("province_code")
    assert past.loc["40", "verdict"] == "missed" and past.loc["01", "verdict"] == "met"
    assert past.loc["40", "weeks_left"] == 0 and pd.isna(past.loc["40", "needed_per_week"])


def test_outlook_with_no_completions_still_has_an_upper_bound():
    table = outlook.outlook(register(_history("40", {"2025-09-01": 5, "2025-10-27": 5}, 10)), deadline="2025-12-22")
    row = table.set_index("province_code").loc["40"]
    assert row["pace_per_week"] == 0 and row["projected_low"] == 5
    assert row["projected_high"] == pytest.approx(5 + 2.9957, abs=1e-3) and row["verdict"] == "off_track"


# ------------------------------------------------------------------------------------ presentation


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_status_bars_four_states_in_fixed_colours_with_patterns_and_aa_contrast():
    from dtanalysis.briefings import charts

    counts = pd.DataFrame(
        {
            "group": ["Dữ liệu số", "Hạ tầng số"],
            "done": [3, 1],
            "on_track": [1, 2],
            "due_soon": [0, 1],
            "overdue": [2, 0],
        }
    )
    fig = charts.status_bars(counts, "group", lang="en")
    assert [trace.name for trace in fig.data] == ["Done", "On track", "Due within 30 days", "Overdue"]
    assert [trace.marker.color for trace in fig.data] == list(charts.STATE_COLOURS.values())
    patterns = [trace.marker.pattern.shape for trace in fig.data]
    assert len(set(patterns)) == 4  # apart without colour
    assert list(fig.data[3].x) == [2, 0] and list(fig.data[0].y) == ["Dữ liệu số", "Hạ tầng số"]  # most done first
    for colour in charts.STATE_COLOURS.values():
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour  # WCAG AA against white (and white text on it)


def test_outlook_chart_draws_band_projection_needed_pace_and_deadline():
    from dtanalysis.briefings import charts

    history = pd.DataFrame({"as_of": pd.to_datetime(["2025-09-01", "2025-10-27"]), "done": [10, 20]})
    projection = dict(
        as_of="2025-10-27", done=20, assigned=40, deadline="2025-12-22", projected_done=30.0,
        projected_low=25.4, projected_high=36.9,
    )  # fmt: skip
    fig = charts.outlook_chart(history, projection, lang="en")
    names = [trace.name for trace in fig.data]
    assert names == ["90% projection band", "Done to date", "Projected done", "Pace needed to finish"]
    assert list(fig.data[3].y) == [20, 40] and list(fig.data[2].y) == [20, 30.0]
    assert any(a.text == "Deadline" for a in fig.layout.annotations)


@pytest.mark.parametrize(
    "value, expected", [("31/12/2025", "2025-12-31"), ("2025-12-31", "2025-12-31")], ids=["vietnamese", "iso"]
)
def test_deadline_and_previous_parameters_are_dates(value, expected):
    from dtanalysis.briefings.parameters import check_parameters

    declared = {"deadline": {"inferred_type_name": "str"}, "previous_as_of": {"inferred_type_name": "str"}}
    assert check_parameters({"deadline": value, "previous_as_of": value}, declared, "x.yaml") == {
        "deadline": expected,
        "previous_as_of": expected,
    }


def test_a_deadline_that_is_not_a_date_is_refused():
    from dtanalysis.briefings.parameters import check_parameters
    from dtanalysis.common.errors import ParameterError

    with pytest.raises(ParameterError, match="deadline"):
        check_parameters({"deadline": "end of year"}, {"deadline": {"inferred_type_name": "str"}}, "x.yaml")


def test_context_index_cells_and_tables_on_the_sample(sample_bundle, tmp_path):
    from dtanalysis.briefings import context
    from dtanalysis.cli import main

    ctx = context.build_context(sample_bundle)
    # Nghệ An, 31 Oct → 13 Nov 2025: 8 newly done, none newly overdue (tests/test_meeting_independent.py)
    assert context.changes_cell(ctx, "40", "en") == "+8 done, 0 newly overdue"
    assert context.outlook_cell(ctx, "40", "en") == "Off track"
    listed = context.changed_task_list(ctx, "40", "en")
    assert (listed["change"] == "Newly done").sum() == 8 and (listed["change"] == "Due within 30 days").sum() == 2
    assert context.state_units(ctx)["assigned"].sum() == 3430
    # the rank, its range and the previous rank are the league's own
    mine = ctx.changes[ctx.changes["province_code"] != "00"].set_index("province_code")
    league = ctx.league.set_index("province_code").loc[mine.index]
    for column in ("rank", "rank_best", "rank_worst", "previous_rank"):
        assert (mine[column] == league[f"completion_{column}"]).all(), column
    out = tmp_path / "tables"
    assert main(["tables", "--data", str(SAMPLE), "--out", str(out), "--previous", "2025-09-30"]) == 0
    changed = pd.read_csv(out / "changes.csv", dtype={"province_code": str})
    national = changed[(changed["province_code"] == "00") & (changed["programme"] == "NQ57")].iloc[0]
    assert national["previous_as_of"] == "2025-09-30" and national["assigned"] == 3430
    projected = pd.read_csv(out / "outlook.csv", dtype={"province_code": str})
    assert set(projected["verdict"]) <= set(outlook.VERDICTS) and (projected["deadline"] == "2025-12-31").all()


def test_outlook_pace_before_the_merger_sums_each_old_provinces_own_latest_report():
    rows = [("01", f"A1-{i}", "done" if i < 2 else "in_progress", "2026-06-30", "2025-05-30") for i in range(4)]
    rows += [("01", f"A2-{i}", "done" if i < 1 else "in_progress", "2026-06-30", "2025-06-02") for i in range(4)]
    rows += [("01", f"A{j}-{i}", "done" if (j, i) != (2, 3) else "in_progress", "2026-06-30", "2025-08-31")
             for j in (1, 2) for i in range(4)]  # fmt: skip
    tasks = register(rows)
    tasks["old_province_code"] = [
        ("A1" if r[1].startswith("A1") else "A2") if r[4] < "2025-07-01" else None for r in rows
    ]
    row = outlook.outlook(tasks, deadline="2025-12-31").set_index("province_code").loc["01"]
    # base: A1's 30 May (2 done) and A2's 2 June (1 done) reports together; now 7 of 8 done
    assert row["completions"] == 4 and row["pace_from"] == pd.Timestamp("2025-06-02")
    assert row["pace_weeks_observed"] == pytest.approx(90 / 7)
