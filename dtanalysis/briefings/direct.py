"""A briefing notebook's cells run straight in a Python namespace — no kernel, no papermill, no nbformat — and
their displayed outputs made into a page: the floor the batch is measured against (`benchmarks/bench_batch.py`),
and a quick way for tests to render many pages.

The code cells run in order in a fresh namespace, the parameters injected after the `parameters` cell as
papermill does; what the cells display (HTML blocks and figures through the packs' renderer) is collected
in order and wrapped in the same page (`export.page`) as a pack. The page body is not byte-identical to a
pack's (nbconvert wraps each output in its own markup), the figures, tables and text are the same.
"""

from __future__ import annotations

import json
from pathlib import Path

from dtanalysis.briefings import blocks
from dtanalysis.briefings.export import BASIC_TRACES, page
from dtanalysis.briefings.parameters import MANAGED


class _Collector:
    """Stands in for IPython's `display`: keeps each output's HTML and the trace types of each figure."""

    def __init__(self):
        self.fragments: list[str] = []
        self.traces: set[str] = set()

    def __call__(self, *objects, **kwargs) -> None:
        for obj in objects:
            if hasattr(obj, "_repr_mimebundle_"):
                bundle = obj._repr_mimebundle_()
                bundle = bundle[0] if isinstance(bundle, tuple) else bundle
                figure = bundle.get("application/vnd.plotly.v1+json")
                if figure:
                    self.traces |= {trace.get("type", "scatter") for trace in figure.get("data", [])}
                self.fragments.append(bundle.get("text/html", ""))
            elif hasattr(obj, "_repr_html_"):
                self.fragments.append(obj._repr_html_() or "")
            else:
                self.fragments.append(f"<pre>{blocks.esc(obj)}</pre>")


def code_cells(notebook: Path) -> list[tuple[str, list[str]]]:
    """Return (source, tags) of every code cell of a notebook file."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return [
        ("".join(c["source"]) if isinstance(c["source"], list) else c["source"], c.get("metadata", {}).get("tags", []))
        for c in cells
        if c["cell_type"] == "code"
    ]


def run_cells(notebook: Path, parameters: dict, *, cells=None) -> tuple[list[str], set[str]]:
    """Run the notebook's code cells with `parameters` in a fresh namespace; return (HTML of every displayed
    output in order, plotly trace types drawn). `cells` (from `code_cells`) saves reading the file again."""
    collector = _Collector()
    namespace: dict = {"__name__": "__main__"}
    injected = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    shown = blocks.display
    blocks.display = collector
    try:
        for source, tags in cells if cells is not None else code_cells(notebook):
            exec(compile(source, f"<{Path(notebook).name}>", "exec"), namespace)
            if "parameters" in tags:
                exec(compile(injected, "<parameters>", "exec"), namespace)
    finally:
        blocks.display = shown
    return collector.fragments, collector.traces


def render_page(job, *, cells=None) -> str:
    """Return the page of one batch job (`jobs.Job`) made without Jupyter."""
    fragments, traces = run_cells(Path(job.notebook), job.parameters, cells=cells)
    body = "\n".join(f'<div class="dt-output">{f}</div>' for f in fragments)
    return page(
        body,
        title=job.title,
        lang=job.lang,
        fingerprint=job.fingerprint,
        parameters={k: v for k, v in job.parameters.items() if k not in MANAGED + ("data_dir",)},
        charts="plotly-graph-div" in body,
        full_plotly=not traces <= BASIC_TRACES,
    )
