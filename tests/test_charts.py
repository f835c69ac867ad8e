"""Charts: only scatter and bar traces, one look, both languages, data kept as data; the simplified map."""

import json
from collections import Counter

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dtanalysis.analysis import completion, difficulties, filing, league
from dtanalysis.analysis.merger import MERGER_DATE
from dtanalysis.briefings import charts, map_shapes
from dtanalysis.common.errors import ParameterError
from dtanalysis.inputs import reference

ALLOWED_TRACES = {"scatter", "bar"}
SCRIPT = "<script>alert(1)</script>"


# ------------------------------------------------------------------------------------ hand-made frames


def units_table(names=("Hà Nội", "Cao Bằng", "Tuyên Quang", "Điện Biên")):
    codes = ["01", "04", "08", "11"][: len(names)]
    return pd.DataFrame(
        {
            "province_code": codes,
            "province_name": list(names),
            "completion_pct": [47.1, 18.9, 52.0, 97.1][: len(names)],
            "low_pct": [45.0, 15.0, 50.0, 95.0][: len(names)],
            "high_pct": [49.0, 22.0, 54.0, 99.0][: len(names)],
        }
    )


def monthly_frame():
    periods = pd.to_datetime(["2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"])
    rows = []
    for code, name, base in (("33", "Hưng Yên", 80.0), ("00", "Toàn quốc", 70.0)):
        for i, start in enumerate(periods):
            rows.append(
                {
                    "province_code": code,
                    "province_name": name,
                    "period_start": start,
                    "online_pct": base + i,
                    "ci95_low_pct": base + i - 0.5,
                    "ci95_high_pct": base + i + 0.5,
                }
            )
    return pd.DataFrame(rows)


def rates_frame(names=("Hà Nội", "Cao Bằng", "Tuyên Quang")):
    table = pd.DataFrame(
        {
            "province_code": ["01", "04", "08", "00"],
            "province_name": [*names, "Toàn quốc"],
            "online_pct": [58.3, 68.0, 61.4, 66.2],
            "vs_national": ["lower", "higher", "lower", pd.NA],
        }
    )
    return table.assign(ci95_low_pct=table["online_pct"] - 0.1, ci95_high_pct=table["online_pct"] + 0.1)


def profile_frame(label_vi="Thiếu nhân lực"):
    return pd.DataFrame(
        {
            "category": ["human_resources", "legal_guidance", "unclassified"],
            "label_vi": [label_vi, "Chậm ban hành văn bản hướng dẫn", "Chưa phân loại"],
            "label_en": ["Staff shortage", "Late guidance", "Unclassified"],
            "statements": [2, 0, 0],
            "is_reported": [True, False, False],
            "national_provinces_pct": [76.5, 55.9, 0.0],
        }
    )


def summary_frame():
    return pd.DataFrame(
        {
            "indicator": ["data_reuse_rate", "satisfaction_rate", "dti_score"],
            "unit": ["pct", "pct", "score"],
            "min": [40.0, 85.0, 0.55],
            "median": [59.0, 93.0, 0.66],
            "max": [80.0, 97.0, 0.78],
            "value": [73.6, 90.6, 0.70],
        }
    )


def trend_frame(lang="vi"):
    dates = pd.to_datetime(["2025-09-30", "2025-10-31", "2025-11-13"])
    return pd.DataFrame(
        {
            "series": ["Hưng Yên"] * 3 + [charts.t("national", lang)] * 3,
            "as_of": list(dates) * 2,
            "completion_pct": [40.0, 51.0, 59.4, 35.0, 42.0, 57.0],
            "done": [40, 51, 59, 1200, 1440, 1954],
            "assigned": [100] * 3 + [3430] * 3,
        }
    )


def groups_frame():
    return pd.DataFrame(
        {"group": ["Dữ liệu số", "Hạ tầng số"], "done": [8, 4], "in_progress": [10, 6], "not_started": [0, 1]}
    )


