"""The held-out measurement of the difficulty classifier: agreement, the double-checked set, recall and false hits."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.analysis import classifier_eval as ce
from dtanalysis.analysis.difficulties import UNCLASSIFIED
from dtanalysis.common.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
HR, LG, SM = "human_resources", "legal_guidance", "spending_mechanism"
IDS = ["S1", "S2", "S3", "S4", "S5"]


def _labels(rows):
    return pd.DataFrame(rows, columns=["statement_id", "primary", "also_ok"])


# Five statements, two annotators. By hand: they agree on S1, S3, S4 → p_o = 3/5 = 0.6.
# A's primaries: hr 2, lg 1, none 1, sm 1; B's: hr 1, lg 2, none 2, sm 0.
# p_e = (2·1 + 1·2 + 1·2 + 1·0) / 5² = 6/25 = 0.24; κ = (0.6 − 0.24) / (1 − 0.24) = 0.36 / 0.76 = 9/19.
A = _labels([("S1", HR, SM), ("S2", HR, ""), ("S3", LG, ""), ("S4", "", ""), ("S5", SM, "")])
B = _labels([("S1", HR, ""), ("S2", LG, ""), ("S3", LG, HR), ("S4", "", ""), ("S5", "", "")])


def test_agreement_percent_and_kappa_by_hand():
    comparison = ce.compare(ce.check_labels(A, IDS, "a.csv"), ce.check_labels(B, IDS, "b.csv"))
    result = ce.agreement(comparison)
    assert result["n"] == 5 and result["agreed"] == 3
    assert result["percent"] == pytest.approx(60.0)
    assert result["kappa"] == pytest.approx(9 / 19)


def test_kappa_is_one_for_identical_labels_and_zero_for_chance_level():
    same = ce.compare(ce.check_labels(A, IDS, "a"), ce.check_labels(A, IDS, "a"))
    assert ce.agreement(same)["kappa"] == pytest.approx(1.0)
    # A says hr, hr, lg, lg; B says hr, lg, hr, lg: p_o = 1/2, p_e = (2·2 + 2·2)/16 = 1/2 → κ = 0
    ids = IDS[:4]
    a = ce.check_labels(_labels([("S1", HR, ""), ("S2", HR, ""), ("S3", LG, ""), ("S4", LG, "")]), ids, "a")
    b = ce.check_labels(_labels([("S1", HR, ""), ("S2", LG, ""), ("S3", HR, ""), ("S4", LG, "")]), ids, "b")
    assert ce.agreement(ce.compare(a, b))["kappa"] == pytest.approx(0.0)


def test_double_checked_set_keeps_agreed_statements_with_both_annotators_extras():
    comparison = ce.compare(ce.check_labels(A, IDS, "a.csv"), ce.check_labels(B, IDS, "b.csv"))
    kept = ce.double_checked(comparison)
    assert kept["statement_id"].tolist() == ["S1", "S3", "S4"]
    assert kept["primary"].tolist() == [HR, LG, UNCLASSIFIED]
    assert kept["also_ok"].tolist() == [SM, HR, ""]  # S1's extra from A, S3's from B


# Five scored statements with the classifier's predictions written by hand (not run), so the arithmetic is
# tested alone. By hand:
#   hr: primary on R1, R2, found on R1 → recall 1/2; labelled with hr (primary or also) R1, R2, R3, so the
#       others are R4, R5, neither predicted hr → 0/2
#   lg: primary R3, found → 1/1; others R1, R2, R4, R5, predicted lg on R5 → 1/4 = 25 %
#   sm: primary R5, found → 1/1; labelled R1 (also) and R5, others R2, R3, R4, predicted sm on R4 → 1/3
#   unclassified: primary R4, predicted sm → 0/1; others R1, R2, R3, R5, predicted nothing on R2 → 1/4
#   pooled over the 15 categories: false hits 0 + 1 + 1 = 2 of 2 + 4 + 3 + 12 · 5 = 69 pairs
SCORED = pd.DataFrame(
    {
        "statement_id": ["R1", "R2", "R3", "R4", "R5"],
        "primary": [HR, HR, LG, UNCLASSIFIED, SM],
        "also_ok": [SM, "", HR, "", ""],
        "predicted": [[HR], [UNCLASSIFIED], [HR, LG], [SM], [SM, LG]],
        "is_primary_found": [True, False, True, False, True],
        "has_out_of_bounds": [False, True, False, True, True],
    }
)


def test_per_category_recall_and_false_hit_rate_by_hand():
    table = ce.per_category(SCORED).set_index("category")
    expected = {
        HR: (2, 1, 50.0, 2, 0, 0.0),
        LG: (1, 1, 100.0, 4, 1, 25.0),
        SM: (1, 1, 100.0, 3, 1, 100 / 3),
        UNCLASSIFIED: (1, 0, 0.0, 4, 1, 25.0),
    }
    for code, (labelled, found, recall, others, hits, false_hit) in expected.items():
        row = table.loc[code]
        assert (row["labelled"], row["found"], row["not_labelled"], row["false_hits"]) == (
            labelled,
            found,
            others,
            hits,
        )
        assert row["recall_pct"] == pytest.approx(recall)
        assert row["false_hit_pct"] == pytest.approx(false_hit)
    cyber = table.loc["cybersecurity"]
    assert pd.isna(cyber["recall_pct"]) and cyber["not_labelled"] == 5 and cyber["false_hit_pct"] == 0


def test_overall_figures_by_hand():
    totals = ce.overall(SCORED, ce.per_category(SCORED))
    assert totals["statements"] == 5
    assert totals["primary_recall_pct"] == pytest.approx(60.0)  # R1, R3, R5
    assert totals["out_of_bounds_pct"] == pytest.approx(60.0)  # R2, R4, R5
    assert (totals["false_hits"], totals["not_labelled"]) == (2, 69)
    assert totals["false_hit_pct"] == pytest.approx(100 * 2 / 69)


def test_bad_labels_are_errors_naming_row_column_and_value():
    bad = _labels([("S1", "staffing", ""), ("S1", HR, ""), ("S9", HR, "budget")])
    with pytest.raises(DataError) as raised:
        ce.check_labels(bad, ["S1", "S2"], "labels_b.csv")
    found = {(p.row, p.column, p.value) for p in raised.value.problems}
    assert {(2, "primary", "staffing"), (3, "statement_id", "S1"), (4, "statement_id", "S9")} <= found
    assert (4, "also_ok", "budget") in found
    assert (None, "statement_id", "S2") in found  # S2 never labelled
    assert "labels_b.csv, row 2, column 'primary'" in str(raised.value)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_heldout", ROOT / "benchmarks" / "bench_heldout.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_set(folder: Path, with_b: bool) -> None:
    pd.DataFrame(
        {
            "statement_id": ["S1", "S2", "S3"],
            "lang": ["vi", "en", "vi"],
            "text": [
                "Thiếu nhân lực ở cấp xã.",
                "The budget for 2026 is not allocated.",
                "Tỷ lệ hồ sơ trực tuyến đạt 60%.",
            ],
        }
    ).to_csv(folder / "statements.csv", index=False)
    _labels([("S1", HR, ""), ("S2", SM, ""), ("S3", "", "")]).to_csv(folder / "labels_a.csv", index=False)
    if with_b:
        _labels([("S1", HR, ""), ("S2", LG, ""), ("S3", "", "")]).to_csv(folder / "labels_b.csv", index=False)


def test_bench_without_labels_b_says_single_checked(tmp_path, capsys):
    _write_set(tmp_path, with_b=False)
    assert _bench().main(["--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "labels_b.csv not found: SINGLE-CHECKED" in out
    assert "3 statements" in out and "agreement" not in out


def test_bench_with_both_lists_the_disagreement_and_measures_the_rest(tmp_path, capsys):
    _write_set(tmp_path, with_b=True)
    assert _bench().main(["--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 of 3 = 66.7 %" in out
    assert "S2: A spending_mechanism  B legal_guidance" in out
    assert "double-checked set (A and B agree on the primary): 2 statements" in out
    assert "SINGLE-CHECKED" not in out


def test_bench_reports_bad_labels_without_a_traceback(tmp_path, capsys):
    _write_set(tmp_path, with_b=True)
    (tmp_path / "labels_b.csv").write_text("statement_id,primary,also_ok\nS1,staff,\n", encoding="utf-8")
    assert _bench().main(["--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "'staff' is not a difficulty category" in err and "Traceback" not in err
