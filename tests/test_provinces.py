"""Province names and codes in every spelling resolve to the right unit, in the right era."""

import pytest

from dtanalysis.common.errors import UnknownProvinceError
from dtanalysis.inputs import provinces


@pytest.mark.parametrize(
    ("value", "pre_merger", "code", "old_code"),
    [
        pytest.param("Nghệ An", False, "40", None, id="official-name"),
        pytest.param("nghe an", False, "40", None, id="no-accents-lower"),
        pytest.param("NGHỆ AN", False, "40", None, id="upper-case"),
        pytest.param("Tỉnh Nghệ An", False, "40", None, id="tinh-prefix"),
        pytest.param("40", False, "40", None, id="code"),
        pytest.param("40.0", False, "40", None, id="code-as-excel-float"),
        pytest.param("  Nghệ   An ", False, "40", None, id="extra-spaces"),
        pytest.param("Thành phố Hồ Chí Minh", False, "79", None, id="thanh-pho-prefix"),
        pytest.param("TP. Hồ Chí Minh", False, "79", None, id="tp-dot-prefix"),
        pytest.param("TP Đà Nẵng", False, "48", None, id="tp-prefix"),
        pytest.param("TP.HCM", False, "79", None, id="hcm-abbreviation"),
        pytest.param("Hanoi", False, "01", None, id="english-name"),
        pytest.param("Ha Noi", False, "01", None, id="ascii-name"),
        pytest.param("Khánh Hoà", False, "56", None, id="old-tone-placement"),
        pytest.param("Khánh Hòa", False, "56", None, id="new-tone-placement"),
        pytest.param("Thanh Hoá", False, "38", None, id="old-tone-placement-hoa"),
        pytest.param("4", False, "04", None, id="one-digit-code"),
        # old provinces after the merger map to their 2025 unit
        pytest.param("Ninh Thuận", False, "56", None, id="old-name-after-merger"),
        pytest.param("Thái Bình", False, "33", None, id="thai-binh-into-hung-yen"),
        pytest.param("Bình Dương", False, "79", None, id="binh-duong-into-hcm"),
        pytest.param("Bà Rịa - Vũng Tàu", False, "79", None, id="hyphenated-old-name"),
        # before the merger names and codes stay old units (rolled up through province_code)
        pytest.param("Ninh Thuận", True, "56", "58", id="old-name-before-merger"),
        pytest.param("Khánh Hòa", True, "56", "56", id="surviving-name-before-merger"),
        pytest.param("15", True, "15", "15", id="code-15-was-yen-bai"),
        pytest.param("10", True, "15", "10", id="old-lao-cai-code"),
        pytest.param("Thừa Thiên Huế", True, "46", "46", id="thua-thien-hue"),
        pytest.param("Hòa Bình", True, "25", "17", id="hoa-binh-into-phu-tho"),
    ],
)
def test_resolve(value, pre_merger, code, old_code):
    unit = provinces.resolve(value, pre_merger=pre_merger)
    assert (unit.province_code, unit.old_province_code) == (code, old_code)


def test_code_15_changes_meaning_at_merger():
    assert provinces.resolve("15", pre_merger=True).old_province_name == "Yên Bái"
    assert provinces.resolve("15", pre_merger=False).province_name == "Lào Cai"


@pytest.mark.parametrize(
    ("value", "pre_merger", "fragment"),
    [
        pytest.param("Tỉnh Hà Tây", False, "did you mean Hà Nội", id="historical-suggests-successor"),
        pytest.param("Nghe Ann", False, "did you mean Nghệ An", id="typo-suggests-closest"),
        pytest.param("02", False, "was Hà Giang before the merger, now part of Tuyên Quang", id="old-only-code-after"),
        pytest.param("99", False, "unknown province code '99'", id="no-such-code"),
        pytest.param("", False, "empty", id="empty"),
    ],
)
def test_unknown_province_explains(value, pre_merger, fragment):
    with pytest.raises(UnknownProvinceError, match=fragment):
        provinces.resolve(value, pre_merger=pre_merger)