def hand_made(name: str, lang: str) -> go.Figure:
    """Return one chart drawn from the hand-made frames."""
    builders = {
        "ranking_bar": lambda: charts.ranking_bar(
            units_table(), "completion_pct", highlight="01", national=57.0, low="low_pct", high="high_pct", lang=lang
        ),
        "group_progress": lambda: charts.group_progress(groups_frame(), lang=lang),
        "snapshot_trend": lambda: charts.snapshot_trend(trend_frame(lang), lang=lang),
        "filing_trend": lambda: charts.filing_trend(monthly_frame(), "33", target=80, lang=lang),
        "difficulty_profile": lambda: charts.difficulty_profile(profile_frame(), lang=lang),
        "indicator_ranges": lambda: charts.indicator_ranges(summary_frame(), province_name="Hưng Yên", lang=lang),
        "choropleth": lambda: charts.choropleth(units_table(), "completion_pct", highlight="01", lang=lang),
        "rate_distribution": lambda: charts.rate_distribution(rates_frame(), highlight="04", lang=lang),
    }
    return builders[name]()


CHARTS = [
    "ranking_bar",
    "group_progress",
    "snapshot_trend",
    "filing_trend",
    "difficulty_profile",
    "indicator_ranges",
    "choropleth",
    "rate_distribution",
]


# ------------------------------------------------------------------------------------ the sample


@pytest.fixture(scope="module")
def sample_figures(sample_bundle):
    """Every chart drawn from the shipped sample for Hưng Yên ('33'), in both languages."""
    b = sample_bundle
    table = league.league_table(b)
    rates = filing.online_rates(b.filings)
    monthly = filing.monthly_rates(b.filings)
    tasks = b.tasks[b.tasks["programme"] == "NQ57"]
    snapshot = completion.at_snapshot(tasks, b.as_of)
    national = completion.completion(snapshot, ["province_code", "province_name"])
    national_pct = float(national.loc[national["province_code"] == "00", "completion_pct"].iloc[0])
    groups = completion.completion(snapshot[snapshot["province_code"] == "33"], by=["group"], national=False)
    trend = completion.completion(tasks, ["as_of", "province_code", "province_name"])
    trend = trend[trend["province_code"].isin(["33", "00"])].assign(series=lambda d: d["province_name"])
    profile = difficulties.province_profile(b.difficulties, "33")
    figures = {}
    for lang in ("vi", "en"):
        figures[lang] = {
            "ranking_bar": charts.ranking_bar(
                table, "completion_pct", highlight="33", national=national_pct, lang=lang
            ),
            "group_progress": charts.group_progress(groups, lang=lang),
            "snapshot_trend": charts.snapshot_trend(trend, lang=lang),
            "filing_trend": charts.filing_trend(monthly, "Hưng Yên", target=80, lang=lang),
            "difficulty_profile": charts.difficulty_profile(profile, lang=lang),
            "indicator_ranges": charts.indicator_ranges(summary_frame(), lang=lang),
            "choropleth": charts.choropleth(table, "online_pct", highlight="33", lang=lang),
            "rate_distribution": charts.rate_distribution(rates, highlight="33", lang=lang),
        }
    return figures


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", CHARTS)
def test_sample_chart_uses_only_scatter_and_bar_and_serialises(sample_figures, name, lang):
    fig = sample_figures[lang][name]
    assert isinstance(fig, go.Figure)
    assert {trace.type for trace in fig.data} <= ALLOWED_TRACES
    text = fig.to_json()
    assert "http" not in text
    assert "mathjax" not in text.lower() and "$" not in text
    assert fig.layout.separators == charts.SEPARATORS[lang]
    assert fig.layout.title.text is None
    assert fig.layout.autosize and fig.layout.height


@pytest.mark.parametrize("name", CHARTS)
def test_hand_made_chart_uses_only_scatter_and_bar(name):
    fig = hand_made(name, "vi")
    assert {trace.type for trace in fig.data} <= ALLOWED_TRACES
    assert "http" not in fig.to_json()


@pytest.mark.parametrize(
    "lang, separators",
    [pytest.param("vi", ",.", id="vi-decimal-comma"), pytest.param("en", ".,", id="en-decimal-point")],
)
def test_number_format_follows_the_language(lang, separators):
    assert hand_made("ranking_bar", lang).layout.separators == separators


