"""Run a batch's jobs on this machine, in warm worker processes (see pool.py), one notebook at a time each."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from dtanalysis.briefings.jobs import Interrupted, Job, Result, progress_bar, run_job, tick, timeout_result
from dtanalysis.briefings.pool import Lost, WarmPool


def warm_up() -> None:
    """Import what every notebook imports, once per worker process.

    The garbage collector is paused while the modules load (they allocate hundreds of thousands of objects
    that are never garbage, and each collection pass walks them all), then what was imported is frozen out
    of later collections, so forked workers also keep sharing those pages with the parent.
    """
    gc.disable()
    try:
        import dtanalysis.briefings.engine
        import dtanalysis.briefings.export
        import dtanalysis.briefings.page  # noqa: F401  (context, charts, blocks, narrative)
    finally:
        gc.enable()
        gc.freeze()


class LocalExecutor:
    """The local executor: `jobs` worker processes (default: one per core), each job with a time limit."""

    def __init__(self, jobs: int | None, timeout: float, progress: bool = True):
        self.jobs, self.timeout, self.progress = jobs, timeout, progress

    def run(self, jobs: list[Job], shared_tables: Path) -> list[Result]:
        """Run every job here, one notebook at a time in each warm worker."""
        if not jobs:
            return []
        size = max(1, min(self.jobs or os.cpu_count() or 1, len(jobs)))
        pool = WarmPool(size, run_job, warm_up)
        bar = progress_bar(len(jobs), "briefings", self.progress)
        results: list[Result] = []  # in the order they finish; kept if the batch is interrupted

        def done(job: Job, outcome: Result | Lost) -> None:
            result = self._result(job, outcome)
            results.append(result)
            tick(bar, result)

        interrupted = False
        try:
            pool.run(jobs, self.timeout, done)
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM turned into one by the batch: the workers go in `finally`
            interrupted = True
            raise Interrupted(results) from None
        finally:
            bar.close()
            pool.close(now=interrupted)
        return results

    def _result(self, job: Job, outcome: Result | Lost) -> Result:
        if not isinstance(outcome, Lost):
            return outcome
        if outcome.status == "timeout":
            return timeout_result(job, outcome.seconds, self.timeout)
        return Result(job.unit, job.code, "failed", outcome.seconds, error="the worker process died")
