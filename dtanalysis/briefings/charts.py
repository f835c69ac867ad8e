"""The charts of the briefing packs and the national overview, in one look and in Vietnamese or English.

Packs are offline HTML with a partial plotly.js bundle, so every figure uses only `scatter` and `bar` traces
(the map is filled polygons on plain axes), no external URL and no web font. Text from the data enters a
figure as data (axis categories, customdata, trace names), never spliced into a hovertemplate.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from dtanalysis.analysis.merger import MERGER_DATE
from dtanalysis.briefings import map_shapes
from dtanalysis.briefings.words import LABELS, check_lang, fmt_num, fmt_pct, indicator_name, t
from dtanalysis.common.errors import ParameterError
from dtanalysis.inputs import provinces
from dtanalysis.inputs.reference import NATIONAL_CODE, NATIONAL_NAME

# -------------------------------------------------------------------------------------------- the look

ACCENT = "#e8590c"  # the province the pack is about
GREY = "#b9bfc8"  # every other unit
NATIONAL = "#1d3f72"  # national reference lines and series
TARGET = "#2b8a3e"  # target lines
MUTED = "#6b7280"  # secondary text, whiskers, the merger line
TEXT = "#1f2933"
MISSING = "#eceff3"  # a unit without data on the map
NO_TASKS = "#c4c9d1"  # a commune without tasks: grey, unlike the palest blue of a 0 % commune
STATUS = {"done": "#2f6db5", "in_progress": "#9fc2e9", "not_started": "#dde2e8"}
MAP_SCALE = [[0.0, "#eef4fb"], [0.35, "#a9c6e8"], [0.7, "#4f86c6"], [1.0, "#163e74"]]
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif'
SEPARATORS = {"vi": ",.", "en": ".,"}  # plotly: decimal mark, then thousands separator
PCT_SUFFIX = {"vi": " %", "en": "%"}
MONTH_FORMAT = {"vi": "%m/%Y", "en": "%b %Y"}  # numeric months in Vietnamese: plotly knows English names only
DAY_FORMAT = {"vi": "%d/%m/%Y", "en": "%-d %b %Y"}


def _template() -> go.layout.Template:
    """Return plotly_white reduced to the 2-D parts the packs use, with the project's font and palette."""
    base = pio.templates["plotly_white"]
    keep = (
        "autotypenumbers",
        "hoverlabel",
        "hovermode",
        "paper_bgcolor",
        "plot_bgcolor",
        "xaxis",
        "yaxis",
        "shapedefaults",
        "annotationdefaults",
    )
    layout = go.Layout({k: v for k, v in base.layout.to_plotly_json().items() if k in keep})
    layout.update(
        font=dict(family=FONT, size=13, color=TEXT),
        colorway=[ACCENT, NATIONAL, TARGET, GREY, MUTED],
        hoverlabel=dict(font_family=FONT, font_size=13),
        legend=dict(font_size=12),
        xaxis=dict(gridcolor="#e6eaf0", zerolinecolor="#d5dae1", tickfont_color=MUTED),
        yaxis=dict(gridcolor="#e6eaf0", zerolinecolor="#d5dae1", tickfont_color=TEXT),
        annotationdefaults=dict(font=dict(size=12, color=MUTED)),
    )
    return go.layout.Template(layout=layout, data={"bar": base.data.bar, "scatter": base.data.scatter})


TEMPLATE = _template()
TEMPLATE_NAME = "dtanalysis"
pio.templates[TEMPLATE_NAME] = TEMPLATE  # registered by name; pack.setup() makes it the default


def _nested(changes: dict) -> dict:
    """Return update arguments with plotly's magic underscores spelt out (`title_text=…` → `title={'text': …}`);
    layout and axis property names have no underscore of their own."""
    nested: dict = {}
    for key, value in changes.items():
        *path, leaf = key.split("_")
        node = nested
        for part in path:
            node = node.setdefault(part, {})
        node[leaf] = (
            _merged(node[leaf], value) if isinstance(node.get(leaf), dict) and isinstance(value, dict) else value
        )
    return nested


def _merged(old: dict, new: dict) -> dict:
    """Return `old` updated by `new` as plotly's `update` does: nested dicts merged, anything else replaced."""
    merged = dict(old)
    for key, value in new.items():
        both = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merged(merged[key], value) if both else value
    return merged


def _update(obj, changes: dict) -> None:
    """Do `obj.update(**changes)` on a figure's layout or axis by assigning each top-level property once, merged.

    The same figure (an object emptied by a None is left out, where plotly keeps it as {}); plotly's `update`
    sends every nested property through its widget-sync machinery (relayout messages, path checks), which
    costs about 8 times as much: it was a fifth of a pack's time.
    """
    for key, value in _nested(changes).items():
        if isinstance(value, dict):
            value = _merged(obj[key].to_plotly_json(), value)
        obj[key] = value


def _layout(fig: go.Figure, **changes) -> None:
    """`fig.update_layout(**changes)`, faster (see `_update`)."""
    _update(fig.layout, changes)


def _xaxes(fig: go.Figure, *, row: int | None = None, col: int | None = None, **changes) -> None:
    """`fig.update_xaxes(**changes, row=row, col=col)`, faster (see `_update`)."""
    for axis in fig.select_xaxes(row=row, col=col):
        _update(axis, changes)


def _yaxes(fig: go.Figure, *, row: int | None = None, col: int | None = None, **changes) -> None:
    """`fig.update_yaxes(**changes, row=row, col=col)`, faster (see `_update`)."""
    for axis in fig.select_yaxes(row=row, col=col):
        _update(axis, changes)


def _figure(fig: go.Figure, lang: str, height: int, *, top: int = 40, legend: bool = True) -> go.Figure:
    """Return `fig` with the common look: template, the language's number format, fixed height, full width."""
    if pio.templates.default != TEMPLATE_NAME:  # as the default it is already applied, at a tenth of the cost
        fig.update_layout(template=TEMPLATE)
    _layout(
        fig,
        separators=SEPARATORS[lang],
        autosize=True,
        height=height,
        margin=dict(l=10, r=20, t=top, b=10),
        showlegend=legend,
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", bgcolor="rgba(0,0,0,0)"),
    )
    return fig


# -------------------------------------------------------------------------------------------- helpers


