"""Turn an executed notebook into a self-contained HTML pack: no code, plotly.js once, no external URL.

nbconvert's `basic` template renders the outputs; our own page (templates/pack.html.j2) wraps them,
so none of nbconvert's require.js or MathJax CDN tags ever reach a pack.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import html
import json
import re
import urllib.parse
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
import nbformat
import numpy as np
from babel.dates import format_datetime
from markupsafe import Markup
from nbconvert import HTMLExporter

from dtanalysis import __version__
from dtanalysis.briefings.language import parameters_list
from dtanalysis.briefings.words import LABELS
from dtanalysis.common import cache as table_cache

_TEMPLATES = resources.files("dtanalysis.briefings") / "templates"


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates that never fails an export: a template that cannot be stored (a full
    disk) is compiled again next time (an unreadable entry, Jinja compiles afresh itself)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Return where Jinja keeps the compiled templates between runs (in the private table cache, which
    `common.cache.folder` checks before every use), or None when that cache is off: a process's first export
    took 0.17 s with nbconvert's templates compiled and 0.10 s with them read back."""
    root = table_cache.folder()
    if root is None:
        return None
    folder = root / "jinja"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_compiled_templates(),
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

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _compiled_templates()
        return environment


@cache
def _exporter() -> HTMLExporter:
    return PackExporter(  # optimistic: the notebook is validated once after the preprocessors, not after each
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        optimistic_validation=True,
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
    """Return plotly.js gzip-compressed as seven-bit text (`script_text`), as a pack carries it (a third of its
    size). The page inflates it with the browser's own DecompressionStream. The basic bundle ships
    pre-compressed with zopfli (smaller than gzip -9, too slow to do per run)."""
    if not full:
        return script_text(_TEMPLATES.joinpath("plotly", PACKED_BUNDLE).read_bytes())
    return packed_bytes(plotly_js(True).encode("utf-8"))


UNSAFE = (0, 13, 60)  # NUL (read as U+FFFD), CR (read as LF) and '<' (could end the <script> or open a comment)
_PAIRED = 0x100  # first code point of the two-byte characters (above the C1 controls)


def script_text(data: bytes) -> str:
    """Return `data` as text a <script> of unknown type holds unchanged, 8/7 of its size in UTF-8 bytes.

    Seven bits a character (the Base-122 idea, Kevin Albertson 2016): a 7-bit group is one ASCII character,
    unless it is one of the three values a browser would not hand back as it is (`UNSAFE`); such a group and
    the group after it become one two-byte character, U+0100 + 128·(its index in UNSAFE) + the next group, or
    U+0280 + index for an unsafe last group. The zero bits that pad the last group are dropped when decoding.
    Base85 cost 25 % over the bytes, this 14 %: 40 KB less for the plotly.js bundle alone."""
    bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8))
    bits = np.concatenate([bits, np.zeros(-len(bits) % 7, dtype=np.uint8)])
    groups = bits.reshape(-1, 7) @ (1 << np.arange(6, -1, -1))
    ascii_text = groups.astype(np.uint8).tobytes().decode("ascii")
    pieces, done = [], 0
    for i in np.flatnonzero(np.isin(groups, UNSAFE)).tolist():
        if i < done:  # the partner of the unsafe group before it
            continue
        pieces.append(ascii_text[done:i])
        index = UNSAFE.index(int(groups[i]))
        if i + 1 < len(groups):
            pieces.append(chr(_PAIRED + 128 * index + int(groups[i + 1])))
            done = i + 2
        else:
            pieces.append(chr(_PAIRED + 128 * len(UNSAFE) + index))
            done = i + 1
    pieces.append(ascii_text[done:])
    return "".join(pieces)


