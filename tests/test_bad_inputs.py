"""Bad input never passes silently: every broken file in tests/bad_inputs/ is reported as file, row, column and fix.

Each case is a data folder `tests/bad_inputs/<case_id>/` holding one broken dataset file (binary ones are
written by `make_corpus.py`). Rows are numbered as the user sees them: the CSV line with the header on
line 1, the Excel row, the Parquet row from 1; row and column are None for whole-file problems. A case
whose expected file is None is a whole-folder problem (a DtError without a problem list).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import runpy
import shutil
from pathlib import Path

import pytest

from dtanalysis import cli, load
from dtanalysis.common.errors import DataError, DtError

CORPUS = Path(__file__).parent / "bad_inputs"
TODAY = dt.date(
    2026, 1, 1
)  # "future" for load(); the CLI uses the real date, so future cases say 2052 (a typo for 2025)


CASES = [
    # case_id, file, row, column, message fragment
    pytest.param(
        "missing_required_column",
        "tasks.csv",
        1,
        "status",
        "required column 'status' is missing",
        id="missing_required_column",
    ),
    pytest.param("province_blank", "tasks.csv", 3, "province", "'province' is empty", id="province_blank"),
    pytest.param("unknown_province", "tasks.csv", 3, "province", "did you mean Hà Nội", id="unknown_province"),
    pytest.param(
        "old_code_after_merger",
        "filings.csv",
        3,
        "province",
        "code 02 is not a provincial code",
        id="old_code_after_merger",
    ),
    pytest.param(
        "commune_unknown", "filings.csv", 3, "commune", "closest in Nghệ An are Phường Thành Vinh", id="commune_unknown"
    ),
    pytest.param(
        "commune_wrong_province",
        "filings.csv",
        3,
        "commune",
        "Nghệ An has no commune 'Phường Ba Đình'; there is Phường Ba Đình (Hà Nội)",
        id="commune_wrong_province",
    ),
    pytest.param(
        "commune_old_code_after_merger",
        "filings.csv",
        3,
        "commune",
        "code 00013 is a pre-merger commune",
        id="commune_old_code_after_merger",
    ),
    pytest.param(
        "commune_split_without_decision",
        "filings.csv",
        3,
        "commune",
        "was split on 2025-07-01 between Phường Ngọc Hà (00008) and Phường Giảng Võ (00025)",
        id="commune_split_without_decision",
    ),
    pytest.param("duplicate_task_id", "tasks.csv", 4, "task_id", "appears twice", id="duplicate_task_id"),
    pytest.param(
        "numerator_above_denominator",
        "indicators.csv",
        3,
        "numerator",
        "numerator is larger than the denominator",
        id="numerator_above_denominator",
    ),
    pytest.param("negative_count", "filings.csv", 3, "dossiers_online", "cannot be negative", id="negative_count"),
    pytest.param(
        "parquet_negative_count",
        "filings.parquet",
        2,
        "dossiers_online",
        "cannot be negative",
        id="parquet_negative_count",
    ),
    pytest.param(
        "online_above_total",
        "filings.csv",
        3,
        "dossiers_online",
        "more dossiers received online than",
        id="online_above_total",
    ),
    pytest.param("impossible_date", "tasks.csv", 3, "due", "'31/02/2025' is not a real date", id="impossible_date"),
    pytest.param(
        "unknown_status", "tasks.csv", 3, "status", "'Đang xem xét' is not a task status", id="unknown_status"
    ),
    pytest.param(
        "completed_after_as_of",
        "tasks.csv",
        3,
        "completed_on",
        "completed after the report date",
        id="completed_after_as_of",
    ),
    pytest.param(
        "report_in_future", "tasks.csv", 3, "as_of", "the report date is in the future", id="report_in_future"
    ),
    pytest.param(
        "filing_period_in_future", "filings.csv", 3, "period", "has not started yet", id="filing_period_in_future"
    ),
    pytest.param(
        "difficulty_in_future", "difficulties.csv", 3, "reported_on", "in the future", id="difficulty_in_future"
    ),
    pytest.param("empty_file", "tasks.csv", None, None, "the file is empty", id="empty_file"),
    pytest.param(
        "no_header_row", "tasks.csv", None, None, "no header row naming the tasks columns", id="no_header_row"
    ),
    pytest.param("wrong_sheet", "tasks.xlsx", None, None, "no header row naming the tasks columns", id="wrong_sheet"),
    pytest.param(
        "several_sheets_none_match",
        "tasks.xlsx",
        None,
        None,
        "no sheet has the tasks columns",
        id="several_sheets_none_match",
    ),
    pytest.param(
        "undecodable_bytes", "difficulties.csv", 3, None, "neither UTF-8 nor Windows-1258", id="undecodable_bytes"
    ),
    pytest.param(
        "cp1258_undefined_byte", "tasks.csv", 4, None, "neither UTF-8 nor Windows-1258", id="cp1258_undefined_byte"
    ),
    pytest.param(
        "cp1258_unknown_status", "tasks.csv", 3, "status", "'Tạm dừng' is not a task status", id="cp1258_unknown_status"
    ),
    pytest.param("corrupt_xlsx", "filings.xlsx", None, None, "not a readable .xlsx workbook", id="corrupt_xlsx"),
    pytest.param(
        "corrupt_parquet", "indicators.parquet", None, None, "not a readable Parquet file", id="corrupt_parquet"
    ),
    pytest.param(
        "parquet_missing_column",
        "tasks.parquet",
        None,
        "title",
        "required column 'title' is missing",
        id="parquet_missing_column",
    ),
    pytest.param(
        "count_not_whole", "filings.csv", 3, "dossiers_total", "'12,5' is not a whole number", id="count_not_whole"
    ),
    pytest.param("ambiguous_number", "indicators.csv", 3, "value", "'1.234' is ambiguous", id="ambiguous_number"),
    pytest.param(
        "share_over_100", "indicators.csv", 3, "value", "a percentage must lie between 0 and 100", id="share_over_100"
    ),
    pytest.param(
        "period_not_a_period", "filings.csv", 3, "period", "month 13 does not exist", id="period_not_a_period"
    ),
    pytest.param("unknown_level", "filings.csv", 3, "level", "'huyện' is not a level", id="unknown_level"),
    pytest.param("required_value_blank", "tasks.csv", 3, "status", "'status' is empty", id="required_value_blank"),
    pytest.param(
        "tasks_without_report_date",
        "tasks.csv",
        2,
        "as_of",
        "report date (as_of) of this task is unknown",
        id="tasks_without_report_date",
    ),
    pytest.param(
        "two_columns_same_field", "tasks.csv", 1, "province", "two columns mean 'province'", id="two_columns_same_field"
    ),
    pytest.param("ragged_csv_row", "tasks.csv", 4, None, "more cells than the header", id="ragged_csv_row"),
    pytest.param("csv_title_rows", "filings.csv", 6, "dossiers_total", "'7O12' is not a number", id="csv_title_rows"),
    pytest.param("xlsx_title_rows", "tasks.xlsx", 7, "due", "'31/02/2025' is not a real date", id="xlsx_title_rows"),
    pytest.param(
        "xlsx_second_sheet",
        "tasks.xlsx [sheet Nhiệm vụ]",
        3,
        "status",
        "'Đang làm' is not a task status",
        id="xlsx_second_sheet",
    ),
    pytest.param("unsupported_file_type", "tasks.xls", None, None, "unsupported file type", id="unsupported_file_type"),
    pytest.param(
        "duplicate_filing",
        "filings.csv",
        4,
        "period",
        "appear twice (first at filings.csv row 2)",
        id="duplicate_filing",
    ),
    pytest.param(
        "duplicate_indicator",
        "indicators.csv",
        3,
        "indicator",
        "appear twice (first at indicators.csv row 2)",
        id="duplicate_indicator",
    ),
    pytest.param(
        "dataset_folder_duplicate",
        "nghe_an_bo_sung.csv",
        3,
        "task_id",
        "first at nghe_an.csv row 3",
        id="dataset_folder_duplicate",
    ),
    pytest.param(
        "difficulties_no_text_column",
        "difficulties.csv",
        1,
        "text",
        "required column 'text' is missing",
        id="difficulties_no_text_column",
    ),
    pytest.param("no_dataset_files", None, None, None, "no data in", id="no_dataset_files"),
    pytest.param(
        "unsupported_file_type_only", "tasks.json", None, None, "unsupported file type", id="unsupported_file_type_only"
    ),
]

# case_id -> every (row, column, message fragment) its one file must produce
MANY_ERRORS = [
    pytest.param(
        "many_errors_one_file",
        [
            (3, "status", "'Tạm dừng' is not a task status"),
            (4, "province", "unknown province 'Bảo Lạc'"),
            (5, "due", "'31/04/2025' is not a real date"),
            (6, "completed_on", "completed after the report date"),
            (7, "task_id", "(first at tasks.csv row 2)"),
        ],
        id="many_errors_one_file",
    ),
    pytest.param(
        "ragged_rows_and_other_errors",
        [
            (3, "status", "'Tạm dừng' is not a task status"),
            (4, None, "more cells than the header"),
            (6, None, "more cells than the header"),
        ],
        id="ragged_rows_and_other_errors",
    ),
]

# Loader bugs found by this corpus: case_id -> (the checks it breaks, what goes wrong). Those checks are strict
# xfails, so fixing the bug turns them into failures until the entry is removed.
KNOWN_BUGS: dict[str, tuple[set[str], str]] = {}


# ---------------------------------------------------------------- helpers


def copy_case(case_id: str, tmp_path: Path) -> Path:
    """Return a copy of the case's data folder inside tmp_path, so the corpus itself is never touched."""
    return Path(shutil.copytree(CORPUS / case_id, tmp_path / case_id))


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file under root (relative path → content)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def validate(folder: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    """Run `dtanalysis validate --data folder`; return the exit code and everything it printed."""
    code = cli.main(["validate", "--data", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def matching(problems: list, file: str, row: int | None, column: str | None, fragment: str) -> list:
    return [p for p in problems if (p.file, p.row, p.column) == (file, row, column) and fragment in p.message]


def expect_known_bug(request: pytest.FixtureRequest, check: str, case_id: str) -> None:
    """Turn this check into a strict xfail when KNOWN_BUGS says the case breaks it."""
    checks, reason = KNOWN_BUGS.get(case_id, ((), ""))
    if check in checks:
        request.applymarker(pytest.mark.xfail(reason=f"loader bug: {reason}", strict=True))


# ---------------------------------------------------------------- the corpus through load() and validate


@pytest.mark.parametrize("case_id, file, row, column, fragment", CASES)
def test_load_reports_the_problem_where_the_user_sees_it(case_id, file, row, column, fragment, tmp_path, request):
    expect_known_bug(request, "load", case_id)
    folder = copy_case(case_id, tmp_path)
    with pytest.raises(DataError if file else DtError) as caught:
        load(folder, today=TODAY)
    if file is None:  # a whole-folder problem: one message, no problem list
        assert fragment in str(caught.value)
        return
    problems = caught.value.problems
    found = matching(problems, file, row, column, fragment)
    assert found, f"no problem at {file}, row {row}, column {column} saying {fragment!r}; got:\n" + "\n".join(
        repr((p.file, p.row, p.column, p.message)) for p in problems
    )
    problem = found[0]
    assert problem.severity == "error" and problem.fix.strip()
    assert (f"row {row}" in str(problem)) == (row is not None)
    assert (f"column '{column}'" in str(problem)) == (column is not None)


@pytest.mark.parametrize("case_id, file, row, column, fragment", CASES)
def test_validate_exits_2_and_names_file_row_and_column(
    case_id, file, row, column, fragment, tmp_path, capsys, monkeypatch, request
):
    expect_known_bug(request, "validate", case_id)
    folder = copy_case(case_id, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, output = validate(folder, capsys)
    assert code == 2, output
    assert "Traceback" not in output
    for expected in (file or fragment, row and f"row {row}", column and f"column '{column}'"):
        assert not expected or expected in output, output


@pytest.mark.parametrize("case_id, file, row, column, fragment", CASES)
def test_bad_input_writes_nothing(case_id, file, row, column, fragment, tmp_path, capsys, monkeypatch, request):
    expect_known_bug(request, "writes", case_id)
    folder = copy_case(case_id, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    with contextlib.suppress(DtError):  # whether it raises is test_load_...'s business
        load(folder, today=TODAY)
    validate(folder, capsys)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("case_id, expected", MANY_ERRORS)
def test_every_problem_in_a_file_is_collected(case_id, expected, tmp_path, request):
    expect_known_bug(request, "collect", case_id)
    with pytest.raises(DataError) as caught:
        load(copy_case(case_id, tmp_path), today=TODAY)
    problems = caught.value.problems
    missing = [e for e in expected if not matching(problems, "tasks.csv", *e)]
    assert not missing, f"not reported: {missing}; got:\n" + "\n".join(str(p) for p in problems)


def test_done_task_without_completion_date_is_only_a_warning(tmp_path, capsys, monkeypatch):
    folder = copy_case("done_without_completion_date", tmp_path)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    bundle = load(folder, today=TODAY)
    assert [(p.file, p.row, p.column) for p in bundle.warnings] == [("tasks.csv", 3, "completed_on")]
    assert "done but has no completion date" in bundle.warnings[0].message
    code, output = validate(folder, capsys)
    assert code == 0, output
    assert "WARNING row 3, column 'completed_on'" in output and "Traceback" not in output
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------- the corpus itself


def test_every_case_folder_is_tested():
    tested = {p.values[0] for p in CASES + MANY_ERRORS} | {"done_without_completion_date"}
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders == tested
    assert len(tested) >= 30


def test_corpus_generator_is_deterministic_and_in_sync(tmp_path):
    build = runpy.run_path(str(CORPUS / "make_corpus.py"))["build"]  # run_path leaves no __pycache__ in the corpus
    first, second = tmp_path / "first", tmp_path / "second"
    build(first)
    build(second)
    assert snapshot(first) == snapshot(second)
    assert all((CORPUS / name).is_file() for name in snapshot(first))
