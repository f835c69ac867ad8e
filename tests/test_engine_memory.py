"""No leaks (issue 15): a warm worker that runs many notebooks keeps none of their shells, and its memory after
1,000 small notebooks stays within 50 MB of its memory after 10."""

import gc
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.slow


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status here")


def alive(cls: type) -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, cls))


def test_a_worker_keeps_nothing_of_the_notebooks_it_ran(tmp_path):
    from IPython.core.interactiveshell import InteractiveShell

    from dtanalysis.briefings.engine import execute

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "from IPython.display import HTML, display\ndisplay(HTML(f'<b>{x}</b>'))\ny = [x] * 1000"
        ),
    ]
    path = tmp_path / "tiny.ipynb"
    nbformat.write(notebook, str(path))
    gc.collect()
    # what earlier tests in this process left alive
    before = alive(InteractiveShell)
    for run in range(10):
        execute(path, {"x": run})
    gc.collect()
    after_10 = rss_mb()
    assert alive(InteractiveShell) == before
    for run in range(10, 1000):
        executed = execute(path, {"x": run})
    assert "<b>999</b>" in str(executed.cells[-1].outputs)
    gc.collect()
    assert alive(InteractiveShell) == before
    assert rss_mb() - after_10 <= 50
