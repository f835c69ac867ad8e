"""Record-level dossiers: DuckDB's monthly counts equal a plain pandas groupby of the same rows, bad values are
reported with a row, and a data folder holding only dossiers.parquet loads with filings counted from it."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

import numpy as np
import pandas as pd
import pytest

from dtanalysis import DataError, load, read_folder
from dtanalysis.analysis import filing
from dtanalysis.inputs import communes, dossiers, provinces
from dtanalysis.inputs.reference import MERGER_DATE

TODAY = dt.date(2026, 1, 1)
HEADER = {
    "province": "Tỉnh",
    "received_on": "Ngày tiếp nhận",
    "channel": "Hình thức nộp",
    "commune": "Xã/phường",
    "is_full_online": "Toàn trình",
    "procedure": "Thủ tục",
}
SPELLINGS = [
    "Hà Giang",
    "tinh ha giang",
    "Tuyên Quang",
    "08",
    "Bình Dương",
    "TP. Hồ Chí Minh",
    "79",
    "Nghệ An",
    "NGHỆ AN",
    "Thừa Thiên Huế",
    "Tỉnh Quảng Nam",
    "Đà Nẵng",
]  # old and new names, codes, any spelling
CHANNELS = {
    "Trực tuyến": "online",
    "online": "online",
    "Trực tiếp": "offline",
    "Bưu chính công ích": "offline",
    "offline": "offline",
}


def dossier_rows(n: int = 400, seed: int = 7) -> pd.DataFrame:
    """Return `n` hand-made dossiers from April to September 2025 (across the merger), Vietnamese headers."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2025-04-01") + pd.to_timedelta(rng.integers(0, 183, n), unit="D")
    channel = np.array(list(CHANNELS), dtype=object)[rng.integers(0, len(CHANNELS), n)]
    return pd.DataFrame(
        {
            HEADER["province"]: np.array(SPELLINGS, dtype=object)[rng.integers(0, len(SPELLINGS), n)],
            HEADER["received_on"]: days.date,
            HEADER["channel"]: channel,
            HEADER["commune"]: np.array(["Xã Đông", "Phường Tây", "Xã Nam"], dtype=object)[rng.integers(0, 3, n)],
            HEADER["is_full_online"]: (pd.Series(channel).map(CHANNELS) == "online").to_numpy() & (rng.random(n) < 0.5),
            HEADER["procedure"]: "Cấp giấy phép",
        }
    )


def expected_filings(rows: pd.DataFrame, by_commune: bool = False) -> pd.DataFrame:
    """The same counts computed row by row with provinces.resolve and a pandas groupby: the reference."""
    pre = pd.to_datetime(rows[HEADER["received_on"]]) < pd.Timestamp(MERGER_DATE)
    units = [provinces.resolve(name, pre_merger=bool(p)) for name, p in zip(rows[HEADER["province"]], pre)]
    online = rows[HEADER["channel"]].map(CHANNELS) == "online"
    frame = pd.DataFrame(
        {
            "province_code": [u.province_code for u in units],
            "old_province_code": [u.old_province_code or "" for u in units],
            "period": pd.to_datetime(rows[HEADER["received_on"]]).dt.strftime("%Y-%m"),
            "commune": rows[HEADER["commune"]] if by_commune else "",
            "dossiers_total": 1,
            "dossiers_online": online.astype(int),
            "dossiers_online_full": (rows[HEADER["is_full_online"]] & True).astype(int),
        }
    )
    keys = ["period", "province_code", "old_province_code", "commune"]
    return frame.groupby(keys, as_index=False)[["dossiers_total", "dossiers_online", "dossiers_online_full"]].sum()


def comparable(filings: pd.DataFrame) -> pd.DataFrame:
    out = filings.assign(
        old_province_code=filings["old_province_code"].fillna(""), commune=filings["commune"].fillna("")
    )
    columns = [
        "period",
        "province_code",
        "old_province_code",
        "commune",
        "dossiers_total",
        "dossiers_online",
        "dossiers_online_full",
    ]
    out = out[columns].astype({c: "int64" for c in columns[4:]}).astype({c: object for c in columns[:4]})
    return out.sort_values(columns[:4], ignore_index=True)


