"""`dtanalysis briefings`: one briefing pack per province, a national overview, an index and a manifest.

The batch validates the data once (bad input: nothing is written), checks every parameter against the
notebook's `parameters` cell before any kernel starts, computes the national tables once, then runs the
notebooks in warm worker processes (each run in a fresh in-process kernel, see engine.py). A unit that
fails or exceeds its time limit is recorded and the others continue.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import multiprocessing as mp
import os
import platform
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from multiprocessing.connection import wait
from pathlib import Path

import yaml

from dtanalysis import __version__
from dtanalysis.briefings.words import check_lang, t
from dtanalysis.common.errors import DtError, ParameterError
from dtanalysis.common.files import write_text_atomic
from dtanalysis.inputs import reference

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
MANAGED = ("province", "commune", "shared_tables")  # set by the batch for each run, never by the user
DEFAULT_TIMEOUT = 300.0
RETRY_ON = ("ZMQError", "Address already in use", "DeadKernelError", "Kernel didn't respond")


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
    attempts: int = 1


@dataclass
class BatchOptions:
    """Everything `dtanalysis briefings` accepts."""

    data_dir: Path = Path("data/sample")
    out_dir: Path = Path("reports")
    provinces: list[str] = field(default_factory=list)
    params_file: Path | None = None
    params_dir: Path = Path("parameters")
    jobs: int | None = None
    lang: str | None = None
    as_of: str | None = None
    only_failed: bool = False
    timeout: float = DEFAULT_TIMEOUT
    level: str = "province"  # or "commune": one pack per commune of a commune-level data folder
    communes: list[str] = field(default_factory=list)
    notebook: Path | None = None  # default: notebooks/<level>_briefing.ipynb
    executor: str = "local"  # "local": warm worker processes here; "dask": a Dask distributed cluster
    scheduler: str | None = None  # with executor "dask": the scheduler address (tcp://host:8786)
    national_notebook: Path = NOTEBOOKS / "national_overview.ipynb"
    published: Path | None = Path("data/published/published_figures.csv")
    progress: bool = True


# ---------------------------------------------------------------- parameters


@cache
def notebook_parameters(notebook: str | Path) -> dict[str, dict]:
    """Return the notebook's declared parameters {name: {default, inferred_type_name, help}}."""
    import papermill

    if not Path(notebook).is_file():
        raise ParameterError(f"notebook {str(notebook)!r} not found")
    return papermill.inspect_notebook(str(notebook))


def _read_yaml(path: Path) -> dict:
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise ParameterError(f"{path}: not valid YAML ({err})") from None
    if not isinstance(values, dict):
        raise ParameterError(f"{path}: expected 'name: value' lines")
    return values


def check_parameters(values: dict, declared: dict[str, dict], source: str) -> dict:
    """Return `values` if every name is a notebook parameter the user may set; raise ParameterError otherwise."""
    allowed = [name for name in declared if name not in MANAGED]
    for name in values:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ParameterError(f"{source}: unknown parameter '{name}'{hint} Parameters: {', '.join(allowed)}")
    return values


def resolve_parameters(options: BatchOptions, declared: dict[str, dict]) -> tuple[dict, dict[str, dict]]:
    """Return (batch parameters, {slug: per-province overrides}) from defaults, --params, per-province files and flags.

    `declared` is every parameter any notebook of the batch accepts; each job later keeps only its own.
    """
    params: dict = {}
    defaults = options.params_dir / "defaults.yaml"
    for path in [defaults] + ([options.params_file] if options.params_file else []):
        if path.is_file():
            params.update(check_parameters(_read_yaml(path), declared, str(path)))
        elif path != defaults:
            raise ParameterError(f"parameter file {str(path)!r} not found")
    flags = {"lang": options.lang, "as_of": options.as_of}
    params.update({k: v for k, v in flags.items() if v is not None})
    params["data_dir"] = str(options.data_dir.resolve())
    check_lang(params.get("lang", "vi"))
    overrides = {}
    if options.params_dir.is_dir():
        for path in sorted(options.params_dir.glob("*.yaml")):
            if path.stem in ("defaults", "composite"):
                continue
            overrides[path.stem] = check_parameters(_read_yaml(path), declared, str(path))
    return params, overrides


# ---------------------------------------------------------------- running one job (in a worker)


def render(job: Job):
    """Return (executed notebook, HTML pack) of one job."""
    from dtanalysis.briefings.engine import execute
    from dtanalysis.briefings.export import notebook_html

    executed = execute(Path(job.notebook), job.parameters)
    html = notebook_html(
        executed,
        title=job.title,
        lang=job.lang,
        fingerprint=job.fingerprint,
        parameters={k: v for k, v in job.parameters.items() if k not in MANAGED + ("data_dir",)},
    )
    return executed, html