def _require(frame: pd.DataFrame, columns: list[str], chart: str) -> None:
    """Raise ParameterError naming the missing columns and listing those present."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"{chart}: the frame lacks column(s) {missing}; it has: {', '.join(map(str, frame.columns))}"
        )


def _highlight_code(highlight: object, codes: pd.Series, chart: str) -> str | None:
    """Return the unit code `highlight` names (a code or any spelling of a name), checked against `codes`."""
    if highlight is None:
        return None
    known = set(codes.astype(str))
    code = str(highlight) if str(highlight) in known else provinces.resolve(highlight).province_code
    if code not in known:
        raise ParameterError(f"{chart}: highlight {highlight!r} ({code}) is not one of the frame's units")
    return code


def _is_national_name(name: object) -> bool:
    return isinstance(name, str) and name in {*NATIONAL_NAME.values(), *LABELS["national"].values()}


def _metric_label(metric: str, lang: str) -> str:
    """Return a metric's name: an i18n label, else the indicator catalogue's name, else the column name."""
    return t(metric, lang) if metric in LABELS else indicator_name(metric, lang)


def _number_format(is_pct: bool) -> str:
    return ".1f" if is_pct else ",.3~f"


def _suffix(is_pct: bool, lang: str) -> str:
    return PCT_SUFFIX[lang] if is_pct else ""


def _formatted(value: object, is_pct: bool, lang: str) -> str:
    """Return a value as the packs write it ('85,4 %'), or the missing-data label."""
    if value is None or pd.isna(value):
        return t("missing_data", lang)
    return fmt_pct(value, lang) if is_pct else fmt_num(value, lang, 3).rstrip("0").rstrip(",.")


def _floats(values: pd.Series) -> np.ndarray:
    """Return a column as float64 values, missing and non-numbers as NaN."""
    if pd.api.types.is_numeric_dtype(values.dtype):  # already numbers (nullable ones too): read, not parsed
        return values.to_numpy(dtype="float64", na_value=np.nan)
    return pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()


def _reference_line(
    fig: go.Figure, *, x: object = None, y: object = None, label: str, colour: str, dash: str, xanchor: str = "center"
) -> None:
    """Add a full-height (x) or full-width (y) line with its label, as a shape and an annotation, not a trace.

    A vertical line's label sits above the plot (`xanchor` 'center' or 'left' of the line); a horizontal
    line's label sits at the left end, just above the line.
    """
    line = dict(color=colour, width=1.6, dash=dash)
    if x is not None:
        fig.add_shape(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, line=line, layer="below")
        fig.add_annotation(
            x=x,
            xref="x",
            y=1,
            yref="paper",
            yanchor="bottom",
            xanchor=xanchor,
            text=label,
            showarrow=False,
            font_color=colour,
        )
    else:
        fig.add_shape(type="line", xref="paper", yref="y", x0=0, x1=1, y0=y, y1=y, line=line, layer="below")
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=y,
            yref="y",
            yanchor="bottom",
            text=label,
            showarrow=False,
            font_color=colour,
        )


LABEL_ABOVE = 0.36  # rows labelled above their marks: how far (in rows) the label sits above


def _label_rows(fig: go.Figure, labels: list[str], x: float, *, row: int | None = None) -> None:
    """Add each row's label as text above it, starting at `x`; rows are numbered 0, 1, ... from the top.

    Long labels (difficulty categories, indicator names) then take the plot's width instead of a left margin
    that would squeeze the marks to nothing on a narrow screen.
    """
    n = len(labels)
    fig.add_trace(
        go.Scatter(
            x=[x] * n,
            y=np.arange(n) - LABEL_ABOVE,
            mode="text",
            text=list(labels),
            textposition="middle right",
            textfont=dict(size=12.5, color=TEXT),
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
        ),
        row=row,
        col=1 if row else None,
    )
    _yaxes(
        fig,
        range=[n - 0.5, -0.8],
        showticklabels=False,
        showgrid=False,
        zeroline=False,
        row=row,
        col=1 if row else None,
    )


def _category_rows(fig: go.Figure, names: list[str]) -> None:
    """Set a category y axis that lists `names` from the top, with a little room between names and marks."""
    _yaxes(
        fig,
        type="category",
        categoryorder="array",
        categoryarray=names,
        range=[len(names) - 0.5, -0.5],
        ticklabelstandoff=6,
    )


def _row_height(rows: int, per_row: int = 22, extra: int = 90, least: int = 260) -> int:
    return max(least, per_row * rows + extra)


# -------------------------------------------------------------------------------------------- charts


def ranking_bar(
    table: pd.DataFrame,
    metric: str,
    *,
    highlight: object = None,
    national: float | None = None,
    low: str | None = None,
    high: str | None = None,
    direction: str | None = None,
    reference_name: str | None = None,
    lang: str = "vi",
) -> go.Figure:
    """Return horizontal bars of `metric` per unit (province_code, province_name columns), best at top;
    `national` draws a reference line, labelled `reference_name` when it is not the nation."""
    check_lang(lang)
    _require(table, ["province_code", "province_name", metric, *(c for c in (low, high) if c)], "ranking_bar")
    from dtanalysis.analysis.league import DIRECTIONS

    direction = direction or DIRECTIONS.get(metric, "higher")
    data = table[table["province_code"].astype(str) != NATIONAL_CODE].copy()
    data["_value"] = _floats(data[metric])
    data = data.sort_values("_value", ascending=direction == "lower", na_position="last", kind="stable")
    code = _highlight_code(highlight, data["province_code"], "ranking_bar")
    is_pct = metric.endswith("_pct")
    fmt, suffix = _number_format(is_pct), _suffix(is_pct, lang)
    names = data["province_name"].astype(str).tolist()
    bar = go.Bar(
        x=data["_value"],
        y=names,
        orientation="h",
        name=_metric_label(metric, lang),
        marker=dict(color=[ACCENT if c == code else GREY for c in data["province_code"].astype(str)]),
        hovertemplate=f"%{{y}}<br>%{{x:{fmt}}}{suffix}<extra></extra>",
    )
    top = data["_value"].max()
    if low and high:
        lows, highs = _floats(data[low]), _floats(data[high])
        bar.update(
            error_x=dict(
                type="data",
                symmetric=False,
                array=highs - data["_value"].to_numpy(),
                arrayminus=data["_value"].to_numpy() - lows,
                color=MUTED,
                thickness=1.2,
                width=3,
            ),
            customdata=np.column_stack([lows, highs]),
            hovertemplate=(
                f"%{{y}}<br>%{{x:{fmt}}}{suffix} (%{{customdata[0]:{fmt}}} – "
                f"%{{customdata[1]:{fmt}}}{suffix})<extra></extra>"
            ),
        )
        top = np.nanmax([top, np.nanmax(highs)])
    else:
        bar.update(
            texttemplate=f"%{{x:{fmt}}}", textposition="outside", cliponaxis=False, textfont=dict(size=11, color=MUTED)
        )
    fig = go.Figure(bar)
    if national is not None and not pd.isna(national):
        top = np.nanmax([top, float(national)])
        _reference_line(
            fig,
            x=float(national),
            colour=NATIONAL,
            dash="dash",
            label=f"{reference_name or t('national', lang)}: {_formatted(national, is_pct, lang)}",
        )
    upper = (100.0 if is_pct and top > 90 else float(top) * 1.08) if pd.notna(top) else None
    _xaxes(
        fig,
        title_text=_metric_label(metric, lang),
        ticksuffix=suffix,
        rangemode="tozero",
        range=[0, upper * 1.02] if upper else None,
    )
    _category_rows(fig, names)
    _layout(fig, bargap=0.25)
    return _figure(fig, lang, _row_height(len(data)), top=36, legend=False)


def group_progress(by_group: pd.DataFrame, *, group: str = "group", lang: str = "vi") -> go.Figure:
    """Return stacked horizontal bars of done / in-progress / not-started tasks per task group."""
    check_lang(lang)
    statuses = ["done", "in_progress", "not_started"]
    _require(by_group, [group, *statuses], "group_progress")
    data = by_group.copy()
    counts = data[statuses].apply(_floats)
    total = counts.sum(axis=1).where(lambda s: s > 0)
    data = data.assign(_share=counts["done"] / total).sort_values("_share", ascending=False, kind="stable")
    counts, total = counts.loc[data.index], total.loc[data.index]
    names = data[group].astype(str).tolist()
    fig = go.Figure()
    for status in statuses:
        share = 100 * counts[status] / total
        label = t(status, lang)
        fig.add_trace(
            go.Bar(
                x=counts[status],
                y=names,
                orientation="h",
                name=label,
                marker_color=STATUS[status],
                customdata=share,
                hovertemplate=f"%{{y}}<br>{label}: %{{x:,.0f}} (%{{customdata:.1f}}{PCT_SUFFIX[lang]})<extra></extra>",
                texttemplate=f"%{{customdata:.0f}}{PCT_SUFFIX[lang]}" if status == "done" else None,
                textposition="inside",
                insidetextanchor="start",
                textfont=dict(color="white", size=11),
            )
        )
    _layout(fig, barmode="stack", bargap=0.3, uniformtext=dict(minsize=9, mode="hide"), legend_traceorder="normal")
    _xaxes(fig, title_text=t("tasks", lang), tickformat=",d")
    _category_rows(fig, names)
    return _figure(fig, lang, _row_height(len(names), per_row=34, extra=110), top=40)


def snapshot_trend(
    series: pd.DataFrame, *, value: str = "completion_pct", national: str | None = None, lang: str = "vi"
) -> go.Figure:
    """Return lines of `value` over `as_of`, one per `series` label; the national series (named 'Toàn quốc' /
    'National' unless `national` names it) is dashed, the first other series in the accent colour."""
    check_lang(lang)
    _require(series, ["as_of", value, "series"], "snapshot_trend")
    data = series.copy()
    data["as_of"] = pd.to_datetime(data["as_of"])
    data = data.sort_values("as_of", kind="stable")
    is_pct = value.endswith("_pct")
    fmt, suffix = _number_format(is_pct), _suffix(is_pct, lang)
    has_counts = {"done", "assigned"} <= set(data.columns)
    fig = go.Figure()
    others = 0
    for name, rows in data.groupby("series", sort=False):
        is_national = name == national if national is not None else _is_national_name(name)
        colour = NATIONAL if is_national else ACCENT if others == 0 else GREY
        others += not is_national
        counts = " (%{customdata[0]:,.0f}/%{customdata[1]:,.0f})" if has_counts else ""
        fig.add_trace(
            go.Scatter(
                x=rows["as_of"],
                y=_floats(rows[value]),
                mode="lines+markers",
                name=t("national", lang) if is_national else str(name),
                line=dict(color=colour, width=2 if is_national else 2.6, dash="dash" if is_national else "solid"),
                marker=dict(size=6 if is_national else 7, color=colour),
                customdata=rows[["done", "assigned"]].apply(_floats).to_numpy() if has_counts else None,
                hovertemplate=f"%{{y:{fmt}}}{suffix}{counts}",
            )
        )
    _xaxes(fig, title_text=t("snapshot", lang), tickformat=MONTH_FORMAT[lang], hoverformat=DAY_FORMAT[lang])
    _yaxes(fig, title_text=_metric_label(value, lang), ticksuffix=suffix, range=[0, 100] if is_pct else None)
    _layout(fig, hovermode="x unified")
    return _figure(fig, lang, 360)


def filing_trend(
    monthly: pd.DataFrame,
    province_code: object,
    *,
    target: float | None = None,
    rate: str = "online_pct",
    reference_name: str | None = None,
    lang: str = "vi",
) -> go.Figure:
    """Return a unit's monthly `rate` with its 95 % band, the national rate, the target and the merger date,
    from `filing.monthly_rates` output (national rows '00', or a national_pct column). `reference_name`
    renames the '00' line when it is not the nation (a commune's province)."""
    check_lang(lang)
    _require(
        monthly,
        ["province_code", "province_name", "period_start", rate, "ci95_low_pct", "ci95_high_pct"],
        "filing_trend",
    )
    codes = monthly["province_code"].astype(str)
    code = _highlight_code(province_code, codes[codes != NATIONAL_CODE], "filing_trend")
    mine = monthly[codes == code].sort_values("period_start")
    national = monthly[codes == NATIONAL_CODE].sort_values("period_start")
    if national.empty and "national_pct" in monthly:
        national = mine.assign(**{rate: mine["national_pct"]})
    x = pd.to_datetime(mine["period_start"])
    suffix, month = PCT_SUFFIX[lang], MONTH_FORMAT[lang]
    band = dict(mode="lines", line=dict(width=0), hoverinfo="skip", legendgroup="band")
    fig = go.Figure(
        [
            go.Scatter(x=x, y=_floats(mine["ci95_high_pct"]), showlegend=False, **band),
            go.Scatter(
                x=x,
                y=_floats(mine["ci95_low_pct"]),
                fill="tonexty",
                fillcolor="rgba(232,89,12,0.18)",
                name=t("interval95", lang).capitalize(),
                legendrank=3,
                **band,
            ),
        ]
    )
    if not national.empty:
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(national["period_start"]),
                y=_floats(national[rate]),
                mode="lines",
                name=reference_name or t("national", lang),
                line=dict(color=NATIONAL, width=2, dash="dash"),
                legendrank=2,
                hovertemplate=f"%{{y:.1f}}{suffix}",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_floats(mine[rate]),
            mode="lines+markers",
            name=str(mine["province_name"].iloc[0]),
            legendrank=1,
            line=dict(color=ACCENT, width=2.6),
            marker=dict(size=6, color=ACCENT),
            customdata=mine[["ci95_low_pct", "ci95_high_pct"]].apply(_floats).to_numpy(),
            hovertemplate=f"%{{y:.1f}}{suffix} (%{{customdata[0]:.1f}} – %{{customdata[1]:.1f}}{suffix})",
        )
    )
    if target is not None and not pd.isna(target):
        _reference_line(
            fig,
            y=float(target),
            colour=TARGET,
            dash="dashdot",
            label=f"{t('target', lang)}: {fmt_pct(target, lang, 0)}",
        )
    if len(x) and x.min() < MERGER_DATE <= x.max():
        # the label reads towards the longer side of the line, and the months are a fixed range: plotly widens
        # an autoranged axis to fit annotation text, which on a phone stretched the axis by two years
        late = pd.Timestamp(MERGER_DATE) > x.min() + (x.max() - x.min()) / 2
        label = t("merger", lang)
        _reference_line(fig, x=MERGER_DATE, colour=MUTED, dash="dot", label=label, xanchor="right" if late else "left")
        _xaxes(fig, range=[x.min() - pd.Timedelta(days=20), x.max() + pd.Timedelta(days=20)])
    months = x.dt.to_period("M").nunique() if len(x) else 0
    _xaxes(
        fig, title_text=t("month", lang), tickformat=month, hoverformat=month, dtick="M1" if months <= 12 else "M3"
    )  # one tick per month; without it short series repeat labels
    _yaxes(fig, title_text=_metric_label(rate, lang), ticksuffix=suffix)
    _layout(fig, hovermode="x unified")
    fig = _figure(fig, lang, 420, top=36)
    # the legend goes under the plot: above it, it ran into the merger label on narrow screens
    # (at the foot of the figure, in a bottom margin of its own, so neither tick labels nor axis title meet it)
    _layout(
        fig,
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yanchor="bottom", yref="container"),
        margin=dict(b=64),
    )
    return fig


