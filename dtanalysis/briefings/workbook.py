"""`tables.xlsx` as an analyst expects it in Excel or LibreOffice: a README sheet first, then one sheet per
table with a bold, frozen, filterable header in the chosen language, numbers as numbers with formats and
dates as real dates.

Row 1 of every table sheet holds the machine column names (hidden), row 2 the headers people read, so
`pd.read_excel(path, sheet_name=name, skiprows=[1])` gives the same columns as the CSV and
`pd.read_excel(path, sheet_name=name, header=1)` the readable ones. Styling is openpyxl's; the words
are `words.LABELS` plus the few table-only headers below.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dtanalysis.briefings.language import HEADERS
from dtanalysis.briefings.words import LABELS, check_lang, fmt_date

# What each table is, for the README sheet.
TABLES: dict[str, dict[str, str]] = {
    "completion": {
        "vi": "Tiến độ nhiệm vụ của từng tỉnh và toàn quốc (mã 00) tại kỳ báo cáo, theo chương trình.",
        "en": "Task progress of each unit and the nation (code 00) at the snapshot, by programme.",
    },
    "overdue_tasks": {
        "vi": "Các nhiệm vụ chưa hoàn thành đã quá thời hạn tại kỳ báo cáo.",
        "en": "Tasks not done and past their deadline at the snapshot.",
    },
    "ranking": {
        "vi": "Xếp hạng 34 tỉnh, thành phố: hoàn thành, quá hạn, hồ sơ trực tuyến, chỉ số tổng hợp; "
        "khoảng hạng hợp lý từ bootstrap.",
        "en": "Ranking of the 34 units: completion, overdue, online filing, composite index; "
        "plausible rank ranges from a bootstrap.",
    },
    "online_filing": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến trong cả giai đoạn, với khoảng tin cậy Wilson 95% và 99,8%.",
        "en": "Share of dossiers filed online over the whole window, with Wilson 95% and 99.8% intervals.",
    },
    "full_online_filing": {
        "vi": "Tỷ lệ hồ sơ xử lý trực tuyến toàn trình trong cả giai đoạn (chỉ tiêu khác với nộp trực tuyến).",
        "en": "Share of dossiers handled fully online over the window (a different indicator from filed online).",
    },
    "online_filing_monthly": {
        "vi": "Tỷ lệ hồ sơ nộp trực tuyến theo tháng; trước 1/7/2025 cộng gộp các tỉnh cũ.",
        "en": "Monthly share of dossiers filed online; before 1 July 2025 the former provinces are summed.",
    },
    "difficulty_frequency": {
        "vi": "Mỗi nhóm khó khăn, vướng mắc: số tỉnh nêu và số ý kiến.",
        "en": "Each difficulty category: how many units and statements name it.",
    },
    "audit": {
        "vi": "Kiểm tra số liệu công bố: tỷ lệ tính lại từ tử số và mẫu số so với số công bố.",
        "en": "Audit of reported figures: the rate recomputed from numerator and denominator against the one reported.",
    },
}

TABLES |= {
    "changes": {
        "vi": "Thay đổi của từng tỉnh so với kỳ báo cáo trước.",
        "en": "What changed for each unit since its previous report.",
    },
    "outlook": {
        "vi": "Tốc độ hoàn thành nhiệm vụ và triển vọng đến thời hạn.",
        "en": "Task completion pace and the outlook to the deadline.",
    },
    "composite_correlation": {
        "vi": "Tương quan giữa các chỉ tiêu của chỉ số tổng hợp (Pearson, Spearman) giữa các tỉnh.",
        "en": "Correlation of the composite index's metrics across the units (Pearson, Spearman).",
    },
    "online_filing_trend": {
        "vi": "Xu hướng gần đây của tỷ lệ nộp trực tuyến (kiểm định khi bình phương xu hướng, phương pháp Fingertips).",
        "en": "Recent trend of the online-filing rate (chi-square test for trend, the Fingertips method).",
    },
    "dvc766": {
        "vi": "Bộ chỉ số phục vụ người dân, doanh nghiệp theo Quyết định 766 (số liệu công bố).",
        "en": "The Decision 766 index of service to citizens and businesses (published figures).",
    },
    "dvc766_audit": {
        "vi": "Kiểm tra bộ chỉ số Quyết định 766: các thành phần cộng lại và thứ hạng.",
        "en": "Checks of the Decision 766 index: components add up, ranks agree.",
    },
    "targets": {
        "vi": "Các chỉ tiêu so với mục tiêu đã công bố.",
        "en": "Indicators against their published targets.",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "title": {"vi": "Bảng số liệu chuyển đổi số các tỉnh, thành phố", "en": "Provincial digital transformation tables"},
    "real": {
        "vi": "Số liệu từ thư mục dữ liệu đã nêu (không phải dữ liệu mẫu).",
        "en": "Figures from the data folder named here (not the sample data).",
    },
    "data_folder": {"vi": "Thư mục dữ liệu", "en": "Data folder"},
    "as_of": {"vi": "Số liệu nhiệm vụ đến ngày", "en": "Task data as of"},
    "generated": {"vi": "Tạo lúc", "en": "Generated"},
    "fingerprint": {"vi": "Phiên bản dữ liệu", "en": "Data fingerprint"},
    "reading": {"vi": "Đọc bằng máy", "en": "Reading by machine"},
    "reading_text": {
        "vi": "Dòng 1 (ẩn) của mỗi trang ghi tên cột dạng mã, giống tệp CSV; dòng 2 là tiêu đề. "
        "Trong pandas: pd.read_excel('tables.xlsx', sheet_name='ranking', skiprows=[1], dtype={'province_code': str}) cho tên cột dạng mã; "
        "header=1 cho tiêu đề tiếng Việt. Ngày là ngày thật, tỷ lệ là số phần trăm (0–100), làm tròn 2 chữ số.",
        "en": "Row 1 (hidden) of every sheet holds the machine column names, as in the CSVs; row 2 the headers. "
        "In pandas: pd.read_excel('tables.xlsx', sheet_name='ranking', skiprows=[1], dtype={'province_code': str}) gives the machine names; "
        "header=1 the English headers. Dates are real dates; rates are percentages (0–100) rounded to 2 decimals.",
    },
    "csv": {"vi": "Tệp CSV", "en": "CSV files"},
    "csv_text": {
        "vi": "UTF-8 có BOM. Mặc định: dấu phẩy phân cách cột, dấu chấm thập phân, ngày dạng yyyy-mm-dd; "
        "với --csv-locale vi: dấu chấm phẩy phân cách cột và dấu phẩy thập phân (Excel cài đặt tiếng Việt).",
        "en": "UTF-8 with a BOM. By default comma-separated with a decimal point and yyyy-mm-dd dates; "
        "with --csv-locale vi semicolon-separated with a decimal comma (for Excel set to Vietnamese).",
    },
    "sheet": {"vi": "Trang", "en": "Sheet"},
    "content": {"vi": "Nội dung", "en": "What it holds"},
    "rows": {"vi": "Số dòng", "en": "Rows"},
    "definitions": {"vi": "Định nghĩa", "en": "Definitions"},
    "sources": {"vi": "Tệp đầu vào", "en": "Input files"},
}

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_DATE_FORMAT = {"vi": "dd/mm/yyyy", "en": "yyyy-mm-dd"}


def header(column: str, lang: str) -> str:
    """Return the readable header of a table column in `lang` (the column name itself if it has none)."""
    words = HEADERS.get(column) or LABELS.get(column)
    return words[lang] if words else column


def number_format(column: str, series: pd.Series, lang: str) -> str | None:
    """Return the Excel number format of a column: dates by language, rates `0.0`, counts `#,##0`."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return _DATE_FORMAT[lang]
    if pd.api.types.is_bool_dtype(series):
        return None
    if column.endswith(("_pct", "_pct_points")) or column == "composite_index":
        return "0.0"
    if pd.api.types.is_integer_dtype(series):
        return "#,##0"
    if pd.api.types.is_float_dtype(series):
        return "#,##0.00"
    return None


