"""`dtanalysis tables`, `audit` and `classify` on the shipped sample data and published figures."""

from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def tables_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    assert (
        main(
            [
                "tables",
                "--data",
                str(SAMPLE_DIR),
                "--out",
                str(out),
                "--weights",
                str(ROOT / "parameters" / "composite.yaml"),
            ]
        )
        == 0
    )
    return out


def read(out, name):
    return pd.read_csv(out / f"{name}.csv", dtype={"province_code": str})


def test_every_table_is_written_with_a_sheet_each(tables_dir):
    names = ["completion", "ranking", "online_filing", "online_filing_monthly", "difficulty_frequency", "audit"]
    for name in names:
        assert (tables_dir / f"{name}.csv").stat().st_size > 0
    assert set(names) <= set(pd.ExcelFile(tables_dir / "tables.xlsx").sheet_names)


def test_national_completion_matches_the_published_figure(tables_dir):
    national = read(tables_dir, "completion").query("province_code == '00' and programme == 'NQ57'").iloc[0]
    assert (national["assigned"], national["done"], national["completion_pct"]) == (3430, 1954, 56.97)
    nghe_an = read(tables_dir, "completion").query("province_code == '40' and programme == 'NQ57'").iloc[0]
    assert (nghe_an["assigned"], nghe_an["done"], nghe_an["in_progress"]) == (100, 51, 49)


def test_ranking_covers_the_34_units_with_ranges_containing_ranks(tables_dir):
    ranking = read(tables_dir, "ranking")
    assert len(ranking) == 34 and ranking["province_code"].str.fullmatch(r"\d\d").all()
    assert (ranking["completion_rank_best"] <= ranking["completion_rank"]).all()
    assert (ranking["completion_rank"] <= ranking["completion_rank_worst"]).all()
    assert ranking["composite_index"].between(0, 100).all()
    moves = {"±0", "≈"} | {f"{a} {n}" for a in "▲▼" for n in range(1, 34)}  # ≈: previous rank inside the range
    assert set(ranking["completion_movement"].dropna()) <= moves


def test_online_filing_has_a_national_row_and_names_columns_by_convention(tables_dir):
    online = read(tables_dir, "online_filing")
    assert online["province_code"].tolist()[-1] == "00" and len(online) == 35
    assert {
        "dossiers_total",
        "dossiers_online",
        "online_pct",
        "ci95_low_pct",
        "ci95_high_pct",
        "ci998_low_pct",
        "ci998_high_pct",
        "vs_national",
    } <= set(online.columns)
    assert "dossiers_online_full" not in online  # the full-process share lives in its own table
    assert set(online["vs_national"].dropna()) <= {"higher", "lower", "similar"}


def test_monthly_series_runs_across_the_merger(tables_dir):
    monthly = read(tables_dir, "online_filing_monthly").query("province_code == '56'")  # Khánh Hòa + Ninh Thuận
    assert monthly["period"].tolist()[0] == "2024-01" and monthly["period"].tolist()[-1] == "2025-10"
    assert len(monthly) == 22 and monthly["is_complete"].all()
    assert monthly.query("period == '2025-06'")["old_units"].item() == 2


def test_window_options_limit_the_online_rates(tmp_path):
    assert (
        main(
            [
                "tables",
                "--data",
                str(SAMPLE_DIR),
                "--out",
                str(tmp_path),
                "--from",
                "2025-07-01",
                "--to",
                "2025-08-31",
                "--weights",
                str(ROOT / "parameters" / "composite.yaml"),
            ]
        )
        == 0
    )
    hung_yen = read(tmp_path, "online_filing").query("province_code == '33'").iloc[0]
    assert abs(hung_yen["online_pct"] - 85.38) <= 0.5
    assert (hung_yen["period_from"], hung_yen["period_to"]) == ("2025-07-01", "2025-08-31")


def test_tables_on_bad_data_write_nothing(tmp_path):
    out = tmp_path / "out"
    assert main(["tables", "--data", str(ROOT / "tests" / "bad_inputs" / "unknown_province"), "--out", str(out)]) == 2
    assert not out.exists()


def test_audit_command_flags_quang_ninh(tmp_path, capsys):
    out = tmp_path / "audit.csv"
    assert main(["audit", str(ROOT / "data" / "published" / "published_figures.csv"), "--out", str(out)]) == 0
    table = pd.read_csv(out).set_index("figure_id")
    assert table.loc["F013", "audit"] == "inconsistent" and table.loc["F007", "audit"] == "consistent"
    assert "1 inconsistent" in capsys.readouterr().out


def test_classify_command_prints_categories(tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_text("text\nThiếu nguồn nhân lực chuyển đổi số cấp xã\nTrời mưa to\n", encoding="utf-8")
    assert main(["classify", str(path)]) == 0
    out = capsys.readouterr().out
    assert "human_resources" in out and "unclassified" in out


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["classify", "missing.csv"], id="classify-missing-file"),
        pytest.param(["audit", "missing.csv"], id="audit-missing-file"),
        pytest.param(["tables", "--data", "no/such/folder", "--out", "x"], id="tables-missing-folder"),
    ],
)
def test_user_mistakes_are_messages_not_tracebacks(argv, capsys):
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_every_written_column_is_documented_in_the_readme(tables_dir):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- table-columns:start -->")[1].split("<!-- table-columns:end -->")[0]
    documented = set(re.findall(r"`([a-z0-9_<>]+)`", section))
    patterns = [name for name in documented if "<metric>" in name]
    for csv in tables_dir.glob("*.csv"):
        for column in pd.read_csv(csv, nrows=0).columns:
            by_pattern = any(re.fullmatch(p.replace("<metric>", "[a-z_]+"), column) for p in patterns)
            assert column in documented or by_pattern, f"{csv.name}: column {column!r} is not in the README"


def test_tables_carry_the_real_index_and_the_targets(tables_dir):
    index = read(tables_dir, "dvc766")
    assert len(index) == 68 and index["province_code"].nunique() == 34
    nghe_an = index[(index["province_code"] == "40") & (index["as_of"] == "2026-10-10")].iloc[0]
    # the shipped file: rank 27 with 59.61 on 2026-09-17, rank 21 with 61.82 on 2026-10-10
    assert (nghe_an["rank_of_34"], nghe_an["total_score"]) == (21, 61.82)
    assert (nghe_an["score_change"], nghe_an["rank_change"]) == (2.21, 6)
    assert read(tables_dir, "dvc766_audit").empty
    targets = read(tables_dir, "targets")
    assert set(targets["verdict"]) <= {"reached", "on_course", "not_on_course", "missed", "not_enough_data"}
    assert {"satisfaction_rate", "full_online_filing_rate"} <= set(targets["indicator"])
