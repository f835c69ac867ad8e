"""The notebooks run on the shipped data, in both languages; the explorer's controls redraw its figures."""

import re
from pathlib import Path

import papermill
import pytest

from dtanalysis.briefings import engine, narrative
from dtanalysis.briefings.explorer import Explorer

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def outputs_text(nb) -> str:
    return "\n".join(
        str(o.get("data", {}).get("text/html", "")) + str(o.get("text", ""))
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )


@pytest.mark.parametrize("name", ["province_briefing", "national_overview", "explore"])
def test_every_parameter_is_documented_for_papermill(name):
    path = NOTEBOOKS / f"{name}.ipynb"
    declared = papermill.inspect_notebook(str(path))
    cell = next(
        c for c in __import__("nbformat").read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", [])
    )
    assigned = re.findall(r"^(\w+)\s*:", cell.source, re.M)
    assert list(declared) == assigned  # papermill silently skips lines it cannot parse
    assert all(p["help"] and p["inferred_type_name"] != "None" for p in declared.values())


@pytest.mark.slow
def test_province_briefing_in_english(sample_bundle):
    nb = engine.execute(NOTEBOOKS / "province_briefing.ipynb", {"province": "quang ninh", "lang": "en"})
    text = outputs_text(nb)
    assert "Quảng Ninh — Digital transformation briefing" in text
    assert "145/163" in text and "89.0%" in text  # English number format
    assert "Tỷ lệ hoàn thành" not in text


@pytest.mark.slow
def test_province_briefing_plan_02_at_an_earlier_snapshot():
    nb = engine.execute(
        NOTEBOOKS / "province_briefing.ipynb",
        {"province": "22", "programme": "KH02", "as_of": "2025-08-15", "lang": "en"},
    )
    assert "15/23" in outputs_text(nb)  # Quảng Ninh, Plan 02, 15 August 2025 (published: 15 of 23 done, none late)


@pytest.mark.slow
def test_explore_notebook_runs():
    nb = engine.execute(NOTEBOOKS / "explore.ipynb", {"province": "Hưng Yên"})
    bundles = [o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any("application/vnd.jupyter.widget-view+json" in data for data in bundles)


@pytest.fixture(scope="module")
def explorer(sample_bundle):
    return Explorer(sample_bundle, lang="en", province="40", weights={"completion_pct": 1, "online_pct": 1})


def bar_colours(fig):
    return {
        y: c
        for trace in fig.data
        if trace.type == "bar"
        for y, c in zip(
            trace.y,
            trace.marker.color
            if isinstance(trace.marker.color, (list, tuple))
            else [trace.marker.color] * len(trace.y),
        )
    }


def test_explorer_province_change_moves_the_highlight(explorer):
    explorer.province.value = "22"
    colours = bar_colours(explorer.ranking)
    assert colours["Quảng Ninh"] != colours["Nghệ An"]
    assert "145/163" in explorer.summary.value


def test_explorer_metric_change_redraws_in_the_same_place(explorer):
    ranking, trend = explorer.ranking, explorer.trend
    explorer.metric.value = "online_pct"
    # new widgets, opened with their figure, in the same place; the old ones closed (tests/test_lab.py)
    assert explorer.figures.children == (explorer.ranking, explorer.trend) and explorer.ranking is not ranking
    assert ranking.comm is None and trend.comm is None and explorer.ranking.comm is not None
    assert "Online filing rate" in str(explorer.ranking.layout.xaxis.title.text)
    starts = [str(t.x[0]) for t in explorer.trend.data if t.x is not None and len(t.x)]
    assert any(s.startswith("2024-01") for s in starts), starts  # the monthly series since January 2024


def test_explorer_leaves_no_stale_lines_and_sends_dates_as_dates(explorer):
    explorer.province.value = "40"
    explorer.metric.value = "completion_pct"
    national_line = [a.text for a in explorer.ranking.layout.annotations]
    assert any("57" in str(text) for text in national_line)  # the national completion line is labelled
    explorer.metric.value = "composite_index"  # no national reference for the composite index
    assert list(explorer.ranking.layout.shapes) == [] and list(explorer.ranking.layout.annotations) == []
    explorer.metric.value = "online_pct"
    months = [x for t in explorer.trend.data if t.x is not None for x in t.x]
    assert months and all(isinstance(x, str) and x[:4] in ("2024", "2025") for x in months)  # ISO text, not ns
    merger = [s.x0 for s in explorer.trend.layout.shapes if s.x0 is not None]
    assert "2025-07-01" in [str(x)[:10] for x in merger]  # the merger line is at its date, not NaN
    assert "<style>" in explorer.summary.value and explorer.province.style.description_width == "initial"


def test_explorer_period_change_uses_that_snapshot(explorer):
    explorer.metric.value = "completion_pct"
    explorer.province.value = "40"
    explorer.period.value = explorer.period.options[0][1]  # the first report date, 31 March 2025
    assert "51/100" not in explorer.summary.value
    explorer.period.value = explorer.period.options[-1][1]
    assert "51/100" in explorer.summary.value


@pytest.mark.parametrize("verdict", ["similar", "lower", "higher"])
def test_narrative_says_higher_or_lower_only_when_the_funnel_does(verdict):
    h = {
        "province_name": "X",
        "done": 51,
        "assigned": 100,
        "completion_pct": 51.0,
        "national_completion_pct": 56.97,
        "completion_verdict": verdict,
        "completion_rest_pct": 57.1,
        "overdue": 0,
    }
    sentence = narrative.completion_sentence(h, "en")
    assert {"similar": "in line with", "lower": "below", "higher": "above"}[verdict] in sentence
    assert "rest of the country (57.1%" in sentence


def test_without_a_funnel_verdict_the_sentence_claims_no_difference():
    h = {"province_name": "X", "done": 9, "assigned": 10, "completion_pct": 90.0, "national_completion_pct": 56.97}
    sentence = narrative.completion_sentence(h, "en")
    assert not any(word in sentence for word in ("above", "below", "in line with"))
