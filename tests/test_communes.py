"""The 3,321 communes of 2025 and the 10,051 before them: reference tables, and names and codes resolved."""

from pathlib import Path

import pandas as pd
import pytest

from dtanalysis.briefings import map_shapes
from dtanalysis.common.errors import UnknownCommuneError
from dtanalysis.inputs import communes, reference
from dtanalysis.inputs.loader import load, read_folder

# ---------------------------------------------------------------- reference data


def test_commune_list_matches_the_published_counts():
    units = reference.communes()
    counts = reference.commune_counts()
    total = counts[counts["province_name"] == "TOTAL"].iloc[0]
    assert len(units) == int(total["total"]) == 3321
    assert units["commune_code"].is_unique and units["commune_code"].str.fullmatch(r"\d{5}").all()
    per_province = units.groupby("province_code").size()
    by_type = units.groupby(["province_code", "commune_type"]).size().unstack(fill_value=0)
    for row in counts[counts["province_name"] != "TOTAL"].itertuples():
        assert per_province[row.province_code] == int(row.total), row.province_name
        for kind in ("commune", "ward", "special_zone"):
            assert by_type.at[row.province_code, kind] == int(getattr(row, kind)), (row.province_name, kind)
    assert (per_province["40"], per_province["33"], per_province["22"]) == (130, 104, 54)
    assert set(per_province.index) == set(reference.provinces()["code"])
    assert units["commune_type"].value_counts().to_dict() == {"commune": 2621, "ward": 687, "special_zone": 13}


def test_crosswalk_and_pre_merger_list():
    cross = reference.commune_crosswalk()
    assert len(cross) == 10571
    assert set(cross["new_commune_code"]) == set(reference.communes()["commune_code"])
    assert cross["change_kind"].value_counts().to_dict() == {"merged_whole": 9475, "merged_part": 969, "unchanged": 127}
    old = reference.old_communes()
    assert len(old[old["old_commune_type_vi"] != "Huyện"]) == 10051
    assert old.loc[old["old_commune_type_vi"] != "Huyện", "old_commune_code"].is_unique


@pytest.mark.parametrize(
    ("change", "kind"),
    [
        pytest.param("Nhập toàn bộ", "merged_whole", id="whole"),
        pytest.param("Nhập một phần", "merged_part", id="part"),
        pytest.param("Nhâp một phần diện tích", "merged_part", id="misspelt-part-area"),
        pytest.param("Nhập một phần dân số", "merged_part", id="part-population"),
        pytest.param("Phần còn lại sau khi tách một phần vào xã Canh Vinh", "merged_part", id="remainder"),
        pytest.param("Giữ nguyên", "unchanged", id="unchanged"),
        pytest.param("Đổi tên", "merged_whole", id="renamed"),
        pytest.param("Sắp xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo", "merged_whole", id="district-to-zone"),
    ],
)
def test_change_kind(change, kind):
    assert reference.change_kind(change) == kind


def test_commune_boundaries_cover_every_commune_of_each_province():
    units = reference.communes()
    for province, group in units.groupby("province_code"):
        shapes = reference.commune_boundaries(province)
        ids = [f["id"] for f in shapes["features"]]
        assert sorted(ids) == sorted(group["commune_code"]), province
        assert all(f["geometry"]["coordinates"] for f in shapes["features"]), province
    with pytest.raises(KeyError, match="no commune boundaries"):
        reference.commune_boundaries("99")


# ---------------------------------------------------------------- resolution, from 2025-07-01


