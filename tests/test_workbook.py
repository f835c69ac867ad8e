"""`tables.xlsx` as Excel and LibreOffice users get it, and the CSVs beside it (BOM, separators)."""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dtanalysis.analysis.tables import write_tables
from dtanalysis.briefings.workbook import header, number_format, write_workbook
from dtanalysis.cli import main

ROOT = Path(__file__).resolve().parents[1]


def small_tables():
    completion = pd.DataFrame(
        {
            "province_code": ["01", "40"],
            "province_name": ["Hà Nội", "Nghệ An"],
            "assigned": pd.array([1200, 100], dtype="int64"),
            "completion_pct": pd.array([56.974, pd.NA], dtype="Float64"),
            "as_of": pd.to_datetime(["2025-11-13", "2025-11-13"]),
            "title": ["=1+1", "Số hóa"],
        }
    )
    return {"completion": completion}


@pytest.fixture
def written(tmp_path):
    def write(lang="vi", csv_locale="en"):
        out = tmp_path / f"{lang}-{csv_locale}"
        about = {"is_sample": True, "as_of": dt.date(2025, 11, 13), "data_dir": "data/sample"}
        write_tables(
            small_tables(),
            out,
            csv_locale=csv_locale,
            workbook=lambda tables, path: write_workbook(tables, path, lang=lang, about=about),
        )
        return out

    return write


@pytest.mark.parametrize("lang, date_format", [("vi", "dd/mm/yyyy"), ("en", "yyyy-mm-dd")])
def test_each_table_sheet_has_a_frozen_bold_filtered_header_and_typed_cells(written, lang, date_format):
    book = openpyxl.load_workbook(written(lang) / "tables.xlsx")
    assert book.sheetnames == ["README", "completion"]
    sheet = book["completion"]
    assert [c.value for c in sheet[1]] == [
        "province_code",
        "province_name",
        "assigned",
        "completion_pct",
        "as_of",
        "title",
    ]
    assert sheet.row_dimensions[1].hidden and not sheet.row_dimensions[2].hidden
    assert sheet["B2"].value == {"vi": "Tỉnh, thành phố", "en": "Province"}[lang] and sheet["B2"].font.bold
    assert sheet.freeze_panes == "B3" and sheet.auto_filter.ref == "A2:F4"
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("01", "s")  # codes stay text with their zero
    assert (sheet["C3"].value, sheet["C3"].number_format) == (1200, "#,##0")
    assert (sheet["D3"].value, sheet["D3"].number_format) == (56.97, "0.0")
    assert sheet["D4"].value is None  # missing, not 'nan' or '<NA>'
    assert sheet["E3"].is_date and sheet["E3"].value.date() == dt.date(2025, 11, 13)
    assert sheet["E3"].number_format == date_format
    assert (sheet["F3"].value, sheet["F3"].data_type) == ("=1+1", "s")  # text, never a live formula
    assert 9 <= sheet.column_dimensions["B"].width <= 60


def test_the_readme_sheet_says_sample_as_of_and_how_to_read_it_back(written):
    out = written("en")
    readme = [row for row in openpyxl.load_workbook(out / "tables.xlsx")["README"].iter_rows(values_only=True)]
    text = " ".join(str(v) for row in readme for v in row if v is not None)
    assert "SAMPLE DATA" in text and "2025-11-13" not in text and "13 Nov 2025" in text
    assert ("completion", "Task progress of each unit and the nation (code 00) at the snapshot, by programme.", 2) in [
        r[:3] for r in readme
    ]
    assert "Tasks done on time" in text  # the definitions
    back = pd.read_excel(
        out / "tables.xlsx", sheet_name="completion", skiprows=[1], engine="openpyxl", dtype={"province_code": str}
    )
    assert back["province_code"].tolist() == ["01", "40"] and back["assigned"].tolist() == [1200, 100]
    assert back["as_of"].dt.date.tolist() == [dt.date(2025, 11, 13)] * 2
    readable = pd.read_excel(out / "tables.xlsx", sheet_name="completion", header=1, engine="openpyxl")
    assert list(readable.columns[:3]) == ["Province code", "Province", "Tasks assigned"]


def test_csvs_carry_a_bom_and_the_chosen_separators(written):
    plain = (written("vi", "en") / "completion.csv").read_bytes()
    assert plain.startswith(b"\xef\xbb\xbf")
    assert plain.decode("utf-8-sig").splitlines()[1] == "01,Hà Nội,1200,56.97,2025-11-13,'=1+1"
    vi = (written("vi", "vi") / "completion.csv").read_bytes().decode("utf-8-sig")
    assert vi.splitlines()[1] == "01;Hà Nội;1200;56,97;2025-11-13;'=1+1"
    back = pd.read_csv(written("en", "vi") / "completion.csv", sep=";", decimal=",", dtype={"province_code": str})
    assert back.columns[0] == "province_code" and back["completion_pct"].iloc[0] == 56.97


@pytest.mark.parametrize(
    "column, values, expected",
    [
        pytest.param("dossiers_total", pd.array([3], dtype="Int64"), "#,##0", id="count"),
        pytest.param("online_pct", pd.array([3.5], dtype="Float64"), "0.0", id="rate"),
        pytest.param("composite_index", pd.array([3.5], dtype="Float64"), "0.0", id="index"),
        pytest.param("is_stale", pd.array([True], dtype="bool"), None, id="boolean"),
        pytest.param("province_name", pd.array(["A"], dtype="string"), None, id="text"),
    ],
)
def test_number_formats_follow_the_column(column, values, expected):
    assert number_format(column, pd.Series(values), "vi") == expected


def test_every_column_of_the_sample_tables_has_headers_in_both_languages(tmp_path):
    out = tmp_path / "t"
    assert main(["tables", "--out", str(out), "--lang", "en"]) == 0
    book = openpyxl.load_workbook(out / "tables.xlsx", read_only=True)
    for name in book.sheetnames[1:]:
        codes = next(book[name].iter_rows(max_row=1, values_only=True))
        for code in codes:
            assert header(code, "vi") != code and header(code, "en") != code, f"{name}.{code} has no header"


@pytest.mark.slow
def test_libreoffice_reads_numbers_dates_and_formats(written, tmp_path):
    if not shutil.which("soffice"):  # CI installs it (.ci/run): there the test fails rather than skips
        message = "LibreOffice is not installed (apt-get install libreoffice-calc)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    out = written("vi")
    profile = tmp_path / "lo-profile"
    # every sheet to CSV, cells as shown: the formats LibreOffice applies are what a reader sees
    filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", filt,
         "--outdir", str(tmp_path), str(out / "tables.xlsx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    rows = (tmp_path / "tables-completion.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1] == 'Mã tỉnh,"Tỉnh, thành phố",Nhiệm vụ được giao,Tỷ lệ hoàn thành,Ngày báo cáo,Nhiệm vụ'
    assert rows[2] == '01,Hà Nội,"1,200",57.0,13/11/2025,=1+1'
