"""The library's knowledge: provincial units, the 63→34 crosswalk, indicators, difficulty taxonomy, map."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources

import pandas as pd
import yaml

MERGER_DATE = dt.date(2025, 7, 1)  # Resolution 202/2025/QH15: 63 provinces became 34 units
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


@cache
def indicator_catalogue() -> pd.DataFrame:
    """Return the indicator catalogue indexed by code (names, unit, good direction, definition, target)."""
    with _REF.joinpath("indicators.yaml").open(encoding="utf-8") as f:
        rows = yaml.safe_load(f)["indicators"]
    frame = pd.DataFrame(rows).set_index("code")
    for column in ("target", "target_year", "target_source"):
        if column not in frame:
            frame[column] = pd.NA
    return frame


@cache
def difficulty_taxonomy() -> list[dict]:
    """Return the difficulty categories (code, label_vi, label_en, keywords_vi, keywords_en, ...)."""
    with _REF.joinpath("difficulty_taxonomy.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)["categories"]


@cache
def boundaries() -> dict:
    """Return the GeoJSON FeatureCollection of the 34 units (feature id = 2-digit code)."""
    with _REF.joinpath("geo", "vn_provinces_34_2025.geojson").open(encoding="utf-8") as f:
        return json.load(f)
