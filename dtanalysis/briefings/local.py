"""Run a batch's jobs on this machine, in warm worker processes (see pool.py), one notebook at a time each."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from dtanalysis.briefings.jobs import Interrupted, Job, Result, progress_bar, run_job, tick, timeout_result
from dtanalysis.briefings.pool import Lost, WarmPool

REHEARSAL = "import plotly.graph_objects as go\n\ngo.Figure(go.Bar(x=['a'], y=[1]))"
_warm = False


def warm_up() -> None:
    """Make this process ready to run notebooks, once: import what every notebook imports, read the reference
    tables and build the classifier the pages use, and run one tiny notebook to a page, which does what the
    first notebook of a process otherwise does (nbconvert's templates compiled, nbformat's validator built,
    plotly's figure classes set up, the packed plotly.js made; ~0.45 s). Done before the workers fork (while
    the batch plans, `batch._run`), all of it is done once and every worker inherits it.

    The garbage collector is paused meanwhile (the modules allocate hundreds of thousands of objects that are
    never garbage, and each collection pass walks them all), then what was made is frozen out of later
    collections, so forked workers also keep sharing those pages with the parent.
    """
    global _warm
    if _warm:
        return
    import tempfile

    import nbformat

    gc.disable()
    try:
        import dtanalysis.briefings.page  # noqa: F401  (context, charts, blocks, narrative)
        from dtanalysis.analysis.difficulties import classify
        from dtanalysis.briefings.engine import execute
        from dtanalysis.briefings.export import notebook_html
        from dtanalysis.inputs import reference
        from dtanalysis.inputs.provinces import resolve

        resolve("Hà Nội")
        classify("thiếu kinh phí")
        reference.indicator_catalogue()
        with tempfile.TemporaryDirectory(prefix="dtanalysis-warm-up-") as folder:
            path = Path(folder) / "rehearsal.ipynb"
            nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(REHEARSAL)]), path)
            notebook_html(execute(path, {}), title="", lang="vi", fingerprint="")
    finally:
        gc.enable()
        gc.freeze()
    _warm = True


class LocalExecutor:
    """The local executor: `jobs` worker processes (default: one per core), each job with a time limit."""

    def __init__(self, jobs: int | None, timeout: float, progress: bool = True):
        self.jobs, self.timeout, self.progress = jobs, timeout, progress

    def warm_up(self) -> None:
        """Make this process ready to fork warm workers (see `warm_up`)."""
        warm_up()

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
