"""What a briefing notebook displays: headings, headline cards, narrative, charts with captions and the
numbers behind them — as HTML outputs that nbconvert keeps and every browser renders offline.

Every string that comes from the data is HTML-escaped here, in one place. Charts are displayed through
a plotly renderer that emits a chart <div> without plotly.js (the pack's page carries plotly.js once)
plus plotly's own JSON for JupyterLab.
"""

from __future__ import annotations

import base64
import html
import json
import re
import urllib.parse
import uuid

import pandas as pd
import plotly.io as pio
from IPython.display import HTML, display
from plotly.io._base_renderers import MimetypeRenderer

from dtanalysis.analysis.tables import formula_safe
from dtanalysis.briefings.language import headers, readable
from dtanalysis.briefings.words import fmt_date, fmt_int, fmt_num, fmt_pct, t

RENDERER = "dtanalysis"
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


def plotly_text_safe(node, key: str = ""):
    """Return a plain figure dict with `&`, `<` and `>` escaped in every string but our own templates.

    plotly.js reads axis labels, trace names, hover text and annotations as pseudo-HTML (`<a href>`,
    `<span style>`, `<b>`); data strings must show as text. Entities are decoded back on screen, so
    'Hà Nội & <b>x</b>' displays exactly so. Hover and text templates are written by charts.py (data
    never goes into them), and the layout template holds only our styling.
    """
    if isinstance(node, dict):
        return {k: (v if k == "template" else plotly_text_safe(v, k)) for k, v in node.items()}
    if isinstance(node, list):
        return [plotly_text_safe(v, key) for v in node]
    if isinstance(node, str) and not key.endswith("template"):
        return node.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return node


_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?")


def _short_dates(value):
    """Return `value` with every midnight timestamp string ('2024-01-01T00:00:00.000000000') written as its date
    ('2024-01-01'): plotly reads both as the same instant, and a monthly series is a third of the bytes."""
    if isinstance(value, str):
        match = _MIDNIGHT.fullmatch(value)
        return match[1] if match else value
    if isinstance(value, list):
        return [_short_dates(v) for v in value]
    if isinstance(value, dict):
        return {k: _short_dates(v) for k, v in value.items()}
    return value


def plain_figure(fig) -> dict:
    """Return a figure (object or dict) as plain JSON types (numpy and dates converted once, midnight timestamps
    as dates) with every data string made inert for plotly's pseudo-HTML: what both the packs and the explorer's
    widgets draw."""
    return plotly_text_safe(_short_dates(json.loads(pio.to_json(fig, validate=False))))


def figure_html(plain: dict, label: str | None = None) -> str:
    """Return a chart's <div> and its figure as inert JSON; the pack's page draws every figure once plotly.js
    has been unpacked (export.py), so no chart script runs before the library exists. `label` (the caption)
    is the chart's accessible name: a screen reader announces a figure, not an unnamed drawing."""
    chart_id = f"dt-chart-{uuid.uuid4().hex[:12]}"
    height = plain.get("layout", {}).get("height")
    size = f"height:{int(height)}px; width:100%;" if isinstance(height, int | float) else "height:450px; width:100%;"
    payload = json.dumps({**plain, "config": PLOTLY_CONFIG}, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/").replace("<!--", "<\\u0021--")  # the JSON cannot end its <script>
    name = f' role="figure" aria-label="{esc(label)}"' if label else ""
    return (
        f'<div style="{size}"{name}><div id="{chart_id}" class="plotly-graph-div" style="height:100%; width:100%;"></div>'
        f'<script type="application/json" data-dt-figure="{chart_id}">{payload}</script></div>'
    )


class PackRenderer(MimetypeRenderer):
    """Render a figure as a plotly.js-free <div> with its JSON (for the HTML pack) and as plotly JSON (JupyterLab)."""

    def to_mimebundle(self, fig_dict: dict) -> dict:
        plain = plain_figure(fig_dict)
        return {"text/html": figure_html(plain), "application/vnd.plotly.v1+json": plain}


def setup() -> None:
    """Make figures display through the pack renderer with the packs' chart template (call once per notebook)."""
    from dtanalysis.briefings.charts import TEMPLATE_NAME

    pio.renderers[RENDERER] = PackRenderer()
    pio.renderers.default = RENDERER
    pio.templates.default = TEMPLATE_NAME


def esc(value: object) -> str:
    """Return `value` as HTML-escaped text."""
    return html.escape("" if value is None else str(value), quote=True)


def show(markup: str) -> None:
    """Display a ready HTML fragment (already escaped by the caller in this module)."""
    display(HTML(markup))


# ---------------------------------------------------------------- building blocks


def header(title: str, subtitle: str, *, is_sample: bool, lang: str) -> str:
    """Return the page header: title, subtitle and, for synthetic data, the sample banner."""
    banner = f'<div class="dt-banner" role="alert">{esc(t("sample_banner", lang))}</div>' if is_sample else ""
    return f'{banner}<header class="dt-header"><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>'


def badge(text: str) -> str:
    """Return the badge that marks a section as real published figures (never the synthetic sample)."""
    return f'<p class="dt-real" role="note">{esc(text)}</p>'


def heading(text: str, level: int = 2) -> str:
    """Return a section heading."""
    return f'<h{level} class="dt-heading">{esc(text)}</h{level}>'


def paragraph(*sentences: str) -> str:
    """Return a paragraph of narrative sentences."""
    return f'<p class="dt-text">{esc(" ".join(s for s in sentences if s))}</p>'


def note(text: str) -> str:
    """Return a muted note (missing data, caveats)."""
    return f'<p class="dt-note">{esc(text)}</p>'


def cards(items: list[tuple[str, str, str]]) -> str:
    """Return headline cards from (label, big value, detail) triples."""
    cells = "".join(
        f'<div class="dt-card"><div class="dt-card-label">{esc(label)}</div>'
        f'<div class="dt-card-value{" dt-card-words" if len(value) > 12 else ""}">{esc(value)}</div>'
        f'<div class="dt-card-detail">{esc(detail)}</div></div>'
        for label, value, detail in items
    )
    return f'<div class="dt-cards">{cells}</div>'


def _cell(value: object, column: str, lang: str) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return "–"  # a missing date (NaT) too, never the word 'NaT'
    if isinstance(value, pd.Timestamp):
        return fmt_date(value, lang)
    if column.endswith("_pct") or column == "composite_index":
        return fmt_pct(value, lang) if column.endswith("_pct") else fmt_num(value, lang)
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int) or (isinstance(value, float) and float(value).is_integer() and column not in ("value",)):
        return fmt_int(value, lang)
    if isinstance(value, float):
        return fmt_num(value, lang, 2)
    return str(value)


