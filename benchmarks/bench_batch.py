"""Batch throughput: `dtanalysis briefings` against the naive loop a user writes first, the cold-kernel floor and
the no-Jupyter floor, and incremental rebuilds.

    .venv/bin/python benchmarks/bench_batch.py [--units N] [--level province|commune] [--skip-naive]
                                               [--skip-incremental]

In one session, on a scratch copy of the sample data (all units of the level unless --units), it measures
  (a) the naive loop: `papermill` CLI then `jupyter nbconvert --to html --no-input`, unit by unit;
  (b) `dtanalysis briefings` on the same data and parameters (all units + national + index);
  (c) the cold-kernel floor: one fresh kernel start plus `import pandas, plotly`, × units ÷ cores —
      what any design that starts a kernel per unit cannot beat;
  (d) the no-Jupyter floor: a fresh process that plans the same batch and runs the same notebook cells straight
      in a namespace (no kernel, no papermill, no nbformat; `briefings.direct`), one process per core, pages written;
  (e) `dtanalysis briefings` again into the same folder with nothing changed (every pack up to date);
  (f) again after one unit's rows changed (one province's indicator numerator + 1, a value that is neither the
      minimum, the median nor the maximum of its indicator; at commune level one commune's online dossiers + 1);
(each measured run starts after the files of the previous one are flushed to disk, and the floor's pages are
deleted once counted; (a), (b) and (d) each start with an empty table cache of their own, `DTANALYSIS_CACHE`,
as on a first run from new data, and (e) and (f) use the one (b) filled, as an analyst's next run does) and prints seconds, the ratios between them (e and f as % of b), the seconds from (b)'s process start to the
first notebook cell running (papermill's start time of each cell, in the executed notebooks), the peak
resident memory of the whole process tree of (b) and (d) (the sum over the process and all its descendants,
sampled from /proc every 0.1 s), the load average beside each figure, and the pack sizes. Nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import compileall
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def with_cache(folder: Path) -> dict[str, str]:
    """Return this process's environment with the table cache (common/cache.py) in `folder`."""
    return {**os.environ, "DTANALYSIS_CACHE": str(folder)}


def run(argv: list[str], **kwargs) -> float:
    """Run a command to completion; return its wall time in seconds (raise if it fails; see `run_measured`)."""
    os.sync()
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


def _tree_rss(root: int) -> int:
    """Return the resident bytes of process `root` and all its descendants now (from /proc; 0 if gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * page  # field 24 of stat: resident pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_measured(argv: list[str], **kwargs) -> tuple[float, int, float]:
    """Run a command to completion; return (wall seconds, peak resident bytes of its process tree, the
    time.time() it was started at). Raise if it fails. What earlier runs wrote is flushed to disk first, so no
    run pays for the writeback of another's files (the floor writes 1.6 GB of commune pages)."""
    os.sync()
    started_at, started = time.time(), time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, argv)
    return seconds, peak, started_at


def first_cell_after(folder: Path, started_at: float) -> float | None:
    """Return the seconds from `started_at` to the earliest cell start papermill recorded in the notebooks."""
    import datetime as dt

    first = None
    for path in folder.rglob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
            stamp = cell.get("metadata", {}).get("papermill", {}).get("start_time")
            if stamp:
                when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
                first = when if first is None else min(first, when)
    return None if first is None else first - started_at


def load() -> str:
    """Return the 1-minute load average, to print beside a figure (other sessions share the machine)."""
    return f"load {os.getloadavg()[0]:.1f}"


def units(level: str, count: int) -> list[str]:
    """Return the first `count` unit identifiers of the level, in official order."""
    if level == "commune":
        from dtanalysis.analysis.communes import commune_codes

        return commune_codes(ROOT / "data" / "sample-communes")[:count]
    from dtanalysis.inputs.provinces import codes_2025

    return codes_2025()[:count]


def naive(unit_ids: list[str], data: Path, out: Path, notebook: Path, parameter: str) -> float:
    """The loop a user writes first: papermill CLI, then nbconvert to HTML without code, unit by unit (its
    notebooks share a table cache, empty at the start, as they would on a user's machine)."""
    env = with_cache(out / "cache")
    started = time.perf_counter()
    for unit in unit_ids:
        executed = out / f"{unit}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(notebook),
                str(executed),
                "-p",
                parameter,
                unit,
                "-p",
                "data_dir",
                str(data),
                "--cwd",
                str(notebook.parent),
                "--no-progress-bar",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - started


