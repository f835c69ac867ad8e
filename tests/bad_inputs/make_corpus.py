"""Write the binary cases of the bad-input corpus (xlsx, parquet, CP1258 and undecodable CSV), deterministically.

Text cases are plain files next to this script; run `python tests/bad_inputs/make_corpus.py` to regenerate
the binary ones in place (or `make_corpus.build(folder)` to write them elsewhere). The same library
versions give the same bytes: workbook timestamps and zip entry dates are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2025, 11, 15, 8, 0, 0)
TASK_HEADER = [
    "Mã nhiệm vụ",
    "Tỉnh/thành phố",
    "Tên nhiệm vụ",
    "Trạng thái",
    "Thời hạn",
    "Ngày hoàn thành",
    "Ngày báo cáo",
]
CP1258_UNDEFINED = bytes([0x81, 0x8A, 0x8D, 0x8E, 0x8F, 0x90, 0x9A, 0x9D, 0x9E])
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the five marks CP1258 writes as combining bytes


# ---------------------------------------------------------------- helpers


def cp1258(text: str) -> bytes:
    """Encode Vietnamese text as Windows-1258 does: precomposed base letters, tone marks as combining bytes."""
    out, cluster = [], ""

    def flush() -> None:
        if cluster:
            base = "".join(c for c in cluster if c not in _TONE_MARKS)
            out.append(unicodedata.normalize("NFC", base) + "".join(c for c in cluster if c in _TONE_MARKS))

    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            cluster += ch
        else:
            flush()
            cluster = ch
    flush()
    encoded = "".join(out).encode("cp1258")
    assert unicodedata.normalize("NFC", encoded.decode("cp1258")) == unicodedata.normalize("NFC", text)
    return encoded


def csv_lines(rows: list[list[str]]) -> str:
    return "".join(",".join(row) + "\r\n" for row in rows)


def save_workbook(workbook: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed document and zip timestamps so the bytes do not depend on the clock."""
    workbook.properties.created = FIXED_TIME  # openpyxl stamps 'modified' with the clock: fixed below
    buffer = io.BytesIO()
    workbook.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED_TIME.isoformat().encode() + b"Z", data
                )
            target.writestr(fixed, data)


def sheet(workbook: openpyxl.Workbook, title: str, rows: list[list[object]]) -> None:
    ws = workbook.create_sheet(title)
    for row in rows:
        ws.append(row)


def workbook_of(sheets: dict[str, list[list[object]]]) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet(workbook, title, rows)
    return workbook


# ---------------------------------------------------------------- the cases


def wrong_sheet(folder: Path) -> None:
    """tasks.xlsx whose only sheet is a staff contact list."""
    save_workbook(
        workbook_of(
            {
                "Danh bạ": [
                    ["STT", "Họ và tên", "Chức vụ", "Số điện thoại"],
                    [1, "Nguyễn Văn An", "Giám đốc Sở", "0912345678"],
                    [2, "Trần Thị Bình", "Phó Giám đốc", "0987654321"],
                ]
            }
        ),
        folder / "tasks.xlsx",
    )


def several_sheets_none_match(folder: Path) -> None:
    """tasks.xlsx with three sheets (instructions, a pivot summary, chart data), none holding the task table."""
    save_workbook(
        workbook_of(
            {
                "Hướng dẫn": [["Hướng dẫn nhập liệu"], ["Điền mỗi nhiệm vụ một dòng ở sheet Dữ liệu"]],
                "Tổng hợp": [["Nhóm", "Số lượng", "Tỷ lệ"], ["Hạ tầng số", 12, 0.4], ["Dữ liệu số", 18, 0.6]],
                "Biểu đồ": [["Tháng", "Giá trị"], ["T8", 10], ["T9", 14]],
            }
        ),
        folder / "tasks.xlsx",
    )