@pytest.fixture()
def rows() -> pd.DataFrame:
    return dossier_rows()


def test_monthly_filings_equal_a_pandas_groupby_across_the_merger(rows, tmp_path):
    path = tmp_path / "dossiers.parquet"
    rows.to_parquet(path)
    got = dossiers.monthly_filings(path, today=TODAY)
    pd.testing.assert_frame_equal(comparable(got), comparable(expected_filings(rows)))
    assert got["period"].min() == "2025-04" and got["period"].max() == "2025-09"
    before = got[got["period_start"] < pd.Timestamp(MERGER_DATE)]
    after = got[got["period_start"] >= pd.Timestamp(MERGER_DATE)]
    assert before["old_province_code"].notna().all() and after["old_province_code"].isna().all()
    assert set(before["old_province_code"]) >= {"02", "74", "46", "49"}  # old provinces kept before the merger
    assert set(after["province_code"]) <= {"08", "79", "40", "46", "48"}  # 2025 units after it
    assert (got["period_freq"] == "M").all() and (got["level"] == "province").all()
    assert (got["period_end"] == got["period_start"] + pd.offsets.MonthEnd(0)).all()


def test_the_frame_is_shaped_like_the_loaders_filings(rows, tmp_path):
    (tmp_path / "filings.csv").write_text(
        "Tỉnh,Kỳ,Tổng số hồ sơ,Hồ sơ trực tuyến,Hồ sơ trực tuyến toàn trình\nNghệ An,Tháng 8/2025,100,80,30\n",
        encoding="utf-8",
    )
    loaded = load(tmp_path, today=TODAY).filings
    rows.to_parquet(tmp_path / "records.parquet")
    got = dossiers.monthly_filings(tmp_path / "records.parquet", today=TODAY)
    assert list(got.columns) == list(loaded.columns)
    differing = {c: (str(got[c].dtype), str(loaded[c].dtype)) for c in got.columns if got[c].dtype != loaded[c].dtype}
    assert differing == {"source_row": ("Int64", "int64")}  # no source row: a month sums many records
    assert got["source_row"].isna().all() and (got["source_file"] == "records.parquet").all()
    pd.concat([loaded, got], ignore_index=True)  # and the two stack


def test_dates_written_as_text_count_the_same(rows, tmp_path):
    text = rows.assign(**{HEADER["received_on"]: pd.to_datetime(rows[HEADER["received_on"]]).dt.strftime("%d/%m/%Y")})
    text.loc[::3, HEADER["received_on"]] = pd.to_datetime(rows[HEADER["received_on"]]).dt.strftime("%Y-%m-%d")[::3]
    text.to_parquet(tmp_path / "text.parquet")
    rows.to_parquet(tmp_path / "dates.parquet")
    pd.testing.assert_frame_equal(
        comparable(dossiers.monthly_filings(tmp_path / "text.parquet", today=TODAY)),
        comparable(dossiers.monthly_filings(tmp_path / "dates.parquet", today=TODAY)),
    )


def test_canonical_column_names_and_timestamps_work_too(rows, tmp_path):
    canonical = rows.rename(columns={v: k for k, v in HEADER.items()})
    canonical["received_on"] = pd.to_datetime(canonical["received_on"]) + pd.Timedelta(hours=23)
    canonical.to_parquet(tmp_path / "dossiers.parquet")
    got = dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    pd.testing.assert_frame_equal(comparable(got), comparable(expected_filings(rows)))


def test_without_is_full_online_the_full_count_is_unknown(rows, tmp_path):
    rows.drop(columns=HEADER["is_full_online"]).to_parquet(tmp_path / "dossiers.parquet")
    got = dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    assert got["dossiers_online_full"].isna().all()
    assert got["dossiers_total"].sum() == len(rows)


def test_a_folder_of_files_counts_like_one_file(rows, tmp_path):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    month = pd.to_datetime(rows[HEADER["received_on"]]).dt.month
    rows[month <= 6].to_parquet(folder / "q2.parquet")
    rows[month > 6].to_parquet(folder / "q3.parquet")
    got = dossiers.monthly_filings(folder, today=TODAY)
    pd.testing.assert_frame_equal(comparable(got), comparable(expected_filings(rows)))
    assert set(got["source_file"]) == {"q2.parquet", "q3.parquet"}