def _cell(value: object) -> object:
    """Return a frame value as openpyxl stores it: missing as empty, dates as dates, NumPy scalars as Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if column.endswith(("_pct", "_pct_points")) or column == "composite_index":
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Float64").round(2)
    return out


def _width(frame: pd.DataFrame, column: str, title: str) -> float:
    sample = frame[column].dropna().head(200).astype(str)
    longest = max([len(title) * 0.9] + [len(v) for v in sample] or [8])
    return float(min(max(longest + 2, 9), 60))


def _table_sheet(book: Workbook, name: str, frame: pd.DataFrame, lang: str) -> None:
    sheet = book.create_sheet(name[:31])
    frame = _rounded(frame)
    columns = list(frame.columns)
    sheet.append(columns)
    sheet.append([header(c, lang) for c in columns])
    sheet.row_dimensions[1].hidden = True
    formats = [number_format(c, frame[c], lang) for c in columns]
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_cell(v) for v in row])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        title = sheet.cell(row=2, column=index)
        title.font, title.fill = _BOLD, _HEADER_FILL
        title.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = _width(frame, column, title.value)
        if formats[index - 1]:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = formats[index - 1]
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if cell.data_type == "f":  # text from the data that starts with '=' stays text, never a formula
                cell.data_type = "s"
    sheet.freeze_panes = "B3" if columns[:2] == ["province_code", "province_name"] else "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(frame) + 2}"


def _readme_sheet(book: Workbook, tables: dict[str, pd.DataFrame], lang: str, about: dict) -> None:
    from dtanalysis.briefings.context import definitions

    sheet = book.active
    sheet.title = "README"

    def w(key: str) -> str:
        return WORDS[key][lang]

    sheet.append([w("title")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([LABELS["sample_banner"][lang] if about.get("is_sample") else w("real")])
    sheet["A2"].font = Font(bold=True, color="B00020" if about.get("is_sample") else "000000")
    sheet.append([])
    facts = [
        (w("data_folder"), about.get("data_dir")),
        (w("as_of"), fmt_date(about["as_of"], lang) if about.get("as_of") else "–"),
        (w("generated"), about.get("generated")),
        (w("fingerprint"), about.get("fingerprint")),
        (w("reading"), w("reading_text")),
        (w("csv"), w("csv_text")),
    ]
    for key, value in facts:
        sheet.append([key, None if value is None else str(value)])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    sheet.append([])
    sheet.append([w("sheet"), w("content"), w("rows")])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for name, frame in tables.items():
        sheet.append([name[:31], TABLES.get(name, {}).get(lang, ""), len(frame)])
        sheet.cell(row=sheet.max_row, column=3).number_format = "#,##0"
    sheet.append([])
    sheet.append([w("definitions")])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
    for term, text in definitions(lang).itertuples(index=False, name=None):
        sheet.append([term, text])
    if about.get("files"):
        sheet.append([])
        sheet.append([w("sources")])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append([LABELS["dataset"][lang], LABELS["file"][lang], LABELS["row_count"][lang], "SHA-256"])
        for cell in sheet[sheet.max_row]:
            cell.font, cell.fill = _BOLD, _HEADER_FILL
        for f in about["files"]:
            sheet.append([f.dataset, f.path, f.rows, f.sha256[:12]])
            sheet.cell(row=sheet.max_row, column=3).number_format = "#,##0"
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
            if cell.column == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100
    sheet.column_dimensions["C"].width = 10


def write_workbook(tables: dict[str, pd.DataFrame], path: Path, *, lang: str = "vi", about: dict | None = None) -> None:
    """Write `tables` as `path` (an .xlsx): a README sheet, then one styled sheet per table.

    `about` says where the figures come from: is_sample, data_dir, as_of, fingerprint, files (loader's
    InputFile list), generated.
    """
    check_lang(lang)
    about = {"generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), **(about or {})}
    book = Workbook()
    _readme_sheet(book, tables, lang, about)
    for name, frame in tables.items():
        _table_sheet(book, name, frame, lang)
    book.save(path)


def about_bundle(bundle) -> dict:
    """Return the `about` facts of `write_workbook` for a loaded bundle."""
    return {
        "is_sample": bundle.is_sample,
        "data_dir": str(bundle.data_dir),
        "as_of": bundle.as_of,
        "fingerprint": bundle.fingerprint,
        "files": list(bundle.files),
    }