def xlsx_title_rows(folder: Path) -> None:
    """tasks.xlsx: merged title on rows 1-2, blank row 3, header on row 4, an impossible date on row 7."""
    workbook = workbook_of(
        {
            "Nhiệm vụ": [
                ["ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"],
                ["BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW (đến ngày 15/11/2025)"],
                [],
                TASK_HEADER,
                [
                    "NQ57-01",
                    "Ninh Bình",
                    "Xây dựng trung tâm dữ liệu tỉnh",
                    "Đã hoàn thành",
                    dt.datetime(2025, 6, 30),
                    dt.datetime(2025, 6, 20),
                    dt.datetime(2025, 11, 15),
                ],
                [
                    "NQ57-02",
                    "Ninh Bình",
                    "Số hóa hồ sơ thủ tục hành chính",
                    "Đang thực hiện",
                    dt.datetime(2025, 12, 31),
                    None,
                    dt.datetime(2025, 11, 15),
                ],
                [
                    "NQ57-03",
                    "Ninh Bình",
                    "Triển khai bệnh án điện tử",
                    "Đang thực hiện",
                    "31/02/2025",
                    None,
                    dt.datetime(2025, 11, 15),
                ],
                [
                    "NQ57-04",
                    "Ninh Bình",
                    "Phổ cập kỹ năng số cho người dân",
                    "Chưa thực hiện",
                    dt.datetime(2025, 12, 31),
                    None,
                    dt.datetime(2025, 11, 15),
                ],
            ]
        }
    )
    ws = workbook["Nhiệm vụ"]
    ws.merge_cells("A1:G1")
    ws.merge_cells("A2:G2")
    save_workbook(workbook, folder / "tasks.xlsx")


def xlsx_second_sheet(folder: Path) -> None:
    """tasks.xlsx: an instructions sheet, then the task sheet with an unknown status on row 3."""
    save_workbook(
        workbook_of(
            {
                "Hướng dẫn": [["Mỗi nhiệm vụ một dòng; Trạng thái: Đã hoàn thành / Đang thực hiện / Chưa thực hiện"]],
                "Nhiệm vụ": [
                    TASK_HEADER,
                    [
                        "KH02-01",
                        "Hải Phòng",
                        "Kết nối cơ sở dữ liệu dân cư",
                        "Đang thực hiện",
                        dt.datetime(2025, 12, 31),
                        None,
                        dt.datetime(2025, 11, 15),
                    ],
                    [
                        "KH02-02",
                        "Hải Phòng",
                        "Chuyển đổi số hồ sơ đất đai",
                        "Đang làm",
                        dt.datetime(2025, 12, 31),
                        None,
                        dt.datetime(2025, 11, 15),
                    ],
                ],
            }
        ),
        folder / "tasks.xlsx",
    )


def corrupt_xlsx(folder: Path) -> None:
    """filings.xlsx that is random bytes (a failed e-mail attachment)."""
    (folder / "filings.xlsx").write_bytes(random.Random(57).randbytes(2048))