def test_one_look_system_fonts_only():
    fig = hand_made("ranking_bar", "vi")
    font = fig.layout.template.layout.font.family
    assert font == charts.FONT and "sans-serif" in font
    assert "url(" not in fig.to_json() and "@import" not in fig.to_json()
    assert set(fig.layout.template.data.to_plotly_json()) <= ALLOWED_TRACES  # no defaults for other trace types


# ------------------------------------------------------------------------------------ highlight


def test_ranking_bar_highlights_one_unit_and_sorts_best_first():
    fig = hand_made("ranking_bar", "vi")
    bar = fig.data[0]
    colours = dict(zip(bar.y, bar.marker.color))
    assert colours["Hà Nội"] == charts.ACCENT
    assert [c for name, c in colours.items() if name != "Hà Nội"] == [charts.GREY] * 3
    assert list(fig.layout.yaxis.categoryarray)[0] == "Điện Biên"  # 97.1 %: best at top
    assert any(s.line.dash == "dash" and s.x0 == 57.0 for s in fig.layout.shapes)


def test_ranking_bar_puts_lower_is_better_metrics_lowest_first():
    table = units_table().assign(overdue_pct=[5.0, 1.0, 9.0, 3.0])
    fig = charts.ranking_bar(table, "overdue_pct", lang="en")
    assert list(fig.layout.yaxis.categoryarray)[0] == "Cao Bằng"


@pytest.mark.parametrize("highlight", [pytest.param("01", id="code"), pytest.param("ha noi", id="name")])
def test_choropleth_outlines_the_highlighted_unit_in_the_accent_colour(highlight):
    fig = charts.choropleth(units_table(), "completion_pct", highlight=highlight, lang="vi")
    outlines = [t for t in fig.data if t.fill != "toself" and t.mode == "lines"]
    assert len(outlines) == 1 and outlines[0].line.color == charts.ACCENT
    hanoi = np.concatenate(map_shapes.outlines()["01"])
    assert np.nanmax([x for x in outlines[0].x if x is not None]) == pytest.approx(hanoi[:, 0].max())


def test_rate_distribution_highlights_and_excludes_the_national_row():
    fig = hand_made("rate_distribution", "en")
    accent = [t for t in fig.data if t.marker.color == charts.ACCENT]
    assert len(accent) == 1 and list(accent[0].y) == ["Cao Bằng"]
    assert "Toàn quốc" not in {y for t in fig.data for y in t.y}
    assert any(s.x0 == pytest.approx(66.2) for s in fig.layout.shapes)


def test_filing_trend_draws_the_unit_in_accent_with_band_national_and_target():
    fig = hand_made("filing_trend", "vi")
    names = [t.name for t in fig.data]
    assert "Hưng Yên" in names and "Toàn quốc" in names
    unit = fig.data[names.index("Hưng Yên")]
    assert unit.line.color == charts.ACCENT
    assert any(t.fill == "tonexty" for t in fig.data)
    assert {s.line.color for s in fig.layout.shapes} == {charts.TARGET, charts.MUTED}


def test_difficulty_profile_highlights_reported_categories_and_drops_empty_ones():
    fig = hand_made("difficulty_profile", "en")
    reported, other = [t for t in fig.data if t.type == "bar"]
    assert reported.marker.color == charts.ACCENT and other.marker.color == charts.GREY
    labels = [t for t in fig.data if t.type == "scatter" and t.mode == "text"][0].text
    assert list(labels) == ["Staff shortage", "Late guidance"]  # national order; 'Unclassified' (0 %) dropped


def test_difficulty_profile_draws_the_national_frequency_without_highlight():
    frequency = (
        profile_frame().drop(columns=["is_reported", "national_provinces_pct"]).assign(provinces_pct=[76.5, 55.9, 0.0])
    )
    fig = charts.difficulty_profile(frequency, lang="vi")
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1 and bars[0].marker.color == charts.NATIONAL and not fig.layout.showlegend


