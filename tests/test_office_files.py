"""The same small filings register, saved every way provincial offices save it, loads to the same numbers.

The files are made by `tests/office_files/make_office_files.py` (openpyxl, plain bytes and LibreOffice);
each variant folder holds one filings file, and what was left out (hidden, totals, signatures) is reported.
"""

from __future__ import annotations

import datetime as dt
import runpy
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dtanalysis import cli
from dtanalysis.inputs.loader import read_folder

HERE = Path(__file__).parent / "office_files"
TODAY = dt.date(2026, 1, 1)
EXPECTED = pd.DataFrame(
    {
        "province_code": ["33", "33", "40", "40", "22"],
        "period": ["2025-08", "2025-09", "2025-08", "2025-09", "2025-09"],
        "dossiers_total": [309654, 301220, 52140, 55873, 190],
        "dossiers_online": [264380, 259874, 41012, 45120, 188],
    }
)
VARIANTS = sorted(p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def _numbers(table: pd.DataFrame) -> pd.DataFrame:
    out = table[["province_code", "period", "dossiers_total", "dossiers_online"]].astype(
        {"province_code": str, "period": str, "dossiers_total": "int64", "dossiers_online": "int64"}
    )
    return out.sort_values(["province_code", "period"]).reset_index(drop=True)


def test_the_set_covers_the_ways_offices_save_files():
    assert len(VARIANTS) >= 14
    suffixes = {p.suffix for v in VARIANTS for p in (HERE / v).iterdir()}
    assert {".xlsx", ".xls", ".ods", ".csv", ".txt"} <= suffixes


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_loads_to_the_same_numbers(variant, tmp_path):
    folder = shutil.copytree(HERE / variant, tmp_path / variant)
    bundle, problems = read_folder(folder, today=TODAY)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert not errors, "\n".join(errors)
    pd.testing.assert_frame_equal(_numbers(bundle.filings), _numbers(EXPECTED))


def _messages(variant: str, tmp_path: Path) -> list[str]:
    _, problems = read_folder(shutil.copytree(HERE / variant, tmp_path / variant), today=TODAY)
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    "variant", ["bieu_two_row_header_totals_signature", "libreoffice_bieu_xls", "libreoffice_bieu_ods"]
)
def test_totals_and_signature_rows_are_left_out_with_a_note(variant, tmp_path):
    messages = _messages(variant, tmp_path)
    assert any("NOTE" in m and "row 12 is a totals row and was left out" in m for m in messages), messages
    assert any("NOTE" in m and "row 14 is a signature or note line" in m for m in messages), messages
    assert any("rows 15, 16 are part of the signature block" in m for m in messages), messages
    assert any("row 6 is the column-numbering row" in m for m in messages), messages
    assert not any("totals row says" in m for m in messages), messages  # the totals add up


@pytest.mark.parametrize("variant", ["hidden_rows_columns_sheets", "libreoffice_hidden_ods", "libreoffice_hidden_xls"])
def test_hidden_rows_columns_and_sheets_are_skipped_and_named(variant, tmp_path):
    messages = _messages(variant, tmp_path)
    assert any("WARNING" in m and "row 4" in m and "1 hidden row(s) were not read: 4" in m for m in messages), messages
    assert any("hidden columns were not read: F ('Ghi chú nội bộ')" in m for m in messages), messages
    assert any("sheet 'Bản cũ' is hidden and was not read" in m for m in messages), messages


def test_every_matching_sheet_is_read_and_the_others_are_listed(tmp_path):
    messages = _messages("two_sheets", tmp_path)
    assert any("read sheet(s) 'Tháng 8-2025', 'Tháng 9-2025'; ignored 'Hướng dẫn'" in m for m in messages), messages


def test_utf16_text_is_read_without_a_guess(tmp_path):
    messages = _messages("unicode_text_utf16", tmp_path)
    assert not any("detected" in m for m in messages), messages