def _render(job) -> None:
    from dtanalysis.briefings.direct import render_page
    from dtanalysis.common.files import write_text_atomic

    write_text_atomic(Path(job.out_dir) / f"{job.unit}.html", render_page(job))


def direct_floor(data: Path, out: Path, level: str, ids: list[str], cores: int) -> None:
    """(d), run in its own process by `--floor`: plan the batch, then the notebook cells straight, pages written."""
    from dtanalysis.briefings.context import save_context
    from dtanalysis.briefings.options import BatchOptions
    from dtanalysis.briefings.plan import plan

    key = "communes" if level == "commune" else "provinces"
    planned = plan(BatchOptions(data_dir=data, out_dir=out, level=level, **{key: ids}))
    shared = save_context(planned.context, out / "context.pkl")
    for job in planned.jobs:
        job.parameters["shared_tables"] = str(shared)
        Path(job.out_dir).mkdir(parents=True, exist_ok=True)
    import dtanalysis.briefings.direct  # noqa: F401  (imported before forking, as the batch's warm workers do)
    import dtanalysis.briefings.page  # noqa: F401

    with multiprocessing.get_context("fork").Pool(cores) as pool:
        pool.map(_render, planned.jobs, chunksize=max(1, len(planned.jobs) // (cores * 8)))
    print(len(planned.jobs))


def change_one_unit(data: Path, level: str) -> str:
    """Change one unit's rows in the scratch copy of the data (see (f)); return what was changed."""
    import pandas as pd

    if level == "commune":
        table = pd.read_csv(data / "filings.csv", dtype=str, keep_default_na=False)
        row = table.index[len(table) // 2]
        table.loc[row, "dossiers_online"] = str(int(table.loc[row, "dossiers_online"]) + 1)
        table.to_csv(data / "filings.csv", index=False)
        return f"filings.csv row {row + 2}: one more online dossier ({table.loc[row, 'commune']}, {table.loc[row, 'period']})"
    table = pd.read_csv(data / "indicators.csv", dtype=str, keep_default_na=False)
    latest = table[(table["period"] == table["period"].max()) & (table["province"] != "Toàn quốc")]
    latest = latest[latest["indicator"] == latest["indicator"].iloc[0]]
    row = latest.assign(v=latest["value"].astype(float)).sort_values("v").index[4]  # 5th lowest of 34
    table.loc[row, "numerator"] = str(int(table.loc[row, "numerator"]) + 1)
    table.to_csv(data / "indicators.csv", index=False)
    return f"indicators.csv: {table.loc[row, 'province']} {table.loc[row, 'indicator']} {table.loc[row, 'period']} numerator + 1"


def cold_kernel(repeats: int = 3) -> float:
    """Return the median seconds to start a fresh kernel and import pandas and plotly in it."""
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3")
        kc.execute_interactive("import pandas, plotly.graph_objects", timeout=120)
        times.append(time.perf_counter() - started)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--units", type=int, help="how many units (default: all of the level: 34 provinces, 3,321 communes)"
    )
    parser.add_argument("--level", choices=["province", "commune"], default="province")
    parser.add_argument("--skip-naive", action="store_true", help="skip the (slow) naive loop")
    parser.add_argument("--skip-incremental", action="store_true", help="skip (e) and (f), the incremental runs")
    parser.add_argument("--floor", type=Path, metavar="DATA", help=argparse.SUPPRESS)  # (d) in its own process
    parser.add_argument("--floor-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    # as `make install` leaves the package: byte-compiled (this machine sets PYTHONDONTWRITEBYTECODE=1, so an
    # editable install otherwise compiles every module from source in every process, ~0.25 s a batch)
    compileall.compile_dir(ROOT / "dtanalysis", quiet=1)
    if args.floor:
        return direct_floor(
            args.floor, args.floor_out, args.level, units(args.level, args.units) if args.units else [], cores
        )
    source = ROOT / "data" / ("sample-communes" if args.level == "commune" else "sample")
    notebook = ROOT / "notebooks" / f"{args.level}_briefing.ipynb"
    every = units(args.level, 10**6)
    ids = every[: args.units] if args.units else every
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        data = scratch / "data"
        shutil.copytree(source, data)
        print(f"{len(ids)} {args.level} units, {cores} cores, data: a copy of {source.relative_to(ROOT)}; {load()}")
        kernel = cold_kernel()
        floor = kernel * len(ids) / cores
        print(
            f"(c) cold-kernel floor    {floor:8.1f} s   ({kernel:.2f} s per kernel start + imports × {len(ids)} ÷ {cores}"
            f"; {load()})"
        )
        argv = [
            str(BIN / "dtanalysis"),
            "briefings",
            "--data",
            str(data),
            "--out",
            str(scratch / "ours"),
            "--quiet",
            "--level",
            args.level,
        ]
        selection = []
        if len(ids) < len(every):
            selection = [x for unit in ids for x in ("--province" if args.level == "province" else "--commune", unit)]
        argv += selection
        floor_argv = [sys.executable, __file__, "--level", args.level, "--floor", str(data)]
        floor_argv += ["--floor-out", str(scratch / "floor"), *(["--units", str(args.units)] if args.units else [])]
        direct, direct_peak, _ = run_measured(floor_argv, cwd=ROOT, env=with_cache(scratch / "cache-floor"))
        floor_packs = sum(1 for p in (scratch / "floor").rglob("*.html"))
        shutil.rmtree(scratch / "floor")  # counted; (b) should not share the disk cache with them
        print(
            f"(d) no-Jupyter floor      {direct:8.1f} s   ({floor_packs} pages: same cells in a namespace, {cores} processes"
            f"; peak RSS of the process tree {direct_peak / 1e6:,.0f} MB; {load()})"
        )
        ours_env = with_cache(scratch / "cache-batch")
        ours, ours_peak, started_at = run_measured(argv, cwd=ROOT, env=ours_env)
        folder = next((scratch / "ours").rglob("manifest.json")).parent  # <as_of>/ or <as_of>/communes/
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        print(
            f"(b) dtanalysis briefings {ours:8.1f} s   ({manifest['summary']['ok']} packs"
            f"{' incl. national' if args.level == 'province' else ''}, + index; {load()})"
        )
        print(f"    briefings takes {ours / direct:5.2f}× the no-Jupyter floor")
        first = first_cell_after(folder, started_at)
        print(
            f"    first notebook cell ran {first:.2f} s after the process started"
            if first is not None
            else "    first notebook cell: no executed notebook recorded a start time"
        )
        print(f"    peak RSS of the whole process tree {ours_peak / 1e6:,.0f} MB (parent + workers)")
        sizes = sorted(p.stat().st_size for p in folder.rglob("*.html") if p.name != "index.html")
        print(
            f"    pack sizes: {len(sizes)} packs, median {statistics.median(sizes) / 1e6:.2f} MB, "
            f"max {sizes[-1] / 1e6:.2f} MB, total {sum(sizes) / 1e6:,.0f} MB"
        )
        if not args.skip_incremental:
            incremental(argv, folder, data, args.level, ours, ours_env)
        if not args.skip_naive:
            (scratch / "naive").mkdir()
            loop = naive(ids, data, scratch / "naive", notebook, args.level if args.level == "commune" else "province")
            print(f"(a) naive papermill+nbconvert loop {loop:8.1f} s   ({load()})")
            print(f"    briefings is {loop / ours:5.1f}× faster than the naive loop")
        print(
            f"    briefings takes {ours / floor:5.2f}× the cold-kernel floor ({'below' if ours < floor else 'above'} it)"
        )


def incremental(argv: list[str], folder: Path, data: Path, level: str, ours: float, env: dict) -> None:
    """(e) and (f): the batch again with nothing changed, then after one unit's rows changed (with (b)'s cache)."""
    again = run(argv, cwd=ROOT, env=env)
    run_info = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["run"]
    print(
        f"(e) nothing changed       {again:8.1f} s = {100 * again / ours:4.1f} % of (b)   "
        f"({len(run_info['units'])} rebuilt, {len(run_info['up_to_date'])} up to date; {load()})"
    )
    what = change_one_unit(data, level)
    one = run(argv, cwd=ROOT, env=env)
    run_info = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["run"]
    rebuilt = run_info["units"]
    print(
        f"(f) one unit's rows changed {one:6.1f} s = {100 * one / ours:4.1f} % of (b)   "
        f"({len(rebuilt)} rebuilt: {', '.join(rebuilt[:4])}{' …' if len(rebuilt) > 4 else ''}; "
        f"{len(run_info['up_to_date'])} up to date; {load()})\n    change: {what}"
    )


if __name__ == "__main__":
    main()