def difficulty_profile(profile: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """Return bars of the national share of provinces reporting each difficulty category (most widespread at
    top), from `difficulties.province_profile` (categories this province reported in the accent colour) or
    from `difficulties.frequency` (provinces_pct, nothing highlighted)."""
    check_lang(lang)
    label = f"label_{lang}"
    share = "national_provinces_pct" if "national_provinces_pct" in profile else "provinces_pct"
    _require(profile, ["category", label, share], "difficulty_profile")
    reported = profile["is_reported"] if "is_reported" in profile else pd.Series(False, index=profile.index)
    data = profile.assign(
        _pct=_floats(profile[share]),
        _reported=reported.fillna(False).astype(bool),
        _statements=_floats(profile["statements"]) if "statements" in profile else np.nan,
    )
    data = data[(data["_pct"] > 0) | data["_reported"]].sort_values("_pct", ascending=False, kind="stable")
    data["_row"] = np.arange(len(data))
    suffix = PCT_SUFFIX[lang]
    has_highlight = bool(data["_reported"].any())
    fig = go.Figure()
    for is_reported, name, colour in (
        (True, t("reported_here", lang), ACCENT),  # national view: one plain colour
        (False, t("not_reported_here", lang), GREY if has_highlight else NATIONAL),
    ):
        rows = data[data["_reported"] == is_reported]
        if rows.empty:
            continue
        counts = (
            f"<br>{t('statements', lang)}: %{{customdata[1]:,.0f}}" if is_reported and "statements" in profile else ""
        )
        fig.add_trace(
            go.Bar(
                x=rows["_pct"],
                y=rows["_row"] + 0.1,
                width=0.46,
                orientation="h",
                name=name,
                marker_color=colour,
                customdata=list(zip(rows[label].astype(str), rows["_statements"])),
                texttemplate=f"%{{x:.0f}}{suffix}",
                textposition="outside",
                cliponaxis=False,
                textfont=dict(size=11, color=MUTED),
                hovertemplate=f"%{{customdata[0]}}<br>{t('provinces_pct', lang)}: %{{x:.1f}}{suffix}{counts}<extra></extra>",
            )
        )
    _label_rows(fig, data[label].astype(str).tolist(), 0)
    top = float(np.nanmax(data["_pct"])) if len(data) else 100.0
    _layout(fig, barmode="overlay")
    _xaxes(fig, title_text=t("provinces_pct", lang), ticksuffix=suffix, range=[0, min(100, top * 1.1) or 1])
    return _figure(
        fig, lang, _row_height(len(data), per_row=46, extra=110), top=40 if has_highlight else 16, legend=has_highlight
    )


def indicator_ranges(summary: pd.DataFrame, *, province_name: str | None = None, lang: str = "vi") -> go.Figure:
    """Return one row per indicator (frame order): the national min–max range, the median tick and the
    province's value; indicators of different `unit`s ('pct', 'score', ...) get separate panels."""
    check_lang(lang)
    _require(summary, ["indicator", "min", "median", "max", "value"], "indicator_ranges")
    data = summary.copy()
    data["_unit"] = data["unit"].astype(str) if "unit" in data else "pct"
    data["_name"] = [indicator_name(str(code), lang) for code in data["indicator"]]
    for column in ("min", "median", "max", "value"):
        data[column] = _floats(data[column])
    units = sorted(data["_unit"].unique(), key=lambda u: (u != "pct", u))
    sizes = [int((data["_unit"] == u).sum()) for u in units]
    fig = make_subplots(rows=len(units), cols=1, row_heights=sizes, vertical_spacing=0.12 if len(units) > 1 else 0)
    mine = province_name or t("province", lang)
    for row, unit in enumerate(units, start=1):
        rows = data[data["_unit"] == unit].reset_index(drop=True)
        y = rows.index.to_numpy() + 0.1
        is_pct, first = unit == "pct", row == 1
        fmt, suffix = _number_format(is_pct), _suffix(is_pct, lang)
        names = rows["_name"].tolist()
        span = [None] * (3 * len(rows))
        span_x, span_y, span_data = list(span), list(span), list(span)
        span_x[0::3], span_x[1::3] = rows["min"].tolist(), rows["max"].tolist()
        span_y[0::3] = span_y[1::3] = y.tolist()
        span_data[0::3] = span_data[1::3] = list(zip(names, rows["min"], rows["max"]))
        fig.add_trace(
            go.Scatter(
                x=span_x,
                y=span_y,
                mode="lines+markers",
                name=t("national_range", lang),
                legendgroup="range",
                showlegend=first,
                line=dict(color=GREY, width=5),
                marker=dict(size=7, color=GREY),
                customdata=span_data,
                hovertemplate=(
                    f"%{{customdata[0]}}<br>{t('minimum', lang)}: %{{customdata[1]:{fmt}}}{suffix}<br>"
                    f"{t('maximum', lang)}: %{{customdata[2]:{fmt}}}{suffix}<extra></extra>"
                ),
            ),
            row=row,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=rows["median"],
                y=y,
                mode="markers",
                name=t("national_median", lang),
                legendgroup="median",
                showlegend=first,
                marker=dict(symbol="line-ns", size=18, line=dict(width=3, color=NATIONAL)),
                customdata=names,
                hovertemplate=f"%{{customdata}}<br>{t('median', lang)}: %{{x:{fmt}}}{suffix}<extra></extra>",
            ),
            row=row,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=rows["value"],
                y=y,
                mode="markers",
                name=mine,
                legendgroup="value",
                showlegend=first,
                marker=dict(size=12, color=ACCENT, line=dict(width=1.5, color="white")),
                customdata=names,
                hovertemplate=f"%{{customdata}}<br>%{{fullData.name}}: %{{x:{fmt}}}{suffix}<extra></extra>",
            ),
            row=row,
            col=1,
        )
        if is_pct:
            lo, hi = 0.0, 100.0
        else:
            known = rows[["min", "max", "value"]].to_numpy(dtype="float64")
            lo, hi = float(np.nanmin(known)), float(np.nanmax(known))
            pad = (hi - lo) * 0.06 or abs(hi) * 0.1 or 1.0
            lo, hi = lo - pad, hi + pad
        _label_rows(fig, names, lo, row=row)
        _xaxes(
            fig,
            ticksuffix=suffix,
            range=[lo - (2 if is_pct else 0), hi + (2 if is_pct else 0)],
            row=row,
            col=1,
            title_text=None if is_pct else t("value", lang),
        )
    return _figure(fig, lang, _row_height(len(data), per_row=46, extra=110 + 60 * (len(units) - 1)), top=40)


