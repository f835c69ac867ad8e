"""The library's knowledge: provincial units, the 63→34 crosswalk, indicators, difficulty taxonomy, map."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources

import pandas as pd
import yaml

MERGER_DATE = dt.date(2025, 7, 1)  # Resolution 202/2025/QH15: 63 provinces became 34 units
# Vietnam's clock (Asia/Ho_Chi_Minh): UTC+7 all year, no summer time. A time stored as an instant (Parquet
# TIMESTAMPTZ, which DuckDB and polars write in UTC; ISO text with Z or an offset) counts on the day it was here.
VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")
NATIONAL_CODE = "00"
NATIONAL_NAME = {"vi": "Toàn quốc", "en": "National"}

_REF = resources.files("dtanalysis") / "reference_data"


def _csv(name: str) -> pd.DataFrame:
    with _REF.joinpath(name).open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


@cache
def provinces() -> pd.DataFrame:
    """Return the 34 provincial units from 2025-07-01 (code, name_vi, name_en, name_ascii, type, ...)."""
    return _csv("provinces_2025.csv")


@cache
def crosswalk() -> pd.DataFrame:
    """Return the 63 pre-July-2025 provinces with the 2025 unit each joined (old_code → new_code)."""
    return _csv("merger_crosswalk_2025.csv")


@cache
def province_aliases() -> pd.DataFrame:
    """Return common alternative names (alias → old_code) that are not official names."""
    return _csv("province_aliases.csv")


def _yaml(stream) -> object:
    """Return a shipped YAML file's content, parsed by libyaml's safe loader when PyYAML has it (5× faster)."""
    return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 — safe loaders only


@cache
def indicator_catalogue() -> pd.DataFrame:
    """Return the indicator catalogue indexed by code (names, unit, good direction, definition, target)."""
    with _REF.joinpath("indicators.yaml").open(encoding="utf-8") as f:
        rows = _yaml(f)["indicators"]
    frame = pd.DataFrame(rows).set_index("code")
    for column in ("target", "target_year", "target_source", "target_source_vi"):
        if column not in frame:
            frame[column] = pd.NA
    return frame


@cache
def difficulty_taxonomy() -> list[dict]:
    """Return the difficulty categories (code, label_vi, label_en, keywords_vi, keywords_en, ...)."""
    with _REF.joinpath("difficulty_taxonomy.yaml").open(encoding="utf-8") as f:
        return _yaml(f)["categories"]


@cache
def boundaries() -> dict:
    """Return the GeoJSON FeatureCollection of the 34 units (feature id = 2-digit code)."""
    with _REF.joinpath("geo", "vn_provinces_34_2025.geojson").open(encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- communes (two-tier local government)

# How each crosswalk row's `change` (NSO's wording, in a dozen variants) counts for rolling figures up.
MERGED_WHOLE, MERGED_PART, UNCHANGED = "merged_whole", "merged_part", "unchanged"


def change_kind(change: str) -> str:
    """Return 'merged_part' when only part of the old commune went this way, 'unchanged', or 'merged_whole'."""
    text = change.lower()
    if "một phần" in text or "phần còn lại" in text:
        return MERGED_PART
    if text.strip() == "giữ nguyên":
        return UNCHANGED
    return MERGED_WHOLE  # 'Nhập toàn bộ', 'Đổi tên', 'Đổi loại hình', 'Sắp xếp toàn bộ ... thành đặc khu ...'


@cache
def communes() -> pd.DataFrame:
    """Return the 3,321 commune-level units from 2025-07-01 (commune_code, commune_name, commune_type, province_code, ...)."""
    return _csv("communes/communes_2025.csv")


@cache
def commune_counts() -> pd.DataFrame:
    """Return the published number of units per province by type (province_code, total, commune, ward, special_zone)."""
    return _csv("communes/commune_counts_2025.csv")


@cache
def commune_crosswalk() -> pd.DataFrame:
    """Return NSO's old→new commune table, one row per (old commune, new commune), with `change_kind` added."""
    table = _csv("communes/commune_crosswalk_2025.csv")
    table["change_kind"] = table["change"].map(change_kind)
    return table


@cache
def old_communes() -> pd.DataFrame:
    """Return the 10,051 pre-merger communes of 4 Jan 2025 (old_commune_code/name, district, old province)."""
    table = _csv("communes/communes_pre_merger_2025-01-04.csv")
    return table.rename(
        columns={
            "Tỉnh Thành Phố": "old_province_name",
            "Mã TP": "old_province_code",
            "Quận Huyện": "old_district_name",
            "Mã QH": "old_district_code",
            "Phường Xã": "old_commune_name",
            "Mã PX": "old_commune_code",
            "Cấp": "old_commune_type_vi",
            "Tên Tiếng Anh": "name_en",
        }
    )


@cache
def commune_boundaries(province_code: str) -> dict:
    """Return the simplified GeoJSON FeatureCollection of one province's communes (feature id = 5-digit code)."""
    path = _REF.joinpath("geo", "communes", f"{province_code}.json")
    if not path.is_file():
        raise KeyError(f"no commune boundaries for province code {province_code!r}")
    with path.open(encoding="utf-8") as f:
        return json.load(f)