def corrupt_parquet(folder: Path) -> None:
    """indicators.parquet cut in half (an interrupted copy)."""
    buffer = io.BytesIO()
    pd.DataFrame(
        {
            "province": ["Hưng Yên", "Quảng Ninh"],
            "indicator": ["online_filing_rate"] * 2,
            "period": ["2025-08"] * 2,
            "value": [85.38, 98.8],
        }
    ).to_parquet(buffer, index=False)
    data = buffer.getvalue()
    (folder / "indicators.parquet").write_bytes(data[: len(data) // 2])


def parquet_negative_count(folder: Path) -> None:
    """filings.parquet (rows numbered from 1) with a negative online count on row 2."""
    pd.DataFrame(
        {
            "province": ["Hưng Yên", "Thái Nguyên", "Bắc Ninh"],
            "period": ["2025-08", "2025-08", "2025-08"],
            "dossiers_total": [309654, 41230, 61230],
            "dossiers_online": [264380, -3512, 50877],
        }
    ).to_parquet(folder / "filings.parquet", index=False)


def parquet_missing_column(folder: Path) -> None:
    """tasks.parquet exported without the title column."""
    pd.DataFrame(
        {
            "task_id": ["NQ57-01", "NQ57-02"],
            "province": ["Lai Châu", "Lai Châu"],
            "status": ["done", "in_progress"],
            "as_of": pd.to_datetime(["2025-11-15", "2025-11-15"]),
        }
    ).to_parquet(folder / "tasks.parquet", index=False)


def undecodable_bytes(folder: Path) -> None:
    """difficulties.csv in UTF-8 with a stray 0x81 byte on line 3 (undefined in CP1258 too)."""
    text = csv_lines(
        [
            ["Tỉnh", "Nội dung khó khăn", "Ngày"],
            ["Sơn La", "Hạ tầng mạng tại các xã vùng cao còn yếu", "10/11/2025"],
            ["Sơn La", "Thiếu kinh phí duy trì phần mềm@", "10/11/2025"],
            ["Sơn La", "Thiếu nhân lực chuyên trách", "10/11/2025"],
        ]
    )
    data = text.encode("utf-8").replace(b"@", b"\x81")
    _assert_undecodable(data)
    (folder / "difficulties.csv").write_bytes(data)


def cp1258_undefined_byte(folder: Path) -> None:
    """tasks.csv saved as Windows-1258 (valid from line 1) with an undefined 0x8D byte on line 4."""
    rows = [
        TASK_HEADER,
        [
            "NQ57-01",
            "Bắc Ninh",
            "Xây dựng trung tâm dữ liệu",
            "Đã hoàn thành",
            "30/06/2025",
            "20/06/2025",
            "15/11/2025",
        ],
        ["NQ57-02", "Bắc Ninh", "Số hóa hồ sơ", "Đang thực hiện", "31/12/2025", "", "15/11/2025"],
        ["NQ57-03", "Bắc Ninh", "Triển khai bệnh án điện tử@", "Đang thực hiện", "31/12/2025", "", "15/11/2025"],
    ]
    data = cp1258(csv_lines(rows)).replace(b"@", b"\x8d")
    _assert_undecodable(data)
    (folder / "tasks.csv").write_bytes(data)


def cp1258_unknown_status(folder: Path) -> None:
    """tasks.csv saved as Windows-1258 (decodes fine) with an unknown status on line 3."""
    rows = [
        TASK_HEADER,
        [
            "NQ57-01",
            "Thái Nguyên",
            "Xây dựng trung tâm dữ liệu",
            "Đã hoàn thành",
            "30/06/2025",
            "20/06/2025",
            "15/11/2025",
        ],
        ["NQ57-02", "Thái Nguyên", "Số hóa hồ sơ đất đai", "Tạm dừng", "31/12/2025", "", "15/11/2025"],
    ]
    (folder / "tasks.csv").write_bytes(cp1258(csv_lines(rows)))


def _assert_undecodable(data: bytes) -> None:
    for encoding in ("utf-8", "cp1258"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        raise AssertionError(f"the bytes decode as {encoding}")


# ---------------------------------------------------------------- files whose name lies, and hostile files

FILINGS_HEADER = ["Tỉnh", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến"]
TASK_ROWS = [
    ["NV-01", "Nghệ An", "Kho dữ liệu dùng chung", "Đã hoàn thành", "31/12/2025", "15/10/2025", "13/11/2025"],
    ["NV-02", "Nghệ An", "Số hóa hồ sơ đất đai", "Đang xem xét", "31/12/2025", "", "13/11/2025"],
]


def _zip_rewrite(path: Path, replace: dict[str, bytes]) -> None:
    """Rewrite the zip at `path` with some parts replaced, keeping fixed timestamps."""
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, replace.get(name, data))


def parquet_named_csv(folder: Path) -> None:
    """filings.csv that is really a Parquet file (a system export renamed), with a negative count on row 2."""
    pd.DataFrame(
        {
            "province": ["Hưng Yên", "Nghệ An"],
            "period": ["2025-08", "2025-08"],
            "dossiers_total": [309654, 52140],
            "dossiers_online": [264380, -41012],
        }
    ).to_parquet(folder / "filings.csv", index=False)


def xlsx_named_csv(folder: Path) -> None:
    """tasks.csv that is really an .xlsx workbook, with an unknown status on row 3."""
    save_workbook(workbook_of({"Nhiệm vụ": [TASK_HEADER, *TASK_ROWS]}), folder / "tasks.csv")


def utf16_unicode_text(folder: Path) -> None:
    """tasks.txt as Excel's 'Unicode Text' export: UTF-16 LE with BOM, tab-separated; unknown status on row 3."""
    text = "".join("\t".join(row) + "\r\n" for row in [TASK_HEADER, *TASK_ROWS])
    (folder / "tasks.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))


def _task_sheet(due: object) -> openpyxl.Workbook:
    rows = [list(r) for r in TASK_ROWS]
    rows[1][3] = "Đang thực hiện"
    rows[1][4] = due
    return workbook_of({"Nhiệm vụ": [TASK_HEADER, *rows]})


def xlsx_serial_one_date(folder: Path) -> None:
    """tasks.xlsx whose due date on row 3 is Excel's day 1 (the cell holds 1, formatted as a date: 1900-01-01)."""
    workbook = _task_sheet(dt.datetime(1900, 1, 1))
    workbook["Nhiệm vụ"]["E3"].number_format = "dd/mm/yyyy"
    save_workbook(workbook, folder / "tasks.xlsx")


def xlsx_malformed_xml(folder: Path) -> None:
    """filings.xlsx whose sheet XML is cut off mid-tag (a damaged save)."""
    path = folder / "filings.xlsx"
    save_workbook(workbook_of({"Sheet1": [FILINGS_HEADER, ["Nghệ An", "2025-08", 52140, 41012]]}), path)
    with zipfile.ZipFile(path) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    _zip_rewrite(path, {"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2]})


def xlsx_far_away_cell(folder: Path) -> None:
    """tasks.xlsx with one stray cell at XFD1048576, the last cell of a sheet."""
    workbook = workbook_of({"Nhiệm vụ": [TASK_HEADER, *TASK_ROWS]})
    workbook["Nhiệm vụ"]["XFD1048576"] = "x"
    save_workbook(workbook, folder / "tasks.xlsx")


def xlsx_huge_dimension(folder: Path) -> None:
    """tasks.xlsx declaring its used range as the whole sheet (A1:XFD1048576); an unknown status on row 3."""
    path = folder / "tasks.xlsx"
    save_workbook(workbook_of({"Nhiệm vụ": [TASK_HEADER, *TASK_ROWS]}), path)
    with zipfile.ZipFile(path) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    _zip_rewrite(path, {"xl/worksheets/sheet1.xml": sheet})


def xlsx_zip_bomb(folder: Path) -> None:
    """filings.xlsx whose sheet unpacks to 60 MB of spaces from a few kilobytes."""
    path = folder / "filings.xlsx"
    save_workbook(workbook_of({"Sheet1": [FILINGS_HEADER, ["Nghệ An", "2025-08", 52140, 41012]]}), path)
    with zipfile.ZipFile(path) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    _zip_rewrite(path, {"xl/worksheets/sheet1.xml": sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * 60_000_000)})


def zip_not_workbook(folder: Path) -> None:
    """tasks.xlsx that is a zip of other files (a folder zipped and renamed)."""
    with zipfile.ZipFile(folder / "tasks.xlsx", "w") as archive:
        info = zipfile.ZipInfo("bao_cao/readme.txt", date_time=FIXED_TIME.timetuple()[:6])
        archive.writestr(info, "Báo cáo tháng 8")


def csv_too_many_columns(folder: Path) -> None:
    """tasks.csv whose header row runs on for 20,000 columns (a sheet exported with every column)."""
    header = TASK_HEADER + [f"Cột {i}" for i in range(20_000)]
    (folder / "tasks.csv").write_bytes(csv_lines([header, TASK_ROWS[0]]).encode("utf-8"))


def csv_field_over_limit(folder: Path) -> None:
    """difficulties.csv whose statement on row 3 is 1,050,000 characters long (a pasted document)."""
    rows = [
        ["Tỉnh", "Nội dung khó khăn", "Ngày"],
        ["Sơn La", "Hạ tầng mạng còn yếu", "10/11/2025"],
        ["Sơn La", "Thiếu kinh phí " * 70_000, "10/11/2025"],
    ]
    (folder / "difficulties.csv").write_bytes(csv_lines(rows).encode("utf-8"))


def csv_long_field_reads(folder: Path) -> None:
    """difficulties.csv with a 300,000-character statement (beyond Python's csv limit, within dtanalysis') and
    an unknown province on row 4: the long field is read, the province is reported."""
    rows = [
        ["Tỉnh", "Nội dung khó khăn", "Ngày"],
        ["Sơn La", "Hạ tầng mạng còn yếu", "10/11/2025"],
        ["Sơn La", '"' + "Thiếu kinh phí, nhân lực " * 12_000 + '"', "10/11/2025"],
        ["Hà Tây", "Thiếu nhân lực", "10/11/2025"],
    ]
    (folder / "difficulties.csv").write_bytes(csv_lines(rows).encode("utf-8"))


def parquet_count_overflow(folder: Path) -> None:
    """filings.parquet with the largest unsigned 64-bit integer as a count on row 2."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "province": ["Nghệ An", "Hưng Yên"],
            "period": ["2025-08", "2025-08"],
            "dossiers_total": pa.array([52140, 2**64 - 1], pa.uint64()),
            "dossiers_online": pa.array([41012, 264380], pa.uint64()),
        }
    )
    pq.write_table(table, folder / "filings.parquet")


def parquet_count_infinite(folder: Path) -> None:
    """filings.parquet with counts stored as floats and an infinite one on row 1."""
    pd.DataFrame(
        {
            "province": ["Nghệ An", "Hưng Yên"],
            "period": ["2025-08", "2025-08"],
            "dossiers_total": [float("inf"), 309654.0],
            "dossiers_online": [41012.0, 264380.0],
        }
    ).to_parquet(folder / "filings.parquet", index=False)


def parquet_date_out_of_range(folder: Path) -> None:
    """tasks.parquet whose due date on row 2 is in the year 1025 (beyond pandas' nanosecond range)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "task_id": ["NV-01", "NV-02"],
            "province": ["Nghệ An", "Nghệ An"],
            "title": ["Kho dữ liệu", "Số hóa hồ sơ"],
            "status": ["in_progress", "in_progress"],
            "due": pa.array([dt.datetime(2025, 12, 31), dt.datetime(1025, 12, 31)], pa.timestamp("ms")),
            "as_of": pa.array([dt.datetime(2025, 11, 13)] * 2, pa.timestamp("ms")),
        }
    )
    pq.write_table(table, folder / "tasks.parquet")


# ---------------------------------------------------------------- office layouts with an error inside


def xlsx_formula_error(folder: Path) -> None:
    """filings.xlsx whose count on row 3 is a formula error Excel saved as #REF!."""
    save_workbook(
        workbook_of(
            {"Biểu 02": [FILINGS_HEADER, ["Nghệ An", "2025-08", 52140, 41012], ["Hưng Yên", "2025-08", "#REF!", 1]]}
        ),
        folder / "filings.xlsx",
    )


def xlsx_formula_without_value(folder: Path) -> None:
    """filings.xlsx written by a script: the total on row 3 is a formula no spreadsheet has calculated (no cached value)."""
    save_workbook(
        workbook_of(
            {
                "Biểu 02": [
                    FILINGS_HEADER,
                    ["Nghệ An", "2025-08", 52140, 41012],
                    ["Hưng Yên", "2025-08", "=B9+C9", 264380],
                ]
            }
        ),
        folder / "filings.xlsx",
    )


def xlsx_two_year_sheets(folder: Path) -> None:
    """filings.xlsx with sheets 'Năm 2024' and 'Năm 2025' (both read) and a bad count on row 3 of the second."""
    save_workbook(
        workbook_of(
            {
                "Năm 2024": [FILINGS_HEADER, ["Hưng Yên", "2024-12", 280000, 230000]],
                "Năm 2025": [
                    FILINGS_HEADER,
                    ["Hưng Yên", "2025-08", 309654, 264380],
                    ["Nghệ An", "2025-08", "5214O", 1],
                ],
            }
        ),
        folder / "filings.xlsx",
    )


def xlsx_only_table_hidden(folder: Path) -> None:
    """tasks.xlsx whose only task sheet is hidden; the visible one is a cover page."""
    workbook = workbook_of({"Bìa": [["BÁO CÁO NHIỆM VỤ CHUYỂN ĐỔI SỐ"]], "Nhiệm vụ": [TASK_HEADER, *TASK_ROWS]})
    workbook["Nhiệm vụ"].sheet_state = "hidden"
    save_workbook(workbook, folder / "tasks.xlsx")


def xlsx_empty_workbook(folder: Path) -> None:
    """tasks.xlsx saved with nothing in it."""
    save_workbook(workbook_of({"Sheet1": []}), folder / "tasks.xlsx")


def xlsx_bieu_bad_count(folder: Path) -> None:
    """filings.xlsx in the 'Biểu' layout (title, two-row header, numbering, totals, signature); bad count on row 8."""
    rows = [
        ["BÁO CÁO KẾT QUẢ TIẾP NHẬN HỒ SƠ"],
        [],
        ["STT", "Tỉnh, thành phố", "Kỳ báo cáo", "Số hồ sơ", None],
        [None, None, None, "Tổng số", "Trực tuyến"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        [1, "Nghệ An", "Tháng 8/2025", 52140, 41012],
        [2, "Hưng Yên", "Tháng 8/2025", 309654, 264380],
        [3, "Quảng Ninh", "Tháng 8/2025", "19O", 188],
        [None, "Tổng cộng", None, 361984, 305580],
        [None, "Người lập biểu", None, "Quảng Ninh, ngày 05 tháng 9 năm 2025"],
    ]
    workbook = workbook_of({"Biểu 02": rows})
    for cells in ("A1:E1", "D3:E3", "A3:A4", "B3:B4", "C3:C4"):
        workbook["Biểu 02"].merge_cells(cells)
    save_workbook(workbook, folder / "filings.xlsx")


def xlsx_hidden_row_not_counted(folder: Path) -> None:
    """filings.xlsx with a hidden draft row 3 (a duplicate of row 2 that must not count) and a bad count on row 4."""
    workbook = workbook_of(
        {
            "Biểu 02": [
                FILINGS_HEADER,
                ["Nghệ An", "2025-08", 52140, 41012],
                ["Nghệ An", "2025-08", 99999, 99999],
                ["Hưng Yên", "2025-08", "3O9654", 264380],
            ]
        }
    )
    workbook["Biểu 02"].row_dimensions[3].hidden = True
    save_workbook(workbook, folder / "filings.xlsx")


def utf16_be_text(folder: Path) -> None:
    """tasks.txt in UTF-16 big-endian with BOM, tab-separated; unknown status on row 3."""
    text = "".join("\t".join(row) + "\r\n" for row in [TASK_HEADER, *TASK_ROWS])
    (folder / "tasks.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))


def utf8_nfd_text(folder: Path) -> None:
    """tasks.csv in UTF-8 with decomposed accents (macOS); unknown status on row 3."""
    text = csv_lines([TASK_HEADER, *TASK_ROWS])
    (folder / "tasks.csv").write_bytes(unicodedata.normalize("NFD", text).encode("utf-8"))


CASES = [
    wrong_sheet,
    several_sheets_none_match,
    xlsx_title_rows,
    xlsx_second_sheet,
    corrupt_xlsx,
    corrupt_parquet,
    parquet_negative_count,
    parquet_missing_column,
    undecodable_bytes,
    cp1258_undefined_byte,
    cp1258_unknown_status,
    parquet_named_csv,
    xlsx_named_csv,
    utf16_unicode_text,
    xlsx_serial_one_date,
    xlsx_malformed_xml,
    xlsx_far_away_cell,
    xlsx_huge_dimension,
    xlsx_zip_bomb,
    zip_not_workbook,
    csv_too_many_columns,
    csv_field_over_limit,
    csv_long_field_reads,
    parquet_count_overflow,
    parquet_count_infinite,
    parquet_date_out_of_range,
    xlsx_formula_error,
    xlsx_formula_without_value,
    xlsx_two_year_sheets,
    xlsx_only_table_hidden,
    xlsx_empty_workbook,
    xlsx_bieu_bad_count,
    xlsx_hidden_row_not_counted,
    utf16_be_text,
    utf8_nfd_text,
]


def build(root: Path = HERE) -> list[Path]:
    """Write every binary case under `root/<case_id>/`; return the files written."""
    for byte in CP1258_UNDEFINED:  # the bytes the undecodable cases rely on really are undefined in CP1258
        try:
            bytes([byte]).decode("cp1258")
        except UnicodeDecodeError:
            continue
        raise AssertionError(f"0x{byte:02x} decodes in CP1258")
    written = []
    for case in CASES:
        folder = root / case.__name__
        folder.mkdir(parents=True, exist_ok=True)
        case(folder)
        written += sorted(folder.iterdir())
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
