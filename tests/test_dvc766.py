"""The Decision 766 service index: the shipped file is read and checked, a damaged copy is a DataError naming
file, row, column and value; scores, ranks, group shares and changes match numbers worked out by hand."""

from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.analysis import dvc766
from dtanalysis.analysis.audit import DVC766_SUM_TOLERANCE, audit_dvc766
from dtanalysis.common.errors import DataError
from dtanalysis.inputs.published import (
    DVC766_NATIONAL,
    DVC766_PROVINCES,
    group_columns,
    read_dvc766,
    read_dvc766_national,
)

GROUPS = [
    "CKMB_cong_khai_minh_bach_max18",
    "TDGQ_tien_do_giai_quyet_max20",
    "CLGQ_dich_vu_truc_tuyen_max12",
    "TTTT_thanh_toan_truc_tuyen_max10",
    "MDHL_muc_do_hai_long_max18",
    "MDSH_so_hoa_ho_so_max22",
]


def _scores(rows):
    """Return a hand-made index frame from (as_of, code, name, rank, total, six groups) tuples."""
    records = [
        {"as_of": pd.Timestamp(d), "province_code": c, "province_name": n, "rank_of_34": r, "total_score": t}
        | dict(zip(GROUPS, g))
        for d, c, n, r, t, g in rows
    ]
    return pd.DataFrame(records).astype({"rank_of_34": "Int64"})


@pytest.fixture
def two_dates():
    # groups add up: 10+15+6+5+10+8 = 54; 12+16+8+6+12+9 = 63; 12+16+8+6+12+10 = 64; 11+16+8+6+12+9 = 62
    return _scores(
        [
            ("2026-09-17", "40", "Nghệ An", 2, 54.0, (10, 15, 6, 5, 10, 8)),
            ("2026-09-17", "22", "Quảng Ninh", 1, 63.0, (12, 16, 8, 6, 12, 9)),
            ("2026-10-10", "40", "Nghệ An", 1, 64.0, (12, 16, 8, 6, 12, 10)),
            ("2026-10-10", "22", "Quảng Ninh", 2, 62.0, (11, 16, 8, 6, 12, 9)),
        ]
    )


def test_maxima_come_from_the_column_names():
    groups = group_columns(["as_of", *GROUPS, "source"])
    assert [(g.code, g.max_score) for g in groups] == [
        ("CKMB", 18),
        ("TDGQ", 20),
        ("CLGQ", 12),
        ("TTTT", 10),
        ("MDHL", 18),
        ("MDSH", 22),
    ]
    assert sum(g.max_score for g in groups) == 100


def test_province_scores_and_changes(two_dates):
    out = dvc766.province_scores(two_dates).set_index("province_code")
    assert list(out.index) == ["40", "22"]  # best first
    assert out.loc["40", ["total_score", "rank_of_34", "previous_score", "previous_rank"]].tolist() == [64, 1, 54, 2]
    assert out.loc["40", "score_change"] == 10 and out.loc["40", "rank_change"] == 1  # up one place
    assert out.loc["22", "score_change"] == -1 and out.loc["22", "rank_change"] == -1
    assert out.loc["22", "as_of"] == pd.Timestamp("2026-10-10")
    assert out.loc["22", "previous_as_of"] == pd.Timestamp("2026-09-17")


def test_group_scores_against_their_maxima(two_dates):
    out = dvc766.group_scores(two_dates, "40").set_index("group")
    assert list(out.index) == ["CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH"]
    assert out.loc["CKMB", ["score", "max_score", "share_pct", "previous_score", "score_change"]].tolist() == [
        12,
        18,
        66.67,  # 12 / 18
        10,
        2,
    ]
    assert out.loc["MDSH", "share_pct"] == 45.45  # 10 / 22
    assert out["score"].sum() == 64


def test_national_summary_recomputes_the_online_share():
    national = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2026-09-17", "2026-10-10"]),
            "national_total_score_ytd": [56.56, 62.59],
            "dossiers_online": [90, 13913639],
            "dossiers_offline_postal": [10, 751058],
        }
    )
    out = dvc766.national_summary(national)
    assert out["computed_online_pct"].tolist() == [90.0, 94.88]  # 13,913,639 / 14,664,697
    assert out["score_change"].iloc[1] == 6.03


def test_table_has_the_change_per_province(two_dates):
    out = dvc766.table(two_dates.assign(source="x"))
    latest = out[out["as_of"] == pd.Timestamp("2026-10-10")].set_index("province_code")
    assert latest.loc["40", "score_change"] == 10 and latest.loc["40", "rank_change"] == 1
    assert out[out["as_of"] == pd.Timestamp("2026-09-17")]["score_change"].isna().all()


def test_audit_is_empty_when_groups_add_up_and_ranks_follow_scores(two_dates):
    assert audit_dvc766(two_dates).empty


@pytest.mark.parametrize(
    "total, flagged",
    [
        pytest.param(64.03, False, id="within-6x0.005"),
        pytest.param(64.04, True, id="beyond-tolerance"),
        pytest.param(63.96, True, id="below"),
    ],
)
def test_audit_group_sum_tolerance(two_dates, total, flagged):
    assert DVC766_SUM_TOLERANCE == pytest.approx(0.03)
    scores = two_dates.copy()
    scores.loc[2, "total_score"] = total
    found = audit_dvc766(scores)
    sums = found[found["check"] == "group_sum"]
    assert (len(sums) == 1) is flagged
    if flagged:
        assert sums.iloc[0][["province_code", "as_of"]].tolist() == ["40", pd.Timestamp("2026-10-10")]
        assert "64.00" in sums.iloc[0]["note"]


