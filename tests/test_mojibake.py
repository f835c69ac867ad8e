"""UTF-8 text opened in another code page and saved again ('HÃ  Ná»™i' for 'Hà Nội') is told apart and repaired.

The office-file variants made by LibreOffice itself are in tests/office_files (test_office_files.py); these are
the hand-made cases and the check that no correctly written Vietnamese name is ever taken for mojibake.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from dtanalysis.inputs import reference
from dtanalysis.inputs.formats import unmojibake
from dtanalysis.inputs.layout import header_key
from dtanalysis.inputs.loader import read_folder
from tests.conftest import ROOT, SAMPLE_DIR


def _garble(text: str, codec: str, undefined: str = "c1") -> str:
    """Return UTF-8 `text` as a program shows it after opening it in `codec`: an undefined byte b as U+00b
    (Python, Excel) or, as LibreOffice does, U+F100 + b."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b) if undefined == "c1" else chr(0xF100 + b))
    return "".join(out)


@pytest.mark.parametrize("codec", ["cp1252", "cp1258"])
@pytest.mark.parametrize("undefined", ["c1", "libreoffice"])
@pytest.mark.parametrize(
    "text", ["Hà Nội", "Đồng Nai", "Tỉnh/thành phố", "Thể chế số", "2025–2030", "Phường Hiệp Hòa", "Ủy ban nhân dân"]
)
def test_garbled_text_comes_back_as_written(text, codec, undefined):
    garbled = _garble(text, codec, undefined)
    assert garbled != text
    original, pages = unmojibake(garbled)
    assert original == text and codec in pages


def test_what_the_garbling_looks_like():
    assert _garble("Hà Nội", "cp1252") == "HÃ\xa0 Ná»™i"
    assert _garble("Hà Nội", "cp1258") == "HĂ\xa0 Ná»™i"
    assert unmojibake("HÃ\xa0 Ná»™i") == ("Hà Nội", ("cp1252",))
    assert unmojibake("HĂ\xa0 Ná»™i") == ("Hà Nội", ("cp1258",))
    assert unmojibake("Tá»‰nh Nghá»‡ An") == ("Tỉnh Nghệ An", ("cp1252", "cp1258"))  # the two agree on these bytes


@pytest.mark.parametrize("text", ["", "Ha Noi", "Hà Nội", "Café crème", "naïve — “quoted”", "50 °C", "Ê-đê", "x\x85y"])
def test_text_that_is_not_garbled_is_left_alone(text):
    assert unmojibake(text) is None


def test_no_correctly_written_name_is_taken_for_mojibake():
    """Every province, old province, commune and old commune name, every text of the sample's tasks and
    difficulties, every published difficulty statement and every label and keyword of the difficulty taxonomy passes through untouched, NFC and NFD."""
    names = set()
    for table, columns in (
        (reference.provinces(), ["name_vi", "name_full_vi", "type_vi"]),
        (reference.crosswalk(), ["old_name_vi", "old_name_full_vi"]),
        (reference.communes(), ["commune_name", "commune_type_vi", "province_name"]),
        (reference.old_communes(), ["old_commune_name", "old_district_name", "old_province_name"]),
        (pd.read_csv(SAMPLE_DIR / "difficulties.csv", dtype=str), None),
        (pd.read_csv(SAMPLE_DIR / "tasks.csv", dtype=str), None),
        (pd.read_csv(ROOT / "data" / "published" / "difficulty_statements.csv", dtype=str), ["province", "text"]),
    ):
        for column in columns or table.columns:
            names |= {v for v in table[column].dropna() if isinstance(v, str)}
    for kind in reference.difficulty_taxonomy():
        names |= {kind["label_vi"], *kind["keywords_vi"], *kind.get("exclude_vi", [])}
    assert len(names) > 10_000
    taken = [n for n in names for form in ("NFC", "NFD") if unmojibake(unicodedata.normalize(form, n))]
    assert not taken, taken[:10]


def test_a_garbled_header_is_matched_as_meant():
    assert header_key(_garble("Tỉnh/thành phố", "cp1252")) == header_key("Tỉnh/thành phố")


@pytest.mark.parametrize("codec, page", [("cp1252", "Windows-1252"), ("cp1258", "Windows-1258")])
def test_a_garbled_task_register_loads_as_written_with_one_warning_per_column(tmp_path, codec, page):
    text = (
        "Mã nhiệm vụ,Tỉnh/thành phố,Tên nhiệm vụ,Trạng thái,Ngày báo cáo\n"
        "NQ57-01-0001,Hà Nội,Số hóa hồ sơ đất đai,Đã hoàn thành,30/09/2025\n"
        "NQ57-01-0002,Hà Nội,Xây dựng kho dữ liệu dùng chung,Đang thực hiện,30/09/2025\n"
        "NQ57-75-0001,Đồng Nai,Triển khai nền tảng họp trực tuyến,Chưa thực hiện,30/09/2025\n"
    )
    (tmp_path / "right").mkdir()
    (tmp_path / "right" / "tasks.csv").write_text(text, encoding="utf-8")
    (tmp_path / "garbled").mkdir()
    (tmp_path / "garbled" / "tasks.csv").write_text(_garble(text, codec), encoding="utf-8")
    right, _ = read_folder(tmp_path / "right")
    garbled, problems = read_folder(tmp_path / "garbled")
    assert not [p for p in problems if p.severity == "error"]
    pd.testing.assert_frame_equal(right.tasks, garbled.tasks)
    warned = {p.column: p for p in problems if "hold UTF-8 text that was opened as" in p.message}
    assert set(warned) == {"province", "title", "status"}
    assert warned["province"].row == 2 and warned["province"].message.startswith("3 cell(s)")
    assert page in warned["title"].message and "Unicode (UTF-8)" in warned["title"].fix
    assert all(p.severity == "warning" for p in warned.values())
