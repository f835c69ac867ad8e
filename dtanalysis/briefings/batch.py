"""`dtanalysis briefings`: one briefing pack per province, a national overview, an index and a manifest.

The batch plans everything first (plan.py: the data validated once — bad input means nothing is written —,
every parameter checked against the notebooks' `parameters` cells before any kernel starts, the national
tables computed once), then hands the jobs to an executor: warm worker processes here (local.py) or a Dask
cluster (cluster.py). A unit that fails or exceeds its time limit is recorded and the others continue.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from dtanalysis.briefings.jobs import Executor, Interrupted, Result
from dtanalysis.briefings.manifest import build_manifest, exit_code, read_units
from dtanalysis.briefings.options import BatchOptions
from dtanalysis.briefings.parameters import notebook_parameters
from dtanalysis.briefings.plan import plan
from dtanalysis.common.errors import DtError
from dtanalysis.common.files import write_text_atomic

__all__ = ["BatchOptions", "exit_code", "run_briefings"]


def executor_for(options: BatchOptions) -> Executor:
    """Return the executor the options ask for: warm local workers, or the Dask cluster at --scheduler."""
    if options.executor == "dask":
        from dtanalysis.briefings.cluster import DaskExecutor

        return DaskExecutor(options.scheduler, options.timeout, options.progress)
    from dtanalysis.briefings.local import LocalExecutor

    return LocalExecutor(options.jobs, options.timeout, options.progress)


def run_briefings(options: BatchOptions) -> dict:
    """Run the whole batch; return the manifest (also written to <out>/<as_of>/manifest.json).

    Interrupted (Ctrl-C, SIGTERM), it stops the workers, removes its scratch folder, writes a manifest and
    index marking the unfinished units `interrupted` (so `--only-failed` resumes them), then raises
    KeyboardInterrupt. A second batch into the same --out while one runs stops with a message.
    """
    with output_lock(options.out_dir), sigterm_as_interrupt():
        return _run(options)


def _run(options: BatchOptions) -> dict:
    from dtanalysis.briefings.context import load_shared
    from dtanalysis.briefings.fingerprint import request_digest
    from dtanalysis.briefings.pool import run_beside

    started = time.perf_counter()
    request = request_digest(options)
    if not options.force and not options.only_failed:
        kept = _nothing_changed(options, request, started)
        if kept is not None:
            return kept
    executor = executor_for(options)
    interrupted = None
    with tempfile.TemporaryDirectory(prefix="dtanalysis-") as scratch:
        shared = Path(scratch) / "context.pkl"
        # the plan (load, check, shared tables, fingerprints) in a child process while this one warms up
        planned, fingerprints, todo, up_to_date = run_beside(partial(_prepare, options, shared), executor.warm_up)
        planned.context = load_shared(shared)  # read once here, before the workers fork: they inherit it
        try:
            results = executor.run(todo, shared) if todo else []
        except Interrupted as err:
            finished = {r.unit for r in err.results}
            results = err.results + [
                Result(j.unit, j.code, "interrupted", 0.0, error="the batch was interrupted before this pack was made")
                for j in todo
                if j.unit not in finished
            ]
            interrupted = err
    manifest = _write_manifest_and_index(
        options, planned, results, time.perf_counter() - started, fingerprints=fingerprints, up_to_date=up_to_date
    )
    if not interrupted:
        manifest["request"] = request  # what the next run compares with before loading anything
        write_text_atomic(
            planned.out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str)
        )
    if interrupted is not None:
        raise KeyboardInterrupt(f"{len(interrupted.results)} of {len(todo)} packs finished") from None
    return manifest


def _prepare(options: BatchOptions, shared: Path):
    """Plan the batch, fingerprint every unit and choose the jobs to run; write the shared tables to `shared`.
    Return (the plan without its context, which is read from `shared`; fingerprints; jobs to run; units up
    to date)."""
    from dtanalysis.briefings.context import save_context
    from dtanalysis.briefings.fingerprint import stale_jobs, unit_fingerprints

    planned = plan(options)
    fingerprints = unit_fingerprints(planned.context, planned.jobs, options.level)
    todo, up_to_date = stale_jobs(planned.jobs, fingerprints, read_units(planned.out_dir), force=options.force)
    save_context(planned.context, shared)
    for job in todo:
        if "shared_tables" in notebook_parameters(job.notebook):
            job.parameters["shared_tables"] = str(shared)
    planned.context = None
    return planned, fingerprints, todo, up_to_date


def _nothing_changed(options: BatchOptions, request: str, started: float) -> dict | None:
    """When no input file, parameter, notebook, option or code changed since a run whose packs are all there,
    return that run's manifest, rewritten to say every pack is up to date (the index is unchanged: it shows
    the same packs from the same data); None otherwise."""
    import datetime as dt

    from dtanalysis.briefings.fingerprint import unchanged_manifest

    found = unchanged_manifest(options, request)
    if found is None:
        return None
    folder, manifest = found
    kept = sorted(manifest["run"]["units"] + manifest["run"].get("up_to_date", []))
    manifest["generated"] = dt.datetime.now().isoformat(timespec="seconds")
    manifest["seconds"] = round(time.perf_counter() - started, 2)
    manifest["run"] = {"units": [], "summary": dict.fromkeys(manifest["run"]["summary"], 0), "up_to_date": kept}
    write_text_atomic(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    return manifest


def _write_manifest_and_index(
    options: BatchOptions,
    planned,
    results: list[Result],
    seconds: float,
    *,
    fingerprints: dict[str, str] | None = None,
    up_to_date: list[str] = (),
) -> dict:
    from dtanalysis.briefings.index_page import commune_index_html, index_html

    out_dir = planned.out_dir
    manifest = build_manifest(
        ctx=planned.context,
        bundle=planned.bundle,
        data_dir=options.data_dir,
        params=planned.parameters,
        results=results,
        previous=read_units(out_dir),
        out_dir=out_dir,
        seconds=seconds,
        fingerprints=fingerprints,
        up_to_date=up_to_date,
    )
    index = commune_index_html if options.level == "commune" else index_html
    write_text_atomic(out_dir / "index.html", index(planned.context, manifest, planned.parameters.get("lang", "vi")))
    write_text_atomic(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    return manifest


@contextmanager
def output_lock(out_dir: Path):
    """Hold an exclusive lock on `out_dir` for the run; raise DtError at once if another batch holds it.

    The lock file lives in the system's temporary folder (named by the output folder's path), so taking it
    writes nothing into the output folder; the operating system releases it when the process ends.
    """
    key = hashlib.sha256(str(Path(out_dir).resolve()).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"dtanalysis-{key}.lock"
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise DtError(
                f"another `dtanalysis briefings` ({holder}) is writing to {out_dir}; wait for it to finish, "
                "or choose another --out"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def sigterm_as_interrupt():
    """Treat SIGTERM like Ctrl-C while the batch runs, so both stop the workers and clean up the same way."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt("terminated")

    if threading.current_thread() is not threading.main_thread():  # signals can only be set there
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