def _link(value: object) -> str:
    """Return a web address as a link showing its site (other text as escaped text)."""
    text = "" if value is None or value is pd.NA else str(value)
    match = re.match(r"https?://([^/]+)", text)
    if not match:
        return esc(text or "–")
    return f'<a href="{esc(text)}" rel="noopener noreferrer">{esc(match[1])}</a>'


def table(frame: pd.DataFrame, lang: str, labels: dict[str, str] | None = None, *, css: str = "dt-table") -> str:
    """Return an HTML table of `frame` (values formatted for `lang`, every cell escaped)."""
    labels = {**headers(lang), **(labels or {})}
    frame = readable(frame, lang)  # names instead of codes, in the page's language only
    head = "".join(f"<th>{esc(labels.get(c, c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{_link(v) if c == 'source' else esc(_cell(v, c, lang))}</td>" for c, v in zip(frame.columns, row)
        )
        + "</tr>"
        for row in frame.to_numpy(dtype=object).tolist()  # the values as Python objects, row by row
    )
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def sortable_table(frame: pd.DataFrame, lang: str, labels: dict[str, str] | None = None) -> str:
    """Return `table` that sorts by a click (or Enter) on a column heading: each cell carries its raw value
    (`data-sort`), so 85,4 % and 9,1 % sort as numbers in either language and dates as dates."""
    labels = labels or {}
    head = "".join(
        f'<th scope="col" tabindex="0" role="button" aria-sort="none">{esc(labels.get(c, c))}</th>'
        for c in frame.columns
    )

    def missing(value: object) -> bool:
        return pd.api.types.is_scalar(value) and bool(pd.isna(value))

    def key(value: object) -> str:
        if missing(value):
            return ""
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        return str(value)

    rows = "".join(
        "<tr>"
        + "".join(
            f'<td data-sort="{esc(key(v))}">{esc(_cell(None if missing(v) else v, c, lang))}</td>'
            for c, v in zip(frame.columns, row)
        )
        + "</tr>"
        for row in frame.to_numpy(dtype=object).tolist()  # the values as Python objects, row by row
    )
    return f'<table class="dt-table dt-sortable"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _data_url(text: str) -> str:
    """Return a CSV as a data: URL, percent-encoded or base64, whichever is shorter (numbers encode smaller as
    text, Vietnamese names as base64)."""
    encoded = "data:text/csv;charset=utf-8," + urllib.parse.quote(text, safe=" ,.:;-_()/+*=!~'")
    packed = "data:text/csv;charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")
    return min(encoded, packed, key=len)


def numbers_behind(frame: pd.DataFrame, name: str, lang: str, labels: dict[str, str] | None = None) -> str:
    """Return a collapsible table of the numbers behind a chart with an embedded CSV download."""
    csv = formula_safe(frame).to_csv(index=False, lineterminator="\n")
    href = _data_url("\ufeff" + csv)
    filename = esc(f"{name}.csv")
    return (
        f'<details class="dt-data"><summary>{esc(t("numbers_behind", lang))}</summary>'
        f'{table(frame, lang, labels)}<a class="dt-download" download="{filename}" href="{href}">'
        f"{esc(t('download_csv', lang))} ({filename})</a></details>"
    )


def chart(fig, data: pd.DataFrame, *, caption: str, name: str, lang: str, labels: dict[str, str] | None = None) -> None:
    """Display a figure with its caption above and the numbers behind it below."""
    show(f'<p class="dt-caption">{esc(caption)}</p>')
    plain = plain_figure(fig)  # what the pack renderer shows, with the caption as the chart's name
    display({"text/html": figure_html(plain, caption), "application/vnd.plotly.v1+json": plain}, raw=True)
    show(numbers_behind(data, name, lang, labels))


def state_chips(states: list[str], lang: str) -> str:
    """Return a row of task-state chips (the status colours with white text: the key to tables and lists)."""
    from dtanalysis.briefings.charts import STATE_COLOURS

    chips = "".join(
        f'<span class="dt-state" style="display:inline-block;padding:1px 8px;margin-right:6px;border-radius:3px;'
        f'color:#fff;background:{STATE_COLOURS[s]}">{esc(t(f"state_{s}", lang))}</span>'
        for s in states
    )
    return f'<p class="dt-note">{chips}</p>'