# Real communes as offices write them, by era: (province, commune) drawn for dossiers before and after 2025-07-01.
COMMUNES_BEFORE = [
    ("Hà Nội", "Phường Trúc Bạch"),  # old ward, merged whole into Phường Ba Đình
    ("Hà Nội", "phuong quan thanh"),
    ("Nghệ An", "Phường Hoà Hiếu"),
    ("Quảng Ninh", "06655"),  # an old commune by its code
]
COMMUNES_AFTER = [
    ("Hà Nội", "P. Ba Đình"),
    ("Hà Nội", "00008"),
    ("Nghệ An", "PHƯỜNG THÀNH VINH"),
    ("Quảng Ninh", "x. ba che"),
    ("22", "Phường Hà Tu"),
]


def commune_rows(n: int = 300, seed: int = 11) -> pd.DataFrame:
    """Return `n` dossiers of real communes (old ones before the merger, new ones after), Vietnamese headers."""
    rows = dossier_rows(n, seed)
    rng = np.random.default_rng(seed)
    pre = pd.to_datetime(rows[HEADER["received_on"]]) < pd.Timestamp(MERGER_DATE)
    before, after = rng.integers(0, len(COMMUNES_BEFORE), n), rng.integers(0, len(COMMUNES_AFTER), n)
    pairs = [COMMUNES_BEFORE[b] if p else COMMUNES_AFTER[a] for p, b, a in zip(pre, before, after)]
    rows[HEADER["province"]] = [p for p, _ in pairs]
    rows[HEADER["commune"]] = [c for _, c in pairs]
    return rows


def expected_communes(rows: pd.DataFrame) -> pd.DataFrame:
    """The commune of each dossier resolved row by row with communes.resolve: the reference for the join."""
    pre = pd.to_datetime(rows[HEADER["received_on"]]) < pd.Timestamp(MERGER_DATE)
    units = [
        communes.resolve(commune, province, pre_merger=bool(p))
        for province, commune, p in zip(rows[HEADER["province"]], rows[HEADER["commune"]], pre)
    ]
    frame = pd.DataFrame(
        {
            "period": pd.to_datetime(rows[HEADER["received_on"]]).dt.strftime("%Y-%m"),
            "commune_code": [u.commune_code or "" for u in units],
            "old_commune_code": [u.old_commune_code or "" for u in units],
            "commune": [u.old_commune_name if u.old_commune_code else u.commune_name for u in units],
            "dossiers_total": 1,
            "dossiers_online": (rows[HEADER["channel"]].map(CHANNELS) == "online").astype(int),
        }
    )
    keys = ["period", "commune_code", "old_commune_code", "commune"]
    return frame.groupby(keys, as_index=False)[["dossiers_total", "dossiers_online"]].sum()


def test_commune_counts_sum_to_the_province_counts(tmp_path):
    rows = commune_rows()
    rows.to_parquet(tmp_path / "dossiers.parquet")
    got = dossiers.commune_monthly(tmp_path / "dossiers.parquet", today=TODAY)
    assert (got["level"] == "commune").all()
    keys = ["period", "commune_code", "old_commune_code", "commune"]
    got = got.assign(**{k: got[k].fillna("").astype(object) for k in keys})
    got = got[keys + ["dossiers_total", "dossiers_online"]].astype(
        {"dossiers_total": "int64", "dossiers_online": "int64"}
    )
    pd.testing.assert_frame_equal(
        got.sort_values(keys, ignore_index=True), expected_communes(rows).astype({k: object for k in keys})
    )
    provincial = dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    communes_level = dossiers.commune_monthly(tmp_path / "dossiers.parquet", today=TODAY)
    pd.testing.assert_frame_equal(filing.online_rates(communes_level), filing.online_rates(provincial))