def test_every_official_and_old_name_resolves():
    from dtanalysis.inputs import reference

    for row in reference.provinces().itertuples():
        for name in (row.name_vi, row.name_full_vi, row.name_en, row.name_ascii, row.code):
            assert provinces.resolve(name).province_code == row.code
    for row in reference.crosswalk().itertuples():
        for name in (row.old_name_vi, row.old_name_full_vi, row.old_name_ascii, row.old_code):
            unit = provinces.resolve(name, pre_merger=True)
            assert (unit.province_code, unit.old_province_code) == (row.new_code, row.old_code)
            assert provinces.resolve(row.old_name_vi).province_code == row.new_code


def test_reference_tables_are_complete():
    from dtanalysis.inputs import reference

    assert len(reference.provinces()) == 34
    assert len(reference.crosswalk()) == 63
    assert set(reference.crosswalk().new_code) == set(reference.provinces().code)
    assert len(reference.boundaries()["features"]) == 34
    assert {"tasks_done_rate", "online_filing_rate", "full_online_filing_rate"} <= set(
        reference.indicator_catalogue().index
    )


@pytest.mark.parametrize(
    ("value", "written_as"),
    [
        pytest.param("Hà Giang", "Hà Giang", id="old-name-is-a-part"),
        pytest.param("Tuyên Quang", None, id="the-unit-itself"),
        pytest.param("Tỉnh Tuyên Quang", None, id="the-unit-prefixed"),
        pytest.param("08", None, id="the-unit-by-code"),
    ],
)
def test_an_old_name_after_the_merger_names_its_part_of_the_unit(value, written_as):
    unit = provinces.resolve(value, pre_merger=False)
    assert (unit.province_code, unit.old_province_code, unit.written_as) == ("08", None, written_as)


def test_a_part_reporting_apart_after_the_merger_is_counted_and_warned(tmp_path):
    """Hà Giang's office still reports under its old name, on another date than Tuyên Quang: both count (3/5, not
    the later report's 0/2), with a warning that names what was combined."""
    from dtanalysis.analysis import completion
    from dtanalysis.inputs.loader import load

    (tmp_path / "tasks.csv").write_text(
        "Mã nhiệm vụ,Tỉnh,Tên nhiệm vụ,Trạng thái,Thời hạn,Ngày hoàn thành,Ngày báo cáo\n"
        + "".join(f"HG-{i},Hà Giang,Việc {i},Đã hoàn thành,31/12/2025,0{i}/09/2025,20/09/2025\n" for i in (1, 2, 3))
        + "TQ-1,Tuyên Quang,Việc bốn,Đang thực hiện,31/12/2025,,30/09/2025\n"
        + "TQ-2,Tỉnh Tuyên Quang,Việc năm,Chưa thực hiện,31/12/2025,28/09/2025,30/09/2025\n",
        encoding="utf-8",
    )
    bundle = load(tmp_path)
    table = completion.completion(completion.at_snapshot(bundle.tasks)).set_index("province_code")
    assert (table.loc["08", "done"], table.loc["08", "assigned"]) == (3, 5)
    warnings = {(p.row, p.column): str(p) for p in bundle.warnings}
    assert set(warnings) == {(2, "province"), (6, "completed_on")}, warnings
    assert "3 tasks of Tuyên Quang are reported under 'Hà Giang' on 2025-09-20" in warnings[2, "province"]
    assert "latest report (under 'Tuyên Quang') is of 2025-09-30" in warnings[2, "province"]
    assert "completion date but its status says it is not done" in warnings[6, "completed_on"]


def test_rows_of_unknown_provinces_are_not_reported_as_duplicates_of_each_other(tmp_path):
    """Two unknown provinces leave no code to compare: each row gets its own 'unknown province', no 'twice'."""
    from dtanalysis.common.errors import DataError
    from dtanalysis.inputs.loader import load

    (tmp_path / "tasks.csv").write_text(
        "task_id,province,title,status,due,as_of\n"
        "T-1,Bảo Lạc,Số hoá hồ sơ,in_progress,2025-12-31,2025-10-31\n"
        "T-1,Hà Tây cũ,Số hoá hồ sơ,in_progress,2025-12-31,2025-10-31\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load(tmp_path)
    messages = [str(p) for p in caught.value.problems]
    assert sum("unknown province" in m for m in messages) == 2, messages
    assert not any("twice" in m for m in messages), messages