@pytest.mark.parametrize(
    ("value", "province", "code"),
    [
        pytest.param("Phường Ba Đình", "Hà Nội", "00004", id="official-name"),
        pytest.param("phuong ba dinh", "Hà Nội", "00004", id="no-accents-lower"),
        pytest.param("PHƯỜNG BA ĐÌNH", "Thành phố Hà Nội", "00004", id="upper-case-full-province"),
        pytest.param("Ba Đình", "01", "00004", id="no-type-word-province-code"),
        pytest.param("P. Ba Đình", "Hà Nội", "00004", id="p-dot"),
        pytest.param("P.Ba Đình", "Hà Nội", "00004", id="p-dot-no-space"),
        pytest.param("  Phường  Ba   Đình ", "Hà Nội", "00004", id="extra-spaces"),
        pytest.param("00004", "Hà Nội", "00004", id="code"),
        pytest.param("4", None, "00004", id="code-lost-leading-zeros"),
        pytest.param("4.0", None, "00004", id="code-as-excel-float"),
        pytest.param("X. Ba Chẽ", "Quảng Ninh", "06970", id="x-dot"),
        pytest.param("Đặc khu Côn Đảo", "TP. Hồ Chí Minh", "26732", id="special-zone"),
        pytest.param("dac khu con dao", None, "26732", id="unique-in-country-no-province"),
        pytest.param("Xã Hoà Sơn", "Nghệ An", "17677", id="old-tone-placement-old-name"),
        pytest.param("Phường Hà Giang 1", "Tuyên Quang", "00694", id="numbered-ward"),
        pytest.param("Phường Hà Giang 01", "Tuyên Quang", "00694", id="numbered-ward-leading-zero"),
        pytest.param("Xã Văn Lăng", "Thái Nguyên", "05665", id="accents-tell-apart-van-lang"),
        pytest.param("Xã Văn Lang", "Thái Nguyên", "02143", id="accents-tell-apart-van-lang-2"),
        pytest.param("Xã Ba Đình", None, "16171", id="type-word-tells-apart-nationally"),
        # an old commune that merged whole, in data from 2025-07-01
        pytest.param("Phường Trúc Bạch", "Hà Nội", "00004", id="old-name-merged-whole"),
        pytest.param("phuong quan thanh", "Hà Nội", "00004", id="old-name-no-accents"),
    ],
)
def test_resolve_after_merger(value, province, code):
    unit = communes.resolve(value, province)
    assert (unit.commune_code, unit.old_commune_code) == (code, None)
    assert unit.province_code == reference.communes().set_index("commune_code").at[code, "province_code"]


def test_tone_placement_does_not_matter():
    assert communes.tone_key("Xã Hoà Bình") == communes.tone_key("xã hòa bình") != communes.tone_key("Xã Hoa Bình")
    assert communes.tone_key("Thủy") == communes.tone_key("Thuỷ")


@pytest.mark.parametrize(
    ("value", "province", "fragments"),
    [
        pytest.param("Xã Tân Lập", None, ["3 communes across the country", "give the province"], id="shared-name"),
        pytest.param("Tân Lập", None, ["Đắk Lắk", "give the province"], id="shared-name-without-type"),
        pytest.param(
            "Xã Ba Đìnhh", "Hà Nội", ["unknown commune", "closest in Hà Nội", "Phường Ba Đình"], id="typo-lists-closest"
        ),
        pytest.param(
            "Phường Ba Đình", "Nghệ An", ["Nghệ An has no commune", "Hà Nội", "province right"], id="wrong-province"
        ),
        pytest.param("00004", "Nghệ An", ["Phường Ba Đình of Hà Nội, not of Nghệ An"], id="code-in-wrong-province"),
        pytest.param(
            "00016",
            "Hà Nội",
            ["split", "Phường Ba Đình (00004)", "Phường Ngọc Hà (00008)", "code of the new commune"],
            id="split-old-code",
        ),
        pytest.param(
            "00013", "Hà Nội", ["pre-merger commune", "Phường Quán Thánh", "Phường Ba Đình, code 00004"], id="old-code"
        ),
        pytest.param(
            "Phường Cống Vị",
            "Hà Nội",
            ["split on 2025-07-01 between", "Phường Ngọc Hà (00008)", "Phường Giảng Võ (00025)", "must name the new"],
            id="split-old-name",
        ),
        pytest.param(
            "Tân Lập",
            "Phú Thọ",
            ["3 pre-merger communes", "Huyện Lạc Sơn", "Xã Mường Vang", "5-digit code"],
            id="old-name-of-several",
        ),
        pytest.param("Van Lang", "Thái Nguyên", ["Xã Văn Lang (02143) or Xã Văn Lăng (05665)"], id="accentless-ambig"),
        pytest.param("99999", None, ["unknown 2025 commune code '99999'"], id="unknown-code"),
        pytest.param("", "Hà Nội", ["empty"], id="empty"),
        pytest.param("Xã Không Có", None, ["unknown commune", "giving the province"], id="unknown-no-province"),
    ],
)
def test_resolve_errors_explain(value, province, fragments):
    with pytest.raises(UnknownCommuneError) as err:
        communes.resolve(value, province)
    for fragment in fragments:
        assert fragment in str(err.value)


