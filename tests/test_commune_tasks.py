"""Tasks at commune level and the commune trend across the merger: hand-made registers and filings, numbers
worked out by hand, and what the packs show (or do not show) with and without a commune column."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dtanalysis.analysis import commune_tasks
from dtanalysis.analysis.communes import commune_context, commune_trend, find_commune
from dtanalysis.analysis.tables import build_tables
from dtanalysis.briefings import blocks, charts, context, map_shapes, page
from dtanalysis.inputs.loader import load

TASKS = """Mã nhiệm vụ,Tỉnh/thành phố,Tên nhiệm vụ,Trạng thái,Thời hạn,Ngày hoàn thành,Ngày báo cáo,Xã/phường
T1,Quảng Ninh,Số hóa hồ sơ,Hoàn thành,30/09/2025,20/09/2025,15/11/2025,Phường Hà Tu
T2,Quảng Ninh,Chữ ký số,Hoàn thành,30/09/2025,25/09/2025,15/11/2025,P. Hà Tu
T3,Quảng Ninh,Kỹ năng số,Đang thực hiện,31/10/2025,,15/11/2025,phuong ha tu
T4,Quảng Ninh,Camera,Quá hạn,31/12/2025,,15/11/2025,06652
T5,Quảng Ninh,Wifi công cộng,Đang thực hiện,30/10/2025,,15/11/2025,X. Ba Chẽ
T6,Quảng Ninh,Cổng dịch vụ,Hoàn thành,30/10/2025,01/10/2025,15/11/2025,
T7,Nghệ An,Kho dữ liệu,Hoàn thành,30/10/2025,01/10/2025,15/11/2025,
"""


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "tasks.csv").write_text(TASKS, encoding="utf-8")
    return tmp_path


def snapshot(folder):
    from dtanalysis.analysis.completion import at_snapshot

    return at_snapshot(load(folder).tasks)


def test_the_commune_column_is_resolved_like_filings(folder):
    tasks = load(folder).tasks.set_index("task_id")
    assert list(tasks.loc[["T1", "T2", "T3", "T4"], "commune_code"]) == ["06652"] * 4
    assert set(tasks.loc[["T1", "T2", "T3", "T4"], "commune"]) == {"Phường Hà Tu"}
    assert tasks.at["T5", "commune_code"] == "06970"
    assert pd.isna(tasks.at["T6", "commune_code"]) and pd.isna(tasks.at["T7", "commune_code"])


def test_progress_per_commune_by_hand(folder):
    table = commune_tasks.commune_progress(snapshot(folder)).set_index("commune_code")
    # Hà Tu: T1, T2 done; T3 in progress (due 31/10 < 15/11: overdue); T4 labelled overdue → 2/4, 2 overdue
    assert table.loc["06652", ["assigned", "done", "overdue"]].tolist() == [4, 2, 2]
    assert table.at["06652", "completion_pct"] == 50.0
    # Wilson 95 % for 2/4, worked by hand: centre 0.5, half-width 1.96·√(1/16 + 3.8415/64)/1.9604 = 0.34996
    assert table.at["06652", "ci95_low_pct"] == pytest.approx(15.004, abs=1e-3)
    assert table.at["06652", "ci95_high_pct"] == pytest.approx(84.996, abs=1e-3)
    # Ba Chẽ: T5 not done, due 30/10 → 0/1, 1 overdue, interval 0 – 79.35 (z²/(n+z²) = 3.8415/4.8415)
    assert table.loc["06970", ["assigned", "done", "overdue"]].tolist() == [1, 0, 1]
    assert table.at["06970", "ci95_high_pct"] == pytest.approx(100 * 3.8415 / 4.8415, abs=0.01)
    assert set(table.index) == {"06652", "06970"}  # T6, T7 name no commune: in no row


def test_a_register_without_communes_gives_no_commune_table(tmp_path):
    (tmp_path / "tasks.csv").write_text(
        "\n".join(line.rsplit(",", 1)[0] for line in TASKS.splitlines()) + "\n", encoding="utf-8"
    )
    bundle = load(tmp_path)
    assert not commune_tasks.has_communes(bundle.tasks)
    assert "commune_tasks" not in build_tables(bundle)
    ctx = context.build_context(bundle)
    assert ctx.commune_tasks is None and context.commune_task_data(ctx, "22") is None


def test_tables_write_commune_tasks_per_programme(folder):
    table = build_tables(load(folder))["commune_tasks"]
    assert list(table.columns[:4]) == ["province_code", "commune_code", "programme", "commune"]
    assert table[["commune_code", "programme", "assigned"]].values.tolist() == [
        ["06652", "NQ57", 4],
        ["06970", "NQ57", 1],
    ]


def test_communes_without_tasks_are_listed_for_the_map(folder):
    ctx = context.build_context(load(folder))
    without = context.communes_without_tasks(ctx, "22")
    assert len(without) == 54 - 2 and "Phường Hà Tu" not in without and "Xã Ba Chẽ" not in without
    assert context.commune_task_data(ctx, "40") is None  # Nghệ An's task names no commune


def test_commune_map_greys_communes_without_tasks(folder):
    progress = context.commune_task_data(context.build_context(load(folder)), "22")
    fig = charts.commune_choropleth(progress, "22", "completion_pct", missing_label="No tasks", lang="en")
    shapes = map_shapes.commune_outlines("22")
    polygons = [trace for trace in fig.data if trace.fill == "toself"]
    assert len(polygons) == len(shapes) == 54
    grey = [trace for trace in polygons if trace.fillcolor == charts.NO_TASKS]
    assert len(grey) == 52
    assert {trace.name for trace in polygons if trace.fillcolor != charts.NO_TASKS} == {"Phường Hà Tu", "Xã Ba Chẽ"}
    assert [trace.name for trace in fig.data if trace.showlegend is not False] == ["No tasks"]


def shown(monkeypatch) -> list:
    out: list = []
    monkeypatch.setattr(blocks, "show", out.append)
    monkeypatch.setattr(blocks, "display", lambda fig, **_: out.append(fig))
    return out


def test_province_page_shows_the_commune_section_only_with_communes(folder, monkeypatch):
    ctx = context.build_context(load(folder))
    out = shown(monkeypatch)
    page.ProvincePage(ctx, "Nghệ An", lang="en").communes()
    assert out == []  # no commune column values for Nghệ An: no heading, no empty section
    page.ProvincePage(ctx, "Quảng Ninh", lang="en").communes()
    html = "".join(x for x in out if isinstance(x, str))
    assert "Tasks by commune" in html and 'class="dt-table dt-sortable"' in html
    assert 'data-sort="50.0"' in html and "Phường Hà Tu" in html
    assert "52 communes have no task in the register (grey on the map)" in html


# ---------------------------------------------------------------- the commune trend across the merger

FILINGS = """province,commune,period,dossiers_total,dossiers_online,level
Hà Nội,Phường Trúc Bạch,2025-05,50,40,commune
Hà Nội,Phường Quán Thánh,2025-05,30,20,commune
Hà Nội,Phường Ngọc Hà,2025-05,70,60,commune
Hà Nội,Phường Cống Vị,2025-05,40,30,commune
Hà Nội,Phường Ba Đình,2025-08,120,90,commune
Hà Nội,Phường Ngọc Hà,2025-08,100,80,commune
Hà Nội,Phường Giảng Võ,2025-08,90,45,commune
"""


@pytest.fixture()
def commune_folder(tmp_path):
    (tmp_path / "filings.csv").write_text(FILINGS, encoding="utf-8")
    (tmp_path / "tasks.csv").write_text(
        "Mã nhiệm vụ,Tỉnh,Tên nhiệm vụ,Trạng thái,Thời hạn,Ngày báo cáo,Xã/phường\n"
        "T1,Hà Nội,Số hóa,Hoàn thành,30/09/2025,15/11/2025,Phường Ngọc Hà\n",
        encoding="utf-8",
    )
    return tmp_path


def test_commune_context_counts_2025_communes_and_rolls_up_the_months_before(commune_folder):
    ctx = commune_context(load(commune_folder))
    assert sorted(ctx.communes["commune"]) == ["Phường Ba Đình", "Phường Giảng Võ", "Phường Ngọc Hà"]
    assert ctx.window == ("2025-08-01", "2025-08-31")  # the headline window: the 2025 communes' months
    monthly = ctx.monthly.set_index(["commune_code", "period"])
    # Ba Đình (00004) took whole Trúc Bạch and Quán Thánh, and parts of split old wards: May cannot be rolled up
    may = monthly.loc[("00004", "2025-05")]
    assert not may["is_complete"] and pd.isna(may["dossiers_total"]) and may["gap"].startswith("split old communes")
    assert monthly.loc[("00004", "2025-08"), "online_pct"] == 75.0
    row = find_commune(ctx, "Phường Ba Đình")
    trend = commune_trend(ctx, row)
    mine = trend[trend["province_code"] == row["slug"]].set_index("period")
    assert mine["is_complete"].to_dict() == {"2025-05": False, "2025-08": True}
    province = trend[trend["province_code"] == "00"].set_index("period")
    assert province.at["2025-05", "dossiers_total"] == 190  # the province's own total is whole: every old row


def test_commune_trend_marks_the_merger_and_shades_what_cannot_be_rolled_up(commune_folder):
    ctx = commune_context(load(commune_folder))
    row = find_commune(ctx, "Phường Ba Đình")
    trend = commune_trend(ctx, row)
    fig = charts.commune_filing_trend(trend, row["slug"], reference_name="Hà Nội", lang="en")
    texts = [a.text for a in fig.layout.annotations]
    assert "Communes merged 1 Jul 2025" in texts and "incomplete" in texts
    assert len(fig.layout.shapes) == 2  # the merger line and one shaded month
    line = [trace for trace in fig.data if trace.name == "Phường Ba Đình"][0]
    assert math.isnan(line.y[0]) and line.y[1] == 75.0  # a gap, never a guess


def test_commune_page_explains_the_gap_and_shows_its_tasks(commune_folder, monkeypatch):
    ctx = commune_context(load(commune_folder))
    out = shown(monkeypatch)
    ba_dinh = page.CommunePage(ctx, "Phường Ba Đình", lang="en")
    ba_dinh.trend()
    ba_dinh.tasks()
    html = "".join(x for x in out if isinstance(x, str))
    assert "May 2025 are left blank (grey): part of an old commune that was split" in html
    assert "The commune&#x27;s tasks" not in html and "Ba Đình" in html  # Ba Đình has none
    out.clear()
    ngoc_ha = page.CommunePage(ctx, "Phường Ngọc Hà", lang="en")
    ngoc_ha.tasks()
    html = "".join(x for x in out if isinstance(x, str))
    assert "The commune&#x27;s tasks" in html and "The commune has 1 task, 1 done (100.0%" in html and ">Done<" in html
    listing = next(x for x in out if isinstance(x, str) and "dt-sortable" in x)
    assert "NaT" not in listing and 'data-sort="">–</td>' in listing  # no completion date: a dash


@pytest.mark.parametrize(
    "assigned, done, overdue, unplaced, expected",
    [
        pytest.param(
            [1],
            [1],
            [0],
            1,
            "1 task is assigned to 1 commune; 1 is done (100.0%) and 0 are overdue. 1 task names an old commune "
            "that was split and belongs to no new commune.",
            id="one-of-each",
        ),
        pytest.param(
            [2, 3],
            [1, 0],
            [1, 2],
            2,
            "5 tasks are assigned to 2 communes; 1 is done (20.0%) and 3 are overdue. 2 tasks name an old commune "
            "that was split and belong to no new commune.",
            id="several",
        ),
    ],
)
def test_the_english_commune_task_sentence_agrees_with_its_counts(assigned, done, overdue, unplaced, expected):
    from dtanalysis.briefings.narrative import commune_tasks_sentence

    progress = pd.DataFrame({"assigned": assigned, "done": done, "overdue": overdue})  # 1/1 = 100 %, 1/5 = 20 %
    assert commune_tasks_sentence(progress, unplaced, "en") == expected


def test_the_english_missing_commune_note_agrees_with_its_count():
    from dtanalysis.briefings.narrative import commune_missing_note

    assert commune_missing_note(["Xã A"], "en").startswith("1 commune has no task in the register")
    assert commune_missing_note(["Xã A", "Xã B"], "en").startswith("2 communes have no task in the register")
    assert commune_missing_note(["Xã A"], "vi").startswith("1 xã, phường không có nhiệm vụ")
