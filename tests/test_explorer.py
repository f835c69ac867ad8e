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


# ---------------------------------------------------------------- the communes of a province


def test_province_communes_joins_filings_and_tasks_by_commune():
    from dtanalysis.analysis.commune_overview import province_communes

    filings = pd.DataFrame(
        {
            "province_code": ["22", "22", "22", "01"],
            "commune_code": ["A", "B", "C", "Z"],
            "commune": ["Xã An", "Phường Bình", "Xã Cát", "Phường Zê"],
            "slug": ["qn/a", "qn/b", "qn/c", "hn/z"],
            "dossiers_total": [100, 50, 10, 9],
            "online_pct": [80.0, 90.0, 80.0, 99.0],
        }
    )
    tasks = pd.DataFrame(
        {
            "province_code": ["22", "22"],
            "commune_code": ["B", "D"],
            "commune": ["Phường Bình", "Xã Đông"],
            "assigned": [4, 2],
            "done": [1, 2],
            "completion_pct": [25.0, 100.0],
            "ci95_low_pct": [4.6, 34.2],
            "ci95_high_pct": [69.9, 100.0],
            "overdue": [3, 0],
        }
    )
    rows = province_communes("22", filings, tasks)
    # B leads (90 %); A and C tie at 80 % and go by name; D has tasks only, so no rate: last
    assert rows["commune"].tolist() == ["Phường Bình", "Xã An", "Xã Cát", "Xã Đông"]
    assert rows["done"].tolist()[:1] == [1] and rows["done"].isna().tolist() == [False, True, True, False]
    assert rows["dossiers_total"].isna().tolist() == [False, False, False, True]
    assert rows.loc[3, "completion_pct"] == 100.0 and pd.isna(rows.loc[3, "slug"])
    # a province only one source covers gets that source's columns, none of the other's
    assert "assigned" not in province_communes("01", filings, tasks)
    assert province_communes("01", None, tasks).empty


@pytest.fixture(scope="module")
def with_communes(sample_bundle):
    from dtanalysis.briefings.explorer import Explorer
    from tests.conftest import ROOT

    explorer = Explorer(
        sample_bundle, province="22", data_dir="data/sample", communes_dir=str(ROOT / "data" / "sample-communes")
    )
    explorer.communes.opened.value = True
    return explorer


def test_the_communes_open_as_a_table_and_map_of_the_province(with_communes):
    from dtanalysis.inputs.reference import communes

    view = with_communes.communes
    with_communes.province.value = "22"
    official = communes()
    names = set(official.loc[official["province_code"] == "22", "commune_name"])
    assert set(view.rows["commune"]) == names  # every commune of Quảng Ninh, by name
    shown = html.unescape(view.table.value)
    assert "Xã, phường" in shown and "Tỷ lệ hồ sơ trực tuyến" in shown and "06673" not in shown  # names, not codes
    rates = view.rows["online_pct"].tolist()
    assert rates == sorted(rates, reverse=True)
    assert view.map is not None and view.trend is None  # no commune chosen yet: the map only
    filled = [trace for trace in view.map.data if trace.fill == "toself"]
    assert len(filled) == len(names)  # one shape per commune (the boundary file spells "Hoà" where the list has "Hòa")


def test_a_chosen_commune_shows_its_trend_and_its_briefing(with_communes):
    view = with_communes.communes
    with_communes.province.value = "22"
    code = view.rows.loc[view.rows["commune"] == "Phường Bãi Cháy", "commune_code"].iloc[0]
    view.commune.value = code
    assert view.trend is not None
    xs = [x for trace in view.trend.data for x in (trace.x or ())]
    assert xs and all(isinstance(x, str) and x[:2] == "20" for x in xs)  # dates as ISO text, never integers
    assert "Phường Bãi Cháy" in [trace.name for trace in view.trend.data]
    outlined = [trace.name for trace in view.map.data if trace.fill != "toself" and trace.mode == "lines"]
    assert "Phường Bãi Cháy" in outlined
    shown = html.unescape(with_communes.parameters.value)
    assert 'commune: "quang-ninh/phuong-bai-chay"' in shown
    assert "--level commune" in shown and "--commune quang-ninh/phuong-bai-chay" in shown
    assert "Phường Bãi Cháy được giao" in html.unescape(view.note.value)  # its tasks, named
    # another province: the view follows, the choice and its trend go, the province's briefing is back
    drawn = view.map
    with_communes.metric.value = "online_pct"  # another metric: the communes stay as they are, not redrawn
    assert view.map is drawn and view.commune.value == code
    with_communes.province.value = "40"
    assert view.commune.value == "" and view.commune.index == 0 and view.trend is None  # "(choose a commune)" shown
    assert 'province: "Nghệ An"' in html.unescape(with_communes.parameters.value)
    assert len(view.rows) == 130


def test_a_province_without_commune_data_says_so(sample_bundle):
    from dtanalysis.briefings.explorer import Explorer

    explorer = Explorer(sample_bundle, province="40", lang="en")  # data/sample: communes only in QN's tasks
    explorer.communes.opened.value = True
    view = explorer.communes
    assert view.rows.empty and view.map is None and view.trend is None
    assert html.unescape(view.note.value) == (
        "<p>The data holds nothing per commune for Nghệ An (no online filings or tasks by commune).</p>"
    )
    explorer.province.value = "22"  # Quảng Ninh's register names communes: tasks, mapped by completion
    assert not view.rows.empty and "online_pct" not in view.rows and view.map is not None
    code = view.rows["commune_code"].iloc[0]
    view.commune.value = code
    note = html.unescape(view.note.value)
    assert "no monthly online-filing figures" in note and f"{view.rows['commune'].iloc[0]} has" in note
    assert 'province: "Quảng Ninh"' in html.unescape(explorer.parameters.value)  # no commune briefing without filings
    view.opened.value = False
    assert view.box.children == (view.opened,) and view.map is None


def test_commune_parameters_build_the_commune_briefing():
    import shlex

    import yaml

    from dtanalysis.briefings.explorer import commune_parameters

    chosen = commune_parameters(commune="quang-ninh/xa-ba-che", lang="en", data_dir="my communes")
    assert yaml.safe_load(parameters_block(chosen)) == {
        "commune": "quang-ninh/xa-ba-che",
        "lang": "en",
        "data_dir": "my communes",
    }
    assert shlex.split(briefing_command(chosen)) == [
        "dtanalysis", "briefings", "--level", "commune", "--data", "my communes",
        "--commune", "quang-ninh/xa-ba-che", "--lang", "en",
    ]  # fmt: skip
