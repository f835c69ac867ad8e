"""One notebook run: what it is (`Job`), what happened to it (`Result`), how it runs and writes its pack,
and the interface every executor of a batch offers (`Executor`), local or on a cluster."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dtanalysis.briefings.parameters import MANAGED
from dtanalysis.common.files import write_text_atomic


@dataclass
class Job:
    """One notebook run: which unit, which notebook, with which parameters, written where."""

    unit: str  # slug: 'nghe-an', 'national'
    code: str  # 2-digit unit code, '00' for national
    notebook: str
    parameters: dict
    out_dir: str
    title: str
    lang: str
    fingerprint: str


@dataclass
class Result:
    """What happened to one job, as recorded in the manifest."""

    unit: str
    code: str
    status: str  # ok | failed | timeout
    seconds: float
    output: str | None = None
    notebook: str | None = None
    error: str | None = None


class Interrupted(Exception):
    """The batch was stopped (Ctrl-C, SIGTERM) while jobs ran; `results` holds the jobs that finished."""

    def __init__(self, results: list[Result]):
        super().__init__(f"interrupted after {len(results)} finished job(s)")
        self.results = results


class Executor(Protocol):
    """Runs a batch's jobs somewhere and returns one result per job; never raises for a failing job."""

    def warm_up(self) -> None:
        """Prepare this process for `run`, while the batch plans in another; nothing when the jobs run elsewhere."""
        ...

    def run(self, jobs: list[Job], shared_tables: Path) -> list[Result]:
        """Run every job (each reads the tables the batch computed once from `shared_tables`); on Ctrl-C or
        SIGTERM stop every worker and raise `Interrupted` with the results of the jobs that finished."""
        ...


def render(job: Job, notebook_out: Path) -> str:
    """Execute one job's notebook, written (atomically) to `notebook_out`; return its HTML pack."""
    from dtanalysis.briefings.engine import execute
    from dtanalysis.briefings.export import notebook_html

    executed = execute(Path(job.notebook), job.parameters, output=notebook_out)
    return notebook_html(
        executed,
        title=job.title,
        lang=job.lang,
        fingerprint=job.fingerprint,
        parameters={k: v for k, v in job.parameters.items() if k not in MANAGED + ("data_dir",)},
    )


def write_pack(job: Job, html: str) -> Result:
    """Write a job's pack atomically (its executed notebook is already in place); return its successful result
    without timing."""
    write_text_atomic(Path(job.out_dir) / f"{job.unit}.html", html)
    return Result(job.unit, job.code, "ok", 0.0, output=f"{job.unit}.html", notebook=f"{job.unit}.ipynb")


def run_job(job: Job) -> Result:
    """Execute one notebook and write its executed notebook and HTML pack; never raises.

    A notebook whose cell failed is still written, papermill marking the failing cell: what to open to see why.
    """
    started = time.perf_counter()
    try:
        result = write_pack(job, render(job, Path(job.out_dir) / f"{job.unit}.ipynb"))
    except Exception as err:  # a failing province is recorded, the batch goes on
        written = type(err).__name__ == "PapermillExecutionError"  # raised after the notebook was saved
        notebook = f"{job.unit}.ipynb" if written else None
        result = Result(job.unit, job.code, "failed", 0.0, notebook=notebook, error=describe_failure(err))
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def describe_failure(err: Exception) -> str:
    """Return a short description of a notebook failure: the exception and, for papermill, the cell's error."""
    name = type(err).__name__
    if name == "PapermillExecutionError":
        return f"{err.ename}: {err.evalue} (cell {err.exec_count})"
    return f"{name}: {err}" if str(err) else "".join(traceback.format_exception_only(err)).strip()


def timeout_result(job: Job, seconds: float, limit: float) -> Result:
    """Return the result of a job that gave no answer within its time limit."""
    return Result(job.unit, job.code, "timeout", seconds, error=f"no result within the time limit of {limit:g} s")


def progress_bar(total: int, desc: str, enabled: bool):
    """Return a tqdm progress bar counting packs (see `tick`)."""
    from tqdm import tqdm

    return tqdm(total=total, unit="pack", desc=desc, disable=not enabled)


def tick(bar, result: Result) -> None:
    """Advance the progress bar by one finished job, showing its unit and status."""
    bar.set_postfix_str(f"{result.unit} {result.status}")
    bar.update()
