"""Write the office-files set: one small filings register saved the ways provincial offices save it.

Run `python tests/office_files/make_office_files.py` (LibreOffice's `soffice` must be on PATH for the
.xls, .ods and LibreOffice-saved .xlsx copies). Each variant is a data folder `<variant>/` holding one
filings file; `tests/test_office_files.py` checks every one loads to the same numbers. The files are
committed (LibreOffice's output is not byte-for-byte repeatable), so the tests do not need LibreOffice.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
HEADER = ["STT", "Tỉnh, thành phố", "Kỳ báo cáo", "Tổng số hồ sơ tiếp nhận", "Số hồ sơ nộp trực tuyến"]
# (province as offices write it, period, total, online): the numbers every variant must load to
REGISTER = [
    ("Tỉnh Nghệ An", "Tháng 8/2025", 52140, 41012),
    ("Tỉnh Nghệ An", "Tháng 9/2025", 55873, 45120),
    ("Hưng Yên", "Tháng 8/2025", 309654, 264380),
    ("Hưng Yên", "Tháng 9/2025", 301220, 259874),
    ("Quảng Ninh", "Tháng 9/2025", 190, 188),
]
TITLE = ["ỦY BAN NHÂN DÂN TỈNH", "BÁO CÁO KẾT QUẢ TIẾP NHẬN HỒ SƠ TRỰC TUYẾN (Biểu số 02)"]
SIGNATURE = [
    [None, "Người lập biểu", None, "Nghệ An, ngày 05 tháng 11 năm 2025"],
    [None, None, None, "GIÁM ĐỐC"],
    [None, "Nguyễn Văn An", None, "Trần Thị Bình"],
]


def _rows() -> list[list[object]]:
    return [[i, p, period, total, online] for i, (p, period, total, online) in enumerate(REGISTER, start=1)]


def _cp1258(text: str) -> bytes:
    """Encode as Windows does: precomposed base letters, the five tone marks as combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


def _text(delimiter: str = ",") -> str:
    """The register as Excel writes CSV: CRLF line ends, cells holding the delimiter in double quotes."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER, *_rows()])
    return buffer.getvalue()


def plain_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Biểu 02"
    for row in [HEADER, *_rows()]:
        sheet.append(row)
    return book


def merged_down_workbook() -> openpyxl.Workbook:
    """The register with each province written once, in a cell merged down over its months."""
    book = plain_workbook()
    sheet = book.active
    sheet.merge_cells("B2:B3")  # Tỉnh Nghệ An, August and September
    sheet.merge_cells("B4:B5")  # Hưng Yên
    return book


def biểu_workbook() -> openpyxl.Workbook:
    """Title rows with merged cells, a two-row header (a merged group over sub-columns), a numbering row,
    a totals row and a signature block: the "Biểu" layout."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Biểu 02"
    sheet.append([TITLE[0]])
    sheet.append([TITLE[1]])
    sheet.append([])
    sheet.append(["STT", "Tỉnh, thành phố", "Kỳ báo cáo", "Số hồ sơ", None])
    sheet.append([None, None, None, "Tổng số", "Trực tuyến"])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for row in _rows():
        sheet.append(row)
    sheet.append([None, "Tổng cộng", None, sum(r[2] for r in REGISTER), sum(r[3] for r in REGISTER)])
    sheet.append([])
    for row in SIGNATURE:
        sheet.append(row)
    for cells in ("A1:E1", "A2:E2", "D4:E4", "A4:A5", "B4:B5", "C4:C5"):
        sheet.merge_cells(cells)
    sheet["A2"].font = Font(bold=True)
    sheet["D4"].alignment = Alignment(horizontal="center")
    return book


