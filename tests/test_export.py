"""The HTML export: the vendored plotly.js matches plotly.py, and packs fall back to the full library when needed."""

import gzip
import re

import nbformat
import plotly.offline
import pytest

from dtanalysis.briefings import export


def test_vendored_basic_bundle_matches_the_plotly_js_of_plotly_py():
    header = export.plotly_js()[:300]
    assert re.search(r"plotly\.js \(basic - minified\) v(\S+)", header)[1] == plotly.offline.get_plotlyjs_version()


def notebook_with(trace_type: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    figure = {"data": [{"type": trace_type, "x": [1], "y": [2]}], "layout": {}}
    div = '<div class="plotly-graph-div" id="x"></div><script>Plotly.newPlot("x", [], {})</script>'
    cell = nbformat.v4.new_code_cell("fig")
    cell.outputs = [
        nbformat.v4.new_output("display_data", {"application/vnd.plotly.v1+json": figure, "text/html": div})
    ]
    nb.cells = [cell]
    return nb


PACKED = re.compile(r'<script type="application/x-dtanalysis-plotly" id="dt-plotly">(.*?)</script>', re.S)


def unpacked_plotly(html: str) -> str:
    """Return the plotly.js a pack carries, inflated as the page's loader does."""
    (packed,) = PACKED.findall(html)
    return gzip.decompress(export.script_bytes(packed)).decode("utf-8")


def test_basic_traces_get_the_small_bundle_and_others_the_full_library():
    small = export.notebook_html(notebook_with("bar"), title="t", lang="vi", fingerprint="f")
    full = export.notebook_html(notebook_with("heatmap"), title="t", lang="vi", fingerprint="f")
    assert (
        "plotly.js (basic - minified)" in unpacked_plotly(small)[:300] and len(small.encode()) < 450_000
    )  # plotly.js: 434 KB
    assert "plotly.js (basic" not in unpacked_plotly(full)[:300] and len(unpacked_plotly(full)) > 3_000_000


def test_the_shipped_compressed_bundle_is_the_shipped_bundle():
    packed = (export._TEMPLATES / "plotly" / export.PACKED_BUNDLE).read_bytes()
    assert gzip.decompress(packed).decode("utf-8") == export.plotly_js(), "run `python -m dtanalysis.briefings.export`"
    assert "<!--" not in export.packed_plotly_js()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"A",  # 8 bits: two groups, the last padded with six zero bits
        bytes(7),  # 56 zero bits: eight NUL groups, each unsafe, paired off
        bytes([0b01111000, 0b11110000]),  # 0111100 (60 '<') 0111100 (60) 00 (0, unsafe and last)
        bytes(range(256)) * 3,
    ],
)
def test_seven_bit_text_comes_back_as_the_same_bytes_and_holds_nothing_a_script_would_change(data):
    text = export.script_text(data)
    assert export.script_bytes(text) == data
    assert not {"\x00", "\r", "<"} & set(text)
    assert len(text.encode("utf-8")) <= -(-len(data) * 8 // 7) + 1  # 8/7 of the bytes, rounded up


def test_seven_bit_text_pairs_an_unsafe_group_with_the_next():
    # by hand: 0x78 0xF0 = 0111100 0111100 00 -> '<' paired with 60 -> U+0100 + 128*2 + 60 = U+023C,
    # then the last group 0000000 (NUL, unsafe, nothing after it) -> U+0280 + 0 (its index in UNSAFE)
    assert export.script_text(bytes([0x78, 0xF0])) == "\u023c\u0280"
    assert export.script_text(b"a") == "0@"  # 0110000 (48 '0'), then 1 padded: 1000000 (64 '@')


def test_analyst_notes_and_warnings_are_left_out():
    nb = notebook_with("bar")
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("private note", metadata={"tags": ["notes"]}))
    nb.cells[1].outputs.append(nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: x"))
    html = export.notebook_html(nb, title="t", lang="vi", fingerprint="f")
    assert "private note" not in html and "FutureWarning" not in html


def test_figures_and_csv_downloads_travel_in_one_compressed_payload():
    import pandas as pd

    from dtanalysis.briefings import blocks

    # a figure whose data strings would end a <script> or open a comment if they leaked into the page
    plain = {"data": [{"type": "bar", "x": ["</script><b>", "<!--x"], "y": [1, 2]}], "layout": {"height": 300}}
    frame = pd.DataFrame({"tỉnh": ["Hà Nội", "Huế"], "n": [3, 4]})
    body = blocks.figure_html(plain, "cap") + blocks.numbers_behind(frame, "so-lieu", "vi")
    html = export.page(body, title="t", lang="vi", fingerprint="f")
    assert "data-dt-figure" not in html and 'href="data:text/csv' not in html and "</script><b>" not in html
    assert 'download="so-lieu.csv" data-dt-csv="0"' in html and "Hà Nội" in html  # the table stays plain HTML
    payload = export.unpack(html)
    (chart_id,) = re.findall(r'id="(dt-chart-\w+)" class="plotly-graph-div"', html)
    assert payload["figures"] == {chart_id: {**plain, "config": blocks.PLOTLY_CONFIG}}
    # the CSV exactly as numbers_behind writes it (a BOM, the header, two rows), written out by hand
    assert payload["downloads"] == {"so-lieu.csv": "\ufefftỉnh,n\nHà Nội,3\nHuế,4\n"}


def test_a_page_without_charts_or_downloads_carries_no_payload():
    html = export.page("<p>chỉ chữ</p>", title="t", lang="vi", fingerprint="f", charts=False)
    assert (
        "dt-payload" not in html and "dt-plotly" not in html and export.unpack(html) == {"figures": {}, "downloads": {}}
    )


def test_map_rings_travel_as_changes_in_thousandths_and_come_back_the_same():
    import json

    import numpy as np
    import plotly.graph_objects as go

    from dtanalysis.briefings import blocks

    xs = np.array([107.1, 107.102, 107.099, np.nan, 107.5], dtype="float32")  # two rings, a gap between
    ys = np.array([21.0, 21.003, 21.0, np.nan, 20.9], dtype="float32")
    other = np.array([0.12345, 1.5], dtype="float32")  # not whole thousandths: stays a typed array
    fig = go.Figure([go.Scatter(x=xs, y=ys, fill="toself"), go.Scatter(x=[1, 2], y=other)])
    plain = blocks.plain_figure(fig)
    assert plain["data"][0]["x"]["dtype"] == "f4"  # plotly.py writes float32 arrays as base64
    html = export.page(blocks.figure_html(plain, "bản đồ"), title="t", lang="vi", fingerprint="f")
    inner = export._PAYLOAD.findall(html)[0]
    text = json.loads(gzip.decompress(export.script_bytes(inner)))
    (figure,) = text["figures"].values()
    # 107.1 = 107100 thousandths, then +2, -3, a gap, +401 (107.5 - 107.099 = 0.401); y: 21000, +3, -3, gap, -100
    assert figure["data"][0]["x"] == {"dtype": "dq", "type": "f4", "d": [107100, 2, -3, None, 401]}
    assert figure["data"][0]["y"] == {"dtype": "dq", "type": "f4", "d": [21000, 3, -3, None, -100]}
    assert figure["data"][1]["y"]["dtype"] == "f4"
    (back,) = export.unpack(html)["figures"].values()
    assert back == {**plain, "config": blocks.PLOTLY_CONFIG}  # byte for byte the same float32 values
