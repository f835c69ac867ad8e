"""`dtanalysis briefings`: one briefing pack per province, a national overview, an index and a manifest.

The batch plans everything first (plan.py: the data validated once — bad input means nothing is written —,
every parameter checked against the notebooks' `parameters` cells before any kernel starts, the national
tables computed once), then hands the jobs to an executor: warm worker processes here (local.py) or a Dask
cluster (cluster.py). A unit that fails or exceeds its time limit is recorded and the others continue.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from dtanalysis.briefings.jobs import Executor
from dtanalysis.briefings.manifest import build_manifest, exit_code, read_units
from dtanalysis.briefings.options import BatchOptions
from dtanalysis.briefings.parameters import notebook_parameters
from dtanalysis.briefings.plan import plan
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
    """Run the whole batch; return the manifest (also written to <out>/<as_of>/manifest.json)."""
    from dtanalysis.briefings.context import save_context
    from dtanalysis.briefings.index_page import commune_index_html, index_html

    started = time.perf_counter()
    planned = plan(options)
    executor = executor_for(options)
    with tempfile.TemporaryDirectory(prefix="dtanalysis-") as scratch:
        shared = save_context(planned.context, Path(scratch) / "context.pkl")
        for job in planned.jobs:
            if "shared_tables" in notebook_parameters(job.notebook):
                job.parameters["shared_tables"] = str(shared)
        results = executor.run(planned.jobs, shared)
    out_dir = planned.out_dir
    manifest = build_manifest(
        ctx=planned.context,
        bundle=planned.bundle,
        data_dir=options.data_dir,
        params=planned.parameters,
        results=results,
        previous=read_units(out_dir) if options.only_failed else {},
        seconds=time.perf_counter() - started,
    )
    index = commune_index_html if options.level == "commune" else index_html
    write_text_atomic(out_dir / "index.html", index(planned.context, manifest, planned.parameters.get("lang", "vi")))
    write_text_atomic(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    return manifest