def hidden_workbook() -> openpyxl.Workbook:
    """The register with a hidden draft row, a hidden column of working notes and a hidden old sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append([*HEADER, "Ghi chú nội bộ"])
    rows = _rows()
    for row in rows[:2]:
        sheet.append([*row, "đã kiểm tra"])
    sheet.append([99, "Hưng Yên", "Tháng 8/2025", 999999, 999999, "BẢN NHÁP - không dùng"])
    sheet.row_dimensions[4].hidden = True
    for row in rows[2:]:
        sheet.append([*row, None])
    sheet.column_dimensions["F"].hidden = True
    old = book.create_sheet("Bản cũ")
    old.append(HEADER)
    old.append([1, "Hưng Yên", "Tháng 8/2025", 1, 1])
    old.sheet_state = "hidden"
    return book


def two_sheet_workbook() -> openpyxl.Workbook:
    """One sheet per month, and an instructions sheet that is not data."""
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    guide.append(["Mỗi tỉnh một dòng; số liệu theo tháng"])
    for month in ("Tháng 8/2025", "Tháng 9/2025"):
        sheet = book.create_sheet(month.replace("/", "-"))
        sheet.append(HEADER)
        for row in _rows():
            if row[2] == month:
                sheet.append(row)
    return book


def _wide_rows() -> list[list[object]]:
    """The register one row per province, a (Tổng số, Trực tuyến) column pair per month; blank where no figure."""
    months = ["Tháng 8/2025", "Tháng 9/2025"]
    provinces = list(dict.fromkeys(p for p, *_ in REGISTER))
    figures = {(p, m): (t, o) for p, m, t, o in REGISTER}
    rows = [["STT", "Tỉnh, thành phố", months[0], None, "T9/2025", None], [None, None, *["Tổng số", "Trực tuyến"] * 2]]
    for i, province in enumerate(provinces, start=1):
        cells: list[object] = [i, province]
        for month in months:
            cells += list(figures.get((province, month), (None, None)))
        rows.append(cells)
    return rows


def wide_workbook() -> openpyxl.Workbook:
    """One row per province, a month cell merged over its 'Tổng số' and 'Trực tuyến' columns."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Theo tháng"
    for row in _wide_rows():
        sheet.append(row)
    for cells in ("C1:D1", "E1:F1", "A1:A2", "B1:B2"):
        sheet.merge_cells(cells)
    return book