def test_commune_names_resolve_to_the_official_units(tmp_path):
    rows = commune_rows()
    rows.to_parquet(tmp_path / "dossiers.parquet")
    got = dossiers.commune_monthly(tmp_path / "dossiers.parquet", today=TODAY)
    after = got[got["period_start"] >= pd.Timestamp(MERGER_DATE)]
    assert set(zip(after["commune_code"], after["commune"])) == {
        ("00004", "Phường Ba Đình"),
        ("00008", "Phường Ngọc Hà"),
        ("16681", "Phường Thành Vinh"),
        ("06970", "Xã Ba Chẽ"),
        ("06652", "Phường Hà Tu"),
    }
    before = got[got["period_start"] < pd.Timestamp(MERGER_DATE)]
    assert before["old_commune_code"].notna().all()
    assert set(before.loc[before["commune"] == "Phường Trúc Bạch", "commune_code"]) == {"00004"}  # merged whole


@pytest.mark.parametrize(
    ("province", "commune", "fragment"),
    [
        pytest.param("Nghệ An", "Phường Thành Vinhh", "closest in Nghệ An are Phường Thành Vinh", id="unknown"),
        pytest.param("Nghệ An", "Phường Ba Đình", "there is Phường Ba Đình (Hà Nội)", id="wrong-province"),
        pytest.param("Hà Nội", "00013", "code 00013 is a pre-merger commune", id="old-code-after-merger"),
        pytest.param("Hà Nội", "Phường Cống Vị", "was split on 2025-07-01 between", id="split-without-decision"),
    ],
)
def test_a_bad_commune_names_the_value_and_its_first_row(tmp_path, province, commune, fragment):
    rows = commune_rows()
    late = rows.index[pd.to_datetime(rows[HEADER["received_on"]]) >= pd.Timestamp("2025-08-01")][[3, 9]]
    rows.loc[late, HEADER["province"]] = province
    rows.loc[late, HEADER["commune"]] = commune
    rows.to_parquet(tmp_path / "dossiers.parquet")
    with pytest.raises(DataError) as caught:
        dossiers.commune_monthly(tmp_path / "dossiers.parquet", today=TODAY)
    found = [p for p in caught.value.problems if p.column == "commune" and fragment in p.message]
    assert found, caught.value.problems
    assert found[0].row == late[0] + 1 and f"the first is row {late[0] + 1}" in found[0].message
    assert found[0].value == commune and found[0].fix


def test_unknown_province_names_the_value_and_its_first_row(rows, tmp_path):
    rows.loc[[17, 230, 231], HEADER["province"]] = "Bảo Lạc"
    rows.to_parquet(tmp_path / "dossiers.parquet")
    with pytest.raises(DataError) as caught:
        dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("dossiers.parquet", 18, "province", "Bảo Lạc")
    assert "unknown province 'Bảo Lạc'" in problem.message and "3 dossiers" in problem.message
    assert "row 18" in str(problem) and problem.fix


def test_an_old_code_after_the_merger_is_reported_at_a_row_after_the_merger(rows, tmp_path):
    rows[HEADER["province"]] = "02"  # Hà Giang's code: fine before 2025-07-01, not after
    rows.to_parquet(tmp_path / "dossiers.parquet")
    with pytest.raises(DataError) as caught:
        dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    (problem,) = caught.value.problems
    first_after = int(np.flatnonzero(pd.to_datetime(rows[HEADER["received_on"]]) >= pd.Timestamp(MERGER_DATE))[0]) + 1
    assert problem.row == first_after and "code 02 is not a provincial code" in problem.message


def test_unknown_and_blank_channels_and_bad_dates_are_each_reported(rows, tmp_path):
    text = rows.assign(**{HEADER["received_on"]: pd.to_datetime(rows[HEADER["received_on"]]).dt.strftime("%d/%m/%Y")})
    text.loc[4, HEADER["channel"]] = "Qua Zalo"
    text.loc[[9, 10], HEADER["channel"]] = None
    text.loc[12, HEADER["received_on"]] = "31/02/2025"
    text.loc[13, HEADER["received_on"]] = "15/03/2027"
    text.to_parquet(tmp_path / "dossiers.parquet")
    with pytest.raises(DataError) as caught:
        dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    found = {(p.row, p.column): p.message for p in caught.value.problems}
    assert "'Qua Zalo' is not a channel" in found[(5, "channel")]
    assert "'channel' is empty" in found[(10, "channel")] and "2 dossiers" in found[(10, "channel")]
    assert "is not a real date" in found[(13, "received_on")]
    assert "received after today" in found[(14, "received_on")]
    assert len(found) == 4