def _ring_xy(rings: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Return x and y of several closed rings joined by gaps (NaN), as one filled scatter path. Single precision
    (about a metre at Vietnam's longitudes), which plotly.py ships as a base64 typed array: a third fewer bytes
    than the coordinates written out."""
    gap = np.array([np.nan])
    xs = np.concatenate([part for ring in rings for part in (ring[:, 0], gap)][:-1]).astype("float32")
    ys = np.concatenate([part for ring in rings for part in (ring[:, 1], gap)][:-1]).astype("float32")
    return xs, ys


def _outline(rings: list[np.ndarray], name: str) -> go.Scatter:
    """Return the accent outline a map draws round its highlighted unit."""
    xs, ys = _ring_xy(rings)
    return go.Scatter(
        x=xs, y=ys, mode="lines", line=dict(color=ACCENT, width=2.6), hoverinfo="skip", showlegend=False, name=name
    )


def _colour_bar(colorscale: list, low: float, high: float, metric: str, lang: str, **place) -> go.Scatter:
    """Return an invisible trace that carries a map's colour bar (`place`: its length and position)."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        showlegend=False,
        hoverinfo="skip",
        marker=dict(
            colorscale=colorscale,
            cmin=low,
            cmax=high,
            color=[low],
            showscale=True,
            colorbar=dict(
                title=dict(text=_metric_label(metric, lang), side="right"),
                thickness=12,
                ticksuffix=_suffix(metric.endswith("_pct"), lang),
                outlinewidth=0,
                **place,
            ),
        ),
    )


def choropleth(
    table: pd.DataFrame, metric: str, *, highlight: object = None, colorscale: list | None = None, lang: str = "vi"
) -> go.Figure:
    """Return a map of the 34 units coloured by `metric` (table with province_code and province_name), drawn
    as filled scatter polygons; `highlight` is outlined in the accent colour."""
    check_lang(lang)
    _require(table, ["province_code", metric], "choropleth")
    colorscale = colorscale or MAP_SCALE
    shapes, islands = map_shapes.outlines(), map_shapes.archipelagos()
    data = table[table["province_code"].astype(str).isin(shapes)].drop_duplicates("province_code")
    values = dict(zip(data["province_code"].astype(str), _floats(data[metric])))
    names = {f["id"]: f["properties"]["name"] for f in map_shapes.simplified()["features"]}
    if "province_name" in data:
        names.update(zip(data["province_code"].astype(str), data["province_name"].astype(str)))
    code = _highlight_code(highlight, pd.Series(list(shapes)), "choropleth")
    known = [v for v in values.values() if not math.isnan(v)]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    span = (high - low) or 1.0
    is_pct = metric.endswith("_pct")

    def colour(v: float) -> str:
        return MISSING if math.isnan(v) else pcolors.sample_colorscale(colorscale, [(v - low) / span])[0]

    fig = go.Figure()
    for unit, rings in shapes.items():
        value = values.get(unit, float("nan"))
        xs, ys = _ring_xy(rings)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=colour(value),
                name=names[unit],
                line=dict(color="white", width=0.6),
                hoveron="fills",
                hoverinfo="text",
                text=f"{names[unit]}: {_formatted(value, is_pct, lang)}",
                showlegend=False,
            )
        )
    for unit, (_, points) in islands.items():
        value = values.get(unit, float("nan"))
        label = t(f"archipelago_{unit}", lang)
        fig.add_trace(
            go.Scatter(
                x=points[:, 0],
                y=points[:, 1],
                mode="markers",
                showlegend=False,
                name=label,
                marker=dict(size=4, color=colour(value), line=dict(width=0.6, color=MUTED)),
                customdata=[[label, names[unit], _formatted(value, is_pct, lang)]] * len(points),
                hovertemplate="%{customdata[0]} (%{customdata[1]})<br>%{customdata[2]}<extra></extra>",
            )
        )
        fig.add_annotation(
            x=float(points[:, 0].mean()),
            y=float(points[:, 1].max()) + 0.35,
            text=label,
            showarrow=False,
            font=dict(size=10, color=MUTED),
            yanchor="bottom",
        )
    if code is not None:
        fig.add_trace(_outline(shapes[code], names[code]))
    fig.add_trace(_colour_bar(colorscale, low, high, metric, lang, len=0.55, x=1.0, xanchor="right", y=0.35))
    mid_lat = math.radians(15.5)
    _xaxes(fig, visible=False, range=[102.0, 118.2], constrain="domain")
    _yaxes(fig, visible=False, range=[6.8, 23.6], scaleanchor="x", scaleratio=1 / math.cos(mid_lat), constrain="domain")
    return _figure(fig, lang, 680, top=10, legend=False)


