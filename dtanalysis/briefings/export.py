"""Turn an executed notebook into a self-contained HTML pack: no code, plotly.js once, no external URL.

nbconvert's `basic` template renders the outputs; our own page (templates/pack.html.j2) wraps them,
so none of nbconvert's require.js or MathJax CDN tags ever reach a pack.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
import nbformat
from babel.dates import format_datetime
from markupsafe import Markup
from nbconvert import HTMLExporter

from dtanalysis import __version__
from dtanalysis.briefings.language import parameters_list
from dtanalysis.briefings.words import LABELS

_TEMPLATES = resources.files("dtanalysis.briefings") / "templates"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined
    )


class PackExporter(HTMLExporter):
    """nbconvert's HTML exporter without its final BeautifulSoup pass.

    HTMLExporter re-parses its whole output to add alt text to images and tabindex to input cells; packs
    have neither, and that parse was a third of the export time (0.16 s a pack).
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        """Return (HTML, resources) rendered by the template, with HTMLExporter's filters registered."""
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        resources = self._init_resources(resources)
        self.register_filter("highlight_code", self.filters.get("highlight_code", Highlight2HTML(parent=self)))
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@cache
def _exporter() -> HTMLExporter:
    return PackExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )


@cache
def css() -> str:
    """Return the stylesheet shared by packs and the index."""
    return _TEMPLATES.joinpath("pack.css").read_text(encoding="utf-8")


BASIC_TRACES = frozenset({"scatter", "bar", "pie"})  # what plotly.js-basic holds
BASIC_BUNDLE = "plotly-basic.min.js"
PACKED_BUNDLE = "plotly-basic.min.js.gz"  # zopfli-compressed once (`python -m dtanalysis.briefings.export`)


@cache
def plotly_js(full: bool = False) -> str:
    """Return the plotly.js embedded once per pack: the basic bundle, or the full library if `full`."""
    if full:
        from plotly.offline import get_plotlyjs

        return get_plotlyjs()
    return _TEMPLATES.joinpath("plotly", BASIC_BUNDLE).read_text(encoding="utf-8")


@cache
def packed_plotly_js(full: bool = False) -> str:
    """Return plotly.js gzip-compressed and Base85-encoded, as a pack carries it (a third of its size).

    The page inflates it with the browser's own DecompressionStream. Base85 (RFC 1924 alphabet) costs 25 %
    over the bytes where Base64 costs 33 %, and has no '/', so it can never close the <script> holding it.
    The basic bundle ships pre-compressed with zopfli (smaller than gzip -9, too slow to do per run).
    """
    if not full:
        return script_safe_base85(_TEMPLATES.joinpath("plotly", PACKED_BUNDLE).read_bytes())
    source = plotly_js(True).encode("utf-8")
    for level in (9, 8, 7, 6):  # another level gives other bytes, should one spell an HTML comment opener
        try:
            return script_safe_base85(gzip.compress(source, level, mtime=0))
        except ValueError:
            continue
    raise ValueError("plotly.js could not be packed for a <script> at any gzip level")


def script_safe_base85(data: bytes) -> str:
    """Return `data` in Base85; raise ValueError if the text holds '<!--' (which changes how a browser reads
    the rest of a <script>); Base85 has no '/', so it can never close the <script> itself."""
    text = base64.b85encode(data).decode("ascii")
    if "<!--" in text:
        raise ValueError("the Base85 text holds '<!--'")
    return text


def compress_basic_bundle() -> Path:
    """Write the zopfli-compressed basic bundle beside the bundle (run when plotly.js is updated)."""
    import zopfli.gzip

    source = Path(str(_TEMPLATES.joinpath("plotly", BASIC_BUNDLE)))
    target = source.with_name(PACKED_BUNDLE)
    target.write_bytes(zopfli.gzip.compress(source.read_bytes(), numiterations=15))
    return target


def trace_types(nb: nbformat.NotebookNode) -> set[str]:
    """Return the plotly trace types of every figure the notebook displayed."""
    types = set()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get("application/vnd.plotly.v1+json")
            if figure:
                types |= {trace.get("type", "scatter") for trace in figure.get("data", [])}
    return types


def _clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what a reader should not see: analyst notes (cells tagged 'notes'), stderr warnings, empty cells."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.get("outputs", []) if not (o.output_type == "stream" and o.name == "stderr")
            ]
    nb.cells = [
        c
        for c in nb.cells
        if "notes" not in c.get("metadata", {}).get("tags", []) and (c.cell_type != "code" or c.outputs)
    ]
    return nb


def page(
    body: str,
    *,
    title: str,
    lang: str,
    fingerprint: str,
    parameters: dict | None = None,
    charts: bool = True,
    sortable: bool = False,
    full_plotly: bool = False,
) -> str:
    """Return a complete HTML page around `body` (already-safe HTML), with plotly.js packed in if `charts`."""
    labels = {key: LABELS[key][lang] for key in ("generated", "data_version", "parameters", "no_charts")}
    return (
        _environment()
        .get_template("pack.html.j2")
        .render(
            body=Markup(body),
            title=title,
            lang=lang,
            css=Markup(css()),
            plotly_packed=Markup(packed_plotly_js(full_plotly)) if charts else "",
            version=__version__,
            fingerprint=fingerprint,
            labels=labels,
            sortable=sortable,
            parameters=parameters_list(parameters, lang),
            generated=format_datetime(
                dt.datetime.now(), "dd/MM/yyyy HH:mm" if lang == "vi" else "d MMM yyyy HH:mm", locale=lang
            ),
        )
    )


def notebook_html(
    nb: nbformat.NotebookNode, *, title: str, lang: str, fingerprint: str, parameters: dict | None = None
) -> str:
    """Return the self-contained HTML pack of an executed notebook (outputs only, no code)."""
    body, _ = _exporter().from_notebook_node(_clean(nb))
    return page(
        body,
        title=title,
        lang=lang,
        fingerprint=fingerprint,
        parameters=parameters,
        charts="plotly-graph-div" in body,
        sortable="dt-sortable" in body,
        full_plotly=not trace_types(nb) <= BASIC_TRACES,
    )


if __name__ == "__main__":
    print(f"wrote {compress_basic_bundle()}")