def write_outputs(job: Job, executed, html: str) -> Result:
    """Write a job's executed notebook and pack atomically; return its (successful) result without timing."""
    import nbformat

    from dtanalysis.common.files import write_atomic

    out_dir = Path(job.out_dir)
    write_atomic(out_dir / f"{job.unit}.ipynb", lambda tmp: nbformat.write(executed, str(tmp)))
    write_text_atomic(out_dir / f"{job.unit}.html", html)
    return Result(job.unit, job.code, "ok", 0.0, output=f"{job.unit}.html", notebook=f"{job.unit}.ipynb")


def run_job(job: Job) -> Result:
    """Execute one notebook and write its HTML pack and executed notebook; never raises."""
    started = time.perf_counter()
    try:
        result = write_outputs(job, *render(job))
    except Exception as err:  # a failing province is recorded, the batch goes on
        result = Result(job.unit, job.code, "failed", 0.0, error=_describe(err))
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _describe(err: Exception) -> str:
    """Return a short description of a notebook failure: the exception and, for papermill, the cell's error."""
    name = type(err).__name__
    if name == "PapermillExecutionError":
        return f"{err.ename}: {err.evalue} (cell {err.exec_count})"
    return f"{name}: {err}" if str(err) else "".join(traceback.format_exception_only(err)).strip()


# ---------------------------------------------------------------- warm worker pool


def _warm_up() -> None:
    """Import what every notebook imports, once per worker process."""
    import dtanalysis.briefings.engine
    import dtanalysis.briefings.export
    import dtanalysis.briefings.page  # noqa: F401  (context, charts, blocks, narrative)


def _worker(conn) -> None:
    _warm_up()
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send(run_job(job))


class WarmPool:
    """Worker processes that import the libraries once and run jobs one at a time, each with a time limit.

    A job that exceeds its limit has its worker killed and replaced; the others are not disturbed.
    """

    def __init__(self, size: int):
        methods = mp.get_all_start_methods()
        self.context = mp.get_context("fork" if "fork" in methods else "spawn")
        if "fork" in methods:
            _warm_up()  # import once here: forked workers start with everything already imported
        self.size = size
        self.workers: list[tuple] = [self._start() for _ in range(size)]

    def _start(self) -> tuple:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child,), daemon=True)
        process.start()
        child.close()
        return process, parent

    def run(self, jobs: list[Job], timeout: float, on_done) -> list[Result]:
        """Run every job; call `on_done(result)` as each finishes; return the results in completion order."""
        pending, results = list(jobs), []
        busy: dict = {}  # connection → (worker index, job, deadline, started)
        while pending or busy:
            for index, (_process, conn) in enumerate(self.workers):
                if pending and conn not in busy:
                    job = pending.pop(0)
                    conn.send(job)
                    busy[conn] = (index, job, time.monotonic() + timeout, time.perf_counter())
            ready = wait(list(busy), timeout=0.2)
            for conn in ready:
                index, job, _, started = busy.pop(conn)
                try:
                    result = conn.recv()
                except (EOFError, OSError):  # the worker died (e.g. killed by the system): replace it
                    result = Result(
                        job.unit,
                        job.code,
                        "failed",
                        round(time.perf_counter() - started, 3),
                        error="the worker process died",
                    )
                    self.workers[index] = self._restart(index)
                results.append(result)
                on_done(result)
            now = time.monotonic()
            for conn, (index, job, deadline, started) in list(busy.items()):
                if now > deadline:
                    busy.pop(conn)
                    self.workers[index] = self._restart(index)
                    result = Result(
                        job.unit,
                        job.code,
                        "timeout",
                        round(time.perf_counter() - started, 3),
                        error=f"no result within the time limit of {timeout:g} s",
                    )
                    results.append(result)
                    on_done(result)
        return results

    def _restart(self, index: int) -> tuple:
        process, conn = self.workers[index]
        process.kill()
        process.join(5)
        conn.close()
        return self._start()

    def close(self) -> None:
        """Stop every worker."""
        for _process, conn in self.workers:
            try:
                conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for process, _ in self.workers:
            process.join(5)
            if process.is_alive():
                process.kill()


# ---------------------------------------------------------------- the batch


