"""The explorer's pure parts: the current choices as the parameters and command line of their briefing."""

import html

import pandas as pd
import pytest

from dtanalysis.briefings.explorer import briefing_command, briefing_parameters, parameters_block, parameters_html


@pytest.fixture
def chosen():
    return briefing_parameters(
        province="Hà Nội", as_of=pd.Timestamp("2025-11-13"), lang="en", programme="NQ57", data_dir="my data"
    )


def test_parameters_name_the_briefing_notebook_parameters(chosen):
    assert chosen == {
        "province": "Hà Nội",
        "as_of": "2025-11-13",
        "lang": "en",
        "programme": "NQ57",
        "data_dir": "my data",
    }


def test_parameters_block_is_yaml_that_reads_back(chosen):
    import yaml

    block = parameters_block(chosen)
    assert block.splitlines()[0] == 'province: "Hà Nội"'
    assert yaml.safe_load(block) == chosen
    awkward = {**chosen, "province": 'Tỉnh "A" \\ B'}
    assert yaml.safe_load(parameters_block(awkward)) == awkward


def test_command_line_quotes_what_the_shell_would_split(chosen):
    assert briefing_command(chosen) == (
        "dtanalysis briefings --data 'my data' --province 'Hà Nội' --as-of 2025-11-13 --lang en -p programme NQ57"
    )
    import shlex

    words = shlex.split(briefing_command(chosen))
    assert words[words.index("--province") + 1] == "Hà Nội"


def test_parameters_html_escapes_the_data(chosen):
    markup = parameters_html({**chosen, "province": "<b>x</b>"})
    assert "<b>x</b>" not in markup and "&lt;b&gt;x&lt;/b&gt;" in markup


def test_the_explorer_shows_its_choices_as_a_briefing(sample_bundle):
    from dtanalysis.briefings.explorer import Explorer

    explorer = Explorer(sample_bundle, province="40", data_dir="data/sample")
    explorer.province.value = "22"
    shown = html.unescape(explorer.parameters.value)
    assert 'province: "Quảng Ninh"' in shown and "--province 'Quảng Ninh'" in shown


@pytest.mark.parametrize("metric", ["completion_pct", "online_pct"])
def test_a_second_province_stands_beside_the_first(sample_bundle, metric):
    from dtanalysis.briefings.charts import ACCENT
    from dtanalysis.briefings.explorer import COMPARISON, Explorer

    explorer = Explorer(sample_bundle, province="40")
    explorer.metric.value = metric
    explorer.compare.value = "22"
    bar = explorer.ranking.data[0]
    marked = {name: colour for name, colour in zip(bar.y, bar.marker.color) if colour in (ACCENT, COMPARISON)}
    assert marked == {"Nghệ An": ACCENT, "Quảng Ninh": COMPARISON}
    lines = [trace.name for trace in explorer.trend.data]
    assert "Nghệ An" in lines and "Quảng Ninh" in lines
    explorer.compare.value = None
    assert "Quảng Ninh" not in [trace.name for trace in explorer.trend.data]


def test_category_statements_lists_that_category_newest_first():
    from dtanalysis.briefings.explorer import category_statements

    statements = pd.DataFrame(
        {
            "province_name": ["Hà Nội", "Huế", "Huế", "An Giang"],
            "reported_on": pd.to_datetime(["2025-10-01", "2025-11-02", "2025-09-09", "2025-11-02"]),
            "text": ["a", "b", "c", "d"],
            "category": ["funding", "funding", "human_resources", "funding"],
        }
    )
    rows = category_statements(statements, "funding")
    assert rows["text"].tolist() == ["d", "b", "a"]  # 2 Nov (An Giang, Huế by name), then 1 Oct
    assert rows.columns.tolist() == ["province_name", "reported_on", "text"]
    assert category_statements(statements, "unclassified").empty


def test_the_explorer_drills_from_a_category_to_its_statements(sample_bundle):
    from dtanalysis.briefings.explorer import Explorer

    explorer = Explorer(sample_bundle, province="40", lang="en")
    label, category = explorer.category.options[0]
    explorer.category.value = category
    count = int(label.rsplit("(", 1)[1].rstrip(")"))
    assert explorer.statements.value.count("<tr>") == count + 1  # a header row and one row per statement
    assert "Statement" in explorer.statements.value