def test_rate_distribution_takes_the_national_value_when_the_frame_has_no_national_row():
    rates = rates_frame()
    fig = charts.rate_distribution(rates[rates["province_code"] != "00"], national=66.2, lang="vi")
    assert [a.text for a in fig.layout.annotations] == ["Toàn quốc: 66,2 %"]
    assert all(t.marker.color == charts.MUTED for t in fig.data)


# ------------------------------------------------------------------------------------ language


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_merger_label_follows_the_language(lang):
    fig = hand_made("filing_trend", lang)
    texts = [a.text for a in fig.layout.annotations]
    assert charts.t("merger", lang) in texts
    merger = [s for s in fig.layout.shapes if s.line.dash == "dot"]
    assert pd.Timestamp(merger[0].x0) == MERGER_DATE


@pytest.mark.parametrize("name", CHARTS)
def test_visible_text_switches_with_the_language(name):
    def words(fig):
        layout = fig.layout
        axes = [layout[k].title.text for k in layout if k.startswith(("xaxis", "yaxis")) and layout[k].title.text]
        return {*axes, *(a.text for a in layout.annotations), *(t.name for t in fig.data if t.showlegend is not False)}

    if name == "choropleth":  # no legend; the colour bar title and the archipelago labels carry the language
        vi, en = (hand_made(name, lang) for lang in ("vi", "en"))
        assert vi.data[-1].marker.colorbar.title.text == "Tỷ lệ hoàn thành"
        assert en.data[-1].marker.colorbar.title.text == "Completion rate"
        assert {a.text for a in vi.layout.annotations} != {a.text for a in en.layout.annotations}
    elif name == "rate_distribution":
        assert hand_made(name, "vi").layout.xaxis.title.text == "Tỷ lệ hồ sơ trực tuyến"
        assert hand_made(name, "en").layout.xaxis.title.text == "Online filing rate"
    else:
        assert words(hand_made(name, "vi")) != words(hand_made(name, "en"))


def test_group_progress_names_statuses_in_the_language():
    assert [t.name for t in hand_made("group_progress", "en").data] == ["Done", "In progress", "Not started"]
    assert [t.name for t in hand_made("group_progress", "vi").data] == [
        "Đã hoàn thành",
        "Đang thực hiện",
        "Chưa thực hiện",
    ]


def test_snapshot_trend_dashes_the_national_series_and_names_it_in_the_language():
    fig = hand_made("snapshot_trend", "en")
    national = [t for t in fig.data if t.name == "National"]
    assert len(national) == 1 and national[0].line.dash == "dash"
    assert [t for t in fig.data if t.name == "Hưng Yên"][0].line.color == charts.ACCENT


def test_indicator_ranges_puts_each_unit_on_its_own_panel():
    fig = hand_made("indicator_ranges", "vi")
    axes = {t.xaxis for t in fig.data}
    assert axes == {"x", "x2"}
    dots = [t for t in fig.data if t.name == "Hưng Yên"]
    assert {t.marker.color for t in dots} == {charts.ACCENT}
    assert fig.layout.xaxis.ticksuffix == " %" and not fig.layout.xaxis2.ticksuffix


# ------------------------------------------------------------------------------------ data stays data


@pytest.mark.parametrize(
    "name", ["ranking_bar", "choropleth", "rate_distribution", "difficulty_profile", "group_progress", "snapshot_trend"]
)
def test_text_from_the_data_never_enters_a_hovertemplate(name):
    evil = {
        "ranking_bar": lambda: charts.ranking_bar(units_table((SCRIPT, "B", "C", "D")), "completion_pct", lang="vi"),
        "choropleth": lambda: charts.choropleth(units_table((SCRIPT, "B", "C", "D")), "completion_pct", lang="vi"),
        "rate_distribution": lambda: charts.rate_distribution(rates_frame((SCRIPT, "B", "C")), lang="vi"),
        "difficulty_profile": lambda: charts.difficulty_profile(profile_frame(SCRIPT), lang="vi"),
        "group_progress": lambda: charts.group_progress(groups_frame().assign(group=[SCRIPT, "x"]), lang="vi"),
        "snapshot_trend": lambda: charts.snapshot_trend(trend_frame().replace("Hưng Yên", SCRIPT), lang="vi"),
    }[name]()
    carried = []
    for trace in evil.data:
        assert SCRIPT not in (trace.hovertemplate or "") and SCRIPT not in (getattr(trace, "texttemplate", "") or "")
        for field in ("x", "y", "text", "customdata", "name"):
            value = getattr(trace, field, None)
            carried.append(
                SCRIPT
                in json.dumps(
                    value if isinstance(value, str) else list(np.ravel(value)) if value is not None else None,
                    default=str,
                )
            )
    assert any(carried), "the data text should reach the figure as data"
    assert all(SCRIPT not in (a.text or "") for a in evil.layout.annotations)