def rate_distribution(
    rates: pd.DataFrame,
    *,
    highlight: object = None,
    national: float | None = None,
    rate: str = "online_pct",
    lang: str = "vi",
) -> go.Figure:
    """Return the units' `rate` as dots with 95 % whiskers, best at top, and the national rate as a dashed line
    (`national`, else the frame's national row '00', which is never drawn as a unit), from `filing.online_rates`."""
    check_lang(lang)
    _require(rates, ["province_code", "province_name", rate, "ci95_low_pct", "ci95_high_pct"], "rate_distribution")
    codes = rates["province_code"].astype(str)
    if national is None and (codes == NATIONAL_CODE).any():
        national = rates.loc[codes == NATIONAL_CODE, rate].iloc[0]
    data = rates[codes != NATIONAL_CODE].copy()
    data["_value"] = _floats(data[rate])
    data = data.sort_values("_value", ascending=False, na_position="last", kind="stable")
    code = _highlight_code(highlight, data["province_code"], "rate_distribution")
    is_code = data["province_code"].astype(str) == code
    suffix = PCT_SUFFIX[lang]
    names = data["province_name"].astype(str).tolist()
    fig = go.Figure()
    for chosen, colour, size in ((False, MUTED, 8), (True, ACCENT, 12)):
        rows = data[is_code == chosen]
        if rows.empty:
            continue
        value, lows, highs = rows["_value"].to_numpy(), _floats(rows["ci95_low_pct"]), _floats(rows["ci95_high_pct"])
        verdict = [t(v, lang) if isinstance(v, str) and v in LABELS else "" for v in rows.get("vs_national", [])]
        fig.add_trace(
            go.Scatter(
                x=value,
                y=rows["province_name"].astype(str),
                mode="markers",
                showlegend=False,
                name=t("province", lang),
                marker=dict(size=size, color=colour, line=dict(width=1, color="white")),
                error_x=dict(
                    type="data",
                    symmetric=False,
                    array=highs - value,
                    arrayminus=value - lows,
                    color=colour,
                    thickness=1.4,
                    width=4,
                ),
                customdata=list(zip(lows.tolist(), highs.tolist(), verdict or [""] * len(rows))),
                hovertemplate=(
                    f"%{{y}}<br>%{{x:.1f}}{suffix} (%{{customdata[0]:.1f}} – %{{customdata[1]:.1f}}{suffix})"
                    "<br>%{customdata[2]}<extra></extra>"
                ),
            )
        )
    if national is not None and pd.notna(national):
        _reference_line(
            fig,
            x=float(national),
            colour=NATIONAL,
            dash="dash",
            label=f"{t('national', lang)}: {fmt_pct(national, lang)}",
        )
    _xaxes(fig, title_text=_metric_label(rate, lang), ticksuffix=suffix)
    _category_rows(fig, names)
    return _figure(fig, lang, _row_height(len(data), per_row=20), top=36, legend=False)


def _funnel_limits(curve: pd.DataFrame, trials: str, lang: str) -> go.Figure:
    """Return a figure holding the adjusted 95 % (dashed) and 99.8 % (solid) funnel limits of `curve` against
    `trials`: the frame both funnel charts draw their units on."""
    fig = go.Figure()
    n = _floats(curve[trials])
    for level, dash in (("95", "dash"), ("998", "solid")):
        for side in ("low", "high"):
            fig.add_trace(
                go.Scatter(
                    x=n,
                    y=_floats(curve[f"funnel{level}_{side}_pct"]),
                    mode="lines",
                    line=dict(color=NATIONAL if level == "998" else MUTED, width=1.3, dash=dash),
                    name=t(f"funnel_limits{level}", lang),
                    legendgroup=level,
                    showlegend=side == "low",
                    hoverinfo="skip",
                )
            )
    return fig


