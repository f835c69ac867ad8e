"""Run the briefing batch on a Dask distributed cluster when one machine is not enough.

Workers there cannot see this machine's files, so each task carries what it needs — the notebook's JSON
and the shared tables (scattered once to every worker) — and returns the executed notebook and HTML page,
which are written here, atomically, exactly as the local pool writes them. Dask workers are long-lived
processes, so imports stay warm across tasks as in the local pool; a lock in each worker runs one
notebook at a time there (the in-process IPython shell is one per process).
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from dtanalysis.briefings.jobs import (
    Interrupted,
    Job,
    Result,
    describe_failure,
    progress_bar,
    render,
    tick,
    timeout_result,
    write_pack,
)
from dtanalysis.common.errors import DtError
from dtanalysis.common.files import write_text_atomic

_LOCK = threading.Lock()


def _materialise(name: str, content: bytes, suffix: str) -> str:
    """Write `content` once per worker to a temporary file named by its hash; return the path."""
    path = Path(tempfile.gettempdir()) / f"dtanalysis-{hashlib.sha256(content).hexdigest()[:16]}{suffix}"
    if not path.exists():
        tmp = path.with_suffix(path.suffix + f".{threading.get_ident()}.tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
    return str(path)


def remote_render(job: Job, notebook: bytes, shared: bytes | None):
    """On a worker: return ('ok', executed notebook's text, html) or ('failed', error text, None) for one job."""
    with _LOCK, tempfile.TemporaryDirectory(prefix="dtanalysis-") as scratch:
        parameters = dict(job.parameters)
        if shared is not None:
            parameters["shared_tables"] = _materialise("tables", shared, ".pkl")
        local = replace(job, notebook=_materialise("notebook", notebook, ".ipynb"), parameters=parameters)
        executed = Path(scratch) / f"{job.unit}.ipynb"
        try:
            html = render(local, executed)
            return "ok", executed.read_text(encoding="utf-8"), html
        except Exception as err:
            return "failed", describe_failure(err), None


class DaskExecutor:
    """The cluster executor: every job a task on the Dask cluster at `scheduler`, each with a time limit."""

    def __init__(self, scheduler: str, timeout: float, progress: bool = True):
        self.scheduler, self.timeout, self.progress = scheduler, timeout, progress

    def warm_up(self) -> None:
        """Nothing to prepare here: the notebooks run on the cluster's workers."""

    def run(self, jobs: list[Job], shared_tables: Path) -> list[Result]:
        """Run every job on the cluster; return the results (failures and time-outs included).

        A task cannot be interrupted where it runs, so a job past its deadline is recorded as a time-out and
        the worker holding it is restarted (workers run under a nanny, as `dask worker` and LocalCluster start
        them). The deadline counts queueing: job i of n gets timeout × (i // slots + 1) from submission.
        """
        from distributed import Client, wait

        try:
            client = Client(self.scheduler, timeout="20s")
        except (OSError, TimeoutError) as err:
            raise DtError(f"cannot reach the Dask scheduler at {self.scheduler}: {err}") from None
        results: list[Result] = []
        pending: dict = {}
        bar = progress_bar(len(jobs), "briefings (dask)", self.progress)
        try:
            slots = max(1, sum(client.nthreads().values()))
            shared = client.scatter(Path(shared_tables).read_bytes(), broadcast=True)
            notebooks = {nb: client.scatter(Path(nb).read_bytes(), broadcast=True) for nb in {j.notebook for j in jobs}}
            submitted = time.perf_counter()
            for index, job in enumerate(jobs):
                future = client.submit(remote_render, job, notebooks[job.notebook], shared, pure=False)
                pending[future] = (job, submitted + self.timeout * (index // slots + 1))
            while pending:
                try:
                    done, _ = wait(list(pending), timeout=0.5, return_when="FIRST_COMPLETED")
                except TimeoutError:  # nothing finished in this half second
                    done = set()
                now = time.perf_counter()
                for future in list(pending):
                    job, deadline = pending[future]
                    if future in done:
                        result = _collect(job, future, round(now - submitted, 3))
                    elif now > deadline:
                        _restart_holder(client, future)
                        future.cancel()
                        result = timeout_result(job, round(now - submitted, 3), self.timeout)
                    else:
                        continue
                    del pending[future]
                    results.append(result)
                    tick(bar, result)
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: cancel what is still queued or running
            client.cancel(list(pending), force=True)
            raise Interrupted(results) from None
        finally:
            bar.close()
            client.close()
        return results


def _collect(job: Job, future, seconds: float) -> Result:
    """Return the result of a finished task, writing its outputs here when it succeeded."""
    try:
        status, first, second = future.result()
    except Exception as err:  # the task itself died (worker lost, cancelled)
        status, first, second = "failed", describe_failure(err), None
    if status != "ok":
        return Result(job.unit, job.code, status, seconds, error=first)
    write_text_atomic(Path(job.out_dir) / f"{job.unit}.ipynb", first)
    result = write_pack(job, second)
    result.seconds = seconds
    return result


def _restart_holder(client, future) -> None:
    """Restart the worker that is running `future`, freeing it from a hung notebook."""
    holders = [worker for worker, keys in client.processing().items() if future.key in keys]
    if holders:
        try:
            client.restart_workers(holders)
        except Exception:  # restarting is best effort: the time-out is recorded either way
            pass