@pytest.mark.parametrize(
    "ranks, totals, flagged",
    [
        pytest.param((1, 2), (64.0, 62.0), set(), id="in-order"),
        pytest.param((2, 1), (64.0, 62.0), {"40", "22"}, id="swapped"),
        pytest.param((1, 1), (63.0, 63.0), set(), id="tie-competition"),
        pytest.param((2, 1), (63.0, 63.0), set(), id="tie-broken"),
        pytest.param((2, 2), (63.0, 63.0), {"40", "22"}, id="tie-nobody-first"),
    ],
)
def test_audit_ranks_with_ties(ranks, totals, flagged):
    groups = {64.0: (12, 16, 8, 6, 12, 10), 62.0: (11, 16, 8, 6, 12, 9), 63.0: (12, 16, 8, 6, 12, 9)}
    scores = _scores(
        [
            ("2026-10-10", "40", "Nghệ An", ranks[0], totals[0], groups[totals[0]]),
            ("2026-10-10", "22", "Quảng Ninh", ranks[1], totals[1], groups[totals[1]]),
        ]
    )
    found = audit_dvc766(scores)
    assert set(found.loc[found["check"] == "rank", "province_code"]) == flagged


# ---------------------------------------------------------------- the shipped files and damaged copies


def test_the_shipped_index_reads_and_is_consistent():
    scores = read_dvc766()
    assert len(scores) == 68 and scores["province_code"].nunique() == 34
    assert sorted(scores["as_of"].dt.strftime("%Y-%m-%d").unique()) == ["2026-09-17", "2026-10-10"]
    assert audit_dvc766(scores).empty
    top = dvc766.province_scores(scores).iloc[0]
    assert (top["province_name"], top["total_score"], top["rank_of_34"]) == ("Đồng Tháp", 68.8, 1)
    national = read_dvc766_national()
    assert national["national_total_score_ytd"].tolist() == [56.56, 62.59]
    assert dvc766.national_summary(national)["computed_online_pct"].tolist() == [94.88, 94.88]


def _damaged(tmp_path: Path, edit) -> Path:
    lines = DVC766_PROVINCES.read_text(encoding="utf-8").splitlines()
    path = tmp_path / DVC766_PROVINCES.name
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def _cell(lines, row, column, value):
    """Return `lines` with one cell (row = CSV line number, 1 = header) replaced."""
    import csv
    import io

    table = list(csv.reader(io.StringIO("\n".join(lines))))
    table[row - 1][table[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    "edit, where",
    [
        pytest.param(lambda ls: _cell(ls, 2, GROUPS[0], "19"), ("row 2", GROUPS[0], "19"), id="group-above-max"),
        pytest.param(lambda ls: _cell(ls, 3, "total_score", "abc"), ("row 3", "total_score", "abc"), id="not-number"),
        pytest.param(lambda ls: _cell(ls, 4, "rank_of_34", "35"), ("row 4", "rank_of_34", "35"), id="rank-35"),
        pytest.param(lambda ls: _cell(ls, 5, "province_code", "99"), ("row 5", "province_code", "99"), id="unknown"),
        pytest.param(
            lambda ls: _cell(ls, 6, "portal_department_name", "UBND tỉnh Nghệ An"),
            ("row 6", "portal_department_name", "Nghệ An"),
            id="name-disagrees-with-code",
        ),
        pytest.param(lambda ls: _cell(ls, 7, "as_of", "10/10/2026"), ("row 7", "as_of", "YYYY-MM-DD"), id="date"),
        pytest.param(lambda ls: ls[:2] + ls[3:], ("missing at 2026-10-10", "Đồng Nai"), id="province-missing"),
        pytest.param(lambda ls: ls + [ls[2]], ("appears twice",), id="duplicate"),
        pytest.param(lambda ls: ls[:35], ("holds 1 date(s)",), id="one-date"),
        pytest.param(lambda ls: [ls[0].replace("_max18", "")] + ls[1:], ("expected 6 group columns",), id="header"),
        pytest.param(lambda ls: [], ("not a readable",), id="empty"),
    ],
)
def test_damaged_index_is_a_clear_data_error(tmp_path, edit, where):
    with pytest.raises(DataError) as err:
        read_dvc766(_damaged(tmp_path, edit))
    message = str(err.value)
    assert DVC766_PROVINCES.name in message and "Fix:" in message
    for part in where:
        assert part in message, message


def test_damaged_national_file_names_row_and_column(tmp_path):
    lines = DVC766_NATIONAL.read_text(encoding="utf-8").splitlines()
    path = tmp_path / DVC766_NATIONAL.name
    path.write_text("\n".join([lines[0], lines[1].replace("62.59", "162.59", 1), lines[2]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2, column 'national_total_score_ytd'.*162.59"):
        read_dvc766_national(path)


def test_cards_and_audit_note_say_the_change_and_the_result():
    from dtanalysis.briefings import narrative

    row = {
        "total_score": 61.82,
        "score_change": 2.21,
        "rank_of_34": 21,
        "rank_change": 6,
        "previous_as_of": pd.Timestamp("2026-09-17"),
    }
    cards = narrative.dvc766_cards(row, {}, "en")
    assert cards == [
        ("Decision 766 score", "61.82/100", "+2.21 since 17 Sep 2026"),
        ("Rank of 34", "21", "▲ 6 since 17 Sep 2026"),
    ]
    assert narrative.places(-2) == "▼ 2" and narrative.places(0) == "±0"
    assert "68 rows" in narrative.dvc766_audit_note(68, 0, "en") and "no disagreement" in narrative.dvc766_audit_note(
        68, 0, "en"
    )
    assert "2 disagreement(s)" in narrative.dvc766_audit_note(2, 2, "en", units=1)
    assert "0,03 điểm" in narrative.dvc766_audit_note(68, 0, "vi")
