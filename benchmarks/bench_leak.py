"""Memory of a warm worker over many notebooks: what each in-process run leaves behind.

    .venv/bin/python benchmarks/bench_leak.py [--notebooks 1000]

Runs a tiny notebook (a parameters cell, an HTML display, a list of 1,000 numbers) again and again through
`briefings.engine.execute` in this one process — the way a warm batch worker runs its notebooks — and prints
the resident memory (VmRSS, after a garbage collection) after 10, 100, 300 and 1,000 runs, the growth per
notebook after the first 10, and how many IPython shells are still alive. The bound (issue 15) is
1,000 notebooks within 50 MB of 10. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path


def rss_mb() -> float:
    """Return this process's resident memory in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def alive(name: str) -> int:
    """Return how many objects of the class called `name` (or of a subclass) the garbage collector still tracks."""
    return sum(1 for o in gc.get_objects() if any(c.__name__ == name for c in type(o).__mro__))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=int, default=1000, help="how many runs (default 1000)")
    args = parser.parse_args()
    import nbformat

    from dtanalysis.briefings.engine import execute

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "from IPython.display import HTML, display\ndisplay(HTML(f'<b>{x}</b>'))\ny = list(range(1000))"
        ),
    ]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "tiny.ipynb"
        nbformat.write(notebook, str(path))
        marks, started = {}, time.perf_counter()
        for run in range(1, args.notebooks + 1):
            execute(path, {"x": run})
            if run in (10, 100, 300, 1000, args.notebooks):
                gc.collect()
                marks[run] = rss_mb()
                print(
                    f"after {run:5} notebooks: {marks[run]:7.1f} MB   ({time.perf_counter() - started:6.1f} s; "
                    f"{alive('InteractiveShell')} IPython shells alive)",
                    flush=True,
                )
    last = max(marks)
    if 10 in marks and last > 10:
        grown = marks[last] - marks[10]
        print(
            f"growth from 10 to {last}: {grown:.1f} MB = {1024 * grown / (last - 10):.0f} KB per notebook "
            f"(bound: 50 MB over 1,000 notebooks)"
        )


if __name__ == "__main__":
    main()