# ------------------------------------------------------------------------------------ errors


def test_missing_column_is_named_with_the_columns_present():
    with pytest.raises(ParameterError, match=r"lacks column\(s\) \['online_pct'\].*province_name"):
        charts.ranking_bar(units_table(), "online_pct")


def test_highlight_outside_the_frame_is_an_error():
    with pytest.raises(ParameterError, match="not one of the frame's units"):
        charts.ranking_bar(units_table(), "completion_pct", highlight="Cà Mau")


def test_unknown_language_is_an_error():
    with pytest.raises(ParameterError, match="lang"):
        charts.ranking_bar(units_table(), "completion_pct", lang="fr")


# ------------------------------------------------------------------------------------ the map


def test_choropleth_draws_the_34_units_and_stays_small(sample_figures):
    fig = sample_figures["vi"]["choropleth"]
    filled = [t for t in fig.data if t.fill == "toself"]
    assert len(filled) == 34
    assert len({t.name for t in filled}) == 34
    assert all(t.hoveron == "fills" and t.text for t in filled)
    assert len(fig.to_json()) < 250_000


def test_choropleth_colours_by_value_and_greys_out_missing_units():
    fig = charts.choropleth(units_table(), "completion_pct", lang="en")
    filled = {t.name: t.fillcolor for t in fig.data if t.fill == "toself"}
    assert filled["Điện Biên"] != filled["Cao Bằng"]
    assert filled["Cà Mau"] == charts.MISSING
    bar = fig.data[-1].marker
    assert bar.showscale and (bar.cmin, bar.cmax) == (18.9, 97.1)


def test_shipped_simplified_map_equals_a_regeneration():
    shipped = map_shapes.shipped_path().read_text(encoding="utf-8")
    assert shipped == map_shapes.dumps(map_shapes.simplify(reference.boundaries())), (
        "run `python -m dtanalysis.briefings.map_shapes`"
    )
    assert map_shapes.shipped_path().stat().st_size <= 150_000


def test_simplified_map_has_all_34_units_with_closed_rings_and_shared_borders():
    shapes = map_shapes.outlines()
    assert sorted(shapes) == sorted(reference.provinces()["code"])
    assert all(len(r) >= 4 and (r[0] == r[-1]).all() for rings in shapes.values() for r in rings)
    segments = Counter(
        frozenset((tuple(a), tuple(b)))
        for rings in shapes.values()
        for r in rings
        for a, b in zip(r[:-1].tolist(), r[1:].tolist())
    )
    assert max(segments.values()) == 2 and sum(v == 2 for v in segments.values()) > 1000  # borders meet exactly


def test_archipelagos_stay_on_the_map():
    groups = map_shapes.archipelagos()
    assert {code: name for code, (name, _) in groups.items()} == {"48": "Hoàng Sa", "56": "Trường Sa"}
    assert len(groups["48"][1]) >= 10 and len(groups["56"][1]) >= 50
    assert groups["56"][1][:, 1].min() < 9


@pytest.mark.parametrize(
    "points, tolerance, kept",
    [
        pytest.param([[0, 0], [1, 0.01], [2, 0]], 0.1, [True, False, True], id="flat-middle-dropped"),
        pytest.param([[0, 0], [1, 1], [2, 0]], 0.1, [True, True, True], id="peak-kept"),
        pytest.param([[0, 0], [1, 0]], 0.1, [True, True], id="two-points"),
    ],
)
def test_douglas_peucker(points, tolerance, kept):
    assert map_shapes.douglas_peucker(np.array(points, dtype=float), tolerance).tolist() == kept