def _versions() -> dict[str, str]:
    names = ("pandas", "plotly", "papermill", "nbconvert", "nbclient", "ipykernel", "pandera", "pyarrow")
    versions = {"python": platform.python_version(), "dtanalysis": __version__}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def plan(options: BatchOptions):
    """Validate inputs and parameters and build the jobs; raise before anything is written or run."""
    if options.executor not in ("local", "dask"):
        raise ParameterError(f"--executor must be 'local' or 'dask', not {options.executor!r}")
    if options.executor == "dask" and not options.scheduler:
        raise ParameterError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if options.level not in ("province", "commune"):
        raise ParameterError(f"--level must be 'province' or 'commune', not {options.level!r}")
    options.notebook = options.notebook or NOTEBOOKS / f"{options.level}_briefing.ipynb"
    return _plan_communes(options) if options.level == "commune" else _plan_provinces(options)


def _all_parameters(options: BatchOptions) -> dict[str, dict]:
    """Return the parameters of every notebook a batch may run, so one defaults file serves both levels."""
    notebooks = {options.notebook, options.national_notebook} | {
        NOTEBOOKS / f"{level}_briefing.ipynb" for level in ("province", "commune")
    }
    merged: dict[str, dict] = {}
    for notebook in notebooks:
        if Path(notebook).is_file() or notebook == options.notebook:
            merged.update(notebook_parameters(notebook))
    return merged


def _plan_communes(options: BatchOptions):
    """Plan one job per commune of a commune-level data folder (no national overview at this level)."""
    from dtanalysis.analysis.communes import commune_context, find_commune
    from dtanalysis.inputs.loader import load
    from dtanalysis.inputs.provinces import resolve

    declared = notebook_parameters(options.notebook)
    params, _ = resolve_parameters(options, _all_parameters(options))
    bundle = load(options.data_dir)
    ctx = commune_context(bundle)
    rows = ctx.communes
    if options.provinces:
        rows = rows[rows["province_code"].isin({resolve(p).province_code for p in options.provinces})]
    if options.communes:
        rows = rows[rows["slug"].isin({find_commune(ctx, c)["slug"] for c in options.communes})]
    out_dir = options.out_dir / ctx.as_of.isoformat() / "communes"
    failed = _failed_units(out_dir) if options.only_failed else None
    lang = params.get("lang", "vi")
    jobs = [
        Job(
            row.slug,
            row.province_code,
            str(options.notebook),
            {**{k: v for k, v in params.items() if k in declared}, "commune": row.slug},
            str(out_dir),
            f"{row.commune} ({row.province_name}) — {t('briefing_title', lang)}",
            lang,
            bundle.fingerprint,
        )
        for row in rows.itertuples()
        if failed is None or row.slug in failed
    ]
    return ctx, bundle, params, jobs, out_dir


def _plan_provinces(options: BatchOptions):
    """Plan one job per province and one for the national overview."""
    from dtanalysis.analysis.league import read_weights
    from dtanalysis.briefings.context import build_context, province_code, slug
    from dtanalysis.inputs.loader import load
    from dtanalysis.inputs.provinces import codes_2025, province_name

    declared = notebook_parameters(options.notebook)
    national_declared = notebook_parameters(options.national_notebook)
    params, overrides = resolve_parameters(options, _all_parameters(options))
    unknown_slugs = sorted(set(overrides) - {slug(c) for c in codes_2025()})
    if unknown_slugs:
        raise ParameterError(
            f"{options.params_dir}: {', '.join(s + '.yaml' for s in unknown_slugs)} "
            "name no province (per-province files are named like nghe-an.yaml)"
        )
    bundle = load(options.data_dir, as_of=params.get("as_of") or None)
    weights_file = options.params_dir / "composite.yaml"
    weights = read_weights(weights_file) if weights_file.is_file() else None
    published = options.published if options.published and options.published.is_file() else None
    ctx = build_context(
        bundle,
        as_of=params.get("as_of") or None,
        programme=params.get("programme", "NQ57"),
        weights=weights,
        published=published,
    )
    codes = [province_code(p) for p in options.provinces] or list(ctx.league["province_code"])
    as_of = ctx.as_of.isoformat() if ctx.as_of else dt.date.today().isoformat()
    out_dir = options.out_dir / as_of
    lang = params.get("lang", "vi")
    failed = _failed_units(out_dir) if options.only_failed else None
    jobs = []
    for code in codes:
        unit = slug(code)
        if failed is not None and unit not in failed:
            continue
        unit_params = {k: v for k, v in {**params, **overrides.get(unit, {})}.items() if k in declared}
        unit_params["province"] = code
        jobs.append(
            Job(
                unit,
                code,
                str(options.notebook),
                unit_params,
                str(out_dir),
                f"{province_name(code)} — {t('briefing_title', unit_params.get('lang', lang))}",
                unit_params.get("lang", lang),
                bundle.fingerprint,
            )
        )
    national_params = {k: v for k, v in params.items() if k in national_declared}
    if failed is None or "national" in failed:
        jobs.append(
            Job(
                "national",
                reference.NATIONAL_CODE,
                str(options.national_notebook),
                national_params,
                str(out_dir),
                t("national_title", lang),
                lang,
                bundle.fingerprint,
            )
        )
    return ctx, bundle, params, jobs, out_dir