def script_bytes(text: str) -> bytes:
    """Return the bytes `script_text` encoded (what the page's loader does, in Python)."""
    groups = []
    for char in text:
        code = ord(char)
        if code < 128:
            groups.append(code)
        elif code >= _PAIRED + 128 * len(UNSAFE):
            groups.append(UNSAFE[code - _PAIRED - 128 * len(UNSAFE)])
        else:
            groups += [UNSAFE[(code - _PAIRED) // 128], (code - _PAIRED) % 128]
    bits = np.unpackbits(np.array(groups, dtype=np.uint8)[:, None], axis=1)[:, 1:].ravel()
    return np.packbits(bits[: len(bits) // 8 * 8]).tobytes()


def compress_basic_bundle() -> Path:
    """Write the zopfli-compressed basic bundle beside the bundle (run when plotly.js is updated)."""
    import zopfli.gzip

    source = Path(str(_TEMPLATES.joinpath("plotly", BASIC_BUNDLE)))
    target = source.with_name(PACKED_BUNDLE)
    target.write_bytes(zopfli.gzip.compress(source.read_bytes(), numiterations=15))
    return target


def packed_bytes(data: bytes) -> str:
    """Return `data` gzip-compressed as script-safe text (`script_text`)."""
    return script_text(gzip.compress(data, 9, mtime=0))


_FIGURE = re.compile(r'<script type="application/json" data-dt-figure="([\w-]+)">(.*?)</script>', re.S)
_CSV = re.compile(r'href="data:text/csv;charset=utf-8(;base64)?,([^"]*)"')
_PAYLOAD = re.compile(r'<script type="application/x-dtanalysis-data" id="dt-payload">(.*?)</script>', re.S)


def pack_payload(body: str) -> tuple[str, dict]:
    """Return `body` without its bulky machine data, and that data: {"figures": {chart id: figure JSON text},
    "downloads": [CSV text, ...]}.

    Each chart's <script data-dt-figure> leaves the body (its <div> stays); each CSV download's data: URL
    (written by blocks.numbers_behind) becomes `data-dt-csv="N"`, and the page sets the link (a blob: URL of
    the CSV) once the payload is inflated. Headings, sentences and the tables behind each chart stay plain HTML, for screen readers,
    print and search. Figure JSON is kept verbatim (it is already valid JSON).
    """
    figures: dict[str, str] = {}
    downloads: list[str] = []

    def figure(match: re.Match) -> str:
        figures[match[1]] = match[2]
        return ""

    def download(match: re.Match) -> str:
        text = base64.b64decode(match[2]).decode("utf-8") if match[1] else urllib.parse.unquote(match[2])
        downloads.append(text)
        return f'data-dt-csv="{len(downloads) - 1}"'

    body = _CSV.sub(download, _FIGURE.sub(figure, body))
    return body, {"figures": figures, "downloads": downloads}


_TYPED = {"f4": np.float32, "f8": np.float64}
STEP = 1000  # coordinates in thousandths of a degree (≈ 110 m): what map_shapes rounds boundaries to


def _deltas(node: dict) -> dict | None:
    """Return a typed array of floats that are whole thousandths (map rings: map_shapes rounds them so) as
    {"dtype": "dq", "d": [first value, then each change, in thousandths; null for a gap]}, or None if any value
    is not exactly such a number in its precision (then the array stays as it is).

    Base64 float32 hardly compresses; small whole changes between neighbouring vertices compress ~3× better.
    The page rebuilds the same typed array (the same float32 values, gaps as NaN) before plotly sees it."""
    dtype = _TYPED.get(node.get("dtype"))
    if dtype is None or set(node) != {"dtype", "bdata"}:
        return None
    values = np.frombuffer(base64.b64decode(node["bdata"]), dtype=dtype)
    gap = np.isnan(values)
    steps = np.round(np.where(gap, 0, values).astype("float64") * STEP)
    if (
        np.isinf(values).any()
        or np.abs(steps).max(initial=0) > 2**31
        or not np.array_equal((steps / STEP).astype(dtype)[~gap], values[~gap])
    ):
        return None
    known = steps[~gap].astype("int64")
    changes = np.diff(known, prepend=0).tolist()
    out, i = [], 0
    for is_gap in gap.tolist():
        out.append(None if is_gap else changes[i])
        i += not is_gap
    return {"dtype": "dq", "type": node["dtype"], "d": out}


def _undeltas(node: dict) -> dict:
    """Return the typed array `_deltas` encoded, as plotly.py wrote it (what the page's loader rebuilds)."""
    dtype = _TYPED[node["type"]]
    values, total = [], 0
    for change in node["d"]:
        if change is None:
            values.append(np.nan)
        else:
            total += change
            values.append(total / STEP)
    return {"dtype": node["type"], "bdata": base64.b64encode(np.array(values, dtype=dtype).tobytes()).decode()}


def _walk(node, change):
    """Return `node` (plain JSON) with every dict `change` returns a replacement for replaced."""
    if isinstance(node, dict):
        replaced = change(node)
        return replaced if replaced is not None else {k: _walk(v, change) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk(v, change) for v in node]
    return node


def _figure_text(text: str) -> str:
    """Return a figure's JSON text for the payload: as it is, or with its typed arrays of whole thousandths
    (map rings) written as changes (`_deltas`)."""
    if '"bdata"' not in text:
        return text
    return json.dumps(_walk(json.loads(text), _deltas), ensure_ascii=False, separators=(",", ":"))


def packed_payload(payload: dict) -> str:
    """Return the payload as the page carries it: JSON (each figure spliced in), gzip, seven-bit text."""
    figures = ",".join(f"{json.dumps(k)}:{_figure_text(v)}" for k, v in payload["figures"].items())
    downloads = json.dumps(payload["downloads"], ensure_ascii=False, separators=(",", ":"))
    return packed_bytes(f'{{"figures":{{{figures}}},"downloads":{downloads}}}'.encode())


def unpack(page_html: str) -> dict:
    """Return what a pack's compressed payload holds, inflated as its page does: {"figures": {chart id: figure
    dict}, "downloads": {file name: CSV text}} (both empty when the pack has neither)."""
    found = _PAYLOAD.findall(page_html)
    if not found:
        return {"figures": {}, "downloads": {}}
    (packed,) = found
    payload = json.loads(gzip.decompress(script_bytes(packed)).decode("utf-8"))
    names = {int(n): html.unescape(f) for f, n in re.findall(r'download="([^"]*)" data-dt-csv="(\d+)"', page_html)}
    undelta = lambda node: _undeltas(node) if node.get("dtype") == "dq" else None  # noqa: E731
    return {
        "figures": _walk(payload["figures"], undelta),
        "downloads": {names[i]: text for i, text in enumerate(payload["downloads"])},
    }


def trace_types(nb: nbformat.NotebookNode) -> set[str]:
    """Return the plotly trace types of every figure the notebook displayed."""
    types = set()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get("application/vnd.plotly.v1+json")
            if figure:
                types |= {trace.get("type", "scatter") for trace in figure.get("data", [])}
    return types


class _ExportCopy(nbformat.NotebookNode):
    """A notebook made for one export and used by nothing else: nbconvert deep-copies what it is given (twice,
    plus once more to normalise it) to protect the caller's notebook from its preprocessors; this copy needs no
    protection, so copying it returns it (nbconvert's part of a commune pack: 17 → 2 ms)."""

    def __deepcopy__(self, memo=None):
        return self


def _clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of `nb` without what a reader should not see: analyst notes (cells tagged 'notes'), stderr
    warnings, empty cells."""
    nb = _ExportCopy(nbformat.from_dict(nb))
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
    """Return a complete HTML page around `body` (already-safe HTML), with plotly.js packed in if `charts`, and
    the figures and CSV downloads of `body` in one compressed payload (`pack_payload`)."""
    labels = {key: LABELS[key][lang] for key in ("generated", "data_version", "parameters", "no_charts")}
    body, payload = pack_payload(body)
    has_payload = bool(payload["figures"] or payload["downloads"])
    return (
        _environment()
        .get_template("pack.html.j2")
        .render(
            body=Markup(body),
            title=title,
            lang=lang,
            css=Markup(css()),
            plotly_packed=Markup(packed_plotly_js(full_plotly)) if charts else "",
            data_packed=Markup(packed_payload(payload)) if has_payload else "",
            step=STEP,
            unsafe=list(UNSAFE),
            paired=_PAIRED,
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