def test_validate_passes_on_every_variant(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for variant in VARIANTS:
        code = cli.main(["validate", "--data", str(HERE / variant)])
        output = capsys.readouterr()
        assert code == 0, (variant, output.out + output.err)
        assert "Traceback" not in output.out + output.err


@pytest.mark.parametrize(
    "variant, page",
    [
        ("csv_utf8_read_as_cp1252", "Windows-1252"),
        ("libreoffice_csv_read_as_cp1252_ods", "Windows-1252"),
        ("libreoffice_csv_read_as_cp1258_csv", "Windows-1258"),
    ],
)
def test_text_garbled_by_opening_the_csv_in_a_code_page_is_repaired_with_a_warning(variant, page, tmp_path):
    """The register's UTF-8 CSV opened in Windows-1252 or -1258 (LibreOffice's default on such machines) and
    saved again: headers and cells are read as they were meant, each repaired column named once."""
    messages = [m for m in _messages(variant, tmp_path) if "hold UTF-8 text that was opened as" in m]
    assert len(messages) == 2, messages
    province, period = sorted(messages, key=lambda m: "'period'" in m)
    assert "column 'province': 5 cell(s)" in province and "for 'Tỉnh Nghệ An'" in province, province
    assert "column 'period': 5 cell(s)" in period and page in period, period


PERCENT = HERE / "_percent_cells"


@pytest.mark.parametrize("variant", sorted(p.name for p in PERCENT.iterdir() if p.is_dir()))
def test_a_share_in_a_percent_formatted_cell_is_read_as_the_sheet_shows_it(variant, tmp_path):
    """A cell formatted 0.00% holds 0.8538 and shows 85.38 %: read as 85.38, never as 0.85 % (in .xlsx from
    openpyxl and from LibreOffice, .xls and .ods from LibreOffice); a literal ' %' in the format scales nothing."""
    shares = runpy.run_path(str(HERE / "make_office_files.py"))["SHARES"]
    bundle, problems = read_folder(shutil.copytree(PERCENT / variant, tmp_path / variant), today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems
    read = bundle.indicators.sort_values("source_row")["value"].astype("float64").tolist()
    assert read == pytest.approx([shown for *_, shown in shares])
    assert not bundle.warnings, bundle.warnings


def test_a_percentage_in_a_count_cell_is_an_error_naming_it(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Tỉnh", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến"])
    book.active.append(["Hưng Yên", "2025-08", 309654, 0.8538])
    book.active["D2"].number_format = "0.00%"
    (tmp_path / "d").mkdir()
    book.save(tmp_path / "d" / "filings.xlsx")
    _, problems = read_folder(tmp_path / "d", today=TODAY)
    (problem,) = [p for p in problems if p.severity == "error"]
    assert (problem.row, problem.column, problem.value) == (2, "dossiers_online", "85.38%"), problem
    assert "a percentage is not a count" in problem.message


def test_dates_swapped_by_a_us_english_import_are_an_error_naming_the_column(tmp_path):
    """LibreOffice set to English (USA) reads the CSV's 02/11/2025 as 11 February (a date cell) and leaves
    13/11/2025 as text: loaded as they are, half the dates would be silently wrong."""
    folder = shutil.copytree(HERE / "_us_english_import" / "libreoffice_xlsx", tmp_path / "d")
    _, problems = read_folder(folder, today=TODAY)
    (problem,) = [p for p in problems if p.severity == "error"]
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "difficulties.xlsx",
        2,
        "reported_on",
        "2025-02-11",
    )
    assert "day and month look swapped" in problem.message and "3 date cells" in problem.message
    assert "language" in problem.fix


def test_date_cells_with_small_days_beside_text_dates_with_small_days_are_dates(tmp_path):
    """The same mixture written by hand in a day/month/year setting: a text date starting ≤ 12 clears it."""
    book = openpyxl.Workbook()
    book.active.append(["Tỉnh", "Nội dung khó khăn", "Ngày báo cáo"])
    for day, month in ((2, 11), (5, 10), (7, 9)):
        book.active.append(["Sơn La", "Hạ tầng yếu", dt.datetime(2025, month, day)])
    for text in ("13/11/2025", "22/10/2025", "05/09/2025"):
        book.active.append(["Nghệ An", "Thiếu nhân lực", text])
    (tmp_path / "d").mkdir()
    book.save(tmp_path / "d" / "difficulties.xlsx")
    bundle, problems = read_folder(tmp_path / "d", today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems
    assert bundle.difficulties["reported_on"].dt.day.tolist() == [2, 5, 7, 13, 22, 5]


def test_a_csv_saved_in_a_code_page_without_vietnamese_letters_is_refused_naming_the_cause(tmp_path):
    """LibreOffice saving the register as Windows-1252 CSV writes 'T?nh Ngh? An': the letters are gone, so the
    error says why (not 1 missing column and 5 unknown provinces) and how to save it again."""
    folder = shutil.copytree(HERE / "_lossy_code_page" / "libreoffice_cp1252_csv", tmp_path / "d")
    _, problems = read_folder(folder, today=TODAY)
    (problem,) = problems
    assert (problem.file, problem.row, problem.severity) == ("filings.csv", 1, "error")
    assert "cannot hold every Vietnamese letter" in problem.message and "'T?nh'" in problem.message
    assert "UTF-8" in problem.fix


def test_a_question_mark_in_a_web_address_of_a_cp1258_file_is_not_a_lost_letter(tmp_path):
    text = (
        "Tỉnh,Chỉ tiêu,Kỳ,Giá trị,Đơn vị tính,Nguồn\r\n"
        "Hưng Yên,online_filing_rate,2025-08,85.38,pct,https://dichvucong.gov.vn/p/home?tinh=33\r\n"
    )
    (tmp_path / "d").mkdir()
    to_cp1258 = runpy.run_path(str(HERE / "make_office_files.py"))["_cp1258"]  # tone marks as combining characters
    (tmp_path / "d" / "indicators.csv").write_bytes(to_cp1258(text))
    bundle, problems = read_folder(tmp_path / "d", today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems
    assert bundle.indicators["province_name"].tolist() == ["Hưng Yên"]


@pytest.mark.parametrize("variant", ["libreoffice_ods", "libreoffice_xls", "libreoffice_xlsx"])
def test_a_formula_error_is_named_as_the_sheet_shows_it(variant, tmp_path):
    """python-calamine reads an .ods or .xls error cell as empty ('dossiers_total is empty'): the error the
    sheet shows is read from the file itself, and said to be a formula error, in every format."""
    folder = shutil.copytree(HERE / "_formula_errors" / variant, tmp_path / "d")
    _, problems = read_folder(folder, today=TODAY)
    found = [(p.row, p.column, p.value) for p in problems if "formula error" in p.message]
    assert found == [(3, "dossiers_total", "#DIV/0!"), (5, "dossiers_total", "#NAME?")], problems