# ---------------------------------------------------------------- resolution, before 2025-07-01


@pytest.mark.parametrize(
    ("value", "province", "old_code", "new_code"),
    [
        pytest.param("Phường Trúc Bạch", "Hà Nội", "00004", "00004", id="merged-whole-keeps-new"),
        pytest.param("Phường Phúc Xá", "Hà Nội", "00001", "00097", id="merged-whole-into-other-code"),
        pytest.param("Phường Ngọc Hà", "Hà Nội", "00016", None, id="split-has-no-single-new"),
        pytest.param("00016", "Hà Nội", "00016", None, id="split-by-code"),
        pytest.param("Xã Tân Lập", "Hòa Bình", "05287", "05287", id="old-province-narrows-old-name"),
        pytest.param("Tân Lập", "Phú Thọ", "08641", "08611", id="old-province-phu-tho"),
    ],
)
def test_resolve_before_merger_stays_old_unit(value, province, old_code, new_code):
    unit = communes.resolve(value, province, pre_merger=True)
    assert (unit.old_commune_code, unit.commune_code) == (old_code, new_code)


def test_before_merger_a_shared_old_name_needs_the_code():
    with pytest.raises(UnknownCommuneError, match="2 pre-merger communes of this province.*Hai Bà Trưng.*5-digit"):
        communes.resolve("Phường Minh Khai", "Hà Nội", pre_merger=True)
    with pytest.raises(UnknownCommuneError, match="province of 'Phường Trúc Bạch' is needed"):
        communes.resolve("Phường Trúc Bạch", None, pre_merger=True)


def test_every_official_name_and_code_resolves_to_itself():
    for row in reference.communes().itertuples():
        assert communes.resolve(row.commune_code).commune_code == row.commune_code
        assert communes.resolve(row.commune_name, row.province_code).commune_code == row.commune_code, row


def test_old_communes_merged_whole_resolve_after_the_merger():
    index = communes._index()
    resolved = ambiguous = 0
    for old_code, name in index.old_name.items():
        new = index._whole_target(old_code)
        if new is None:
            continue
        try:
            unit = communes.resolve(name, index.province[new])
        except UnknownCommuneError:
            ambiguous += 1  # the name of several old communes of the province, or of a new one elsewhere in it
            continue
        assert unit.commune_code == new or loose_name_is_new(name, index.province[new]), (old_code, name)
        resolved += 1
    assert resolved > 8000 and ambiguous < 1000


def loose_name_is_new(name, province):
    """An old name that is also a new commune's name resolves to that new commune, which is right from 2025-07-01."""
    return bool(communes._index()._new_named(name, province))