@pytest.mark.parametrize(
    "months, anchor",
    [
        pytest.param(["2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"], "right", id="merger-late"),
        pytest.param(["2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01"], "left", id="merger-early"),
    ],
)
def test_filing_trend_keeps_the_legend_off_the_merger_label_and_the_axis_to_the_data(months, anchor):
    starts = pd.to_datetime(months)
    frame = monthly_frame().iloc[:0]
    rows = [
        {"province_code": c, "province_name": n, "period_start": s, "online_pct": 80.0, "ci95_low_pct": 79.0,
         "ci95_high_pct": 81.0}
        for c, n in (("33", "Hưng Yên"), ("00", "Toàn quốc")) for s in starts
    ]  # fmt: skip
    fig = charts.filing_trend(pd.concat([frame, pd.DataFrame(rows)]), "33", lang="vi")
    (merger,) = [a for a in fig.layout.annotations if a.text == "Sáp nhập tỉnh 1/7/2025"]
    assert merger.yanchor == "bottom" and merger.xanchor == anchor  # above the plot, towards the longer side
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0  # the legend at the foot
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert low == starts[0] - pd.Timedelta(days=20) and high == starts[-1] + pd.Timedelta(days=20)


# ------------------------------------------------------------------------------------ the fast updates


def _started(subplots: bool = False) -> go.Figure:
    """A figure with layout and axis properties already set, for updates to merge into."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=1) if subplots else go.Figure()
    fig.add_trace(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"), **({"row": 1, "col": 1} if subplots else {}))
    fig.update_layout(legend=dict(traceorder="reversed", x=0.5), margin=dict(t=5), title_text="kept")
    fig.update_xaxes(title_text="x title", tickformat=",d", range=[0, 3])
    return fig


def _pruned(node):
    """The figure JSON without empty objects: plotly's update keeps `title: {}` where its text was set to None,
    the fast update leaves the title out; plotly.js draws both the same."""
    if isinstance(node, dict):
        kept = {k: _pruned(v) for k, v in node.items()}
        return {k: v for k, v in kept.items() if v != {}}
    if isinstance(node, list | tuple):
        return [_pruned(v) for v in node]
    return node


LAYOUT_CHANGES = [
    dict(separators=",.", height=300, margin=dict(l=10, r=20, b=10), showlegend=False),
    dict(legend=dict(orientation="h", y=1.0, yanchor="bottom"), legend_traceorder="normal"),
    dict(legend_font=dict(size=9), legend=dict(font_color="#123456")),
    dict(uniformtext=dict(minsize=9, mode="hide"), barmode="stack", hovermode="x unified"),
    dict(title_text=None, margin=dict(t=None, b=64)),
]
AXIS_CHANGES = [
    dict(title_text="new", ticksuffix=" %"),
    dict(title_text=None, range=[pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")], dtick="M1"),
    dict(type="category", categoryorder="array", categoryarray=["b", "a"], range=[1.5, -0.5]),
    dict(visible=False, constrain="domain", title=dict(standoff=4)),
]


@pytest.mark.parametrize("changes", LAYOUT_CHANGES)
def test_fast_layout_update_is_plotlys_update(changes):
    ours, theirs = _started(), _started()
    charts._layout(ours, **changes)
    theirs.update_layout(**changes)
    assert _pruned(ours.to_plotly_json()) == _pruned(theirs.to_plotly_json())


@pytest.mark.parametrize("changes", AXIS_CHANGES)
@pytest.mark.parametrize("where", [{}, {"row": 2, "col": 1}, {"row": 1}])
def test_fast_axis_updates_are_plotlys_updates(changes, where):
    subplots = bool(where)
    for fast, slow in ((charts._xaxes, go.Figure.update_xaxes), (charts._yaxes, go.Figure.update_yaxes)):
        ours, theirs = _started(subplots), _started(subplots)
        fast(ours, **changes, **where)
        slow(theirs, **changes, **where)
        assert _pruned(ours.to_plotly_json()) == _pruned(theirs.to_plotly_json())
