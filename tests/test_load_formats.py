"""The same small task register, saved every way provinces save it, loads to the same table."""

import datetime as dt
import unicodedata

import openpyxl
import pandas as pd
import pytest

from dtanalysis import DataError, load
from dtanalysis.inputs.loader import TASK_CATEGORIES, read_folder

TODAY = dt.date(2026, 1, 1)
HEADER = ["Mã nhiệm vụ", "Tỉnh/thành phố", "Tên nhiệm vụ", "Trạng thái", "Thời hạn", "Ngày hoàn thành", "Ngày báo cáo"]
ROWS = [
    [
        "NV-01",
        "Tỉnh Nghệ An",
        "Xây dựng kho dữ liệu dùng chung",
        "Đã hoàn thành",
        "31/12/2025",
        "15/10/2025",
        "13/11/2025",
    ],
    ["NV-02", "nghe an", "Số hóa hồ sơ đất đai", "Quá hạn", "30/09/2025", "", "13/11/2025"],
    ["NV-03", "TP. Hồ Chí Minh", "Triển khai nền tảng số cấp xã", "Đang thực hiện", "31/12/2025", "", "13/11/2025"],
    ["NV-04", "Khánh Hoà", "Đào tạo kỹ năng số", "Chưa triển khai", "31/12/2025", "", "13/11/2025"],
]
EXPECTED = pd.DataFrame(
    {
        "task_id": ["NV-01", "NV-02", "NV-03", "NV-04"],
        "province_code": ["40", "40", "79", "56"],
        "status": ["done", "in_progress", "in_progress", "not_started"],
        "is_overdue": [False, True, False, False],
        "due": pd.to_datetime(["2025-12-31", "2025-09-30", "2025-12-31", "2025-12-31"]).astype("datetime64[ns]"),
        "completed_on": pd.to_datetime(["2025-10-15", None, None, None]).astype("datetime64[ns]"),
        "title": [
            "Xây dựng kho dữ liệu dùng chung",
            "Số hóa hồ sơ đất đai",
            "Triển khai nền tảng số cấp xã",
            "Đào tạo kỹ năng số",
        ],
    }
)


def _csv_text(delimiter=","):
    return "\n".join(delimiter.join(row) for row in [HEADER, *ROWS]) + "\n"


def _cp1258(text: str) -> bytes:
    """Encode like Windows does: precomposed base letters, tone marks as combining characters."""
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


def _write_xlsx(path, mixed_dates=True, title_rows=True):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tiến độ"
    first = 1
    if title_rows:
        sheet["A1"] = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN NGHỊ QUYẾT 57-NQ/TW"
        sheet.merge_cells("A1:G1")
        sheet["A2"] = "(Số liệu đến ngày 13/11/2025)"
        sheet.merge_cells("A2:G2")
        first = 4
    for col, name in enumerate(HEADER, start=1):
        sheet.cell(first, col, name)
    for r, row in enumerate(ROWS, start=first + 1):
        for c, value in enumerate(row, start=1):
            if mixed_dates and c >= 5 and value and r % 2 == 0:  # every other row: a real Excel date cell
                day, month, year = map(int, value.split("/"))
                value = dt.datetime(year, month, day)
            sheet.cell(r, c, value or None)
    book.create_sheet("Ghi chú")["A1"] = "Sheet without data"
    book.save(path)


def _write(kind, folder):
    if kind == "utf8":
        (folder / "tasks.csv").write_text(_csv_text(), encoding="utf-8")
    elif kind == "utf8-bom":
        (folder / "tasks.csv").write_text(_csv_text(), encoding="utf-8-sig")
    elif kind == "utf8-nfd":
        (folder / "tasks.csv").write_text(unicodedata.normalize("NFD", _csv_text()), encoding="utf-8")
    elif kind == "cp1258":
        (folder / "tasks.csv").write_bytes(_cp1258(_csv_text()))
    elif kind == "semicolon":
        (folder / "tasks.csv").write_text(_csv_text(";"), encoding="utf-8")
    elif kind == "csv-title-rows":
        (folder / "tasks.csv").write_text("BÁO CÁO TIẾN ĐỘ,,,,,,\n\n" + _csv_text(), encoding="utf-8")
    elif kind == "xlsx":
        _write_xlsx(folder / "tasks.xlsx")
    elif kind == "parquet":
        frame = pd.DataFrame(ROWS, columns=HEADER)
        for column in HEADER[4:]:
            frame[column] = pd.to_datetime(frame[column], format="%d/%m/%Y", errors="coerce")
        frame.to_parquet(folder / "tasks.parquet")
    elif kind == "folder":
        (folder / "tasks").mkdir()
        (folder / "tasks" / "nghe-an.csv").write_text(
            "\n".join(",".join(r) for r in [HEADER, *ROWS[:2]]), encoding="utf-8"
        )
        _write_xlsx(folder / "tasks" / "others.xlsx")  # holds all four rows: keep only the other two
        book = openpyxl.load_workbook(folder / "tasks" / "others.xlsx")
        book["Tiến độ"].delete_rows(5, 2)
        book.save(folder / "tasks" / "others.xlsx")


