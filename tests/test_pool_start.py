"""Workers started before the jobs are known (issue 15): each warms up itself while the parent goes on,
its warm-up never counts against an item's time limit, and a warm-up that fails ends as failed items."""

from __future__ import annotations

import os
import time

from dtanalysis.briefings.pool import Lost, WarmPool


def _slow_warm_up() -> None:
    time.sleep(1.5)  # longer than the items' time limit below


def _failing_warm_up() -> None:
    os._exit(3)  # the worker dies while importing, as on a broken installation


def _double(item: int) -> int:
    return 2 * item


def test_a_warm_up_longer_than_the_time_limit_does_not_time_items_out():
    pool = WarmPool(2, _double, _slow_warm_up, warm_parent=False)
    try:
        done = pool.run(range(4), timeout=1.0, on_done=lambda item, outcome: None)
    finally:
        pool.close()
    assert sorted(outcome for _, outcome in done) == [0, 2, 4, 6]  # no Lost("timeout") from the warm-up


def test_a_warm_up_that_always_dies_ends_as_failed_items_not_a_wait():
    pool = WarmPool(1, _double, _failing_warm_up, warm_parent=False)
    try:
        done = pool.run([1, 2], timeout=30, on_done=lambda item, outcome: None)
    finally:
        pool.close(now=True)
    assert [item for item, _ in done] == [1, 2]
    assert all(isinstance(outcome, Lost) and outcome.status == "died" for _, outcome in done)


def test_keep_stops_the_spare_workers_and_the_rest_still_work():
    pool = WarmPool(3, _double, None, warm_parent=False)
    spare = [process for process, _ in pool.workers[1:]]
    try:
        pool.keep(1)
        assert len(pool.workers) == 1 and not any(p.is_alive() for p in spare)
        done = pool.run([5, 6], timeout=30, on_done=lambda item, outcome: None)
    finally:
        pool.close()
    assert sorted(outcome for _, outcome in done) == [10, 12]