def funnel_plot(
    rates: pd.DataFrame,
    curve: pd.DataFrame,
    *,
    centre: float,
    rate: str = "online_pct",
    highlight: object = None,
    trials: str = "dossiers_total",
    verdict_column: str = "vs_rest",
    lang: str = "vi",
) -> go.Figure:
    """Return the units' `rate` against their `trials` (dossiers, or tasks assigned; log scale) with the adjusted
    95 % and 99.8 % funnel limits of `curve` (from `funnel.funnel_curve`) around `centre`; points coloured by
    their verdict (`verdict_column`)."""
    check_lang(lang)
    _require(rates, ["province_code", "province_name", trials, rate, verdict_column], "funnel_plot")
    _require(curve, [trials, "funnel95_low_pct", "funnel998_high_pct"], "funnel_plot")
    data = rates[rates["province_code"].astype(str) != NATIONAL_CODE]
    code = _highlight_code(highlight, data["province_code"], "funnel_plot")
    suffix = PCT_SUFFIX[lang]
    fig = _funnel_limits(curve, trials, lang)
    colours = {"higher": TARGET, "lower": "#c92a2a", "similar": GREY}
    for verdict, colour in colours.items():
        rows = data[data[verdict_column].astype("string").fillna("") == verdict]
        if rows.empty:
            continue
        chosen = rows["province_code"].astype(str) == code
        fig.add_trace(
            go.Scatter(
                x=_floats(rows[trials]),
                y=_floats(rows[rate]),
                mode="markers",
                name=t(f"rest_{verdict}", lang),
                marker=dict(
                    size=np.where(chosen, 14, 9).tolist(),
                    color=[ACCENT if c else colour for c in chosen],
                    line=dict(width=1, color="white"),
                ),
                customdata=rows["province_name"].astype(str).to_numpy()[:, None],
                hovertemplate=f"%{{customdata[0]}}<br>%{{y:.1f}}{suffix} · %{{x:,.0f}}<extra></extra>",
            )
        )
    _reference_line(
        fig, y=float(centre), colour=NATIONAL, dash="dot", label=f"{t('national', lang)}: {fmt_pct(centre, lang)}"
    )
    _xaxes(fig, type="log", title_text=t(trials, lang))
    _yaxes(fig, title_text=_metric_label(rate, lang), ticksuffix=suffix)
    return _figure(fig, lang, 460, top=60)


# -------------------------------------------------------------------------------------------- meeting charts

# the four task states, the same everywhere (status bars, the watch lists, the index): each colour has at least
# 4.5:1 contrast on white (WCAG AA for text, so also for graphics), and each state has its own fill pattern so
# the states stay apart without colour (printed in grey, or for a reader who does not see red and green apart)
STATE_COLOURS = {"done": "#1e7b3a", "on_track": "#2f6db5", "due_soon": "#a15c00", "overdue": "#c42b2b"}
STATE_PATTERNS = {"done": "", "on_track": "/", "due_soon": ".", "overdue": "x"}


def status_bars(counts: pd.DataFrame, category: str, *, lang: str = "vi") -> go.Figure:
    """Return stacked horizontal bars of the four task states (done, on track, due soon, overdue) per
    `category` row (task group or unit), in the state colours and fill patterns."""
    from dtanalysis.analysis.status import STATES

    check_lang(lang)
    _require(counts, [category, *STATES], "status_bars")
    data = counts.copy()
    values = data[list(STATES)].apply(_floats)
    total = values.sum(axis=1).where(lambda s: s > 0)
    data = data.assign(_done=values["done"] / total).sort_values("_done", ascending=False, kind="stable")
    values, total = values.loc[data.index], total.loc[data.index]
    names = data[category].astype(str).tolist()
    fig = go.Figure()
    for state in STATES:
        share = 100 * values[state] / total
        label = t(f"state_{state}", lang)
        fig.add_trace(
            go.Bar(
                x=values[state],
                y=names,
                orientation="h",
                name=label,
                marker=dict(
                    color=STATE_COLOURS[state],
                    line=dict(color="white", width=1),
                    pattern=dict(shape=STATE_PATTERNS[state], fgcolor="white", size=7, solidity=0.25),
                ),
                customdata=share,
                hovertemplate=f"%{{y}}<br>{label}: %{{x:,.0f}} (%{{customdata:.1f}}{PCT_SUFFIX[lang]})<extra></extra>",
            )
        )
    _layout(fig, barmode="stack", bargap=0.3, legend_traceorder="normal")
    _xaxes(fig, title_text=t("tasks", lang), tickformat=",d")
    _category_rows(fig, names)
    return _figure(fig, lang, _row_height(len(names), per_row=30, extra=110), top=40)


def outlook_chart(history: pd.DataFrame, projection: dict, *, lang: str = "vi") -> go.Figure:
    """Return tasks done per snapshot (`history`: as_of, done) with the projection to the deadline: the
    projected line and its band, the pace needed to finish every assigned task, the assigned level and a
    deadline line. `projection` holds as_of, done, assigned, deadline, projected_done/low/high."""
    check_lang(lang)
    _require(history, ["as_of", "done"], "outlook_chart")
    missing = [k for k in ("as_of", "done", "assigned", "deadline", "projected_done") if k not in projection]
    if missing:
        raise ParameterError(f"outlook_chart: the projection lacks {missing}")
    data = history.sort_values("as_of")
    start, end = pd.Timestamp(projection["as_of"]), pd.Timestamp(projection["deadline"])
    done, assigned = float(projection["done"]), float(projection["assigned"])
    fig = go.Figure()
    if end > start and pd.notna(projection.get("projected_low")):
        fig.add_trace(
            go.Scatter(
                x=[start, end, end, start],
                y=[done, float(projection["projected_high"]), float(projection["projected_low"]), done],
                fill="toself",
                fillcolor="rgba(232, 89, 12, 0.16)",
                line=dict(width=0),
                mode="lines",
                name=t("projection_band", lang),
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=data["as_of"],
            y=_floats(data["done"]),
            mode="lines+markers",
            name=t("done_to_date", lang),
            line=dict(color=ACCENT, width=2.6),
            marker=dict(size=7, color=ACCENT),
            hovertemplate="%{x|" + DAY_FORMAT[lang] + "}: %{y:,.0f}<extra></extra>",
        )
    )
    if end > start and pd.notna(projection.get("projected_done")):
        fig.add_trace(
            go.Scatter(
                x=[start, end],
                y=[done, float(projection["projected_done"])],
                mode="lines+markers",
                name=t("projected_done", lang),
                line=dict(color=ACCENT, width=2, dash="dash"),
                marker=dict(size=[0, 8], color=ACCENT, symbol="diamond"),
                hovertemplate="%{x|" + DAY_FORMAT[lang] + "}: %{y:,.1f}<extra></extra>",
            )
        )
    if end > start and done < assigned:
        fig.add_trace(
            go.Scatter(
                x=[start, end],
                y=[done, assigned],
                mode="lines",
                name=t("needed_pace", lang),
                line=dict(color=TARGET, width=2, dash="dot"),
                hovertemplate="%{x|" + DAY_FORMAT[lang] + "}: %{y:,.0f}<extra></extra>",
            )
        )
    _reference_line(fig, y=assigned, label=t("assigned", lang), colour=MUTED, dash="longdash")
    _reference_line(fig, x=end, label=t("deadline", lang), colour=NATIONAL, dash="dash", xanchor="right")
    first = data["as_of"].min() if len(data) else start
    _xaxes(
        fig,
        title_text=t("snapshot", lang),
        tickformat=MONTH_FORMAT[lang],
        range=[first - pd.Timedelta(days=7), max(end, start) + pd.Timedelta(days=10)],
    )
    _yaxes(fig, title_text=t("tasks", lang), tickformat=",d", rangemode="tozero")
    return _figure(fig, lang, 380, top=60)


# -------------------------------------------------------------------------------------------- Decision 766 index

REAL = "#0b7285"  # real published figures: one colour of their own, never the sample's accent