def _soffice(source: Path, target_dir: Path, filter_name: str, infilter: str | None = None) -> Path:
    """Convert `source` with LibreOffice into target_dir (read with `infilter` when given); return the file written."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                *([f"--infilter={infilter}"] if infilter else []),
                "--convert-to",
                filter_name,
                "--outdir",
                str(target_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return target_dir / (source.stem + "." + filter_name.split(":")[0])


def _read_as(text: str, codec: str) -> str:
    """Return UTF-8 `text` as a program shows it after opening it in `codec`, undefined bytes as U+0080–U+009F."""
    return "".join(
        chr(b) if 0x80 <= b <= 0x9F and bytes([b]).decode(codec, "replace") == "\ufffd" else bytes([b]).decode(codec)
        for b in text.encode("utf-8")
    )


def build_garbled(root: Path = HERE) -> list[Path]:
    """Write the variants whose UTF-8 text was opened in another code page and saved again (mojibake)."""

    def folder(name: str) -> Path:
        path = root / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    written = [folder("csv_utf8_read_as_cp1252") / "filings.csv"]
    written[0].write_bytes(_read_as(_text(), "cp1252").encode("utf-8"))
    if not shutil.which("soffice"):
        print("soffice not found: the LibreOffice mojibake variants were left as they are", file=sys.stderr)
        return written
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "filings.csv"
        source.write_bytes(_text().encode("utf-8"))
        # LibreOffice's CSV import options: separator 44 (','), text delimiter 34 ('"'), character set (1 is
        # Windows-1252, 40 Windows-1258), first line 1; the CSV export writes UTF-8 (76)
        for variant, filter_name, charset in (
            ("libreoffice_csv_read_as_cp1252_ods", "ods", 1),
            ("libreoffice_csv_read_as_cp1258_csv", "csv:Text - txt - csv (StarCalc):44,34,76,1", 40),
        ):
            out_dir = Path(tmp) / variant
            out_dir.mkdir()
            made = _soffice(source, out_dir, filter_name, f"CSV:44,34,{charset},1")
            written.append(folder(variant) / made.name)
            shutil.copyfile(made, written[-1])
    return written


PERCENT = Path("_percent_cells")  # indicators whose shares are percent-formatted cells: not a filings variant
SHARES = [  # (province, value stored in the cell, its number format, the share it shows)
    ("Hưng Yên", 0.8538, "0.00%", 85.38),  # Excel's built-in percent format: the cell holds the fraction
    ("Quảng Ninh", 0.90125, "#,##0.000%", 90.125),  # a custom one
    ("Nghệ An", 78.5, '0.0" %"', 78.5),  # a literal ' %' after the number: the cell holds the percent itself
    ("Hà Tĩnh", 66.4, "General", 66.4),
]


def percent_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chỉ tiêu"
    sheet.append(["Tỉnh", "Chỉ tiêu", "Kỳ", "Giá trị", "Đơn vị tính"])
    for row, (province, value, number_format, _) in enumerate(SHARES, start=2):
        sheet.append([province, "online_filing_rate", "2025-08", value, "pct"])
        sheet.cell(row, 4).number_format = number_format
    return book


def build_percent(root: Path = HERE) -> list[Path]:
    """Write `_percent_cells/<variant>/indicators.*`: the percent workbook from openpyxl and as LibreOffice saves it."""
    base = root / PERCENT
    shutil.rmtree(base, ignore_errors=True)
    (base / "openpyxl_xlsx").mkdir(parents=True)
    source = base / "openpyxl_xlsx" / "indicators.xlsx"
    percent_workbook().save(source)
    if shutil.which("soffice"):
        for variant, filter_name in (("libreoffice_xls", "xls"), ("libreoffice_ods", "ods")):
            (base / variant).mkdir()
            _soffice(source, base / variant, filter_name)
        with tempfile.TemporaryDirectory() as tmp:  # an .xlsx LibreOffice wrote (from its own .ods)
            ods = _soffice(base / "libreoffice_ods" / "indicators.ods", Path(tmp), "ods")
            (base / "libreoffice_xlsx").mkdir()
            _soffice(ods, base / "libreoffice_xlsx", "xlsx:Calc MS Excel 2007 XML")
    else:
        print("soffice not found: the LibreOffice percent variants were left as they are", file=sys.stderr)
    return sorted(base.glob("*/indicators.*"))


US_DATES = Path("_us_english_import")  # difficulties whose dd/mm/yyyy dates LibreOffice read as mm/dd/yyyy
STATEMENTS = [  # (province, statement, reported on as written, dd/mm/yyyy)
    ("Sơn La", "Hạ tầng mạng ở vùng sâu còn yếu", "02/11/2025"),
    ("Nghệ An", "Thiếu nhân lực công nghệ thông tin", "13/11/2025"),
    ("Hưng Yên", "Chưa có hướng dẫn về chi phí số hóa", "05/10/2025"),
    ("Quảng Ninh", "Dữ liệu còn phân tán", "22/10/2025"),
    ("Hà Tĩnh", "Kinh phí chưa được bố trí", "07/09/2025"),
    ("Lai Châu", "Người dân chưa quen nộp trực tuyến", "25/09/2025"),
]


def _converted(root: Path, folder: Path, variant: str, name: str, content: bytes, filter_name: str, infilter: str):
    """Write `root/folder/variant/`: `content`, saved as `name`, converted by LibreOffice (read with `infilter`);
    without soffice the committed file stays. Return the files of `folder`."""
    base = root / folder
    if shutil.which("soffice"):
        shutil.rmtree(base / variant, ignore_errors=True)
        (base / variant).mkdir(parents=True)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / name
            source.write_bytes(content)
            _soffice(source, base / variant, filter_name, infilter)
    else:
        print(f"soffice not found: {folder}/{variant} was left as it is", file=sys.stderr)
    return sorted(base.glob(f"*/{Path(name).stem}.*"))


def build_us_dates(root: Path = HERE) -> list[Path]:
    """Write `_us_english_import/libreoffice_xlsx/difficulties.xlsx`: the CSV imported by LibreOffice with the
    language English (USA) — dates with a day ≤ 12 become (swapped) date cells, the others stay text."""
    lines = ["Tỉnh,Nội dung khó khăn,Ngày báo cáo"] + [",".join(row) for row in STATEMENTS]
    text = ("\n".join(lines) + "\n").encode("utf-8")
    xlsx = "xlsx:Calc MS Excel 2007 XML"
    return _converted(root, US_DATES, "libreoffice_xlsx", "difficulties.csv", text, xlsx, "CSV:44,34,76,1,,1033")


LOSSY = Path("_lossy_code_page")  # the register saved as Windows-1252 CSV: 'Quảng Ninh' → 'Qu?ng Ninh'


def build_lossy(root: Path = HERE) -> list[Path]:
    """Write `_lossy_code_page/libreoffice_cp1252_csv/filings.csv`: the UTF-8 register saved by LibreOffice as
    CSV in Windows-1252, which writes '?' for the Vietnamese letters it lacks."""
    cp1252 = "csv:Text - txt - csv (StarCalc):44,34,1,1"
    text = _text().encode("utf-8")
    return _converted(root, LOSSY, "libreoffice_cp1252_csv", "filings.csv", text, cp1252, "CSV:44,34,76,1")


FORMULA_ERRORS = Path("_formula_errors")  # counts computed by formulas that failed: '#DIV/0!' in row 3, '#NAME?' in 5


def formula_error_workbook() -> openpyxl.Workbook:
    book = plain_workbook()
    book.active["D3"] = "=1/0"
    book.active["D5"] = "=NOSUCHFUNCTION(1)"
    return book


def build_formula_errors(root: Path = HERE) -> list[Path]:
    """Write `_formula_errors/<variant>/filings.*`: the register with two failed formulas, calculated and saved by
    LibreOffice as .ods, .xls and .xlsx (openpyxl writes formulas without values)."""
    base = root / FORMULA_ERRORS
    if not shutil.which("soffice"):
        print("soffice not found: the formula-error variants were left as they are", file=sys.stderr)
        return sorted(base.glob("*/filings.*"))
    shutil.rmtree(base, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "filings.xlsx"
        formula_error_workbook().save(source)
        for variant, filter_name in (
            ("libreoffice_ods", "ods"),
            ("libreoffice_xls", "xls"),
            ("libreoffice_xlsx", "xlsx:Calc MS Excel 2007 XML"),
        ):
            (base / variant).mkdir(parents=True)
            _soffice(source, base / variant, filter_name)
    return sorted(base.glob("*/filings.*"))


def build(root: Path = HERE) -> list[Path]:
    """Write every variant under `root/<variant>/filings.*`; return the files written."""
    written = []

    def folder(name: str) -> Path:
        path = root / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    plain = folder("openpyxl_xlsx") / "filings.xlsx"
    plain_workbook().save(plain)
    biểu_workbook().save(folder("bieu_two_row_header_totals_signature") / "filings.xlsx")
    hidden_workbook().save(folder("hidden_rows_columns_sheets") / "filings.xlsx")
    two_sheet_workbook().save(folder("two_sheets") / "filings.xlsx")
    wide_workbook().save(folder("wide_months_xlsx") / "filings.xlsx")
    merged_down_workbook().save(folder("merged_down_xlsx") / "filings.xlsx")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([["" if c is None else c for c in row] for row in _wide_rows()])
    (folder("wide_months_csv") / "filings.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    (folder("csv_utf8") / "filings.csv").write_bytes(_text().encode("utf-8"))
    (folder("csv_utf8_bom") / "filings.csv").write_bytes(codecs.BOM_UTF8 + _text().encode("utf-8"))
    (folder("csv_cp1258") / "filings.csv").write_bytes(_cp1258(_text()))
    (folder("csv_semicolon") / "filings.csv").write_bytes(_text(";").encode("utf-8"))
    (folder("unicode_text_utf16") / "filings.txt").write_bytes(codecs.BOM_UTF16_LE + _text("\t").encode("utf-16-le"))
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            biểu = Path(tmp) / "filings.xlsx"
            biểu_workbook().save(biểu)
            hidden = Path(tmp) / "hidden" / "filings.xlsx"
            hidden.parent.mkdir()
            hidden_workbook().save(hidden)
            wide = Path(tmp) / "wide" / "filings.xlsx"
            wide.parent.mkdir()
            wide_workbook().save(wide)
            merged = Path(tmp) / "merged" / "filings.xlsx"
            merged.parent.mkdir()
            merged_down_workbook().save(merged)
            for variant, source, filter_name in (
                ("libreoffice_xls", plain, "xls"),
                ("libreoffice_ods", plain, "ods"),
                ("libreoffice_xlsx", plain, "xlsx:Calc MS Excel 2007 XML"),
                ("libreoffice_bieu_xls", biểu, "xls"),
                ("libreoffice_bieu_ods", biểu, "ods"),
                ("libreoffice_hidden_ods", hidden, "ods"),
                ("libreoffice_hidden_xls", hidden, "xls"),
                ("libreoffice_wide_ods", wide, "ods"),
                ("libreoffice_merged_down_ods", merged, "ods"),
                ("libreoffice_merged_down_xls", merged, "xls"),
            ):
                out_dir = Path(tmp) / variant
                out_dir.mkdir()
                made = _soffice(source, out_dir, filter_name)
                target = folder(variant) / made.name
                shutil.copyfile(made, target)
    else:
        print("soffice not found: the LibreOffice variants were left as they are", file=sys.stderr)
    build_garbled(root)
    for path in sorted(root.glob("*/filings.*")):
        written.append(path)
    return written + build_percent(root) + build_us_dates(root) + build_lossy(root) + build_formula_errors(root)


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