@pytest.mark.parametrize(
    "kind", ["utf8", "utf8-bom", "utf8-nfd", "cp1258", "semicolon", "csv-title-rows", "xlsx", "parquet", "folder"]
)
def test_same_table_from_every_format(kind, tmp_path):
    _write(kind, tmp_path)
    tasks = load(tmp_path, today=TODAY).tasks
    got = tasks.sort_values("task_id").reset_index(drop=True)[EXPECTED.columns]
    assert all(isinstance(tasks[c].dtype, pd.CategoricalDtype) for c in TASK_CATEGORIES)  # few-valued columns
    assert all(list(tasks[c].cat.categories) == sorted(tasks[c].dropna().unique()) for c in TASK_CATEGORIES)
    got = got.astype({c: "string" for c in got.columns if c in TASK_CATEGORIES})
    pd.testing.assert_frame_equal(got, EXPECTED, check_dtype=False)
    assert (tasks["as_of"] == pd.Timestamp("2025-11-13")).all()
    assert (tasks["programme"] == "NQ57").all()  # the default programme


def test_excel_rows_are_numbered_as_excel_shows_them(tmp_path):
    _write_xlsx(tmp_path / "tasks.xlsx")
    tasks = load(tmp_path, today=TODAY).tasks
    assert tasks["source_row"].tolist() == [5, 6, 7, 8]  # title rows 1-2, blank row 3, header row 4


def test_csv_rows_are_numbered_as_lines(tmp_path):
    _write("csv-title-rows", tmp_path)
    tasks = load(tmp_path, today=TODAY).tasks
    assert tasks["source_row"].tolist() == [4, 5, 6, 7]