def score_groups(
    groups: pd.DataFrame,
    *,
    name: str = "dvc766_group",
    score: str = "score",
    maximum: str = "max_score",
    lang: str = "vi",
) -> go.Figure:
    """Return one horizontal bar per group: the score over a grey bar of the group's maximum, labelled 'score / max'."""
    check_lang(lang)
    _require(groups, [name, score, maximum], "score_groups")
    names = groups[name].astype(str).tolist()
    scores, maxima = _floats(groups[score]), _floats(groups[maximum])
    shares = 100 * scores / maxima
    labels = [f"{fmt_num(s, lang, 2)} / {fmt_num(m, lang, 0)}" for s, m in zip(scores, maxima)]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=maxima,
            y=names,
            orientation="h",
            name=t("max_score", lang),
            marker=dict(color=MISSING, line=dict(color=GREY, width=1)),
            hovertemplate=f"%{{y}}<br>{t('max_score', lang)}: %{{x}}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=scores,
            y=names,
            orientation="h",
            name=t("score", lang),
            marker=dict(color=REAL),
            width=0.5,
            customdata=np.column_stack([maxima, shares]),
            text=labels,
            textposition="outside",
            cliponaxis=False,
            textfont=dict(size=11, color=TEXT),
            hovertemplate=(
                f"%{{y}}<br>%{{x:.2f}} / %{{customdata[0]:.0f}} (%{{customdata[1]:.0f}}{PCT_SUFFIX[lang]})<extra></extra>"
            ),
        )
    )
    _layout(fig, barmode="overlay", bargap=0.3)
    _xaxes(fig, title_text=t("score", lang), range=[0, float(np.nanmax(maxima)) * 1.25], rangemode="tozero")
    _category_rows(fig, names)
    return _figure(fig, lang, _row_height(len(names), per_row=40, extra=110), top=40)


def score_ranking(
    scores: pd.DataFrame,
    *,
    score: str = "total_score",
    change: str = "rank_change",
    highlight: object = None,
    national: float | None = None,
    lang: str = "vi",
) -> go.Figure:
    """Return the units' scores as horizontal bars, best at top, each labelled with its score and its rank change
    (▲ places gained / ▼ lost); `national` draws the national score as a dashed line."""
    check_lang(lang)
    _require(scores, ["province_code", "province_name", score, change], "score_ranking")
    data = scores[scores["province_code"].astype(str) != NATIONAL_CODE].copy()
    data["_value"] = _floats(data[score])
    data = data.sort_values("_value", ascending=False, kind="stable")
    code = _highlight_code(highlight, data["province_code"], "score_ranking")
    names = data["province_name"].astype(str).tolist()

    def movement(value: object) -> str:
        if value is None or pd.isna(value):
            return ""
        value = int(value)
        return f"▲{value}" if value > 0 else f"▼{-value}" if value < 0 else "="

    labels = [f"{fmt_num(v, lang, 2)}  {movement(c)}" for v, c in zip(data["_value"], data[change])]
    fig = go.Figure(
        go.Bar(
            x=data["_value"],
            y=names,
            orientation="h",
            name=_metric_label(score, lang),
            marker=dict(color=[ACCENT if c == code else REAL for c in data["province_code"].astype(str)]),
            text=labels,
            textposition="inside",  # at the bar's start, clear of the national line near the bars' ends
            insidetextanchor="start",
            textfont=dict(size=11, color="white"),
            customdata=labels,
            hovertemplate="%{y}<br>%{customdata}<extra></extra>",
        )
    )
    if national is not None and not pd.isna(national):
        _reference_line(
            fig,
            x=float(national),
            colour=NATIONAL,
            dash="dash",
            label=f"{t('national', lang)}: {fmt_num(national, lang, 2)}",
        )
    _xaxes(fig, title_text=_metric_label(score, lang), range=[0, 100 * 1.02])
    _category_rows(fig, names)
    _layout(fig, bargap=0.25)
    return _figure(fig, lang, _row_height(len(data)), top=36, legend=False)


def commune_choropleth(
    table: pd.DataFrame,
    province_code: str,
    metric: str,
    *,
    highlight: object = None,
    missing_label: str | None = None,
    lang: str = "vi",
) -> go.Figure:
    """Return a map of one province's communes coloured by `metric` (table with commune_code), communes absent
    from `table` drawn grey and named `missing_label` in the legend; `highlight` (a commune code) outlined."""
    check_lang(lang)
    _require(table, ["commune_code", metric], "commune_choropleth")
    shapes = map_shapes.commune_outlines(str(province_code))
    if not shapes:
        raise ParameterError(f"commune_choropleth: no commune boundaries for province {province_code!r}")
    values = dict(zip(table["commune_code"].astype(str), _floats(table[metric])))
    known = [v for code, v in values.items() if code in shapes and not math.isnan(v)]
    low, high = (min(known), max(known)) if known else (0.0, 100.0)
    span = (high - low) or 1.0
    is_pct = metric.endswith("_pct")
    detail = dict(zip(table["commune_code"].astype(str), table.get("detail", pd.Series("", index=table.index))))
    fig = go.Figure()
    for code, (name, rings) in shapes.items():
        value = values.get(code, float("nan"))
        has_value = not math.isnan(value)
        colour = pcolors.sample_colorscale(MAP_SCALE, [(value - low) / span])[0] if has_value else NO_TASKS
        text = f"{name}: {_formatted(value, is_pct, lang)}" if has_value else f"{name}: {missing_label or '–'}"
        if detail.get(code):
            text += f"<br>{detail[code]}"
        xs, ys = _ring_xy(rings)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=colour,
                name=name,
                line=dict(color="white" if has_value else GREY, width=0.6),
                hoveron="fills",
                hoverinfo="text",
                text=text,
                showlegend=False,
            )
        )
    if highlight is not None and str(highlight) in shapes:
        name, rings = shapes[str(highlight)]
        fig.add_trace(_outline(rings, name))
    if missing_label and any(code not in values or math.isnan(values[code]) for code in shapes):
        fig.add_trace(  # legend entry only: what a grey commune means
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=missing_label,
                marker=dict(symbol="square", size=12, color=NO_TASKS, line=dict(color=GREY, width=1)),
                hoverinfo="skip",
            )
        )
    fig.add_trace(_colour_bar(MAP_SCALE, low, high, metric, lang, len=0.6))
    every = np.concatenate([ring for _, rings in shapes.values() for ring in rings])
    (west, south), (east, north) = every.min(axis=0), every.max(axis=0)
    pad_x, pad_y = (east - west) * 0.03, (north - south) * 0.03
    mid_lat = math.radians((south + north) / 2)
    _xaxes(fig, visible=False, range=[west - pad_x, east + pad_x], constrain="domain")
    _yaxes(
        fig,
        visible=False,
        range=[south - pad_y, north + pad_y],
        scaleanchor="x",
        scaleratio=1 / math.cos(mid_lat),
        constrain="domain",
    )
    return _figure(fig, lang, 560, top=30, legend=bool(missing_label))


def commune_filing_trend(
    trend: pd.DataFrame, commune: object, *, reference_name: str | None = None, lang: str = "vi"
) -> go.Figure:
    """Return `filing_trend` of a commune across the 2025 merger: the commune-merger line, and months whose
    counts could not be rolled up (`is_complete` False) shaded and left as gaps, never drawn as a guess."""
    fig = filing_trend(trend, commune, reference_name=reference_name, lang=lang)
    for annotation in fig.layout.annotations:
        if annotation.text == t("merger", lang):
            annotation.text = t("commune_merger", lang)
    codes = trend["province_code"].astype(str)
    mine = trend[codes == str(commune)]
    if "is_complete" in mine:
        for start in pd.to_datetime(mine.loc[~mine["is_complete"].astype(bool), "period_start"]).sort_values():
            end = start + pd.offsets.MonthBegin(1)
            fig.add_vrect(
                x0=start - pd.Timedelta(days=15),
                x1=end - pd.Timedelta(days=15),
                fillcolor=MISSING,
                opacity=0.9,
                line_width=0,
                layer="below",
            )
            fig.add_annotation(
                x=start,
                xref="x",
                y=0.02,
                yref="paper",
                yanchor="bottom",
                text=t("incomplete_month", lang),
                showarrow=False,
                textangle=-90,
                font=dict(size=10, color=MUTED),
            )
    return fig