def test_commune_slices_stay_small():
    folder = map_shapes.commune_slices_dir()
    sizes = [p.stat().st_size for p in folder.glob("*.json")]
    assert len(sizes) == 34 and sum(sizes) <= 3_000_000 and max(sizes) <= 250_000
    assert (folder / "LICENSE").is_file() and "thanglequoc" in (folder / "NOTICE.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_shipped_commune_slices_equal_a_regeneration():
    source = Path(__file__).parents[1] / "data" / "reference" / "geo" / "vn_communes_3321_2025.geojson.gz"
    slices = map_shapes.commune_slices(map_shapes.read_geojson(source))
    for code, collection in slices.items():
        shipped = (map_shapes.commune_slices_dir() / f"{code}.json").read_text(encoding="utf-8")
        assert shipped == map_shapes.dumps(collection), "run `python -m dtanalysis.briefings.map_shapes --communes ...`"


# ---------------------------------------------------------------- the loader resolves communes

FILINGS = """province,commune,period,dossiers_total,dossiers_online,level
Hà Nội,P. Ba Đình,2025-08,100,90,commune
Hà Nội,00004,2025-09,100,91,commune
Hà Nội,Phường Trúc Bạch,2025-06,50,40,commune
Hà Nội,Phường Ngọc Hà,2025-06,50,40,commune
Hà Nội,,2025-08,1000,900,province
"""


def test_loader_gives_official_names_and_codes(tmp_path):
    (tmp_path / "filings.csv").write_text(FILINGS, encoding="utf-8")
    bundle, problems = read_folder(tmp_path)
    assert [p for p in problems if p.severity == "error"] == []
    table = bundle.filings.set_index("source_row")[["commune", "commune_code", "old_commune_code"]]
    assert table.loc[2].tolist() == ["Phường Ba Đình", "00004", pd.NA]
    assert table.loc[3].tolist() == ["Phường Ba Đình", "00004", pd.NA]
    assert table.loc[4].tolist() == ["Phường Trúc Bạch", "00004", "00004"]  # before the merger: still the old unit
    assert table.loc[5].tolist() == ["Phường Ngọc Hà", pd.NA, "00016"]  # split: no single new commune
    assert table.loc[6].isna().all()


@pytest.mark.parametrize(
    ("row", "fragments"),
    [
        pytest.param(
            "Nghệ An,Phường Ba Đình,2025-08,10,5,commune",
            ["has no commune", "Fix: correct the province"],
            id="wrong-province",
        ),
        pytest.param(
            "Hà Nội,Phường Cống Vị,2025-08,10,5,commune", ["was split", "Fix: split the row"], id="split-after-merger"
        ),
        pytest.param(
            "Hà Nội,00013,2025-08,10,5,commune", ["pre-merger commune", "Fix: write 00004"], id="old-code-after-merger"
        ),
        pytest.param(
            "Hà Nội,Phường Ba Đìnhh,2025-08,10,5,commune", ["closest in Hà Nội", "5-digit code"], id="unknown"
        ),
    ],
)
def test_loader_reports_each_commune_mistake(tmp_path, row, fragments):
    (tmp_path / "filings.csv").write_text(FILINGS + row + "\n", encoding="utf-8")
    _, problems = read_folder(tmp_path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert len(errors) == 1 and "row 7, column 'commune'" in errors[0]
    for fragment in fragments:
        assert fragment in errors[0]


def test_commune_sample_uses_the_real_list_and_loads_resolved():
    folder = Path(__file__).parents[1] / "data" / "sample-communes"
    bundle, problems = read_folder(folder)
    assert [p for p in problems if p.severity == "error"] == []
    filings = bundle.filings[bundle.filings["level"] == "commune"]
    after = filings[filings["old_commune_code"].isna()]
    assert set(after["commune_code"]) == set(reference.communes()["commune_code"])
    before = filings[
        filings["old_commune_code"].notna()
    ]  # the old communes of the three provinces reporting per commune
    assert set(before["province_name"]) == {"Quảng Ninh", "Hưng Yên", "Nghệ An"}
    assert before["period_start"].max() < pd.Timestamp(reference.MERGER_DATE)
    old = reference.old_communes()
    assert set(before["old_commune_code"]) == set(
        old.loc[old["old_province_name"].str.contains("Quảng Ninh|Hưng Yên|Nghệ An|Thái Bình"), "old_commune_code"]
    )
    assert bundle.tasks["commune_code"].notna().all() and set(bundle.tasks["province_name"]) == {"Quảng Ninh"}
    assert "synthetic" in (folder / "README.md").read_text(encoding="utf-8").lower()


# ---------------------------------------------------------------- roll-up across the merger

ROLL_UP = """province,commune,period,dossiers_total,dossiers_online,level
Nghệ An,Phường Hoà Hiếu,2025-05,50,40,commune
Nghệ An,Phường Quang Phong,2025-05,30,20,commune
Nghệ An,Phường Long Sơn,2025-05,20,10,commune
Nghệ An,Phường Quang Tiến,2025-05,10,9,commune
Nghệ An,Xã Nghĩa Tiến,2025-05,10,9,commune
Hà Nội,Phường Trúc Bạch,2025-05,50,40,commune
Hà Nội,Phường Quán Thánh,2025-05,30,20,commune
Hà Nội,Phường Ngọc Hà,2025-05,70,60,commune
Nghệ An,Phường Thái Hòa,2025-08,120,80,commune
"""


def test_pre_merger_counts_roll_up_only_when_every_old_commune_merged_whole(tmp_path):
    from dtanalysis.analysis.communes import rolled_up

    (tmp_path / "filings.csv").write_text(ROLL_UP, encoding="utf-8")
    table = rolled_up(load(tmp_path).filings).set_index(["commune_code", "period"])
    # Phường Thái Hòa = Hoà Hiếu + Quang Phong + Long Sơn, all merged whole: summed
    assert table.loc[("16939", "2025-05"), ["dossiers_total", "dossiers_online", "is_complete"]].tolist() == [
        100,
        70,
        True,
    ]
    assert table.loc[("16939", "2025-08"), ["dossiers_total", "is_complete"]].tolist() == [120, True]
    # Phường Tây Hiếu: Xã Tây Hiếu did not report that month, so no total is made up
    tay_hieu = table.loc[("17011", "2025-05")]
    assert pd.isna(tay_hieu["dossiers_total"]) and not tay_hieu["is_complete"]
    assert "17011 did not report" in tay_hieu["gap"]
    # Phường Ba Đình received part of split wards (Ngọc Hà 00016 among them): incomplete, never guessed
    ba_dinh = table.loc[("00004", "2025-05")]
    assert pd.isna(ba_dinh["dossiers_total"]) and not ba_dinh["is_complete"]
    assert "split old communes 00016" in ba_dinh["gap"]
    assert table.loc[("00008", "2025-05"), "is_complete"] == False  # noqa: E712 — the other half of Ngọc Hà
    assert set(table["commune"].dropna()) >= {"Phường Thái Hòa", "Phường Ba Đình"}


@pytest.mark.parametrize(
    "written, warned",
    [
        pytest.param("Xã Tân Lập", True, id="xa-read-as-phuong"),
        pytest.param("Phường Tân Lập", False, id="same-type"),
        pytest.param("Tân Lập", False, id="no-type-word"),
    ],
)
def test_a_type_word_that_differs_from_the_unit_found_is_named(written, warned):
    unit = communes.resolve(written, "Đắk Lắk")
    assert (unit.commune_code, unit.commune_name) == ("24121", "Phường Tân Lập")  # Đắk Lắk's only Tân Lập
    message = communes.type_mismatch(written, unit)
    if warned:
        assert message.startswith("'Xã Tân Lập' was read as Phường Tân Lập (24121) of Đắk Lắk")
        assert message.endswith("written as a xã but is a phường")
    else:
        assert message is None


def test_the_loader_warns_once_when_a_commune_is_read_with_another_type_word(tmp_path):
    from dtanalysis.inputs.loader import load

    (tmp_path / "filings.csv").write_text(
        "province,commune,period,dossiers_total,dossiers_online,level\n"
        "Đắk Lắk,Xã Tân Lập,2025-08,100,80,commune\n"
        "Đắk Lắk,Xã Tân Lập,2025-09,100,80,commune\n",
        encoding="utf-8",
    )
    bundle = load(tmp_path)
    (warning,) = [w for w in bundle.warnings if w.column == "commune"]
    assert (warning.file, warning.row, warning.value) == ("filings.csv", 2, "Xã Tân Lập")  # the first row only
    assert "Phường Tân Lập" in warning.message and "Xã Tân Lập" in warning.message
    assert (bundle.filings["commune_code"] == "24121").all()  # still read, as the unit it names
