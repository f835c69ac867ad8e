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