def _failed_units(out_dir: Path) -> set[str]:
    manifest = out_dir / "manifest.json"
    if not manifest.is_file():
        raise DtError(f"--only-failed: no manifest at {manifest}; run the batch once first")
    units = json.loads(manifest.read_text(encoding="utf-8"))["units"]
    return {unit for unit, entry in units.items() if entry["status"] != "ok"}


def run_briefings(options: BatchOptions) -> dict:
    """Run the whole batch; return the manifest (also written to <out>/<as_of>/manifest.json)."""
    from dtanalysis.briefings.context import save_context
    from dtanalysis.briefings.index_page import commune_index_html, index_html

    started = time.perf_counter()
    ctx, bundle, params, jobs, out_dir = plan(options)
    with tempfile.TemporaryDirectory(prefix="dtanalysis-") as scratch:
        shared = save_context(ctx, Path(scratch) / "context.pkl")
        for job in jobs:
            if "shared_tables" in notebook_parameters(job.notebook):
                job.parameters["shared_tables"] = str(shared)
        if options.executor == "dask":
            from dtanalysis.briefings.cluster import run_on_dask

            results = run_on_dask(jobs, options, shared)
        else:
            results = _execute(jobs, options)
    manifest = _manifest(options, ctx, bundle, params, results, out_dir, time.perf_counter() - started)
    index = commune_index_html if options.level == "commune" else index_html
    write_text_atomic(out_dir / "index.html", index(ctx, manifest, params.get("lang", "vi")))
    write_text_atomic(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    return manifest


def _execute(jobs: list[Job], options: BatchOptions) -> list[Result]:
    from tqdm import tqdm

    if not jobs:
        return []
    size = max(1, min(options.jobs or os.cpu_count() or 1, len(jobs)))
    pool = WarmPool(size)
    bar = tqdm(total=len(jobs), unit="pack", desc="briefings", disable=not options.progress)
    try:

        def done(result: Result) -> None:
            bar.set_postfix_str(f"{result.unit} {result.status}")
            bar.update()

        results = pool.run(jobs, options.timeout, done)
        flaky = {r.unit for r in results if r.status == "failed" and any(m in (r.error or "") for m in RETRY_ON)}
        if flaky:  # a kernel that failed to start (a known jupyter_client port race) gets one more try
            again = {r.unit: r for r in pool.run([j for j in jobs if j.unit in flaky], options.timeout, lambda r: None)}
            for r in again.values():
                r.attempts = 2
            results = [again.get(r.unit, r) for r in results]
    finally:
        bar.close()
        pool.close()
    return results


def _manifest(
    options: BatchOptions, ctx, bundle, params: dict, results: list[Result], out_dir: Path, seconds: float
) -> dict:
    """Return the manifest: per unit status and timing, inputs with fingerprints, parameters and versions."""
    previous = {}
    manifest_path = out_dir / "manifest.json"
    if options.only_failed and manifest_path.is_file():
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))["units"]
    units = {**previous, **{r.unit: asdict(r) for r in results}}
    counts = {status: sum(1 for u in units.values() if u["status"] == status) for status in ("ok", "failed", "timeout")}
    return {
        "generated": dt.datetime.now().isoformat(timespec="seconds"),
        "as_of": ctx.as_of.isoformat() if ctx.as_of else None,
        "data_dir": str(options.data_dir),
        "is_sample": bundle.is_sample,
        "fingerprint": bundle.fingerprint,
        "inputs": ctx.files,
        "parameters": {k: v for k, v in params.items() if k not in MANAGED},
        "versions": _versions(),
        "seconds": round(seconds, 2),
        "summary": counts,
        "units": dict(sorted(units.items())),
    }


def exit_code(manifest: dict) -> int:
    """Return 0 when every unit succeeded, 1 otherwise."""
    return 0 if manifest["summary"]["failed"] == 0 and manifest["summary"]["timeout"] == 0 else 1
