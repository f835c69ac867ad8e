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
    pytest.param(
        "commune_shared_name_without_province",
        "filings.csv",
        3,
        "commune",
        "3 communes across the country are named like 'Xã Tân Lập' (in Lâm Đồng, Quảng Trị, Tây Ninh); give the province",
        id="commune_shared_name_without_province",
    ),
    # the same four commune mistakes, and the shared name, in a task register's optional commune column
    pytest.param(
        "task_commune_unknown",
        "tasks.csv",
        3,
        "commune",
        "closest in Nghệ An are Phường Thành Vinh",
        id="task_commune_unknown",
    ),
    pytest.param(
        "task_commune_wrong_province",
        "tasks.csv",
        3,
        "commune",
        "Nghệ An has no commune 'Phường Ba Đình'; there is Phường Ba Đình (Hà Nội)",
        id="task_commune_wrong_province",
    ),
    pytest.param(
        "task_commune_old_code_after_merger",
        "tasks.csv",
        3,
        "commune",
        "code 00013 is a pre-merger commune",
        id="task_commune_old_code_after_merger",
    ),
    pytest.param(
        "task_commune_split_without_decision",
        "tasks.csv",
        3,
        "commune",
        "was split on 2025-07-01 between Phường Ngọc Hà (00008) and Phường Giảng Võ (00025)",
        id="task_commune_split_without_decision",
    ),
    pytest.param(
        "task_commune_shared_name_without_province",
        "tasks.csv",
        3,
        "commune",
        "named like 'Xã Tân Lập'",
        id="task_commune_shared_name_without_province",
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
    pytest.param(  # an export that wrote the header and nothing else is not "no tasks"
        "header_without_rows", "tasks.csv", None, None, "header but no rows of data", id="header_without_rows"
    ),
    pytest.param("parquet_without_rows", "filings.parquet", None, None, "no rows of data", id="parquet_without_rows"),
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
    pytest.param(
        "unsupported_file_type", "tasks.numbers", None, None, "unsupported file type", id="unsupported_file_type"
    ),
    pytest.param(
        "xls_holding_text", "tasks.xls", 3, "status", "'Đang xem' is not a task status", id="xls_holding_text"
    ),
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
    # silent mis-reads, now each a message
    pytest.param("unclosed_quote", "tasks.csv", 3, "title", "is never closed", id="unclosed_quote"),
    pytest.param("title_form_feed", "filings.csv", 3, "dossiers_total", "'7O12' is not a number", id="title_form_feed"),
    pytest.param(
        "title_line_separator", "filings.csv", 3, "dossiers_total", "'7O12' is not a number", id="title_line_separator"
    ),
    pytest.param(
        "overlapping_periods",
        "filings.csv",
        3,
        "period",
        "overlaps 2025-08 for the same unit",
        id="overlapping_periods",
    ),
    pytest.param(
        "overlapping_half_year", "indicators.csv", 3, "period", "overlaps 2025-03", id="overlapping_half_year"
    ),
    pytest.param("date_year_1025", "tasks.csv", 3, "due", "'13/11/1025' is before 2000", id="date_year_1025"),
    pytest.param("period_year_1025", "filings.csv", 3, "period", "lies outside 2000–2100", id="period_year_1025"),
    pytest.param(
        "xlsx_serial_one_date",
        "tasks.xlsx",
        3,
        "due",
        "Excel shows the number 1 as 1900-01-01",
        id="xlsx_serial_one_date",
    ),
    pytest.param(
        "parquet_date_out_of_range",
        "tasks.parquet",
        2,
        "due",
        "1025-12-31 is before 2000",
        id="parquet_date_out_of_range",
    ),
    pytest.param(
        "count_absurdly_large",
        "filings.csv",
        3,
        "dossiers_total",
        "absurdly large for a count",
        id="count_absurdly_large",
    ),
    pytest.param(
        "count_infinite_text", "filings.csv", 3, "dossiers_total", "'inf' is not a number", id="count_infinite_text"
    ),
    pytest.param(
        "parquet_count_infinite",
        "filings.parquet",
        1,
        "dossiers_total",
        "inf is not a finite number",
        id="parquet_count_infinite",
    ),
    pytest.param(
        "parquet_count_overflow",
        "filings.parquet",
        2,
        "dossiers_total",
        "18446744073709551615 is absurdly large",
        id="parquet_count_overflow",
    ),
    # files whose name lies about their content
    pytest.param(
        "parquet_named_csv", "filings.csv", 2, "dossiers_online", "cannot be negative", id="parquet_named_csv"
    ),
    pytest.param(
        "xlsx_named_csv", "tasks.csv", 3, "status", "'Đang xem xét' is not a task status", id="xlsx_named_csv"
    ),
    pytest.param(
        "utf16_unicode_text", "tasks.txt", 3, "status", "'Đang xem xét' is not a task status", id="utf16_unicode_text"
    ),
    pytest.param("html_named_xls", "tasks.xls", None, None, "is a web page", id="html_named_xls"),
    pytest.param("zip_not_workbook", "tasks.xlsx", None, None, "a zip archive, not a workbook", id="zip_not_workbook"),
    # hostile files: refused within bounds, or read as their real content
    pytest.param(
        "xlsx_malformed_xml", "filings.xlsx", None, None, "not a readable .xlsx workbook", id="xlsx_malformed_xml"
    ),
    pytest.param(
        "xlsx_far_away_cell",
        "tasks.xlsx [sheet Nhiệm vụ]",
        None,
        None,
        "cell XFD1048576 ('x') lies in column 16,384, beyond the limit of 1,000",
        id="xlsx_far_away_cell",
    ),
    pytest.param(
        "xlsx_huge_dimension",
        "tasks.xlsx",
        3,
        "status",
        "'Đang xem xét' is not a task status",
        id="xlsx_huge_dimension",
    ),
    pytest.param("xlsx_zip_bomb", "filings.xlsx", None, None, "(limit 500×): a zip bomb", id="xlsx_zip_bomb"),
    pytest.param(
        "csv_too_many_columns",
        "tasks.csv",
        None,
        None,
        "20,007 columns, more than the limit of 1,000",
        id="csv_too_many_columns",
    ),
    pytest.param(
        "csv_field_over_limit",
        "difficulties.csv",
        3,
        "text",
        "more than the limit of 1,000,000 characters",
        id="csv_field_over_limit",
    ),
    pytest.param(
        "csv_long_field_reads",
        "difficulties.csv",
        4,
        "province",
        "unknown province 'Hà Tây'",
        id="csv_long_field_reads",
    ),
    # files named anything, and the user's dtanalysis.yaml
    pytest.param(
        "file_matches_no_dataset",
        "Danh ba can bo.csv",
        None,
        None,
        "its columns match none",
        id="file_matches_no_dataset",
    ),
    pytest.param(
        "file_matches_two_datasets",
        "Tong hop T8.csv",
        None,
        None,
        "columns fit both tasks and filings",
        id="file_matches_two_datasets",
    ),
    pytest.param(
        "config_unknown_column",
        "dtanalysis.yaml",
        None,
        None,
        "mapped to 'dossier_total', which is not a column",
        id="config_unknown_column",
    ),
    pytest.param(
        "config_alias_bomb", "dtanalysis.yaml", None, None, "(limit 50): refused unread", id="config_alias_bomb"
    ),
    pytest.param(
        "config_unknown_dataset", "dtanalysis.yaml", None, None, "unknown dataset 'filing'", id="config_unknown_dataset"
    ),
    # wide layouts: one column per period
    pytest.param(
        "wide_filings_no_measure",
        "filings.csv",
        None,
        "period",
        "one column per period ('Tháng 7/2025', 'T8/2025') but does not say which count",
        id="wide_filings_no_measure",
    ),
    pytest.param(
        "wide_quarter_overlaps_months",
        "indicators.csv [columns E: Quý III]",
        2,
        "period",
        "overlaps 2025-07, 2025-08 for the same unit",
        id="wide_quarter_overlaps_months",
    ),
    # more layouts, encodings and periods, each with an error where the user sees it
    pytest.param("date_after_2100", "tasks.csv", 3, "due", "'31/12/2205' is after 2100", id="date_after_2100"),
    pytest.param(
        "period_after_2100", "filings.csv", 3, "period", "'2205-08' lies outside 2000–2100", id="period_after_2100"
    ),
    pytest.param(
        "date_range_same_as_month",
        "filings.csv",
        3,
        "period",
        "overlaps 2025-08 for the same unit",
        id="date_range_same_as_month",
    ),
    pytest.param(
        "year_overlaps_month_indicators",
        "indicators.csv",
        3,
        "period",
        "overlaps 2025-08 for the same unit",
        id="year_overlaps_month_indicators",
    ),
    pytest.param(
        "half_year_overlaps_months_filings",
        "filings.csv",
        3,
        "period",
        "overlaps 2025-03 for the same unit",
        id="half_year_overlaps_months_filings",
    ),
    pytest.param(
        "quote_closed_rows_later",
        "tasks.csv",
        2,
        "title",
        "is never closed, so the next 2 line(s)",
        id="quote_closed_rows_later",
    ),
    pytest.param(
        "nul_bytes_in_csv", "tasks.csv", None, None, "binary data of no format dtanalysis knows", id="nul_bytes_in_csv"
    ),
    pytest.param(
        "semicolon_csv_bad_value",
        "filings.csv",
        3,
        "dossiers_total",
        "'3O9654' is not a number",
        id="semicolon_csv_bad_value",
    ),
    pytest.param("tsv_bad_status", "tasks.tsv", 3, "status", "'Tạm hoãn' is not a task status", id="tsv_bad_status"),
    pytest.param(
        "signature_then_data_row",
        "filings.csv",
        4,
        "dossiers_total",
        "'3O9654' is not a number",
        id="signature_then_data_row",
    ),
    pytest.param(
        "totals_then_more_rows", "filings.csv", 4, "dossiers_total", "'2OO' is not a number", id="totals_then_more_rows"
    ),
    pytest.param(
        "csv_two_row_header_bad_count",
        "filings.csv",
        6,
        "dossiers_total",
        "'3O9654' is not a number",
        id="csv_two_row_header_bad_count",
    ),
    pytest.param(
        "xlsx_formula_error", "filings.xlsx", 3, "dossiers_total", "'#REF!' is not a number", id="xlsx_formula_error"
    ),
    pytest.param(
        "xlsx_formula_without_value",
        "filings.xlsx",
        3,
        "dossiers_total",
        "'=B9+C9 (a formula never calculated)' is not a number",
        id="xlsx_formula_without_value",
    ),
    pytest.param(
        "xlsx_two_year_sheets",
        "filings.xlsx [sheet Năm 2025]",
        3,
        "dossiers_total",
        "'5214O' is not a number",
        id="xlsx_two_year_sheets",
    ),
    pytest.param(
        "xlsx_only_table_hidden",
        "tasks.xlsx",
        None,
        None,
        "sheets: 'Bìa', 'Nhiệm vụ' (hidden)",
        id="xlsx_only_table_hidden",
    ),
    pytest.param(
        "xlsx_empty_workbook",
        "tasks.xlsx",
        None,
        None,
        "no header row naming the tasks columns",
        id="xlsx_empty_workbook",
    ),
    pytest.param(
        "xlsx_bieu_bad_count", "filings.xlsx", 8, "dossiers_total", "'19O' is not a number", id="xlsx_bieu_bad_count"
    ),
    pytest.param(
        "xlsx_hidden_row_not_counted",
        "filings.xlsx",
        4,
        "dossiers_total",
        "'3O9654' is not a number",
        id="xlsx_hidden_row_not_counted",
    ),
    pytest.param("utf16_be_text", "tasks.txt", 3, "status", "'Đang xem xét' is not a task status", id="utf16_be_text"),
    pytest.param("utf8_nfd_text", "tasks.csv", 3, "status", "'Đang xem xét' is not a task status", id="utf8_nfd_text"),
    # line ends, numbers, dates, periods and office rows as they really arrive
    pytest.param(
        "title_vertical_tab", "filings.csv", 3, "dossiers_total", "'3O9654' is not a number", id="title_vertical_tab"
    ),
    pytest.param(
        "title_next_line_char",
        "filings.csv",
        3,
        "dossiers_total",
        "'3O9654' is not a number",
        id="title_next_line_char",
    ),
    pytest.param(
        "header_with_bom_and_title",
        "tasks.csv",
        5,
        "status",
        "'Tạm ngưng' is not a task status",
        id="header_with_bom_and_title",
    ),
    pytest.param(
        "cr_only_line_ends", "filings.csv", 3, "dossiers_total", "'3O9654' is not a number", id="cr_only_line_ends"
    ),
    pytest.param(
        "count_negative_zero_text",
        "filings.csv",
        3,
        "dossiers_total",
        "a count cannot be negative",
        id="count_negative_zero_text",
    ),
    pytest.param(
        "count_exponent_text", "filings.csv", 3, "dossiers_total", "'3.1E+05' is not a number", id="count_exponent_text"
    ),
    pytest.param(
        "count_decimal_comma_not_whole",
        "filings.csv",
        3,
        "dossiers_total",
        "'309654,5' is not a whole number",
        id="count_decimal_comma_not_whole",
    ),
    pytest.param(
        "count_with_percent",
        "filings.csv",
        3,
        "dossiers_total",
        "'85.38%' is not a whole number",
        id="count_with_percent",
    ),
    pytest.param("due_excel_serial_text", "tasks.csv", 3, "due", "'1' is not a date", id="due_excel_serial_text"),
    pytest.param("due_two_digit_year", "tasks.csv", 3, "due", "'31/12/25' is not a date", id="due_two_digit_year"),
    pytest.param("due_month_first", "tasks.csv", 3, "due", "dates are read day/month/year", id="due_month_first"),
    pytest.param(
        "period_quarter_without_year",
        "filings.csv",
        3,
        "period",
        "'Quý III' is not a period",
        id="period_quarter_without_year",
    ),
    pytest.param(
        "period_month_13_vietnamese",
        "filings.csv",
        3,
        "period",
        "month 13 does not exist",
        id="period_month_13_vietnamese",
    ),
    pytest.param(
        "indicator_numerator_infinite",
        "indicators.csv",
        3,
        "numerator",
        "'1e999' is not a number",
        id="indicator_numerator_infinite",
    ),
    pytest.param(
        "indicator_value_not_finite",
        "indicators.csv",
        3,
        "value",
        "'NaN%' is not a number",
        id="indicator_value_not_finite",
    ),
    pytest.param(
        "signature_date_line_only",
        "tasks.csv",
        3,
        "status",
        "'Tạm ngưng' is not a task status",
        id="signature_date_line_only",
    ),
    pytest.param(
        "totals_row_cong_with_bad_row",
        "filings.csv",
        3,
        "dossiers_total",
        "'2OO' is not a number",
        id="totals_row_cong_with_bad_row",
    ),
    pytest.param(
        "toan_tinh_commune_rows",
        "filings.csv",
        3,
        "dossiers_total",
        "'1OO' is not a number",
        id="toan_tinh_commune_rows",
    ),
    pytest.param(
        "several_control_chars_and_error",
        "tasks.csv",
        3,
        "status",
        "'Tạm ngưng' is not a task status",
        id="several_control_chars_and_error",
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


def test_a_share_that_is_not_the_share_of_its_counts_is_a_warning(tmp_path, capsys, monkeypatch):
    """Row 3 writes 80.12 % as the fraction 0,8012; row 4 rounds 78.66 % to 79 (not flagged); row 5 has no value."""
    folder = copy_case("share_off_its_counts", tmp_path)
    monkeypatch.chdir(tmp_path)
    bundle = load(folder, today=TODAY)
    assert [(p.file, p.row, p.column, p.value) for p in bundle.warnings] == [("indicators.csv", 3, "value", 0.8012)]
    assert "not numerator ÷ denominator × 100" in bundle.warnings[0].message and "fraction" in bundle.warnings[0].fix
    code, output = validate(folder, capsys)
    assert code == 0 and "WARNING row 3, column 'value'" in output, output


def test_hidden_and_left_out_rows_are_never_counted(tmp_path):
    """The hidden draft row repeats row 2 and the Biểu totals row repeats the sum: neither may reach the table."""
    with pytest.raises(DataError) as caught:
        load(copy_case("xlsx_hidden_row_not_counted", tmp_path), today=TODAY)
    assert not [p for p in caught.value.problems if p.row == 3 and p.severity == "error"]
    with pytest.raises(DataError) as caught:
        load(copy_case("xlsx_bieu_bad_count", tmp_path), today=TODAY)
    rows = {p.row for p in caught.value.problems if p.severity == "error"}
    assert rows == {8}, caught.value.problems


# ---------------------------------------------------------------- the corpus itself


def test_every_case_folder_is_tested():
    tested = {p.values[0] for p in CASES + MANY_ERRORS} | {"done_without_completion_date", "share_off_its_counts"}
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders == tested
    assert len(tested) >= 120


def test_corpus_generator_is_deterministic_and_in_sync(tmp_path):
    build = runpy.run_path(str(CORPUS / "make_corpus.py"))["build"]  # run_path leaves no __pycache__ in the corpus
    first, second = tmp_path / "first", tmp_path / "second"
    build(first)
    build(second)
    assert snapshot(first) == snapshot(second)
    assert all((CORPUS / name).is_file() for name in snapshot(first))


@pytest.mark.parametrize("prefix, file", [("commune_", "filings.csv"), ("task_commune_", "tasks.csv")])
def test_each_commune_mistake_has_its_own_message_and_fix(prefix, file, tmp_path):
    kinds = [
        "unknown",
        "wrong_province",
        "old_code_after_merger",
        "split_without_decision",
        "shared_name_without_province",
    ]
    found = {}
    for kind in kinds:
        with pytest.raises(DataError) as caught:
            load(copy_case(prefix + kind, tmp_path / kind), today=TODAY)
        (problem,) = [p for p in caught.value.problems if p.column == "commune"]
        found[kind] = problem
    assert len({p.fix for p in found.values()}) == len(kinds), {k: p.fix for k, p in found.items()}
    assert (
        "task" in found["split_without_decision"].fix
        if prefix.startswith("task")
        else "figures" in (found["split_without_decision"].fix)
    )
    assert "province" in found["shared_name_without_province"].fix
