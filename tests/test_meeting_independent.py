"""The meeting tables checked against an independent computation: plain pandas on data/sample/tasks.csv
(no dtanalysis code), newly done / newly overdue / due-soon task lists and the deadline projections for two
provinces, the Poisson interval found by bisection on the Poisson distribution itself (not the gamma)."""

import math
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DEADLINE = pd.Timestamp("2025-12-31")


def _poisson_cdf(k: int, mean: float) -> float:
    return sum(math.exp(-mean + i * math.log(mean) - math.lgamma(i + 1)) for i in range(k + 1)) if mean > 0 else 1.0


def _solve(f, low=0.0, high=1e4):
    """Root of an increasing function by bisection."""
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if f(middle) < 0 else (low, middle)
    return (low + high) / 2


def independent(province: str) -> dict:
    """What changed and the projection for one province's NQ57 register, from the CSV with plain pandas."""
    tasks = pd.read_csv(ROOT / "data" / "sample" / "tasks.csv", parse_dates=["due", "as_of"])
    mine = tasks[(tasks["province"] == province) & (tasks["programme"] == "NQ57")]
    dates = sorted(mine["as_of"].unique())
    now, before = mine[mine["as_of"] == dates[-1]], mine[mine["as_of"] == dates[-2]]

    def done(frame):
        return set(frame.loc[frame["status"] == "done", "task_id"])

    def late(frame):
        return set(frame.loc[(frame["status"] != "done") & (frame["due"] < frame["as_of"]), "task_id"])

    days = (now["due"] - now["as_of"]).dt.days
    soon = set(now.loc[(now["status"] != "done") & (days >= 0) & (days <= 30), "task_id"])
    base_date = max(d for d in dates if d <= dates[-1] - pd.Timedelta(days=56))
    k = len(done(now)) - len(done(mine[mine["as_of"] == base_date]))
    weeks = (dates[-1] - base_date).days / 7
    left = (DEADLINE - dates[-1]).days / 7
    # 90 %: P(X ≥ k | low) = 5 %, P(X ≤ k | high) = 5 %
    low = _solve(lambda m: (1 - _poisson_cdf(k - 1, m)) - 0.05) if k else 0.0
    high = _solve(lambda m: 0.05 - _poisson_cdf(k, m))
    assigned, finished = len(now), len(done(now))
    project = [min(assigned, finished + c / weeks * left) for c in (k, low, high)]
    verdict = "on_track" if project[1] >= assigned else "off_track" if project[2] < assigned else "at_risk"
    return {
        "newly_done": sorted(done(now) - done(before)),
        "newly_overdue": sorted(late(now) - late(before)),
        "due_soon": sorted(soon),
        "projected": project,
        "needed": (assigned - finished) / left,
        "verdict": verdict,
    }


@pytest.fixture(scope="module")
def sample():
    import dtanalysis as dt

    return dt.load(ROOT / "data" / "sample")


@pytest.mark.parametrize("province, code", [("Nghệ An", "40"), ("Hà Nội", "01")], ids=["nghe-an", "ha-noi"])
def test_changes_and_outlook_match_plain_pandas(sample, province, code):
    from dtanalysis.analysis import changes, outlook

    expected = independent(province)
    tasks = sample.tasks[sample.tasks["programme"] == "NQ57"]
    per_task = changes.task_changes(*changes.snapshots(tasks))
    mine = per_task[per_task["province_code"] == code]
    for flag, key in (
        ("is_newly_done", "newly_done"),
        ("is_newly_overdue", "newly_overdue"),
        ("is_due_soon", "due_soon"),
    ):
        assert sorted(mine.loc[mine[flag], "task_id"]) == expected[key], key
    row = outlook.outlook(tasks).set_index("province_code").loc[code]
    got = [row["projected_done"], row["projected_low"], row["projected_high"]]
    assert got == pytest.approx(expected["projected"], abs=1e-6)
    assert row["needed_per_week"] == pytest.approx(expected["needed"]) and row["verdict"] == expected["verdict"]