def test_missing_column_and_unreadable_file_are_reported(rows, tmp_path):
    rows.drop(columns=HEADER["channel"]).to_parquet(tmp_path / "a.parquet")
    (tmp_path / "b.parquet").write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(DataError) as caught:
        dossiers.monthly_filings([tmp_path / "a.parquet", tmp_path / "b.parquet"], today=TODAY)
    messages = {(p.file, p.column): p.message for p in caught.value.problems}
    assert messages[("a.parquet", "channel")] == "required column 'channel' is missing"
    assert "not a readable Parquet file" in messages[("b.parquet", None)]


def test_full_online_but_filed_offline_is_only_a_warning(rows, tmp_path):
    rows.loc[3, [HEADER["channel"], HEADER["is_full_online"]]] = ["Trực tiếp", True]
    rows.to_parquet(tmp_path / "dossiers.parquet")
    _, problems, _ = dossiers.read_dossiers(tmp_path / "dossiers.parquet", today=TODAY)
    assert problems and all(p.severity == "warning" for p in problems)
    assert any(p.row == 4 and p.column == "is_full_online" for p in problems)


# ---------------------------------------------------------------- the data folder


def test_a_folder_with_only_dossiers_loads_and_rates_work(rows, tmp_path, monkeypatch):
    rows.to_parquet(tmp_path / "dossiers.parquet")
    monkeypatch.chdir(tmp_path)
    bundle = load(tmp_path, today=TODAY)
    assert bundle.filings_source == "dossiers" and bundle.dossiers_path == tmp_path / "dossiers.parquet"
    assert bundle.missing == ["tasks", "indicators", "difficulties"]
    (record,) = bundle.files
    assert record.dataset == "dossiers" and record.rows == len(rows)
    assert record.sha256 == hashlib.sha256((tmp_path / "dossiers.parquet").read_bytes()).hexdigest()
    rates = filing.online_rates(bundle.filings)
    national = rates.set_index("province_code").loc["00"]
    assert national["dossiers_total"] == len(rows)
    assert national["dossiers_online"] == (rows[HEADER["channel"]].map(CHANNELS) == "online").sum()
    assert len(filing.monthly_rates(bundle.filings))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossiers.parquet"]  # DuckDB left nothing behind


def test_filings_win_over_dossiers_which_stay_available(rows, tmp_path):
    folder = tmp_path / "dossiers"
    folder.mkdir()
    rows.to_parquet(folder / "all.parquet")
    (tmp_path / "filings.csv").write_text(
        "Tỉnh,Kỳ,Tổng số hồ sơ,Hồ sơ trực tuyến\nNghệ An,Tháng 8/2025,100,80\n", encoding="utf-8"
    )
    bundle = load(tmp_path, today=TODAY)
    assert bundle.filings["dossiers_total"].tolist() == [100] and bundle.filings_source is None
    assert [f.dataset for f in bundle.files] == ["filings"]
    assert bundle.dossiers_path == folder
    assert dossiers.monthly_filings(bundle.dossiers_path, today=TODAY)["dossiers_total"].sum() == len(rows)


def test_bad_dossiers_in_a_folder_are_problems_of_the_folder(rows, tmp_path):
    rows.loc[5, HEADER["province"]] = "Atlantis"
    rows.to_parquet(tmp_path / "dossiers.parquet")
    bundle, problems = read_folder(tmp_path, today=TODAY)
    assert [(p.file, p.row, p.column) for p in problems] == [("dossiers.parquet", 6, "province")]
    assert bundle.filings["dossiers_total"].sum() == len(rows) - 1  # the rest is counted
    with pytest.raises(DataError):
        load(tmp_path, today=TODAY)