def test_blank_lines_keep_the_numbering(tmp_path):
    text = _csv_text().replace("\nNV-03", "\n\nNV-03")
    (tmp_path / "tasks.csv").write_text(text.replace("Quá hạn", "Xong"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(tmp_path, today=TODAY)
    assert [(p.row, p.column) for p in err.value.problems] == [(3, "status")]


def test_a_wrong_cell_gets_its_error_and_not_also_a_rule_about_the_empty_value_it_left(tmp_path):
    text = _csv_text().replace("15/10/2025", "01/01/1900")  # a done task: not also "done but no completion date"
    (tmp_path / "tasks.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(tmp_path, today=TODAY)
    assert [(p.row, p.column, p.severity) for p in err.value.problems] == [(2, "completed_on", "error")]
    assert "before 2000" in str(err.value.problems[0])


def test_old_province_names_follow_the_merger_date(tmp_path):
    (tmp_path / "filings.csv").write_text(
        "Tỉnh,Kỳ,Tổng số hồ sơ,Hồ sơ trực tuyến\n"
        'Ninh Thuận,Tháng 6/2025,"12.000","9.000"\n'
        'Ninh Thuận,Tháng 7/2025,"12.500","9.800"\n'
        "Khánh Hòa,06/2025,30000,25000\n",
        encoding="utf-8",
    )
    filings = load(tmp_path, today=TODAY).filings
    assert filings[["province_code", "old_province_code", "period", "dossiers_total"]].astype(object).where(
        filings[["province_code", "old_province_code", "period", "dossiers_total"]].notna(), None
    ).values.tolist() == [
        ["56", "58", "2025-06", 12000],
        ["56", None, "2025-07", 12500],
        ["56", "56", "2025-06", 30000],
    ]


def test_indicator_value_is_computed_from_counts_and_units_from_catalogue(tmp_path):
    (tmp_path / "indicators.csv").write_text(
        "Tỉnh,Chỉ tiêu,Kỳ,Tử số,Mẫu số,Giá trị\n"
        "Quảng Ninh,Tỷ lệ hồ sơ nộp trực tuyến,Quý III/2025,188,190,\n"
        'Toàn quốc,online_filing_rate,2025-Q3,,,"72,5"\n',
        encoding="utf-8",
    )
    indicators = load(tmp_path, today=TODAY).indicators
    assert indicators["indicator"].tolist() == ["online_filing_rate"] * 2
    assert indicators["value"].tolist() == [98.95, 72.5]
    assert indicators["unit"].tolist() == ["pct", "pct"]
    assert indicators["province_code"].tolist() == ["22", "00"]


def test_unused_columns_are_a_warning_not_an_error(tmp_path):
    (tmp_path / "difficulties.csv").write_text(
        "Tỉnh,Nội dung khó khăn,Ghi chú\nNghệ An,Thiếu nhân lực,x\n", encoding="utf-8"
    )
    bundle = load(tmp_path, today=TODAY)
    assert [w.column for w in bundle.warnings] == ["Ghi chú"]
    assert bundle.missing == ["tasks", "filings", "indicators"]


# ---------------------------------------------------------------- what is read, left out or cleaned, with a message

FILINGS_HEADER = "Tỉnh,Kỳ,Tổng số hồ sơ,Số hồ sơ nộp trực tuyến"


def _read(tmp_path, name, content):
    from dtanalysis.inputs.loader import read_folder

    (tmp_path / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return read_folder(tmp_path, today=TODAY)


def test_control_characters_are_stripped_with_a_warning(tmp_path):
    text = FILINGS_HEADER + "\r\nNghệ\x07 An,2025-08,52140,41012\r\nHưng Yên,2025-08,309654,264380\r\n"
    bundle, problems = _read(tmp_path, "filings.csv", text)
    warnings = [p for p in problems if "control or invisible characters" in p.message]
    assert [(p.row, p.column, p.severity) for p in warnings] == [(2, "province", "warning")]
    assert list(bundle.filings["province_code"]) == ["40", "33"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_invisible_characters_pasted_from_the_web_are_removed_with_a_warning(suffix, tmp_path):
    # a zero-width space after 'Nghệ An', a soft hyphen inside 'Hà Nội', a byte-order mark in a header cell
    rows = [
        ["Tỉnh\ufeff", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến"],
        ["Nghệ An\u200b", "2025-08", 52140, 41012],
    ]
    rows += [["Hà\u00adNội", "2025-08", 1000, 500], ["Hưng Yên", "2025-08", 309654, 264380]]
    if suffix == "csv":
        (tmp_path / "filings.csv").write_text("\n".join(",".join(map(str, r)) for r in rows), encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(tmp_path / "filings.xlsx")
    from dtanalysis.inputs.loader import read_folder

    bundle, problems = read_folder(tmp_path, today=TODAY)
    warnings = [p for p in problems if "invisible characters" in p.message]
    assert [(p.row, p.column, p.severity) for p in warnings] == [(2, "province", "warning"), (3, "province", "warning")]
    assert list(bundle.filings["province_code"]) == ["40", "01", "33"]


def test_parquet_text_is_cleaned_as_a_spreadsheet_s_is(tmp_path):
    # a register exported from a database fed by a web form: a zero-width space after a task id (the same task
    # twice), a bell character in a title, and a title that went through the wrong code page once
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dtanalysis.inputs.loader import read_folder

    titles = ["Số hóa hồ sơ", "Ban hành\x07kế hoạch", "Kết nối dữ liệu Hà Nội".encode().decode("cp1252")]
    table = pa.table(
        {
            "task_id": ["NQ57-001", "NQ57-001\u200b", "NQ57-002"],
            "province": ["Nghệ An", "Nghệ An", "Hà\u00adNội"],
            "title": titles,
            "status": ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện"],
            "completed_on": pa.array([dt.date(2025, 10, 1), None, None], pa.date32()),
            "as_of": pa.array([dt.date(2025, 11, 13)] * 3, pa.date32()),
        }
    )
    pq.write_table(table, tmp_path / "tasks.parquet")
    bundle, problems = read_folder(tmp_path, today=TODAY)
    stripped = [(p.row, p.column) for p in problems if "invisible characters" in p.message]
    assert sorted(stripped) == [(2, "task_id"), (2, "title"), (3, "province")]
    assert [(p.row, p.column, p.severity) for p in problems if "appears twice" in p.message] == [
        (2, "task_id", "error")
    ]
    assert any(p.column == "title" and p.severity == "warning" and "opened as" in p.message for p in problems)
    assert list(bundle.tasks["title"]) == ["Số hóa hồ sơ", "Ban hành kế hoạch", "Kết nối dữ liệu Hà Nội"]
    assert list(bundle.tasks["province_code"]) == ["40", "40", "01"]


def test_a_dash_or_na_in_a_required_cell_is_named_in_its_message(tmp_path):
    text = FILINGS_HEADER + "\nNghệ An,2025-08,-,41012\n—,2025-08,100,50\nHưng Yên,2025-08,309654,#N/A\n"
    _, problems = _read(tmp_path, "filings.csv", text)
    found = {(p.row, p.column): (p.value, p.message, p.fix) for p in problems if p.severity == "error"}
    assert set(found) == {(2, "dossiers_total"), (3, "province"), (4, "dossiers_online")}
    assert found[(2, "dossiers_total")][:2] == ("-", "'dossiers_total' is empty ('-' stands for no value)")
    assert found[(2, "dossiers_total")][2].endswith("0 when there were none")
    assert found[(3, "province")][:2] == ("—", "'province' is empty ('—' stands for no value)")
    assert found[(4, "dossiers_online")][0] == "#N/A"


def test_a_totals_row_that_does_not_add_up_is_a_warning_naming_both_numbers(tmp_path):
    text = FILINGS_HEADER + "\r\nNghệ An,2025-08,100,60\r\nHưng Yên,2025-08,200,150\r\nTổng cộng,,301,210\r\n"
    bundle, problems = _read(tmp_path, "filings.csv", text)
    assert len(bundle.filings) == 2  # the totals row is never counted as a province
    mismatch = [p for p in problems if "totals row says" in p.message]
    assert [(p.row, p.column, p.severity) for p in mismatch] == [(4, "dossiers_total", "warning")]
    assert "says 301 but the rows above it add up to 300" in mismatch[0].message
    assert any(p.severity == "note" and "row 4 is a totals row and was left out" in p.message for p in problems)


def test_section_headings_inside_the_table_are_left_out_with_a_note(tmp_path):
    """'A | CÁC TỈNH MIỀN BẮC' and 'II. MIỀN TRUNG' merged across the row (every cell the same text) are section
    rows of a Biểu, not provinces; a row of data with gaps is still reported."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Tỉnh", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến"])
    sheet.append(["A", "CÁC TỈNH MIỀN BẮC"])
    sheet.append([1, "Hưng Yên", "2025-08", 309654, 264380])
    sheet.append(["II. MIỀN TRUNG"])
    sheet.merge_cells("A4:E4")
    sheet.append([2, "Nghệ An", "2025-08", 52140, 41012])
    sheet.append([3, "Hà Tĩnh", None, None, None])
    (tmp_path / "d").mkdir()
    book.save(tmp_path / "d" / "filings.xlsx")
    bundle, problems = read_folder(tmp_path / "d", today=TODAY)
    notes = [p.message for p in problems if p.severity == "note"]
    assert "row 2 is a section heading ('A CÁC TỈNH MIỀN BẮC') and was left out" in notes, notes
    assert "row 4 is a section heading ('II. MIỀN TRUNG') and was left out" in notes, notes
    assert {(p.row, p.column) for p in problems if p.severity == "error"} == {
        (6, "period"),
        (6, "dossiers_total"),
        (6, "dossiers_online"),
    }


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(",Phần mềm dùng chung chưa đồng bộ,10/11/2025", id="a-word-is-not-a-mark"),
        pytest.param(",A lot of staff lack digital skills,10/11/2025", id="a-letter-and-a-word"),
        pytest.param(",Mục tiêu chưa rõ ràng,", id="one-text-no-mark"),
    ],
)
def test_a_statement_is_never_taken_for_a_section_heading(row, tmp_path):
    text = "Tỉnh,Nội dung khó khăn,Ngày\r\nSơn La,Hạ tầng yếu,10/11/2025\r\n" + row + "\r\n"
    _, problems = _read(tmp_path, "difficulties.csv", text)
    assert (3, "province") in {(p.row, p.column) for p in problems if p.severity == "error"}, problems


def test_a_count_cell_whose_thousands_dot_became_a_decimal_point_says_so(tmp_path):
    """'226.667' imported with an English setting is the number 226.667 in the sheet, not 226,667 dossiers."""
    book = openpyxl.Workbook()
    book.active.append(["Tỉnh", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến"])
    book.active.append(["Hưng Yên", "2025-08", 309.654, 264.38])
    (tmp_path / "d").mkdir()
    book.save(tmp_path / "d" / "filings.xlsx")
    _, problems = read_folder(tmp_path / "d", today=TODAY)
    messages = {p.column: p.message for p in problems if p.severity == "error"}
    assert "if 309.654 meaning 309,654 was written, the dot was read as a decimal point" in messages["dossiers_total"]
    assert "if 264.380 meaning 264,380 was written" in messages["dossiers_online"]


def test_a_group_subtotal_naming_its_province_is_a_totals_row_and_is_checked(tmp_path):
    """'Cộng Nghệ An' above Nghệ An's months sums them (a wrong one is a warning); 'Cộng đồng…' opens a statement."""
    text = (
        FILINGS_HEADER + "\r\nCộng Nghệ An,,300,200\r\nNghệ An,2025-08,100,60\r\nNghệ An,2025-09,200,140\r\n"
        "Cộng Hưng Yên,,999,500\r\nHưng Yên,2025-08,400,300\r\n"
    )
    bundle, problems = _read(tmp_path, "filings.csv", text)
    assert list(bundle.filings["dossiers_total"]) == [100, 200, 400]
    assert [p.row for p in problems if "totals row says" in p.message] == [5, 5]  # total and online
    statement = "Tỉnh,Nội dung khó khăn,Ngày\r\n,Cộng đồng doanh nghiệp chưa quan tâm,10/11/2025\r\n"
    (tmp_path / "s").mkdir()
    _, problems = _read(tmp_path / "s", "difficulties.csv", statement)
    assert [(p.row, p.column) for p in problems if p.severity == "error"] == [(2, "province")]


def test_a_count_written_with_three_decimals_by_a_database_is_not_read_as_thousands(tmp_path):
    """DuckDB writes DECIMAL(18,3) as '226667.000': '86.000' in the same column is 86 dossiers, not 86,000."""
    text = FILINGS_HEADER + "\r\nNghệ An,2025-08,226667.000,86.000\r\nHưng Yên,2025-08,1798.000,1.000\r\n"
    bundle, problems = _read(tmp_path, "filings.csv", text)
    assert not [p for p in problems if p.severity == "error"], problems
    assert bundle.filings["dossiers_total"].tolist() == [226667, 1798]
    assert bundle.filings["dossiers_online"].tolist() == [86, 1]


def test_a_delimiter_ending_every_data_line_but_not_the_header_shifts_nothing(tmp_path):
    """pandas would take the extra column for an index and shift every cell one heading left."""
    text = FILINGS_HEADER + "\r\nNghệ An,2025-08,100,60,\r\nHưng Yên,2025-08,200,150,\r\nHà Tĩnh,2025-08,300,1,x\r\n"
    bundle, problems = _read(tmp_path, "filings.csv", text)
    assert bundle.filings["province_name"].tolist()[:2] == ["Nghệ An", "Hưng Yên"]
    assert bundle.filings["dossiers_online"].tolist()[:2] == [60, 150]
    errors = [(p.row, p.message) for p in problems if p.severity == "error"]
    assert errors == [(4, "this row has more cells than the header (4)")], errors


def test_a_true_false_parquet_column_where_counts_belong_is_an_error_not_ones_and_zeros(tmp_path):
    frame = pd.DataFrame(
        {"Tỉnh": ["Hà Nội", "Huế"], "Kỳ": ["2025-08", "2025-08"], "Tổng số hồ sơ": [3213249, 52140]}
    ).assign(**{"Số hồ sơ nộp trực tuyến": [True, False]})
    (tmp_path / "d").mkdir()
    frame.to_parquet(tmp_path / "d" / "filings.parquet")
    _, problems = read_folder(tmp_path / "d", today=TODAY)
    (problem,) = [p for p in problems if p.severity == "error"]
    assert (problem.column, problem.row) == ("dossiers_online", None)
    assert "holds true/false values, not whole numbers" in problem.message


@pytest.mark.parametrize("kind", ["float32", "decimal128(10, 4)"])
def test_a_share_stored_as_float32_or_a_four_place_decimal_is_its_written_value_and_no_warning(kind, tmp_path):
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    values = [31.09, 85.38]
    column = (
        pa.array(values, pa.float32())
        if kind == "float32"
        else pa.array([decimal.Decimal(f"{v:.4f}") for v in values], pa.decimal128(10, 4))
    )
    table = pa.table(
        {
            "Tỉnh": ["Hà Nội", "Huế"],
            "Chỉ tiêu": ["online_filing_rate"] * 2,
            "Kỳ": ["2025-08"] * 2,
            "Tử số": [3109, 264380],
            "Mẫu số": [10000, 309654],  # 31.09 % and 85.378 %
            "Giá trị": column,
            "Đơn vị tính": ["pct"] * 2,
        }
    )
    (tmp_path / "d").mkdir()
    pq.write_table(table, tmp_path / "d" / "indicators.parquet")
    bundle, problems = read_folder(tmp_path / "d", today=TODAY)
    assert not problems, problems
    assert bundle.indicators["value"].tolist() == values


@pytest.mark.parametrize("repeated", ["Tổng số hồ sơ", "Ghi chú"])
def test_a_parquet_file_with_a_column_name_twice_gets_the_header_check_not_unreadable(repeated, tmp_path):
    """pyarrow writes two columns of one name; its dataset reader then refuses the file ('ArrowInvalid')."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ["Tỉnh", "Kỳ", "Tổng số hồ sơ", "Số hồ sơ nộp trực tuyến", repeated]
    columns = [["Hà Nội"], ["2025-08"], [100], [60], [100 if repeated.startswith("Tổng") else "x"]]
    (tmp_path / "d").mkdir()
    pq.write_table(
        pa.Table.from_arrays([pa.array(c) for c in columns], names=names), tmp_path / "d" / "filings.parquet"
    )
    bundle, problems = read_folder(tmp_path / "d", today=TODAY)
    errors = [p.message for p in problems if p.severity == "error"]
    if repeated.startswith("Tổng"):
        assert errors == ["two columns mean 'dossiers_total': 'Tổng số hồ sơ' and 'Tổng số hồ sơ'"], problems
    else:
        assert not errors and bundle.filings["dossiers_online"].tolist() == [60], problems


def test_periods_written_as_dates_are_months_with_a_note_and_a_mid_month_day_is_an_error(tmp_path):
    frame = pd.DataFrame(
        {
            "Tỉnh": ["Hà Nội", "Huế", "Sơn La"],
            "Kỳ": pd.to_datetime(["2024-01-01", "2024-04-01", "2024-01-15"]).date,
            "Tổng số hồ sơ": [100, 200, 300],
            "Số hồ sơ nộp trực tuyến": [60, 150, 1],
        }
    )
    (tmp_path / "d").mkdir()
    frame.to_parquet(tmp_path / "d" / "filings.parquet")  # a Parquet DATE column
    _, problems = read_folder(tmp_path / "d", today=TODAY)
    found = {(p.severity, p.row): p.message for p in problems}
    assert "3 period(s) are dates: each first day of a month was read as that month" in found[("note", 1)]
    assert found[("error", 3)].startswith("2024-01-15 is a day, not a period: write the month (2024-01)")


def test_as_of_from_the_command_line_dates_a_file_without_report_dates_not_a_blank_cell_in_one_with_them(tmp_path):
    """One blank report date beside dated rows, filled with --as-of, made a one-task snapshot that replaced the
    unit's figures; a file with no report dates at all is what --as-of is for."""
    header = "Mã nhiệm vụ,Tỉnh,Tên nhiệm vụ,Trạng thái,Ngày báo cáo"
    dated = header + "\r\nT1,Nghệ An,a,done,\r\nT2,Nghệ An,b,done,30/09/2025\r\nT3,Nghệ An,c,done,30/09/2025\r\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "tasks.csv").write_text(dated, encoding="utf-8")
    _, problems = read_folder(tmp_path / "a", as_of="2025-10-31", today=TODAY)
    assert [(p.row, p.column) for p in problems if p.severity == "error"] == [(2, "as_of")]
    assert "while the file's other rows have one" in problems[0].message
    undated = "Mã nhiệm vụ,Tỉnh,Tên nhiệm vụ,Trạng thái\r\nT1,Nghệ An,a,done\r\n"
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "tasks.csv").write_text(undated, encoding="utf-8")
    bundle, problems = read_folder(tmp_path / "b", as_of="2025-10-31", today=TODAY)
    assert not [p for p in problems if p.severity == "error"]
    assert (bundle.tasks["as_of"] == pd.Timestamp("2025-10-31")).all()


def test_a_csv_two_row_header_with_numbering_row_reads_as_one(tmp_path):
    text = (
        "BIỂU 02\r\nTỉnh,Kỳ,Số hồ sơ,\r\n,,Tổng số,Trực tuyến\r\n(1),(2),(3),(4)\r\n"
        "Nghệ An,2025-08,100,60\r\nHưng Yên,2025-08,200,150\r\n"
    )
    bundle, problems = _read(tmp_path, "filings.csv", text)
    assert not [p for p in problems if p.severity == "error"], problems
    assert list(bundle.filings["dossiers_total"]) == [100, 200]
    assert list(bundle.filings["source_row"]) == [5, 6]


def test_an_encoding_that_is_none_of_the_expected_is_detected_and_reported(tmp_path):
    statement = "ネットワークが弱い、人材が不足している"  # Shift-JIS lead bytes 0x81–0x9F are undefined in CP1258
    rows = "".join(f"Son La,{statement} {i}\r\n" for i in range(30))
    bundle, problems = _read(tmp_path, "difficulties.csv", ("Province,Statement\r\n" + rows).encode("shift_jis"))
    detected = [p for p in problems if "detected" in p.message]
    assert [(p.file, p.row, p.severity) for p in detected] == [("difficulties.csv", None, "warning")]
    assert bundle.difficulties["text"].iloc[0] == f"{statement} 0"


def test_a_month_and_a_different_month_do_not_overlap(tmp_path):
    text = FILINGS_HEADER + "\r\nNghệ An,2025-08,100,60\r\nNghệ An,2025-09,100,60\r\nNghệ An,2025-Q4,300,200\r\n"
    bundle, problems = _read(tmp_path, "filings.csv", text)
    assert not [p for p in problems if p.severity == "error"], problems


def test_a_file_named_anything_is_recognised_by_its_columns(tmp_path):
    text = FILINGS_HEADER + "\r\nNghệ An,2025-08,100,60\r\n"
    bundle, problems = _read(tmp_path, "Bao cao ho so T7-T10 2025.csv", text)
    assert list(bundle.filings["dossiers_total"]) == [100]
    notes = [p for p in problems if p.file == "Bao cao ho so T7-T10 2025.csv"]
    assert [(p.severity, "so it was read as filings" in p.message) for p in notes] == [("note", True)]


def test_dtanalysis_yaml_maps_columns_sheet_and_dataset(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Ghi chú"
    sheet = book.create_sheet("Biểu 02")
    for row in (["Đơn vị", "Tháng", "Số HS nhận", "Số HS online"], ["Nghệ An", "Tháng 8/2025", 100, 60]):
        sheet.append(row)
    book.save(tmp_path / "So lieu.xlsx")
    (tmp_path / "dtanalysis.yaml").write_text(
        "columns:\n  Đơn vị: province\n  Tháng: period\n"
        "files:\n  So lieu.xlsx:\n    dataset: filings\n    sheet: Biểu 02\n"
        "    columns: {Số HS nhận: dossiers_total, Số HS online: dossiers_online}\n",
        encoding="utf-8",
    )
    from dtanalysis.inputs.loader import read_folder

    bundle, problems = read_folder(tmp_path, today=TODAY)
    assert not [p for p in problems if p.severity == "error"], problems
    assert list(bundle.filings["dossiers_online"]) == [60]
    assert list(bundle.filings["source_file"]) == ["So lieu.xlsx [sheet Biểu 02]"]


def test_an_unknown_header_gets_a_did_you_mean(tmp_path):
    text = "Tỉnh,Kỳ,Tổng số hồ sơ tiếp nhậ,Số hồ sơ nộp trực tuyến\r\nNghệ An,2025-08,100,60\r\n"
    _, problems = _read(tmp_path, "filings.csv", text)
    missing = [p for p in problems if p.column == "dossiers_total" and p.severity == "error"]
    assert "did you mean column 'Tổng số hồ sơ tiếp nhậ'?" in missing[0].message


def test_a_wide_indicator_sheet_is_reshaped_to_one_row_per_period(tmp_path):
    text = "Tỉnh,Chỉ tiêu,Tháng 7/2025,T8/2025\r\nHưng Yên,online_filing_rate,84.1,85.38\r\nNghệ An,online_filing_rate,,79.2\r\n"
    bundle, problems = _read(tmp_path, "indicators.csv", text)
    assert not [p for p in problems if p.severity == "error"], problems
    got = bundle.indicators.sort_values(["province_code", "period"])[["province_code", "period", "value"]]
    assert got.astype(str).values.tolist() == [
        ["33", "2025-07", "84.1"],
        ["33", "2025-08", "85.38"],
        ["40", "2025-08", "79.2"],
    ]
    assert sorted(bundle.indicators["source_row"]) == [2, 2, 3]  # the row the user sees, once per period


def test_a_quote_inside_an_unquoted_cell_is_text_and_swallows_nothing(tmp_path):
    text = (
        'Tỉnh,Nội dung khó khăn\r\nSơn La,Thiếu "phần mềm dùng chung\r\nSơn La,Thiếu nhân lực\r\nSơn La,Hạ tầng yếu\r\n'
    )
    bundle, problems = _read(tmp_path, "difficulties.csv", text)
    assert not [p for p in problems if p.severity == "error"], problems
    assert list(bundle.difficulties["text"]) == ['Thiếu "phần mềm dùng chung', "Thiếu nhân lực", "Hạ tầng yếu"]


def test_a_totals_row_above_its_rows_is_checked_against_the_rows_below(tmp_path):
    text = "Tỉnh,Xã/phường,Cấp,Kỳ,Tổng số hồ sơ,Số hồ sơ nộp trực tuyến\r\nToàn tỉnh,,tỉnh,2025-08,300,210\r\n"
    text += "Nghệ An,Vinh,xã,2025-08,100,60\r\nNghệ An,Cửa Lò,xã,2025-08,150,100\r\n"
    bundle, problems = _read(tmp_path, "filings.csv", text)
    mismatch = [p.message for p in problems if "totals row says" in p.message]
    assert mismatch == [
        "the totals row says 300 but the rows below it add up to 250",
        "the totals row says 210 but the rows below it add up to 160",
    ]
    assert len(bundle.filings) == 2


def test_a_statement_that_starts_like_a_note_is_still_a_row(tmp_path):
    """'Nguồn nhân lực…' (human resources) is a difficulty, not a 'Nguồn:' footnote: its blank province is reported."""
    text = "Tỉnh,Nội dung khó khăn,Ngày\r\nSơn La,Hạ tầng yếu,10/11/2025\r\n,Nguồn nhân lực còn thiếu,10/11/2025\r\n"
    _, problems = _read(tmp_path, "difficulties.csv", text)
    assert [(p.row, p.column) for p in problems if p.severity == "error"] == [(3, "province")]


@pytest.mark.parametrize("unit", ["ns", "us", "ms", "s"])
def test_parquet_timestamps_with_a_time_of_day_load_as_their_calendar_day(unit, tmp_path):
    frame = pd.DataFrame(ROWS, columns=HEADER)
    frame["Thời hạn"] = pd.to_datetime(
        ["2025-12-31 23:59:59", "2025-09-30 00:00:01", "2001-01-01 13:00:00", "2025-12-31 12:00:00"]
    ).astype(f"datetime64[{unit}]")
    frame["Ngày hoàn thành"] = pd.to_datetime(["2025-10-15 08:30", None, None, None]).astype(f"datetime64[{unit}]")
    frame["Ngày báo cáo"] = pd.to_datetime(["2025-11-13 17:45"] * 4).tz_localize("Asia/Ho_Chi_Minh")
    frame.to_parquet(tmp_path / "tasks.parquet")
    tasks = load(tmp_path, today=TODAY).tasks.sort_values("task_id")
    assert tasks["due"].dtype == "datetime64[ns]"
    assert tasks["due"].tolist() == list(pd.to_datetime(["2025-12-31", "2025-09-30", "2001-01-01", "2025-12-31"]))
    assert tasks["completed_on"].iloc[0] == pd.Timestamp("2025-10-15") and tasks["completed_on"].iloc[1:].isna().all()
    assert (tasks["as_of"] == pd.Timestamp("2025-11-13")).all()  # the local calendar day of the report


def test_parquet_timestamps_with_a_time_zone_are_read_as_their_day_in_vietnam(tmp_path):
    """DuckDB and polars store a TIMESTAMPTZ in UTC: the day that counts is the one it was in Hà Nội."""
    frame = pd.DataFrame(ROWS, columns=HEADER)
    for column in HEADER[4:]:
        frame[column] = pd.to_datetime(frame[column], format="%d/%m/%Y")
    frame["Ngày báo cáo"] = pd.Timestamp("2025-11-13 20:00", tz="UTC")  # 03:00 on the 14th in Hà Nội
    frame["Thời hạn"] = pd.Timestamp("2025-12-31 23:30", tz="Asia/Ho_Chi_Minh")
    frame.to_parquet(tmp_path / "tasks.parquet")
    tasks = load(tmp_path, today=TODAY).tasks
    assert (tasks["as_of"] == pd.Timestamp("2025-11-14")).all()  # as the dossier reader counts it
    assert (tasks["due"] == pd.Timestamp("2025-12-31")).all()


def test_a_zoned_timestamp_at_the_end_of_year_9999_is_an_error_not_a_traceback(tmp_path):
    """23:59 on 9999-12-31 UTC is already year 10000 in Hà Nội, past what a Python date holds."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pd.DataFrame(ROWS, columns=HEADER)
    table = pa.Table.from_pandas(frame.drop(columns=["Ngày hoàn thành"]), preserve_index=False)
    moment = pa.array(
        [pd.Timestamp("9999-12-31 23:59:59", tz="UTC").to_pydatetime()] * len(frame), pa.timestamp("us", "UTC")
    )
    pq.write_table(table.append_column("Ngày hoàn thành", moment), tmp_path / "tasks.parquet")
    with pytest.raises(DataError) as caught:
        load(tmp_path, today=TODAY)
    assert any("is after 2100" in p.message and p.column == "completed_on" for p in caught.value.problems)


def _parquet_with(tmp_path, column: str, values) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pd.DataFrame(ROWS, columns=HEADER)
    for name in HEADER[4:]:
        frame[name] = pd.to_datetime(frame[name], format="%d/%m/%Y")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table.set_column(HEADER.index(column), column, values), tmp_path / "tasks.parquet")


def test_parquet_text_stored_as_plain_bytes_is_read_as_text(tmp_path):
    import pyarrow as pa

    _parquet_with(tmp_path, "Tên nhiệm vụ", pa.array([r[2].encode() for r in ROWS], pa.binary()))
    tasks = load(tmp_path, today=TODAY).tasks.sort_values("task_id")
    assert tasks["title"].tolist() == EXPECTED["title"].tolist()  # not "b'X\\xc3\\xa2y …'"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        pytest.param([["a"], ["b"], ["c"], ["d"]], "holds lists or structures", id="list"),
        pytest.param([{"a": 1}] * 4, "holds lists or structures", id="struct"),
        pytest.param([b"\xff\xfe", b"x", b"y", b"z"], "bytes that are not UTF-8 text", id="not-utf8"),
    ],
)
def test_a_parquet_column_of_lists_or_raw_bytes_is_a_clear_error(values, message, tmp_path):
    import pyarrow as pa

    _parquet_with(tmp_path, "Tên nhiệm vụ", pa.array(values))
    with pytest.raises(DataError) as err:
        load(tmp_path, today=TODAY)
    (problem,) = err.value.problems
    assert (problem.file, problem.column) == ("tasks.parquet", "title")
    assert message in problem.message and "Tên nhiệm vụ" in problem.message and problem.fix
