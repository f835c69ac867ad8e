"""Run a batch's jobs on this machine, in warm worker processes (see pool.py), one notebook at a time each."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from dtanalysis.briefings.jobs import Interrupted, Job, Result, progress_bar, run_job, tick, timeout_result
from dtanalysis.briefings.pool import Lost, WarmPool

RETRY_ON = ("ZMQError", "Address already in use", "DeadKernelError", "Kernel didn't respond")


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
        """Run every job here; a kernel that failed to start (a known jupyter_client port race) gets one more try."""
        if not jobs:
            return []
        size = max(1, min(self.jobs or os.cpu_count() or 1, len(jobs)))
        pool = WarmPool(size, run_job, warm_up)
        bar = progress_bar(len(jobs), "briefings", self.progress)
        results: list[Result] = []
        interrupted = False
        try:
            self._run(pool, jobs, lambda result: tick(bar, result), results)
            flaky = {r.unit for r in results if r.status == "failed" and any(m in (r.error or "") for m in RETRY_ON)}
            if flaky:
                again = {r.unit: r for r in self._run(pool, [j for j in jobs if j.unit in flaky], lambda r: None, [])}
                for r in again.values():
                    r.attempts = 2
                results = [again.get(r.unit, r) for r in results]
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM turned into one by the batch: the workers go in `finally`
            interrupted = True
            raise Interrupted(results) from None
        finally:
            bar.close()
            pool.close(now=interrupted)
        return results

    def _run(self, pool: WarmPool, jobs: list[Job], on_result, results: list[Result]) -> list[Result]:
        """Run `jobs` on the pool, appending each result to `results` as it arrives (kept if interrupted)."""

        def done(job: Job, outcome) -> None:
            result = self._result(job, outcome)
            results.append(result)
            on_result(result)

        pool.run(jobs, self.timeout, done)
        return results

    def _result(self, job: Job, outcome: Result | Lost) -> Result:
        if not isinstance(outcome, Lost):
            return outcome
        if outcome.status == "timeout":
            return timeout_result(job, outcome.seconds, self.timeout)
        return Result(job.unit, job.code, "failed", outcome.seconds, error="the worker process died")