def test_a_dossiers_file_that_is_not_parquet_is_reported(tmp_path):
    shutil.copy(__file__, tmp_path / "dossiers.csv")
    bundle, problems = read_folder(tmp_path, today=TODAY)
    assert bundle.filings is None and bundle.unreadable == ["filings"]
    assert "unsupported file type for record-level dossiers" in problems[0].message


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "UTC"])
def test_dates_with_a_time_zone_count_on_their_day_in_vietnam(zone, tmp_path):
    """An instant is counted on its day in Vietnam however it was stored: DuckDB and polars store UTC, so 01:00
    on 1 July in Hà Nội is 18:00 on 30 June in the file (before the merger, had the zone's clock counted)."""
    received = pd.to_datetime(["2025-07-01 01:00", "2025-06-30 23:00"]).tz_localize("Asia/Ho_Chi_Minh").tz_convert(zone)
    pd.DataFrame(
        {"Tỉnh": ["Hà Giang", "Hà Giang"], "Ngày tiếp nhận": received, "Kênh": ["online", "offline"]}
    ).to_parquet(tmp_path / "dossiers.parquet")
    got = dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    assert got[["period", "old_province_code"]].astype(object).where(
        got[["period", "old_province_code"]].notna(), None
    ).values.tolist() == [["2025-06", "02"], ["2025-07", None]]  # as the loader reads a tz-aware column


def _as_bytes(rows: pd.DataFrame, column: str, path) -> None:
    """Write `rows` with `column` stored as plain bytes (Parquet BYTE_ARRAY without the UTF-8 annotation)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(rows, preserve_index=False)
    position = table.schema.get_field_index(column)
    raw = pa.array([None if v is None else str(v).encode() for v in rows[column]], pa.binary())
    pq.write_table(table.set_column(position, column, raw), path)


def test_text_stored_as_plain_bytes_counts_the_same(rows, tmp_path):
    _as_bytes(rows, HEADER["province"], tmp_path / "dossiers.parquet")
    got = dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    pd.testing.assert_frame_equal(comparable(got), comparable(expected_filings(rows)))
    rows.loc[[17, 230], HEADER["province"]] = "Bảo Lạc"  # and a bad value stored so is found at its row
    _as_bytes(rows, HEADER["province"], tmp_path / "dossiers.parquet")
    with pytest.raises(DataError) as caught:
        dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (18, "province", "Bảo Lạc")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        pytest.param(lambda n: [["Trực tuyến"]] * n, "holds lists or structures", id="list"),
        pytest.param(lambda n: [b"\xff"] * n, "bytes that are not UTF-8 text", id="not-utf8"),
    ],
)
def test_a_column_of_lists_or_raw_bytes_is_a_clear_error(rows, tmp_path, values, message):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(rows, preserve_index=False)
    position = table.schema.get_field_index(HEADER["channel"])
    pq.write_table(
        table.set_column(position, HEADER["channel"], pa.array(values(len(rows)))), tmp_path / "dossiers.parquet"
    )
    with pytest.raises(DataError) as caught:
        dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    (problem,) = caught.value.problems
    assert (problem.file, problem.column) == ("dossiers.parquet", "channel")
    assert message in problem.message and HEADER["channel"] in problem.message and problem.fix


def test_a_path_that_does_not_exist_is_named_as_such(tmp_path):
    with pytest.raises(DataError) as caught:
        dossiers.monthly_filings(tmp_path / "nope" / "dossiers.parquet", today=TODAY)
    (problem,) = caught.value.problems
    assert problem.message == "no such file or folder" and problem.file.endswith("dossiers.parquet")


def test_empty_provinces_on_both_sides_of_the_merger_are_one_problem_with_all_their_dossiers(tmp_path):
    pd.DataFrame(
        {
            "Tỉnh": ["Hà Giang", None, "Tuyên Quang", None, None],
            "Ngày tiếp nhận": pd.to_datetime(["2025-06-01", "2025-06-02", "2025-08-01", "2025-08-02", "2025-08-03"]),
            "Kênh": ["online"] * 5,
        }
    ).to_parquet(tmp_path / "dossiers.parquet")
    with pytest.raises(DataError) as caught:
        dossiers.monthly_filings(tmp_path / "dossiers.parquet", today=TODAY)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "province")
    assert "(3 dossiers; the first is row 2)" in problem.message