def funnel_position(
    rates: pd.DataFrame,
    curve: pd.DataFrame,
    *,
    centre: float,
    highlight: object,
    rate: str = "online_pct",
    trials: str = "dossiers_total",
    centre_label: str | None = None,
    lang: str = "vi",
) -> go.Figure:
    """Return one unit's place on a funnel plot: every unit's `rate` against its `trials` (log scale) as grey
    dots, `highlight` in the accent colour and labelled, the adjusted 95 % and 99.8 % limits of `curve` around
    `centre` and the comparator line at `centre`, labelled `centre_label` (default: national)."""
    check_lang(lang)
    _require(rates, ["province_code", "province_name", trials, rate], "funnel_position")
    _require(curve, [trials, "funnel95_low_pct", "funnel95_high_pct", "funnel998_low_pct"], "funnel_position")
    data = rates[rates["province_code"].astype(str) != NATIONAL_CODE]
    code = _highlight_code(highlight, data["province_code"], "funnel_position")
    suffix = PCT_SUFFIX[lang]
    fig = _funnel_limits(curve, trials, lang)
    chosen = data["province_code"].astype(str) == code
    hover = f"%{{customdata[0]}}<br>%{{y:.1f}}{suffix} · %{{x:,.0f}}<extra></extra>"
    for rows, is_mine in ((data[~chosen], False), (data[chosen], True)):
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=_floats(rows[trials]),
                y=_floats(rows[rate]),
                mode="markers+text" if is_mine else "markers",
                name=str(rows["province_name"].iloc[0]) if is_mine else t("other_units", lang),
                text=rows["province_name"].astype(str).tolist() if is_mine else None,
                textposition="top center",
                textfont=dict(color=ACCENT, size=13),
                marker=dict(
                    size=14 if is_mine else 8,
                    color=ACCENT if is_mine else GREY,
                    line=dict(width=1, color="white"),
                ),
                customdata=rows["province_name"].astype(str).to_numpy()[:, None],
                hovertemplate=hover,
            )
        )
    _reference_line(
        fig,
        y=float(centre),
        colour=NATIONAL,
        dash="dot",
        label=f"{centre_label or t('national', lang)}: {fmt_pct(centre, lang)}",
    )
    _xaxes(fig, type="log", title_text=t(trials, lang))
    _yaxes(fig, title_text=_metric_label(rate, lang), ticksuffix=suffix)
    return _figure(fig, lang, 420, top=60)


def composite_sensitivity(table: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """Return each unit's composite rank under the baseline (dot) with the span of its ranks over the
    sensitivity scenarios (bar from best to worst, tick at the median), best baseline rank at the top."""
    check_lang(lang)
    needed = ["province_name", "composite_rank", "composite_sensitivity_best", "composite_sensitivity_worst"]
    _require(table, needed, "composite_sensitivity")
    data = table.assign(_rank=_floats(table["composite_rank"])).sort_values("_rank", kind="stable")
    names = data["province_name"].astype(str).tolist()
    best, worst = _floats(data["composite_sensitivity_best"]), _floats(data["composite_sensitivity_worst"])
    rank = data["_rank"].to_numpy()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=rank,
            y=names,
            mode="markers",
            name=t("baseline_rank", lang),
            marker=dict(size=9, color=NATIONAL, line=dict(width=1, color="white")),
            error_x=dict(
                type="data",
                symmetric=False,
                array=worst - rank,
                arrayminus=rank - best,
                color=MUTED,
                thickness=3,
                width=0,
            ),
            customdata=list(zip(best.tolist(), worst.tolist())),
            hovertemplate=(
                f"%{{y}}<br>{t('baseline_rank', lang)}: %{{x}}<br>{t('sensitivity_span', lang)}: "
                "%{customdata[0]:.0f}–%{customdata[1]:.0f}<extra></extra>"
            ),
        )
    )
    if "composite_sensitivity_median" in data:
        fig.add_trace(
            go.Scatter(
                x=_floats(data["composite_sensitivity_median"]),
                y=names,
                mode="markers",
                name=t("composite_sensitivity_median", lang),
                marker=dict(symbol="line-ns-open", size=10, color=ACCENT, line=dict(width=2, color=ACCENT)),
                hovertemplate=f"%{{y}}<br>{t('composite_sensitivity_median', lang)}: %{{x}}<extra></extra>",
            )
        )
    _xaxes(fig, title_text=t("rank", lang), range=[0.5, max(len(names), 1) + 0.5], dtick=5, tick0=1)
    _category_rows(fig, names)
    return _figure(fig, lang, _row_height(len(data), per_row=18), top=50)


def correlation_heatmap(pairs: pd.DataFrame, *, value: str = "pearson", lang: str = "vi") -> go.Figure:
    """Return the matrix of a correlation (`value`: pearson or spearman) between the composite's metrics from
    one row per pair (metric_a, metric_b): a square per cell, −1 (red) to +1 (blue), each value written out.
    Drawn as scatter squares, not a heatmap trace, so the pack keeps the small plotly.js-basic bundle."""
    check_lang(lang)
    _require(pairs, ["metric_a", "metric_b", value], "correlation_heatmap")
    metrics = list(dict.fromkeys([*pairs["metric_a"], *pairs["metric_b"]]))
    matrix = pd.DataFrame(np.eye(len(metrics)), index=metrics, columns=metrics)
    for a, b, r in zip(pairs["metric_a"], pairs["metric_b"], _floats(pairs[value])):
        matrix.loc[a, b] = matrix.loc[b, a] = r
    labels = [_metric_label(m, lang) for m in metrics]
    cells = [(labels[i], labels[j], float(matrix.iloc[i, j])) for i in range(len(metrics)) for j in range(len(metrics))]
    z = np.array([c[2] for c in cells])
    text = [_signed_2(v, lang) for v in z]
    fig = go.Figure(
        go.Scatter(
            x=[c[1] for c in cells],
            y=[c[0] for c in cells],
            mode="markers+text",
            text=text,
            textfont=dict(color=["white" if np.isfinite(v) and abs(v) >= 0.5 else TEXT for v in z], size=13),
            marker=dict(
                symbol="square",
                size=62,
                color=np.nan_to_num(z, nan=0.0),
                cmin=-1,
                cmax=1,
                colorscale=[[0.0, "#c42b2b"], [0.5, "#f4f5f7"], [1.0, "#1d3f72"]],
                line=dict(width=1, color="white"),
            ),
            showlegend=False,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        )
    )
    _xaxes(fig, type="category", categoryorder="array", categoryarray=labels, showgrid=False, side="top")
    _yaxes(fig, type="category", categoryorder="array", categoryarray=labels[::-1], showgrid=False)
    return _figure(fig, lang, 140 + 70 * len(metrics), top=60, legend=False)


def _signed_2(value: float, lang: str) -> str:
    """Return a correlation to two decimals with a true minus sign ('−0,78'), '0,00' rather than '−0,00'."""
    if not np.isfinite(value):
        return "–"
    rounded = round(float(value), 2)
    return ("−" if rounded < 0 else "") + fmt_num(abs(rounded), lang, 2)
