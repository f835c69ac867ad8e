"""Batch throughput: `dtanalysis briefings` against the naive loop a user writes first, and the cold-kernel floor.

    .venv/bin/python benchmarks/bench_batch.py [--units 34] [--level province|commune] [--skip-naive]

In one session it measures
  (a) the naive loop: `papermill` CLI then `jupyter nbconvert --to html --no-input`, unit by unit;
  (b) `dtanalysis briefings` on the same data and parameters (all units + national + index);
  (c) the cold-kernel floor: one fresh kernel start plus `import pandas, plotly`, × units ÷ cores —
      what any design that starts a kernel per unit cannot beat;
and prints seconds, the ratios between them and the pack sizes. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(argv: list[str], **kwargs) -> float:
    """Run a command to completion; return its wall time in seconds (raise if it fails)."""
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


def units(level: str, count: int) -> list[str]:
    """Return the first `count` unit identifiers of the level, in official order."""
    if level == "commune":
        from dtanalysis.analysis.communes import commune_codes

        return commune_codes(ROOT / "data" / "sample-communes")[:count]
    from dtanalysis.inputs.provinces import codes_2025

    return codes_2025()[:count]


def naive(unit_ids: list[str], data: Path, out: Path, notebook: Path, parameter: str) -> float:
    """The loop a user writes first: papermill CLI, then nbconvert to HTML without code, unit by unit."""
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
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return time.perf_counter() - started


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
    parser.add_argument("--units", type=int, default=34, help="how many units (default: all 34 provinces)")
    parser.add_argument("--level", choices=["province", "commune"], default="province")
    parser.add_argument("--skip-naive", action="store_true", help="skip the (slow) naive loop")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    data = ROOT / "data" / ("sample-communes" if args.level == "commune" else "sample")
    notebook = ROOT / "notebooks" / f"{args.level}_briefing.ipynb"
    ids = units(args.level, args.units)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        print(f"{len(ids)} {args.level} units, {cores} cores, data {data.relative_to(ROOT)}")
        kernel = cold_kernel()
        floor = kernel * len(ids) / cores
        print(
            f"(c) cold-kernel floor    {floor:8.1f} s   ({kernel:.2f} s per kernel start + imports × {len(ids)} ÷ {cores})"
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
        if args.units < len(units(args.level, 10**6)):
            argv += [x for unit in ids for x in ("--province" if args.level == "province" else "--commune", unit)]
        ours = run(argv, cwd=ROOT)
        folder = next((scratch / "ours").rglob("manifest.json")).parent  # <as_of>/ or <as_of>/communes/
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        print(
            f"(b) dtanalysis briefings {ours:8.1f} s   ({manifest['summary']['ok']} packs"
            f"{' incl. national' if args.level == 'province' else ''}, + index)"
        )
        if not args.skip_naive:
            (scratch / "naive").mkdir()
            loop = naive(ids, data, scratch / "naive", notebook, args.level if args.level == "commune" else "province")
            print(f"(a) naive papermill+nbconvert loop {loop:8.1f} s")
            print(f"    briefings is {loop / ours:5.1f}× faster than the naive loop")
        print(
            f"    briefings takes {ours / floor:5.2f}× the cold-kernel floor ({'below' if ours < floor else 'above'} it)"
        )
        sizes = sorted(p.stat().st_size for p in folder.rglob("*.html") if p.name != "index.html")
        print(
            f"pack sizes: median {statistics.median(sizes) / 1e6:.2f} MB, max {sizes[-1] / 1e6:.2f} MB, "
            f"total {sum(sizes) / 1e6:.0f} MB"
        )


if __name__ == "__main__":
    main()
